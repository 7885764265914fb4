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
