"""The build's inputs: copying a buildable tree, writing files only when they change, and refusing bad inputs in one line."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from model.errors import ModelInputError, printable
from model.params import load_params
from tools.build.common import BUILD_INPUTS, SPHINX_EXTENSIONS, STATIC_SOURCES
from tools.digest import NamedParts, of_record
from tools.lock import not_a_regular_file
from tools.notebooks import (
    ROOT,
    code_and_data_digest,
    module_closure,
    read_notebook,
    toc_files,
    toc_notebooks,
)


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


def static_digest(root: Path = ROOT) -> str:
    """A digest of every static source: a change to any must be published even when no page changed.

    ``root`` is a tree or a stage; a stage's compiled catalogues (the Chinese edition's) count too,
    so a changed translation rebuilds every page, bibliography and index included.
    """
    parts = NamedParts()
    for rel in (*STATIC_SOURCES, *(["book/locales"] if (root / "book" / "locales").is_dir() else [])):
        src = root / rel
        for f in [src] if src.is_file() else sorted(p for p in src.rglob("*") if p.is_file()):
            parts.add(str(f.relative_to(root)), f.read_bytes())
    for f in SPHINX_EXTENSIONS:  # the book's own Sphinx extensions shape every page: a change to one rewrites them all
        parts.add(f.name, f.read_bytes())
    return parts.hexdigest()


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
    article, the quoted passages, the reference offers): a problem is a one-line
    :class:`ModelInputError` (exit 2), never a traceback and never a notebook run.
    """
    load_params(params)
    check_file_names(root)
    check_book_config(root)
    try:
        pages = toc_files(root)
        missing = [f for f in pages if not any((root / f"{f}{suffix}").is_file() for suffix in (".ipynb", ".md"))]
    except (TypeError, KeyError, AttributeError, ValueError) as exc:
        raise ModelInputError("_toc.yml", "a jb-book table of contents (root, chapters: a list of files)", str(exc)[:60]) from exc
    if missing:
        raise ModelInputError("_toc.yml", "pages of the book (a notebook or a Markdown file without its suffix)", missing[0])
    notebooks = toc_notebooks(root)
    for path in notebooks:
        try:
            read_notebook(path)
        except ModelInputError:
            raise
        except Exception as exc:  # nbformat and ast raise many kinds for a broken notebook
            raise ModelInputError(path.name, "a readable notebook with a cell tagged 'parameters'", type(exc).__name__) from exc
    # The data files are checked once per version of the model and its data: the same inputs give the same verdict.
    parts = code_and_data_digest(module_closure(frozenset({"model.claims", "model.coverage", "model.borrowers"})), root)
    checked = of_record(parts)
    marker = root / "_build" / ".data-checked"
    if marker.is_file() and marker.read_text(encoding="ascii").strip() == checked:
        return
    from model.article import passages
    from model.borrowers import reference_offers
    from model.claims import load_claims
    from model.coverage import coverage

    load_claims()
    coverage()
    passages()
    reference_offers()
    with contextlib.suppress(OSError):  # only a shortcut: a read-only _build merely checks again next time
        sync_file(marker, (checked + "\n").encode())
