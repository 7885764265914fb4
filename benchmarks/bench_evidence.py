"""Evidence vault speed: intake vs raw SHA-256, metadata intake of the exiftool test files, chain verify.

1. Intake of one large file (2 GiB; 256 MiB with quick) against `hashlib.sha256` reading the same file in
   the same run, as a ratio (target >= 0.90). The copy is hashed while written (one read). Measured with
   the vault's fsync off (what hashing + copying costs) and, separately, with fsync on (bounded by the
   disk's write speed, reported without a target). The temporary file is deleted afterwards.
2. Intake of the 186 exiftool test images with metadata (one exiftool -stay_open process), files/s.
3. `verify` of 100,000 custody events (20,000 with quick), events/s (target >= 50,000).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hisab.evidence import add, custody
from hisab.evidence.keys import load_or_create_private_key
from hisab.evidence.vault import Vault
from hisab.evidence.verify import verify_chain
from hisab.shared import shared_path
from hisab.store import open_store
from hisab.store.models import CustodyEvent

CHUNK = 1 << 20


def row(metric, value, unit, target=None, anchor=None, ratio=None, ok=None, note=""):
    return {"benchmark": "evidence", "metric": metric, "value": value, "unit": unit, "target": target,
            "anchor": anchor, "ratio": ratio, "ok": ok, "note": note}


def raw_sha256(path: Path) -> float:
    digest = hashlib.sha256()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    started = time.perf_counter()
    with open(path, "rb", buffering=0) as handle:
        while n := handle.readinto(buffer):
            digest.update(view[:n])
    return time.perf_counter() - started


def bench_large_file(work: Path, size: int) -> list[dict]:
    big = work / "big.bin"
    with open(big, "wb") as handle:
        block = os.urandom(16 << 20)
        for i in range(size // len(block)):
            handle.write(block[:-8] + i.to_bytes(8, "little"))
        handle.flush()
        os.fsync(handle.fileno())  # settle the input on disk so its write-back does not run during timing
    raw_times, intake_times, fsync_times = [], [], []
    for round_ in range(3):  # best of 3: a VM's first touch of fresh page-cache memory is slow
        raw_times.append(raw_sha256(big))
        store = open_store(f"sqlite:///{work / f'bench{round_}.db'}")
        vault = Vault.open(work / f"vault{round_}", fsync=False)
        started = time.perf_counter()
        add(store, vault, [big])
        intake_times.append(time.perf_counter() - started)
        shutil.rmtree(work / f"vault{round_}")
    vault = Vault.open(work / "vault-fsync", fsync=True)
    started = time.perf_counter()
    vault.put(big)
    fsync_times.append(time.perf_counter() - started)
    shutil.rmtree(work / "vault-fsync")
    big.unlink()
    gib = size / (1 << 30)
    raw_rate, intake_rate, fsync_rate = gib / min(raw_times), gib / min(intake_times), gib / min(fsync_times)
    label = f"{gib:g} GiB"
    return [
        row(f"intake of a {label} file (hash while copying, fsync off)", intake_rate, "GiB/s", ">= 0.90",
            f"hashlib.sha256 {raw_rate:.2f} GiB/s", intake_rate / raw_rate, intake_rate / raw_rate >= 0.90,
            "best of 3, interleaved with the anchor; includes the store, media sniffing and exiftool"),
        row(f"intake of a {label} file, fsync on", fsync_rate, "GiB/s", None,
            f"hashlib.sha256 {raw_rate:.2f} GiB/s", fsync_rate / raw_rate, None,
            "durable write: bounded by the disk's write speed, not by hashing"),
    ]


def bench_metadata(work: Path) -> list[dict]:
    images = shared_path("exiftool-test-images/images")
    if images is None:
        return [row("intake of the exiftool test files with metadata", None, "files/s", ">= 100",
                    note="shared data absent")]
    if shutil.which("exiftool") is None:
        return [row("intake of the exiftool test files with metadata", None, "files/s", ">= 100",
                    note="exiftool not installed")]
    files = [p for p in images.iterdir() if p.is_file()]
    store = open_store(f"sqlite:///{work / 'meta.db'}")
    vault = Vault.open(work / "vault-meta")
    started = time.perf_counter()
    result = add(store, vault, [images])
    elapsed = time.perf_counter() - started
    rate = len(result.items) / elapsed
    return [row(f"intake of the {len(files)} exiftool test files with metadata", rate, "files/s", ">= 100",
                ok=rate >= 100, note="one exiftool -stay_open batch, C2PA, dHash, fsync on")]


def bench_verify(work: Path, n: int) -> list[dict]:
    store = open_store(f"sqlite:///{work / 'chain.db'}")
    vault = Vault.open(work / "vault-chain")
    key = load_or_create_private_key(vault.root)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows, prev = [], None
    for seq in range(1, n + 1):
        at = start + timedelta(seconds=seq)
        details = {"note": "transfer to archive", "batch": seq // 100, "by": "أمين"}
        digest = custody.event_digest(seq, None, "transfer", "archivist", at, details, prev)
        rows.append({"seq": seq, "evidence_id": None, "action": "transfer", "actor": "archivist", "at": at,
                     "details": details, "prev_hash": prev, "event_hash": digest,
                     "signature": custody.sign(key, digest)})
        prev = digest
    with store.session() as s:
        s.execute(CustodyEvent.__table__.insert(), rows)
    started = time.perf_counter()
    count, _head, problems = verify_chain(store, vault)
    elapsed = time.perf_counter() - started
    assert count == n and not problems, problems[:3]
    rate = n / elapsed
    return [row(f"verify {n:,} custody events", rate, "events/s", ">= 50000", ok=rate >= 50_000,
                note="read from SQLite + every hash and link + the head's Ed25519 signature")]


def run(quick: bool) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="hisab-bench-evidence-") as tmp:
        work = Path(tmp)
        results = bench_large_file(work, (256 << 20) if quick else (2 << 30))
        results += bench_metadata(work)
        results += bench_verify(work, 20_000 if quick else 100_000)
    return results
