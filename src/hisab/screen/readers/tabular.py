"""Reading header CSV files (US CSL, UK Sanctions List) strictly: required columns, row numbers in errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hisab.screen.errors import ScreenInputError
from hisab.screen.readers.common import decode_text


def dict_rows(data: bytes, path: Path, required: tuple[str, ...],
              skip_until: str | None = None) -> list[dict[str, str]]:
    """Rows as dicts keyed by the header; `skip_until` skips preamble lines before the header line that
    starts with it (the UK list puts a 'Last Updated' line before its header)."""
    text = decode_text(data, path)
    lines = text.splitlines(keepends=True)
    if skip_until:
        for i, line in enumerate(lines):
            if line.lstrip("\ufeff").startswith(skip_until):
                lines = lines[i:]
                break
    reader = csv.DictReader(io.StringIO("".join(lines), newline=""), strict=True)
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise ScreenInputError(f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(header[:12])}")
    rows = []
    try:
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                raise ScreenInputError(
                    f"{path}: line {reader.line_num}: expected {len(header)} fields, found a different count"
                    " (malformed row or file truncated mid-record?)"
                )
            rows.append({k: (v or "").strip() for k, v in row.items()})
    except csv.Error as exc:
        raise ScreenInputError(f"{path}: line {reader.line_num}: malformed CSV ({exc})") from None
    return rows


def split_list(value: str, sep: str = ";") -> list[str]:
    return [v.strip() for v in value.split(sep) if v.strip()]
