"""What a build's Sphinx processes worked out that the next build would work out again, kept in ``_build``.

Every process that builds books (the build's own, and each worker of a scenario build) starts
empty: before its first page it compiles the theme's Jinja templates (:mod:`tools.sphinx_speed`,
point 5) and splits each paragraph it indexes with jieba (:mod:`tools.sphinx_search`, point 3),
about a third of a second of CPU a process, paid by three processes in a scenario build on two
cores. :func:`restore` gives the build's process what the previous build kept, before its
workers fork, so that they all start with it; :func:`harvest` collects what each process used,
and :func:`keep` writes it for the next build.

- A template is kept under its name, its source's checksum and the compiler's settings, as
  Jinja's own ``FileSystemBytecodeCache`` keeps it on disk; a changed template is compiled again.
- A split is kept under the digests of the search dictionaries jieba had loaded, in order, when
  it was made: a split is used only after the same words were loaded (a changed dictionary
  splits text otherwise).
- The record holds what the build used, and what earlier builds kept, up to a bound
  (:data:`MOST_SPLITS`): it does not grow with every edit of the text.
- It is read only by the code that wrote it: the same Python (compiled code is a version's own),
  Sphinx, Jinja and jieba, and the same source of the modules that split and compile
  (:func:`record_format`); another record is ignored.
- It carries the SHA-256 of what it holds and is read only whole and within :data:`MOST_BYTES`:
  a damaged record is named in one line and ignored, and a build that fails removes it (a record
  must never be why a build fails twice). A book built with it is the book built without it,
  byte for byte (``tests/test_build_scenarios.py``).

Some of the first book's work needs no record: :func:`compile_first_use_patterns` does it in the
build's process before the workers fork.
"""

from __future__ import annotations

import contextlib
import importlib.util
import marshal
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.digest import of_bytes, of_file

#: The record in a build's ``_build`` folder: :data:`HEADER`, the SHA-256 of the pickle that follows, a newline, the pickle.
MEMO_FILE = "sphinx-memo.record"
HEADER = b"sphinx-memo record\n"
#: A record larger than this is not read (both editions and five scenario books keep about 3.5 MB).
MOST_BYTES = 32 * 2**20
#: Kept splits beyond which only those the last build used are kept (both editions and their scenario books: ~2,500).
MOST_SPLITS = 10_000
#: Kept templates beyond which only those the last build used are kept (the themes have ~40).
MOST_TEMPLATES = 400

Split = tuple[list[str], list[str]]
TemplateKey = tuple[str, tuple[object, ...]]


def record_format() -> tuple[str, ...]:
    """What a record must have been written by to be read: Python's bytecode, Sphinx, Jinja, jieba and the modules' source."""
    from importlib.metadata import PackageNotFoundError, version

    from tools import sphinx_search, sphinx_speed

    versions = []
    for package in ("sphinx", "jinja2", "jieba"):
        try:
            versions.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package} none")
    sources = [of_file(Path(module.__file__ or "")) for module in (sphinx_search, sphinx_speed, sys.modules[__name__])]
    return ("2", importlib.util.MAGIC_NUMBER.hex(), sys.version, *versions, *sources)


class DamagedRecordError(ValueError):
    """A record that is too large, or whose SHA-256 does not match what it holds."""


@dataclass
class Harvest:
    """What one process's books used: splits by dictionary state, and compiled templates as marshalled code."""

    splits: dict[tuple[str, ...], dict[str, Split]] = field(default_factory=dict)
    templates: dict[TemplateKey, tuple[str, bytes]] = field(default_factory=dict)

    def update(self, other: Harvest) -> None:
        """Add ``other``'s entries (a later one of the same key wins; both are the same value)."""
        for state, splits in other.splits.items():
            self.splits.setdefault(state, {}).update(splits)
        self.templates.update(other.templates)


@dataclass
class MemoRecord:
    """The record on disk: its format (:func:`record_format`) and what it keeps."""

    format: tuple[str, ...]
    kept: Harvest


def harvest() -> Harvest:
    """The splits and templates this process's books used since the last harvest (which it then forgets)."""
    from tools import sphinx_search, sphinx_speed

    found = Harvest()
    state = tuple(sphinx_search.LOADED_DICTIONARIES)
    if state:
        found.splits[state] = {t: sphinx_search.SPLITS[t] for t in sphinx_search.USED_SPLITS if t in sphinx_search.SPLITS}
    sphinx_search.USED_SPLITS.clear()
    code = sphinx_speed.TEMPLATE_CODE
    for key in code.used:
        if key in code.compiled:
            checksum, compiled = code.compiled[key]
            with contextlib.suppress(ValueError):  # code marshal cannot write is simply compiled again next time
                found.templates[key] = (checksum, marshal.dumps(compiled))
    code.used.clear()
    return found


def restore(out: Path) -> str | None:
    """Give this process what the last build kept in ``out``; a line saying why a damaged record was ignored, else None."""
    from tools import sphinx_search, sphinx_speed

    path = out / MEMO_FILE
    if not path.is_file():  # none, or a folder or a FIFO in its place (never opened: a FIFO would wait for a writer)
        return None
    try:
        if path.stat().st_size > MOST_BYTES:
            raise DamagedRecordError(f"larger than {MOST_BYTES // 2**20} MB")
        content = path.read_bytes()
        head, digest, payload = content[: len(HEADER)], content[len(HEADER) : len(HEADER) + 64], content[len(HEADER) + 65 :]
        if head != HEADER or content[len(HEADER) + 64 : len(HEADER) + 65] != b"\n" or digest != of_bytes(payload).encode():
            raise DamagedRecordError("its SHA-256 does not match what it holds")
        record = pickle.loads(payload)
        if not isinstance(record, MemoRecord):
            raise TypeError(f"a {type(record).__name__}, not a record")
        if record.format != record_format():
            return None  # other code wrote it (another Python, Sphinx, Jinja, jieba or module): rewritten after this build
        templates = {key: (checksum, marshal.loads(code)) for key, (checksum, code) in record.kept.templates.items()}
        splits = {state: dict(found) for state, found in record.kept.splits.items()}
    except (Exception, SystemExit) as exc:  # unpickling raises anything, and a crafted pickle may even try to exit
        why = exc if isinstance(exc, DamagedRecordError) else type(exc).__name__
        return f"{path} could not be read ({why}); the build goes on without it"
    sphinx_search.KEPT_SPLITS.clear()
    sphinx_search.KEPT_SPLITS.update(splits)
    state = tuple(sphinx_search.LOADED_DICTIONARIES)
    if state in splits:  # this process has loaded the same words already: the splits hold now
        for text, split in splits[state].items():
            sphinx_search.SPLITS.setdefault(text, split)
    for key, value in templates.items():
        sphinx_speed.TEMPLATE_CODE.compiled.setdefault(key, value)
    return None


def forget(out: Path, *, half_written_only: bool = False) -> None:
    """Remove the record in ``out`` and any a killed build left half-written (a build that failed starts the next afresh)."""
    for leftover in ([] if half_written_only else [out / MEMO_FILE]) + list(out.glob(f".{MEMO_FILE}.*")):
        with contextlib.suppress(OSError):  # a folder in its place stays, and is never read
            leftover.unlink(missing_ok=True)


def _bounded(kept: dict[Any, Any], used: dict[Any, Any], most: int) -> dict[Any, Any]:
    """``kept`` updated with ``used``, or ``used`` alone once that would hold more than ``most`` entries."""
    merged = kept | used
    return merged if len(merged) <= most else dict(used)


def keep(out: Path, used: Harvest) -> None:
    """Write what this build ``used`` and what the last record kept (within bounds) to ``out``, atomically."""
    from tools import sphinx_search, sphinx_speed

    kept = Harvest()
    for state, splits in used.splits.items():
        kept.splits[state] = _bounded(sphinx_search.KEPT_SPLITS.get(state, {}), splits, MOST_SPLITS)
    earlier = {}
    for key, (checksum, compiled) in sphinx_speed.TEMPLATE_CODE.compiled.items():
        if key not in used.templates:
            with contextlib.suppress(ValueError):
                earlier[key] = (checksum, marshal.dumps(compiled))
    kept.templates = _bounded(earlier, used.templates, MOST_TEMPLATES)
    path = out / MEMO_FILE
    forget(out, half_written_only=True)  # what a build killed while writing left
    partial = path.with_name(f".{MEMO_FILE}.{os.getpid()}")
    try:
        payload = pickle.dumps(MemoRecord(record_format(), kept), pickle.HIGHEST_PROTOCOL)
        partial.write_bytes(HEADER + of_bytes(payload).encode() + b"\n" + payload)
        os.replace(partial, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):  # a full disk, or a setting pickle cannot write
        forget(out)  # never an older record beside a newer build


def compile_first_use_patterns() -> None:
    """Compile the patterns that a process's first book would compile: in the build's process, which its workers fork.

    soupsieve compiles its selector grammar on the first selector it parses (the PyData theme
    selects in every page's navigation), and Pygments compiles a lexer's rules on its first use
    (every code cell is highlighted as ``ipython3``): about 0.15 s of CPU in each process that
    builds a book, the same in each. Neither changes what is compiled, only where.
    """
    with contextlib.suppress(Exception):  # a speed-up only: anything missing is compiled where it is first used
        import soupsieve
        from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]

        soupsieve.compile("html|a#b.c[d='e'] > f:not(.g) ~ h:nth-child(2) + i::first-line, :is(j):-soup-contains('k')")
        for name in ("ipython3", "python", "text"):
            get_lexer_by_name(name)
