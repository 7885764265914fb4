"""Learn the letter model behind `transliterate()` for words the dictionary does not know.

Each (Arabic word, Latin spelling) pair is aligned letter by letter: every Arabic letter emits a Latin
chunk of 0-4 characters (ب -> "b", ي -> "ee", ه -> "ah"…). Alignment is hard EM: start from a prior of
plausible chunks per letter, align every pair with Viterbi, re-count, repeat. The counts of chunks per
letter in its context (previous letter, letter, next letter; and backoffs) are the model, written to
src/hisab/data/names/char_model.tsv. Used by tools/names_build_dict.py; `--eval` trains on the train split
only and reports top-1/top-3 on the eval split (the test split is never read here).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from pathlib import Path

VOWELS = "aeiouy"
# Plausible Latin for each Arabic letter (loose forms), the prior the EM starts from.
OPTIONS = {
    "ب": "b p bb", "ت": "t tt th", "ث": "th t s", "ج": "j g dj zh ge gi", "ح": "h kh", "خ": "kh ch h x k",
    "د": "d dd", "ذ": "dh z th d", "ر": "r rr", "ز": "z s zz", "س": "s c ss ts z x sc", "ش": "sh ch sch tch s",
    "ص": "s ss c", "ض": "d dh", "ط": "t tt th", "ظ": "z dh", "غ": "gh g gu r", "ف": "f v ph ff w",
    "ق": "q k g c ck", "ك": "k c ck q ch g kh x", "ل": "l ll", "م": "m mm", "ن": "n nn", "ه": "h",
    "و": "w v u o ou oo au", "ي": "y i e ee ie ey j", "ا": "a e o aa i u", "ع": "a e i o u",
}
OPTIONS = {k: v.split() for k, v in OPTIONS.items()}
MAX_CHUNK = 4
SILENT = "اويعه"
JOINT_ORDER = 3  # units of history kept for the joint model  # letters that may be left out of a Latin spelling


def prior(letter: str, chunk: str) -> float:
    """Log-score of a chunk for a letter before any data: an option followed by up to two vowels."""
    if letter in "اويعه" and all(c in VOWELS or c in "wh" for c in chunk):
        return 0.0 if chunk else -1.0
    for option in OPTIONS.get(letter, ()):
        if chunk.startswith(option) and all(c in VOWELS for c in chunk[len(option):]) \
                and len(chunk) - len(option) <= 2:
            return 0.0
    return -6.0


def align(word: str, latin: str, score) -> list[str] | None:
    """Viterbi alignment: one Latin chunk per Arabic letter, covering the whole Latin string."""
    n, m = len(word), len(latin)
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n):
        letter = word[i]
        row, nxt = best[i], best[i + 1]
        for j in range(m + 1):
            base = row[j]
            if base == -math.inf:
                continue
            for k in range(0, min(MAX_CHUNK, m - j) + 1):
                s = base + score(letter, latin[j:j + k])
                if s > nxt[j + k]:
                    nxt[j + k] = s
                    back[i + 1][j + k] = k
    if best[n][m] == -math.inf or best[n][m] < -12 * n:
        return None
    chunks, j = [], m
    for i in range(n, 0, -1):
        k = back[i][j]
        chunks.append(latin[j - k:j])
        j -= k
    return chunks[::-1]


def train(pairs: list[tuple[str, str]], iterations: int = 4) -> dict[str, Counter[str]]:
    """Counts of chunks per context key: 'L', 'pL', 'Ln' and 'pLn' (^ and $ mark the word's ends)."""
    score = prior
    alignments: list[tuple[str, list[str]]] = []
    for _ in range(iterations):
        unigram: dict[str, Counter[str]] = defaultdict(Counter)
        alignments = []
        for word, latin in pairs:
            chunks = align(word, latin, score)
            if chunks is None:
                continue
            alignments.append((word, chunks))
            for letter, chunk in zip(word, chunks, strict=True):
                unigram[letter][chunk] += 1
        totals = {k: sum(c.values()) for k, c in unigram.items()}

        def score(letter, chunk, unigram=unigram, totals=totals):
            if not chunk and letter not in SILENT:
                return -math.inf  # a consonant letter is always written
            count = unigram.get(letter, {}).get(chunk, 0)
            return math.log((count + 0.01 * math.exp(prior(letter, chunk))) / (totals.get(letter, 0) + 1))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for _, latin in pairs:  # Latin letter model: which letter follows the last three
        padded = "^^^" + latin + "$"
        for i in range(3, len(padded)):
            for order in range(4):
                counts["LM:" + padded[i - order:i]][padded[i]] += 1
    for word, chunks in alignments:  # joint model: a letter=chunk pair given the two pairs before it
        units = ["^"] * JOINT_ORDER + [f"{a}={c}" for a, c in zip(word, chunks, strict=True)] + ["$"]
        for i in range(JOINT_ORDER, len(units)):
            for order in range(JOINT_ORDER + 1):
                counts["J:" + " ".join(units[i - order:i])][units[i]] += 1
    for word, chunks in alignments:
        padded = "^" + word + "$"
        for i, chunk in enumerate(chunks):
            p, letter, n = padded[i], padded[i + 1], padded[i + 2]
            for key in (letter, p + letter, letter + n, p + letter + n):
                counts[key][chunk] += 1
    return counts


def write(counts: dict[str, Counter[str]], path: Path, min_count: int = 2) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# context\tchunk\tcount. Letter model for transliterate(); built by tools/names_train_charmodel.py\n")
        for key in sorted(counts):
            for chunk, count in sorted(counts[key].items()):
                if count >= min_count or len(key) == 1 or key in ("J:", "LM:"):
                    fh.write(f"{key}\t{chunk}\t{count}\n")


def read_pairs(path: Path) -> list[tuple[str, str]]:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from hisab.names.arabic import fold_arabic

    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2:
            word, latin = fold_arabic(parts[0]), parts[1].strip().lower()
            if re.fullmatch(r"[\u0621-\u064a]+", word) and re.fullmatch(r"[a-z]+", latin):
                out.append((word, latin))
    return out


def main() -> int:
    import sys
    import time

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "src"))
    from hisab.shared import shared_path

    google = shared_path("arabic-name-transliteration")
    if google is None:
        print("../shared/data is missing", file=sys.stderr)
        return 1
    train_pairs = read_pairs(google / "google_ar2en-train.txt")
    eval_pairs = read_pairs(google / "google_ar2en-eval.txt")
    started = time.perf_counter()
    if "--eval" in sys.argv:
        counts = train(train_pairs)
        out = Path("/tmp/char_model_eval.tsv")
        write(counts, out)
        from hisab.names import _charmodel

        model = _charmodel.CharModel.load(out)
        top1 = sum(model.spell(w, 3)[:1] == [lat] for w, lat in eval_pairs) / len(eval_pairs)
        top3 = sum(lat in model.spell(w, 3) for w, lat in eval_pairs) / len(eval_pairs)
        print(f"eval: top1 {top1:.3f} top3 {top3:.3f} ({len(eval_pairs)} pairs, "
              f"{time.perf_counter() - started:.0f} s)")
        return 0
    counts = train(train_pairs + eval_pairs)
    write(counts, root / "src" / "hisab" / "data" / "names" / "char_model.tsv")
    print(f"char model: {len(counts)} contexts ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
