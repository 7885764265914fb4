"""The shipped evaluation set and its metrics: recall@1, hits above threshold, false alarms, by script.

A matcher is any function `(query, schema) -> list[(list_key, score)]` ranked best first, so hisab's
index and nomenklatura's logic-v2 are measured on the same queries in the same way. `list_key` is
`kind:list_id`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

Matcher = Callable[[str, str | None], list[tuple[str, float]]]


@dataclass(frozen=True)
class EvalQuery:
    query: str
    script: str
    schema: str | None
    expected: frozenset[str]


DEV_SET = "eval_queries.csv"
HOLDOUT_SET = "eval_queries_holdout.csv"
BLIND2_SET = "eval_queries_blind2.csv"
BLIND3_SET = "eval_queries_blind3.csv"
BLIND4_SET = "eval_queries_blind4.csv"
BLIND5_SET = "eval_queries_blind5.csv"
EVAL_SETS = (DEV_SET, HOLDOUT_SET, BLIND2_SET, BLIND3_SET, BLIND4_SET, BLIND5_SET)


def load_eval_set(name: str = DEV_SET) -> list[EvalQuery]:
    """One shipped set: `DEV_SET` was used while the scoring was developed, so its figures are
    optimistic; `HOLDOUT_SET` and the `BLIND*_SET`s were each written afterwards without being run first
    and must never be tuned on (`BLIND4_SET` was read as development data after its one blind run).
    Lines starting with '#' before the header say how a set was built."""
    if name not in EVAL_SETS:
        raise ValueError(f"unknown evaluation set {name!r}: expected one of {', '.join(EVAL_SETS)}")
    text = (resources.files("hisab") / "data" / "screen" / name).read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return [EvalQuery(r["query"], r["script"], r["schema"] or None,
                      frozenset(x for x in r["expected"].split(";") if x))
            for r in csv.DictReader(lines)]


def evaluate(matcher: Matcher, queries: list[EvalQuery], threshold: float) -> dict[str, dict[str, float]]:
    """Per script and overall: positives, recall@1, share of positives whose expected entity scores
    above the threshold, negatives, and false alarms (negatives with any hit above the threshold)."""
    stats: dict[str, dict[str, float]] = {}
    for q in queries:
        ranked = matcher(q.query, q.schema)
        for key in (q.script, "all"):
            s = stats.setdefault(key, {"positives": 0, "top1": 0, "above": 0, "negatives": 0, "false_alarms": 0})
            if q.expected:
                s["positives"] += 1
                s["top1"] += bool(ranked) and ranked[0][0] in q.expected
                s["above"] += any(k in q.expected and sc >= threshold for k, sc in ranked)
            else:
                s["negatives"] += 1
                s["false_alarms"] += any(sc >= threshold for _, sc in ranked)
    for s in stats.values():
        s["recall_at_1"] = s["top1"] / s["positives"] if s["positives"] else float("nan")
        s["hits_above"] = s["above"] / s["positives"] if s["positives"] else float("nan")
        s["false_alarm_rate"] = s["false_alarms"] / s["negatives"] if s["negatives"] else float("nan")
    return stats
