"""Finding and checking the files offered for intake, before anything is stored.

Each problem is a (path, reason) pair so that all of them can be reported at once. Symlinks are never
followed out of the folder being taken in (a link to /etc/shadow in a shared drop folder must not be
preserved as "evidence"); file names are kept as given but control characters are escaped for display,
and a name is never used to build a path in the vault.
"""

from __future__ import annotations

import mimetypes
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ALIASES = {"audio/x-wav": "audio/wav", "image/x-ms-bmp": "image/bmp", "audio/x-flac": "audio/flac",
           "video/x-matroska": "video/x-matroska", "audio/x-aac": "audio/aac"}


@dataclass(frozen=True)
class Candidate:
    """A regular, readable, non-empty file found under `root`, with its display name and warnings."""

    path: Path
    root: Path
    display_name: str
    name_warnings: tuple[str, ...]


def collect(paths: list[Path]) -> tuple[list[Candidate], list[tuple[str, str]]]:
    """Walk files and folders (recursively); return the good files and every problem found."""
    found: list[Candidate] = []
    problems: list[tuple[str, str]] = []
    for given in paths:
        given = Path(given)
        if not given.exists() and not given.is_symlink():
            problems.append((shown(given), "no such file or folder"))
        elif given.is_dir() and not given.is_symlink():
            root = given.resolve()
            for folder, dirs, names in os.walk(given, followlinks=False):
                dirs.sort()
                for name in sorted(names) + [d for d in dirs if (Path(folder) / d).is_symlink()]:
                    _check(Path(folder) / name, root, found, problems)
        else:
            _check(given, given.absolute().parent.resolve(), found, problems)
    return found, problems


def _check(path: Path, root: Path, found: list[Candidate], problems: list[tuple[str, str]]) -> None:
    reason = problem_with(path, root)
    if reason:
        problems.append((shown(path), reason))
        return
    name, warnings = display_name(os.fsdecode(path.name))
    found.append(Candidate(path, root, name, tuple(warnings)))


def problem_with(path: Path, root: Path) -> str | None:
    """Why `path` cannot be taken in, or None."""
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            return f"symlink pointing outside the intake folder (to {shown(target)}); not followed"
        if target.is_dir():
            return "symlink to a folder; not followed (add the folder itself)"
    try:
        info = path.stat()
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (device, pipe or socket)"
    if info.st_size == 0:
        return "empty file (0 bytes): nothing to preserve"
    try:
        with probe_open(path) as handle:
            handle.read(1)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    return None


def probe_open(path: Path):
    """Open for reading (a seam for tests running as root, where permission bits do not apply)."""
    return open(path, "rb")


def display_name(name: str) -> tuple[str, list[str]]:
    """The name with control characters and undecodable bytes escaped, and warnings about it."""
    warnings = []
    escaped = "".join(_escape(c) for c in name)
    if escaped != name:
        warnings.append(f"file name contains control characters or undecodable bytes; kept escaped as "
                        f"{escaped!r}")
    if "\\" in name:
        warnings.append("file name contains a path separator (backslash); kept as text, never used as a path")
    return escaped, warnings


def _escape(c: str) -> str:
    if "\udc80" <= c <= "\udcff":  # os.fsdecode's surrogate for an undecodable byte
        return f"\\x{ord(c) - 0xDC00:02x}"
    if unicodedata.category(c) == "Cc":
        return f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
    return c


def extension_warning(name: str, media_type: str) -> str | None:
    """A warning when the name's extension suggests another type than the content has."""
    guessed, _ = mimetypes.guess_type(name, strict=False)
    if not guessed or media_type == "application/octet-stream" or media_type.startswith("text/"):
        return None
    if ALIASES.get(guessed, guessed) == ALIASES.get(media_type, media_type):
        return None
    return f"extension suggests {guessed} but the content is {media_type}; recorded as {media_type}"


def shown(path: Path) -> str:
    text = os.fsdecode(path)
    return "".join(_escape(c) for c in text)
