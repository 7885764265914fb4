"""Intake: check every file, copy it into the vault by hash, analyse it, record it and its custody.

All-or-nothing by default: files that fail the pre-flight checks (missing, empty, unreadable, symlinks out
of the folder) are all reported and nothing is stored, unless `skip_bad` is set. The same bytes taken in
twice are stored once; the second intake adds a custody event naming the new file name and source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hisab.errors import NotFound
from hisab.evidence import custody
from hisab.evidence.analyse import analyse_many
from hisab.evidence.errors import BadEvidenceFile, IntakeRejected
from hisab.evidence.files import collect, extension_warning, shown
from hisab.evidence.keys import load_or_create_private_key
from hisab.evidence.metadata import MetadataReader
from hisab.evidence.vault import StoredObject, Vault
from hisab.store import Store
from hisab.store.models import EvidenceItem, EvidenceLink, Incident


@dataclass
class IntakeItem:
    """One file taken in: the fields scripts rely on (`to_json`) and what else the user should know."""

    id: int
    sha256: str
    size: int
    media_type: str | None
    original_filename: str | None
    c2pa: dict[str, Any]
    capture_time: str | None
    duplicate: bool
    path: str
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "sha256": self.sha256, "media_type": self.media_type, "c2pa": self.c2pa,
                "capture_time": self.capture_time, "size": self.size,
                "original_filename": self.original_filename, "duplicate": self.duplicate,
                "warnings": self.warnings}


@dataclass
class IntakeResult:
    items: list[IntakeItem]
    rejected: list[tuple[str, str]]


def add(store: Store, vault: Vault, paths: list[Path], *, incident_id: int | None = None,
        source: str | None = None, collected_by: str | None = None, skip_bad: bool = False,
        use_exiftool: bool = True, trust_anchors: list[Path] | None = None,
        progress: Any = None) -> IntakeResult:
    """Take files and folders into the vault and the store; see the module docstring.

    `progress(done, total)`, if given, is called after each file is stored.
    """
    candidates, problems = collect(paths)
    if problems and not skip_bad:
        raise IntakeRejected(problems)
    if not candidates:
        raise BadEvidenceFile("no file to take in" + (f" ({len(problems)} rejected)" if problems else ""))
    if incident_id is not None:
        with store.session() as s:
            if s.get(Incident, incident_id) is None:
                raise NotFound(f"incident {incident_id} is not in the store")
    key = load_or_create_private_key(vault.root)
    # exiftool (Perl) takes ~0.15 s to start: it starts now and warms up while the files are copied.
    with MetadataReader(use_exiftool) as reader:
        stored = _store_all(vault, candidates, problems, skip_bad, progress)
        with store.session() as s:
            known = set(s.scalars(select(EvidenceItem.sha256).where(
                EvidenceItem.sha256.in_({o.sha256 for o in stored if o}))))
        new_paths = {o.sha256: o.path for o in stored if o and o.sha256 not in known}
        analyses = dict(zip(new_paths, analyse_many(list(new_paths.values()), reader=reader,
                                                      trust_anchors=trust_anchors), strict=True))
    items: list[IntakeItem] = []
    with store.session() as s:
        for candidate, obj in zip(candidates, stored, strict=True):
            if obj is None:
                continue
            item = s.scalars(select(EvidenceItem).where(EvidenceItem.sha256 == obj.sha256)).first()
            duplicate = item is not None
            warnings = list(candidate.name_warnings)
            if item is None:
                analysis = analyses[obj.sha256]
                item = EvidenceItem(
                    sha256=obj.sha256, size=obj.size, media_type=analysis.media_type,
                    original_filename=candidate.display_name, capture_time=analysis.metadata.capture.value,
                    metadata_json=analysis.metadata_json(), c2pa=analysis.provenance.to_dict(),
                    perceptual_hash=analysis.perceptual.to_text() if analysis.perceptual else None,
                    incident_id=incident_id)
                s.add(item)
                s.flush()
                warnings += analysis.warnings
            ext = extension_warning(candidate.display_name, item.media_type or "")
            if ext:
                warnings.append(ext)
            details = {"original_filename": candidate.display_name, "original_path": shown(candidate.path),
                       "size": obj.size, "media_type": item.media_type, "source": source,
                       "collected_by": collected_by, "warnings": warnings}
            custody.append(s, key, item, "intake-duplicate" if duplicate else "intake", collected_by, details)
            if incident_id is not None:
                link(s, key, item, incident_id=incident_id, actor=collected_by)
            items.append(IntakeItem(
                item.id, item.sha256, item.size, item.media_type, candidate.display_name,
                {"state": (item.c2pa or {}).get("state", "none"), "codes": (item.c2pa or {}).get("codes", [])},
                item.capture_time, duplicate, shown(candidate.path), warnings))
    return IntakeResult(items, problems)


def _store_all(vault: Vault, candidates: list[Any], problems: list[tuple[str, str]], skip_bad: bool,
               progress: Any) -> list[StoredObject | None]:
    stored: list[StoredObject | None] = []
    for done, candidate in enumerate(candidates, start=1):
        try:
            stored.append(vault.put(candidate.path))
        except OSError as exc:
            if not skip_bad:
                raise BadEvidenceFile(f"{shown(candidate.path)}: cannot be read: {exc.strerror or exc}") from None
            problems.append((shown(candidate.path), f"cannot be read: {exc.strerror or exc}"))
            stored.append(None)
        if progress:
            progress(done, len(candidates))
    return stored


def link(session: Any, key: Any, item: EvidenceItem, *, incident_id: int | None = None,
         record_id: int | None = None, actor: str | None = None) -> bool:
    """Link an item to an incident or record (once); each new link is a custody event."""
    exists = session.scalars(select(EvidenceLink).where(
        EvidenceLink.evidence_id == item.id, EvidenceLink.incident_id == incident_id,
        EvidenceLink.record_id == record_id)).first()
    if exists:
        return False
    session.add(EvidenceLink(evidence_id=item.id, incident_id=incident_id, record_id=record_id))
    custody.append(session, key, item, "link", actor, {"incident_id": incident_id, "record_id": record_id})
    return True
