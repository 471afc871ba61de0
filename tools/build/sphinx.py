"""Sphinx: Jupyter Book run in this process on a stage, the scenario books' in worker processes."""

from __future__ import annotations

import concurrent.futures.process
import contextlib
import copy
import gc
import html
import io
import json
import os
import re
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

from model.errors import printable
from tools import publish, sphinx_memo
from tools.build.common import DEFAULT_BOOK, JUPYTER_BOOK_ARGS, OUTPUT_MANIFEST, SPHINX_RUNNING, STATIC_DIGEST, Book, BuildError
from tools.build.inputs import static_digest
from tools.build.seed import copy_seed, relocate_seed
from tools.execute import KERNELS
from tools.notebooks import ROOT


def import_jupyter_book() -> None:
    """Import Jupyter Book, Sphinx and the book's extensions, and load jieba's dictionary; done while the kernels work.

    Together about a second and a half that the build would otherwise spend after the
    notebooks: Sphinx's Chinese search loads the same default dictionary (jieba's
    ``initialize``) on its first use in the process, and finds it loaded.
    """
    import logging

    import jieba  # type: ignore[import-untyped]
    import jupyter_book.cli.main  # noqa: F401
    import myst_nb.sphinx_ext  # noqa: F401
    import sphinx.application  # noqa: F401
    import sphinx_book_theme  # noqa: F401
    import sphinxcontrib.bibtex  # noqa: F401

    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" chatter would reach the build's stderr
    jieba.initialize()
    import_sphinx_extensions()
    sphinx_memo.compile_first_use_patterns()  # and what each process's first book compiles, for the workers too


def import_sphinx_extensions(stage: Path | None = None) -> None:
    """Import Sphinx's built-in extensions and the book's (its ``_config.yml``'s) before any book is built here.

    A module that says ``_("Python Module Index")`` at class level gets a lazy text, translated
    when used, if it is imported before a book's language is set; imported during a Chinese
    book's build, it gets the Chinese text for good. A worker process that built a Chinese book
    then gave its next English books Chinese labels (``Python 模块索引`` in ``objects.inv``).
    Called before every build, and by the build before its worker processes start.
    """
    import importlib

    from sphinx.application import builtin_extensions

    from tools.book_config import read_config

    names = list(builtin_extensions)
    config_file = (stage or ROOT) / "_config.yml"
    with contextlib.suppress(Exception):  # a broken configuration is Sphinx's to report, in its own build
        names += read_config(config_file.read_bytes()).get("sphinx", {}).get("config", {}).get("extensions", [])
    for name in names:
        with contextlib.suppress(Exception):  # an extension that cannot be imported fails in Sphinx, which says why
            importlib.import_module(name)


def _mutable_defaults() -> dict[str, Any]:
    """Copies of Sphinx's core configuration defaults that are lists, dicts or sets, as Sphinx defines them."""
    from sphinx.config import Config

    return {
        name: copy.deepcopy(o.default) for name, o in Config.config_values.items() if isinstance(o.default, list | dict | set)
    }


#: Sphinx's mutable defaults before any book was built in this process (imported by the build before it runs Sphinx).
PRISTINE_DEFAULTS = _mutable_defaults()


def restore_sphinx_defaults() -> None:
    """Put back Sphinx's core defaults that earlier builds in this process changed in place; call before each build.

    A default is one object shared by every configuration in the process, and the themes append to
    one (``templates_path``: the PyData theme's components in its ``setup``, the Book theme's when
    the configuration is read). A process's fifth book had each folder several times, so its
    ``.buildinfo`` (a hash of the configuration) depended on how many books its process had built.
    """
    from sphinx.config import Config

    for name, pristine in PRISTINE_DEFAULTS.items():
        default = Config.config_values[name].default
        default.clear()
        if isinstance(default, list):
            default.extend(copy.deepcopy(pristine))
        else:
            default.update(copy.deepcopy(pristine))


def error_line(exc: BaseException) -> str:
    """What went wrong in Sphinx, in one line: the innermost cause, and where Sphinx met it when it says so.

    Jupyter Book wraps Sphinx's error in a RuntimeError that holds only a coloured box, and
    Sphinx wraps an extension's error in an ``ExtensionError`` that names the handler at length:
    the innermost exception says what is wrong (a damaged doctree: ``UnpicklingError: pickle data
    was truncated``).

    >>> inner = EOFError("Ran out of input")
    >>> outer = RuntimeError("box")
    >>> outer.__cause__ = ValueError("Handler <bound method X> for event 'env-get-updated' threw an exception")
    >>> outer.__cause__.__cause__ = inner
    >>> error_line(outer)
    "EOFError: Ran out of input (in the handler of Sphinx's event 'env-get-updated')"
    """
    chain, seen = [exc], {id(exc)}
    while True:
        following = getattr(chain[-1], "orig_exc", None) or chain[-1].__cause__ or chain[-1].__context__
        if following is None or id(following) in seen:
            break
        chain.append(following)
        seen.add(id(following))
    shown = next((e for e in reversed(chain) if str(e)), exc)
    detail = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", str(shown)).split()) or "no message"
    if len(detail) > 300:
        detail = detail[:300].rsplit(" ", 1)[0] + " …"
    event = next((m[1] for e in chain if (m := re.search(r"for event '([^']+)'", str(e)))), None)
    return f"{type(shown).__name__}: {detail}" + (f" (in the handler of Sphinx's event '{event}')" if event else "")


def settle_heap() -> None:
    """Collect what earlier work left behind and keep what survives out of the collector's later passes.

    Python's cyclic garbage collector scans every object it tracks on each full pass, and a
    Sphinx build makes enough objects for a few full passes. In a process that has imported
    Sphinx, the themes, the model and jieba's dictionary, and built books before, most of what
    those passes scan outlives every book: they took a fifth to a third of a scenario book's
    Sphinx run. :func:`gc.freeze` leaves the survivors out of later passes; the garbage a book
    makes is collected as before, and what a page says does not depend on when memory is freed.

    A frozen object that dies later is not freed while it stays frozen, so whenever the frozen
    objects have grown by a quarter since the last full pass, they are put back and that pass is
    over all of them (CPython's own rule for a full pass): what a process keeps is bounded by
    what is alive, as without freezing.
    """
    full = gc.get_freeze_count() >= _FROZEN_AFTER_FULL_PASS[0] * 5 // 4
    if full:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
    if full:
        _FROZEN_AFTER_FULL_PASS[0] = gc.get_freeze_count()


#: How many objects :func:`settle_heap` froze after its last pass over all of them.
_FROZEN_AFTER_FULL_PASS = [0]


def run_jupyter_book(stage: Path, quiet: bool, *, write_all: bool = False) -> float:
    """``jupyter-book build`` (in this process) with warnings as errors; raises BuildError with its output on failure.

    ``write_all`` rewrites every page and copies every static file: Sphinx otherwise returns
    early when no page changed, and a changed style sheet would never be published.
    """
    from jupyter_book.cli.main import build as jupyter_book_build

    from tools.sphinx_i18n import forget_loaded_translations

    forget_loaded_translations()  # a worker may have built a book in the other language
    import_sphinx_extensions(stage)  # before this book's language is set (their class-level texts stay lazy)
    restore_sphinx_defaults()  # and changed Sphinx's shared defaults
    settle_heap()  # the previous book's garbage collected, the rest left out of this book's collections
    start = time.perf_counter()
    output = io.StringIO()
    marker = stage / "_build" / SPHINX_RUNNING
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(str(os.getpid()), encoding="ascii")
    args = [str(stage), *JUPYTER_BOOK_ARGS, *(["--all"] if write_all else [])]
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            jupyter_book_build.main(args=args, standalone_mode=False)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:
        # jupyter-book wraps Sphinx's error in a RuntimeError that holds only a coloured box: the cause says what went wrong
        output.write(f"ERROR: {error_line(exc)}\n")
        code = 1
    if KERNELS.stopping:  # Ctrl-C or SIGTERM reached Sphinx, which reports it as a failure of its own
        raise KeyboardInterrupt
    if code != 0:
        shutil.rmtree(stage / "_build" / ".doctrees", ignore_errors=True)  # re-read everything next time
        marker.unlink(missing_ok=True)  # a failure, not an interruption
        lines = [printable(line) for line in re.sub(r"\x1b\[[0-9;]*m", "", output.getvalue()).splitlines()]  # no colour codes
        problems = [line for line in lines if "WARNING" in line or "ERROR" in line or "Error" in line]
        raise BuildError("jupyter-book build failed:\n" + "\n".join(problems[-30:] or lines[-30:]))
    marker.unlink(missing_ok=True)
    if not quiet:
        print(f"  jupyter-book build: {time.perf_counter() - start:.1f} s", flush=True)
    return time.perf_counter() - start


_REDIRECT = re.compile(r'http-equiv="Refresh" content="0; url=([^"]+)"')


def write_landing_page(html_dir: Path) -> None:
    """Give Jupyter Book's ``index.html`` (a bare redirect) the language, title and link of the page it leads to.

    A reader's browser, a screen reader or a search engine that stops at the redirect sees what
    the book is, in the edition's language, and a link to follow.
    """
    index = html_dir / "index.html"
    found = _REDIRECT.search(index.read_text(encoding="utf-8")) if index.is_file() else None
    if found is None:
        return
    target = html.unescape(found[1])
    page = (html_dir / target).read_text(encoding="utf-8") if (html_dir / target).is_file() else ""
    language = re.search(r'<html lang="([^"]+)"', page)
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    lang, name = (language[1] if language else "en"), (title[1].strip() if title else html.escape(target))
    href = html.escape(target)
    other = ""  # the other edition's landing page, found from the page's own link to its other edition
    alternate = re.search(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', page)
    if alternate is not None:
        other_page = os.path.normpath(os.path.join(os.path.dirname(target), html.unescape(alternate[2])))
        if other_page.endswith(target):
            other_index = other_page.removesuffix(target) + "index.html"
            other = f'<link rel="alternate" hreflang="{alternate[1]}" href="{html.escape(other_index)}">\n'
    index.write_text(
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{name}</title>\n'
        f'<meta http-equiv="Refresh" content="0; url={href}">\n<link rel="canonical" href="{href}">\n{other}</head>\n'
        f'<body><p><a href="{href}">{name}</a></p></body>\n</html>\n',
        encoding="utf-8",
    )


def start_stage(stage: Path, quiet: bool, seed: Path | None = None) -> str:
    """Make ``stage``'s ``_build`` fit for Sphinx's next run and say how it runs: ``"incremental"``, ``"fresh"`` or ``"seeded"``.

    Output that no longer matches what Sphinx wrote is discarded (:func:`sound_output`). A changed
    configuration, style sheet or search dictionary discards all of ``_build``: Sphinx starts afresh,
    or, given ``seed`` (a scenario book's edition's default stage), from what it read for that book
    (:mod:`tools.build.seed`).
    """
    sound_output(stage, quiet)
    recorded = stage / "_build" / STATIC_DIGEST
    changed = not recorded.is_file() or recorded.read_bytes().strip() != static_digest(stage).encode()  # garbage: changed
    if not changed:
        return "incremental"
    shutil.rmtree(stage / "_build", ignore_errors=True)  # configuration, styles or the search dictionary changed
    return "seeded" if seed is not None and copy_seed(stage, seed) else "fresh"


def sphinx_stage(stage: Path, root: Path, quiet: bool, *, start: str | None = None, seed: Path | None = None) -> float:
    """Run Sphinx on a staged book and record its output; return the seconds.

    ``start`` is what :func:`start_stage` said of the stage (called here when None). A fresh start
    writes every page and copies every static file (Jupyter Book's ``--all``: Sphinx otherwise
    returns early when no page changed, and a changed style sheet would never be published); a
    seeded start reads only what differs from ``seed`` and writes every page into its empty output.
    """
    start = start_stage(stage, quiet, seed) if start is None else start
    if start == "seeded" and (seed is None or not relocate_seed(stage, seed)):
        start = "fresh"  # its copy could not be read: removed, and Sphinx starts afresh
    statics = static_digest(stage)  # the stage's own copies: a Chinese or scenario configuration differs from the root's
    seconds = run_jupyter_book(stage, quiet, write_all=start == "fresh")
    (stage / "_build" / STATIC_DIGEST).write_text(statics + "\n", encoding="ascii")
    built = stage / "_build" / "html"
    write_landing_page(built)
    (stage / "_build" / OUTPUT_MANIFEST).write_text(json.dumps(publish.tree_digests(built)), encoding="utf-8")
    return seconds


def _sphinx_in_child(stage: Path, root: Path, start: str, seed: Path | None) -> tuple[float, sphinx_memo.Harvest]:
    """:func:`sphinx_stage` in a worker (a scenario's book): its CPU seconds and what it used (a failure: a BuildError)."""
    cpu = time.process_time()
    sphinx_stage(stage, root, quiet=True, start=start, seed=seed)
    return time.process_time() - cpu, sphinx_memo.harvest()


def _worker_ignores_interrupts() -> None:
    """A Sphinx worker leaves Ctrl-C and SIGTERM to the build, which kills it and says so in one line."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def worker_pool(workers: int) -> concurrent.futures.ProcessPoolExecutor:
    """Forked worker processes for Sphinx builds that leave Ctrl-C to this process (:func:`kill_workers`)."""
    import multiprocessing

    return concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_ignores_interrupts
    )


def kill_workers(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Stop a pool's workers at once (on Ctrl-C); its shutdown then finds the pool broken."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError):  # already gone, or already closed
            process.kill()


def sphinx_all(stages: dict[Book, Path], root: Path, quiet: bool) -> float:
    """Sphinx on every staged book: the default here, the scenarios meanwhile in worker processes; return the seconds."""
    start = time.perf_counter()
    import_jupyter_book()  # Sphinx, the extensions and jieba's dictionary: imported and loaded before the workers fork
    problem = sphinx_memo.restore(root / "_build")  # the last build's templates and splits, for the workers too
    if problem:
        print(f"book: {problem}", file=sys.stderr, flush=True)
    settle_heap()  # and left out of the collector's passes in this process and the workers, which share its pages
    # the longest first, so that no worker is left with a long book at the end: the Chinese ones (they translate as they
    # read), the default Chinese book before them (it reads what changed, not only its scenario's chapters)
    others = dict(
        sorted(((b, s) for b, s in stages.items() if b != DEFAULT_BOOK), key=lambda i: (not i[0].chinese, bool(i[0].scenario)))
    )
    # a new scenario book starts from its edition's default book as Sphinx last read it, copied before any book runs;
    # the default books come first in ``stages``, so a seed is never what a changed configuration is about to discard
    seeds = {
        book: stages.get(DEFAULT_BOOK.edition if book.chinese else DEFAULT_BOOK) if book.scenario else None for book in stages
    }
    starts = {book: start_stage(stage, quiet, seeds[book]) for book, stage in stages.items()}
    futures: dict[Book, concurrent.futures.Future[tuple[float, sphinx_memo.Harvest]]] = {}
    pool = None
    if others:
        workers = min(len(others), os.cpu_count() or 1)
        pool = worker_pool(workers)
        futures = {book: pool.submit(_sphinx_in_child, stage, root, starts[book], seeds[book]) for book, stage in others.items()}
    try:
        cpu = time.process_time()  # the books' own work, apart from the time they wait for a core
        sphinx_stage(stages[DEFAULT_BOOK], root, quiet, start=starts[DEFAULT_BOOK])
        summed = time.process_time() - cpu
        used = sphinx_memo.harvest()
        errors = []
        for book in (b for b in stages if b in futures):  # errors in the books' order, whatever order they ran in
            try:
                seconds, theirs = futures[book].result()
                summed += seconds
                used.update(theirs)
            except BuildError as exc:
                errors.append(f"{book.label}: {exc}")
            except concurrent.futures.process.BrokenProcessPool:
                errors.append(f"{book.label}: the process running its Sphinx build ended abruptly")
        if errors:
            raise BuildError("\n".join(errors))
        sphinx_memo.keep(root / "_build", used)
    except BuildError:
        sphinx_memo.forget(root / "_build")  # whatever made it fail, the next build does not start from this build's record
        raise
    except KeyboardInterrupt:
        if pool is not None:  # stop the scenario books' Sphinx at once (their stages are marked, the next build cleans)
            kill_workers(pool)
        raise
    finally:
        if pool is not None:
            with contextlib.suppress(concurrent.futures.process.BrokenProcessPool):  # its workers were killed above
                pool.shutdown(wait=True, cancel_futures=True)
    if others and not quiet:
        elapsed = time.perf_counter() - start
        print(
            f"  jupyter-book build of {len(others)} more books: {elapsed:.1f} s "
            f"(all books; {summed:.1f} s of CPU summed over them)",
            flush=True,
        )
    return time.perf_counter() - start


def recorded_output(stage: Path) -> dict[str, str] | None:
    """The digests of the stage's Sphinx output, recorded when it was written (None if the record is missing or unsound)."""
    try:
        recorded = json.loads((stage / "_build" / OUTPUT_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    sound = isinstance(recorded, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in recorded.items())
    return recorded if sound else None


def sound_output(stage: Path, quiet: bool) -> None:
    """Discard Sphinx's output if it no longer matches what Sphinx wrote last time (edited or damaged since)."""
    built = stage / "_build" / "html"
    if not (stage / "_build" / OUTPUT_MANIFEST).exists() or not built.exists():
        return
    if recorded_output(stage) != publish.tree_digests(built):
        shutil.rmtree(stage / "_build", ignore_errors=True)
        print("stage: Sphinx's output had changed since it was written; it is built again", file=sys.stderr, flush=True)
