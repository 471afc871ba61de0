"""One build at a time per checkout: an exclusive lock on ``_build/.build.lock``.

The lock is an ``flock`` held for the life of the build process: the operating system
releases it when the process ends in any way, SIGKILL included, so a lock left by a killed
build is never in force (its file remains, with the holder's details, and is simply taken
over). A second build is refused at once with one line naming the holder.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import sys
from pathlib import Path
from typing import IO


class LockBusyError(RuntimeError):
    """Another build holds the lock of this checkout."""


class BuildLock:
    """Context manager holding the checkout's build lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "an unknown process"
            handle.close()
            raise LockBusyError(f"another build of this checkout is running ({holder}); wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        handle.write(f"pid {os.getpid()}, started {started}, `{' '.join(sys.argv)}`")
        handle.flush()
        self._file = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.seek(0)
            self._file.truncate()
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None
