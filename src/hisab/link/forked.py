"""Compute a table's rows on two cores: the first records here, the rest in a forked child.

Linkage features at a million records are Python work (name parsing, one call per distinct value) on a
machine whose other core would sit idle while DuckDB's stages use both. A forked child reads the records
from the parent's memory without copying them and sends back only its rows, so the two parts run at
once. Used only where the rows are independent of each other, so the stacked parts are exactly the
table of one pass (tests check it); if the child cannot start or fails, its part is computed here:
slower, never different.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

import pandas as pd

__all__ = ["can_fork", "in_two"]

Rows = Callable[[pd.DataFrame, pd.Series], pd.DataFrame]


def can_fork() -> bool:
    """A second core to use, and a `fork` start (Linux): the child reads the records without copying them.
    Not from a daemonic process (multiprocessing forbids it children), and not while other Python threads
    run (a web server's, a progress bar's): a lock one of them holds at the fork would stay held for
    ever in the child, and the parent would wait for it."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return (cores >= 2 and sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and not multiprocessing.current_process().daemon and threading.active_count() == 1)


def in_two(fn: Rows, df: pd.DataFrame, ids: pd.Series, child_share: float) -> pd.DataFrame:
    """`fn(df, ids)`, computed as `fn` of the first records here and of the last `child_share` of them in
    a forked child, stacked. The child's share is a little under half: it must also send its rows back."""
    if not 0.0 < child_share < 1.0:
        raise ValueError(f"child_share must be between 0 and 1, got {child_share}")
    cut = len(df) - int(len(df) * child_share)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(fn, df.iloc[cut:], ids.iloc[cut:], send), daemon=True)
    try:
        child.start()
    except OSError:  # no process to be had (memory, limits): one pass here
        receive.close()
        send.close()
        return fn(df, ids)
    send.close()
    try:
        first = fn(df.iloc[:cut], ids.iloc[:cut])
        try:
            second = receive.recv()
        except (EOFError, OSError):
            second = None
    finally:
        receive.close()
        child.join()
    if not isinstance(second, pd.DataFrame):
        second = fn(df.iloc[cut:], ids.iloc[cut:])
    return _stack(first, second)


def _child(fn: Rows, df: pd.DataFrame, ids: pd.Series, send: Any) -> None:
    try:
        send.send(fn(df, ids))
    except Exception as err:  # the parent recomputes this part: it only needs to know that it failed
        send.send(repr(err))
    finally:
        send.close()


def _stack(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Rows of both parts; a column one part lacks (no name there at all) takes the other's dtype, empty."""
    cols = list(dict.fromkeys([*first.columns, *second.columns]))
    for part, other in ((first, second), (second, first)):
        for col in cols:
            if col not in part:
                part[col] = pd.Series([None] * len(part), index=part.index, dtype=other[col].dtype)
    return pd.concat([first[cols], second[cols]], ignore_index=True)
