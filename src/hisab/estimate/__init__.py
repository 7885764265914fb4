"""Multiple systems estimation: how many victims no list recorded.

Every estimator follows one shape (scikit-learn's): `__init__` stores parameters (a `seed` among them),
`fit(histories)` validates and returns a frozen result with `.estimate`, `.interval` and `.summary()`.
Deterministic methods reproduce R (Rcapture, SparseMSE, dga) to the printed digits; see
`shared/reference/mse/ALGORITHMS.md` for the algorithms and their pitfalls.
"""

from hisab.estimate.closedp import ClosedP, ClosedPResult
from hisab.estimate.dga import DGA, negative_binomial_log_prior
from hisab.estimate.hierarchical import LogLinearSearch
from hisab.estimate.histories import (
    CaptureHistories,
    capture_from_frame,
    read_capture_csv,
    read_capture_strata,
)
from hisab.estimate.lcmcr import LCMCR
from hisab.estimate.result import EstimateResult
from hisab.estimate.sparse import SparseMSE

__all__ = [
    "CaptureHistories",
    "ClosedP",
    "ClosedPResult",
    "DGA",
    "EstimateResult",
    "LCMCR",
    "LogLinearSearch",
    "SparseMSE",
    "capture_from_frame",
    "negative_binomial_log_prior",
    "read_capture_csv",
    "read_capture_strata",
]
