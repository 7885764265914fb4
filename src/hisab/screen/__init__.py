"""Sanctions screening: who among the perpetrators is already listed, across Arabic, Cyrillic and Latin.

Readers turn OFAC, UN, EU, UK, US CSL and OpenSanctions files into versioned snapshots of FtM-style
entities; an in-memory index finds candidates by cross-script name skeletons and scores them token by
token with logic-v2-style qualifiers; every screening is logged with the snapshot hashes it used.
"""

from hisab.screen.diff import SnapshotDiff, diff_snapshots
from hisab.screen.entity import ListEntity
from hisab.screen.errors import ScreenInputError
from hisab.screen.index import DEFAULT_THRESHOLD, Hit, QueryResult, ScreenIndex
from hisab.screen.lists import KINDS, SnapshotInfo, list_snapshots, load_list, read_list
from hisab.screen.screening import record_decision, screen_batch, screen_query

__all__ = [
    "DEFAULT_THRESHOLD", "KINDS", "Hit", "ListEntity", "QueryResult", "ScreenIndex", "ScreenInputError",
    "SnapshotDiff", "SnapshotInfo", "diff_snapshots", "list_snapshots", "load_list", "read_list",
    "record_decision", "screen_batch", "screen_query",
]
