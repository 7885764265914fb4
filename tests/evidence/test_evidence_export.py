"""Acceptance: an exported package passes `bagit.py --validate`; it holds originals, metadata, the log."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import bagit
import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))  # the helpers beside this file
from evidence_helpers import make_env
from test_evidence_intake import jpeg_bytes

from hisab.cli import app
from hisab.evidence import add
from hisab.evidence.errors import EvidenceError, EvidenceNotFound
from hisab.evidence.export import export
from hisab.store.models import Incident


def setup(tmp_path):
    drop, other = tmp_path / "drop", tmp_path / "other"
    drop.mkdir()
    other.mkdir()
    (drop / "a.jpg").write_bytes(jpeg_bytes(1))
    (drop / "b.jpg").write_bytes(jpeg_bytes(2))
    (other / "c.jpg").write_bytes(jpeg_bytes(3))
    store, vault = make_env(tmp_path)
    with store.session() as s:
        s.add(Incident(id=7, title_en="Strike on a market"))
    add(store, vault, [drop], incident_id=7, collected_by="analyst")
    add(store, vault, [other], collected_by="someone")
    return store, vault


def test_bag_validates_and_holds_everything(tmp_path):
    store, vault = setup(tmp_path)
    out = tmp_path / "export"
    result = export(store, vault, out, incident_id=7)
    assert result.items == 2
    bagit.Bag(str(out)).validate()
    subprocess.run([sys.executable, "-m", "bagit", "--validate", str(out)], check=True, capture_output=True)
    data = out / "data"
    originals = sorted(p.name for p in (data / "originals").iterdir())
    assert len(originals) == 2 and all(n.endswith(".jpg") for n in originals)
    log = (data / "custody" / "custody_log.jsonl").read_bytes()
    key = load_pem_public_key((data / "custody" / "custody_ed25519.pub.pem").read_bytes())
    key.verify(base64.b64decode((data / "custody" / "custody_log.jsonl.sig").read_text()), log)
    events = [json.loads(line) for line in log.decode().splitlines()]
    withheld = [e for e in events if "withheld" in e]
    assert len(withheld) == 1 and "someone" not in log.decode()  # the other item's event stays private
    assert all(events[i]["prev"] == events[i - 1]["hash"] for i in range(1, len(events)))
    meta = json.loads(next((data / "metadata").iterdir()).read_text())
    assert meta["custody"][0]["action"] == "intake" and meta["c2pa"]["state"] == "none"
    assert "a.jpg" in (data / "index.html").read_text()


def test_tampered_bag_fails_validation(tmp_path):
    store, vault = setup(tmp_path)
    out = tmp_path / "export"
    export(store, vault, out, incident_id=7)
    victim = next((out / "data" / "originals").iterdir())
    victim.write_bytes(victim.read_bytes() + b"x")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(out)).validate()


def test_refuses_existing_folder_and_empty_selection(tmp_path):
    store, vault = setup(tmp_path)
    (tmp_path / "exists").mkdir()
    with pytest.raises(EvidenceError, match="already exists"):
        export(store, vault, tmp_path / "exists", incident_id=7)
    with pytest.raises(EvidenceNotFound, match="incident 99"):
        export(store, vault, tmp_path / "new", incident_id=99)
    assert not (tmp_path / "new").exists() and not (tmp_path / "new.partial").exists()


def test_cli_export_and_head(tmp_path):
    setup(tmp_path)
    env = {"HISAB_DATABASE_URL": f"sqlite:///{tmp_path / 'hisab.db'}", "HISAB_VAULT": str(tmp_path / "vault")}
    runner = CliRunner()
    result = runner.invoke(app, ["evidence", "export", "--incident", "7", str(tmp_path / "bag")], env=env)
    assert result.exit_code == 0, result.output
    head = json.loads(runner.invoke(app, ["evidence", "head", "--json"], env=env).stdout)
    assert head["seq"] == 7 and len(head["hash"]) == 64 and "BEGIN PUBLIC KEY" in head["public_key"]
