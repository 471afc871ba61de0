"""Staging: each book's sources (and its Chinese edition's) brought up to date in its own Sphinx stage."""

from __future__ import annotations

from pathlib import Path

from model.params import BookParameters
from model.scenarios import Scenario
from report.scenarios import announcement, scenario_book_page
from tools import cache, i18n
from tools.book_config import ConfigError, book_config, read_config, write_config
from tools.build.common import DEFAULT_BOOK, SPHINX_EXTENSIONS, STAGE_PUBLISHED, STATIC_SOURCES, Book, BuildError
from tools.build.inputs import sync_file
from tools.build.products import executed_copy, registry_downloads, status_page, vega_bundle_path
from tools.digest import NamedParts
from tools.notebooks import (
    ROOT,
    NotebookInfo,
)
from tools.vega import VEGA_BUNDLE


def stage_book(
    stage: Path,
    *,
    params: BookParameters,
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
    (:func:`tools.i18n.edition_files`: the same executed notebooks, outputs translated).
    """
    wanted: dict[Path, bytes] = {}
    for rel in STATIC_SOURCES:
        src = root / rel
        for f in [src] if src.is_file() else sorted(p for p in src.rglob("*") if p.is_file()):
            wanted[stage / f.relative_to(root)] = f.read_bytes()
    try:
        config = read_config((root / "_config.yml").read_bytes())
    except ConfigError as exc:
        raise BuildError(str(exc)) from exc
    roots = None
    if announcement and edition_stage is not None:  # each edition of a scenario's book links to the same page of the other's
        roots = {"en": f"../../{i18n.EDITION_DIR}/scenarios/{stage.name}/", "zh": f"../../../scenarios/{stage.name}/"}
    # the English book alone (or a scenario's, built so) has no link to a Chinese edition; a scenario's book has its banner
    staged = book_config(config, linked_edition=edition_stage is not None, announcement=announcement, edition_roots=roots)
    wanted[stage / "_config.yml"] = write_config(staged)
    for md in sorted((root / "book").glob("*.md")):
        wanted[stage / "book" / md.name] = md.read_bytes()
    for name, content in (pages or {}).items():
        wanted[stage / "book" / name] = content
    for info in infos:
        wanted[stage / "book" / f"{info.name}.ipynb"] = executed_copy(cache.notebook_entry(cache_dir, info.name, keys[info.name]))
    for name, content in registry_downloads(cache_dir, params, root).items():
        wanted[stage / "book" / name] = content
    wanted[stage / "book" / "build_status.md"] = status_page(params, infos, keys, cache_dir).encode()
    wanted[stage / "book" / "_static" / VEGA_BUNDLE] = vega_bundle_path(cache_dir).read_bytes()
    digest = sync_stage(stage, wanted)
    if edition_stage is not None:
        try:
            files = i18n.edition_files(wanted, stage, edition_stage, root)
        except i18n.TranslationError as exc:
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
    parts = NamedParts()
    for target in sorted(wanted):
        parts.add(str(target.relative_to(stage)), wanted[target])
    return parts.hexdigest()


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


def stage_books(
    stages: dict[Book, Path],
    *,
    sets: dict[str, BookParameters],
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
    parts = NamedParts()
    for code in (*SPHINX_EXTENSIONS, Path(__file__).resolve()):
        parts.add(code.name, code.read_bytes())
    for book, stage in stages.items():
        if book.chinese:  # staged with its English book, from the same files
            continue
        scenario = next((s for s in scenarios if s.name == book.scenario), None)
        staged = stage_book(
            stage,
            params=sets[book.scenario],
            infos=infos,
            keys=keys[book.scenario],
            cache_dir=cache_dir,
            root=root,
            pages=pages if scenario is None else {"scenarios.md": scenario_book_page(book.scenario).encode()},
            announcement=announcement(scenario) if scenario is not None else "",
            edition_stage=stages.get(book.edition),
        )
        parts.add(book.stage_name, staged.encode())
    return parts.hexdigest()


def book_stages(out: Path, scenarios: tuple[Scenario, ...], *, chinese: bool) -> dict[Book, Path]:
    """Each book to build and its Sphinx stage: the default, its Chinese edition, each scenario's and its Chinese edition.

    The order is the order of publication: a Chinese scenario book goes inside the Chinese edition
    (``zh/scenarios/<name>/``), so after it.
    """
    stages = {DEFAULT_BOOK: out / "stage"} | ({DEFAULT_BOOK.edition: out / "zh"} if chinese else {})
    books = [Book(s.name) for s in scenarios]
    stages |= {book: out / "scenarios" / book.stage_name for book in books}
    if chinese:
        stages |= {book.edition: out / "scenarios" / book.edition.stage_name for book in books}
    return stages
