"""The build lock refuses anything but a regular file at its path, at once and in one line."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tools.lock import BuildLock, LockBusyError


class LockBlockedError(BaseException):
    """Raised by the alarm; not an OSError, so no ``suppress(OSError)`` in the lock can swallow it."""


@pytest.fixture(autouse=True)
def never_hang() -> Iterator[None]:
    """A lock that blocks (a FIFO opened for writing) fails the test after 5 s instead of hanging the suite."""

    def _timeout(signum: int, frame: object) -> None:
        signal.alarm(1)  # and again, should the lock block a second time
        raise LockBlockedError("the build lock blocked")

    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


def _symlink(path: Path) -> None:
    target = path.parent.parent / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    path.symlink_to(target)


@pytest.mark.parametrize(
    ("make", "kind"),
    [(_fifo, "a named pipe (FIFO)"), (_folder, "a folder"), (_symlink, "a symbolic link")],
    ids=["fifo", "dir", "symlink"],
)
def test_a_lock_path_that_is_not_a_regular_file_is_refused(tmp_path: Path, make: Callable[[Path], None], kind: str) -> None:
    lock = tmp_path / "_build" / ".build.lock"
    lock.parent.mkdir()
    make(lock)
    with pytest.raises(LockBusyError) as caught, BuildLock(lock):
        pytest.fail("the lock was taken")
    message = str(caught.value)
    assert kind in message
    assert "\n" not in message
    if kind == "a symbolic link":
        assert (tmp_path / "precious.txt").read_text(encoding="utf-8") == "keep me"  # never written through


def test_a_regular_lock_file_names_the_holder_and_is_emptied(tmp_path: Path) -> None:
    lock = tmp_path / "_build" / ".build.lock"
    with BuildLock(lock):
        assert lock.read_text(encoding="utf-8").startswith(f"pid {os.getpid()}")
    assert lock.read_text(encoding="utf-8") == ""
