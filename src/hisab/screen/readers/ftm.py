"""OpenSanctions FollowTheMoney JSON lines (`entities.ftm.json` or `targets.nested.json`).

Only targets of the screenable schemata are kept; linked entities (Sanction, Address, Ownership…) are
context. Each line must be a JSON object with `id`, `schema` and `properties`.
"""

from __future__ import annotations

import json
from pathlib import Path

from hisab.screen.entity import SCHEMAS, ListEntity
from hisab.screen.errors import ScreenInputError
from hisab.screen.readers.common import ListData, decode_text, read_bytes


def read_ftm(path: Path) -> ListData:
    path = Path(path)
    data, sha = read_bytes(path)
    text = decode_text(data, path, fallback=None)
    entities = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ScreenInputError(
                f"{path}: line {n}: not valid JSON ({exc.msg}); file truncated mid-record?") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("properties"), dict) or "id" not in obj:
            raise ScreenInputError(f"{path}: line {n}: expected an FtM entity object with id, schema, properties")
        if obj.get("schema") not in SCHEMAS or obj.get("target") is False:
            continue
        props = obj["properties"]
        if not any(isinstance(v, str) and v.strip() for v in props.get("name", [])):
            raise ScreenInputError(f"{path}: line {n}: entity {obj['id']} has no name")
        flat = {k: [v for v in vals if isinstance(v, str)] for k, vals in props.items() if isinstance(vals, list)}
        ent = ListEntity.from_ftm("ftm", str(obj["id"]), {"schema": obj["schema"], "properties": flat})
        ent.programs += [s["properties"].get("program", [""])[0] for s in props.get("sanctions", [])
                         if isinstance(s, dict) and s.get("properties", {}).get("program")]
        entities.append(ent)
    if not entities:
        raise ScreenInputError(f"{path}: no Person/Organization/Company/LegalEntity/Vessel/Airplane entities")
    return ListData("ftm", str(path), sha, entities)
