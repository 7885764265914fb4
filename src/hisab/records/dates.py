"""Dates as documentation groups write them, parsed into a range with a precision.

Lists record what they know: `2013-07-26` (a day), `2013-07-00` (some day in July), `2013-00-00` (a year),
`0000-00-00` (unknown). A date is therefore a range (earliest, latest) plus a precision, never a fake day.
Also accepted: `dd/mm/yyyy` (or `mm/dd/yyyy` where a mapping says so), `yyyy/mm/dd`, `yyyy-mm`, `yyyy`,
a time after the date, Arabic-Indic and Persian digits, and date objects from spreadsheets.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", "unknown"
PRECISIONS = (DAY, MONTH, YEAR, UNKNOWN)

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?Z?")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_YM = re.compile(r"(\d{4})[-/.](\d{1,2})")
_Y = re.compile(r"(\d{4})")
_UNKNOWN_TEXT = {"", "unknown", "n/a", "na", "none", "null", "-", "?", "غير معروف", "مجهول"}
MIN_YEAR, MAX_YEAR = 1850, 2100


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date range with its precision; (None, None, "unknown") when nothing is known."""

    earliest: date | None
    latest: date | None
    precision: str

    @property
    def is_known(self) -> bool:
        return self.precision != UNKNOWN


UNKNOWN_DATE = FuzzyDate(None, None, UNKNOWN)


class DateError(ValueError):
    """A date that cannot be read; the message says what was found and what is accepted."""


def parse_date(value: object, order: str = "dmy") -> FuzzyDate:
    """Parse one date value. `order` decides `01/02/2013`: "dmy" (default) or "mdy"."""
    if value is None:
        return UNKNOWN_DATE
    if isinstance(value, datetime):
        return FuzzyDate(value.date(), value.date(), DAY)
    if isinstance(value, date):
        return FuzzyDate(value, value, DAY)
    if not isinstance(value, str):
        raise DateError(f"expected a date, found {type(value).__name__} {value!r}")
    return _parse_text(value, order)


@lru_cache(maxsize=65536)
def _parse_text(text: str, order: str) -> FuzzyDate:
    s = text.strip().translate(_DIGITS)
    if s.lower() in _UNKNOWN_TEXT:
        return UNKNOWN_DATE
    if m := _ISO.fullmatch(s):
        return _from_parts(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _DMY.fullmatch(s):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        day, month = (first, second) if order == "dmy" else (second, first)
        return _from_parts(year, month, day, text)
    if m := _YM.fullmatch(s):
        return _from_parts(int(m[1]), int(m[2]), 0, text)
    if m := _Y.fullmatch(s):
        return _from_parts(int(m[1]), 0, 0, text)
    raise DateError(
        f"cannot read date {text!r}; expected e.g. 2013-07-26, 2013-07-00, 0000-00-00, 26/07/2013, 2013"
    )


def _from_parts(year: int, month: int, day: int, text: str) -> FuzzyDate:
    """Build the range; zeros mean "not known" and must only trail (no day without a month)."""
    if year == 0:
        if month or day:
            raise DateError(f"date {text!r} has a month or day but no year")
        return UNKNOWN_DATE
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"date {text!r}: year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
    if month == 0:
        if day:
            raise DateError(f"date {text!r} has a day but no month")
        return FuzzyDate(date(year, 1, 1), date(year, 12, 31), YEAR)
    if not 1 <= month <= 12:
        raise DateError(f"date {text!r}: month {month} does not exist")
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        return FuzzyDate(date(year, month, 1), date(year, month, last), MONTH)
    if not 1 <= day <= last:
        raise DateError(f"date {text!r}: day {day} does not exist in {year}-{month:02d}")
    d = date(year, month, day)
    return FuzzyDate(d, d, DAY)
