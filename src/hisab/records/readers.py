"""Readers for source files: CSV (any delimiter), XLSX and Parquet, streamed row by row.

One reader serves the importer, the linkage files mode and Python users. The format is told by content,
not by extension (an .xlsx renamed .csv is still read as a workbook). Before any row is read the whole file
is hashed (SHA-256, the version key of a source) and, for text, checked to decode in its encoding, so that a
Windows-1256 file is refused with the line where it fails instead of being imported as mojibake.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from hisab.errors import InputFileError

CHUNK = 1 << 20
csv.field_size_limit(1 << 24)


@dataclass(frozen=True)
class FileInfo:
    path: Path
    sha256: str
    size: int
    format: str  # csv, xlsx, parquet
    encoding: str
    approx_rows: int


def inspect_file(path: str | Path, encoding: str | None = None) -> FileInfo:
    """Hash the file, tell its format and, for text, check that it decodes; raise InputFileError if not."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{path}: no such file")
    if path.is_dir():
        raise InputFileError(f"{path}: is a folder, not a file")
    encoding = encoding or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputFileError(f"unknown encoding {encoding!r} (try utf-8 or cp1256)") from None
    digest = hashlib.sha256()
    size = lines = 0
    head = b""
    decoder = None
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                if not head:
                    head = chunk[:8]
                    fmt = _format_of(head)
                    if fmt == "csv":
                        decoder = codecs.getincrementaldecoder(encoding)("strict")
                digest.update(chunk)
                if decoder is not None:
                    _decode(decoder, chunk, path, encoding, lines, size)
                lines += chunk.count(b"\n")
                size += len(chunk)
    except PermissionError:
        raise InputFileError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if size == 0:
        raise InputFileError(f"{path}: the file is empty")
    if decoder is not None:
        _decode(decoder, b"", path, encoding, lines, size, final=True)
    return FileInfo(path, digest.hexdigest(), size, _format_of(head), encoding, lines)


def _format_of(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"PAR1"):
        return "parquet"
    return "csv"


def _decode(decoder, chunk: bytes, path: Path, encoding: str, lines: int, offset: int, final=False) -> None:
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError as exc:
        line = lines + chunk[: max(exc.start, 0)].count(b"\n") + 1
        hint = " If it was saved by Windows in Arabic, re-run with --encoding cp1256." if encoding.lower(
        ).replace("-", "").replace("_", "") in ("utf8", "utf8sig") else ""
        raise InputFileError(
            f"{path}, line {line}: not valid {encoding} text (byte {offset + max(exc.start, 0)}).{hint}"
        ) from None


class Table:
    """An open source file: its header and an iterator over (row position, values)."""

    unit = "row"

    def __init__(self, info: FileInfo, header: list[str], rows: Iterator[tuple[int, list[Any]]]):
        self.info = info
        self.header = header
        self._rows = rows

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        return self._rows


def open_table(info: FileInfo, sheet: str | None = None) -> Table:
    """Open a file inspected by `inspect_file`; the header is checked (present, no duplicate names)."""
    opener = {"csv": _open_csv, "xlsx": _open_xlsx, "parquet": _open_parquet}[info.format]
    table = opener(info, sheet)
    _check_header(info.path, table.header)
    return table


def _check_header(path: Path, header: list[str]) -> None:
    if not header or all(not h.strip() for h in header):
        raise InputFileError(f"{path}: the first row holds no column names")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InputFileError(f"{path}: column name {name!r} appears twice in the header")
        seen.add(name)


def _open_csv(info: FileInfo, _sheet: str | None) -> Table:
    encoding = "utf-8-sig" if info.encoding.lower().replace("_", "-") in ("utf-8", "utf8") else info.encoding
    fh = info.path.open("r", encoding=encoding, newline="")
    sample = fh.read(65536)
    fh.seek(0)
    first_line = sample.splitlines()[0] if sample else ""
    delimiter = max(",;\t|", key=first_line.count) if first_line else ","
    reader = csv.reader(fh, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        fh.close()
        raise InputFileError(f"{info.path}: the file is empty") from None
    except csv.Error as exc:
        fh.close()
        raise InputFileError(f"{info.path}, line 1: malformed CSV: {exc}") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        with fh:
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise InputFileError(f"{info.path}, line {reader.line_num}: malformed CSV: {exc}") from None
                if values:
                    yield reader.line_num, values

    table = Table(info, header, rows())
    table.unit = "line"
    return table


def _open_xlsx(info: FileInfo, sheet: str | None) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(info.path))
        names = book.sheet_names
        if sheet is not None and sheet not in names:
            raise InputFileError(f"{info.path}: no sheet {sheet!r}; sheets: {', '.join(names)}")
        data = book.get_sheet_by_name(sheet or names[0]).to_python(skip_empty_area=False)
    except InputFileError:
        raise
    except Exception as exc:  # calamine raises its own error types for corrupt workbooks
        raise InputFileError(f"{info.path}: cannot read the workbook: {exc}") from None
    if not data:
        raise InputFileError(f"{info.path}: the sheet is empty")
    header = [_cell_text(v) for v in data[0]]
    while header and header[-1] == "":
        header.pop()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        width = len(header)
        for number, values in enumerate(data[1:], start=2):
            cells = [_cell(v) for v in values]
            if all(c == "" for c in cells):
                continue
            if len(cells) > width and all(c == "" for c in cells[width:]):
                cells = cells[:width]
            yield number, cells

    return Table(info, header, rows())


def _open_parquet(info: FileInfo, _sheet: str | None) -> Table:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(info.path)
    except Exception as exc:  # pyarrow raises ArrowInvalid and OSError subclasses for corrupt files
        raise InputFileError(f"{info.path}: cannot read the Parquet file: {exc}") from None
    header = list(pf.schema_arrow.names)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 0
        for batch in pf.iter_batches(batch_size=16384):
            columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for values in zip(*columns, strict=True):
                number += 1
                yield number, [_json_value(v) for v in values]

    return Table(info, header, rows())


def _cell_text(value: Any) -> str:
    return "" if value is None else str(_cell(value))


def _cell(value: Any) -> Any:
    """A spreadsheet cell as the user sees it: whole numbers without `.0` (workbooks store every number
    as a float), dates as ISO text, empty cells as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return _json_value(value)


def _json_value(value: Any) -> Any:
    """A value as JSON can keep it verbatim: dates and times become ISO text, the rest is unchanged."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value
