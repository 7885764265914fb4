"""Migration 0005 goes down to 0004 and back up on a fresh SQLite store."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from hisab.store import open_store
from hisab.store.engine import alembic_config


def test_migration_0005_down_and_up(tmp_path):
    store = open_store(f"sqlite:///{tmp_path}/m.db")
    assert "share_query" in inspect(store.engine).get_table_names()
    cfg = alembic_config(store.url)
    command.downgrade(cfg, "0004")
    assert "share_query" not in inspect(store.engine).get_table_names()
    assert "confidence_raw" not in {c["name"] for c in inspect(store.engine).get_columns("attribution")}
    command.upgrade(cfg, "0005")
    assert store.current_revision() == "0005"
    assert "share_query" in inspect(store.engine).get_table_names()
    assert "confidence_raw" in {c["name"] for c in inspect(store.engine).get_columns("attribution")}
