"""Shared fixtures: a throw-away copy of the repository with the book built once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools.build import copy_sources


def insert_code_cell(notebook: Path, index: int, source: str, tags: tuple[str, ...] = ()) -> None:
    """Put a code cell with ``source`` (and ``tags``) at ``index`` of the notebook file."""
    nb = nbformat.read(notebook, as_version=4)
    metadata = {"tags": list(tags)} if tags else {}
    nb.cells.insert(index, nbformat.v4.new_code_cell(source, metadata=metadata))
    nbformat.write(nb, notebook)


def run_build(tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m tools.build`` inside ``tree``, importing that tree's code, as CI would (quiet)."""
    env = os.environ | {"PYTHONPATH": str(tree), "CI": "true"}
    return subprocess.run(
        [sys.executable, "-m", "tools.build", *args], cwd=tree, env=env, capture_output=True, text=True, check=False, timeout=900
    )


@pytest.fixture(scope="session")
def built_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository whose book was built with the default parameters."""
    tree = copy_sources(tmp_path_factory.mktemp("book") / "repo")
    result = run_build(tree)
    assert result.returncode == 0, result.stderr
    return tree


@pytest.fixture
def warm_tree(built_tree: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built repository (cache and HTML included) that a test may change."""
    tree = tmp_path / "repo"
    shutil.copytree(built_tree, tree, symlinks=True)
    return tree


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """nbval's notebook cells are 'book' tests."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.book)
