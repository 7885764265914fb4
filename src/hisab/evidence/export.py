"""Court export: a BagIt package (Library of Congress `bagit`) anyone can check with `bagit.py --validate`.

Layout inside `data/`:

    originals/<sha256>.<ext>       the preserved bytes, named by hash (never by the user's file name)
    metadata/<sha256>.json         everything hisab knows about the item, with its custody events
    custody/custody_log.jsonl      the chain: full events for the exported items; for other items' events
                                   only seq, prev, hash and signature (links checkable, contents withheld)
    custody/custody_log.jsonl.sig  Ed25519 signature of the log file, by the vault key
    custody/custody_ed25519.pub.pem  the vault's public key
    custody/head.json              the chain head (seq, hash, signature) at export time
    timestamps/                    RFC 3161 tokens of chain heads, if any
    index.html                     a human-readable index

The bag is built beside OUT and renamed into place when complete, so a failed export leaves nothing at OUT.
Each exported item gets an `export` custody event.
"""

from __future__ import annotations

import base64
import html
import json
import mimetypes
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bagit
from sqlalchemy import select

from hisab.evidence import custody
from hisab.evidence.errors import EvidenceError, EvidenceNotFound
from hisab.evidence.keys import load_or_create_private_key, public_pem
from hisab.evidence.queries import find_item, summary
from hisab.evidence.vault import Vault
from hisab.store import Store
from hisab.store.models import CustodyEvent, EvidenceItem, EvidenceLink


@dataclass
class ExportResult:
    path: Path
    items: int
    events: int
    head: str | None


def export(store: Store, vault: Vault, out: Path, *, incident_id: int | None = None,
           items: list[str] | None = None, actor: str | None = None) -> ExportResult:
    """Write a BagIt package of the chosen items (an incident's, or named ones) to `out`."""
    out = Path(out)
    if out.exists():
        raise EvidenceError(f"{out} already exists; choose a new folder for the export")
    key = load_or_create_private_key(vault.root)
    with store.session() as s:
        chosen = _choose(s, incident_id, items)
        chain = custody.read_chain(s)
        ids = {i.id for i in chosen}
        event_items = dict(s.execute(select(CustodyEvent.seq, CustodyEvent.evidence_id)).all())
        item_rows = [(summary(i), i.metadata_json, i.c2pa, i.perceptual_hash) for i in chosen]
    work = out.with_name(out.name + ".partial")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    try:
        _write_payload(work, vault, key, item_rows, chain, ids, event_items)
        bagit.make_bag(str(work), bag_info={
            "Source-Organization": "hisab evidence vault",
            "External-Description": f"hisab evidence export ({len(item_rows)} items"
                                    + (f", incident {incident_id}" if incident_id is not None else "") + ")",
            "Bagging-Date": datetime.now(UTC).date().isoformat(),
        }, checksums=["sha256", "sha512"])
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    with store.session() as s:
        for row in item_rows:
            item = s.get(EvidenceItem, row[0]["id"])
            custody.append(s, key, item, "export", actor, {"to": str(out), "incident_id": incident_id})
    return ExportResult(out, len(item_rows), len(chain), chain[-1].event_hash if chain else None)


def _choose(session: Any, incident_id: int | None, refs: list[str] | None) -> list[EvidenceItem]:
    if incident_id is None and not refs:
        raise EvidenceError("choose what to export: --incident ID or one or more item ids")
    chosen: dict[int, EvidenceItem] = {}
    if incident_id is not None:
        query = select(EvidenceItem).where(EvidenceItem.id.in_(
            select(EvidenceLink.evidence_id).where(EvidenceLink.incident_id == incident_id)))
        for item in session.scalars(query):
            chosen[item.id] = item
        if not chosen:
            raise EvidenceNotFound(f"no evidence item is linked to incident {incident_id}")
    for ref in refs or []:
        item = find_item(session, ref)
        chosen[item.id] = item
    return sorted(chosen.values(), key=lambda i: i.id)


def _write_payload(work: Path, vault: Vault, key: Any, item_rows: list[tuple], chain: list[custody.ChainRow],
                   ids: set[int], event_items: dict[int, int | None]) -> None:
    for sub in ("originals", "metadata", "custody", "timestamps"):
        (work / sub).mkdir()
    index_rows = []
    for item, meta, c2pa, phash in item_rows:
        sha = item["sha256"]
        ext = mimetypes.guess_extension(item["media_type"] or "") or ".bin"
        name = f"originals/{sha}{ext}"
        shutil.copyfile(vault.object_path(sha), work / name)
        events = [_full(r) for r in chain if event_items.get(r.seq) == item["id"]]
        (work / "metadata" / f"{sha}.json").write_text(json.dumps(
            {**item, "file": name, "metadata": meta, "c2pa_detail": c2pa, "perceptual_hash": phash,
             "custody": events}, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        index_rows.append((item, name, (c2pa or {}).get("note", "")))
    lines = [json.dumps(_full(r) if event_items.get(r.seq) in ids or event_items.get(r.seq) is None
                        else _withheld(r), ensure_ascii=False, sort_keys=True) for r in chain]
    log = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    (work / "custody" / "custody_log.jsonl").write_bytes(log)
    (work / "custody" / "custody_log.jsonl.sig").write_text(base64.b64encode(key.sign(log)).decode() + "\n")
    (work / "custody" / "custody_ed25519.pub.pem").write_bytes(public_pem(key.public_key()))
    head = {"seq": chain[-1].seq, "hash": chain[-1].event_hash, "signature": chain[-1].signature} if chain else {}
    (work / "custody" / "head.json").write_text(json.dumps(head, indent=2) + "\n")
    tokens = vault.root / "timestamps" / "tokens"
    if tokens.is_dir():
        for token in sorted(tokens.iterdir()):
            shutil.copyfile(token, work / "timestamps" / token.name)
    (work / "index.html").write_text(_index_html(index_rows, head), encoding="utf-8")


def _full(r: custody.ChainRow) -> dict[str, Any]:
    return {"seq": r.seq, "item": r.evidence_sha256, "action": r.action, "actor": r.actor,
            "at": custody.utc_text(r.at), "details": r.details, "prev": r.prev_hash, "hash": r.event_hash,
            "signature": r.signature}


def _withheld(r: custody.ChainRow) -> dict[str, Any]:
    return {"seq": r.seq, "prev": r.prev_hash, "hash": r.event_hash, "signature": r.signature,
            "withheld": "event of an item not in this export"}


def _index_html(rows: list[tuple], head: dict[str, Any]) -> str:
    e = html.escape
    body = "".join(
        f"<tr><td>{item['id']}</td><td><a href=\"{e(name)}\">{e(item['original_filename'] or '')}</a></td>"
        f"<td><code>{item['sha256']}</code></td><td>{e(item['media_type'] or '')}</td>"
        f"<td>{item['size']}</td><td>{e(item['capture_time'] or '')}</td>"
        f"<td>{e(item['c2pa']['state'])}: {e(note)}</td>"
        f"<td><a href=\"metadata/{item['sha256']}.json\">metadata</a></td></tr>\n"
        for item, name, note in rows)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hisab evidence export</title>
<style>body{{font-family:sans-serif}} td,th{{border:1px solid #ccc;padding:4px;vertical-align:top}}
table{{border-collapse:collapse}} code{{font-size:85%}}</style></head><body>
<h1>Evidence export</h1>
<p>Exported {e(datetime.now(UTC).isoformat(timespec='seconds'))}. Check the package with
<code>bagit.py --validate</code>; check each file's SHA-256 against this table; check the custody log with the
public key in <code>custody/</code>. Chain head at export: event {e(str(head.get('seq', '-')))},
hash <code>{e(str(head.get('hash', '-')))}</code>.</p>
<table><tr><th>id</th><th>original file name</th><th>SHA-256</th><th>media type</th><th>bytes</th>
<th>capture time</th><th>C2PA provenance</th><th>details</th></tr>
{body}</table></body></html>
"""
