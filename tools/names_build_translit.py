"""Learn the joint-sequence model behind `transliterate()` (src/hisab/data/names/translit_model.tsv.gz).

Input: Google's Arabic->Latin name pairs (`google_ar2en-train.txt` + `-eval.txt`, Apache-2.0; the test
split is never read: it is the acceptance benchmark), and the single-word rows of the Gaza dictionary
`dict_ar_en.csv` (Unlicense; Arabic names of the region, which Google's mostly foreign names lack). Steps,
all deterministic:

1. Alignment by EM: each Arabic letter emits a Latin chunk of 0-MAX_CHUNK letters (only letters that can
   be silent may emit nothing). Expected counts of letter=chunk units come from forward-backward over
   all chunkings of each pair; then each pair is cut at its single best chunking.
2. An n-gram model over the units of the aligned pairs (interpolated Kneser-Ney), written in back-off form.
3. A list of known Latin names (latin_names.tsv.gz; see `latin_names`): at run time a spelling that is a
   real name gets a bonus, since most spellings the model proposes for a foreign name are not names.
4. A Latin letter n-gram model (Kneser-Ney) of those names and of the pairs' Latin side, written after the
   unit model: at run time it adds how much a spelling looks like a name (weight `w_lm`).

`--dev` trains on the train split only and reports top-1/top-3 on the eval split (how SETTINGS were
chosen). Build-time only: `pip install names==0.3.0 faker==40.54.0`.
Run: .venv/bin/python tools/names_build_translit.py [--dev]
"""

from __future__ import annotations

import gzip
import math
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hisab.names.arabic import fold_arabic  # noqa: E402

OUT = ROOT / "src" / "hisab" / "data" / "names" / "translit_model.tsv.gz"
MAX_CHUNK = 3
SILENT = set("اويعهءأإآؤئىة")  # letters that may leave no trace in a spelling
EM_ITERATIONS = 6
NAMES_OUT = OUT.with_name("latin_names.tsv.gz")
# Chosen on the eval split (model trained on the train split only); never on the test split.
SETTINGS = {"order": 4, "beam": 128, "options": 24, "w_census": 4.0, "w_faker": 4.0, "w_gaza": 2.0,
            "lm_order": 5, "w_lm": 0.3}


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """(Arabic word in loose form, Latin in lower case) for every single-word pair of a split file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2:
            word, latin = fold_arabic(parts[0]), parts[1].strip().lower()
            if re.fullmatch(r"[\u0621-\u064a]+", word) and re.fullmatch(r"[a-z]+", latin):
                out.append((word, latin))
    return out


def _chunks(word: str, i: int, latin: str, j: int) -> range:
    letter = word[i]
    # The article's ل is often left out ("al-Shirazi" listed as "Shirazi"); other consonants always show.
    low = 0 if letter in SILENT or (i == 1 and word.startswith("ال")) else 1
    return range(low, min(MAX_CHUNK, len(latin) - j) + 1)


def em_align(pairs: list[tuple[str, str]], iterations: int = EM_ITERATIONS) -> list[list[str]]:
    """Best chunking of each pair (one chunk per Arabic letter) under unigram unit probabilities by EM."""
    prob: dict[tuple[str, str], float] = defaultdict(lambda: 1.0)
    for _ in range(iterations):
        counts: dict[tuple[str, str], float] = defaultdict(float)
        for word, latin in pairs:
            n, m = len(word), len(latin)
            fwd = [[0.0] * (m + 1) for _ in range(n + 1)]
            fwd[0][0] = 1.0
            for i, letter in enumerate(word):
                row, nxt = fwd[i], fwd[i + 1]
                for j in range(m + 1):
                    if row[j]:
                        for k in _chunks(word, i, latin, j):
                            nxt[j + k] += row[j] * prob[(letter, latin[j : j + k])]
            total = fwd[n][m]
            if not total:
                continue
            bwd = [[0.0] * (m + 1) for _ in range(n + 1)]
            bwd[n][m] = 1.0
            for i in range(n - 1, -1, -1):
                letter, row, nxt = word[i], bwd[i], bwd[i + 1]
                for j in range(m + 1):
                    for k in _chunks(word, i, latin, j):
                        if nxt[j + k]:
                            p = prob[(letter, latin[j : j + k])]
                            row[j] += p * nxt[j + k]
                            if fwd[i][j]:
                                counts[(letter, latin[j : j + k])] += fwd[i][j] * p * nxt[j + k] / total
        by_letter: dict[str, float] = defaultdict(float)
        for (letter, _), c in counts.items():
            by_letter[letter] += c
        prob = defaultdict(lambda: 1e-6, {u: c / by_letter[u[0]] for u, c in counts.items()})
    return [a for a in (_viterbi(w, lat, prob) for w, lat in pairs) if a is not None]


def _viterbi(word: str, latin: str, prob) -> list[str] | None:
    n, m = len(word), len(latin)
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i, letter in enumerate(word):
        for j in range(m + 1):
            if best[i][j] == -math.inf:
                continue
            for k in _chunks(word, i, latin, j):
                s = best[i][j] + math.log(max(prob[(letter, latin[j : j + k])], 1e-12))
                if s > best[i + 1][j + k]:
                    best[i + 1][j + k], back[i + 1][j + k] = s, k
    if best[n][m] == -math.inf:
        return None
    units, j = [], m
    for i in range(n, 0, -1):
        k = back[i][j]
        units.append(f"{word[i - 1]}={latin[j - k : j]}")
        j -= k
    return units[::-1]


def kneser_ney(sequences: list[list[int]], order: int, vocab: int):
    """Interpolated Kneser-Ney in back-off form: ({ngram: log p}, {history: log back-off weight}).

    Each sequence starts with its start symbol (never predicted) and ends with its end symbol.
    """
    counts: list[Counter] = [Counter() for _ in range(order + 1)]
    for seq in sequences:
        for i in range(1, len(seq)):
            for o in range(1, order + 1):
                if i - o + 1 < 0:
                    break
                counts[o][tuple(seq[i - o + 1 : i + 1])] += 1
    # Lower orders count distinct left neighbours (continuation counts), except n-grams at the start.
    used: list[Counter] = [Counter() for _ in range(order + 1)]
    used[order] = counts[order]
    for o in range(order - 1, 0, -1):
        cont: Counter = Counter()
        for gram in counts[o + 1]:
            cont[gram[1:]] += 1
        for gram, c in counts[o].items():
            used[o][gram] = cont[gram] if gram in cont else c
    probs: dict[tuple[int, ...], float] = {}
    bows: dict[tuple[int, ...], float] = {}
    lower: dict[tuple[int, ...], float] = {}
    for o in range(1, order + 1):
        n1 = sum(1 for c in used[o].values() if c == 1)
        n2 = sum(1 for c in used[o].values() if c == 2)
        d = n1 / (n1 + 2 * n2) if n1 else 0.5  # no singletons (tiny data): a middling discount
        by_ctx: dict[tuple[int, ...], list[tuple[int, int]]] = defaultdict(list)
        for gram, c in used[o].items():
            by_ctx[gram[:-1]].append((gram[-1], c))
        current: dict[tuple[int, ...], float] = {}
        for ctx, followers in by_ctx.items():
            total = sum(c for _, c in followers)
            gamma = d * len(followers) / total
            for unit, c in followers:
                lo = lower[(*ctx[1:], unit)] if o > 1 else 1.0 / vocab
                current[(*ctx, unit)] = max(c - d, 0.0) / total + gamma * lo
            bows[ctx] = math.log(gamma)
        if o == 1:  # every unit gets a unigram probability, so that each level sums to one
            gamma = math.exp(bows[()])
            current.update({(u,): gamma / vocab for u in range(vocab) if (u,) not in current})
        lower = current
        for gram, p in current.items():
            probs[gram] = math.log(p)
    return probs, bows


def gaza_pairs(path: Path) -> list[tuple[str, str]]:
    """(Arabic word in loose form, Latin) for every single-word row of the Gaza dict_ar_en.csv: curated
    spellings of the Arabic names of the region, which Google's mostly foreign names lack."""
    import csv

    out = []
    with open(path, encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if len(row) == 2:
                word, latin = fold_arabic(row[0]), row[1].strip().lower()
                if re.fullmatch(r"[\u0621-\u064a]+", word) and re.fullmatch(r"[a-z]+", latin):
                    out.append((word, latin))
    return out


def build(pairs: list[tuple[str, str]], settings: dict, latin: list[str] | None = None) -> str:
    """The model file's text: settings, units, n-grams of units in back-off form, then the Latin letter
    model (n-grams of letters, learnt from `latin`: by default the Latin side of the pairs)."""
    started = time.perf_counter()
    aligned = em_align(pairs)
    print(f"aligned {len(aligned)}/{len(pairs)} pairs ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    units = ["^", "$", *sorted({u for a in aligned for u in a})]
    uid = {u: i for i, u in enumerate(units)}
    probs, bows = kneser_ney([[0, *(uid[u] for u in a), 1] for a in aligned], settings["order"], len(units))
    lines = ["# Joint-sequence transliteration model; built by tools/names_build_translit.py (see ORIGIN.md)",
             "# P setting; U unit (Arabic letter=Latin chunk), id = line order; "
             "N n-gram of unit ids (base 36)\tlog p\tlog back-off weight"]
    lines += [f"P {k}\t{v}" for k, v in settings.items()]
    lines += [f"U {u}" for u in units]
    for gram in sorted(probs.keys() | bows.keys(), key=lambda g: (len(g), g)):
        logp, bow = probs.get(gram), bows.get(gram)
        lines.append(f"N {' '.join(_b36(x) for x in gram)}\t{'' if logp is None else f'{logp:.3f}'}\t"
                     f"{'' if bow is None else f'{bow:.3f}'}")
    texts = sorted(latin if latin is not None else {lat for _, lat in pairs})
    alphabet = sorted({ch for t in texts for ch in t})
    cid = {ch: i + 2 for i, ch in enumerate(alphabet)}  # 0 and 1: start and end of a name
    probs, bows = kneser_ney([[0, *(cid[ch] for ch in t), 1] for t in texts], settings["lm_order"],
                             len(alphabet) + 2)
    lines.append(f"A {''.join(alphabet)}")
    for gram in sorted(probs.keys() | bows.keys(), key=lambda g: (len(g), g)):
        logp, bow = probs.get(gram), bows.get(gram)
        lines.append(f"L {' '.join(_b36(x) for x in gram)}\t{'' if logp is None else f'{logp:.3f}'}\t"
                     f"{'' if bow is None else f'{bow:.3f}'}")
    return "\n".join(lines) + "\n"


def _b36(x: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        x, r = divmod(x, 36)
        out = digits[r] + out
        if not x:
            return out


def latin_names() -> dict[str, str]:
    """Known Latin names (lower-case ASCII) -> the lists they are on: c census, f Faker, g Gaza dictionary.

    census: the US 1990 census surname and first-name lists (public domain) as shipped in the `names`
    package (MIT); Faker's person-name lists of its Latin-script locales (MIT); the Latin words of the
    Gaza dictionary_ar_en.csv (Unlicense). Build-time only: `pip install names==0.3.0 faker==40.54.0`.
    """
    import importlib
    import importlib.resources
    import pkgutil
    import unicodedata

    import faker.providers.person as person

    found: dict[str, set[str]] = defaultdict(set)

    def add(text: str, source: str) -> None:
        if re.search(r"[^\x00-\u024f]", text):
            return  # not Latin script
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
        if re.fullmatch(r"[a-z]{2,}", folded):
            found[folded].add(source)

    for name in ("dist.all.last", "dist.female.first", "dist.male.first"):
        for line in (importlib.resources.files("names") / name).read_text(encoding="utf-8").splitlines():
            if line.split():
                add(line.split()[0], "c")
    for info in sorted(pkgutil.iter_modules(person.__path__), key=lambda m: m.name):
        provider = importlib.import_module(f"{person.__name__}.{info.name}").Provider
        for attr in sorted(dir(provider)):
            if "name" in attr and ("first" in attr or "last" in attr):
                value = getattr(provider, attr)
                if isinstance(value, (dict, list, tuple)):
                    for item in value:
                        if isinstance(item, str):
                            add(item, "f")
    from hisab.shared import shared_path

    gaza = shared_path("gaza-moh-arabic-names/dict_ar_en.csv")
    if gaza is not None:
        for line in gaza.read_text(encoding="utf-8").splitlines():
            for word in re.split(r"[^a-z]+", line.split(",")[-1].lower()):
                add(word, "g")
    return {name: "".join(sorted(srcs)) for name, srcs in found.items()}


def write_gz(path: Path, text: str) -> None:
    """Gzip with no timestamp, so that the same input gives the same bytes."""
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(text.encode("utf-8"))


def names_text(names: dict[str, str]) -> str:
    from hisab.names.key import name_key

    head = "# Latin name\tlists (c US census 1990, f Faker, g Gaza dictionary)\tname_key; see ORIGIN.md\n"
    return head + "".join(f"{n}\t{names[n]}\t{name_key(n)}\n" for n in sorted(names))


def evaluate(text: str, names: dict[str, str], pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """Top-1 and top-3 of the model on `pairs`."""
    import tempfile

    from hisab.names._g2p import JointModel

    with tempfile.TemporaryDirectory() as tmp:
        model_path, names_path = Path(tmp) / "model.tsv.gz", Path(tmp) / "names.tsv.gz"
        write_gz(model_path, text)
        write_gz(names_path, names_text(names))
        model = JointModel.load(model_path, names_path)
    top1 = top3 = 0
    for word, latin in pairs:
        out = model.spell(word, 3)
        top1 += out[:1] == [latin]
        top3 += latin in out
    return top1 / len(pairs), top3 / len(pairs)


def main() -> int:
    from hisab.shared import shared_path

    google = shared_path("arabic-name-transliteration")
    if google is None:
        print("../shared/data is missing", file=sys.stderr)
        return 1
    train = read_pairs(google / "google_ar2en-train.txt")
    dev = read_pairs(google / "google_ar2en-eval.txt")
    gaza_dict = shared_path("gaza-moh-arabic-names/dict_ar_en.csv")
    gaza = gaza_pairs(gaza_dict) if gaza_dict is not None else []
    names = latin_names()
    if "--dev" in sys.argv:
        started = time.perf_counter()
        text = build(train + gaza, SETTINGS, [*names, *(lat for _, lat in train)])
        top1, top3 = evaluate(text, names, dev)
        print(f"dev: top1 {top1:.3f} top3 {top3:.3f} ({len(dev)} pairs, {time.perf_counter() - started:.0f} s)")
        return 0
    write_gz(OUT, build(train + dev + gaza, SETTINGS, [*names, *(lat for _, lat in train + dev)]))
    write_gz(NAMES_OUT, names_text(names))
    print(f"wrote {OUT.name}, {NAMES_OUT.name} ({len(names)} names)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
