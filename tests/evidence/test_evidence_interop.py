"""Importing hash manifests (legacy MD5 checked), Auto Archiver folders and ProofMode zips."""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the helpers beside this file
from evidence_helpers import make_env
from test_evidence_intake import jpeg_bytes

from hisab.evidence.errors import BadEvidenceFile, LegacyHashMismatch
from hisab.evidence.interop import import_bundle, import_manifest
from hisab.store.models import CustodyEvent, EvidenceItem


def test_manifest_with_legacy_md5(tmp_path):
    folder = tmp_path / "unit"
    folder.mkdir()
    data = jpeg_bytes(4)
    (folder / "clip.jpg").write_bytes(data)
    (folder / "manifest.csv").write_text(f"file,md5_hash\nclip.jpg,{hashlib.md5(data).hexdigest()}\n")
    store, vault = make_env(tmp_path)
    report = import_manifest(store, vault, folder / "manifest.csv")
    with store.session() as s:
        item = s.get(EvidenceItem, report.items[0].id)
        assert item.md5_legacy == hashlib.md5(data).hexdigest()
        assert [e.action for e in s.query(CustodyEvent).order_by(CustodyEvent.seq)] == ["intake", "import"]


def test_manifest_mismatch_rejects_everything(tmp_path):
    folder = tmp_path / "unit"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(jpeg_bytes(1))
    (folder / "b.jpg").write_bytes(jpeg_bytes(2))
    good = hashlib.md5(jpeg_bytes(1)).hexdigest()
    (folder / "m.csv").write_text(f"file,md5\na.jpg,{good}\nb.jpg,{'0' * 32}\nc.jpg,{'1' * 32}\n")
    store, vault = make_env(tmp_path)
    with pytest.raises(LegacyHashMismatch) as info:
        import_manifest(store, vault, folder / "m.csv")
    assert "row 3: b.jpg: MD5 is" in str(info.value) and "row 4: file 'c.jpg' not found" in str(info.value)
    with store.session() as s:
        assert s.query(EvidenceItem).count() == 0


def test_manifest_without_hash_columns(tmp_path):
    (tmp_path / "m.csv").write_text("name,size\na.jpg,3\n")
    store, vault = make_env(tmp_path)
    with pytest.raises(BadEvidenceFile, match="expected a 'file' column"):
        import_manifest(store, vault, tmp_path / "m.csv")


def test_auto_archiver_folder(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    media = jpeg_bytes(7)
    (folder / "image.jpg").write_bytes(media)
    sha = hashlib.sha256(media).hexdigest()
    (folder / "result.json").write_text(json.dumps({"media": [
        {"filename": "image.jpg", "properties": {"hash": f"SHA-256:{sha}"}},
        {"filename": "gone.mp4", "properties": {"hash": f"SHA-256:{'ab' * 32}"}}]}))
    store, vault = make_env(tmp_path)
    report = import_bundle(store, vault, folder, tool="auto-archiver")
    assert report.confirmed[sha] == ["result.json"]
    assert report.missing == [("ab" * 32, "result.json")]
    assert len(report.items) == 2  # the media and the tool's own record


def test_proofmode_zip(tmp_path):
    media = jpeg_bytes(9)
    sha = hashlib.sha256(media).hexdigest()
    bundle = tmp_path / "proof.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr(f"{sha}.jpg", media)
        archive.writestr(f"{sha}.proof.csv", f"File Hash SHA256,Location.Latitude\n{sha},36.2\n")
        archive.writestr(f"{sha}.jpg.asc", "-----BEGIN PGP SIGNATURE-----\nxx\n-----END PGP SIGNATURE-----\n")
        archive.writestr("../escape.txt", "zip member names cannot leave the extraction folder")
    store, vault = make_env(tmp_path)
    report = import_bundle(store, vault, bundle, tool="proofmode")
    assert report.confirmed[sha] == [f"{sha}.proof.csv"]
    names = sorted(i.original_filename for i in report.items)
    assert names == sorted(["proof.zip", f"{sha}.jpg", f"{sha}.proof.csv", f"{sha}.jpg.asc", "escape.txt"])
    assert not (tmp_path / "escape.txt").exists()
    assert list((tmp_path / "vault" / "tmp").iterdir()) == []


def test_bundle_must_be_folder_or_zip(tmp_path):
    (tmp_path / "x.txt").write_text("hello")
    store, vault = make_env(tmp_path)
    with pytest.raises(BadEvidenceFile, match="expected a folder or a zip"):
        import_bundle(store, vault, tmp_path / "x.txt", tool="proofmode")


def test_cli_import_unknown_tool(tmp_path):
    from typer.testing import CliRunner

    from hisab.cli import app

    env = {"HISAB_DATABASE_URL": f"sqlite:///{tmp_path / 'hisab.db'}", "HISAB_VAULT": str(tmp_path / "vault")}
    result = CliRunner().invoke(app, ["evidence", "import", str(tmp_path), "--from", "dropbox"], env=env)
    assert result.exit_code == 2 and "expected manifest, auto-archiver or proofmode" in result.stderr
