"""`hisab names` commands: thin wrappers, checked for exit codes and output."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from hisab.cli import app

runner = CliRunner()


def test_key_json():
    result = runner.invoke(app, ["names", "key", "Maher al-Assad", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["key"] == "mhrsd"
    assert data["parts"]["family"] == "al-Assad"


def test_similarity_text():
    result = runner.invoke(app, ["names", "similarity", "Maher al-Assad", "ماهر الأسد"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1.000 (same name")


def test_translit_json():
    result = runner.invoke(app, ["names", "translit", "محمد", "--limit", "3", "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["spellings"]) == 3


@pytest.mark.parametrize("text", ["", "   ", "\u064e\u0651"])  # empty, spaces, only harakat
def test_translit_blank_name_is_user_error(text):
    result = runner.invoke(app, ["names", "translit", text])
    assert result.exit_code == 2
    assert "nothing to transliterate" in result.output


def test_translit_bad_limit_is_user_error():
    result = runner.invoke(app, ["names", "translit", "محمد", "--limit", "0"])
    assert result.exit_code == 2
    assert "limit: expected a positive integer, got 0" in result.output
