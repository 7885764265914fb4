"""Candidate Arabic→English organisation-word pairs from bilingual list entries, for review.

Input: the UN SC consolidated XML in ../shared/data/sanctions, whose ENTITY records give the English name
(FIRST_NAME, aliases) beside NAME_ORIGINAL_SCRIPT (mostly Arabic). The OFAC SDN legacy CSV there has no
original script, so it gives nothing. For each entity, Arabic words that transliterate to one of its
primary Latin name's words (hisab's skeleton match) are set aside as names; the rest is aligned as
translation:
- `known`: an Arabic word already in data/screen/org_words.tsv whose English equivalent the name has;
- `candidate`: the one Arabic word not in the table, when exactly one Latin word of the name (fillers
  such as "of", "the" and bracketed acronyms left out) is unexplained: the pairing is forced, not guessed.
Output (stdout): status, arabic (fold_arabic form without the article), english, entity reference.
Nothing is written to the table: a pair goes into org_words.tsv by hand, with source `un-sc`, after review.
Run: .venv/bin/python tools/screen_build_orgwords.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hisab.names.arabic import fold_arabic  # noqa: E402
from hisab.screen.analyze import analyse  # noqa: E402
from hisab.screen.orgwords import lookup  # noqa: E402
from hisab.screen.readers import read_un_sc  # noqa: E402
from hisab.screen.score import _token_sim  # noqa: E402
from hisab.shared import shared_path  # noqa: E402

_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_LATIN_WORD = re.compile(r"[a-z]+")


def _bare(word: str) -> str:
    w = fold_arabic(word).replace(" ", "")
    return w[2:] if w.startswith("ال") and len(w) > 4 else w


_FILLERS = frozenset("the of and for in on to from with de la".split())


def _pairs(arabic: str, latin: str, ref: str) -> list[tuple[str, str, str, str]]:
    """Align one Arabic name with the entity's primary Latin name, acronyms in brackets left out."""
    latin = re.sub(r"\(.*?\)", " ", latin)
    latin_tokens = analyse(latin, org=True).tokens
    left_latin = {w for w in _LATIN_WORD.findall(latin.lower()) if len(w) > 2} - _FILLERS
    left_ar = []
    for word in _ARABIC_WORD.findall(arabic):
        tokens = analyse(word).tokens
        if len(_bare(word)) < 3 or not tokens:
            continue  # a letter or an article split off by the list's typing
        if lookup(word) is None and any(_token_sim(tokens[0], t) >= 0.8 for t in latin_tokens):
            left_latin -= {w for w in left_latin
                           if any(_token_sim(tokens[0], t) >= 0.8 for t in analyse(w).tokens)}
            continue  # a transliterated name
        left_ar.append(word)
    out = []
    for word in left_ar:
        entry = lookup(word)
        hit = [e for e in entry.english if e in left_latin] if entry else []
        if hit:
            out.append(("known", _bare(word), hit[0], ref))
            left_latin.discard(hit[0])
    unknown = [w for w in left_ar if lookup(w) is None]
    if len(unknown) == 1 and len(left_latin) == 1:
        out.append(("candidate", _bare(unknown[0]), left_latin.pop(), ref))
    return out


def main() -> None:
    path = shared_path("sanctions/un_sc_consolidated_2026-02-27.xml")
    if path is None:
        raise SystemExit("shared/data/sanctions/un_sc_consolidated_2026-02-27.xml is absent")
    rows = []
    for ent in read_un_sc(Path(path)).entities:
        if ent.schema == "Person":
            continue
        for original in ent.original_script:
            if _ARABIC_WORD.search(original):
                rows += _pairs(original, ent.names[0], ent.list_id)
    for row in sorted(set(rows)):
        print("\t".join(row))


if __name__ == "__main__":
    main()
