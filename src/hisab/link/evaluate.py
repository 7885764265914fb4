"""Accuracy against a truth: pairwise precision, recall and F1 of clusters, and blocking recall.

Counts come from the contingency table of (predicted cluster, true person), so a million records are
scored without listing their pairs: true positives are sum C(n_ij, 2), predicted pairs sum C(n_i., 2),
true pairs sum C(n_.j, 2).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from hisab.link.errors import LinkInputError

__all__ = ["PairScores", "blocked_pair_counts", "blocking_recall", "pairwise_scores", "store_scores"]


@dataclass(frozen=True)
class PairScores:
    """Pairwise accuracy of a clustering."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _pairs(counts: pd.Series) -> int:
    n = counts.to_numpy().astype("int64")
    return int((n * (n - 1) // 2).sum())


def pairwise_scores(predicted: pd.Series, truth: pd.Series) -> PairScores:
    """Compare cluster labels `predicted` with person labels `truth`, both indexed by record id."""
    joined = pd.DataFrame({"p": predicted, "t": truth})
    if joined.isna().any().any():
        missing = joined.index[joined.isna().any(axis=1)][0]
        raise LinkInputError(f"record {missing!r} is in only one of the predicted clusters and the truth")
    tp = _pairs(joined.groupby(["p", "t"]).size())
    pp = _pairs(joined.groupby("p").size())
    tt = _pairs(joined.groupby("t").size())
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * tp / (pp + tt) if pp + tt else 1.0
    return PairScores(precision, recall, f1, tt, pp, tp)


def blocking_recall(pairs: pd.DataFrame, truth: pd.Series) -> float:
    """Share of true pairs (same truth label) that appear among the scored pairs."""
    same = truth.reindex(pairs["unique_id_l"]).to_numpy() == truth.reindex(pairs["unique_id_r"]).to_numpy()
    found = int(same.sum())
    total = _pairs(truth.value_counts())
    return found / total if total else 1.0


def blocked_pair_counts(feats: pd.DataFrame, rules: list[str], truth: pd.Series, link_type: str) -> dict[str, float]:
    """Pairs the blocking rules generate (each pair once) and the share of true pairs among them.

    `feats` is the feature table (`features.prepare`); `truth` maps unique_id to a person label.
    For "link_only", only pairs across lists count, and so do only the true pairs across lists.
    """
    import duckdb

    con = duckdb.connect()
    data = feats.assign(_truth=truth.reindex(feats["unique_id"]).astype(str).to_numpy())
    con.register("records", data)
    order = "l.source_dataset < r.source_dataset" if link_type == "link_only" else \
        "(l.source_dataset, l.unique_id) < (r.source_dataset, r.unique_id)"
    union = " UNION ".join(
        f"SELECT l.unique_id AS a, r.unique_id AS b, l._truth = r._truth AS same FROM records l JOIN records r "  # noqa: S608
        f"ON {rule} AND {order}" for rule in rules)
    query = f"SELECT count(*), sum(CAST(same AS INTEGER)) FROM ({union})"  # noqa: S608
    total, same = con.execute(query).fetchall()[0]
    if link_type == "link_only":
        true_sql = ("SELECT count(*) FROM records l JOIN records r ON l._truth = r._truth "
                    "AND l.source_dataset < r.source_dataset")
    else:
        true_sql = ("SELECT count(*) FROM records l JOIN records r ON l._truth = r._truth AND "
                    "(l.source_dataset, l.unique_id) < (r.source_dataset, r.unique_id)")
    true_pairs = con.execute(true_sql).fetchall()[0][0]
    con.close()
    return {"comparisons": int(total), "true_pairs": int(true_pairs),
            "blocking_recall": (same or 0) / true_pairs if true_pairs else 1.0}


def store_scores(store: Any, truth_csv: str | Path) -> PairScores:
    """Pairwise accuracy of the store's current persons against a simulator truth file.

    `truth_csv` has columns list, record_id, person_id (as `hisab simulate` writes): list is the source
    name and record_id the record's id in its list (Record.source_record_id). Only records present in
    both are scored; this is what `make demo` prints.
    """
    from sqlalchemy import select

    from hisab.store.models import Record, Source

    path = Path(truth_csv)
    if not path.is_file():
        raise LinkInputError(f"{path}: no such file")
    truth_df = pd.read_csv(path, dtype=str)
    missing = {"list", "record_id", "person_id"} - set(truth_df.columns)
    if missing:
        raise LinkInputError(f"{path}: missing column(s) {sorted(missing)}; expected list,record_id,person_id")
    truth = pd.Series(truth_df["person_id"].to_numpy(), index=truth_df["list"] + "\x1f" + truth_df["record_id"])
    with store.session() as s:
        rows = s.execute(select(Source.name, Record.source_record_id, Record.person_id)
                         .join(Source, Source.id == Record.source_id)).all()
    if any(p is None for *_, p in rows):
        raise LinkInputError("some records have no person yet: run 'hisab link run' first")
    pred = pd.Series([p for *_, p in rows], index=[f"{n}\x1f{r}" for n, r, _ in rows])
    pred = pred[pred.index.isin(truth.index)]
    if pred.empty:
        raise LinkInputError(f"{path}: no record of the store appears in the truth file")
    return pairwise_scores(pred, truth.reindex(pred.index))
