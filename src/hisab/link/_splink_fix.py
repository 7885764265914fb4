"""Work around a Splink 5.0.0 EM failure: an m or u of exactly 0 aborts training.

When a comparison level is only ever seen among pairs EM is sure are non-matches, its m comes out as
0.0 (or a denormal such as 7e-313), and Splink 5.0.0 raises ValueError ("below the minimum allowed
value of 1e-300") in the middle of training instead of clamping it as it does when scoring. This
context clamps the estimates to that minimum for the duration of one training call. Remove it when
Splink clamps in `populate_m_u_from_lookup` itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_MIN = 1e-300


@contextmanager
def clamped_em() -> Iterator[None]:
    from splink.internals import expectation_maximisation as em

    original = em.populate_m_u_from_lookup

    def clamped(fixed: set[str], level: Any, column: str, lookup: dict[str, dict[int, Any]]) -> None:
        for record in lookup.get(column, {}).values():
            for key in ("m_probability", "u_probability"):
                value = record.get(key)
                if isinstance(value, float) and value < _MIN:
                    record[key] = _MIN
        original(fixed, level, column, lookup)

    em.populate_m_u_from_lookup = clamped
    try:
        yield
    finally:
        em.populate_m_u_from_lookup = original


@contextmanager
def levels_kept() -> Iterator[None]:
    """Keep each comparison's level (`gamma_*`, half of a pair's explanation) in the predictions
    without the compared values of both records (`retain_matching_columns`).

    Splink 5.0.0 writes the levels only together with those values, and writing the values (every
    name part, date and place of both records for each of millions of pairs) took half the
    prediction time at a million records; nothing here reads them. Splink's training mode asks for
    exactly the level without the values, so prediction asks for it the same way while this is open.
    """
    from splink.internals.comparison import Comparison

    original = Comparison._columns_to_select_for_predict

    def with_levels(self: Any, retain_matching_columns: bool, retain_intermediate_calculation_columns: bool,
                    training_mode: bool) -> list[str]:
        return original(self, retain_matching_columns, retain_intermediate_calculation_columns,
                        training_mode or retain_intermediate_calculation_columns)

    Comparison._columns_to_select_for_predict = with_levels  # type: ignore[method-assign]
    try:
        yield
    finally:
        Comparison._columns_to_select_for_predict = original  # type: ignore[method-assign]
