"""Errors of the evidence vault that a user can fix (bad files, bad options, a damaged vault)."""

from __future__ import annotations

from hisab.errors import InputFileError, NotFound, UserError


class EvidenceError(UserError):
    """Base of the evidence module's user-fixable errors."""


class BadEvidenceFile(InputFileError):
    """A file offered for intake cannot be preserved (empty, unreadable, a symlink out of the folder…)."""


class IntakeRejected(EvidenceError):
    """Some files failed the pre-flight checks; nothing was stored."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        shown = "\n".join(f"  {path}: {reason}" for path, reason in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(
            f"{len(problems)} file(s) cannot be taken in; nothing was stored "
            f"(use --skip-bad to store the good files):\n{shown}{more}"
        )


class EvidenceNotFound(NotFound):
    """No evidence item has this id or hash."""


class VaultError(EvidenceError):
    """The vault folder or its signing key is missing, unreadable or inconsistent."""


class LegacyHashMismatch(EvidenceError):
    """An imported file's legacy MD5 (e.g. a Syrian Archive unit's) differs from its bytes."""


class TimestampError(EvidenceError):
    """An RFC 3161 timestamp token is missing, malformed or does not verify."""
