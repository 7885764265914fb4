"""Dates as documentation groups write them become a range with a precision, never a fake day."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hisab.records.dates import DateError, parse_date

CASES = [
    ("2013-07-26", date(2013, 7, 26), date(2013, 7, 26), "day"),
    ("2013-07-00", date(2013, 7, 1), date(2013, 7, 31), "month"),
    ("2013-02-00", date(2013, 2, 1), date(2013, 2, 28), "month"),
    ("2012-02-00", date(2012, 2, 1), date(2012, 2, 29), "month"),
    ("2013-00-00", date(2013, 1, 1), date(2013, 12, 31), "year"),
    ("0000-00-00", None, None, "unknown"),
    ("", None, None, "unknown"),
    ("Unknown", None, None, "unknown"),
    ("غير معروف", None, None, "unknown"),
    ("26/07/2013", date(2013, 7, 26), date(2013, 7, 26), "day"),
    ("6/7/2013", date(2013, 7, 6), date(2013, 7, 6), "day"),
    ("2013/07/26", date(2013, 7, 26), date(2013, 7, 26), "day"),
    ("2013-07", date(2013, 7, 1), date(2013, 7, 31), "month"),
    ("2013", date(2013, 1, 1), date(2013, 12, 31), "year"),
    ("٢٠١٣-٠٧-٢٦", date(2013, 7, 26), date(2013, 7, 26), "day"),
    ("٢٦/٠٧/٢٠١٣", date(2013, 7, 26), date(2013, 7, 26), "day"),
    ("۲۰۱۳-۰۷-۲۶", date(2013, 7, 26), date(2013, 7, 26), "day"),
    ("2013-07-26 14:30:00", date(2013, 7, 26), date(2013, 7, 26), "day"),
    ("2013-07-26T00:00:00", date(2013, 7, 26), date(2013, 7, 26), "day"),
    (" 2013-07-26 ", date(2013, 7, 26), date(2013, 7, 26), "day"),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "precision"), CASES)
def test_dates(text, earliest, latest, precision):
    parsed = parse_date(text)
    assert (parsed.earliest, parsed.latest, parsed.precision) == (earliest, latest, precision)


def test_month_first_order():
    assert parse_date("07/26/2013", order="mdy").earliest == date(2013, 7, 26)


def test_date_objects_from_spreadsheets():
    assert parse_date(datetime(2014, 1, 2, 3, 4)).precision == "day"
    assert parse_date(date(2014, 1, 2)).earliest == date(2014, 1, 2)
    assert parse_date(None).precision == "unknown"


@pytest.mark.parametrize(("text", "message"), [
    ("2013-13-01", "month 13 does not exist"),
    ("2013-02-30", "day 30 does not exist"),
    ("31/04/2013", "day 31 does not exist"),
    ("2013-00-05", "has a day but no month"),
    ("0000-05-00", "has a month or day but no year"),
    ("1066-01-01", "outside"),
    ("yesterday", "cannot read date"),
    ("2013-07-26-01", "cannot read date"),
])
def test_malformed_dates_say_why(text, message):
    with pytest.raises(DateError, match=message):
        parse_date(text)


def test_a_number_is_not_a_date():
    with pytest.raises(DateError, match="expected a date"):
        parse_date(20130726)


@given(st.text())
def test_any_text_parses_or_raises_date_error(text):
    try:
        parsed = parse_date(text)
    except DateError:
        return
    assert parsed.precision in ("day", "month", "year", "unknown")
    if parsed.earliest is not None:
        assert parsed.earliest <= parsed.latest


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_iso_and_dmy_agree(day):
    assert parse_date(day.isoformat()) == parse_date(day.strftime("%d/%m/%Y"))
