"""The same book on every machine: the committed outputs are what numpy's baseline kernels give.

The committed notebooks are executed with the developer's processor's fastest kernels (AVX-512
here); the session's ``built_tree`` is built with all of numpy's dispatched kernels disabled, as
on an older or an ARM processor. Every published float passes through
:func:`report.precision.portable`, so the two must agree byte for byte. Without the rounding,
chapter 4's charts differ in the last digits of their data (seen failing with
``SIGNIFICANT_DIGITS = 17``). This comparison also does what nbval's second execution did: the
committed outputs are exactly what a build executes.
"""

from __future__ import annotations

import json
from pathlib import Path

import hypothesis.strategies as st
import nbformat
import pytest
from hypothesis import given

from report.precision import SIGNIFICANT_DIGITS, portable
from report.render import chart_html
from tools.notebooks import toc_notebooks

NOTEBOOKS = toc_notebooks()


def first_difference(committed: Path, built: Path) -> str:
    """Where two executed notebooks first differ: the cell and the start of each output."""
    a, b = (nbformat.read(p, as_version=4) for p in (committed, built))
    for index, (cell_a, cell_b) in enumerate(zip(a.cells, b.cells)):
        if cell_a != cell_b:
            out_a, out_b = (json.dumps(c.get("outputs", []), ensure_ascii=False) for c in (cell_a, cell_b))
            at = next((i for i, (x, y) in enumerate(zip(out_a, out_b)) if x != y), min(len(out_a), len(out_b)))
            return f"cell {index}: committed …{out_a[max(0, at - 60) : at + 40]!r} built …{out_b[max(0, at - 60) : at + 40]!r}"
    return "the notebooks' metadata or cell count"


@pytest.mark.book
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_outputs_are_the_baseline_kernels_outputs(built_tree: Path, path: Path) -> None:
    built = built_tree / "_build" / "stage" / "book" / path.name
    assert built.read_bytes() == path.read_bytes(), (
        f"{path.name} differs from its execution under numpy's baseline kernels at {first_difference(path, built)}; "
        "a published float is not rounded by report.precision.portable, or the committed outputs are stale "
        "(make book && python -m tools.build --update-committed)"
    )


def test_last_bit_differences_vanish() -> None:
    # the reviewer's case: chapter 4's effective annual rate on an AVX2 and an AVX-512 machine
    assert portable(0.24474952665654867) == portable(0.24474952665654864)
    spec = {"title": "t", "description": "d", "data": {"values": [{"a": 0.24474952665654867}]}}
    other = {"title": "t", "description": "d", "data": {"values": [{"a": 0.24474952665654864}]}}
    assert chart_html(spec) == chart_html(other)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_rounding_is_idempotent_and_close(x: float) -> None:
    y = portable(x)
    assert portable(y) == y
    assert abs(y - x) <= abs(x) * 5 * 10**-SIGNIFICANT_DIGITS  # half a unit of the last kept digit
