"""Importing what investigators' tools already produce, keeping their hashes as evidence of their own.

- A hash manifest (CSV with a `file` column and `sha256` and/or `md5`/`md5_hash` columns, as in Syrian
  Archive units): every claimed hash is checked before anything is stored; one mismatch rejects the import.
  MD5 is computed only here, to check a legacy claim, never for new intake.
- A tool's result folder or zip (Auto Archiver's output folder, a ProofMode proof zip): every file is taken
  in unchanged (media, proof JSON/CSV, `.asc` signatures, `.ots`/`.tsr` tokens); SHA-256 values written in
  its JSON/CSV/TXT side files (`SHA-256:<hex>` in Auto Archiver, the media hash in ProofMode's proof) are
  matched to the files, and each item's `import` custody event names the side files that confirm its
  hash. Hashes claimed for files that are not in the bundle are reported. PGP signatures are preserved,
  not verified (that needs the signer's key and gpg).
"""

from __future__ import annotations

import csv
import re
import shutil
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from hisab.evidence import custody
from hisab.evidence.errors import BadEvidenceFile, LegacyHashMismatch
from hisab.evidence.intake import IntakeItem, add
from hisab.evidence.keys import load_or_create_private_key
from hisab.evidence.vault import Vault
from hisab.hashing import md5_file, sha256_file
from hisab.store import Store
from hisab.store.models import EvidenceItem

SHA256_CLAIM = re.compile(r"(?i)(?<![0-9a-f])(?:sha-?256:)?([0-9a-f]{64})(?![0-9a-f])")
SIDE_SUFFIXES = (".json", ".csv", ".txt")
MAX_SIDE_FILE = 16 << 20


@dataclass
class ImportReport:
    items: list[IntakeItem]
    confirmed: dict[str, list[str]] = field(default_factory=dict)  # sha256 -> side files confirming it
    missing: list[tuple[str, str]] = field(default_factory=list)  # (claimed sha256, side file)


def import_manifest(store: Store, vault: Vault, manifest: Path, *, collected_by: str | None = None,
                    incident_id: int | None = None) -> ImportReport:
    """Check a CSV of files and their claimed hashes, then take the files in (all or nothing)."""
    rows = _read_manifest(manifest)
    problems = []
    for row_number, path, sha, md5 in rows:
        if not path.is_file():
            problems.append(f"{manifest}, row {row_number}: file {path.name!r} not found")
            continue
        if sha and sha256_file(path)[0] != sha:
            problems.append(f"{manifest}, row {row_number}: {path.name}: SHA-256 is {sha256_file(path)[0]}, "
                            f"the manifest says {sha}")
        if md5 and md5_file(path) != md5:
            problems.append(f"{manifest}, row {row_number}: {path.name}: MD5 is {md5_file(path)}, "
                            f"the manifest says {md5}")
    if problems:
        raise LegacyHashMismatch("hashes in the manifest do not match the files; nothing was imported:\n  "
                                 + "\n  ".join(problems))
    result = add(store, vault, [p for _, p, _, _ in rows], incident_id=incident_id,
                 source=f"manifest {manifest.name}", collected_by=collected_by)
    key = load_or_create_private_key(vault.root)
    with store.session() as s:
        for item, (row_number, _path, sha, md5) in zip(result.items, rows, strict=True):
            db_item = s.get(EvidenceItem, item.id)
            if md5:
                db_item.md5_legacy = md5
            custody.append(s, key, db_item, "import", collected_by, {
                "tool": "manifest", "manifest": manifest.name, "row": row_number,
                "claimed_sha256": sha, "claimed_md5": md5, "checked": True})
    return ImportReport(result.items, {i.sha256: [manifest.name] for i in result.items})


def import_bundle(store: Store, vault: Vault, bundle: Path, *, tool: str, collected_by: str | None = None,
                  incident_id: int | None = None) -> ImportReport:
    """Take in a tool's output folder or zip and match the hashes its side files claim."""
    bundle = Path(bundle)
    extracted: Path | None = None
    try:
        if bundle.is_file() and zipfile.is_zipfile(bundle):
            extracted = vault.root / "tmp" / f"bundle-{uuid.uuid4().hex}"
            with zipfile.ZipFile(bundle) as archive:
                archive.extractall(extracted)  # zipfile drops absolute and `..` parts of member names
            paths = [bundle, extracted]
        elif bundle.is_dir():
            paths = [bundle]
        else:
            raise BadEvidenceFile(f"{bundle}: expected a folder or a zip file from {tool}")
        result = add(store, vault, paths, incident_id=incident_id, source=f"{tool} {bundle.name}",
                     collected_by=collected_by)
        claims = _claims(extracted or bundle)
    finally:
        if extracted is not None:
            shutil.rmtree(extracted, ignore_errors=True)
    report = ImportReport(result.items)
    present = {i.sha256 for i in result.items}
    for sha, side_files in claims.items():
        if sha in present:
            report.confirmed[sha] = side_files
        else:
            report.missing += [(sha, f) for f in side_files]
    key = load_or_create_private_key(vault.root)
    with store.session() as s:
        for item in result.items:
            custody.append(s, key, s.get(EvidenceItem, item.id), "import", collected_by, {
                "tool": tool, "bundle": bundle.name, "file": item.original_filename,
                "hash_confirmed_by": report.confirmed.get(item.sha256, [])})
    return report


def _claims(folder: Path) -> dict[str, list[str]]:
    """SHA-256 values written in the bundle's side files -> the side files that state them."""
    claims: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in SIDE_SUFFIXES and path.stat().st_size <= MAX_SIDE_FILE:
            text = path.read_text(errors="replace")
            own = sha256_file(path)[0]
            for sha in {m.group(1).lower() for m in SHA256_CLAIM.finditer(text)} - {own}:
                claims.setdefault(sha, []).append(str(path.relative_to(folder)))
    return claims


def _read_manifest(manifest: Path) -> list[tuple[int, Path, str | None, str | None]]:
    try:
        with open(manifest, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            fields = {f.lower().strip(): f for f in reader.fieldnames or []}
            if "file" not in fields or not ({"sha256", "md5", "md5_hash"} & set(fields)):
                raise BadEvidenceFile(f"{manifest}: expected a 'file' column and a 'sha256' or 'md5' column; "
                                      f"found {', '.join(reader.fieldnames or []) or 'no header'}")
            rows = []
            for n, row in enumerate(reader, start=2):
                sha = (row.get(fields.get("sha256", ""), "") or "").strip().lower().removeprefix("sha-256:")
                md5 = (row.get(fields.get("md5", fields.get("md5_hash", "")), "") or "").strip().lower()
                rows.append((n, manifest.parent / row[fields["file"]].strip(), sha or None, md5 or None))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise BadEvidenceFile(f"{manifest}: cannot be read as CSV: {exc}") from None
    if not rows:
        raise BadEvidenceFile(f"{manifest}: no rows")
    return rows
