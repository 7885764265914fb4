"""Files mode: `hisab link files` on CSV files, column roles, and the errors an analyst can make."""

from __future__ import annotations

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from hisab.cli.link import register
from hisab.link import LinkInputError, link_files, pairwise_scores, parse_columns


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture(scope="module")
def files(tmp_path_factory, list_maker):
    records, truth = list_maker(n_families=50, seed=11)
    folder = tmp_path_factory.mktemp("files")
    paths = []
    for source, part in records.groupby("source_dataset"):
        path = folder / f"{source}.csv"
        part.rename(columns={"unique_id": "ID", "name": "Full Name", "age": "Age", "sex": "Sex"})[
            ["ID", "Full Name", "Age", "Sex"]].to_csv(path, index=False)
        paths.append(path)
    return paths, truth


def test_files_cli_writes_clusters_and_pairs(files, tmp_path):
    paths, truth = files
    out, pairs = tmp_path / "clusters.csv", tmp_path / "pairs.csv"
    result = CliRunner().invoke(_app(), ["link", "files", *map(str, paths), "--columns",
                                         "name=Full Name,age=Age,sex=Sex", "--id", "ID", "--out", str(out),
                                         "--pairs", str(pairs)])
    assert result.exit_code == 0, result.output
    clusters = pd.read_csv(out, dtype=str)
    assert list(clusters.columns) == ["file", "record_id", "person_id"]
    assert set(clusters["file"]) == {"list_a.csv", "list_b.csv"}
    scores = pairwise_scores(pd.Series(clusters["person_id"].to_numpy(), index=clusters["record_id"]), truth)
    assert scores.f1 >= 0.9, scores
    scored = pd.read_csv(pairs)
    assert {"file_a", "record_id_a", "match_probability", "weight_given"} <= set(scored.columns)


def test_row_numbers_when_no_id(files):
    paths, _ = files
    result = link_files(paths[:1], {"name": "Full Name", "age": "Age"})
    assert sorted(result.clusters["record_id"].astype(int))[:3] == [1, 2, 3]


@pytest.mark.parametrize(("spec", "message"), [
    ("nme=Full Name", "unknown role"), ("name", "role=COLUMN"), ("name=a,name=b", "twice"), ("", "at least one"),
    ("age=Age", "name column"),
])
def test_parse_columns_errors(spec, message):
    with pytest.raises(LinkInputError, match=message):
        parse_columns(spec)


def test_missing_column_names_file(files):
    paths, _ = files
    with pytest.raises(LinkInputError, match="no column"):
        link_files(paths, {"name": "Nom"})


def test_bad_age_names_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Name,Age\nسامر علي,12\nرامي حسن,abc\n", encoding="utf-8")
    with pytest.raises(LinkInputError, match="row 2"):
        link_files([path], {"name": "Name", "age": "Age"})


def test_duplicate_ids_rejected(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("ID,Name\n1,سامر علي\n1,رامي حسن\n", encoding="utf-8")
    with pytest.raises(LinkInputError, match="more than once"):
        link_files([path], {"name": "Name"}, id_column="ID")


def test_cli_error_exit_code(files, tmp_path):
    paths, _ = files
    from hisab.cli import HisabGroup

    app = typer.Typer(cls=HisabGroup)
    register(app)
    result = CliRunner().invoke(app, ["link", "files", str(paths[0]), "--columns", "nme=x", "--out",
                                      str(tmp_path / "o.csv")])
    assert result.exit_code == 2
    assert "unknown role" in result.output
