"""Shared fixtures: a throw-away copy of the repository with the book built once per session."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
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


#: numpy's run-time dispatched instruction sets (x86-64 and ARM names; a name the processor lacks is ignored). With all
#: of them disabled numpy runs its baseline kernels, whose last bits differ from AVX-512's or AVX2's.
DISPATCHED_CPU_FEATURES = "X86_V3 X86_V4 AVX512_ICL AVX512_SPR AVX512F AVX512_SKX AVX2 FMA3 ASIMDHP ASIMDDP ASIMDFHM SVE"


def run_build(tree: Path, *args: str, baseline_kernels: bool = False) -> subprocess.CompletedProcess[str]:
    """``python -m tools.build`` inside ``tree``, importing that tree's code, as CI would (quiet).

    A case that concerns the English book alone passes ``--english-only``: the Chinese edition is a second Sphinx
    build that such a case would only wait for.

    With ``baseline_kernels`` the build (and every notebook's kernel) runs numpy without its
    processor-specific kernels, as on another machine.
    """
    env = os.environ | {"PYTHONPATH": str(tree), "CI": "true"}
    if baseline_kernels:
        env["NPY_DISABLE_CPU_FEATURES"] = DISPATCHED_CPU_FEATURES
    return subprocess.run(
        [sys.executable, "-m", "tools.build", *args], cwd=tree, env=env, capture_output=True, text=True, check=False, timeout=900
    )


@contextlib.contextmanager
def shared_once(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, bool]]:
    """A folder made once per test run, even when pytest-xdist runs the tests in several processes.

    Yields the folder and whether it still has to be made; the first process to get the lock
    makes it, the others wait and find it made. Everyone reads it; no test writes into it.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder = base / name
    with (base / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = base / f"{name}.done"
        yield folder, not done.exists()
        done.touch()


@pytest.fixture(scope="session")
def built_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository whose book was built with the default parameters, under numpy's baseline kernels.

    The committed notebooks were executed wherever a developer ran ``--update-committed``, usually
    with the processor's fastest kernels; ``tests/test_portable.py`` requires the two to agree byte for byte.
    Built once per run and shared (read-only) by every test and every xdist worker.
    """
    with shared_once(tmp_path_factory, "book") as (folder, to_make):
        tree = folder / "repo"
        if to_make:
            shutil.rmtree(folder, ignore_errors=True)
            copy_sources(tree)
            result = run_build(tree, baseline_kernels=True)
            assert result.returncode == 0, result.stderr
    return tree


#: Two scenarios with the same parameters (their notebooks must run once) and files that are refused: a value out of
#: range, and a key that would be live MyST and a live link if the page quoted it unescaped. A folder named
#: ``dir.yml`` is made beside them.
TEST_SCENARIOS = {
    "loan-50k.yml": "loan_amount_yuan: 50000\n",
    "loan-50k-again.yml": "loan_amount_yuan: 5e4\n",
    "broken.yml": "term_months: 48\n",
    "injected.yml": '"{ref}`nolabel` [x](https://evil.example)": 1\n',
}


def built_copy_once(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    built_tree: Path,
    prepare: Callable[[Path, Path], None],
    *build_args: str,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A copy of the built repository, changed by ``prepare(tree, folder)`` and built once per test run with ``build_args``.

    Made once even under pytest-xdist (:func:`shared_once`); the build's result is recorded beside the tree so that
    every process reads the same one. ``prepare`` may keep files of its own in ``folder``. No test writes into it.
    """
    with shared_once(tmp_path_factory, name) as (folder, to_make):
        tree = folder / "repo"
        record = folder / "result.json"
        if to_make:
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(built_tree, tree, symlinks=True)
            prepare(tree, folder)
            result = run_build(tree, *build_args)
            record.write_text(json.dumps([result.args, result.returncode, result.stdout, result.stderr]), encoding="utf-8")
        args, returncode, stdout, stderr = json.loads(record.read_text(encoding="utf-8"))
    return tree, subprocess.CompletedProcess(args, returncode, stdout, stderr)


@pytest.fixture(scope="session")
def scenario_tree(built_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A copy of the built repository, built again with :data:`TEST_SCENARIOS`; the tree and the build's result."""

    def add_scenarios(tree: Path, folder: Path) -> None:
        scenarios = tree / "test-scenarios"
        scenarios.mkdir()
        for name, text in TEST_SCENARIOS.items():
            (scenarios / name).write_text(text, encoding="utf-8")
        (scenarios / "dir.yml").mkdir()
        (tree / "cache-before.txt").write_text("\n".join(sorted(p.name for p in (tree / "_build" / "cache").iterdir())))

    return built_copy_once(tmp_path_factory, "scenarios", built_tree, add_scenarios, "--scenarios", "test-scenarios")


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
