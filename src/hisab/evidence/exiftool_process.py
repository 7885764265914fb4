"""One long-lived `exiftool -stay_open` process (a new process per file is 15x slower).

Started with `Popen` as soon as the object is made, so Perl's start-up (~0.15 s) overlaps whatever the
caller does next (copying files into the vault). Commands go in on stdin, one argument per line, ending
with `-execute<N>`; the output ends with `{ready<N>}`. Paths passed here are vault paths (hex names), so
no argument can contain a newline.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any


class ExifToolProcess:
    """A running exiftool; `close()` (or the context manager) stops it."""

    def __init__(self, common_args: list[str], executable: str = "exiftool"):
        path = shutil.which(executable)
        if path is None:
            raise FileNotFoundError(executable)
        self._proc = subprocess.Popen(
            [path, "-stay_open", "True", "-@", "-", "-common_args", *common_args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._counter = 0
        self._version: str | None = None

    def __enter__(self) -> ExifToolProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def execute(self, *args: str) -> bytes:
        """Run one command; return its standard output."""
        if self._proc.poll() is not None:
            raise RuntimeError(f"exiftool exited with status {self._proc.returncode}")
        self._counter += 1
        sentinel = f"{{ready{self._counter}}}".encode()
        lines = "".join(f"{a}\n" for a in args) + f"-execute{self._counter}\n"
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(lines.encode("utf-8"))
        self._proc.stdin.flush()
        fd = self._proc.stdout.fileno()
        chunks: list[bytes] = []
        tail = b""
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise RuntimeError("exiftool stopped before answering")
            chunks.append(chunk)
            tail = (tail + chunk)[-(len(sentinel) + 4):]
            if sentinel in tail:
                break
        output = b"".join(chunks)
        return output[: output.rfind(sentinel)]

    def json(self, *args: str) -> list[dict[str, Any]]:
        out = self.execute("-json", *args).strip()
        return json.loads(out.decode("utf-8", errors="replace")) if out else []

    @property
    def version(self) -> str:
        if self._version is None:
            self._version = self.execute("-ver").decode().strip()
        return self._version

    def close(self) -> None:
        if self._proc.poll() is None:
            try:
                assert self._proc.stdin is not None
                self._proc.stdin.write(b"-stay_open\nFalse\n")
                self._proc.stdin.flush()
                self._proc.stdin.close()
                self._proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()
