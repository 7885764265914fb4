"""RFC 3161 tokens on the chain head, from a local `openssl ts` authority, verified offline."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))  # the helpers beside this file
from evidence_helpers import make_env
from evidence_tsa import make_tsa, reply
from test_evidence_intake import jpeg_bytes

from hisab.evidence import add, verify
from hisab.evidence.errors import TimestampError
from hisab.evidence.timestamp import import_reply, request_head, verify_tokens


def vault_with_items(tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.jpg").write_bytes(jpeg_bytes())
    store, vault = make_env(tmp_path)
    add(store, vault, [drop])
    return store, vault


def test_round_trip_and_rewrite_detected(tmp_path):
    tsa = make_tsa(tmp_path)
    store, vault = vault_with_items(tmp_path)
    tsq = request_head(store, vault)
    token = import_reply(store, vault, reply(tsa, tsq, tmp_path / "r.tsr"), tsa["tsa"], tsa["root"])
    assert token.seq == 1 and token.gen_time
    assert verify_tokens(store, vault) == (1, [])
    assert verify(store, vault, record=False).ok
    with store.engine.begin() as conn:  # rewrite the timestamped head (hash recomputed or not)
        conn.execute(text("UPDATE custody_event SET event_hash = :h WHERE seq = 1"), {"h": "0" * 64})
    count, problems = verify_tokens(store, vault)
    assert count == 1 and "custody event 1 no longer has the timestamped hash" in problems[0]


def test_reply_for_another_request_rejected(tmp_path):
    tsa = make_tsa(tmp_path)
    store, vault = vault_with_items(tmp_path)
    request_head(store, vault)
    other = tmp_path / "other.tsq"
    from rfc3161_client import TimestampRequestBuilder

    other.write_bytes(TimestampRequestBuilder().data(b"something else").build().as_bytes())
    with pytest.raises(TimestampError, match="matches no queued request"):
        import_reply(store, vault, reply(tsa, other, tmp_path / "r.tsr"), tsa["tsa"], tsa["root"])


def test_wrong_root_rejected(tmp_path):
    tsa = make_tsa(tmp_path)
    other = make_tsa(tmp_path / "other" if (tmp_path / "other").mkdir() is None else tmp_path)
    store, vault = vault_with_items(tmp_path)
    tsq = request_head(store, vault)
    with pytest.raises(TimestampError, match="does not verify"):
        import_reply(store, vault, reply(tsa, tsq, tmp_path / "r.tsr"), tsa["tsa"], other["root"])


def test_garbage_reply(tmp_path):
    store, vault = vault_with_items(tmp_path)
    request_head(store, vault)
    (tmp_path / "bad.tsr").write_bytes(b"not a token")
    with pytest.raises(TimestampError, match="not a readable RFC 3161"):
        import_reply(store, vault, tmp_path / "bad.tsr", tmp_path / "x.pem", tmp_path / "y.pem")


def test_empty_log(tmp_path):
    store, vault = make_env(tmp_path)
    with pytest.raises(TimestampError, match="empty"):
        request_head(store, vault)


def test_cli_request_import_verify(tmp_path):
    from typer.testing import CliRunner

    from hisab.cli import app

    tsa = make_tsa(tmp_path)
    vault_with_items(tmp_path)
    env = {"HISAB_DATABASE_URL": f"sqlite:///{tmp_path / 'hisab.db'}", "HISAB_VAULT": str(tmp_path / "vault")}
    runner = CliRunner()
    result = runner.invoke(app, ["evidence", "timestamp", "request"], env=env)
    assert result.exit_code == 0, result.output
    tsq = Path(result.stdout.split()[0])
    tsr = reply(tsa, tsq, tmp_path / "r.tsr")
    result = runner.invoke(app, ["evidence", "timestamp", "import", str(tsr), "--tsa-cert", str(tsa["tsa"]),
                                 "--root-cert", str(tsa["root"])], env=env)
    assert result.exit_code == 0 and "Timestamped custody event 1" in result.stdout
    result = runner.invoke(app, ["evidence", "verify", "--json"], env=env)
    assert result.exit_code == 0 and json_tokens(result.stdout) == 1


def json_tokens(text: str) -> int:
    import json

    return json.loads(text)["tokens_checked"]
