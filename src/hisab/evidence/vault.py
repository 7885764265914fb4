"""The vault folder: originals stored by content hash, read-only, written atomically.

Layout under the vault folder:

    sha256/ab/cd/<hash>      the original bytes, mode 0444, never modified
    tmp/                     partial copies during intake (same file system, so rename is atomic)
    keys/                    the custody signing key (0600) and its public half
    timestamps/              RFC 3161 requests (queue/) and tokens (tokens/)

An object appears under `sha256/` only by `os.replace` of a fully written, fsynced temporary file, so a
crash during intake leaves at most a stray file in `tmp/`, never a partial object under its hash.
The copy is hashed as it is written (one read of the source): the stored bytes are the hashed bytes.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import mmap
import os
import queue
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from hisab.evidence.errors import VaultError
from hisab.hashing import is_sha256

# A ring of 4 x 1 MiB stays in the CPU cache between the read, the hash and the write; an 8 or 16 MiB
# ring measured here ran at half the speed (benchmarks/bench_evidence.py).
CHUNK = 1 << 20
BUFFERS = 4
DIRECT_MIN = 64 << 20  # files from this size on are written with O_DIRECT (see _Sink)
ALIGN = 4096  # O_DIRECT alignment: the page size, a multiple of every disk's logical block


@dataclass(frozen=True)
class StoredObject:
    """The result of putting one file into the vault."""

    sha256: str
    size: int
    path: Path
    created: bool  # False when the same bytes were already stored (deduplicated)


class Vault:
    """One vault folder. Opening it creates the layout (owner-only permissions) where missing."""

    def __init__(self, root: Path, *, fsync: bool = True):
        self.root = Path(root)
        self.fsync = fsync

    @classmethod
    def open(cls, root: Path | str, *, fsync: bool = True) -> Vault:
        vault = cls(Path(root), fsync=fsync)
        try:
            for sub in ("", "sha256", "tmp", "keys", "timestamps"):
                (vault.root / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise VaultError(f"cannot create the vault folder {vault.root}: {exc.strerror}") from None
        return vault

    def object_path(self, sha256: str) -> Path:
        """Where the bytes with this SHA-256 live: sha256/ab/cd/<hash>."""
        if not is_sha256(sha256):
            raise VaultError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / "sha256" / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.object_path(sha256).is_file()

    def put(self, source: Path) -> StoredObject:
        """Copy `source` into the vault, hashing while writing; deduplicate by hash."""
        tmp = self.root / "tmp" / f"{uuid.uuid4().hex}.part"
        try:
            digest, size = _copy_and_hash(source, tmp, fsync=self.fsync)
            target = self.object_path(digest)
            if target.is_file():
                tmp.unlink()
                return StoredObject(digest, size, target, created=False)
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
            if self.fsync:
                _fsync_dir(target.parent)
            return StoredObject(digest, size, target, created=True)
        finally:
            if tmp.exists():
                tmp.unlink()


def _copy_and_hash(source: Path, target: Path, *, fsync: bool) -> tuple[str, int]:
    """Read `source` once; hash each chunk here while a writer thread writes the previous one.

    hashlib and file writes both release the GIL, so the copy runs beside the hash. Large files are
    written with O_DIRECT (see `_Sink`): through the page cache, writing 2 GiB cost this VM more CPU than
    hashing it and halved intake speed; straight to the disk the writer needs almost no CPU. Memory is
    bounded by BUFFERS x CHUNK whatever the file size.
    """
    digest = hashlib.sha256()
    buffers = [mmap.mmap(-1, CHUNK) for _ in range(BUFFERS)]  # page-aligned, as O_DIRECT requires
    free: queue.SimpleQueue[int] = queue.SimpleQueue()
    work: queue.SimpleQueue[tuple[int, int] | None] = queue.SimpleQueue()
    errors: list[BaseException] = []
    for i in range(BUFFERS):
        free.put(i)
    size = 0
    with open(source, "rb", buffering=0) as src:
        expected = os.fstat(src.fileno()).st_size
        sink = _Sink.create(target, expected)
        try:
            def writer() -> None:
                while (item := work.get()) is not None:
                    index, n = item
                    try:
                        if not errors:
                            sink.write(memoryview(buffers[index])[:n])
                    except BaseException as exc:  # surfaced in the reading thread
                        errors.append(exc)
                    free.put(index)

            thread = threading.Thread(target=writer, name="vault-writer", daemon=True)
            thread.start()
            try:
                while not errors:
                    index = free.get()
                    n = src.readinto(buffers[index])
                    if not n:
                        break
                    digest.update(memoryview(buffers[index])[:n])
                    size += n
                    work.put((index, n))
            finally:
                work.put(None)
                thread.join()
            if errors:
                raise errors[0]
            if size != expected:  # the source changed size while being read: keep exactly what was hashed
                os.ftruncate(sink.fd, size)
            if fsync:
                os.fsync(sink.fd)
        finally:
            os.close(sink.fd)
    return digest.hexdigest(), size


class _Sink:
    """Writes chunks at increasing offsets, straight to the disk (O_DIRECT) while it can.

    O_DIRECT needs block-aligned lengths and offsets: a chunk with an unaligned tail (the end of the file,
    or a short read) is finished through the page cache, and so is everything after it. A file system that
    refuses O_DIRECT (tmpfs, some network file systems) gets ordinary writes. Small files always go
    through the page cache, where the analysis that follows intake reads them back.
    """

    def __init__(self, fd: int, direct: bool):
        self.fd = fd
        self.direct = direct
        self.offset = 0

    @classmethod
    def create(cls, target: Path, expected: int) -> _Sink:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        direct = False
        if expected >= DIRECT_MIN and hasattr(os, "O_DIRECT"):
            try:  # switched on after creation: a refusal leaves an ordinary, already created file
                fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_DIRECT)
                direct = True
            except OSError as exc:
                if exc.errno != errno.EINVAL:
                    os.close(fd)
                    raise
        if expected:  # reserve the space now: a full disk fails before copying
            try:
                os.posix_fallocate(fd, 0, expected)
            except OSError as exc:
                if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL):
                    os.close(fd)
                    raise
        return cls(fd, direct)

    def write(self, view: memoryview) -> None:
        if self.direct:
            aligned = len(view) - len(view) % ALIGN
            if aligned:
                try:
                    self._write_all(view[:aligned])
                except OSError as exc:  # the device wants another alignment: fall back, lose nothing
                    if exc.errno != errno.EINVAL:
                        raise
                    self._buffered()
                    aligned = 0
            view = view[aligned:]
            if view:
                self._buffered()
        if view:
            self._write_all(view)

    def _write_all(self, view: memoryview) -> None:
        done = 0
        while done < len(view):
            done += os.pwrite(self.fd, view[done:], self.offset + done)
        self.offset += done

    def _buffered(self) -> None:
        if self.direct:
            fcntl.fcntl(self.fd, fcntl.F_SETFL, fcntl.fcntl(self.fd, fcntl.F_GETFL) & ~os.O_DIRECT)
            self.direct = False


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
