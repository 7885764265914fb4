"""Names benchmarks: every acceptance figure of the names issue, on ../shared/data.

- Google ar->en *test* split: same `name_key` for the Arabic and the gold Latin; gold Latin among
  `transliterate()`'s first three (the dictionary and the letter model are built from train + eval only);
  the speed of transliterate on words it has not seen before, and the time its tables take to load.
- Gaza MoH releases 0413 and 0808, persons with the same 9-digit id: equal keys (Arabic, English); ROC AUC
  of `name_similarity` against random pairs of the same sex (cross-script, ar-ar, en-en); precision and
  recall at the default threshold on a balanced sample (one random pair per true pair).
- Speed: names/s of normalize_arabic + name_key on one core; pairs/s of the batch similarity. Timed in
  CPU seconds of this process (time.process_time), because the machine is shared: wall-clock rates
  fall with the load of other processes, which is reported in each note.
Real names never leave this process: only counts and rates are returned.
"""

from __future__ import annotations

import csv
import os
import random
import time
import unicodedata

import numpy as np
from rapidfuzz import fuzz, process

from hisab.names import (
    DEFAULT_THRESHOLD,
    name_form,
    name_key,
    name_similarity_batch,
    normalize_arabic,
    transliterate,
)
from hisab.shared import shared_path

BENCH = "names"


def _row(metric, value, unit, target=None, ok=None, anchor=None, ratio=None, note=""):
    return {"benchmark": BENCH, "metric": metric, "value": value, "unit": unit, "target": target,
            "anchor": anchor, "ratio": ratio, "ok": ok, "note": note}


def _google_test(quick: bool) -> list[dict]:
    path = shared_path("arabic-name-transliteration/google_ar2en-test.txt")
    if path is None:
        return []
    pairs = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    pairs = [p for p in pairs if len(p) == 2]
    if quick:
        pairs = pairs[:300]
    key_ok = sum(name_key(ar) == name_key(en) for ar, en in pairs) / len(pairs)
    started = time.process_time()
    transliterate("ب")  # loads the dictionary and the model
    loaded = time.process_time() - started
    started = time.process_time()
    top3 = sum(en.lower() in transliterate(ar)[:3] for ar, en in pairs) / len(pairs)
    rate = len(pairs) / (time.process_time() - started)  # cold: each word spelt for the first time
    top1 = sum(en.lower() in transliterate(ar)[:1] for ar, en in pairs) / len(pairs)
    n = f"{len(pairs)} pairs of the test split"
    return [
        _row("transliterate_load", loaded, "s", note="first call: dictionary and model tables, one core"),
        _row("transliterate_cold", rate, "words/s",
             note=f"test-split words, each spelt once (no cache), one core; load {_load()}"),
        _row("google_test_key_agreement", key_ok, "share", ">= 0.80", key_ok >= 0.80, note=n),
        _row("google_test_translit_top3", top3, "share", ">= 0.50", top3 >= 0.50, note=n),
        _row("google_test_translit_top1", top1, "share", note=n),
    ]


def _gaza_pairs():
    a_path = shared_path("gaza-moh-arabic-names/moh_killed_20240413.csv")
    b_path = shared_path("gaza-moh-arabic-names/moh_killed_20240808.csv")
    if a_path is None or b_path is None:
        return None
    with open(a_path, encoding="utf-8") as fa, open(b_path, encoding="utf-8") as fb:
        a = {r["id"]: r for r in csv.DictReader(fa)}
        b = {r["id"]: r for r in csv.DictReader(fb)}
    ids = sorted(i for i in a if i in b and len(i) == 9 and i.isdigit())
    return a, b, ids


def _auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """ROC AUC as the Mann-Whitney statistic (ties count half)."""
    scores = np.concatenate([pos, neg])
    order = scores.argsort(kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    avg = first + (counts + 1) / 2.0
    ranks[order] = np.repeat(avg, counts)
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def _gaza(quick: bool) -> list[dict]:
    loaded = _gaza_pairs()
    if loaded is None:
        return []
    a, b, ids = loaded
    rng = random.Random(7)
    if quick:
        ids = rng.sample(ids, 2000)
    ar_eq = sum(name_key(a[i]["name"]) == name_key(b[i]["name"]) for i in ids) / len(ids)
    en_eq = sum(name_key(a[i]["en_name"]) == name_key(b[i]["en_name"]) for i in ids) / len(ids)
    note = f"{len(ids)} persons with the same id in both releases"
    rows = [
        _row("gaza_key_equal_arabic", ar_eq, "share", ">= 0.97", ar_eq >= 0.97, note=note),
        _row("gaza_key_equal_english", en_eq, "share", ">= 0.95", en_eq >= 0.95, note=note),
    ]
    by_sex: dict[str, list[str]] = {}
    for i in ids:
        by_sex.setdefault(b[i]["sex"], []).append(i)
    others = [rng.choice([j for j in rng.sample(by_sex[b[i]["sex"]], 3) if j != i] or [i]) for i in ids]
    for label, fa, fb in (("cross_script", "name", "en_name"), ("ar_ar", "name", "name"),
                          ("en_en", "en_name", "en_name")):
        pos = name_similarity_batch([a[i][fa] for i in ids], [b[i][fb] for i in ids])
        neg = name_similarity_batch([a[i][fa] for i in ids], [b[j][fb] for j in others])
        auc = _auc(pos, neg)
        tp, fp = int((pos >= DEFAULT_THRESHOLD).sum()), int((neg >= DEFAULT_THRESHOLD).sum())
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / len(pos)
        rows += [
            _row(f"gaza_auc_{label}", auc, "AUC", ">= 0.99", auc >= 0.99,
                 note="same id vs random same-sex pair from the other release"),
            _row(f"gaza_precision_{label}", precision, "share",
                 note=f"threshold {DEFAULT_THRESHOLD}, one random pair per true pair"),
            _row(f"gaza_recall_{label}", recall, "share", note=f"threshold {DEFAULT_THRESHOLD}"),
        ]
    return rows


def _speed(quick: bool) -> list[dict]:
    loaded = _gaza_pairs()
    if loaded is None:
        return []
    a, b, _ = loaded
    names = sorted({r["name"] for r in list(a.values()) + list(b.values())})
    if quick:
        names = names[:5000]
    started = time.process_time()
    for name in names:
        unicodedata.normalize("NFKC", name).casefold().split()
    anchor = len(names) / (time.process_time() - started)
    started = time.process_time()
    for name in names:
        normalize_arabic(name)
        name_key(name)
    rate = len(names) / (time.process_time() - started)
    rows = [_row("normalize_arabic+name_key", rate, "names/s", ">= 100000", rate >= 100_000,
                 anchor="NFKC+casefold+split loop", ratio=rate / anchor,
                 note=f"{len(names)} distinct names, one core, cold word caches; load {_load()}")]
    rng = random.Random(3)
    forms = [name_form(n) for n in names]
    n_pairs = 200_000 if quick else 2_000_000
    left = [forms[rng.randrange(len(forms))] for _ in range(n_pairs)]
    right = [forms[rng.randrange(len(forms))] for _ in range(n_pairs)]
    started = time.process_time()
    process.cpdist(left, right, scorer=fuzz.ratio, workers=1)
    anchor = n_pairs / (time.process_time() - started)
    started = time.process_time()
    name_similarity_batch(left, right, forms=True)
    rate = n_pairs / (time.process_time() - started)
    rows.append(_row("name_similarity_batch", rate, "pairs/s", ">= 1000000", rate >= 1_000_000,
                     anchor="rapidfuzz cpdist ratio", ratio=rate / anchor,
                     note=f"{n_pairs} random pairs of precomputed forms, one core; load {_load()}"))
    raw_l = [names[rng.randrange(len(names))] for _ in range(n_pairs // 10)]
    raw_r = [names[rng.randrange(len(names))] for _ in range(n_pairs // 10)]
    started = time.process_time()
    name_similarity_batch(raw_l, raw_r)
    rate = len(raw_l) / (time.process_time() - started)
    rows.append(_row("name_similarity_batch_raw", rate, "pairs/s",
                     note="raw names in, forms computed per distinct name inside"))
    return rows


def _load() -> str:
    """The 1-minute load average: on a shared machine, speed figures mean little without it."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"


def run(quick: bool) -> list[dict]:
    return _google_test(quick) + _gaza(quick) + _speed(quick)
