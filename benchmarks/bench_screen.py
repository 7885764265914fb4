"""Screening benchmarks: hisab.screen beside nomenklatura's logic-v2 (yente's default) on the same data.

Lists: OFAC SDN 2021 legacy CSV (+alt/add/comments) and the UN SC consolidated list 2026-02-27, from
shared/data/sanctions (skipped where absent). Figures:
- hisab's own evaluation sets, each by script: recall@1, positives scoring above the threshold and false
  alarms on negatives, for hisab (threshold 0.80) and logic-v2 (its yente default 0.70). "dev"
  (src/hisab/data/screen/eval_queries.csv) was used while the scoring was developed, so its figures are
  optimistic; "holdout" (eval_queries_holdout.csv) was written afterwards without being run first and is
  never tuned on: its figures are the honest ones. The holdout has since been looked at twice (after the
  algorithm-3 fix and after commit 5f2eeff changed hisab.names.transliterate), so "blind2"
  (eval_queries_blind2.csv: a fresh batch, mostly Arabic, written before the scoring was adapted to that
  commit and not run first) and "blind3" (eval_queries_blind3.csv: mostly Arabic organisation names, written
  before hisab-screen-5 translated Arabic legal-form words, and not run first) are the least optimistic.
  "blind4" (eval_queries_blind4.csv) was run once blind at hisab-screen-6 and then read as development data
  for hisab-screen-7; "blind5" (eval_queries_blind5.csv: Arabic and Russian-translated organisation names,
  written before hisab-screen-7 and never shown to it) is its honest test. "all" is every set together;
  "never tuned on" is holdout, blind2, blind3 and blind5 together, the honest estimate on the most queries.
  logic-v2 has no index of its own (yente uses Elasticsearch), so it scores the union of hisab's candidates
  and every entity sharing a literal (case-folded) word with the query: it always sees the right entity
  whenever hisab's candidate generation found it.
- watchman's cross-script pairs: share passing their minimum score (Arabic, Cyrillic, Greek, Hebrew are
  the target; the other scripts are reported for information). Not used for tuning.
- queries/s over OFAC SDN + UN, index build time and its memory (tracemalloc peak).
"""

from __future__ import annotations

import csv
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from typing import Any

from hisab.screen.entity import ListEntity
from hisab.screen.evaluate import (
    BLIND2_SET,
    BLIND3_SET,
    BLIND4_SET,
    BLIND5_SET,
    DEV_SET,
    HOLDOUT_SET,
    EvalQuery,
    evaluate,
    load_eval_set,
)
from hisab.screen.index import DEFAULT_THRESHOLD, SCHEMA_FAMILIES, ScreenIndex
from hisab.screen.readers import read_ofac_sdn, read_un_sc
from hisab.shared import shared_path

B = "screen"
LOGIC_V2_THRESHOLD = 0.7


def _row(metric: str, value: Any, unit: str = "", target: str | None = None, anchor: str | None = None,
         anchor_value: float | None = None, ok: bool | None = None, note: str = "") -> dict:
    ratio = value / anchor_value if anchor_value else None
    return {"benchmark": B, "metric": metric, "value": value, "unit": unit, "target": target,
            "anchor": anchor, "ratio": ratio, "ok": ok, "note": note}


def _lists() -> list[ListEntity] | None:
    sdn = shared_path("sanctions/ofac_sdn_2021.csv")
    un = shared_path("sanctions/un_sc_consolidated_2026-02-27.xml")
    if sdn is None or un is None:
        return None
    return read_ofac_sdn(Path(sdn)).entities + read_un_sc(Path(un)).entities


class LogicV2Baseline:
    """nomenklatura LogicV2 over FtM proxies of the same entities."""

    def __init__(self, entities: list[ListEntity], index: ScreenIndex):
        from followthemoney import model
        from nomenklatura.matching import LogicV2
        from nomenklatura.matching.types import ScoringConfig

        self.model, self.algo = model, LogicV2
        self.config = ScoringConfig(weights={}, config={})
        self.index = index
        self.count = 0
        self.proxies = [model.get_proxy(e.to_ftm()) for e in entities]
        self.keys = [f"{e.list_kind}:{e.list_id}" for e in entities]
        self.words: dict[str, set[int]] = defaultdict(set)
        for i, e in enumerate(entities):
            for n in e.matchable:
                for w in n.casefold().replace(",", " ").replace("-", " ").split():
                    self.words[w].add(i)

    def __call__(self, query: str, schema: str | None) -> list[tuple[str, float]]:
        from hisab.screen.analyze import query_forms

        # Non-person queries go in as LegalEntity: OFAC types entities only as "-0-" (LegalEntity), and an
        # Organization query would be refused against them by FtM's schema rules, not by the name logic.
        q = self.model.make_entity("Person" if schema == "Person" else "LegalEntity")
        self.count += 1
        q.id = f"query-{self.count}"  # nomenklatura caches name analysis by entity id
        q.add("name", query)
        cands = set(self.index.candidates(query_forms(query), None))
        for w in query.casefold().replace(",", " ").replace("-", " ").split():
            post = self.words.get(w, set())
            if len(post) < 2000:
                cands |= post
        scored = []
        for i in cands:
            p = self.proxies[i]
            if schema and p.schema.name not in SCHEMA_FAMILIES[schema]:
                continue
            scored.append((self.keys[i], self.algo.compare(q, p, self.config).score))
        scored.sort(key=lambda x: -x[1])
        return scored[:5]


def _ours(index: ScreenIndex):
    def match(query: str, schema: str | None) -> list[tuple[str, float]]:
        res = index.search(query, schema=schema)
        return [(f"{h.entity.list_kind}:{h.entity.list_id}", h.score if (h.match or not res.warnings) else 0.0)
                for h in res.hits]
    return match


def _accuracy(name: str, matcher, queries: list[EvalQuery], threshold: float, targets: bool) -> list[dict]:
    stats = evaluate(matcher, queries, threshold)
    rows = []
    for script in ("all", "latin", "arabic", "cyrillic"):
        s = stats.get(script)
        if not s:
            continue
        goal = {"all": 0.95, "arabic": 0.90, "cyrillic": 1.0}.get(script) if targets else None
        rows.append(_row(f"{name} recall@1 {script}", round(s["recall_at_1"], 4), "share",
                         f">= {goal}" if goal else None, ok=(s["recall_at_1"] >= goal) if goal else None,
                         note=f"{s['top1']}/{s['positives']} positives"))
        rows.append(_row(f"{name} hits above threshold {script}", round(s["hits_above"], 4), "share",
                         note=f"{s['above']}/{s['positives']} at >= {threshold}"))
        if s["negatives"]:
            rows.append(_row(f"{name} false alarms {script}", round(s["false_alarm_rate"], 4), "share",
                             "<= 0.02" if targets and script == "all" else None,
                             ok=(s["false_alarm_rate"] <= 0.02) if targets and script == "all" else None,
                             note=f"{s['false_alarms']}/{s['negatives']} negatives"))
    return rows


def _watchman_pairs() -> list[dict]:
    path = shared_path("sanctions/watchman_cross_script_pairs.csv")
    if path is None:
        return []
    groups: dict[str, list[bool]] = defaultdict(list)
    script = "?"
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("#"):
                head = line.lstrip("# ")
                if " to Latin" in head:
                    script = head.split(" to Latin")[0].split(" (")[0]
                continue
            if not line:
                continue
            query, expected, minimum = next(csv.reader([line]))[:3]
            entity = ListEntity("pairs", "1", "LegalEntity", [expected])
            hits = ScreenIndex([entity]).search(query, limit=1).hits
            score = hits[0].name_match.score if hits else 0.0
            groups[script].append(score >= float(minimum))
    rows = []
    target_scripts = ("Arabic", "Cyrillic", "Greek", "Hebrew")
    core = [ok for s in target_scripts for ok in groups.get(s, [])]
    rows.append(_row("watchman cross-script pairs passing (Arabic, Cyrillic, Greek, Hebrew)",
                     round(sum(core) / len(core), 4) if core else 0.0, "share", ">= 1.0",
                     ok=bool(core) and all(core), note=f"{sum(core)}/{len(core)} pairs"))
    for s, oks in groups.items():
        rows.append(_row(f"watchman pairs passing {s}", round(sum(oks) / len(oks), 4), "share",
                         note=f"{sum(oks)}/{len(oks)}" + ("" if s in target_scripts else " (not a target script)")))
    return rows


def run(quick: bool) -> list[dict]:
    rows = _watchman_pairs()
    entities = _lists()
    if entities is None:
        return rows + [_row("lists", 0, note="shared sanctions data absent: skipped")]
    t0 = time.perf_counter()
    index = ScreenIndex(entities)
    build = time.perf_counter() - t0
    names = sum(len(n) for n in index.names)
    rows.append(_row("index build time", round(build, 2), "s", "<= 30", ok=build <= 30,
                     note=f"{len(entities)} entities, {names} matchable names"))
    if not quick:
        tracemalloc.start()
        ScreenIndex(entities)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        rows.append(_row("index memory (tracemalloc peak)", round(peak, 1), "MiB", "<= 1024", ok=peak <= 1024))
    sets = {"dev": load_eval_set(DEV_SET), "holdout": load_eval_set(HOLDOUT_SET),
            "blind2": load_eval_set(BLIND2_SET), "blind3": load_eval_set(BLIND3_SET),
            "blind4": load_eval_set(BLIND4_SET), "blind5": load_eval_set(BLIND5_SET)}
    sets["all"] = [q for qs in list(sets.values()) for q in qs]  # the whole evaluation set, as the targets read
    # The splits never tuned on (blind4 became development data after its one blind run): the honest figure.
    sets["never tuned on"] = [q for label in ("holdout", "blind2", "blind3", "blind5") for q in sets[label]]
    queries = sets["dev"]
    ours = _ours(index)
    for label, qs in sets.items():
        rows += _accuracy(f"hisab {label}", ours, qs, DEFAULT_THRESHOLD, True)
    try:
        baseline = LogicV2Baseline(entities, index)
    except ImportError as exc:  # nomenklatura is a benchmark-only install (it pins duckdb < 2)
        baseline = None
        rows.append(_row("logic-v2", 0, note=f"nomenklatura not installed ({exc}): baseline skipped"))
    if baseline is not None:
        for label, qs in sets.items():
            rows += _accuracy(f"logic-v2 {label}", baseline, qs, LOGIC_V2_THRESHOLD, False)
    from hisab.screen.score import _sim, _token_sim

    # Throughput on queries not run before: the list's own names (every 10th entity; 1 in 40 when quick)
    # in a new order, with the scoring caches emptied first.
    step = 40 if quick else 10
    texts = [e.matchable[-1] for e in entities[::step] if e.matchable]
    _sim.cache_clear()
    _token_sim.cache_clear()
    t0 = time.perf_counter()
    for text in texts:
        index.search(text)
    qps = len(texts) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for text in texts:
        index.search(text)
    warm_qps = len(texts) / (time.perf_counter() - t0)
    rows.append(_row("queries/s, the same queries again (warm caches)", round(warm_qps, 1), "q/s"))
    lv2_qps = None
    if baseline is not None:
        t0 = time.perf_counter()
        for q in queries:
            baseline(q.query, None)
        lv2_qps = len(queries) / (time.perf_counter() - t0)
        rows.append(_row("logic-v2 queries/s (same candidates + literal-word candidates)", round(lv2_qps, 1),
                         "q/s"))
    rows.append(_row("queries/s over OFAC SDN + UN", round(qps, 1), "q/s", ">= 200", "logic-v2 q/s", lv2_qps,
                     ok=qps >= 200, note=f"{len(texts)} list names as queries, cold caches, one process"))
    return rows
