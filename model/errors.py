"""The one error type the model raises for bad input."""

from __future__ import annotations


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
        super().__init__(f"{field}: expected {allowed}, got {got!r}")
