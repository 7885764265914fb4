"""Fixity and chain checks: re-hash every stored original, re-check the custody chain and its timestamps.

A flipped bit in a stored file is reported with the item's id and hash; an edited custody row with the
event's sequence number. The run itself is recorded as a `fixity-check` custody event (a court wants to
see that fixity was checked, when, and with what result).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from hisab.evidence import custody
from hisab.evidence.keys import load_or_create_private_key, load_public_key
from hisab.evidence.timestamp import verify_tokens
from hisab.evidence.vault import Vault
from hisab.hashing import sha256_file
from hisab.store import Store
from hisab.store.models import EvidenceItem


@dataclass
class VerifyReport:
    items_checked: int = 0
    events_checked: int = 0
    tokens_checked: int = 0
    head: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "items_checked": self.items_checked, "events_checked": self.events_checked,
                "tokens_checked": self.tokens_checked,
                "head": self.head, "problems": self.problems}


def verify_files(store: Store, vault: Vault, progress: Any = None) -> tuple[int, list[str]]:
    """Re-hash each item's stored object; problems name the item id and hash."""
    problems = []
    with store.session() as s:
        items = s.execute(select(EvidenceItem.id, EvidenceItem.sha256, EvidenceItem.size)
                          .order_by(EvidenceItem.id)).all()
    for done, (item_id, sha, size) in enumerate(items, start=1):
        path = vault.object_path(sha)
        if not path.is_file():
            problems.append(f"item {item_id} ({sha}): stored file is missing ({path})")
        else:
            try:
                digest, found = sha256_file(path)
            except OSError as exc:
                problems.append(f"item {item_id} ({sha}): stored file cannot be read: {exc.strerror}")
            else:
                if digest != sha:
                    problems.append(f"item {item_id} ({sha}): stored file changed: its SHA-256 is now "
                                    f"{digest} ({found} bytes, {size} recorded)")
        if progress:
            progress(done, len(items))
    return len(items), problems


def verify_chain(store: Store, vault: Vault, *, all_signatures: bool = False) -> tuple[int, str | None,
                                                                                      list[str]]:
    with store.session() as s:
        rows = custody.read_chain(s)
    if not rows:
        return 0, None, []
    problems = custody.verify_chain(rows, load_public_key(vault.root), all_signatures=all_signatures)
    return len(rows), rows[-1].event_hash, [str(p) for p in problems]


def verify(store: Store, vault: Vault, *, all_signatures: bool = False, record: bool = True,
           actor: str | None = None, progress: Any = None) -> VerifyReport:
    """Check every file and the whole chain; append the result to the chain when `record` is set."""
    report = VerifyReport()
    report.items_checked, file_problems = verify_files(store, vault, progress)
    report.events_checked, report.head, chain_problems = verify_chain(store, vault,
                                                                      all_signatures=all_signatures)
    report.tokens_checked, token_problems = verify_tokens(store, vault)
    report.problems = file_problems + chain_problems + token_problems
    if record and report.items_checked:
        key = load_or_create_private_key(vault.root)
        with store.session() as s:
            custody.append(s, key, None, "fixity-check", actor, {
                "items_checked": report.items_checked, "events_checked": report.events_checked,
                "ok": report.ok, "problems": report.problems[:100]})
    return report
