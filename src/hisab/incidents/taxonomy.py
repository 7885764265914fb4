"""Bilingual controlled vocabularies: violation types, weapons, media types, WHO attack types, targets.

Shipped as CSV under `hisab/data/incidents/` (origin of every term noted there); a user extends a
vocabulary with a CSV of the same name in a folder of their own. Matching is by folded name, Arabic or
English or alias; an unknown term is an error, never a silent new entry. WHO attack-type cells join
labels that themselves contain commas, so they are read by matching whole labels, never by splitting.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from hisab.incidents.admin import DATA_DIR
from hisab.incidents.errors import UnknownTerm, VocabularyError
from hisab.incidents.textnorm import place_key

VOCABULARIES = ("violation_types", "weapons", "media_types", "who_attack_types", "targets")
COLUMNS = ("id", "name_en", "name_ar", "aliases", "origin")


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary."""

    id: str
    name_en: str
    name_ar: str
    aliases: tuple[str, ...] = ()
    origin: str = ""


@dataclass
class Vocabulary:
    """A named list of terms with a lookup by any folded name."""

    name: str
    terms: dict[str, Term] = field(default_factory=dict)
    _keys: dict[str, str] = field(default_factory=dict)

    def add(self, term: Term) -> None:
        self.terms.setdefault(term.id, term)
        for label in (term.id, term.name_en, term.name_ar, *term.aliases):
            k = _fold(label)
            if k:
                self._keys.setdefault(k, term.id)

    def match(self, text: str) -> Term | None:
        """The term named by `text` (any language or alias), or None."""
        tid = self._keys.get(_fold(text))
        return self.terms[tid] if tid else None

    def require(self, text: str, where: str = "") -> Term:
        """The term named by `text`; raises `UnknownTerm` naming where it was found and what is allowed."""
        term = self.match(text)
        if term is None:
            known = ", ".join(t.name_en for t in self.terms.values())
            raise UnknownTerm(f"{where + ': ' if where else ''}{text!r} is not a known {self.name} term; "
                              f"expected one of: {known} (or add it with a vocabulary file)")
        return term

    def split_labels(self, text: str, where: str = "") -> list[Term]:
        """Read a cell that joins labels with ", " when labels may contain commas themselves.

        At each position the longest label that matches is taken; what is left must start with ", ".
        """
        rest = _fold_keep(text)
        out: list[Term] = []
        labels = sorted(((_fold_keep(lbl), t.id) for t in self.terms.values()
                         for lbl in (t.name_en, *t.aliases)), key=lambda x: -len(x[0]))
        while rest:
            for label, tid in labels:
                if label and rest.startswith(label) and (len(rest) == len(label) or rest[len(label)] == ","):
                    out.append(self.terms[tid])
                    rest = rest[len(label):].lstrip(", ")
                    break
            else:
                raise UnknownTerm(f"{where + ': ' if where else ''}{text.strip()!r}: from {rest!r} on, no known "
                                  f"{self.name} label (labels are matched whole, never split on commas)")
        return out


def _fold(text: str) -> str:
    return place_key(text or "")


def _fold_keep(text: str) -> str:
    """Case and spacing folded but punctuation kept, so that label boundaries stay visible."""
    return " ".join((text or "").replace("\u00a0", " ").split()).strip(" ,").lower()


def read_vocabulary_file(path: Path, name: str, into: Vocabulary | None = None) -> Vocabulary:
    """Read one vocabulary CSV (`id,name_en,name_ar,aliases,origin`)."""
    vocab = into or Vocabulary(name)
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in COLUMNS[:3] if c not in (reader.fieldnames or [])]
            if missing:
                raise VocabularyError(f"{path}: missing column(s) {missing}; expected {list(COLUMNS)}")
            for line, row in enumerate(reader, start=2):
                if not (row.get("id") or "").strip() or not (row.get("name_en") or "").strip():
                    raise VocabularyError(f"{path}, line {line}: 'id' and 'name_en' must not be empty")
                aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
                vocab.add(Term(row["id"].strip(), row["name_en"].strip(), (row.get("name_ar") or "").strip(),
                               aliases, (row.get("origin") or "").strip()))
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read: {exc}") from None
    return vocab


@dataclass
class Taxonomy:
    """All vocabularies; `Taxonomy.load(extra_dir)` adds the user's terms to the shipped ones."""

    vocabularies: dict[str, Vocabulary]

    @classmethod
    def load(cls, extra_dir: Path | None = None) -> Taxonomy:
        vocabs = {n: read_vocabulary_file(DATA_DIR / f"{n}.csv", n) for n in VOCABULARIES}
        if extra_dir is not None:
            extra_dir = Path(extra_dir)
            if not extra_dir.is_dir():
                raise VocabularyError(f"{extra_dir}: not a folder of vocabulary CSV files")
            for n in VOCABULARIES:
                if (extra_dir / f"{n}.csv").exists():
                    read_vocabulary_file(extra_dir / f"{n}.csv", n, vocabs[n])
        return cls(vocabs)

    def __getitem__(self, name: str) -> Vocabulary:
        return self.vocabularies[name]
