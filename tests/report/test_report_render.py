"""The report: HTML and PDF written, Arabic in the PDF's text layer, absent sections said to be absent."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import typer
from pypdf import PdfReader
from typer.testing import CliRunner

from hisab.actors import attribute_records, load_seed
from hisab.cli.report import register
from hisab.report import make_report

ARABIC = ["تقرير المساءلة", "قوات النظام", "ملخص", "المنهجية", "المصادر"]


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    from hisab.store import open_store

    tmp = tmp_path_factory.mktemp("report")
    store = open_store(f"sqlite:///{tmp}/h.db")
    import importlib.util
    import pathlib

    spec = importlib.util.spec_from_file_location(
        "actors_sim_helper", pathlib.Path(__file__).parents[1] / "actors" / "test_actors_simulate.py")
    helper = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helper)
    helper.simulated_store(store, tmp, 800, 5)
    load_seed(store)
    attribute_records(store, confidence="probable")
    files = make_report(store, tmp / "out", truth=tmp / "sim" / "truth.csv")
    return files


def test_report_files_and_sections(report_dir):
    files = report_dir
    assert files.html.is_file() and files.pdf.is_file()
    assert all(c.is_file() and c.stat().st_size > 1000 for c in files.charts)
    html = files.html.read_text("utf-8")
    assert 'lang="ar" dir="rtl"' in html and "قوات النظام" in html
    assert "No incidents are in this store" in html
    assert "No estimates are stored" in html and "No evidence items" in html
    assert "truth (documented)" in html and "Unattributed" in html
    assert files.sections["shares"] and not files.sections["incidents"]
    assert f"hisab stats replay {files.query_id}" in html


def _normal(text: str) -> str:
    """PDF text layers keep Arabic presentation forms and direction marks at times; fold them for comparison."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch not in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_pdf_text_layer_holds_the_arabic_strings(report_dir):
    text = _normal("\n".join(page.extract_text() or "" for page in PdfReader(report_dir.pdf).pages))
    for s in ARABIC:
        assert s in text, s
    if shutil.which("pdftotext"):
        out = _normal(subprocess.run(["pdftotext", str(report_dir.pdf), "-"], capture_output=True, text=True,
                                     check=True).stdout)
        for s in ARABIC:
            assert s in out, s


def test_report_of_an_empty_store_says_so(sqlite_store, tmp_path):
    files = make_report(sqlite_store, tmp_path / "empty", pdf=False)
    html = files.html.read_text("utf-8")
    assert "holds no victim records" in html and files.pdf is None and files.charts == []


def test_report_cli_and_bad_output(sqlite_store, tmp_path):
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)
    res = CliRunner().invoke(app, ["report", str(tmp_path / "r"), "--db", sqlite_store.url, "--no-pdf"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r" / "report.html").is_file()
    clash = tmp_path / "file.txt"
    clash.write_text("x")
    from hisab.errors import UserError

    with pytest.raises(UserError, match="not a directory"):
        make_report(sqlite_store, clash, pdf=False)
