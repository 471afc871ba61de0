"""The one error type the model raises for bad input."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import ValidationError

T = TypeVar("T")


class ModelInputError(ValueError):
    """A value, name or file that the model cannot accept.

    The message always names the offending field and what is allowed, on one line.

    Parameters
    ----------
    field : str
        The name of the parameter, column or file entry at fault.
    allowed : str
        What would have been accepted, in words.
    got : object
        The value that was given.

    Examples
    --------
    >>> str(ModelInputError("term_months", "an integer from 1 to 360", 0))
    'term_months: expected an integer from 1 to 360, got 0'
    """

    def __init__(self, field: str, allowed: str, got: object) -> None:
        self.field = field
        self.allowed = allowed
        self.got = got
        super().__init__(f"{printable(field)}: expected {allowed}, got {excerpt(got)}")


#: The fields that name a record of a data file (a claim's id, a table row's key), in the order they are looked for.
RECORD_KEYS = ("id", "key", "factor", "step", "dimension", "stage")

#: The longest excerpt of a bad value an error message quotes.
EXCERPT_LIMIT = 60


def printable(text: str, limit: int = 200) -> str:
    r"""``text`` with every non-printable character escaped, so a message stays one line (cut to ``limit`` characters).

    Examples
    --------
    >>> printable("nl\nx\rFAKE")
    'nl\\nx\\rFAKE'
    """
    clean = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")  # a file name's undecodable bytes
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in clean)[:limit]


def excerpt(value: object, limit: int = EXCERPT_LIMIT) -> str:
    r"""A bad value as an error message quotes it: one printable line, cut at ``limit`` characters with its length said.

    Text is quoted (``repr``, so control characters are escaped) after the cut; anything else
    is shown by its ``repr``. The project's one helper for quoting what it refuses.

    Examples
    --------
    >>> excerpt("line one\nline two\x1b[2J")
    "'line one\\nline two\\x1b[2J'"
    >>> excerpt("x" * 100, 40)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (100 characters)"
    >>> excerpt(0), excerpt(None), excerpt(list(range(30)), 20)
    ('0', 'None', '[0, 1, 2, 3, 4, 5, 6… (110 characters)')
    """
    if isinstance(value, str):
        shown = repr(value[:limit])
        return shown[:-1] + "…'" + f" ({len(value)} characters)" if len(value) > limit else shown
    shown = printable(repr(value), limit=len(repr(value)))
    return shown if len(shown) <= limit else f"{shown[:limit]}… ({len(shown)} characters)"


def one_of(records: Mapping[str, T], key: str, what: str, *, sort: bool = False) -> T:
    """The record of ``records`` named ``key``; a ModelInputError listing the known names (``sort``: in order) if none is.

    The model's one lookup by name: a reference, a rule, a passage, an article figure, a check.

    Examples
    --------
    >>> one_of({"b": 2, "a": 1}, "a", "letter")
    1
    >>> one_of({"b": 2, "a": 1}, "c", "letter", sort=True)
    Traceback (most recent call last):
    ...
    model.errors.ModelInputError: letter: expected one of a, b, got 'c'
    """
    if key not in records:
        raise ModelInputError(what, f"one of {', '.join(sorted(records) if sort else records)}", key)
    return records[key]


def from_validation_error(where: str, exc: ValidationError) -> ModelInputError:
    """The first error of a pydantic validation as a ModelInputError naming ``where.field``."""
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"])
    message = err["msg"].removeprefix("Value error, ")
    allowed = message[:1].lower() + message[1:]  # only the first letter: a pattern's \S is not \s
    got = err.get("input")
    if not field and isinstance(got, dict):  # a check of the whole record: name the record, not all its fields
        got = next((got[k] for k in RECORD_KEYS if k in got), "this record")
    return ModelInputError(f"{where}.{field}" if field else where, allowed, got)
