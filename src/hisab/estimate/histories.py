"""Capture histories: the input of every estimator, validated once at the boundary.

A table of J lists (2..15): one row per observed capture pattern (a 0/1 vector, not all zero) with the
number of people seen on exactly those lists. Every estimator takes a `CaptureHistories`; nothing
downstream re-checks the input.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hisab.estimate.errors import CaptureDataError

MIN_LISTS, MAX_LISTS = 2, 15
COUNT_NAMES = ("count", "freq", "frequency", "n", "y", "Freq")


@dataclass(frozen=True)
class CaptureHistories:
    """Observed capture patterns (rows x lists, 0/1) and their counts, aggregated and validated.

    Build it with `CaptureHistories.from_arrays`, `read_capture_csv` or `from_store`; the constructor
    itself trusts its arguments.
    """

    lists: tuple[str, ...]
    patterns: np.ndarray = field(repr=False)  # (M, J) uint8, unique, no all-zero row
    counts: np.ndarray = field(repr=False)  # (M,) int64, >= 0
    origin: str = "<table>"

    @property
    def n_lists(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        return int(self.counts.sum())

    @classmethod
    def from_arrays(cls, patterns, counts, lists=None, origin: str = "<table>") -> CaptureHistories:
        """Validate and aggregate `patterns` (rows x lists of 0/1) with `counts` (one per row)."""
        pat = np.asarray(patterns)
        cnt = np.asarray(counts)
        if pat.ndim != 2:
            raise CaptureDataError(f"{origin}: expected a table of 0/1 list columns, found {pat.ndim} dimension(s)")
        n_rows, n_lists = pat.shape
        names = tuple(str(x) for x in lists) if lists is not None else tuple(f"L{j + 1}" for j in range(n_lists))
        if len(names) != n_lists:
            raise CaptureDataError(f"{origin}: {len(names)} list name(s) for {n_lists} list column(s)")
        if len(set(names)) != len(names):
            raise CaptureDataError(f"{origin}: list names must be distinct, found {list(names)}")
        if not MIN_LISTS <= n_lists <= MAX_LISTS:
            raise CaptureDataError(
                f"{origin}: multiple systems estimation needs {MIN_LISTS} to {MAX_LISTS} lists, found {n_lists}"
            )
        if cnt.shape != (n_rows,):
            raise CaptureDataError(f"{origin}: expected {n_rows} count(s), one per row, found shape {cnt.shape}")
        _check_values(pat, cnt, names, origin)
        pat = pat.astype(np.uint8)
        cnt = cnt.astype(np.int64)
        zero = pat.sum(axis=1) == 0
        if zero.any():
            bad = int(np.flatnonzero(zero & (cnt > 0))[0]) if (cnt[zero] > 0).any() else None
            if bad is not None:
                raise CaptureDataError(
                    f"{origin}, row {bad + 1}: the all-zero pattern (on no list) must be absent or have count 0, "
                    f"found {int(cnt[bad])}; nobody can be counted without being on a list"
                )
            pat, cnt = pat[~zero], cnt[~zero]
        codes = pat.astype(np.int64) @ (1 << np.arange(n_lists, dtype=np.int64))
        uniq, inverse = np.unique(codes, return_inverse=True)
        agg = np.zeros(len(uniq), dtype=np.int64)
        np.add.at(agg, inverse, cnt)
        upat = ((uniq[:, None] >> np.arange(n_lists)) & 1).astype(np.uint8)
        per_list = upat.T.astype(np.int64) @ agg
        empty = [names[j] for j in range(n_lists) if per_list[j] == 0]
        if empty:
            raise CaptureDataError(
                f"{origin}: list(s) {', '.join(repr(e) for e in empty)} never capture anyone (all counts are 0); "
                "drop them: a list that records nobody carries no information about the uncounted"
            )
        return cls(lists=names, patterns=upat, counts=agg, origin=origin)

    def full_counts(self) -> np.ndarray:
        """Counts of all 2^J - 1 non-empty patterns, indexed by the pattern's bit code (list j = bit j) - 1."""
        out = np.zeros((1 << self.n_lists) - 1, dtype=np.int64)
        codes = self.codes()
        out[codes - 1] = self.counts
        return out

    def codes(self) -> np.ndarray:
        """Bit code of each row's pattern (list j -> bit j)."""
        return self.patterns.astype(np.int64) @ (1 << np.arange(self.n_lists, dtype=np.int64))

    def list_totals(self) -> dict[str, int]:
        totals = self.patterns.T.astype(np.int64) @ self.counts
        return dict(zip(self.lists, (int(x) for x in totals), strict=True))

    def with_counts(self, counts: np.ndarray) -> CaptureHistories:
        """The same patterns with other counts (bootstrap replicates); lists may then be empty: no checks."""
        return CaptureHistories(self.lists, self.patterns, np.asarray(counts, dtype=np.int64), self.origin)

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.patterns.astype(np.int64), columns=list(self.lists))
        frame["count"] = self.counts
        return frame

    def digest(self) -> str:
        """A SHA-256 of the table's content, stored with each estimate so it can be reproduced."""
        h = hashlib.sha256()
        h.update(",".join(self.lists).encode())
        order = np.argsort(self.codes())
        h.update(self.patterns[order].tobytes())
        h.update(self.counts[order].astype("<i8").tobytes())
        return h.hexdigest()


def ensure_histories(table: object) -> CaptureHistories:
    """The estimators' boundary check: refuse anything that is not a validated table."""
    if not isinstance(table, CaptureHistories):
        raise CaptureDataError(
            f"expected capture histories (read_capture_csv or CaptureHistories.from_arrays), "
            f"found {type(table).__name__}"
        )
    return table


def _check_values(pat: np.ndarray, cnt: np.ndarray, names: tuple[str, ...], origin: str) -> None:
    """Patterns must be 0/1 and counts non-negative integers; name the first bad cell."""
    try:
        patf = pat.astype(float)
    except (TypeError, ValueError):
        raise CaptureDataError(f"{origin}: list columns must hold 0 or 1") from None
    bad = ~np.isin(patf, (0.0, 1.0))
    if bad.any():
        r, c = (int(x) for x in np.argwhere(bad)[0])
        raise CaptureDataError(
            f"{origin}, row {r + 1}, column {names[c]!r}: expected 0 or 1, found {_show(pat[r, c])}"
        )
    try:
        cntf = cnt.astype(float)
    except (TypeError, ValueError):
        raise CaptureDataError(f"{origin}: counts must be non-negative integers") from None
    badc = ~np.isfinite(cntf) | (cntf < 0) | (cntf != np.round(cntf))
    if badc.any():
        r = int(np.flatnonzero(badc)[0])
        raise CaptureDataError(
            f"{origin}, row {r + 1}, column 'count': expected a non-negative integer, found {_show(cnt[r])}"
        )


def _show(value) -> str:
    """A cell as the user wrote it: 2, -3, 'x' (never np.int64(2))."""
    value = value.item() if isinstance(value, np.generic) else value
    return repr(value) if isinstance(value, str) else str(value)


def read_capture_csv(path: str | Path, count_column: str | None = None) -> CaptureHistories:
    """Read a CSV of 0/1 list columns and a count column (the last column, or one named like a count).

    A CSV without a count column is one row per person. The formats of `shared/data/mse-benchmarks`
    and `shared/data/kosovo` are accepted as they are.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path)
    except FileNotFoundError:
        raise CaptureDataError(f"{path}: file not found") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise CaptureDataError(f"{path}: not a readable CSV ({exc})") from None
    return capture_from_frame(frame, count_column=count_column, origin=str(path))


def capture_from_frame(
    frame: pd.DataFrame, count_column: str | None = None, origin: str = "<table>"
) -> CaptureHistories:
    """Build capture histories from a data frame (see `read_capture_csv` for the columns)."""
    if frame.empty:
        raise CaptureDataError(f"{origin}: the table has no rows")
    cols = [str(c) for c in frame.columns]
    if count_column is None:
        named = [c for c in cols if c in COUNT_NAMES]
        count_column = named[-1] if named else None
        if count_column is None and not set(np.unique(frame[cols[-1]].dropna())) <= {0, 1}:
            count_column = cols[-1]
    elif count_column not in cols:
        raise CaptureDataError(f"{origin}: no count column {count_column!r}; columns are {cols}")
    list_cols = [c for c in cols if c != count_column]
    if frame[list_cols].isna().any().any() or (count_column and frame[count_column].isna().any()):
        r = int(np.flatnonzero(frame.isna().any(axis=1).to_numpy())[0])
        raise CaptureDataError(f"{origin}, row {r + 1}: empty cell; every list and count must be filled")
    counts = frame[count_column].to_numpy() if count_column else np.ones(len(frame), dtype=np.int64)
    return CaptureHistories.from_arrays(frame[list_cols].to_numpy(), counts, list_cols, origin=origin)


def read_capture_strata(path: str | Path, strata: str) -> dict[str, CaptureHistories | CaptureDataError]:
    """Read a capture CSV with one extra column naming each row's stratum; one table per stratum.

    A stratum where fewer than 2 lists record anyone is returned as the error saying so (the caller
    reports it per stratum instead of failing the whole run); lists empty in a stratum are dropped there.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path)
    except FileNotFoundError:
        raise CaptureDataError(f"{path}: file not found") from None
    if strata not in frame.columns:
        raise CaptureDataError(f"{path}: no stratum column {strata!r}; columns are {list(frame.columns)}")
    whole = capture_from_frame(frame.drop(columns=[strata]), origin=str(path))  # validates every row
    out: dict[str, CaptureHistories | CaptureDataError] = {}
    for label, part in frame.groupby(frame[strata].astype(str), sort=True):
        sub = part.drop(columns=[strata])
        count = [c for c in sub.columns if c not in whole.lists]
        totals = sub[list(whole.lists)].mul(sub[count[0]] if count else 1, axis=0).sum()
        keep = [c for c in whole.lists if totals[c] > 0]
        where = f"{path}, stratum {strata}={label}"
        if len(keep) < 2:
            out[str(label)] = CaptureDataError(f"{where}: only {len(keep)} list(s) record anyone here; need 2 or more")
            continue
        out[str(label)] = capture_from_frame(sub[keep + count], count_column=count[0] if count else None,
                                             origin=where)
    return out
