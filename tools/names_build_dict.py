"""Build the token dictionary shipped in src/hisab/data/names/ from the permissive files in ../shared/data.

Inputs (and only these; the casualty lists themselves are never read):
- gaza-moh-arabic-names/dict_ar_en.csv  Arabic name word -> English spelling (Unlicense)
- gaza-moh-arabic-names/dict_ar_ar.csv  Arabic spelling repairs, of which we keep the fused-word splits
- arabic-name-transliteration/google_ar2en-train.txt and -eval.txt  (Apache-2.0). The -test split is
  never read: it is the acceptance benchmark.

Outputs: ar_tokens.tsv (Arabic word in loose form, Latin spellings most frequent first, `|`-separated)
and ar_splits.tsv (fused word -> words). Run: .venv/bin/python tools/names_build_dict.py
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from rapidfuzz import fuzz  # noqa: E402

from hisab.names.arabic import _JOIN_NEXT, _JOIN_PREV, fold_arabic  # noqa: E402
from hisab.names.key import _consonants, _skeleton  # noqa: E402
from hisab.names.latin import _normalize as normalize_latin  # noqa: E402
from hisab.shared import shared_path  # noqa: E402

OUT = ROOT / "src" / "hisab" / "data" / "names"
_LATIN_OK = re.compile(r"^[a-z][a-z' -]*[a-z]$")
_ARABIC_OK = re.compile(r"^[\u0621-\u064a]+$")


def _latin(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().strip("()").lower())


def _arabic_keys(word: str) -> tuple[str, str]:
    """Consonant skeletons of an Arabic word: as `name_key` makes it (article dropped), and whole."""
    return _skeleton(word), _consonants(word, True)


def _latin_keys(latin: str) -> tuple[str, str]:
    """Consonant skeletons of a Latin spelling: as `name_key` makes it (particles and a leading al/el
    dropped), and whole, since the key reads the start of names such as Allam or Alyan as the article."""
    words = normalize_latin(latin).split()
    raw = [w for w in re.split(r"[^a-z]+", latin) if w]
    return "".join(_skeleton(w) for w in words), "".join(_consonants(w, False) for w in raw)


def main() -> int:
    gaza = shared_path("gaza-moh-arabic-names")
    google = shared_path("arabic-name-transliteration")
    if gaza is None or google is None:
        print("../shared/data is missing: cannot build the names dictionary", file=sys.stderr)
        return 1
    spellings: dict[str, Counter[str]] = defaultdict(Counter)

    def add(arabic: str, latin: str, weight: int, check: bool = False) -> None:
        word, latin = fold_arabic(arabic), _latin(latin)
        if " " in word or not _ARABIC_OK.match(word) or not _LATIN_OK.match(latin):
            return
        if check and max(fuzz.ratio(a, b) for a in _arabic_keys(word) for b in _latin_keys(latin)) < 70:
            return  # a curated row whose Latin is not this word (e.g. a compound spelt as its first half)
        spellings[word][latin] += weight

    with open(gaza / "dict_ar_en.csv", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if len(row) == 2 and row[0] != "-":
                add(row[0], row[1], 2, check=True)  # curated for names of this region: ranks above Wikipedia pairs
    for split in ("train", "eval"):
        with open(google / f"google_ar2en-{split}.txt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 2:
                    add(parts[0], parts[1], 1)

    splits: dict[str, str] = {}
    with open(gaza / "dict_ar_ar.csv", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if len(row) != 2:
                continue
            original, cleaned = fold_arabic(row[0]), fold_arabic(row[1])
            if " " in original or " " not in cleaned or not _ARABIC_OK.match(original):
                continue
            parts = cleaned.split()
            if parts[0] in _JOIN_NEXT or parts[-1] in _JOIN_PREV:
                continue
            splits[original] = cleaned

    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "ar_tokens.tsv", "w", encoding="utf-8") as fh:
        fh.write("# arabic (loose form)\tlatin spellings, most frequent first. Built by tools/names_build_dict.py\n")
        for word in sorted(spellings):
            ranked = [s for s, _ in sorted(spellings[word].items(), key=lambda kv: (-kv[1], kv[0]))]
            fh.write(f"{word}\t{'|'.join(ranked)}\n")
    with open(OUT / "ar_splits.tsv", "w", encoding="utf-8") as fh:
        fh.write("# fused word\twords. From dict_ar_ar.csv (Unlicense). Built by tools/names_build_dict.py\n")
        for word in sorted(splits):
            fh.write(f"{word}\t{splits[word]}\n")
    print(f"{len(spellings)} words, {len(splits)} splits -> {OUT}")
    from names_build_translit import main as build_translit

    return build_translit()


if __name__ == "__main__":
    raise SystemExit(main())
