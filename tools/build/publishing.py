"""Publishing: every staged book put in place in one checked, atomic step; what old builds left pruned."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from model.params import BookParameters
from tools import cache, i18n, publish
from tools.build.common import (
    CACHE_KEEP,
    DEFAULT_BOOK,
    DIGEST_FILE,
    PUBLISHED,
    PUBLISHED_MANIFEST,
    SCENARIO_STAGES_KEEP,
    SPHINX_RUNNING,
    Book,
    BuildError,
)
from tools.build.products import registry_downloads, vega_bundle_path
from tools.build.sphinx import recorded_output
from tools.digest import of_bytes
from tools.notebooks import (
    NotebookInfo,
)
from tools.vega import VEGA_BUNDLE


def prune_cache(cache_dir: Path, infos: list[NotebookInfo], keep: int = CACHE_KEEP) -> None:
    """Keep the ``keep`` most recently used executed copies of each notebook."""
    for info in infos:
        copies = sorted(cache.notebook_entries(cache_dir, info.name), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in copies[keep:]:
            old.unlink(missing_ok=True)
            cache.digest_path(old).unlink(missing_ok=True)


def prune_scenario_stages(folder: Path, used: list[Path], keep: int = SCENARIO_STAGES_KEEP) -> None:
    """Mark the stages this build used as recent and remove all but the ``keep`` most recently used."""
    for stage in used:
        os.utime(stage)
    stages = sorted((p for p in folder.glob("*") if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stages[keep:]:
        publish.remove_tree(old)


def publish_books(
    stages: dict[Book, Path], html: Path, digest: str, *, sets: dict[str, BookParameters], cache_dir: Path, root: Path
) -> None:
    """Publish the default book with every scenario's book inside it, checked, in one atomic step."""
    trees = {book.folder.rstrip("/"): stage / "_build" / "html" for book, stage in stages.items() if book != DEFAULT_BOOK}
    expected: dict[str, str] = {}
    for book, stage in stages.items():
        built, prefix = stage / "_build" / "html", book.folder
        expected[f"{prefix}_static/{VEGA_BUNDLE}"] = cache.sha256(vega_bundle_path(cache_dir))
        for file_name, content in registry_downloads(cache_dir, sets[book.scenario], root).items():
            for p in (built / "_downloads").rglob(file_name):
                expected[prefix + str(p.relative_to(built))] = of_bytes(content)
    built = stages[DEFAULT_BOOK] / "_build" / "html"
    written = {  # what Sphinx wrote, as recorded then (read again if the record is unsound)
        stage / "_build" / "html": recorded_output(stage) or publish.tree_digests(stage / "_build" / "html")
        for stage in stages.values()
    }
    files = written[built] | {DIGEST_FILE: of_bytes((digest + "\n").encode())}
    for rel_dir, tree in trees.items():
        files |= {f"{rel_dir}/{rel}": d for rel, d in written[tree].items()}
    extra = {DIGEST_FILE: (digest + "\n").encode(), PUBLISHED_MANIFEST: json.dumps(files).encode()}
    try:
        publish.publish(built, html, extra, expected, trees, digests=written)
    except publish.PublishError as exc:
        raise BuildError(str(exc)) from exc
    PUBLISHED.append(html)


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
    current.pop(f"{i18n.EDITION_DIR}/book.pdf", None)
    return bool(recorded == current)


def clean_interrupted(out: Path, stages: dict[Book, Path], quiet: bool) -> None:
    """Remove what a killed or interrupted build left behind, so this build starts clean."""
    removed = publish.clean_leftovers(out / "html") + cache.clean_leftovers(out / "cache")
    for stage in stages.values():
        if (stage / "_build" / SPHINX_RUNNING).exists():  # Sphinx was killed mid-way: its output cannot be trusted
            shutil.rmtree(stage / "_build", ignore_errors=True)
            removed.append(stage / "_build")
    if removed and not quiet:
        print(f"book: removed what an interrupted build left ({', '.join(p.name for p in removed)})", flush=True)


def published_books(html: Path, n_scenarios: int, chinese: bool) -> str:
    """Where the build put the books, as its last line says."""
    where = f"{html / 'index.html'}"
    if chinese:
        where += f", 中文版 {html / i18n.EDITION_DIR / 'index.html'}"
    if n_scenarios:
        where += f" and {n_scenarios} scenario books in {html / 'scenarios'}"
        if chinese:
            where += f" (中文版 {html / i18n.EDITION_DIR / 'scenarios'})"
    return where
