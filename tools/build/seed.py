"""A scenario book's first Sphinx run, started from what Sphinx read for its edition's default book.

A scenario changes a few notebooks; the other pages of its book are the default book's, byte for
byte. Sphinx reads every page of a new stage, about half of its run. Seeded, it reads only what
differs:

1. :func:`copy_seed` (in the build's process, before any book's Sphinx starts, so that the default
   book's run cannot change what is copied) copies the default stage's doctrees and Sphinx
   environment, and MyST-NB's executed notebooks and glue, into the new stage's ``_build``.
2. :func:`relocate_seed` (in the worker that builds the scenario's book) moves the environment's
   paths from the default stage to this one, gives each staged file that is byte for byte the
   default stage's its modification time and every other file a time after the copied reading,
   so that Sphinx's own test (a page is read again when its source or a file it depends on is
   newer than its last reading) finds exactly the changed pages.

Everything else is Sphinx's incremental build: a configuration value that changes how pages are
read (``rebuild="env"``) makes it read every page again, and a stage whose HTML output is empty gets
every page written (the announcement and the links of a scenario's book are on every page). The
doctrees keep the default stage's path in their nodes' ``source``, which only a warning's location
shows, and names a file with the same bytes. ``tests/test_build.py`` requires a seeded book to be
the book built without a seed, byte for byte.
"""

from __future__ import annotations

import filecmp
import os
import pickle
import shutil
import time
from pathlib import Path, PurePath
from typing import Any

from tools.build.common import SPHINX_RUNNING

#: What Sphinx and MyST-NB keep of a reading in a stage's ``_build``.
SEEDED = (".doctrees", "jupyter_execute")
ENVIRONMENT = Path(".doctrees") / "environment.pickle"


def copy_seed(stage: Path, seed: Path) -> bool:
    """Copy the default stage ``seed``'s reading into ``stage``, whose ``_build`` is gone; whether there was one to copy."""
    built = seed / "_build"
    if not (built / ENVIRONMENT).is_file() or (built / SPHINX_RUNNING).exists():  # never read, or read by a killed run
        return False
    for name in SEEDED:
        if (built / name).is_dir():
            shutil.copytree(built / name, stage / "_build" / name)
    return True


def relocated(value: Any, old: str, new: str, seen: dict[int, Any] | None = None) -> Any:
    """``value`` with each path and string at or under ``old`` moved under ``new``; containers and objects changed in place.

    >>> relocated({"a": ["/s/zh/book/x.md", Path("/s/zh")], "b": "/s/zhx"}, "/s/zh", "/s/other")
    {'a': ['/s/other/book/x.md', PosixPath('/s/other')], 'b': '/s/zhx'}
    """
    seen = {} if seen is None else seen
    if isinstance(value, str | PurePath):
        text = str(value)
        return type(value)(new + text[len(old) :]) if text == old or text.startswith(old + "/") else value
    if id(value) in seen:
        return seen[id(value)]
    if isinstance(value, int | float | bytes | type) or value is None:
        return value
    seen[id(value)] = value
    if isinstance(value, dict):
        items = [(relocated(k, old, new, seen), relocated(v, old, new, seen)) for k, v in value.items()]
        value.clear()
        value.update(items)
    elif isinstance(value, list):
        value[:] = [relocated(v, old, new, seen) for v in value]
    elif isinstance(value, set):
        members = [relocated(v, old, new, seen) for v in value]
        value.clear()
        value.update(members)
    elif isinstance(value, tuple | frozenset):
        members = [relocated(v, old, new, seen) for v in value]
        if any(a is not b for a, b in zip(members, value, strict=True)):
            value = type(value)(*members) if hasattr(value, "_fields") else type(value)(members)
            seen[id(value)] = value
    else:
        names = [*getattr(value, "__dict__", {}), *(n for c in type(value).__mro__ for n in getattr(c, "__slots__", ()))]
        for name in names:
            if hasattr(value, name):
                old_value = getattr(value, name)
                moved = relocated(old_value, old, new, seen)
                if moved is not old_value:
                    object.__setattr__(value, name, moved)
    return value


def relocate_seed(stage: Path, seed: Path) -> bool:
    """Move the copied environment's paths to ``stage`` and date the stage's files against the copied reading.

    A file with the bytes of ``seed``'s copy gets that copy's date: Sphinx's reading of it holds.
    Any other file gets a date after the newest reading in the environment (and after now), so
    that Sphinx reads again every page it is, or that depends on it: a staged file that did not
    change since an earlier build keeps its older date, older than the default book's reading
    of its own version (a scenario's chapter once kept the default's page so).

    Returns whether the stage is seeded: a copy that cannot be read (a damaged environment) is
    removed, and Sphinx starts afresh, as it does itself with an environment it cannot load.
    """
    environment = stage / "_build" / ENVIRONMENT
    try:
        read = pickle.loads(environment.read_bytes())
        moved = relocated(read, str(read.srcdir), str(stage.resolve()))  # the stage Sphinx read (a copied tree's: elsewhere)
        newest_ns = max(read.all_docs.values(), default=0) * 1_000  # Sphinx records readings in microseconds
        environment.write_bytes(pickle.dumps(moved, pickle.HIGHEST_PROTOCOL))
    except Exception:  # unpickling garbage raises anything; Sphinx catches the same when it loads an environment
        shutil.rmtree(stage / "_build", ignore_errors=True)
        return False
    after = max(time.time_ns(), newest_ns + 1_000_000_000)  # a second on: past it on a file system of coarse dates too
    for path in stage.rglob("*"):
        relative = path.relative_to(stage)
        if relative.parts[0] == "_build" or not path.is_file():
            continue
        twin = seed / relative
        if twin.is_file() and filecmp.cmp(path, twin, shallow=False):
            times = twin.stat()
            os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
        else:
            os.utime(path, ns=(after, after))
    return True
