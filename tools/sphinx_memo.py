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
- It is read only by the Python, Jinja and jieba that wrote it (compiled code is a Python
  version's own); another record is ignored, and a damaged one is reported in one line and
  ignored. A book built with it is the book built without it, byte for byte
  (``tests/test_build_scenarios.py``).

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

#: The record in a build's ``_build`` folder.
MEMO_FILE = "sphinx-memo.pickle"
#: Kept splits beyond which only those the last build used are kept (both editions and their scenario books: ~2,500).
MOST_SPLITS = 30_000
#: Kept templates beyond which only those the last build used are kept (the themes have ~40).
MOST_TEMPLATES = 400

Split = tuple[list[str], list[str]]
TemplateKey = tuple[str, tuple[object, ...]]


def record_format() -> tuple[str, ...]:
    """What a record must have been written by to be read: this record's layout, Python's bytecode, Jinja and jieba."""
    import jinja2

    try:
        import jieba  # type: ignore[import-untyped]

        jieba_version = str(getattr(jieba, "__version__", "?"))
    except ImportError:
        jieba_version = "none"
    return ("1", importlib.util.MAGIC_NUMBER.hex(), sys.version, jinja2.__version__, jieba_version)


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
    if not path.is_file():
        return None
    try:
        record = pickle.loads(path.read_bytes())
        if not isinstance(record, MemoRecord):
            raise TypeError(f"a {type(record).__name__}, not a MemoRecord")
        if record.format != record_format():
            return None  # another Python, Jinja or jieba wrote it: it is rewritten after this build
        templates = {key: (checksum, marshal.loads(code)) for key, (checksum, code) in record.kept.templates.items()}
        splits = {state: dict(found) for state, found in record.kept.splits.items()}
    except Exception as exc:  # unpickling garbage raises anything
        return f"{path} could not be read ({type(exc).__name__}); the build starts without it and writes it again"
    sphinx_search.KEPT_SPLITS.clear()
    sphinx_search.KEPT_SPLITS.update(splits)
    state = tuple(sphinx_search.LOADED_DICTIONARIES)
    if state in splits:  # this process has loaded the same words already: the splits hold now
        for text, split in splits[state].items():
            sphinx_search.SPLITS.setdefault(text, split)
    for key, value in templates.items():
        sphinx_speed.TEMPLATE_CODE.compiled.setdefault(key, value)
    return None


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
    partial = path.with_name(f".{MEMO_FILE}.{os.getpid()}")
    try:
        partial.write_bytes(pickle.dumps(MemoRecord(record_format(), kept), pickle.HIGHEST_PROTOCOL))
        os.replace(partial, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):  # a full disk, or a setting pickle cannot write
        for leftover in (partial, path):  # never an older record beside a newer build (a folder in its place stays)
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)


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
