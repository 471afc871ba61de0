"""Cache entries that prove their integrity: a SHA-256 recorded beside each file when it is written.

An entry is used only when its recorded digest matches its bytes (and, for a notebook, the
notebook validates); anything else is discarded with one line and made again. A file whose
digest was never recorded (a build killed between the two writes) counts as damaged.

:class:`Entry` is the cache's record of files made together from the same inputs (the
ledger's downloads, the scenarios page and its downloads): the inputs are listed as data,
their digest is the key, and the files are used only when every one is sound, in the manner
of Sphinx's build-info. An executed notebook is kept at :func:`notebook_entry`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from tools.digest import of_file, of_record
from tools.notebooks import load_notebook

DIGEST_SUFFIX = ".sha256"


def notebook_entry(cache_dir: Path, name: str, key: str) -> Path:
    """Where the executed copy of notebook ``name`` for cache key ``key`` is kept (``<name>-<key>.ipynb``)."""
    return cache_dir / f"{name}-{key}.ipynb"


def notebook_entries(cache_dir: Path, name: str) -> list[Path]:
    """Every executed copy of notebook ``name`` in the cache, whatever its key."""
    return list(cache_dir.glob(f"{name}-*.ipynb"))


def digest_path(path: Path) -> Path:
    """Where the digest of ``path`` is recorded."""
    return path.with_name(path.name + DIGEST_SUFFIX)


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return of_file(path)


def record(path: Path) -> None:
    """Record the digest of a file just written (atomically: a temporary file, then a rename)."""
    target = digest_path(path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(sha256(path) + "\n", encoding="ascii")
    os.replace(tmp, target)


def problem(path: Path) -> str | None:
    """Why a cache entry cannot be used, or None when it is sound (absent entries are not problems)."""
    recorded = digest_path(path)
    if not recorded.exists():
        return "no digest was recorded for it"
    try:
        expected = recorded.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return "its digest cannot be read"
    if sha256(path) != expected:
        return "its content does not match the digest recorded when it was written"
    if path.suffix == ".ipynb":
        try:
            nbformat.validate(load_notebook(path))
        except Exception as exc:  # nbformat raises several kinds for a broken notebook
            return f"it is not a valid notebook ({type(exc).__name__})"
    return None


def usable(path: Path, report: list[str]) -> bool:
    """True when ``path`` exists and is sound; a damaged entry is deleted and a line added to ``report``."""
    if not path.exists():
        digest_path(path).unlink(missing_ok=True)
        return False
    why = problem(path)
    if why is None:
        return True
    path.unlink(missing_ok=True)
    digest_path(path).unlink(missing_ok=True)
    report.append(f"cache: discarded {path.name}: {why}; it is made again")
    return False


def clean_leftovers(cache_dir: Path) -> list[Path]:
    """Remove what an interrupted build left in the cache: temporary folders and files; return them."""
    removed: list[Path] = []
    if not cache_dir.exists():
        return removed
    for item in cache_dir.iterdir():
        leftover = item.is_dir() or item.name.endswith(".tmp")
        if leftover:
            if item.is_dir():
                import shutil

                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)
            removed.append(item)
    return removed


@dataclass(frozen=True)
class Entry:
    """Files made together from the same inputs, kept under the digest of those inputs (``<key>-<name>``)."""

    cache_dir: Path
    key: str
    names: tuple[str, ...]

    @classmethod
    def of(cls, cache_dir: Path, inputs: Any, names: tuple[str, ...]) -> Entry:
        """The entry for files ``names`` made from ``inputs`` (a JSON-able record of everything they depend on)."""
        return cls(cache_dir, of_record(inputs, length=20), names)

    @property
    def paths(self) -> dict[str, Path]:
        """Each file's path in the cache, by name."""
        return {name: self.cache_dir / f"{self.key}-{name}" for name in self.names}

    def read_or_make(self, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        """The files' contents: read when every one is sound, else made by ``make``, stored with their digests, and returned.

        A damaged file is reported in one line on stderr and discarded (:func:`usable`).
        """
        report: list[str] = []
        sound = [usable(path, report) for path in self.paths.values()]  # every file checked, not only the first
        if all(sound):
            return {name: path.read_bytes() for name, path in self.paths.items()}
        for line in report:
            print(line, file=sys.stderr, flush=True)
        content = make()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        for name, path in self.paths.items():
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_bytes(content[name])
            os.replace(tmp, path)
            record(path)
        return {name: content[name] for name in self.names}
