"""Words about a chart's encoding read from the chart's own specification.

A caption that says which line is dashed or what a colour means must agree with the chart;
these helpers read the explicit scales of a Vega-Lite spec (as ``chart.to_dict()`` gives it)
so the caption is written from the chart, not beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

#: Names for the colours the book's charts use.
COLOUR_NAMES: dict[str, str] = {
    "#4e79a7": "blue",
    "#59a14f": "green",
    "#e15759": "red",
    "#f28e2b": "orange",
    "#bab0ac": "grey",
    "#b07aa1": "purple",
    "#edc948": "yellow",
    "#76b7b2": "teal",
    "#9c755f": "brown",
    "black": "black",
}


def _encodings(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every ``encoding`` block of a spec, its layers and facets included."""
    if "encoding" in spec:
        yield spec["encoding"]
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key, []):
            yield from _encodings(sub)
    if "spec" in spec:
        yield from _encodings(spec["spec"])


def line_styles(spec: dict[str, Any]) -> dict[str, str]:
    """Each value of a ``strokeDash`` encoding with an explicit scale, as ``solid`` or ``dashed``.

    Examples
    --------
    >>> spec = {"encoding": {"strokeDash": {"field": "m", "scale": {"domain": ["a", "b"], "range": [[1, 0], [6, 4]]}}}}
    >>> line_styles(spec)
    {'a': 'solid', 'b': 'dashed'}
    """
    out: dict[str, str] = {}
    for enc in _encodings(spec):
        dash = enc.get("strokeDash", {})
        scale = dash.get("scale", {})
        if "domain" in scale and "range" in scale:
            for value, pattern in zip(scale["domain"], scale["range"], strict=True):
                gaps = pattern[1::2]
                out[str(value)] = "solid" if not any(gaps) else "dashed"
    if not out:
        raise ValueError("the chart has no strokeDash encoding with an explicit domain and range")
    return out


def colours(spec: dict[str, Any]) -> dict[str, str]:
    """Each value of a ``color`` encoding with an explicit scale, named (``green``, ``red``...).

    Examples
    --------
    >>> colours({"encoding": {"color": {"field": "s", "scale": {"domain": ["gap", "unique"], "range": ["#e15759", "#59a14f"]}}}})
    {'gap': 'red', 'unique': 'green'}
    """
    out: dict[str, str] = {}
    for enc in _encodings(spec):
        scale = enc.get("color", {}).get("scale", {})
        if "domain" in scale and "range" in scale:
            for value, colour in zip(scale["domain"], scale["range"], strict=True):
                out[str(value)] = COLOUR_NAMES.get(str(colour), str(colour))
    if not out:
        raise ValueError("the chart has no color encoding with an explicit domain and range")
    return out


def describe(mapping: dict[str, str], labels: dict[str, str] | None = None) -> str:
    """``'nominal APR solid, effective annual rate dashed'`` from a value-to-style mapping."""
    labels = labels or {}
    return ", ".join(f"{labels.get(k, k)} {v}" for k, v in mapping.items())
