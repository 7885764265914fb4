"""One call behind `hisab estimate`: read the table(s), run the methods, save, plot."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hisab.estimate.errors import EstimateOptionError
from hisab.estimate.histories import CaptureHistories, read_capture_csv, read_capture_strata
from hisab.estimate.result import EstimateResult
from hisab.estimate.run import Settings, methods_for, run
from hisab.store import Store


@dataclass(frozen=True)
class Report:
    """Everything `hisab estimate` shows: the data's size, its lists, the results side by side."""

    observed: int
    lists: tuple[str, ...]
    results: list[EstimateResult]
    stratified: bool
    saved: list[int] = field(default_factory=list)
    plot: Path | None = None

    def to_json(self) -> dict[str, Any]:
        """`observed`, `lists`, `results` (method, model, estimate, lower, upper, status [, interval,
        profile_*] [, stratum])."""
        keys = ("method", "model", "estimate", "lower", "upper", "status")
        rows = []
        for r in self.results:
            d = r.to_dict()
            row = {k: d[k] for k in keys}
            row.update(r.interval_keys())
            if self.stratified:
                row["stratum"] = r.stratum
            rows.append(row)
        return {"observed": self.observed, "lists": list(self.lists), "results": rows}


def estimate_source(*, csv: Path | None, store: Store | None, method: str = "all", strata: str | None = None,
                    seed: int = 1, nboot: int = 0, chains: int = 4, save: bool = True,
                    plot: Path | None = None) -> Report:
    """Estimate from a CSV or from the store; save Estimate rows when a store is given."""
    methods_for(method)
    if plot is not None:
        from hisab.estimate.plot import check_plot_path

        check_plot_path(plot)
    if nboot < 0 or chains < 1:
        raise EstimateOptionError(f"--nboot must be >= 0 and --chains >= 1; found {nboot} and {chains}")
    if csv is not None:
        if strata:
            tables = read_capture_strata(csv, strata)
            whole = read_capture_csv_without(csv, strata)
        else:
            whole = read_capture_csv(csv)
            tables = {None: whole}
        lists, observed, digest = whole.lists, whole.observed, whole.digest()
    elif store is not None:
        from hisab.estimate.store_io import histories_from_store

        lists, tables = histories_from_store(store, strata)
        observed = sum(t.observed for t in tables.values() if isinstance(t, CaptureHistories))
        digest = None
        if None in tables:
            digest = tables[None].digest()
    else:
        raise EstimateOptionError("give a capture-history CSV (--csv) or a store (--db)")
    results = run(tables, method, Settings(seed=seed, nboot=nboot, chains=chains))
    saved = []
    if save and store is not None:
        from hisab.estimate.store_io import save_results

        saved = save_results(store, results, digest)
    written = None
    if plot is not None:
        from hisab.estimate.plot import plot_results

        written = plot_results(results, observed, plot)
    return Report(observed, tuple(lists), results, strata is not None, saved, written)


def read_capture_csv_without(path: Path, column: str) -> CaptureHistories:
    import pandas as pd

    from hisab.estimate.histories import capture_from_frame

    frame = pd.read_csv(path)
    return capture_from_frame(frame.drop(columns=[column]), origin=str(path))
