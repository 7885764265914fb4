"""Streamed file hashing for every module: SHA-256 is the identity and fixity hash (evidence items,
imported incident files); MD5 only checks legacy hashes that come with evidence.

Files are read in 1 MiB chunks into one reused buffer (bounded memory for files of any size); below
1 MiB per read, SHA-256 throughput drops by a third (see the evidence reference note, section 3).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

CHUNK = 1 << 20


def sha256_file(path: Path, chunk: int = CHUNK) -> tuple[str, int]:
    """The SHA-256 hex digest and size of a file, read once in fixed-size chunks."""
    return _digest_file(path, "sha256", chunk)


def md5_file(path: Path, chunk: int = CHUNK) -> str:
    """The MD5 of a file: only to check a legacy hash that came with it, never as an identity."""
    return _digest_file(path, "md5", chunk)[0]


def _digest_file(path: Path, algorithm: str, chunk: int) -> tuple[str, int]:
    digest = hashlib.new(algorithm)
    buffer = bytearray(chunk)
    view = memoryview(buffer)
    size = 0
    with open(path, "rb", buffering=0) as handle:
        while n := handle.readinto(buffer):
            digest.update(view[:n])
            size += n
    return digest.hexdigest(), size


def is_sha256(text: str) -> bool:
    """True for 64 lowercase hex digits (the form hisab stores)."""
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)
