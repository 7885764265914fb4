"""Settings, read from the environment where they are used (never at import).

Each setting is a row of `SETTINGS`: its environment variable, default and help, so that docs and tests can
list them all.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple


class Setting(NamedTuple):
    name: str
    env: str
    default: str
    help: str


SETTINGS = (
    Setting("database_url", "HISAB_DATABASE_URL", "sqlite:///hisab.db",
            "The store: a SQLAlchemy URL (SQLite file or postgresql+psycopg://…)."),
    Setting("vault", "HISAB_VAULT", "vault", "Folder that holds evidence files."),
)


def get(name: str) -> str:
    """The value of a setting: its environment variable, else its default."""
    for setting in SETTINGS:
        if setting.name == name:
            return os.environ.get(setting.env) or setting.default
    raise KeyError(name)


def database_url() -> str:
    return get("database_url")


def vault_dir() -> Path:
    return Path(get("vault"))
