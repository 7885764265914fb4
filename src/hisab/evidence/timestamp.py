"""RFC 3161 timestamps of the custody chain head: queued offline, verified fully offline.

A chain proves nothing if its head can be rewritten. A timestamp token from an outside authority (TSA)
proves the head existed at a time, so events before it cannot be rewritten later without detection.
`request_head` writes a request (`.tsq`) into `<vault>/timestamps/queue/`; whoever has network sends it
to any TSA (e.g. `curl -H 'Content-Type: application/timestamp-query' --data-binary @x.tsq URL > x.tsr`);
`import_reply` checks the reply against the queued request and the TSA's certificate chain, stores the
token with its certificates in `timestamps/tokens/`, and records a `timestamp` custody event.
hisab itself never opens a network connection.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from rfc3161_client import TimestampRequestBuilder, VerificationError, VerifierBuilder
from rfc3161_client import decode_timestamp_response as decode_response
from rfc3161_client.tsp import TimeStampRequest

from hisab.evidence import custody
from hisab.evidence.errors import TimestampError
from hisab.evidence.keys import load_or_create_private_key
from hisab.evidence.vault import Vault
from hisab.store import Store


@dataclass(frozen=True)
class Token:
    seq: int
    head_hash: str
    gen_time: str
    path: Path


def message_for(seq: int, head_hash: str) -> bytes:
    """What is timestamped: the head's sequence number and hash, as text a person can re-create."""
    return f"hisab-custody-head {seq} {head_hash}".encode("ascii")


def request_head(store: Store, vault: Vault) -> Path:
    """Queue a timestamp request for the current chain head; returns the `.tsq` file to send."""
    with store.session() as s:
        seq, head_hash = custody.head(s)
    if head_hash is None:
        raise TimestampError("the custody log is empty: nothing to timestamp yet")
    request = TimestampRequestBuilder().data(message_for(seq, head_hash)).nonce(nonce=True).build()
    queue = vault.root / "timestamps" / "queue"
    queue.mkdir(parents=True, exist_ok=True)
    stem = f"{seq:09d}-{head_hash[:16]}"
    (queue / f"{stem}.tsq").write_bytes(request.as_bytes())
    (queue / f"{stem}.json").write_text(json.dumps({"seq": seq, "hash": head_hash}) + "\n")
    return queue / f"{stem}.tsq"


def import_reply(store: Store, vault: Vault, reply: Path, tsa_cert: Path, root_cert: Path,
                 intermediates: list[Path] | None = None, actor: str | None = None) -> Token:
    """Verify a TSA reply against its queued request and certificates; store it and record the event."""
    try:
        response = decode_response(Path(reply).read_bytes())
    except (OSError, ValueError) as exc:
        raise TimestampError(f"{reply}: not a readable RFC 3161 timestamp response ({exc})") from None
    queue = vault.root / "timestamps" / "queue"
    for tsq in sorted(queue.glob("*.tsq")):
        info = json.loads(tsq.with_suffix(".json").read_text())
        request = _load_request(tsq)
        if request.nonce != response.tst_info.nonce:
            continue
        _verify(response, request, message_for(info["seq"], info["hash"]), tsa_cert, root_cert,
                intermediates or [], where=str(reply))
        tokens = vault.root / "timestamps" / "tokens"
        tokens.mkdir(parents=True, exist_ok=True)
        stem = tsq.stem
        (tokens / f"{stem}.tsr").write_bytes(Path(reply).read_bytes())
        (tokens / f"{stem}.tsq").write_bytes(tsq.read_bytes())
        certs = [Path(tsa_cert), *(intermediates or []), Path(root_cert)]
        (tokens / f"{stem}.chain.pem").write_bytes(b"".join(p.read_bytes() for p in certs))
        gen_time = response.tst_info.gen_time.isoformat()
        (tokens / f"{stem}.json").write_text(json.dumps({**info, "gen_time": gen_time}) + "\n")
        tsq.unlink()
        tsq.with_suffix(".json").unlink()
        key = load_or_create_private_key(vault.root)
        with store.session() as s:
            custody.append(s, key, None, "timestamp", actor, {"head_seq": info["seq"], "head_hash": info["hash"],
                                                              "gen_time": gen_time, "token": f"{stem}.tsr"})
        return Token(info["seq"], info["hash"], gen_time, tokens / f"{stem}.tsr")
    raise TimestampError(f"{reply}: matches no queued request in {queue} (different nonce)")


def verify_tokens(store: Store, vault: Vault) -> tuple[int, list[str]]:
    """Re-verify every stored token offline and check that its head is still in the chain unchanged."""
    tokens = vault.root / "timestamps" / "tokens"
    problems: list[str] = []
    paths = sorted(tokens.glob("*.tsr")) if tokens.is_dir() else []
    if not paths:
        return 0, problems
    with store.session() as s:
        hashes = {r.seq: r.event_hash for r in custody.read_chain(s)}
    for tsr in paths:
        info = json.loads(tsr.with_suffix(".json").read_text())
        chain = x509.load_pem_x509_certificates(tsr.with_suffix(".chain.pem").read_bytes())
        try:
            _verify_loaded(decode_response(tsr.read_bytes()), _load_request(tsr.with_suffix(".tsq")),
                           message_for(info["seq"], info["hash"]), chain[0], chain[-1], chain[1:-1])
        except TimestampError as exc:
            problems.append(f"timestamp token {tsr.name}: {exc}")
        if hashes.get(info["seq"]) != info["hash"]:
            problems.append(f"timestamp token {tsr.name}: custody event {info['seq']} no longer has the "
                            f"timestamped hash {info['hash']} (the chain was rewritten)")
    return len(paths), problems


def _load_request(path: Path) -> TimeStampRequest:
    from rfc3161_client._rust import parse_timestamp_request

    return parse_timestamp_request(path.read_bytes())


def _verify(response, request, message: bytes, tsa_cert: Path, root_cert: Path, intermediates: list[Path],
            where: str) -> None:
    load = x509.load_pem_x509_certificate
    try:
        _verify_loaded(response, request, message, load(Path(tsa_cert).read_bytes()),
                       load(Path(root_cert).read_bytes()), [load(p.read_bytes()) for p in intermediates])
    except TimestampError as exc:
        raise TimestampError(f"{where}: {exc}") from None


def _verify_loaded(response, request, message: bytes, tsa, root, intermediates) -> None:
    builder = VerifierBuilder.from_request(request).tsa_certificate(tsa).add_root_certificate(root)
    for cert in intermediates:
        builder = builder.add_intermediate_certificate(cert)
    try:
        ok = builder.build().verify_message(response, message)
    except (VerificationError, ValueError) as exc:
        raise TimestampError(f"the token does not verify: {exc}") from None
    if not ok:
        raise TimestampError("the token does not verify")
