"""Acceptance: verify finds a flipped bit in a stored file and an edited custody row, naming them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))  # the helpers beside this file
from evidence_helpers import make_env
from test_evidence_intake import jpeg_bytes

from hisab.cli import app
from hisab.evidence import add, custody, verify
from hisab.evidence.keys import load_or_create_private_key


def setup(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    for i in range(3):
        (drop / f"p{i}.jpg").write_bytes(jpeg_bytes(i))
    store, vault = make_env(tmp_path)
    items = add(store, vault, [drop], collected_by="محقق").items
    return store, vault, items


def cli(tmp_path, *args):
    env = {"HISAB_DATABASE_URL": f"sqlite:///{tmp_path / 'hisab.db'}", "HISAB_VAULT": str(tmp_path / "vault")}
    return CliRunner().invoke(app, ["evidence", *args], env=env)


def test_clean_vault_verifies(tmp_path):
    store, vault, _ = setup(tmp_path)
    report = verify(store, vault, all_signatures=True)
    assert report.ok and report.items_checked == 3 and report.events_checked == 3
    result = cli(tmp_path, "verify", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ok"] is True


def test_flipped_bit_named(tmp_path):
    store, vault, items = setup(tmp_path)
    path = vault.object_path(items[1].sha256)
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    result = cli(tmp_path, "verify")
    assert result.exit_code == 1
    assert f"item {items[1].id} ({items[1].sha256}): stored file changed" in result.stderr.replace("\n", " ")


def test_edited_custody_row_named(tmp_path):
    store, vault, items = setup(tmp_path)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE custody_event SET actor = 'someone else' WHERE seq = 2"))
    report = verify(store, vault, record=False)
    assert not report.ok
    assert any(p.startswith(f"custody event 2 (item {items[1].sha256}): content does not match") for p in
               report.problems)
    result = cli(tmp_path, "verify")
    assert result.exit_code == 1 and "custody event 2" in result.stderr


def test_recomputed_forgery_caught_by_signatures(tmp_path):
    """An editor who recomputes every later hash still cannot sign: the forged event is named."""
    store, vault, _ = setup(tmp_path)
    with store.session() as s:
        rows = custody.read_chain(s)
    prev = rows[0].event_hash
    with store.engine.begin() as conn:
        for row in rows[1:]:
            actor = "forger" if row.seq == 2 else row.actor
            digest = custody.event_digest(row.seq, row.evidence_sha256, row.action, actor, row.at,
                                          row.details, prev)
            conn.execute(text("UPDATE custody_event SET actor=:a, prev_hash=:p, event_hash=:h WHERE seq=:s"),
                         {"a": actor, "p": prev, "h": digest, "s": row.seq})
            prev = digest
    report = verify(store, vault, record=False)
    assert [p.split(":")[0] for p in report.problems][0].startswith("custody event 2")
    assert all("signature does not verify" in p for p in report.problems)


def test_deleted_event_detected(tmp_path):
    store, vault, _ = setup(tmp_path)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM custody_event WHERE seq = 2"))
    report = verify(store, vault, record=False)
    assert any("custody event 3" in p and "sequence gap" in p for p in report.problems)


def test_verify_is_recorded(tmp_path):
    store, vault, _ = setup(tmp_path)
    verify(store, vault)
    with store.session() as s:
        rows = custody.read_chain(s)
    assert rows[-1].action == "fixity-check" and rows[-1].details["ok"] is True


@settings(max_examples=25, deadline=None)
@given(details=st.dictionaries(st.text(max_size=8), st.one_of(st.text(max_size=20), st.integers(), st.none(),
                                                                st.lists(st.text(max_size=5), max_size=3)),
                               max_size=4))
def test_any_details_round_trip_through_the_store(tmp_path_factory, details):
    tmp = tmp_path_factory.mktemp("chain")
    store, vault = make_env(tmp)
    key = load_or_create_private_key(vault.root)
    with store.session() as s:
        custody.append(s, key, None, "transfer", "أمين المحفوظات", details)
    with store.session() as s:
        rows = custody.read_chain(s)
    assert custody.verify_chain(rows, key.public_key(), all_signatures=True) == []
