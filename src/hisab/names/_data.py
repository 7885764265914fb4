"""The shipped name dictionaries (`hisab/data/names/`), loaded once on first use.

Built by `tools/names_build_dict.py` from permissively licensed files (see ORIGIN.md there). Loading is
lazy so that importing hisab.names costs nothing until a function needs the tables.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "names"
TOKENS_FILE = DATA_DIR / "ar_tokens.tsv"
SPLITS_FILE = DATA_DIR / "ar_splits.tsv"


def _rows(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def token_spellings() -> dict[str, tuple[str, ...]]:
    """Arabic word (loose form) -> its Latin spellings, most frequent first."""
    return {row[0]: tuple(row[1].split("|")) for row in _rows(TOKENS_FILE) if len(row) >= 2}


@lru_cache(maxsize=1)
def known_arabic_tokens() -> frozenset[str]:
    """Every Arabic word in the dictionary, in loose form: what the PDF repairs may repair towards."""
    return frozenset(token_spellings())


@lru_cache(maxsize=1)
def compound_splits() -> dict[str, str]:
    """Fused words (two names run together in the source) -> the same words with a space."""
    return {row[0]: row[1] for row in _rows(SPLITS_FILE) if len(row) >= 2}
