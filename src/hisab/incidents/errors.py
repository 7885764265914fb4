"""Errors of the incidents module: each names the file, row, field, what was expected and what came."""

from __future__ import annotations

from hisab.errors import ImportRejected, InputFileError, NotFound, RowProblem, UserError


class GazetteerError(InputFileError):
    """A gazetteer file cannot be read or has an unexpected shape."""


class UnknownFormat(InputFileError):
    """An incidents file matches none of the formats the importer recognises."""


class UnknownTerm(UserError):
    """A value is not in the controlled vocabulary (the importer never grows a vocabulary silently)."""


class VocabularyError(InputFileError):
    """A vocabulary file (shipped or the user's) is malformed."""


class IncidentNotFound(NotFound):
    """No incident with that id or code is in the store."""


class SiegeError(UserError):
    """A siege definition is invalid (empty area, end before start, unknown P-code)."""


class IncidentFileRejected(ImportRejected):
    """Values in an incidents file are bad; the whole file was refused and nothing was written."""

    def __init__(self, path: str, problems: list[RowProblem]):
        self.path, self.problems, self.total = path, problems, len(problems)
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        UserError.__init__(self, f"{path}: {len(problems)} bad value(s); nothing was imported (fix them, or add "
                                 f"missing terms with --vocab):\n{shown}{more}")
