"""Sex, age group, age, status and light name cleaning."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hisab.records.fields import (
    FieldError,
    birth_year_of,
    clean_text,
    has_arabic,
    parse_age,
    parse_sex,
    parse_sex_age,
    parse_status,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("Child - Female", ("female", "child")), ("Adult - Male", ("male", "adult")),
    ("Child - Male", ("male", "child")), ("Adult - Female", ("female", "adult")),
    ("adult-female", ("female", "adult")), ("Male", ("male", None)), ("Child", (None, "child")),
    ("", (None, None)), ("Unknown - Male", ("male", None)), ("طفل - ذكر", ("male", "child")),
])
def test_sex_and_age_group(text, expected):
    assert parse_sex_age(text) == expected


def test_sex_and_age_group_refuses_unknown_words():
    with pytest.raises(FieldError, match="cannot read sex and age group"):
        parse_sex_age("Teenager - Robot")


@pytest.mark.parametrize(("text", "expected"), [
    ("m", "male"), ("F", "female"), ("Female", "female"), ("ذكر", "male"), ("أنثى", "female"),
    ("انثى", "female"), ("", None), ("unknown", None),
])
def test_sex(text, expected):
    assert parse_sex(text) == expected


def test_bad_sex_is_refused():
    with pytest.raises(FieldError, match="cannot read sex"):
        parse_sex("x")


@pytest.mark.parametrize(("value", "expected"), [
    ("34", 34), (" 7 ", 7), ("٤٥", 45), ("0.5", 0), (12.0, 12), (3, 3), ("", None), (None, None), ("130", 130),
])
def test_age(value, expected):
    assert parse_age(value) == expected


@pytest.mark.parametrize("value", ["-1", "131", "abc", "nan", True])
def test_bad_age_is_refused(value):
    with pytest.raises(FieldError):
        parse_age(value)


def test_birth_year_written_as_age():
    assert birth_year_of("1962") == 1962
    assert birth_year_of("62") is None
    assert birth_year_of("") is None


def test_status_words_and_tables():
    assert parse_status("Civilian") == "civilian"
    assert parse_status("مدني") == "civilian"
    table = {"soldier": "combatant", "*": "combatant", "civilian": "civilian"}
    assert parse_status("Soldier", table) == "combatant"
    assert parse_status("Second Lieutenant", table) == "combatant"
    assert parse_status("Unknown", table) == "unknown"
    with pytest.raises(FieldError, match="values.status"):
        parse_status("Second Lieutenant")


def test_clean_text_removes_only_what_is_never_part_of_a_name():
    assert clean_text("  محمـــد \u200b  عبد\u200fالله ") == "محمد عبدالله"
    assert clean_text("Abu   Ahmad\t") == "Abu Ahmad"
    assert clean_text("   ") is None
    assert clean_text(None) is None
    assert has_arabic("محمد") and not has_arabic("Muhammad")


@given(st.text())
def test_clean_text_is_idempotent_and_total(text):
    once = clean_text(text)
    assert clean_text(once) == once
