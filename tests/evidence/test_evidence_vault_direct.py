"""Large files bypass the page cache (O_DIRECT): the stored bytes must still be exactly the hashed bytes,
whatever the alignment of the file's size, and a file system or device that refuses O_DIRECT loses nothing."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from hisab.evidence import vault as vault_module
from hisab.evidence.vault import Vault


@pytest.fixture
def direct_always(monkeypatch):
    """Take the O_DIRECT path for every file, so small test files exercise it."""
    monkeypatch.setattr(vault_module, "DIRECT_MIN", 1)


def _write(path: Path, size: int) -> bytes:
    data = os.urandom(size)
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("size", [
    1,                                    # shorter than one block
    vault_module.ALIGN,                   # exactly one block
    3 * vault_module.CHUNK,               # whole chunks
    3 * vault_module.CHUNK + 123,         # an unaligned tail after whole chunks
    vault_module.CHUNK * 2 + vault_module.ALIGN * 5,  # aligned but not whole chunks
])
def test_direct_write_stores_exactly_the_hashed_bytes(tmp_path, direct_always, size):
    data = _write(tmp_path / "in.bin", size)
    obj = Vault.open(tmp_path / "vault").put(tmp_path / "in.bin")
    assert obj.sha256 == hashlib.sha256(data).hexdigest()
    assert obj.size == size
    assert obj.path.read_bytes() == data


def test_file_system_refusing_o_direct_gets_ordinary_writes(tmp_path, direct_always, monkeypatch):
    real = vault_module.fcntl.fcntl

    def refuse(fd, cmd, arg=0):
        if cmd == vault_module.fcntl.F_SETFL and arg & os.O_DIRECT:
            raise OSError(errno.EINVAL, "Invalid argument")
        return real(fd, cmd, arg)

    monkeypatch.setattr(vault_module.fcntl, "fcntl", refuse)
    data = _write(tmp_path / "in.bin", 2 * vault_module.CHUNK + 7)
    obj = Vault.open(tmp_path / "vault").put(tmp_path / "in.bin")
    assert obj.path.read_bytes() == data and obj.sha256 == hashlib.sha256(data).hexdigest()


def test_device_refusing_the_alignment_falls_back_without_losing_bytes(tmp_path, direct_always, monkeypatch):
    real = os.pwrite
    calls = {"refused": 0}

    def pwrite(fd, data, offset):
        flags = vault_module.fcntl.fcntl(fd, vault_module.fcntl.F_GETFL)
        if flags & os.O_DIRECT:
            calls["refused"] += 1
            raise OSError(errno.EINVAL, "Invalid argument")
        return real(fd, data, offset)

    monkeypatch.setattr(vault_module.os, "pwrite", pwrite)
    data = _write(tmp_path / "in.bin", 3 * vault_module.CHUNK + 5)
    obj = Vault.open(tmp_path / "vault").put(tmp_path / "in.bin")
    assert calls["refused"] == 1  # refused once, then every write went through the page cache
    assert obj.path.read_bytes() == data


def test_short_writes_are_completed(tmp_path, monkeypatch):
    real = os.pwrite

    def half(fd, data, offset):  # a write(2) may take fewer bytes than offered
        return real(fd, data[: max(1, len(data) // 2)], offset)

    monkeypatch.setattr(vault_module.os, "pwrite", half)
    data = _write(tmp_path / "in.bin", vault_module.CHUNK + 999)
    obj = Vault.open(tmp_path / "vault").put(tmp_path / "in.bin")
    assert obj.path.read_bytes() == data


def test_write_error_is_raised_and_leaves_no_object(tmp_path, direct_always, monkeypatch):
    def full(fd, data, offset):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(vault_module.os, "pwrite", full)
    _write(tmp_path / "in.bin", vault_module.CHUNK * 2)
    vault = Vault.open(tmp_path / "vault")
    with pytest.raises(OSError) as caught:
        vault.put(tmp_path / "in.bin")
    assert caught.value.errno == errno.ENOSPC
    assert not [p for p in (tmp_path / "vault" / "sha256").rglob("*") if p.is_file()]
    assert not any((tmp_path / "vault" / "tmp").iterdir())
