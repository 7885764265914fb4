"""`hisab estimate`: JSON keys scripts rely on, saved rows, plots, exact error messages."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hisab.cli import app

runner = CliRunner()


def test_json_keys_and_selected_model_first(shared, tmp_path):
    path = shared("kosovo/kosovo.csv")
    result = runner.invoke(app, ["estimate", "--csv", str(path), "--method", "loglinear", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"observed", "lists", "results"}
    assert data["observed"] == 4400 and data["lists"] == ["EXH", "ABA", "OSCE", "HRW"]
    first = data["results"][0]
    required = {"method", "model", "estimate", "lower", "upper", "status"}
    described = {"interval", "profile_estimate", "profile_lower", "profile_upper", "profile_interval"}
    assert set(first) == required | described  # what lower/upper are, and the profile interval beside them
    assert first["method"] == "loglinear" and first["model"] == "[12,13,14,23,34]" and first["status"] == "ok"
    models = [r["model"] for r in data["results"]]
    assert {"M0", "Mh Chao (LB)", "Mh Poisson2", "Mh Darroch"} <= set(models)


def test_behavioural_negative_is_a_status_in_json(shared):
    path = shared("mse-benchmarks/dga_madigan_york_3list.csv")
    result = runner.invoke(app, ["estimate", "--csv", str(path), "--method", "loglinear", "--json"])
    mb = next(r for r in json.loads(result.stdout)["results"] if r["model"] == "Mb")
    assert mb["estimate"] is None and mb["lower"] is None and "below the observed" in mb["status"]


def test_all_methods_with_plot_and_saved_rows(shared, tmp_path):
    path = shared("mse-benchmarks/dga_madigan_york_3list.csv")
    db = f"sqlite:///{tmp_path / 'h.db'}"
    png = tmp_path / "post.png"
    result = runner.invoke(app, ["estimate", "--csv", str(path), "--method", "all", "--seed", "4", "--chains", "2",
                                 "--db", db, "--plot", str(png), "--json"])
    assert result.exit_code == 0, result.output
    methods = [r["method"] for r in json.loads(result.stdout)["results"]]
    assert {"lcmcr", "dga", "loglinear", "sparse"} == set(methods)
    assert png.exists() and png.stat().st_size > 1000
    from sqlalchemy import func, select

    from hisab.store import open_store
    from hisab.store.models import Estimate

    with open_store(db).session() as s:
        assert s.execute(select(func.count()).select_from(Estimate)).scalar() == len(methods)


def test_table_output_and_strata(tmp_path):
    csv = tmp_path / "s.csv"
    csv.write_text("A,B,C,gov,count\n1,0,0,x,50\n0,1,0,x,40\n1,1,0,x,9\n0,0,1,x,30\n1,0,1,x,8\n0,1,1,x,7\n"
                   "1,0,0,y,20\n0,1,0,y,30\n1,1,0,y,5\n0,0,1,y,25\n1,0,1,y,4\n0,1,1,y,6\n")
    result = runner.invoke(app, ["estimate", "--csv", str(csv), "--method", "sparse", "--strata", "gov"])
    assert result.exit_code == 0, result.output
    assert "sparse" in result.output
    js = runner.invoke(app, ["estimate", "--csv", str(csv), "--method", "sparse", "--strata", "gov", "--json"])
    rows = json.loads(js.stdout)["results"]
    assert [r["stratum"] for r in rows] == ["all", "x", "y"]


def test_bad_method_message():
    result = runner.invoke(app, ["estimate", "--csv", "x.csv", "--method", "magic"])
    assert result.exit_code == 2
    assert "Error: --method must be one of lcmcr, dga, loglinear, sparse or all; found 'magic'" in result.output


def test_bad_csv_message(tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("A,B,count\n1,0,5\n0,1,-2\n")
    result = runner.invoke(app, ["estimate", "--csv", str(csv), "--method", "sparse"])
    assert result.exit_code == 2
    assert f"Error: {csv}, row 2, column 'count': expected a non-negative integer, found -2" in result.output


def test_bad_plot_suffix(shared, tmp_path):
    path = shared("kosovo/kosovo.csv")
    result = runner.invoke(app, ["estimate", "--csv", str(path), "--method", "sparse", "--plot",
                                 str(tmp_path / "p.jpg")])
    assert result.exit_code == 2 and "expected a .png or .svg" in result.output
