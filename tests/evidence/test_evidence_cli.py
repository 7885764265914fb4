"""The CLI: `--json` keys scripts rely on, list/show/similar, and errors as `Error: …` with exit 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))  # the helpers beside this file
from test_evidence_intake import jpeg_bytes

from hisab.cli import app


def run(tmp_path, *args):
    env = {"HISAB_DATABASE_URL": f"sqlite:///{tmp_path / 'hisab.db'}", "HISAB_VAULT": str(tmp_path / "vault")}
    return CliRunner().invoke(app, ["evidence", *args], env=env)


def test_add_json_shape(tmp_path):
    (tmp_path / "a.jpg").write_bytes(jpeg_bytes())
    result = run(tmp_path, "add", str(tmp_path / "a.jpg"), "--json", "--collected-by", "analyst")
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.stdout)
    assert {"sha256", "media_type", "c2pa", "capture_time"} <= set(item)
    assert item["media_type"] == "image/jpeg" and item["c2pa"] == {"state": "none", "codes": []}
    assert len(item["sha256"]) == 64 and item["capture_time"] is None


def test_list_show_similar(tmp_path):
    (tmp_path / "a.jpg").write_bytes(jpeg_bytes())
    assert run(tmp_path, "add", str(tmp_path / "a.jpg")).exit_code == 0
    listed = json.loads(run(tmp_path, "list", "--json").stdout)
    assert [i["original_filename"] for i in listed] == ["a.jpg"]
    sha = listed[0]["sha256"]
    shown = json.loads(run(tmp_path, "show", sha[:12], "--json").stdout)
    assert shown["id"] == 1 and [e["action"] for e in shown["custody"]] == ["intake", "view"]
    plain = run(tmp_path, "show", "1")
    assert plain.exit_code == 0 and "a.jpg" in plain.stdout and "custody 1" in plain.stdout
    assert run(tmp_path, "list").exit_code == 0 and run(tmp_path, "verify").exit_code == 0
    result = run(tmp_path, "similar", "1", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_errors_exit_2(tmp_path):
    (tmp_path / "empty.jpg").write_bytes(b"")
    result = run(tmp_path, "add", str(tmp_path / "empty.jpg"))
    assert result.exit_code == 2 and "empty file (0 bytes)" in result.stderr
    result = run(tmp_path, "show", "42")
    assert result.exit_code == 2 and "no evidence item '42'" in result.stderr
