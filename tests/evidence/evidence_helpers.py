"""Helpers shared by the evidence tests (imported explicitly; not a conftest plugin)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from hisab.evidence.vault import Vault
from hisab.store import open_store


def make_env(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'hisab.db'}")
    vault = Vault.open(tmp_path / "vault", fsync=False)
    return store, vault


def need_exiftool() -> None:
    """Skip where exiftool is absent, except in CI, where it is installed and its absence is a failure."""
    if shutil.which("exiftool") is None:
        message = "exiftool not installed (apt install libimage-exiftool-perl); exiftool checks skipped"
        if os.environ.get("CI") or os.environ.get("HISAB_REQUIRE_SHARED"):
            pytest.fail(message)
        pytest.skip(message)
