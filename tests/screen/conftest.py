"""Shared fixtures of the screening tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def word_table(tmp_path):
    """Write a vocabulary file (a comment, the header with the given language column, the rows) and return
    its path: both vocabularies (Arabic and Russian) are read by one loader, so their tests write alike."""

    def write(language: str, rows: list[str]):
        path = tmp_path / "words.tsv"
        path.write_text(f"# a comment\n{language}\tenglish\tkind\tsource\n" + "".join(r + "\n" for r in rows),
                        "utf-8")
        return path

    return write
