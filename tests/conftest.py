"""Fixtures shared by every test module."""

from __future__ import annotations

from pathlib import Path

import pytest

from hisab.shared import shared_dir, shared_path, shared_required


def need_shared(relative: str) -> Path:
    """Return ../shared/data/<relative>; skip where absent, fail where CI requires it."""
    path = shared_path(relative)
    if path is None:
        message = f"shared data {relative!r} not found under {shared_dir() / 'data'}"
        if shared_required():
            pytest.fail(message + " (HISAB_REQUIRE_SHARED is set)")
        pytest.skip(message)
    return path


@pytest.fixture
def shared():
    """A function: shared('kosovo/x.csv') -> Path, skipping (or failing in CI) where absent."""
    return need_shared
