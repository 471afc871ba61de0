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
import stat
import sys
from pathlib import Path

from model.errors import printable


class LockBusyError(RuntimeError):
    """Another build holds the lock of this checkout (or the folder cannot be locked)."""


def not_a_regular_file(path: Path) -> str:
    """What ``path`` is when it exists and is not a regular file (a symlink is not followed); '' otherwise."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return f"unreadable ({exc.strerror})"
    if stat.S_ISREG(mode):
        return ""
    kinds = {
        stat.S_ISLNK: "a symbolic link",
        stat.S_ISFIFO: "a named pipe (FIFO)",
        stat.S_ISDIR: "a folder",
        stat.S_ISSOCK: "a socket",
    }
    return next((name for test, name in kinds.items() if test(mode)), "a device")


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
                regular = not not_a_regular_file(self.path)
                holder = (regular and self.path.read_text(encoding="utf-8", errors="replace").strip()) or "an unknown process"
            except OSError:
                holder = "an unknown process"
            raise LockBusyError(
                f"another build of this checkout is running ({printable(holder)}); wait for it to finish"
            ) from None
        kind = not_a_regular_file(self.path)
        if kind:
            fcntl.flock(folder, fcntl.LOCK_UN)
            os.close(folder)
            raise LockBusyError(f"{printable(str(self.path))} is {kind}, not the regular file a build writes; remove it")
        self._folder = folder
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        command = printable(" ".join(sys.argv))
        self._write(f"pid {os.getpid()}, started {started}, `{command}`")
        return self

    def _write(self, text: str) -> None:
        """Write the holder's line, never through a symlink and never blocking on a FIFO."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_NONBLOCK
        with contextlib.suppress(OSError):
            handle = os.open(self.path, flags, 0o644)
            try:
                os.write(handle, text.encode("utf-8"))
            finally:
                os.close(handle)

    def __exit__(self, *exc: object) -> None:
        if self._folder is not None:
            if not not_a_regular_file(self.path):
                self._write("")
            fcntl.flock(self._folder, fcntl.LOCK_UN)
            os.close(self._folder)
            self._folder = None
