"""Where the shared reference data lives, for tests and benchmarks.

`../shared/data` beside the repository holds public data sets with known answers. It is never copied into
the repository. A user's fresh clone may not have it: tests then skip with a message. CI sets
`HISAB_REQUIRE_SHARED=1` so that a wrong path fails instead of passing silently.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """The `shared/` folder: `$HISAB_SHARED_DIR`, else `../shared` beside the repository."""
    env = os.environ.get("HISAB_SHARED_DIR")
    return Path(env) if env else REPO_ROOT.parent / "shared"


def shared_required() -> bool:
    """True where a missing data set must be an error, not a skip (CI)."""
    return os.environ.get("HISAB_REQUIRE_SHARED", "") not in ("", "0", "false", "no")


def shared_path(relative: str) -> Path | None:
    """The path of `relative` under shared/data, or None where it is absent."""
    path = shared_dir() / "data" / relative
    return path if path.exists() else None
