"""Looking items up: by id or hash prefix, listing, showing (a custody `view` event) and near-duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hisab.evidence import custody
from hisab.evidence.errors import EvidenceNotFound
from hisab.evidence.keys import load_or_create_private_key
from hisab.evidence.perceptual import THRESHOLD, PerceptualHash, Similarity, compare
from hisab.evidence.vault import Vault
from hisab.store import Store
from hisab.store.models import CustodyEvent, EvidenceItem, EvidenceLink


def find_item(session: Session, ref: str | int) -> EvidenceItem:
    """An item by numeric id or by (a unique prefix of at least 8 digits of) its SHA-256."""
    text = str(ref).strip().lower()
    if text.isdigit() and len(text) < 8:
        item = session.get(EvidenceItem, int(text))
    elif len(text) >= 8 and all(c in "0123456789abcdef" for c in text):
        matches = session.scalars(select(EvidenceItem).where(EvidenceItem.sha256.startswith(text))
                                  .limit(2)).all()
        if len(matches) > 1:
            raise EvidenceNotFound(f"hash prefix {text!r} matches several items; give more digits")
        item = matches[0] if matches else None
    else:
        raise EvidenceNotFound(f"{ref!r} is neither an item id nor a SHA-256 (prefix of 8+ hex digits)")
    if item is None:
        raise EvidenceNotFound(f"no evidence item {ref!r} in the store")
    return item


def summary(item: EvidenceItem) -> dict[str, Any]:
    c2pa = item.c2pa or {}
    return {"id": item.id, "sha256": item.sha256, "media_type": item.media_type, "size": item.size,
            "original_filename": item.original_filename, "capture_time": item.capture_time,
            "c2pa": {"state": c2pa.get("state", "none"), "codes": c2pa.get("codes", [])}}


def list_items(store: Store, incident_id: int | None = None) -> list[dict[str, Any]]:
    with store.session() as s:
        query = select(EvidenceItem).order_by(EvidenceItem.id)
        if incident_id is not None:
            query = query.where(EvidenceItem.id.in_(
                select(EvidenceLink.evidence_id).where(EvidenceLink.incident_id == incident_id)))
        return [summary(i) for i in s.scalars(query)]


def show(store: Store, vault: Vault, ref: str, actor: str | None = None) -> dict[str, Any]:
    """Everything known about one item, with its custody history; viewing is itself a custody event."""
    key = load_or_create_private_key(vault.root)
    with store.session() as s:
        item = find_item(s, ref)
        custody.append(s, key, item, "view", actor, {})
        events = s.scalars(select(CustodyEvent).where(CustodyEvent.evidence_id == item.id)
                           .order_by(CustodyEvent.seq)).all()
        links = s.scalars(select(EvidenceLink).where(EvidenceLink.evidence_id == item.id)).all()
        meta = item.metadata_json or {}
        c2pa = dict(item.c2pa or {})
        c2pa.pop("report", None)
        return {**summary(item), "path": str(vault.object_path(item.sha256)), "c2pa_detail": c2pa,
                "capture": meta.get("capture_time"), "dates": meta.get("dates", []), "gps": meta.get("gps"),
                "device": meta.get("device"), "metadata_tool": meta.get("tool"),
                "metadata_missing": meta.get("missing"), "perceptual_hash": item.perceptual_hash,
                "incidents": [link.incident_id for link in links if link.incident_id is not None],
                "custody": [{"seq": e.seq, "action": e.action, "actor": e.actor, "at": custody.utc_text(e.at),
                             "details": e.details, "hash": e.event_hash} for e in events]}


@dataclass
class Match:
    item: dict[str, Any]
    similarity: Similarity


def similar(store: Store, ref: str, threshold: int = THRESHOLD) -> list[Match]:
    """Items whose perceptual hashes are close to this item's, closest first (review them by eye)."""
    with store.session() as s:
        item = find_item(s, ref)
        mine = PerceptualHash.from_text(item.perceptual_hash)
        if mine is None:
            raise EvidenceNotFound(f"item {item.id} has no perceptual hash ({item.media_type} that could not "
                                   "be decoded, or not an image or video)")
        matches = []
        for other in s.scalars(select(EvidenceItem).where(EvidenceItem.id != item.id,
                                                          EvidenceItem.perceptual_hash.is_not(None))):
            theirs = PerceptualHash.from_text(other.perceptual_hash)
            if theirs is None:
                continue
            sim = compare(mine, theirs, threshold)
            if sim.distance <= threshold and sim.share >= 0.5:
                matches.append(Match(summary(other), sim))
    return sorted(matches, key=lambda m: (m.similarity.distance, -m.similarity.share))
