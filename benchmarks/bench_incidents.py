"""Incidents and places: acceptance figures of issue 8 on the shared data, and geocoding accuracy and speed.

1. Import of the Syrian Archive CW database (2018-08-21 snapshot, then the earlier one merged by code):
   incidents imported; share of those with a place string that reach a governorate and a community P-code
   (target >= 95%); for those with coordinates, share whose chosen place is within 10 km (>= 85%).
2. The WHO SSA Syria rows: rows imported (186) and the totals printed by `hisab incidents stats --json`
   (70 deaths, 269 injured).
3. Geocoding 2,000 gazetteer communities (1,000 with quick), seeded: the Arabic name as the Syrian
   Archive writes places ("governorate : name") and an English name with injected transliteration noise
   (", governorate" appended) must find the right P-code at rank 1 in >= 95%. Name-only figures are
   reported without a target: 11% of Arabic community names are shared by several places, which the
   geocoder reports as ambiguous instead of guessing. Speed: queries/s (target >= 2,000), with a brute-force
   RapidFuzz scan over every name (the obvious implementation) as the anchor.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
import time
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.fuzz import ratio

from hisab.incidents.admin import governorates
from hisab.incidents.gazetteer import COMMUNITY, read_sa_gazetteer
from hisab.incidents.geocode import PlaceIndex
from hisab.incidents.textnorm import place_key
from hisab.shared import shared_path

GAZ = "syrianarchive-cw-incidents/sa_locations_pcodes.json"


def row(metric, value, unit, target=None, anchor=None, ratio_=None, ok=None, note=""):
    return {"benchmark": "incidents", "metric": metric, "value": value, "unit": unit, "target": target,
            "anchor": anchor, "ratio": ratio_, "ok": ok, "note": note}


def noisy(name: str, rng: random.Random) -> str:
    """An English place name as another transliterator might write it: two random edits."""
    s = re.sub(r"\s*\([^)]*\)", "", name).split(" - ")[0]
    ops = [
        lambda s: re.sub(r"[aeiou]", lambda m: rng.choice("aeiou"), s, count=1),
        lambda s: re.sub(r"([bdfgklmnprstz])", r"\1\1", s, count=1),
        lambda s: re.sub(r"([a-z])\1", r"\1", s, count=1),
        lambda s: s.replace("q", "k") if "q" in s else s.replace("k", "q", 1),
        lambda s: s.replace("ei", "ay") if "ei" in s else s.replace("ou", "u"),
        lambda s: s.replace("-", " ") if "-" in s else s.replace(" ", "-", 1),
        lambda s: s.replace("eh", "a") if s.endswith("eh") else s.replace("a", "e", 1),
        lambda s: s.replace("sh", "ch", 1) if "sh" in s else s.replace("kh", "h", 1),
        lambda s: ("Al-" + s) if not s.lower().startswith(("al", "el")) else s[3:],
    ]
    chosen = rng.sample(ops, 2)
    for op in sorted(chosen, key=lambda o: o is ops[-1]):  # the article last, so it is not itself edited
        s = op(s)
    return s


def bench_geocoding(quick: bool) -> list[dict]:
    path = shared_path(GAZ)
    if path is None:
        return [row("geocoding", 0, "", note=f"skipped: {GAZ} absent")]
    entries = read_sa_gazetteer(path)
    index = PlaceIndex(entries)
    rng = random.Random(20260824)
    sample = rng.sample([e for e in entries if e.level == COMMUNITY and e.pcode], 1000 if quick else 2000)
    gov = governorates()
    sets = {
        "arabic 'governorate : name'": [(f"{gov[p.governorate_pcode].name_ar} : {p.name_ar}", p.pcode) for p in sample],
        "noisy english 'name, governorate'": [(f"{noisy(p.name_en, rng)}, {gov[p.governorate_pcode].name_en}",
                                               p.pcode) for p in sample],
        "arabic name only": [(p.name_ar, p.pcode) for p in sample],
        "noisy english name only": [(noisy(p.name_en, rng), p.pcode) for p in sample],
    }
    out, timings = [], []
    for label, queries in sets.items():
        started = time.perf_counter()
        results = [index.find(q) for q, _ in queries]
        timings.append((len(queries), time.perf_counter() - started))
        rank1 = sum(1 for r, (_, pc) in zip(results, queries, strict=True) if r.candidates
                    and r.candidates[0].pcode == pc and not r.ambiguous) / len(queries)
        tied = sum(1 for r, (_, pc) in zip(results, queries, strict=True) if r.ambiguous
                   and pc in {c.pcode for c in r.candidates if r.candidates[0].score - c.score < 0.005})
        with_context = "only" not in label
        out.append(row(f"rank-1 P-code, {label}", rank1, "share", ">= 0.95" if with_context else None,
                       ok=rank1 >= 0.95 if with_context else None,
                       note=f"{len(queries)} queries; {tied} more reported ambiguous with the right place among "
                            "the tied candidates"))
    n = sum(k for k, _ in timings)
    qps = n / sum(t for _, t in timings)
    names = [(place_key(e.name_en), e.pcode) for e in entries if e.name_en]
    keys = [k for k, _ in names]
    probe = [place_key(q) for q, _ in sets["noisy english name only"][:200]]
    started = time.perf_counter()
    for q in probe:
        process.extractOne(q, keys, scorer=ratio)
    naive = len(probe) / (time.perf_counter() - started)
    out.append(row("geocoding speed", qps, "queries/s", ">= 2000", f"brute-force RapidFuzz scan {naive:,.0f} q/s",
                   qps / naive, qps >= 2000, f"{n} queries over {len(entries)} places, one core"))
    return out


def bench_import() -> list[dict]:
    from typer.testing import CliRunner

    from hisab.cli import app
    from hisab.incidents import import_incidents, load_places
    from hisab.store import open_store

    needed = [GAZ, "syrianarchive-cw-incidents/cw_incidents_2018-08-21.json",
              "syrianarchive-cw-incidents/cw_incidents.json", "who-ssa-health-attacks/who_ssa_2020_2024_syria.csv"]
    paths = [shared_path(p) for p in needed]
    if any(p is None for p in paths):
        return [row("import", 0, "", note="skipped: shared data absent")]
    gaz, new, old, who = paths
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        store = open_store(url)
        load_places(store, gaz, shared_path("syrianarchive-2015/locations.xml"))
        started = time.perf_counter()
        report = import_incidents(store, [new, old, who])
        took = time.perf_counter() - started
        f_new, f_old, f_who = report.files
        text = [x for x in f_new.located if x.location_text]
        placed = [x for x in text if x.placed and x.governorate_pcode and x.community_pcode]
        coords = [x for x in f_new.located if x.distance_km is not None]
        near = [x for x in coords if x.distance_km <= 10]
        result = CliRunner().invoke(app, ["incidents", "stats", "--origin", "who-ssa", "--json", "--db", url])
        stats = json.loads(result.stdout)
        store.dispose()
    fails = "; ".join(f"{x.code} {x.status}" for x in f_new.failures) or "none"
    far = "; ".join(f"{x.code} {x.distance_km} km" for x in coords if x.distance_km > 10) or "none"
    return [
        row("CW incidents imported (2018-08-21)", f_new.added, "incidents", "== 209", ok=f_new.added == 209,
            note=f"earlier snapshot merged into {f_old.merged} of them; import of both + WHO {took:.1f} s"),
        row("CW with place text -> governorate + community P-code", len(placed) / len(text), "share", ">= 0.95",
            ok=len(placed) / len(text) >= 0.95, note=f"{len(placed)}/{len(text)}; not placed: {fails}"),
        row("CW with coordinates: chosen place within 10 km", len(near) / len(coords), "share", ">= 0.85",
            ok=len(near) / len(coords) >= 0.85, note=f"{len(near)}/{len(coords)}; farther: {far}"),
        row("WHO SSA Syria rows imported", f_who.added, "rows", "== 186", ok=f_who.added == 186),
        row("WHO deaths (hisab incidents stats)", stats["killed_min"], "deaths", "== 70", ok=stats["killed_min"] == 70),
        row("WHO injured (hisab incidents stats)", stats["injured_min"], "injured", "== 269",
            ok=stats["injured_min"] == 269),
    ]


def run(quick: bool) -> list[dict]:
    return bench_import() + bench_geocoding(quick)
