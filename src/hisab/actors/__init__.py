"""Actors, attribution and the share of deaths each party is responsible for, with its uncertainty.

`registry` keeps perpetrators as FollowTheMoney entities with an "is part of" hierarchy; `attribution`
links incidents and victim records to them with a graded confidence; `shares` counts each party's share
over linked persons as lower bound, point and upper bound, the unattributed share always beside them.
"""

from hisab.actors.attribution import add_attribution, attribute_records
from hisab.actors.confidence import GRADES, grade
from hisab.actors.ftm import read_jsonl, seed_entities, write_jsonl
from hisab.actors.query import replay, shares
from hisab.actors.registry import (
    export_entities,
    find_cycle,
    list_actors,
    load_entities,
    load_seed,
    resolve,
)
from hisab.actors.shares import ShareParams, ShareResult, ShareTable

__all__ = [
    "GRADES", "ShareParams", "ShareResult", "ShareTable", "add_attribution", "attribute_records",
    "export_entities", "find_cycle", "grade", "list_actors", "load_entities", "load_seed", "read_jsonl",
    "replay", "resolve", "seed_entities", "shares", "write_jsonl",
]
