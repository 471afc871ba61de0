"""The pipeline: execute what changed, stage, run Sphinx, publish (``build``), and the committed outputs."""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from model.errors import ModelInputError
from model.params import BookParameters, load_params
from model.scenarios import load_scenarios
from tools import cache
from tools.build.common import CACHE_KEEP, COMMAND, DEFAULT_BOOK, DIGEST_FILE, BuildError
from tools.build.inputs import sync_file
from tools.build.products import comparison_pages, executed_copy, finish_vega_bundle, start_vega_bundle
from tools.build.publishing import (
    clean_interrupted,
    prune_cache,
    prune_scenario_stages,
    publish_books,
    published_books,
    published_intact,
)
from tools.build.sphinx import import_jupyter_book, sphinx_all
from tools.build.stage import book_stages, mark_printable, stage_books, stage_is_published
from tools.execute import KERNELS, Job, WarmKernel, run_all
from tools.notebooks import (
    ROOT,
    NotebookInfo,
    cache_key,
    overrides_for,
    read_notebook,
    toc_notebooks,
)


def jobs_to_run(
    infos: list[NotebookInfo], keys: dict[str, dict[str, str]], sets: dict[str, BookParameters], cache_dir: Path
) -> list[Job]:
    """The notebooks without a sound cached copy for their key, each once however many books share it.

    ``sets`` maps a book ("" the default, else a scenario's name) to its validated parameters and
    ``keys`` to its notebooks' cache keys. A damaged copy is reported in one line and discarded.
    """
    damaged: list[str] = []
    todo: dict[Path, Job] = {}
    users: dict[Path, list[str]] = {}
    for book, params in sets.items():
        values = params.model_dump()
        for info in infos:
            target = cache.notebook_entry(cache_dir, info.name, keys[book][info.name])
            users.setdefault(target, []).append(book or "default")
            if len(users[target]) > 1:  # checked (and queued) for the first book that uses it
                continue
            if not cache.usable(target, damaged):
                todo[target] = Job(
                    info.name, info.path, target, overrides_for(info, values), {k: values[k] for k in sorted(info.parameters)}
                )
    for line in damaged:
        print(line, file=sys.stderr, flush=True)
    if len(sets) > 1:  # name the books each run serves in the progress display
        todo = {t: replace(job, label=f"{job.name} ({', '.join(users[t])})"[:60]) for t, job in todo.items()}
    return list(todo.values())


def execute(
    todo: list[Job], *, workdir: Path, out: Path, root: Path, jobs: int | None, quiet: bool, warm: WarmKernel | None = None
) -> list[Any]:
    """Run the notebooks in one pool while the Vega bundle is made; a failure of any is a BuildError naming each."""
    workdir.mkdir(parents=True, exist_ok=True)
    os.chdir(root)  # Sphinx reads the search dictionary relative to the tree's root
    cache_dir = out / "cache"
    bundle = start_vega_bundle(cache_dir, root)  # made while the notebooks run
    try:
        outcomes = run_all(
            todo,
            workdir=workdir,
            failed_dir=out / "failed",
            root=root,
            max_workers=jobs or (os.cpu_count() or 1),  # one per core: each worker keeps its kernel (tools.execute.KernelPool)
            quiet=quiet,
            while_running=import_jupyter_book,
            warm=warm,
        )
    finally:
        finish_vega_bundle(bundle, cache_dir)
    failures = [o for o in outcomes if not o.ok]
    if failures:
        raise BuildError("\n".join(o.message for o in failures))
    return outcomes


def forget_loaded_data() -> list[str]:
    """Empty the model's and the report's per-process caches (data files, names, verdicts); return the functions emptied.

    They read ``data/`` once per process, which a kernel or a command-line build is. A process that
    builds again after a data file changed (a test session, an analyst's notebook calling
    :func:`build`) would otherwise compute this build's pages, and cache entries kept under this
    build's inputs, from the data it read before.
    """
    emptied = []
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("model.", "report.")):
            continue
        for attribute, value in list(vars(module).items()):
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == name:
                value.cache_clear()
                emptied.append(f"{name}.{attribute}")
    return emptied


def build(
    params: Path | None,
    *,
    root: Path = ROOT,
    jobs: int | None = None,
    quiet: bool = False,
    scenarios: Path | None = None,
    warm: WarmKernel | None = None,
    chinese: bool = True,
) -> dict[str, Any]:
    """Build the book (and each scenario's book, given a folder of them); return what happened.

    ``chinese=False`` (``--english-only``) builds the English book alone, without links to a
    Chinese edition (what the benchmark compares the two editions with).
    """
    t0 = time.perf_counter()
    forget_loaded_data()  # data read by an earlier build in this process may have changed since
    book_params = load_params(params)
    infos = [read_notebook(p) for p in toc_notebooks(root)]
    for info in infos:
        unknown = sorted(set(info.parameters) - set(BookParameters.model_fields))
        if unknown:
            raise ModelInputError(f"{info.path.name}: parameters cell", "names of data/params.yml", unknown[0])
    good, refused = load_scenarios(scenarios) if scenarios is not None else ((), ())
    for failure in refused:
        print(f"{COMMAND[0]}: scenario {failure.name} refused: {failure.error}", file=sys.stderr, flush=True)
    sets: dict[str, BookParameters] = {"": book_params} | {s.name: s.params for s in good}
    out = root / "_build"
    cache_dir = out / "cache"
    stages = book_stages(out, good, chinese=chinese)
    clean_interrupted(out, stages, quiet)
    keys = {book: {info.name: cache_key(info, v, root) for info in infos} for book, v in sets.items()}
    todo = jobs_to_run(infos, keys, sets, cache_dir)
    if not quiet:
        runs = len(infos) * len(sets)
        books = f" for {len(sets)} books" if len(sets) > 1 else ""
        print(f"book: {len(todo)} of {runs} notebooks to execute{books}, {runs - len(todo)} reused from the cache", flush=True)
    outcomes = execute(todo, workdir=stages[DEFAULT_BOOK] / "book", out=out, root=root, jobs=jobs, quiet=quiet, warm=warm)
    pages = comparison_pages(cache_dir, scenarios, good, refused, root)
    digest = stage_books(stages, sets=sets, scenarios=good, pages=pages, infos=infos, keys=keys, cache_dir=cache_dir, root=root)
    html = out / "html"
    sphinx_s = 0.0
    same = (html / DIGEST_FILE).exists() and (html / DIGEST_FILE).read_text().strip() == digest
    if same and published_intact(html) and stage_is_published(stages[DEFAULT_BOOK], digest):
        if not quiet:
            print("  nothing changed since the last build: _build/html kept", flush=True)
    else:
        if same:
            print("book: the published book had been changed or damaged; it is published again", file=sys.stderr, flush=True)
        sphinx_s = sphinx_all(stages, root, quiet)
        if KERNELS.stopping:  # an interrupt that landed in a finalizer could not unwind: nothing is published
            raise KeyboardInterrupt
        had_pdf = (html / "book.pdf").exists()
        publish_books(stages, html, digest, sets=sets, cache_dir=cache_dir, root=root)
        mark_printable([stages[DEFAULT_BOOK], *([stages[DEFAULT_BOOK.edition]] if chinese else [])], digest)
        if had_pdf and not quiet:  # a PDF of the previous book would not match this one
            print("  the previous book's PDF is not carried over: `make pdf` prints this one", flush=True)
    used = {cache.notebook_entry(cache_dir, info.name, keys[book][info.name]) for book in sets for info in infos}
    for path in used:  # mark the copies this build used as recently used
        os.utime(path)
    prune_cache(cache_dir, infos, keep=max(CACHE_KEEP, 2 * len(sets)))
    prune_scenario_stages(out / "scenarios", used=[stage for book, stage in stages.items() if book.scenario])
    shutil.rmtree(out / "failed", ignore_errors=True)  # partial notebooks of earlier failed runs: this build succeeded
    total = time.perf_counter() - t0
    if not quiet:
        print(f"book: {published_books(html, len(good), chinese)} ({total:.1f} s)", flush=True)
    return {
        "executed": [o.job.name for o in outcomes],
        "notebook_seconds": sum(o.seconds for o in outcomes),
        "sphinx_seconds": sphinx_s,
        "total_seconds": total,
        "keys": keys[""],
        "scenario_keys": {book: k for book, k in keys.items() if book},
        "refused": [f.name for f in refused],
    }


def update_committed(root: Path = ROOT) -> None:
    """Write the cached default-parameter outputs back into book/*.ipynb (for nbval and code hosts)."""
    values = load_params()
    for info in (read_notebook(p) for p in toc_notebooks(root)):
        cached = cache.notebook_entry(root / "_build" / "cache", info.name, cache_key(info, values, root))
        if not cached.exists():
            raise BuildError(f"{info.name}: no executed copy for the default parameters; run `make book` first")
        sync_file(info.path, executed_copy(cached))
