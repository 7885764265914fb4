"""Linkage benchmarks: hisab.link beside Splink's tutorial-style defaults, on the same data in the same run.

Datasets (skipped where the shared data is absent): FEBRL dataset3 (dedupe) and 4a/4b (link), Splink's
fake_20000 (dedupe, truth column `group`), two releases of the Gaza MoH list (link on name,
age and sex only; truth = same id, never a feature; Arabic, English and cross-script), and lists
simulated by `hisab simulate` linked through the store end to end. Figures are pairwise precision,
recall and F1 after clustering, blocking recall and comparison counts, and time per stage.
No names are printed.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from hisab.link import blocked_pair_counts, link_records, pairwise_scores, prepare
from hisab.link.neighbours import attach_neighbours
from hisab.shared import shared_path


def _row(bench: str, metric: str, value: Any, unit: str = "", target: str | None = None,
         anchor: str | None = None, anchor_value: float | None = None, ok: bool | None = None, note: str = "") -> dict:
    ratio = value / anchor_value if anchor_value else None
    return {"benchmark": bench, "metric": metric, "value": value, "unit": unit, "target": target,
            "anchor": anchor, "ratio": ratio, "ok": ok, "note": note}


# ---------------------------------------------------------------- Splink tutorial-style defaults
def splink_default(df: pd.DataFrame, comparisons: list, blocking: list, link_type: str,
                   em_rules: list, det_rules: list, seed: int = 1) -> tuple[pd.Series, float]:
    """Splink 5 as its tutorials set it up; clusters at match probability 0.5. Returns (clusters, seconds)."""
    import logging

    from splink import DuckDBAPI, Linker, SettingsCreator

    logging.getLogger("splink").setLevel(logging.ERROR)
    t0 = time.perf_counter()
    db = DuckDBAPI()
    frames = [df] if link_type == "dedupe_only" else [g.drop(columns="source_dataset")
                                                     for _, g in df.groupby("source_dataset", sort=True)]
    sdfs = [db.register(f, dataset_display_name=f"t{i}") for i, f in enumerate(frames)]
    settings = SettingsCreator(link_type=link_type, unique_id_column_name="unique_id", comparisons=comparisons,
                               blocking_rules_to_generate_predictions=blocking)
    linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], settings)
    linker.training.estimate_probability_two_random_records_match(det_rules, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pred = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, 0.5).as_pandas_dataframe()
    seconds = time.perf_counter() - t0
    return pd.Series(clusters["cluster_id"].to_numpy(), index=clusters["unique_id"].astype(str)), seconds


def _compare(bench: str, records: pd.DataFrame, truth: pd.Series, target: float, splink_args: dict,
             one_to_one: bool | None = None) -> list[dict]:
    rows = []
    t0 = time.perf_counter()
    result = link_records(records, seed=1, one_to_one=one_to_one)
    seconds = time.perf_counter() - t0
    ours = pairwise_scores(result.clusters, truth.reindex(result.clusters.index))
    block = _blocking(prepare(records), result.settings, truth, result.stats["link_type"])
    try:
        s_clusters, s_seconds = splink_default(**splink_args)
        theirs = pairwise_scores(s_clusters, truth.reindex(s_clusters.index))
    except Exception as exc:
        theirs, s_seconds = None, None
        rows.append(_row(bench, "splink_default_error", 0, note=type(exc).__name__ + ": " + str(exc)[:200]))
    anchor_f1 = theirs.f1 if theirs else None
    rows += [
        _row(bench, "f1", round(ours.f1, 4), "", f">= {target}", "splink_default_f1", anchor_f1, ours.f1 >= target,
             f"precision {ours.precision:.4f} recall {ours.recall:.4f} at weight {result.threshold:.2f} "
             "(chosen by the model)"),
        *_blocking_rows(bench, block),
        _row(bench, "seconds", round(seconds, 2), "s", None, "splink_default_seconds", s_seconds, None,
             " ".join(f"{k}={v:.2f}" for k, v in result.stats.items() if k.endswith("_s"))),
    ]
    if theirs:
        rows += [_row(bench, "splink_default_f1", round(theirs.f1, 4), note=f"precision {theirs.precision:.4f} "
                      f"recall {theirs.recall:.4f} at p=0.5"),
                 _row(bench, "splink_default_seconds", round(s_seconds, 2), "s")]
    return rows


def _blocking(feats: pd.DataFrame, settings: dict, truth: pd.Series, link_type: str) -> dict:
    """What the run's blocking compared, measured on the same features (neighbour pairs included)."""
    attach_neighbours(feats, settings, link_type)
    return blocked_pair_counts(feats, settings["blocking_rules_to_generate_predictions"], truth,
                               "dedupe_only" if link_type == "link_and_dedupe" else link_type)


def _blocking_rows(bench: str, block: dict) -> list[dict]:
    counts = f"{block['comparisons']:,} comparisons, {block['true_pairs']:,} true pairs"
    return [
        _row(bench, "blocking_recall", round(block["blocking_recall"], 4), "", ">= 0.99", None, None,
             block["blocking_recall"] >= 0.99, f"true pairs compared directly; {counts}"),
        _row(bench, "reachable_recall", round(block["reachable_recall"], 4), "", None, None, None, None,
             "true pairs joined by a chain of compared true pairs (what clustering can still bring together)"),
    ]


# ---------------------------------------------------------------- datasets
def _febrl(name: str) -> pd.DataFrame | None:
    path = shared_path(f"febrl/{name}.csv")
    if path is None:
        return None
    df = pd.read_csv(path, dtype=str, skipinitialspace=True, keep_default_na=False)
    df.columns = [c.strip() for c in df.columns]
    return df.replace("", None)


def _febrl_records(df: pd.DataFrame, source: str) -> pd.DataFrame:
    return pd.DataFrame({"unique_id": source + ":" + df["rec_id"], "source_dataset": source,
                         "given": df["given_name"], "family": df["surname"], "dob": df["date_of_birth"],
                         "place": df["suburb"], "id_number": df["soc_sec_id"]})


def _febrl_splink(records: pd.DataFrame, link_type: str) -> dict:
    import splink.comparison_library as cl
    from splink import block_on

    df = records.rename(columns={"given": "first_name", "family": "surname", "place": "city",
                                 "id_number": "soc_sec_id"})
    return {"df": df, "link_type": link_type,
            "comparisons": [cl.NameComparison("first_name"), cl.NameComparison("surname"),
                            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y%m%d"),
                            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
                            cl.LevenshteinAtThresholds("soc_sec_id", [1])],
            "blocking": [block_on("first_name", "city"), block_on("surname"), block_on("dob"),
                         block_on("soc_sec_id")],
            "det_rules": [block_on("first_name", "surname", "dob")],
            "em_rules": [block_on("first_name", "surname"), block_on("dob")]}


def bench_febrl() -> list[dict]:
    rows: list[dict] = []
    d3 = _febrl("dataset3")
    if d3 is not None:
        rec = _febrl_records(d3, "d3")
        truth = pd.Series(d3["rec_id"].str.extract(r"rec-(\d+)-")[0].to_numpy(), index=rec["unique_id"])
        rows += _compare("febrl3_dedupe", rec, truth, 0.99, _febrl_splink(rec, "dedupe_only"))
    a, b = _febrl("dataset4a"), _febrl("dataset4b")
    if a is not None and b is not None:
        rec = pd.concat([_febrl_records(a, "a"), _febrl_records(b, "b")], ignore_index=True)
        ids = pd.concat([a["rec_id"], b["rec_id"]], ignore_index=True)
        truth = pd.Series(ids.str.extract(r"rec-(\d+)-")[0].to_numpy(), index=rec["unique_id"])
        rows += _compare("febrl4_link", rec, truth, 0.99, _febrl_splink(rec, "link_only"), one_to_one=True)
    return rows


def bench_fake(quick: bool) -> list[dict]:
    import splink.comparison_library as cl
    from splink import block_on

    path = shared_path("splink-demo-data/fake_1000.csv" if quick else "splink-demo-data/fake_20000.csv")
    if path is None:
        return []
    df = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
    truth_col = "cluster" if "cluster" in df else "group"
    rec = pd.DataFrame({"unique_id": df["unique_id"], "given": df["first_name"], "family": df["surname"],
                        "dob": df["dob"], "place": df["city"], "email": df["email"]})
    truth = pd.Series(df[truth_col].to_numpy(), index=rec["unique_id"])
    sdf = df.drop(columns=[truth_col])
    args = {"df": sdf, "link_type": "dedupe_only",
            "comparisons": [cl.NameComparison("first_name"), cl.NameComparison("surname"),
                            cl.DateOfBirthComparison("dob", input_is_string=True),
                            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
                            cl.EmailComparison("email")],
            "blocking": [block_on("first_name", "city"), block_on("surname"), block_on("dob")],
            "det_rules": [block_on("first_name", "surname", "dob"), block_on("email")],
            "em_rules": [block_on("first_name", "surname"), block_on("dob")]}
    name = "fake_1000" if quick else "fake_20000"
    return _compare(name, rec, truth, 0.85, args) + [_evidence_free(name, df, truth_col)]


def _evidence_free(bench: str, df: pd.DataFrame, truth_col: str) -> dict:
    """True pairs that agree on nothing a blocking key could use: no first name or surname (either field
    against either) within Jaro-Winkler 0.85, dates of birth three or more characters apart or missing,
    e-mails under Jaro-Winkler 0.85 or missing (the city is left out: a capital is shared by thousands).
    Blocking that needs some agreement cannot reach these, so 1 minus their share bounds its recall."""
    import duckdb

    con = duckdb.connect()
    con.register("people", df.assign(_pos=range(len(df))))
    names = " OR ".join(f"jaro_winkler_similarity(l.{a}, r.{b}) >= 0.85" for a in ("first_name", "surname")
                        for b in ("first_name", "surname"))
    dob = "(length(l.dob) = length(r.dob) AND hamming(l.dob, r.dob) <= 2)"
    email = "jaro_winkler_similarity(l.email, r.email) >= 0.85"
    sql = (f"SELECT count(*), count(*) FILTER (WHERE NOT coalesce({names} OR {dob} OR {email}, false)) "  # noqa: S608
           f"FROM people l JOIN people r ON l.{truth_col} = r.{truth_col} AND l._pos < r._pos")
    true_pairs, free = con.execute(sql).fetchall()[0]
    con.close()
    return _row(bench, "evidence_free_true_pairs", round(free / true_pairs, 4), "share", None, None, None, None,
                f"{free:,} of {true_pairs:,} true pairs agree on no name, date of birth or e-mail: direct "
                f"blocking recall of any blocking that needs agreement is at most {1 - free / true_pairs:.4f}")


def _gaza(name: str, column: str, source: str) -> pd.DataFrame | None:
    path = shared_path(f"gaza-moh-arabic-names/{name}")
    if path is None:
        return None
    df = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
    df = df[df["id"].notna() & ~df["id"].duplicated(keep=False)]
    return pd.DataFrame({"unique_id": source + ":" + df["id"], "source_dataset": source, "name": df[column],
                         "age": pd.to_numeric(df["age"], errors="coerce"), "sex": df["sex"],
                         "_id": df["id"]})


def bench_gaza(quick: bool) -> list[dict]:
    import splink.comparison_library as cl
    from splink import block_on

    rows: list[dict] = []
    for label, col_a, col_b, target in (("arabic", "name", "name", 0.98), ("english", "en_name", "en_name", 0.97),
                                        ("cross_script", "name", "en_name", 0.93)):
        a = _gaza("moh_killed_20240413.csv", col_a, "a")
        b = _gaza("moh_killed_20240808.csv", col_b, "b")
        if a is None or b is None:
            return rows
        if quick:
            a, b = a.iloc[:2000], b[b["_id"].isin(a["_id"].iloc[:2000]) | (b.index < 1000)]
        rec = pd.concat([a, b], ignore_index=True)
        truth = pd.Series(rec.pop("_id").to_numpy(), index=rec["unique_id"])
        args = {"df": rec, "link_type": "link_only",
                "comparisons": [cl.NameComparison("name"), cl.ExactMatch("age"), cl.ExactMatch("sex")],
                "blocking": [block_on("name"), block_on("age", "sex")],
                "det_rules": [block_on("name", "age")], "em_rules": [block_on("name"), block_on("age", "sex")]}
        if col_a != col_b:  # no name is equal across scripts: Splink's name rule finds no pairs to train on
            args["det_rules"], args["em_rules"] = [block_on("age", "sex")], [block_on("age", "sex")]
        rows += _compare(f"gaza_{label}", rec, truth, target, args, one_to_one=True)
    return rows


def bench_simulated(quick: bool) -> list[dict]:
    """`hisab simulate` lists imported into a fresh store and linked end to end (`link_store`)."""
    from sqlalchemy import select

    from hisab.link import link_store, load_records
    from hisab.records import import_file
    from hisab.simulate import simulate
    from hisab.store import open_store
    from hisab.store.models import Record

    victims = 3000 if quick else 50000
    with tempfile.TemporaryDirectory() as tmp:
        sim = simulate(victims, 4, 7, Path(tmp) / "lists", xlsx=False)
        store = open_store(f"sqlite:///{tmp}/store.db")
        t0 = time.perf_counter()
        for f in sim.lists:
            import_file(store, f.path, f.name, f.mapping_path)
        t_import = time.perf_counter() - t0
        t0 = time.perf_counter()
        run = link_store(store, seed=1)
        t_link = time.perf_counter() - t0
        with store.session() as s:
            rows = s.execute(select(Record.id, Record.person_id)).all()
        feats = prepare(load_records(store))
        by_id = _store_truth(store, sim.truth_path)
        store.dispose()
    pred = pd.Series([p for _, p in rows], index=[str(i) for i, _ in rows])
    scores = pairwise_scores(pred, by_id.reindex(pred.index))
    block = _blocking(feats, run.settings, by_id, "dedupe_only")
    name = f"simulated_{victims}"
    return [
        _row(name, "f1", round(scores.f1, 4), "", ">= 0.97", None, None, scores.f1 >= 0.97,
             f"precision {scores.precision:.4f} recall {scores.recall:.4f}; {len(pred):,} records, "
             f"threshold {run.threshold:.2f}"),
        *_blocking_rows(name, block),
        _row(name, "seconds", round(t_link, 2), "s", None, None, None, None,
             f"import {t_import:.1f} s; " + " ".join(f"{k}={v:.2f}" for k, v in run.summary["stats"].items()
                                                       if k.endswith("_s"))),
    ]


def _store_truth(store, truth_path: Path) -> pd.Series:
    """The simulator's person of every record of the store, by record id (the linkage's unique_id)."""
    from sqlalchemy import select

    from hisab.store.models import Record, Source

    with store.session() as s:
        rows = s.execute(select(Source.name, Record.source_record_id, Record.id)
                         .join(Source, Source.id == Record.source_id)).all()
    truth_df = pd.read_csv(truth_path, dtype=str)
    truth = pd.Series(truth_df["person_id"].to_numpy(), index=truth_df["list"] + ":" + truth_df["record_id"])
    return pd.Series(truth.reindex([f"{n}:{r}" for n, r, _ in rows]).to_numpy(), index=[str(i) for *_, i in rows])


def bench_scale(quick: bool, victims: int | None = None) -> list[dict]:
    """Dedupe of simulated records end to end (features, train, predict, cluster), beside Splink defaults.

    Records come from `hisab simulate` lists imported into a store (import time not counted). Peak RSS
    is the process maximum (ru_maxrss), so it covers both runs.
    """
    import resource

    import splink.comparison_library as cl
    from splink import block_on

    from hisab.link import load_records
    from hisab.records import import_file
    from hisab.simulate import simulate
    from hisab.store import open_store

    victims = victims or (2000 if quick else 700_000)
    with tempfile.TemporaryDirectory() as tmp:
        sim = simulate(victims, 4, 11, Path(tmp) / "lists", xlsx=False)
        store = open_store(f"sqlite:///{tmp}/store.db")
        for f in sim.lists:
            import_file(store, f.path, f.name, f.mapping_path)
        records = load_records(store)
        truth = _store_truth(store, sim.truth_path)
        store.dispose()
    records["source_dataset"] = "all"  # one deduplication over every record
    n = len(records)
    t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    result = link_records(records, seed=1, one_to_one=False)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0 + _children_cpu() - k0  # + the features child
    sdf = records[["unique_id", "name", "age", "sex", "date_earliest", "governorate"]].copy()
    sdf["date_earliest"] = sdf["date_earliest"].astype(str)
    args = {"df": sdf, "link_type": "dedupe_only",
            "comparisons": [cl.NameComparison("name"), cl.ExactMatch("age"), cl.ExactMatch("sex"),
                            cl.ExactMatch("date_earliest"), cl.ExactMatch("governorate")],
            "blocking": [block_on("name"), block_on("date_earliest", "age")],
            "det_rules": [block_on("name", "age")], "em_rules": [block_on("name"), block_on("date_earliest", "age")]}
    c0 = time.process_time()
    _, s_seconds = splink_default(**args)
    s_cpu = time.process_time() - c0  # CPU seconds (all threads): less moved by other jobs than the clock
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024  # as if both peaked at once
    load = os.getloadavg()[0]  # the machine is shared: the ratio to Splink, measured alongside, is the figure
    name = "scale_quick" if quick else "scale_1m"  # one name per size class: a rerun replaces its rows
    staged = {k: v for k, v in result.stats.items() if k.endswith("_s")}
    staged["other_s"] = seconds - sum(staged.values())  # loading the records into DuckDB, the lambda estimate
    stages = " ".join(f"{k}={v:.1f}" for k, v in staged.items())
    counts = result.stats.get("pairs") or {}
    scored = (f"{counts['scored_pairs']:,} of {counts['blocked_pairs']:,} blocked pairs scored (the rest bounded "
              "below the floor); " if counts else "")
    block = _blocking(prepare(records), result.settings, truth, "dedupe_only")  # after the timed runs
    return [
        *_blocking_rows(name, block),
        _row(name, "seconds", round(seconds, 1), "s", "<= 180", "splink_default_seconds", s_seconds,
             seconds <= 180 and seconds <= 2 * s_seconds, f"{n:,} records; {stages}; {scored}"
             f"{len(result.pairs):,} pairs kept; ratio target <= 2; load average {load:.1f} on "
             f"{os.cpu_count()} cores; CPU seconds {cpu:.1f} vs Splink's {s_cpu:.1f} (ratio {cpu / s_cpu:.2f})"),
        _row(name, "splink_default_seconds", round(s_seconds, 1), "s"),
        _row(name, "peak_rss", round(rss + child_rss, 2), "GiB", "<= 8", None, None, rss + child_rss <= 8,
             f"this process {rss:.2f} GiB + its largest child {child_rss:.2f} GiB"),
    ]


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (`features` computes half the records in one)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(quick: bool) -> list[dict]:
    rows: list[dict] = []
    for bench in (bench_febrl, lambda: bench_fake(quick), lambda: bench_gaza(quick), lambda: bench_simulated(quick),
                  lambda: bench_scale(quick)):
        rows += bench()
    return rows


if __name__ == "__main__":
    import sys

    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    quick = "--quick" in sys.argv
    fns = {"febrl": bench_febrl, "fake": lambda: bench_fake(quick), "gaza": lambda: bench_gaza(quick),
           "sim": lambda: bench_simulated(quick),
           "scale": lambda: bench_scale(quick, int(sys.argv[2]) if sys.argv[2:3] and sys.argv[2].isdigit() else None)}
    out = fns[which]() if which in fns else run(quick)
    for r in out:
        print(r["benchmark"], r["metric"], r["value"], r["anchor"], r["ratio"], r["ok"], r["note"])
