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


def _postgres_database(base_url: str):
    """Create a fresh database on the test server; return (url, drop)."""
    from uuid import uuid4

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"hisab_test_{uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(base_url).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A fresh, empty store URL: a SQLite file, and a new database on the PostgreSQL test server.

    The server is named by HISAB_TEST_POSTGRES_URL (`.ci/run` starts one). Where it is not set the
    PostgreSQL case is skipped, except in CI (HISAB_REQUIRE_POSTGRES=1), where that is a failure.
    """
    import os

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hisab.db'}"
        return
    base = os.environ.get("HISAB_TEST_POSTGRES_URL")
    if not base:
        message = "HISAB_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against"
        if os.environ.get("HISAB_REQUIRE_POSTGRES"):
            pytest.fail(message + " (HISAB_REQUIRE_POSTGRES is set)")
        pytest.skip(message)
    url, drop = _postgres_database(base)
    yield url
    drop()


@pytest.fixture
def store(store_url):
    """An opened, migrated store on each backend."""
    from hisab.store import open_store

    opened = open_store(store_url)
    yield opened
    opened.dispose()


@pytest.fixture
def sqlite_store(tmp_path):
    """A store on SQLite only, for tests about files rather than backends."""
    from hisab.store import open_store

    opened = open_store(f"sqlite:///{tmp_path / 'hisab.db'}")
    yield opened
    opened.dispose()
