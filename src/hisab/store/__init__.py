"""The store: SQLAlchemy models, engine and Alembic migrations (SQLite or PostgreSQL)."""

from hisab.store.engine import Store, open_store, redact
from hisab.store.sensitivity import Sensitivity

__all__ = ["Sensitivity", "Store", "open_store", "redact"]
