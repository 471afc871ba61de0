"""Numbers in words a reader can use, including the degenerate values a parameter allows."""

from __future__ import annotations

import math


def percent(value: float, digits: int = 1) -> str:
    """A fraction as a percentage; ``not defined`` for a value that is not finite.

    Examples
    --------
    >>> percent(0.673), percent(float("nan"))
    ('67.3%', 'not defined')
    """
    if not math.isfinite(value):
        return "not defined"
    return f"{value:.{digits}%}"


def can_or_cannot(flag: bool) -> str:
    """``can`` or ``cannot``."""
    return "can" if flag else "cannot"


def count_phrase(n: int, singular: str, plural: str | None = None) -> str:
    """``1 claim``, ``3 claims``, ``no claims``.

    Examples
    --------
    >>> count_phrase(0, "claim"), count_phrase(1, "claim"), count_phrase(4, "claim")
    ('no claims', '1 claim', '4 claims')
    """
    plural = plural or singular + "s"
    if n == 0:
        return f"no {plural}"
    return f"{n} {singular if n == 1 else plural}"
