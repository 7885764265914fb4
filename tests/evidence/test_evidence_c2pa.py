"""Acceptance: the 17 C2PA fixtures get SOURCE.txt's verdicts and SHA-256s through intake."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the helpers beside this file

import re

from evidence_helpers import make_env

from hisab.evidence import add

EXPECTED = {
    "XCA.jpg": ("invalid", "assertion.dataHash.mismatch", "active manifest"),
    "E-sig-CA.jpg": ("invalid", "claimSignature.mismatch", "active manifest"),
    "CIE-sig-CA.jpg": ("invalid", "claimSignature.mismatch", "ingredient E-sig-CA.jpg"),
}


def source_table(text: str) -> tuple[dict[str, str], dict[str, str]]:
    states, hashes = {}, {}
    for line in text.splitlines():
        m = re.match(r"\s+(\S+)\t(NO-MANIFEST-OR-ERROR|manifests=\d+\tstate=(\w+))", line)
        if m:
            states[m.group(1)] = "none" if m.group(2).startswith("NO-") else m.group(3).lower()
        m = re.match(r"\s+([0-9a-f]{64})\s+(\S+)$", line)
        if m:
            hashes[m.group(2)] = m.group(1)
    return states, hashes


def test_fixture_verdicts_and_hashes(tmp_path, shared):
    folder = shared("c2pa-media-fixtures")
    states, hashes = source_table((folder / "SOURCE.txt").read_text())
    assert len(states) == 17 and len(hashes) == 17
    store, vault = make_env(tmp_path)
    media = [folder / name for name in sorted(states)]
    result = add(store, vault, media)
    got = {i.original_filename: i for i in result.items}
    assert {n: i.c2pa["state"] for n, i in got.items()} == states
    assert {n: i.sha256 for n, i in got.items()} == hashes
    for name, (state, code, where) in EXPECTED.items():
        assert got[name].c2pa["state"] == state and code in got[name].c2pa["codes"]
        with store.session() as s:
            from hisab.store.models import EvidenceItem

            item = s.get(EvidenceItem, got[name].id)
            failures = item.c2pa["failures"]
        assert [(f["where"], f["code"]) for f in failures] == [(where, code)]
    assert "proves nothing" in _note(store, got["A.jpg"].id)


def test_format_is_detected_from_bytes_not_name(tmp_path, shared):
    source = shared("c2pa-media-fixtures/C.jpg")
    renamed = tmp_path / "in" / "C.mov"
    renamed.parent.mkdir()
    renamed.write_bytes(source.read_bytes())
    store, vault = make_env(tmp_path)
    item = add(store, vault, [renamed]).items[0]
    assert item.media_type == "image/jpeg" and item.c2pa["state"] == "valid"
    assert any("extension suggests video/quicktime" in w for w in item.warnings)


def _note(store, item_id: int) -> str:
    from hisab.store.models import EvidenceItem

    with store.session() as s:
        return s.get(EvidenceItem, item_id).c2pa["note"]


def test_extra_trust_anchor_is_accepted_offline(tmp_path, shared):
    """An added anchor that did not sign the file changes nothing: still valid, signer untrusted."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from hisab.evidence.provenance import ProvenanceChecker

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Partner CA")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    pem = tmp_path / "partner.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    verdict = ProvenanceChecker([pem]).check(shared("c2pa-media-fixtures/C.jpg"), "image/jpeg")
    assert verdict.state == "valid" and not verdict.trusted
    assert "signingCredential.untrusted" in verdict.codes
