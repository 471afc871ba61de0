"""The book's charts, each with its caption, one module per chapter.

A function here takes the model's values a chapter has read and returns a :class:`Figure`: the
Altair chart and the caption written from the same values (and, where a caption names a
colour or a dash, from the chart's own specification via :mod:`report.captions`). A chapter
glues both and computes nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    """A chart and its caption."""

    chart: Any
    caption: str
