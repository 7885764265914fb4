"""Script-agnostic name similarity: one scalar function and its vectorised twin.

Both compare *forms*: a name's word skeletons (see `key.py`), sorted and joined by spaces, e.g.
"bdlrhmn lhmd mhmd" for محمد عبد الرحمن الأحمد and for Mohammad Abdulrahman Al-Ahmad. On forms, two
rapidfuzz scores are taken: token-sort (word order does not matter) and, where the word counts differ,
token-set (one name's words inside the other's: a dropped father or grandfather name). The set score is
discounted by how few words the shorter name has, so a bare "Mohammad" is not a perfect match for every
Mohammad. The scalar and batch functions share one code path and give the same numbers. Forms are
ASCII, so DuckDB's byte-based string functions are also right on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import Any

import numpy as np
import pyarrow as pa
from rapidfuzz import fuzz, process

from hisab.names.errors import NamesInputError, require_text
from hisab.names.key import name_skeletons

__all__ = ["DEFAULT_THRESHOLD", "name_form", "name_similarity", "name_similarity_batch"]

DEFAULT_THRESHOLD = 0.8
"""Scores at or above this mean "probably the same name" (chosen on synthetic and train data only)."""

# Weight of the token-set score by the word count of the shorter name (1, 2, 3+ words).
_SET_WEIGHT = np.array([0.0, 0.6, 0.85, 0.95], dtype=np.float64)


def name_form(text: str) -> str:
    """The comparable form of a name: its word skeletons, sorted, joined by spaces ("" if none).

    Sorting once here is what token-sort comparison would do on every pair, so the batch can use the
    plain (much faster) ratio on forms.
    """
    return " ".join(sorted(name_skeletons(text)))


def name_similarity(a: str, b: str) -> float:
    """Similarity of two names in [0, 1], whatever the script of each.

    >>> name_similarity("Mohammad Abdulrahman Al-Ahmad", "محمد عبد الرحمن الأحمد")
    1.0
    >>> name_similarity("محمد علي حسن", "محمد حسن") >= 0.8
    True
    """
    fa, fb = name_form(require_text(a, "a")), name_form(require_text(b, "b"))
    return float(name_similarity_batch([fa], [fb], forms=True)[0])


def name_similarity_batch(a: Any, b: Any, *, forms: bool = False, workers: int = 1) -> np.ndarray:
    """Element-wise similarity of two equal-length columns of names (list, pandas Series, Arrow array).

    With `forms=True` the columns already hold `name_form` values (precomputed once per record, the
    fast path for linkage). Missing values (None/NaN/null) score 0. Returns float64 values in [0, 1].
    """
    left, right = _column(a, "a"), _column(b, "b")
    if len(left) != len(right):
        raise NamesInputError(f"columns a and b must have the same length, got {len(left)} and {len(right)}")
    if not forms:
        left, right = _forms(left), _forms(right)
    if not left:
        return np.zeros(0, dtype=np.float64)
    # Forms are sorted, so the plain ratio is the token-sort score.
    sort = process.cpdist(left, right, scorer=fuzz.ratio, workers=workers, dtype=np.float32)
    count_l, count_r = _word_counts(left), _word_counts(right)
    words = np.minimum(count_l, count_r)
    weight = _SET_WEIGHT[np.minimum(words, 3)]
    # A dropped or added word is what the set score is for, so it is only taken where the word counts
    # differ, and only where it can win (sort < 100 * weight). rapidfuzz's token_ratio is
    # max(token_sort, token_set) in one pass, and max(sort, w * max(sort, set)) == max(sort, w * set).
    todo = np.flatnonzero((count_l != count_r) & (sort < 100.0 * weight))
    set_ = np.zeros(len(left), dtype=np.float32)
    if len(todo):
        idx = todo.tolist()
        set_[todo] = process.cpdist([left[i] for i in idx], [right[i] for i in idx],
                                    scorer=fuzz.token_ratio, workers=workers, dtype=np.float32)
    score = np.maximum(sort.astype(np.float64), set_ * weight) / 100.0
    return np.where(words > 0, score, 0.0)


def _word_counts(forms: list[str]) -> np.ndarray:
    n = len(forms)
    spaces = np.fromiter(map(str.count, forms, repeat(" ")), dtype=np.int64, count=n)
    lengths = np.fromiter(map(len, forms), dtype=np.int64, count=n)
    return np.where(lengths > 0, spaces + 1, 0)


def _column(values: Any, what: str) -> list[str]:
    """A column as a list of str with "" for missing values; anything else that is not text is an error."""
    if isinstance(values, pa.ChunkedArray | pa.Array):
        values = values.to_pylist()
    elif hasattr(values, "tolist") and not isinstance(values, str):
        values = values.tolist()
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise NamesInputError(f"column {what}: expected a list, pandas Series or Arrow array of names")
    out: list[str] = []
    for i, value in enumerate(values):
        if value is None or (isinstance(value, float) and value != value):
            out.append("")
        elif isinstance(value, str):
            out.append(value)
        else:
            raise NamesInputError(f"column {what}, row {i}: expected a name (text), got {value!r}")
    return out


def _forms(names: list[str]) -> list[str]:
    cache: dict[str, str] = {}
    out = []
    for name in names:
        form = cache.get(name)
        if form is None:
            form = cache[name] = name_form(name)
        out.append(form)
    return out
