"""The one error type the model raises for bad input."""

from __future__ import annotations

from pydantic import ValidationError


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
        super().__init__(f"{printable(field)}: expected {allowed}, got {_short_repr(got)}")


#: The fields that name a record of a data file (a claim's id, a table row's key), in the order they are looked for.
RECORD_KEYS = ("id", "key", "factor", "step", "dimension", "stage")

#: The longest excerpt of a bad value an error message quotes.
EXCERPT_LIMIT = 60


def printable(text: str) -> str:
    r"""``text`` with every non-printable character escaped, so a message stays one line (cut to 200 characters).

    Examples
    --------
    >>> printable("nl\nx\rFAKE")
    'nl\\nx\\rFAKE'
    """
    clean = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")  # a file name's undecodable bytes
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in clean)[:200]


def _short_repr(value: object) -> str:
    """``repr(value)``, cut to :data:`EXCERPT_LIMIT` characters with the full length said."""
    shown = repr(value)
    if len(shown) <= EXCERPT_LIMIT:
        return shown
    return f"{shown[:EXCERPT_LIMIT]}… ({len(shown)} characters)"


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
