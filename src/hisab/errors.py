"""Errors a user can fix.

The library raises these; the CLI catches `UserError` once, prints its message without a traceback and
exits with status 2. Messages name the file, row and field, what was expected and what was found.
Anything that is not a `UserError` is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """An error the user can fix by changing input, options or settings."""

    exit_code = 2


class InputFileError(UserError):
    """A file cannot be read: missing, unreadable, empty, wrong format or encoding."""


class MappingError(UserError):
    """A column mapping is invalid or does not fit the file."""


class StoreError(UserError):
    """The store cannot be opened or is in a state the command cannot work with."""


class NotFound(UserError):
    """A named object (source, record, person…) is not in the store."""


@dataclass(frozen=True)
class RowProblem:
    """One bad value in one row: where it is and what is wrong with it.

    `row` counts as the file's own viewer does: the line of a CSV in a text editor, the row of a sheet in a
    spreadsheet (the header is line/row 1 in both); `unit` says which.
    """

    file: str
    row: int
    column: str | None
    message: str
    unit: str = "row"

    def __str__(self) -> str:
        where = f"{self.file}, {self.unit} {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class ImportRejected(UserError):
    """Rows failed validation; nothing was written."""

    def __init__(self, path: str, problems: list[RowProblem], total: int | None = None):
        self.path = path
        self.problems = problems
        self.total = total if total is not None else len(problems)
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  … and {self.total - 20} more" if self.total > 20 else ""
        super().__init__(
            f"{path}: {self.total} bad row(s); nothing was imported "
            f"(use --skip-bad-rows to import the good rows and write a rejects file):\n{shown}{more}"
        )
