"""Build the book: validate parameters, execute what changed, stage, run Jupyter Book, swap.

``python -m tools.build [--params my.yml]`` (what ``make book`` runs):

1. merge ``my.yml`` over ``data/params.yml`` and validate; a bad file stops here, before
   anything is written, with one line naming the parameter and what is allowed (exit 2);
2. take the checkout's build lock (:mod:`tools.lock`; a second build is refused with one
   line naming the holder) and remove what an interrupted build left behind;
3. execute, in parallel, only the notebooks whose cache key changed (see
   :mod:`tools.notebooks`) or whose cached copy fails its integrity check
   (:mod:`tools.cache`); each kernel talks over sockets of its own (no shared ports);
4. stage the book in ``_build/stage`` (files rewritten only when their content changed, so
   Sphinx's incremental build re-reads only what changed) and run
   ``jupyter-book build -W -n --keep-going`` there, with ``--all`` when a static file changed;
5. publish (:mod:`tools.publish`): copy, check every file against what was built, and swap
   atomically; a failure at any step leaves the previous ``_build/html`` as it was (exit 1).

Ctrl-C or SIGTERM kills the running kernels at once and exits 130 with one line.
``--update-committed`` writes the default-parameter outputs back into ``book/*.ipynb``.

``--scenarios DIR`` (what ``make scenarios`` runs) builds one more book per scenario file of
DIR (:mod:`model.scenarios`), published at ``_build/html/scenarios/<name>/`` (and its Chinese
edition, from the same executed notebooks, at ``_build/html/zh/scenarios/<name>/``) in the same
atomic step as the default book. The notebooks of every book run in one pool, and a notebook
whose parameters are the same in two books runs once (its cache key is the same); each
scenario keeps a Sphinx stage of its own (``_build/scenarios/<name>``) so that a rebuild is
incremental, and the scenarios' Sphinx builds run in parallel processes. A scenario file that
fails validation is reported by name in one line; the others are built, and the exit status
is 2.
"""

from __future__ import annotations

import concurrent.futures.process
import contextlib
import hashlib
import html
import io
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

from model.errors import ModelInputError, printable
from model.params import default_values, load_params, parameter_table
from model.scenarios import Scenario, ScenarioFailure, load_scenarios, scenario_entries
from report.scenarios import announcement, scenario_book_page
from tools import cache, publish, translate
from tools.execute import KERNELS, Job, WarmKernel, python_path_with, run_all
from tools.lock import BuildLock, LockBusyError, not_a_regular_file
from tools.notebooks import (
    ROOT,
    NotebookInfo,
    cache_key,
    code_and_data_digest,
    load_notebook,
    module_closure,
    overrides_for,
    read_notebook,
    toc_notebooks,
    write_notebook_text,
)
from tools.vega import VEGA_BUNDLE

STATIC_SOURCES = ("_config.yml", "_toc.yml", "data/references.bib", "book/_static", "book/search_words.txt")
#: The book's Sphinx extensions (``_config.yml`` loads them from this tree).
SPHINX_EXTENSIONS = tuple(sorted(Path(__file__).resolve().parent.glob("sphinx_*.py")))
#: What a build reads: a copy of these is a buildable tree (tests and benchmarks build such copies).
BUILD_INPUTS = (
    "_config.yml",
    "_toc.yml",
    "book",
    "data",
    "model",
    "report",
    "scenarios",
    "tools",
    "requirements.lock",
    "pyproject.toml",
    "CITATION.cff",  # the publisher and release date of the ledger's ClaimReview records
)
DIGEST_FILE = ".build-digest"
REPORTED_PACKAGES = (
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "papermill",
    "altair",
    "vl-convert-python",
    "numpy",
    "pandas",
    "pydantic",
)


class BuildError(RuntimeError):
    """A step of the build failed; the message says which and where to look."""


def copy_sources(target: Path, root: Path = ROOT) -> Path:
    """Copy what a build needs (no _build, no .venv) into ``target``; return ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in BUILD_INPUTS:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(src, target / name)
    return target


def sync_file(target: Path, content: bytes) -> bool:
    """Write ``content`` to ``target`` only if it differs (keeps mtimes for Sphinx); True if written."""
    if target.exists() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(content)
    os.replace(tmp, target)
    return True


def executed_copy(path: Path) -> bytes:
    """A cached executed notebook as staged: papermill's run metadata removed so identical runs stage identically."""
    nb = load_notebook(path)  # tools.cache validated it when it was taken from the cache
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:  # hidden like the parameters cell it overrides
            cell.metadata["tags"] = [*tags, "remove-cell"]
    return write_notebook_text(nb).encode()


def status_page(values: dict[str, Any], infos: list[NotebookInfo], keys: dict[str, str], cache_dir: Path) -> str:
    """Markdown for the "How this copy was built" page (:func:`report.status.status_page`) from what this build recorded."""
    from report.status import NotebookRow, ParameterRow
    from report.status import status_page as page

    defaults = default_values()
    parameters = [
        ParameterRow(row["name"], values[row["name"]], defaults[row["name"]], row["kind"], row["description"])
        for row in parameter_table()
    ]
    notebooks = []
    for info in infos:
        pm = load_notebook(cache_dir / f"{info.name}-{keys[info.name]}.ipynb").metadata.get("papermill", {})
        started, seconds = str(pm.get("start_time", "?")), float(pm.get("duration") or 0)
        notebooks.append(NotebookRow(info.name, tuple(info.parameters), keys[info.name], started, seconds))
    versions = ", ".join(f"`{p} {metadata.version(p)}`" for p in REPORTED_PACKAGES)
    software = f"`Python {platform.python_version()}` on `{platform.system()}`; {versions}"
    return page(parameters, notebooks, version_lines(), software)


def version_lines(root: Path = ROOT) -> list[str]:
    """The book's version, the commit it was built from and whether the tree had uncommitted changes."""
    import model

    lines = [f"Version `{model.__version__}`."]
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return [*lines, "Not built from a git checkout, so no commit is recorded."]
    state = "with uncommitted changes in the working tree" if dirty.strip() else "with no uncommitted changes"
    return [*lines, f"Built from commit `{commit}`, {state}."]


def registry_downloads(cache_dir: Path, values: dict[str, Any], root: Path = ROOT) -> dict[str, bytes]:
    """claims.csv and claims.json for the ledger page under this build's assumptions, cached by model, data and assumptions."""
    from model.assumptions import Assumptions

    assumed = {k: values[k] for k in Assumptions.model_fields}
    parts = code_and_data_digest(module_closure(frozenset({"model.robustness"})), root) | {"assumptions": assumed}
    key = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:20]
    files = {name: cache_dir / f"{key}-{name}" for name in ("claims.csv", "claims.json")}
    report: list[str] = []
    sound = [cache.usable(f, report) for f in files.values()]  # every entry checked, not only the first
    if not all(sound):
        for line in report:
            print(line, file=sys.stderr, flush=True)
        from model.robustness import ledger_frame  # imports pandas and runs every check: only when needed

        ledger = ledger_frame(Assumptions.model_validate(assumed))
        cache_dir.mkdir(parents=True, exist_ok=True)
        sync_file(files["claims.csv"], ledger.to_csv(index=False).encode("utf-8"))
        records = json.dumps(ledger.to_dict(orient="records"), ensure_ascii=False, indent=1)
        sync_file(files["claims.json"], records.encode("utf-8"))
        for f in files.values():
            cache.record(f)
    return {name: f.read_bytes() for name, f in files.items()}


def vega_bundle_path(cache_dir: Path) -> Path:
    """Where the Vega bundle of this vl-convert version is kept in the cache."""
    return cache_dir / f"vega-bundle-{metadata.version('vl-convert-python')}.js"


def start_vega_bundle(cache_dir: Path, root: Path = ROOT) -> subprocess.Popen[bytes] | None:
    """Start making the Vega bundle in another process (vl-convert holds the GIL for a second); None if cached and sound."""
    report: list[str] = []
    if cache.usable(vega_bundle_path(cache_dir), report):
        return None
    for line in report:
        print(line, file=sys.stderr, flush=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    env = os.environ | {"PYTHONPATH": python_path_with(root)}
    return subprocess.Popen([sys.executable, "-m", "tools.vega", str(vega_bundle_path(cache_dir))], env=env)


def stage_book(
    stage: Path,
    *,
    values: dict[str, Any],
    infos: list[NotebookInfo],
    keys: dict[str, str],
    cache_dir: Path,
    root: Path = ROOT,
    pages: dict[str, bytes] | None = None,
    announcement: str = "",
    edition_stage: Path | None = None,
) -> str:
    """Bring ``stage`` up to date and return a digest of everything staged.

    ``pages`` are generated files of ``book/`` (relative name to content, e.g. the scenarios
    page and its downloads); ``announcement`` is a line shown at the top of every page;
    ``edition_stage`` is where the Chinese edition of this book is staged
    (:func:`tools.translate.edition_files`: the same executed notebooks, outputs translated).
    """
    wanted: dict[Path, bytes] = {}
    for rel in STATIC_SOURCES:
        src = root / rel
        for f in [src] if src.is_file() else sorted(p for p in src.rglob("*") if p.is_file()):
            wanted[stage / f.relative_to(root)] = f.read_bytes()
    if edition_stage is None:  # the English book alone (or a scenario's, built so): no link to a Chinese edition
        config = (root / "_config.yml").read_text(encoding="utf-8")
        config = config.replace("    edition: en\n", "    edition: none\n", 1)
        wanted[stage / "_config.yml"] = config.encode()
    if announcement:
        config = wanted.get(stage / "_config.yml", (root / "_config.yml").read_bytes()).decode()
        if edition_stage is not None:  # each edition of a scenario's book links to the same page of the other's
            name = stage.name
            roots = {"en": f"../../{translate.EDITION_DIR}/scenarios/{name}/", "zh": f"../../../scenarios/{name}/"}
            config = config.replace("    edition: en\n", f"    edition: en\n    edition_roots: {json.dumps(roots)}\n", 1)
        line = json.dumps(announcement, ensure_ascii=False)  # a JSON string is a YAML string
        config = config.replace("\nhtml:\n", f"\nhtml:\n  announcement: {line}\n", 1)
        config = config.replace("    book_tags: []", "    book_tags: [scenario]", 1)  # {only} not scenario: the PDF link
        wanted[stage / "_config.yml"] = config.encode()
    for md in sorted((root / "book").glob("*.md")):
        wanted[stage / "book" / md.name] = md.read_bytes()
    for name, content in (pages or {}).items():
        wanted[stage / "book" / name] = content
    for info in infos:
        wanted[stage / "book" / f"{info.name}.ipynb"] = executed_copy(cache_dir / f"{info.name}-{keys[info.name]}.ipynb")
    for name, content in registry_downloads(cache_dir, values, root).items():
        wanted[stage / "book" / name] = content
    wanted[stage / "book" / "build_status.md"] = status_page(values, infos, keys, cache_dir).encode()
    wanted[stage / "book" / "_static" / VEGA_BUNDLE] = vega_bundle_path(cache_dir).read_bytes()
    digest = sync_stage(stage, wanted)
    if edition_stage is not None:
        try:
            files = translate.edition_files(wanted, stage, edition_stage, root)
        except translate.TranslationError as exc:
            raise BuildError(f"Chinese edition: {exc}") from exc
        digest += sync_stage(edition_stage, files)
    return digest


def sync_stage(stage: Path, wanted: dict[Path, bytes]) -> str:
    """Write the files of ``wanted`` that changed, remove the stage's others (Sphinx's output apart); a digest of all."""
    for target, content in wanted.items():
        sync_file(target, content)
    for old in (p for p in stage.rglob("*") if p.is_file() and "_build" not in p.relative_to(stage).parts):
        if old not in wanted:
            old.unlink()
    digest = hashlib.sha256()
    for target in sorted(wanted):
        digest.update(str(target.relative_to(stage)).encode() + b"\0" + hashlib.sha256(wanted[target]).digest())
    return digest.hexdigest()


JUPYTER_BOOK_ARGS = ("--builder", "html", "-W", "-n", "--keep-going")
#: Digests of Sphinx's output as it wrote it, and of the book as published.
OUTPUT_MANIFEST = ".output-digests.json"
PUBLISHED_MANIFEST = ".published-digests.json"
#: Set once this process has put a new book in place (so an interruption after it is reported truly).
PUBLISHED: list[Path] = []
#: How the build's messages begin: the command a reader typed (``make scenarios`` when scenarios are built).
COMMAND = ["make book"]
#: Marks a Sphinx run in progress: found at the start of a build, it means the last one was killed mid-way.
SPHINX_RUNNING = ".sphinx-running"
#: The stage of the Chinese edition among the stages (no scenario is named so: names start with a letter or digit);
#: a scenario's Chinese edition is its name followed by it (``rule-usual@zh``).
EDITION = "@zh"


def english_book(name: str) -> str:
    """The book whose Chinese edition ``name`` is ("" for the default book's), or ``name`` itself when it is English."""
    return "" if name == EDITION else name.removesuffix(EDITION)


def is_chinese(name: str) -> bool:
    """Whether the staged book ``name`` is a Chinese edition (the default book's or a scenario's)."""
    return name.endswith(EDITION)


#: In the default stage: the digest of the book published from it (``make pdf`` prints only that book).
STAGE_PUBLISHED = ".published-digest"
#: The digest of the static files (styles, scripts, configuration, bibliography) Sphinx last published.
STATIC_DIGEST = ".static-digest"


def stage_is_published(stage: Path, digest: str) -> bool:
    """Whether ``stage``'s Sphinx output is the book published with ``digest`` (what ``make pdf`` prints)."""
    try:
        return (stage / "_build" / STAGE_PUBLISHED).read_text(encoding="utf-8").strip() == digest
    except (OSError, ValueError):
        return False


def mark_printable(stages: list[Path], digest: str) -> None:
    """Record in each stage the digest of the book just published from it (``make pdf`` prints only such a stage)."""
    for stage in stages:
        (stage / "_build" / STAGE_PUBLISHED).write_text(digest + "\n", encoding="utf-8")


def static_digest(root: Path = ROOT) -> str:
    """A digest of every static source: a change to any must be published even when no page changed.

    ``root`` is a tree or a stage; a stage's compiled catalogues (the Chinese edition's) count too,
    so a changed translation rebuilds every page, bibliography and index included.
    """
    digest = hashlib.sha256()
    for rel in (*STATIC_SOURCES, *(["book/locales"] if (root / "book" / "locales").is_dir() else [])):
        src = root / rel
        for f in [src] if src.is_file() else sorted(p for p in src.rglob("*") if p.is_file()):
            digest.update(str(f.relative_to(root)).encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    for f in SPHINX_EXTENSIONS:  # the book's own Sphinx extensions shape every page: a change to one rewrites them all
        digest.update(f.name.encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    return digest.hexdigest()


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


def run_jupyter_book(stage: Path, quiet: bool, *, write_all: bool = False) -> float:
    """``jupyter-book build`` (in this process) with warnings as errors; raises BuildError with its output on failure.

    ``write_all`` rewrites every page and copies every static file: Sphinx otherwise returns
    early when no page changed, and a changed style sheet would never be published.
    """
    from jupyter_book.cli.main import build as jupyter_book_build

    from tools.sphinx_i18n import forget_loaded_translations

    forget_loaded_translations()  # a worker may have built a book in the other language
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
        cause = exc.__cause__ or exc.__context__
        shown = cause if cause is not None and str(cause) else exc
        detail = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", str(shown)).split()) or "no message"
        output.write(f"ERROR: {type(shown).__name__}: {detail[:300]}\n")
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


#: Executed copies kept per notebook; older ones (other parameter sets, older code) are removed.
CACHE_KEEP = 8


def prune_cache(cache_dir: Path, infos: list[NotebookInfo], keep: int = CACHE_KEEP) -> None:
    """Keep the ``keep`` most recently used executed copies of each notebook."""
    for info in infos:
        copies = sorted(cache_dir.glob(f"{info.name}-*.ipynb"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in copies[keep:]:
            old.unlink(missing_ok=True)
            cache.digest_path(old).unlink(missing_ok=True)


#: Sphinx stages of scenarios kept for fast rebuilds (each a few megabytes); older ones are removed.
SCENARIO_STAGES_KEEP = 20


def prune_scenario_stages(folder: Path, used: list[Path], keep: int = SCENARIO_STAGES_KEEP) -> None:
    """Mark the stages this build used as recent and remove all but the ``keep`` most recently used."""
    for stage in used:
        os.utime(stage)
    stages = sorted((p for p in folder.glob("*") if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stages[keep:]:
        publish.remove_tree(old)


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


def sphinx_stage(stage: Path, root: Path, quiet: bool) -> float:
    """Run Sphinx on a staged book (every page when a static file changed) and record its output; return the seconds."""
    sound_output(stage, quiet)
    statics = static_digest(stage)  # the stage's own copies: a Chinese or scenario configuration differs from the root's
    recorded = stage / "_build" / STATIC_DIGEST
    changed = not recorded.is_file() or recorded.read_bytes().strip() != statics.encode()  # garbage: changed
    if changed:  # configuration, styles or the search dictionary changed: Sphinx starts afresh (its index too)
        shutil.rmtree(stage / "_build", ignore_errors=True)
    seconds = run_jupyter_book(stage, quiet, write_all=changed)
    recorded.write_text(statics + "\n", encoding="ascii")
    built = stage / "_build" / "html"
    write_landing_page(built)
    (stage / "_build" / OUTPUT_MANIFEST).write_text(json.dumps(publish.tree_digests(built)), encoding="utf-8")
    return seconds


def _sphinx_in_child(stage: Path, root: Path) -> float:
    """:func:`sphinx_stage` in a worker process (a scenario's book); a failure comes back as a BuildError."""
    return sphinx_stage(stage, root, quiet=True)


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


def book_label(name: str) -> str:
    """How messages name a staged book."""
    if not name or name == EDITION:
        return "the Chinese edition" if name else "the default book"
    return f"the Chinese edition of scenario {english_book(name)}" if is_chinese(name) else f"scenario {name}"


def sphinx_all(stages: dict[str, Path], root: Path, quiet: bool) -> float:
    """Sphinx on every staged book: the default here, the scenarios meanwhile in worker processes; return the seconds."""
    start = time.perf_counter()
    others = {name: stage for name, stage in stages.items() if name}
    futures: dict[str, concurrent.futures.Future[float]] = {}
    pool = None
    if others:
        workers = min(len(others), os.cpu_count() or 1)
        pool = worker_pool(workers)
        futures = {name: pool.submit(_sphinx_in_child, stage, root) for name, stage in others.items()}
    try:
        sphinx_stage(stages[""], root, quiet)
        errors = []
        for name, future in futures.items():
            try:
                future.result()
            except BuildError as exc:
                errors.append(f"{book_label(name)}: {exc}")
            except concurrent.futures.process.BrokenProcessPool:
                errors.append(f"{book_label(name)}: the process running its Sphinx build ended abruptly")
        if errors:
            raise BuildError("\n".join(errors))
    except KeyboardInterrupt:
        if pool is not None:  # stop the scenario books' Sphinx at once (their stages are marked, the next build cleans)
            kill_workers(pool)
        raise
    finally:
        if pool is not None:
            with contextlib.suppress(concurrent.futures.process.BrokenProcessPool):  # its workers were killed above
                pool.shutdown(wait=True, cancel_futures=True)
    if others and not quiet:
        print(f"  jupyter-book build of {len(others)} more books: {time.perf_counter() - start:.1f} s (all books)", flush=True)
    return time.perf_counter() - start


def book_folder(name: str) -> str:
    """Where a staged book is published in the default one: ``""``, ``zh/``, ``scenarios/<name>/``, ``zh/scenarios/<name>/``."""
    english = english_book(name)
    return (f"{translate.EDITION_DIR}/" if is_chinese(name) else "") + (f"scenarios/{english}/" if english else "")


def publish_books(
    stages: dict[str, Path], html: Path, digest: str, *, sets: dict[str, dict[str, Any]], cache_dir: Path, root: Path
) -> None:
    """Publish the default book with every scenario's book inside it, checked, in one atomic step."""
    trees = {book_folder(name).rstrip("/"): stage / "_build" / "html" for name, stage in stages.items() if name}
    expected: dict[str, str] = {}
    for name, stage in stages.items():
        built, prefix = stage / "_build" / "html", book_folder(name)
        expected[f"{prefix}_static/{VEGA_BUNDLE}"] = cache.sha256(vega_bundle_path(cache_dir))
        for file_name, content in registry_downloads(cache_dir, sets[english_book(name)], root).items():
            for p in (built / "_downloads").rglob(file_name):
                expected[prefix + str(p.relative_to(built))] = hashlib.sha256(content).hexdigest()
    built = stages[""] / "_build" / "html"
    files = publish.tree_digests(built) | {DIGEST_FILE: hashlib.sha256((digest + "\n").encode()).hexdigest()}
    for rel_dir, tree in trees.items():
        files |= {f"{rel_dir}/{rel}": d for rel, d in publish.tree_digests(tree).items()}
    extra = {DIGEST_FILE: (digest + "\n").encode(), PUBLISHED_MANIFEST: json.dumps(files).encode()}
    try:
        publish.publish(built, html, extra, expected, trees)
    except publish.PublishError as exc:
        raise BuildError(str(exc)) from exc
    PUBLISHED.append(html)


def comparison_pages(
    cache_dir: Path, folder: Path | None, good: tuple[Scenario, ...], bad: tuple[ScenarioFailure, ...], root: Path
) -> dict[str, bytes]:
    """The scenarios page of the default book and its downloads, cached by code, data and scenario files.

    ``folder`` is the scenarios this build publishes; without it the page compares the
    committed ``scenarios/`` (figures only, no books to link to).
    """
    built = folder is not None
    folder = folder if folder is not None else root / "scenarios"
    entries = scenario_entries(folder) if folder.is_dir() else []
    parts = code_and_data_digest(module_closure(frozenset({"model.scenarios", "report.scenarios"})), root) | {
        # every entry listed or refused: a file by its digest, anything else (a folder, a broken link) by its name only
        "scenarios": [(e.name, cache.sha256(e) if e.is_file() else "not a file") for e in entries],
        "built": built,
        "folder": folder.name,
    }
    key = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:20]
    names = ("scenarios.md", "scenarios.csv", "scenarios.json")
    paths = {name: cache_dir / f"{key}-{name}" for name in names}
    report: list[str] = []
    sound = [cache.usable(f, report) for f in paths.values()]  # every entry checked, not only the first
    if not all(sound):
        for line in report:
            print(line, file=sys.stderr, flush=True)
        from model.scenarios import comparison, comparison_json
        from report.scenarios import comparison_page

        if not built:  # the committed scenarios, compared without their books
            try:
                good, bad = load_scenarios(folder) if entries else ((), ())
            except ModelInputError:
                good, bad = (), ()
        frame = comparison(good)
        record = comparison_json(good, bad)
        label = str(folder.relative_to(root)) if folder.is_relative_to(root) else folder.name
        page = comparison_page(frame, good, bad, folder=label + "/", built=built, reasons=record["verdict_reasons"])
        content = {
            "scenarios.md": page.encode(),
            "scenarios.csv": frame.to_csv(index=False).encode(),
            "scenarios.json": json.dumps(record, ensure_ascii=False, indent=1).encode(),
        }
        cache_dir.mkdir(parents=True, exist_ok=True)
        for name, path in paths.items():
            sync_file(path, content[name])
            cache.record(path)
    return {name: path.read_bytes() for name, path in paths.items()}


def sound_output(stage: Path, quiet: bool) -> None:
    """Discard Sphinx's output if it no longer matches what Sphinx wrote last time (edited or damaged since)."""
    manifest = stage / "_build" / OUTPUT_MANIFEST
    built = stage / "_build" / "html"
    if not manifest.exists() or not built.exists():
        return
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = None
    if recorded != publish.tree_digests(built):
        shutil.rmtree(stage / "_build", ignore_errors=True)
        print("stage: Sphinx's output had changed since it was written; it is built again", file=sys.stderr, flush=True)


def published_intact(html: Path) -> bool:
    """Whether the published book is exactly what was published (no page deleted, emptied or edited)."""
    manifest = html / PUBLISHED_MANIFEST
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    current = publish.tree_digests(html)
    current.pop(PUBLISHED_MANIFEST, None)
    current.pop("book.pdf", None)  # made afterwards by `make pdf`
    current.pop(f"{translate.EDITION_DIR}/book.pdf", None)
    return bool(recorded == current)


def finish_vega_bundle(bundle: subprocess.Popen[bytes] | None, cache_dir: Path) -> None:
    """Wait for the Vega bundle (kill it if the build is stopping) and record its digest."""
    if bundle is None:
        return
    if KERNELS.stopping:
        bundle.kill()
        bundle.wait()
        return
    if bundle.wait() != 0:
        raise BuildError("making the Vega bundle with vl-convert failed")
    cache.record(vega_bundle_path(cache_dir))


def jobs_to_run(
    infos: list[NotebookInfo], keys: dict[str, dict[str, str]], sets: dict[str, dict[str, Any]], cache_dir: Path
) -> list[Job]:
    """The notebooks without a sound cached copy for their key, each once however many books share it.

    ``sets`` maps a book ("" the default, else a scenario's name) to its parameter values and
    ``keys`` to its notebooks' cache keys. A damaged copy is reported in one line and discarded.
    """
    damaged: list[str] = []
    todo: dict[Path, Job] = {}
    users: dict[Path, list[str]] = {}
    for book, values in sets.items():
        for info in infos:
            target = cache_dir / f"{info.name}-{keys[book][info.name]}.ipynb"
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


def clean_interrupted(out: Path, stages: dict[str, Path], quiet: bool) -> None:
    """Remove what a killed or interrupted build left behind, so this build starts clean."""
    removed = publish.clean_leftovers(out / "html") + cache.clean_leftovers(out / "cache")
    for stage in stages.values():
        if (stage / "_build" / SPHINX_RUNNING).exists():  # Sphinx was killed mid-way: its output cannot be trusted
            shutil.rmtree(stage / "_build", ignore_errors=True)
            removed.append(stage / "_build")
    if removed and not quiet:
        print(f"book: removed what an interrupted build left ({', '.join(p.name for p in removed)})", flush=True)


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


def stage_books(
    stages: dict[str, Path],
    *,
    sets: dict[str, dict[str, Any]],
    scenarios: tuple[Scenario, ...],
    pages: dict[str, bytes],
    infos: list[NotebookInfo],
    keys: dict[str, dict[str, str]],
    cache_dir: Path,
    root: Path,
) -> str:
    """Stage the default book (with the scenarios page) and each scenario's book (with its banner); one digest of all.

    The digest covers the code that shapes pages after staging too (the Sphinx extensions and this module, which
    writes the landing page), so a change there is published although no staged file changed.
    """
    digest = hashlib.sha256()
    for code in (*SPHINX_EXTENSIONS, Path(__file__).resolve()):
        digest.update(code.name.encode() + b"\0" + hashlib.sha256(code.read_bytes()).digest())
    for book, stage in stages.items():
        if is_chinese(book):  # staged with its English book, from the same files
            continue
        scenario = next((s for s in scenarios if s.name == book), None)
        staged = stage_book(
            stage,
            values=sets[book],
            infos=infos,
            keys=keys[book],
            cache_dir=cache_dir,
            root=root,
            pages=pages if scenario is None else {"scenarios.md": scenario_book_page(book).encode()},
            announcement=announcement(scenario) if scenario is not None else "",
            edition_stage=stages.get(book + EDITION),
        )
        digest.update(f"{book}\0{staged}\n".encode())
    return digest.hexdigest()


def book_stages(out: Path, scenarios: tuple[Scenario, ...], *, chinese: bool) -> dict[str, Path]:
    """Each book to build and its Sphinx stage: the default, its Chinese edition, each scenario's and its Chinese edition.

    The order is the order of publication: a Chinese scenario book goes inside the Chinese edition
    (``zh/scenarios/<name>/``), so after it.
    """
    stages = {"": out / "stage"} | ({EDITION: out / "zh"} if chinese else {})
    stages |= {s.name: out / "scenarios" / s.name for s in scenarios}
    if chinese:
        stages |= {s.name + EDITION: out / "scenarios" / (s.name + EDITION) for s in scenarios}
    return stages


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
    values = load_params(params).model_dump()
    infos = [read_notebook(p) for p in toc_notebooks(root)]
    for info in infos:
        unknown = sorted(set(info.parameters) - set(values))
        if unknown:
            raise ModelInputError(f"{info.path.name}: parameters cell", "names of data/params.yml", unknown[0])
    good, refused = load_scenarios(scenarios) if scenarios is not None else ((), ())
    for failure in refused:
        print(f"{COMMAND[0]}: scenario {failure.name} refused: {failure.error}", file=sys.stderr, flush=True)
    sets: dict[str, dict[str, Any]] = {"": values} | {s.name: s.params.model_dump() for s in good}
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
    outcomes = execute(todo, workdir=stages[""] / "book", out=out, root=root, jobs=jobs, quiet=quiet, warm=warm)
    pages = comparison_pages(cache_dir, scenarios, good, refused, root)
    digest = stage_books(stages, sets=sets, scenarios=good, pages=pages, infos=infos, keys=keys, cache_dir=cache_dir, root=root)
    html = out / "html"
    sphinx_s = 0.0
    same = (html / DIGEST_FILE).exists() and (html / DIGEST_FILE).read_text().strip() == digest
    if same and published_intact(html) and stage_is_published(stages[""], digest):
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
        mark_printable([stages[""], *([stages[EDITION]] if chinese else [])], digest)
        if had_pdf and not quiet:  # a PDF of the previous book would not match this one
            print("  the previous book's PDF is not carried over: `make pdf` prints this one", flush=True)
    used = {cache_dir / f"{info.name}-{keys[book][info.name]}.ipynb" for book in sets for info in infos}
    for path in used:  # mark the copies this build used as recently used
        os.utime(path)
    prune_cache(cache_dir, infos, keep=max(CACHE_KEEP, 2 * len(sets)))
    prune_scenario_stages(out / "scenarios", used=[stage for book, stage in stages.items() if book and book != EDITION])
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


def published_books(html: Path, n_scenarios: int, chinese: bool) -> str:
    """Where the build put the books, as its last line says."""
    where = f"{html / 'index.html'}"
    if chinese:
        where += f", 中文版 {html / translate.EDITION_DIR / 'index.html'}"
    if n_scenarios:
        where += f" and {n_scenarios} scenario books in {html / 'scenarios'}"
        if chinese:
            where += f" (中文版 {html / translate.EDITION_DIR / 'scenarios'})"
    return where


def update_committed(root: Path = ROOT) -> None:
    """Write the cached default-parameter outputs back into book/*.ipynb (for nbval and code hosts)."""
    values = load_params().model_dump()
    for info in (read_notebook(p) for p in toc_notebooks(root)):
        cached = root / "_build" / "cache" / f"{info.name}-{cache_key(info, values, root)}.ipynb"
        if not cached.exists():
            raise BuildError(f"{info.name}: no executed copy for the default parameters; run `make book` first")
        sync_file(info.path, executed_copy(cached))


def check_file_names(root: Path = ROOT) -> None:
    """Refuse under ``book/`` or ``data/`` a name that is not UTF-8, and anything but regular files and folders.

    Sphinx and the digests need text names; a symbolic link would publish whatever it points to
    (``/etc/passwd`` as a style sheet), and a pipe or device would block or never end.
    """
    for folder in ("book", "data"):
        for path in (root / folder).rglob("*"):
            shown = printable(str(path.relative_to(root)).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))
            try:
                path.name.encode("utf-8")
            except UnicodeEncodeError:
                raise ModelInputError(shown, "a file name in UTF-8", "bytes that are not UTF-8") from None
            kind = not_a_regular_file(path)
            if kind and kind != "a folder":
                raise ModelInputError(shown, "a regular file or folder of the book's own", kind)


def check_book_config(root: Path = ROOT) -> None:
    """Refuse a ``_config.yml`` that is not a Jupyter Book configuration, in one line, before Sphinx sees it."""
    from model.loaders import load_yaml

    config = load_yaml(root / "_config.yml")  # a parse error is one line naming the file and its line
    if not isinstance(config, dict):
        raise ModelInputError("_config.yml", "a mapping of Jupyter Book settings", type(config).__name__)
    for key, kind in (("title", str), ("sphinx", dict), ("execute", dict)):
        if not isinstance(config.get(key), kind):
            raise ModelInputError(f"_config.yml: {key}", f"a {kind.__name__} setting", type(config.get(key)).__name__)


def check_inputs(params: Path | None, root: Path = ROOT) -> None:
    """Everything a build reads that a reader can get wrong, checked before anything is written.

    The parameters, the table of contents, each notebook's parameters cell, and the model's
    data files (the claims registry with its checks, the references, the coverage of the
    article): a problem is a one-line :class:`ModelInputError` (exit 2), never a traceback
    and never a notebook run.
    """
    load_params(params)
    check_file_names(root)
    check_book_config(root)
    try:
        notebooks = toc_notebooks(root)
    except (TypeError, KeyError, AttributeError) as exc:
        raise ModelInputError("_toc.yml", "a jb-book table of contents (root, chapters: a list of files)", str(exc)[:60]) from exc
    for path in notebooks:
        try:
            read_notebook(path)
        except ModelInputError:
            raise
        except Exception as exc:  # nbformat and ast raise many kinds for a broken notebook
            raise ModelInputError(path.name, "a readable notebook with a cell tagged 'parameters'", type(exc).__name__) from exc
    # The data files are checked once per version of the model and its data: the same inputs give the same verdict.
    parts = code_and_data_digest(module_closure(frozenset({"model.claims", "model.coverage"})), root)
    checked = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    marker = root / "_build" / ".data-checked"
    if marker.is_file() and marker.read_text(encoding="ascii").strip() == checked:
        return
    from model.claims import load_claims
    from model.coverage import coverage

    load_claims()
    coverage()
    with contextlib.suppress(OSError):  # only a shortcut: a read-only _build merely checks again next time
        sync_file(marker, (checked + "\n").encode())


def _keep_going_on_closed_pipe() -> None:
    original = sys.stdout

    class Stdout:
        def write(self, text: str) -> int:
            try:
                return original.write(text)
            except BrokenPipeError:
                sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the rest of the build)
                return len(text)

        def flush(self) -> None:
            try:
                original.flush()
            except BrokenPipeError:
                sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

        def __getattr__(self, name: str) -> Any:
            return getattr(original, name)

    sys.stdout = Stdout()


def arguments_problem(args: Any) -> str:
    """What is wrong with a combination of arguments, in words, or "" when nothing is."""
    if args.update_committed and (args.params is not None or args.scenarios is not None):
        return "--update-committed writes the default outputs; run it without --params or --scenarios"
    if args.params is not None and args.scenarios is not None:
        return (
            "--scenarios builds the default book beside the scenarios, each merged over data/params.yml; "
            "put the parameters of --params in a scenario file instead"
        )
    if args.jobs is not None and not 1 <= args.jobs <= 64:
        return f"--jobs: expected a whole number from 1 to 64, got {args.jobs}"
    return ""


def os_error_line(exc: OSError | UnicodeError) -> str:
    """An error of the file system or of decoding as one printable line naming the file.

    Examples
    --------
    >>> os_error_line(NotADirectoryError(20, "Not a directory", "_build/cache"))
    'NotADirectoryError: Not a directory (_build/cache)'
    """
    filename = getattr(exc, "filename", None)
    where = f" ({printable(str(filename))})" if filename else ""
    return f"{type(exc).__name__}: {printable(getattr(exc, 'strerror', None) or str(exc))}{where}"


def main(argv: list[str] | None = None) -> int:
    """Build the book; exit status 0 built, 2 refused (bad parameters or arguments), 1 failed, 130 interrupted."""
    from model.cli import OneLineParser
    from model.cli import path as cli_path

    _keep_going_on_closed_pipe()
    parser = OneLineParser(prog="python -m tools.build", description="Build the book into _build/html.")
    parser.add_argument("--params", type=cli_path, help="YAML file of parameters merged over data/params.yml")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default: one per core)")
    parser.add_argument("--update-committed", action="store_true", help="write default outputs into book/*.ipynb")
    parser.add_argument("--english-only", action="store_true", help="build the English book without the Chinese edition")
    parser.add_argument(
        "--scenarios",
        type=cli_path,
        metavar="DIR",
        help="also build one book per scenario file of DIR into _build/html/scenarios/",
    )
    args = parser.parse_args(argv)
    if args.scenarios is not None:
        COMMAND[0] = "make scenarios"
    problem = arguments_problem(args)
    if problem:
        parser.error(problem)
    quiet = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    warm: WarmKernel | None = None
    try:
        load_params(args.params)  # a bad file is refused before anything starts
        warm = WarmKernel(ROOT)  # a kernel starts while the rest is checked: the first notebook's head start
        check_inputs(args.params)  # refused here, before anything is written (the lock file included)
        if args.scenarios is not None:
            load_scenarios(args.scenarios)  # a missing or empty folder is refused here too; bad files later, by name
        with BuildLock(ROOT / "_build" / ".build.lock"):
            result = build(
                args.params, jobs=args.jobs, quiet=quiet, scenarios=args.scenarios, warm=warm, chinese=not args.english_only
            )
            if args.update_committed:
                update_committed()
        if result["refused"]:
            refused = ", ".join(result["refused"])
            print(f"{COMMAND[0]}: built, but {len(result['refused'])} scenario file(s) refused: {refused}", file=sys.stderr)
            return 2
    except ModelInputError as exc:
        print(f"{COMMAND[0]}: error: {exc}", file=sys.stderr)
        return 2
    except LockBusyError as exc:
        print(f"{COMMAND[0]}: error: {exc}", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"{COMMAND[0]}: error: {exc}", file=sys.stderr)
        print(f"{COMMAND[0]}: the previous _build/html is unchanged", file=sys.stderr)
        return 1
    except (OSError, UnicodeError) as exc:  # a damaged or unwritable _build, a file that is not text: one line
        print(f"{COMMAND[0]}: error: {os_error_line(exc)}", file=sys.stderr)
        print(f"{COMMAND[0]}: the previous _build/html is unchanged", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        KERNELS.kill_all()
        print(f"{COMMAND[0]}: {interrupted_message()}", file=sys.stderr)
        return 130
    finally:
        if warm is not None and not KERNELS.stopping:
            warm.discard()  # refused, failed or nothing to run: the unused kernel is shut down
    return 0


def interrupted_message() -> str:
    """What an interruption leaves, said truly: the old book, or the new one if it was already published."""
    if PUBLISHED:
        return "interrupted after the new book was published in _build/html"
    return "interrupted; the previous _build/html is unchanged"


def _interrupt(signum: int, frame: object) -> None:
    """SIGINT and SIGTERM: stop the kernels at once, then unwind as an interrupt."""
    KERNELS.kill_all()
    raise KeyboardInterrupt


def _quiet_interrupts_in_finalizers(unraisable: Any) -> None:
    """An interrupt raised inside a finalizer cannot unwind: the build stops at its next check, silently here."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt) and KERNELS.stopping:
        return
    sys.__unraisablehook__(unraisable)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    sys.unraisablehook = _quiet_interrupts_in_finalizers
    try:
        status = main()
    except KeyboardInterrupt:
        KERNELS.kill_all()
        print(f"{COMMAND[0]}: {interrupted_message()}", file=sys.stderr)
        status = 130
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is written and the kernels are shut down: skip tearing down Sphinx's and
    # pandas' module state, which takes a few tenths of a second.
    os._exit(status)
