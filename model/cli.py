"""What every command line of the project shares: ``--help``, one-line errors, quiet closed pipes.

- :class:`OneLineParser` turns a usage error into one line on stderr and exit status 2.
- :func:`number` is an argparse type for finite numbers within a range.
- :func:`run` runs a ``main(argv) -> int``: a :class:`~model.errors.ModelInputError` becomes one
  line and exit 2, and a reader that closes the pipe (``| head``) ends the command quietly.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from model.errors import ModelInputError, printable

#: Exit status of a command whose reader closed the pipe (128 + SIGPIPE), as shell tools use.
CLOSED_PIPE = 141


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Print ``prog: error: message`` on one printable line (control characters escaped) and exit 2."""
        self.exit(2, f"{self.prog}: error: {printable(message, limit=300)}\n")


def parser(prog: str, description: str) -> OneLineParser:
    """A parser for a module's command line, with its one-line description."""
    return OneLineParser(prog=prog, description=description)


def number(low: float, high: float, *, integer: bool = False) -> Callable[[str], float]:
    """An argparse type: a finite number from ``low`` to ``high`` (a whole number when ``integer``).

    Examples
    --------
    >>> number(0, 1)("0.5")
    0.5
    >>> number(1, 36, integer=True)("48")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number from 1 to 36, got '48'
    """
    kind = "a whole number" if integer else "a finite number"

    def convert(text: str) -> float:
        try:
            value = int(text) if integer else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {kind} from {low:g} to {high:g}, got {text[:40]!r}") from None
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(f"expected {kind} from {low:g} to {high:g}, got {text[:40]!r}")
        return value

    return convert


def path(text: str) -> Path:
    """A path argument; an empty one is refused (``Path("")`` would silently mean the current folder).

    Examples
    --------
    >>> path("scenarios")
    PosixPath('scenarios')
    """
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a path, got an empty one")
    return Path(text)


def run(main: Callable[[list[str] | None], int], prog: str) -> NoReturn:
    """Run a command line's ``main`` and exit with its status, one-line errors and quiet closed pipes."""
    try:
        status = main(None)
        sys.stdout.flush()
    except ModelInputError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        status = 2
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # nothing more reaches the closed pipe, not even at exit
        status = CLOSED_PIPE
    except OSError as exc:  # the output could not be written (a full disk, a device that refuses it)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the rest of the buffer is dropped, not retried at exit
        print(f"{prog}: error: could not write the output: {exc.strerror or exc}", file=sys.stderr)
        status = 1
    sys.exit(status)
