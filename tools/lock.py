"""One build at a time per checkout: an exclusive lock on the ``_build`` folder.

The lock is an ``flock`` on the folder itself, held for the life of the build process: the
operating system releases it when the process ends in any way, SIGKILL included, so a lock
left by a killed build is never in force, and a reader cannot delete the folder's lock as
it could a lock file. The file ``_build/.build.lock`` only names the holder, for the one-line
message that refuses a second build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sys
from pathlib import Path

from model.errors import printable


class LockBusyError(RuntimeError):
    """Another build holds the lock of this checkout (or the folder cannot be locked)."""


class BuildLock:
    """Context manager holding the checkout's build lock; ``path`` is the file that names the holder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._folder: int | None = None

    def __enter__(self) -> BuildLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            folder = os.open(self.path.parent, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            raise LockBusyError(f"cannot lock {self.path.parent}: {exc.strerror}") from exc
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(folder)
            try:
                holder = self.path.read_text(encoding="utf-8", errors="replace").strip() or "an unknown process"
            except OSError:
                holder = "an unknown process"
            raise LockBusyError(
                f"another build of this checkout is running ({printable(holder)}); wait for it to finish"
            ) from None
        self._folder = folder
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        command = printable(" ".join(sys.argv))
        with contextlib.suppress(OSError):
            self.path.write_text(f"pid {os.getpid()}, started {started}, `{command}`", encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._folder is not None:
            with contextlib.suppress(OSError):
                self.path.write_text("", encoding="utf-8")
            fcntl.flock(self._folder, fcntl.LOCK_UN)
            os.close(self._folder)
            self._folder = None
