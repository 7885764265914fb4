"""Accuracy against a truth: pairwise precision, recall and F1 of clusters, and blocking recall.

Counts come from the contingency table of (predicted cluster, true person), so a million records are
scored without listing their pairs: true positives are sum C(n_ij, 2), predicted pairs sum C(n_i., 2),
true pairs sum C(n_.j, 2).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
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


def blocked_pair_counts(feats: pd.DataFrame, rules: list[Any], truth: pd.Series, link_type: str) -> dict[str, float]:
    """Pairs the blocking rules generate (each pair once) and the share of true pairs among them.

    `feats` is the feature table (`features.prepare`, with `neighbours.attach_neighbours` where the rules
    hold the neighbour rule); `truth` maps unique_id to a person label. For "link_only", only pairs
    across lists count, and so do only the true pairs across lists. `blocking_recall` is the share of
    true pairs compared directly (Splink's measure); `reachable_recall` the share whose two records are
    joined by a chain of compared true pairs: those clustering can still bring together, since it links
    records through the others of the same person.
    """
    import duckdb
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    con = duckdb.connect()
    data = feats.assign(_truth=truth.reindex(feats["unique_id"]).astype(str).to_numpy(),
                        _pos=np.arange(len(feats), dtype=np.int64))
    con.register("records", data)
    order = "l.source_dataset < r.source_dataset" if link_type == "link_only" else \
        "(l.source_dataset, l.unique_id) < (r.source_dataset, r.unique_id)"
    selects = []
    for rule in rules:
        if isinstance(rule, dict):  # an exploding rule (the neighbour pairs): join on the exploded values
            col = rule["arrays_to_explode"][0]
            side = f"(SELECT *, unnest(\"{col}\") AS _v FROM records)"  # noqa: S608
            selects.append(f"SELECT l._pos AS a, r._pos AS b, l._truth = r._truth AS same FROM {side} l "  # noqa: S608
                           f"JOIN {side} r ON l._v = r._v AND {order}")
        else:
            selects.append(f"SELECT l._pos AS a, r._pos AS b, l._truth = r._truth AS same FROM records l "  # noqa: S608
                           f"JOIN records r ON {rule} AND {order}")
    con.execute(f"CREATE TABLE blocked AS {' UNION '.join(selects)}")
    total = con.execute("SELECT count(*) FROM blocked").fetchall()[0][0]
    found = con.execute("SELECT a, b FROM blocked WHERE same").fetchnumpy()
    true_sql = f"SELECT l._pos, r._pos FROM records l JOIN records r ON l._truth = r._truth AND {order}"  # noqa: S608
    true_a, true_b = (np.asarray(v) for v in con.execute(true_sql).fetchnumpy().values())
    con.close()
    n = len(feats)
    graph = sparse.coo_matrix((np.ones(len(found["a"])), (np.asarray(found["a"]), np.asarray(found["b"]))),
                              shape=(n, n))
    _, component = connected_components(graph, directed=False)
    reachable = int((component[true_a] == component[true_b]).sum())
    true_pairs = len(true_a)
    return {"comparisons": int(total), "true_pairs": int(true_pairs),
            "blocking_recall": len(found["a"]) / true_pairs if true_pairs else 1.0,
            "reachable_recall": reachable / true_pairs if true_pairs else 1.0}


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
