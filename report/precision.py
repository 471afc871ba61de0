"""The one place where the book rounds what it publishes, so that every machine publishes the same bytes.

numpy's vectorised kernels (``expm1``, ``log1p``, ``power``…) are compiled for several
instruction sets and chosen at run time: an AVX-512 processor and an AVX2 one may return
values that differ in their last bit. The book never means 17 significant digits, so every
float it publishes (a chart's data, a glued value, a table cell) passes through
:func:`portable` first, which keeps :data:`SIGNIFICANT_DIGITS` and drops the processor's noise.

Notes
-----
Rounding goes through Python's correctly rounded decimal formatting (``format(x, ".9g")``),
which is the same on every platform. Two machines still disagree only if a value lies within
a few units in the last place of a rounding boundary of the ninth digit, a chance of about
1e-7 per value; ``tests/test_portable.py`` builds the book's outputs under numpy's baseline
kernels and compares them with the committed ones, so a value that does sit on a boundary is
found on one machine.

Examples
--------
>>> portable(0.24474952665654867) == portable(0.24474952665654864)
True
>>> portable(0.05474999999999999)
0.05475
>>> portable({"yuan": [11015.881592773729, 3], "name": "bullet"})
{'yuan': [11015.8816, 3], 'name': 'bullet'}
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from model.scenarios import Unit, published

#: Significant digits kept of every published float: enough for a yuan amount to the fen up to
#: ten million yuan and for a rate to a thousandth of a basis point.
SIGNIFICANT_DIGITS = 9


def portable(value: Any) -> Any:
    """``value`` with every float in it rounded to :data:`SIGNIFICANT_DIGITS` significant digits.

    Floats (and numpy floats, which become Python floats) are rounded; dicts, lists and tuples
    are rounded item by item; anything else (text, integers, booleans, None) is returned as is.
    Infinities and NaN are kept.
    """
    if isinstance(value, float | np.floating):
        number = float(value)
        return float(format(number, f".{SIGNIFICANT_DIGITS}g")) if math.isfinite(number) else number
    if isinstance(value, dict):
        return {key: portable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [portable(item) for item in value]
    if type(value) is tuple:
        return tuple(portable(item) for item in value)
    return value


def formatted(value: float, spec: str) -> str:
    """``value`` formatted with ``spec`` (``.2%``, ``,.0f``, ``+.1%``), its last digit rounded half up as a reader rounds.

    ``format`` rounds the binary float: 0.015% a day times 365 is 0.05474999… and would print
    5.47%. The value is first made :func:`portable`, so the digit shown is the same on every machine.

    Examples
    --------
    >>> formatted(0.00015 * 365, ".2%"), formatted(5000, ",.0f"), formatted(0.1825, ".2%"), formatted(-0.0471, "+.1%")
    ('5.48%', '5,000', '18.25%', '-4.7%')
    """
    places = int(spec.split(".")[1].rstrip("f%"))
    number = Decimal(repr(float(portable(value)))) * (100 if spec.endswith("%") else 1)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(rounded, spec.replace("%", "f")) + ("%" if spec.endswith("%") else "")


def format_value(unit: Unit, value: Any) -> str:
    """A figure of the scenario comparison as the book prints it: yuan with two decimals, fractions as percentages.

    The rounding is the model's (:func:`model.scenarios.published`); this writes it.

    Examples
    --------
    >>> format_value("yuan", 986.912), format_value("fraction", 0.18), format_value("count", 52)
    ('986.91', '18.00%', '52')
    >>> format_value("fraction", 0.00015 * 365)  # stored as 0.05474999999999999
    '5.48%'
    >>> format_value("yuan", 1015.881592773729)
    '1,015.88'
    """
    if unit == "yuan":
        return f"{published(unit, value):,}"
    if unit == "fraction":
        return f"{published(unit, value)}%"
    return str(value)
