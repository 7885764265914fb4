"""Train and run the linkage model on DuckDB with Splink: records in, scored pairs and clusters out.

`link_records` is the one entry point used by the store, the files mode and the benchmarks. Steps:
features (`features.prepare`) -> settings as JSON data (`settings.build_settings`) -> lambda from a
deterministic rule, u by seeded random sampling, m by EM -> predict -> (two lists: mutual best match)
-> threshold chosen by expected F1 -> clusters that respect must-link and cannot-link decisions.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from hisab.link._splink_fix import clamped_em, levels_kept
from hisab.link.backends import _duckdb_rule, check_backend, open_backend
from hisab.link.constraints import cluster_pairs, mutual_best
from hisab.link.errors import LinkInputError
from hisab.link.features import prepare
from hisab.link.neighbours import MAX_RECORDS, NEIGHBOURS, SETTINGS_KEY, attach_neighbours, neighbour_rule
from hisab.link.prune import ValueCodes, prune_and_register
from hisab.link.settings import blocking_keys, build_settings, em_blocks, rule_sql
from hisab.link.threshold import clustered_threshold, expected_f1_threshold

__all__ = ["LinkResult", "link_records"]

log = logging.getLogger(__name__)
_FLOOR_WEIGHT = -8.0  # pairs below this weight are not kept (they are not worth a review either)


@dataclass
class LinkResult:
    """Scored pairs (with per-comparison weights `w_<comparison>`), clusters and how they were made."""

    pairs: pd.DataFrame
    clusters: pd.Series
    threshold: float
    settings: dict[str, Any]
    model: dict[str, Any]
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def comparisons(self) -> list[str]:
        return [c[2:] for c in self.pairs.columns if c.startswith("w_")]

    def matches(self) -> pd.DataFrame:
        """The pairs accepted at the threshold."""
        return self.pairs[self.pairs["match_weight"] >= self.threshold]


def link_records(
    records: pd.DataFrame, *, one_to_one: bool | None = None, threshold: float | None = None, seed: int = 1,
    must_link: Iterable[tuple[str, str]] = (), cannot_link: Iterable[tuple[str, str]] = (),
    settings: dict[str, Any] | None = None, u_pairs: float = 2e6, em_pairs: float = 2.5e5,
    max_block_pairs: float | None = None, backend: str = "duckdb", neighbours: int | None = None,
) -> LinkResult:
    """Link (and deduplicate) `records`: a frame of `features.INPUT_COLUMNS`.

    With two or more `source_dataset` values the lists are linked to each other and deduplicated;
    `one_to_one=True` (default when there are exactly two) instead treats both lists as already
    deduplicated and keeps each record's mutual best match. `threshold` is a match weight; None lets
    the model choose it (expected F1). `settings` reuses a saved settings dict instead of building one.
    `max_block_pairs` bounds the pairs one blocking rule may generate (default: 10 per record, at
    least a million); a rule above it, or one that would take the rules kept before it past twice
    that in all, is left out and reported in `stats["blocking"]`. `backend` is where
    the model runs: "duckdb" or "spark" (same settings and seed, same clusters; see `backends`).
    `neighbours` is how many most similar records each record is also compared with (`neighbours`
    module; default `NEIGHBOURS`, 0 for none); fewer where the pair budget left by the rules is short,
    none above `MAX_RECORDS` records. The number used is saved in the settings.
    `u_pairs` and `em_pairs` bound the random pairs for u and the pairs each EM block trains on (Splink
    samples beyond them): 250,000 EM pairs gave the same F1 as a million on the Gaza and simulated
    benchmarks, and training at a million records took 6 CPU-seconds instead of 15.
    """
    check_backend(backend)
    if seed < 0:
        raise LinkInputError(f"seed must be 0 or more, got {seed}")
    if neighbours is not None and neighbours < 0:
        raise LinkInputError(f"neighbours must be 0 or more, got {neighbours}")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    feats = prepare(records)
    timings["features_s"] = time.perf_counter() - t0
    sources = sorted(feats["source_dataset"].unique().tolist())
    if one_to_one is None:
        one_to_one = len(sources) == 2
    if one_to_one and len(sources) != 2:
        raise LinkInputError(f"one-to-one linkage needs exactly two lists, got {len(sources)}")
    link_type = "link_only" if one_to_one else ("dedupe_only" if len(sources) == 1 else "link_and_dedupe")
    t0 = time.perf_counter()
    if settings is None:
        settings = build_settings(list(feats.columns), link_type)
        rules, stats_rules = bounded_rules(feats, max_block_pairs)
        k = NEIGHBOURS if neighbours is None else neighbours
        settings[SETTINGS_KEY] = neighbour_budget(len(feats), k, stats_rules)
        if settings[SETTINGS_KEY]:
            rules = [*rules, neighbour_rule()]
        settings["blocking_rules_to_generate_predictions"] = rules
    else:
        stats_rules = {}
        if neighbour_rule() in settings["blocking_rules_to_generate_predictions"] and not settings.get(SETTINGS_KEY):
            raise LinkInputError(f"the settings block on neighbour pairs but do not say how many: "
                                 f"{SETTINGS_KEY!r} is missing or 0")
    if settings.get(SETTINGS_KEY):
        found = attach_neighbours(feats, settings, link_type)
        stats_rules["rule_pairs"] = {**stats_rules.get("rule_pairs", {}), "neighbours": found}
    timings["blocking_s"] = time.perf_counter() - t0
    must, cannot = list(must_link), list(cannot_link)
    t0 = time.perf_counter()
    positions = feats.assign(unique_id=np.arange(len(feats), dtype=np.int64))
    pairs, model, stats = _score(positions, settings, seed, u_pairs, em_pairs, timings, backend)
    at = pd.DataFrame({side: pairs[side].astype(np.int64).to_numpy() for side in ("unique_id_l", "unique_id_r")},
                      index=pairs.index)  # each pair's records as positions: clustering needs no id look-up
    pairs = _with_ids(pairs, feats["unique_id"].to_numpy(dtype=object))
    stats["blocking"] = stats_rules
    pairs = _apply_decisions(pairs, must, cannot)
    if one_to_one:
        pairs = _orient(pairs, sources[0])
        stats["candidate_pairs"] = int(len(pairs))
        pairs = mutual_best(pairs)
    t0 = time.perf_counter()
    ids = feats["unique_id"].tolist()  # both steps copy the ids: from a list, not Arrow text value by value
    kept = None if one_to_one else at.loc[pairs.index]  # mutual_best renumbers its pairs: look those up
    pos = None if kept is None else (kept["unique_id_l"].to_numpy(), kept["unique_id_r"].to_numpy())
    if threshold is not None:
        chosen = float(threshold)
    elif one_to_one:
        chosen = expected_f1_threshold(pairs["match_weight"].to_numpy())
    else:
        chosen = clustered_threshold(ids, pairs, positions=pos)
    clusters = cluster_pairs(ids, pairs, chosen, must, cannot, positions=pos)
    timings["cluster_s"] = time.perf_counter() - t0
    stats.update(timings, link_type=link_type, records=int(len(feats)), threshold_chosen=threshold is None)
    return LinkResult(pairs=pairs, clusters=clusters, threshold=chosen, settings=settings, model=model, stats=stats)


TOTAL_BUDGETS = 2.0
"""All kept rules together may count this many per-rule budgets of pairs."""


def bounded_rules(feats: pd.DataFrame, budget: float | None) -> tuple[list[str], dict[str, Any]]:
    """The blocking rules whose pair count stays within budget, and every rule's count.

    The count of a rule is sum over its blocks of n*(n-1)/2 (all records, so an upper bound for
    linking lists): computed by one GROUP BY per rule, before any pair is made. Rules are taken in
    order while their counts together stay within `TOTAL_BUDGETS` budgets: the fallback rules at the end
    of the list (mistyped names or dates) then add pairs where lists are small and are left out where
    the main rules already make many.
    """
    import duckdb

    if budget is None:
        budget = max(1e6, 10.0 * len(feats))
    con = duckdb.connect()
    con.register("feats", feats)
    kept, counts, dropped, total = [], {}, [], 0
    for keys in blocking_keys(set(feats.columns)):
        cols = ", ".join(f'"{k}"' for k in keys)
        where = " AND ".join(f'"{k}" IS NOT NULL' for k in keys)
        sql = f"SELECT sum(c * (c - 1) / 2) FROM (SELECT count(*) AS c FROM feats WHERE {where} GROUP BY {cols})"  # noqa: S608
        n = con.execute(sql).fetchall()[0][0] or 0
        counts["+".join(keys)] = int(n)
        if n <= budget and total + n <= TOTAL_BUDGETS * budget:
            kept.append(rule_sql(keys))
            total += n
        else:
            dropped.append("+".join(keys))
    con.close()
    return kept or ["1 = 1"], {"rule_pairs": counts, "dropped": dropped, "budget": int(budget),
                               "total_budget": int(TOTAL_BUDGETS * budget)}


def neighbour_budget(records: int, k: int, stats: dict[str, Any]) -> int:
    """Neighbours per record that fit in the total pair budget the kept rules leave (0 for none), and
    their reason in `stats` when fewer than asked. `k` is 0 or more (`link_records` checks it)."""
    if k == 0:
        return 0
    if records > MAX_RECORDS:
        stats["neighbours_skipped"] = f"more than {MAX_RECORDS:,} records"
        return 0
    kept = sum(n for rule, n in stats["rule_pairs"].items() if rule not in stats["dropped"])
    fit = int(max(0, stats["total_budget"] - kept) // max(records, 1))
    if fit < k:
        stats["neighbours_skipped" if fit == 0 else "neighbours_reduced"] = "pair budget"
    return min(k, fit)


def _score(feats: pd.DataFrame, settings: dict[str, Any], seed: int, u_pairs: float, em_pairs: float,
           timings: dict[str, float], backend: str = "duckdb") -> tuple[pd.DataFrame, dict[str, Any], dict[str, Any]]:
    import duckdb
    from splink import Linker

    con = duckdb.connect()
    con.execute("SET threads TO 2")
    cols = set(feats.columns)
    rules, blocks = settings["blocking_rules_to_generate_predictions"], em_blocks(cols)
    values = ValueCodes(feats)
    coded = _key_codes(values, rules) if backend == "duckdb" else {}
    con.register("feats_df", feats.assign(**coded) if coded else feats)
    con.execute("CREATE TABLE records AS SELECT * FROM feats_df")
    con.unregister("feats_df")
    engine = open_backend(backend, con, feats)
    stats: dict[str, Any] = {}
    t0 = time.perf_counter()
    _silence_splink()
    if "probability_two_random_records_match" not in settings:
        settings = {**settings, "probability_two_random_records_match": _prior(con, cols, settings["link_type"])}
    splink_settings = {key: value for key, value in settings.items() if key != SETTINGS_KEY}
    if coded:
        # prediction only: EM leaves out of training the comparisons whose columns its block names
        splink_settings["blocking_rules_to_generate_predictions"] = [_on_codes(r, coded) for r in rules]
    linker = Linker(engine.records(), engine.settings(splink_settings))
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    for block in engine.rules(blocks):
        with clamped_em():
            linker.training.estimate_parameters_using_expectation_maximisation(block, max_pairs=em_pairs)
    timings["train_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    with levels_kept():
        if backend == "duckdb":  # the pairs that cannot reach the floor are not scored (`prune`)
            stats["pairs"] = prune_and_register(con, linker, values, _FLOOR_WEIGHT)
        pred = linker.inference.predict(threshold_match_weight=_FLOOR_WEIGHT)
    raw = _fetch(linker, pred, settings)
    timings["predict_s"] = time.perf_counter() - t0
    model = engine.model(linker.misc.save_model_to_json(), settings)
    if coded:  # the model says what the settings say: rules on the values, not on their codes
        model["blocking_rules_to_generate_predictions"] = [
            _duckdb_rule(rule, ref) for rule, ref in zip(model["blocking_rules_to_generate_predictions"], rules,
                                                          strict=True)]
    engine.close()
    con.close()
    return _tidy(raw, settings), model, stats


_CODE = "__code"
_EQUAL = re.compile(r'l\."(\w+)" = r\."\1"')


def _key_codes(values: ValueCodes, rules: list[Any]) -> dict[str, np.ndarray]:
    """Integer codes of the text columns the rules join on (NULL stays NULL), by column name + `_CODE`.

    Blocking joins and excludes pairs on equal keys; on integers instead of text Splink's blocking took
    3.9 s instead of 5.3-6.1 s at 1,115,707 records, for 0.4-0.9 s of encoding (8 key columns). Only the
    prediction rules use them: EM leaves out of training the comparisons whose columns its block names."""

    feats = values.feats
    out: dict[str, np.ndarray] = {}
    for rule in rules:
        for col in _EQUAL.findall(rule) if isinstance(rule, str) else []:
            name = col + _CODE
            if name in out or col not in feats.columns or pd.api.types.is_numeric_dtype(feats[col]):
                continue
            codes = values(col)[0]
            out[name] = pd.arrays.IntegerArray(codes.copy(), codes < 0)
    return out


def _on_codes(rule: Any, coded: dict[str, np.ndarray]) -> Any:
    """`rule` comparing the codes of the columns that have them."""
    if not isinstance(rule, str):
        return rule
    return _EQUAL.sub(lambda m: (f'l."{m[1]}{_CODE}" = r."{m[1]}{_CODE}"' if m[1] + _CODE in coded else m[0]), rule)


_PRIOR_RECALL = 0.7  # share of true pairs the deterministic rule is assumed to find


def _prior(con: Any, cols: set[str], link_type: str) -> float:
    """Probability that two random records match: pairs agreeing on the whole name key (and age +-1)
    divided by an assumed recall, over all possible pairs; clamped so a list without duplicates works."""
    if "name_k" not in cols:
        return 1e-4
    rule = 'l."name_k" = r."name_k"' + (' AND abs(l."age" - r."age") <= 1' if "age" in cols else "")
    order = "l.source_dataset < r.source_dataset" if link_type == "link_only" else \
        "(l.source_dataset, l.unique_id) < (r.source_dataset, r.unique_id)"
    sql = f"SELECT count(*) FROM records l JOIN records r ON {rule} AND {order}"  # noqa: S608
    agreeing = con.execute(sql).fetchall()[0][0]
    sizes = [n for (n,) in con.execute("SELECT count(*) FROM records GROUP BY source_dataset").fetchall()]
    total = sum(sizes)
    possible = (total * total - sum(n * n for n in sizes)) / 2 if link_type == "link_only" else total * (total - 1) / 2
    if possible <= 0:
        raise LinkInputError("there are fewer than two records to compare")
    return float(min(max(agreeing / _PRIOR_RECALL / possible, 1e-9), 0.5))


def _probe_notice(record: logging.LogRecord) -> bool:
    """False for Splink's notice that its EM sampling probe found no pairs: on small lists the probe's
    sample is simply empty, Splink then trains on every blocked pair, and nothing is wrong."""
    return not record.getMessage().startswith("[EM sampling] Probe returned zero")


def _silence_splink() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.WARNING)
    sampling = logging.getLogger("splink.internals.em_sampling")
    if _probe_notice not in sampling.filters:
        sampling.addFilter(_probe_notice)


def _fetch(linker: Any, pred: Any, settings: dict[str, Any]) -> pd.DataFrame:
    """The predicted pairs with only the columns `_tidy` reads. Splink's table also holds the Bayes factors
    and term frequencies of every level (and, with settings saved before `retain_matching_columns` was
    turned off, every compared value of both records): converting those to pandas is wasted work."""
    table = pred.physical_name
    present = set(linker.misc.query_sql(f"SELECT * FROM {table} LIMIT 0", output_type="pandas").columns)  # noqa: S608
    wanted = ["unique_id_l", "unique_id_r", "source_dataset_l", "source_dataset_r", "match_weight",
              "match_probability"]
    for comp in settings["comparisons"]:
        name = comp["output_column_name"]
        wanted += [f"mw_{name}", f"mw_tf_adj_{name}", f"gamma_{name}"]
    cols = ", ".join(c for c in wanted if c in present)
    return linker.misc.query_sql(f"SELECT {cols} FROM {table}", output_type="pandas")  # noqa: S608


def _with_ids(pairs: pd.DataFrame, ids: np.ndarray) -> pd.DataFrame:
    """Pairs of record ids from pairs of positions. The model is run on each record's position, not its
    id: Splink joins and hashes the key of every candidate pair, and an integer is cheaper there than
    text (at a million records, 15% of the prediction time)."""
    for side in ("unique_id_l", "unique_id_r"):
        pairs[side] = ids[pairs[side].astype(np.int64).to_numpy()]
    return pairs


def _tidy(raw: pd.DataFrame, settings: dict[str, Any]) -> pd.DataFrame:
    out = pd.DataFrame({
        "unique_id_l": raw["unique_id_l"].astype(str), "unique_id_r": raw["unique_id_r"].astype(str),
        "source_dataset_l": _col(raw, "source_dataset_l"), "source_dataset_r": _col(raw, "source_dataset_r"),
        "match_weight": raw["match_weight"].astype(float), "match_probability": raw["match_probability"].astype(float),
    })
    for comp in settings["comparisons"]:
        name = comp["output_column_name"]
        weight = raw[f"mw_{name}"].astype(float).to_numpy()
        if f"mw_tf_adj_{name}" in raw:
            weight = weight + raw[f"mw_tf_adj_{name}"].astype(float).to_numpy()
        out[f"w_{name}"] = weight
        out[f"level_{name}"] = raw[f"gamma_{name}"].astype(int).to_numpy()
    return out


def _col(raw: pd.DataFrame, name: str) -> pd.Series:
    return raw[name].astype(str) if name in raw else pd.Series("records", index=raw.index)


def _apply_decisions(pairs: pd.DataFrame, must: list[tuple[str, str]], cannot: list[tuple[str, str]]) -> pd.DataFrame:
    """Drop cannot-link pairs from the candidates; must-link pairs win every one-to-one contest."""
    if not must and not cannot:
        return pairs
    key = pd.Series([_key(a, b) for a, b in zip(pairs["unique_id_l"], pairs["unique_id_r"], strict=True)],
                    index=pairs.index)
    pairs = pairs[~key.isin({_key(a, b) for a, b in cannot})].copy()
    forced = key.loc[pairs.index].isin({_key(a, b) for a, b in must})
    pairs.loc[forced, "match_weight"] = np.inf
    pairs.loc[forced, "match_probability"] = 1.0
    return pairs


def _key(a: object, b: object) -> tuple[str, str]:
    a, b = str(a), str(b)
    return (a, b) if a <= b else (b, a)


def _orient(pairs: pd.DataFrame, left_source: str) -> pd.DataFrame:
    """Put `left_source`'s record on the left of every pair (Splink orders pairs by its own key)."""
    swap = pairs["source_dataset_l"] != left_source
    if not swap.any():
        return pairs
    out = pairs.copy()
    for a, b in (("unique_id_l", "unique_id_r"), ("source_dataset_l", "source_dataset_r")):
        out.loc[swap, a], out.loc[swap, b] = pairs.loc[swap, b].to_numpy(), pairs.loc[swap, a].to_numpy()
    return out
