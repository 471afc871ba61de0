"""The chapter notebooks' structure; their outputs are compared by nbval (``--nbval`` in pytest's options)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from model.params import default_values
from tools.notebooks import parameters_cell, read_notebook, toc_notebooks

NOTEBOOKS = toc_notebooks()


def test_every_chapter_is_in_the_toc() -> None:
    on_disk = sorted((Path(__file__).resolve().parents[1] / "book").glob("*.ipynb"))
    assert sorted(NOTEBOOKS) == on_disk
    assert len(NOTEBOOKS) == 7


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
class TestChapterSkeleton:
    def test_parameters_cell_first_and_hidden(self, path: Path) -> None:
        nb = nbformat.read(path, as_version=4)
        index, _ = parameters_cell(nb)
        assert index == 0
        assert "remove-cell" in nb.cells[0].metadata["tags"]

    def test_parameter_defaults_mirror_params_yml(self, path: Path) -> None:
        defaults = default_values()
        for name, value in read_notebook(path).parameters.items():
            assert defaults[name] == value, f"{path.name}: {name}"

    def test_one_title_and_the_fixed_sections(self, path: Path) -> None:
        nb = nbformat.read(path, as_version=4)
        markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        titles = [line for line in markdown.splitlines() if line.startswith("# ")]
        assert len(titles) == 1
        for section in ("## Overview", "## Prerequisites", "## Imports", "## Summary"):
            assert section in markdown, section

    def test_code_prints_no_headings(self, path: Path) -> None:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                assert "text/markdown" not in out.get("data", {}), "headings printed from code break Sphinx"

    def test_outputs_are_committed(self, path: Path) -> None:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.execution_count is not None for c in code), "run `make book && python -m tools.build --update-committed`"
        assert not any(o.get("output_type") == "error" for c in code for o in c.outputs)
