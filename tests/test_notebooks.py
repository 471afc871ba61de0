"""The chapter notebooks' structure; their outputs are compared by nbval (``--nbval`` in pytest's options)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from model.params import default_values
from tools.notebooks import parameters_cell, read_notebook, toc_notebooks

NOTEBOOKS = toc_notebooks()
#: What may hold digits in a markdown cell: MyST roles and their targets, code spans, labels,
#: directives' options, and quoted words of the article (a quote with Chinese characters).
PROSE_EXEMPT = re.compile(
    r"\{[\w:-]+\}`[^`]*`"  # roles: {glue:text}`key:.1%`, {cite}`key2019`
    r"|`[^`]*`"  # code spans
    r"|^\(.*\)=$"  # labels
    r"|^:[\w-]+:.*$"  # directive options
    r"|^:::\{index\}.*$"  # index entries: the terms a reader searches for, figures included
    r"|\"[^\"]*[\u4e00-\u9fff][^\"]*\""  # "提升通过率27%": the article's own words
    r"|\bC\d{2,3}\b|UTF-8",  # claim ids and names
    re.MULTILINE,
)


def test_every_chapter_is_in_the_toc() -> None:
    on_disk = sorted((Path(__file__).resolve().parents[1] / "book").glob("*.ipynb"))
    assert sorted(NOTEBOOKS) == on_disk
    assert len(NOTEBOOKS) == 10


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
        for section in ("## Overview", "## Prerequisites", "## Summary"):
            assert section in markdown, section
        assert "## Imports" not in markdown, "a heading over hidden cells shows readers an empty section"

    def test_no_number_typed_by_hand_in_prose(self, path: Path) -> None:
        # Numbers in prose come from glued model values; quoted Chinese words of the article keep theirs.
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            prose = PROSE_EXEMPT.sub(" ", cell.source)
            typed = re.findall(r"[^\s]*\d[^\s]*", prose)
            assert not typed, f"{path.name}: numbers typed by hand: {typed}"

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


#: Each slider of a chart in the book, by its name in the chart, and the book parameter it sets.
SLIDERS = {"amount": "loan_amount_yuan", "term": "term_months", "daily": "daily_rate"}


def test_every_slider_spans_what_its_parameter_allows() -> None:
    """A slider offers every value the book's parameter allows, no more and no less (the amount's stopped at 200,000).

    Read from the charts of the committed notebooks, as the page draws them.
    """
    import json
    import re

    from model.params import numeric_bounds

    found = {}
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                for text in output.get("data", {}).values():
                    for spec in re.findall(r"var spec = (\{.*\});\n", text if isinstance(text, str) else "".join(text)):
                        for param in json.loads(spec).get("params", []):
                            if param.get("bind", {}).get("input") == "range":
                                found[param["name"]] = (param["bind"]["min"], param["bind"]["max"])
    assert set(found) == set(SLIDERS), "a new slider needs its parameter in SLIDERS"
    for name, parameter in SLIDERS.items():
        assert found[name] == pytest.approx(numeric_bounds(parameter)), (name, parameter)


def _code_constants(path: Path) -> list[object]:
    """The literal values in a chapter's code, its parameters cell apart (papermill's defaults)."""
    values: list[object] = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        values += [n.value for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Constant)]
    return values


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_article_words_or_figures_typed_in_code(path: Path) -> None:
    """A chapter quotes the article through the model (data/passages.yaml, the article's tables), never by typing it.

    A typed quote drifts from the article (the comparison table's first header read 维度 for the
    article's 评估维度) and a typed figure escapes the parameter that should set it. Caught: a
    string of the code that holds three or more Chinese characters standing in the article, and a
    number equal to one of the article's figures.
    """
    from model.article import article_figures, article_text

    text = article_text()
    figures = {f.value for f in article_figures().values()}
    for value in _code_constants(path):
        if isinstance(value, str):
            runs = re.findall(r"[\u4e00-\u9fff]{3,}", value)
            assert not [r for r in runs if r in text], f"{path.name}: the article's words typed in code: {value[:60]!r}"
        elif isinstance(value, int | float) and not isinstance(value, bool):
            assert value not in figures, f"{path.name}: an article figure typed in code: {value!r}"


#: What a chapter's code may not do: compute with the model's values itself (arithmetic, comparisons,
#: negation, in-place updates). Those live in model/ and report/, where they are typed and tested.
COMPUTING_NODES = (ast.BinOp, ast.Compare, ast.AugAssign, ast.UnaryOp)


def _computations(source: str) -> list[str]:
    """The operations of a cell's code that compute, each with its text (a literal's sign apart: ``-1``)."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, COMPUTING_NODES):
            continue
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            continue
        found.append(ast.get_source_segment(source, node) or type(node).__name__)
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapters_only_read_call_and_glue(path: Path) -> None:
    """A chapter's code calls the model and report/ and glues what they return; it computes nothing itself.

    A sum, a ratio, a comparison or a filter written in a notebook escapes the model's tests and
    its types, and is computed again wherever another chapter needs it (the example loan, the
    strict bound, the regulatory-line test were each computed in two chapters and the model).
    """
    offending = [
        f"cell {i}: {text[:60]}"
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells)
        if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", [])
        for text in _computations(cell.source)
    ]
    assert not offending, f"{path.name} computes in its own code: {offending}"
