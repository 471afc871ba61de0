"""The build's one digest recipe: SHA-256 of bytes, of files, of named parts and of JSON-able records.

Every cache key, stage digest and integrity record of the build is made here, in the manner
of Sphinx's build-info: what a product depends on is listed as data, and its digest is the
SHA-256 of that list. Two recipes only: a record (:func:`of_record`, JSON with sorted keys)
and a sequence of named parts (:class:`NamedParts`, each part's name, a NUL and the SHA-256
of its bytes, so no part can be read as the start of the next).

Examples
--------
>>> of_bytes(b"")[:16]
'e3b0c44298fc1c14'
>>> of_record({"b": 1, "a": [2, 3]}) == of_record({"a": [2, 3], "b": 1})
True
>>> len(of_record({"a": 1}, length=20))
20
>>> NamedParts().add("a", b"1").add("b", b"2").hexdigest() == NamedParts().add("a", b"12").add("b", b"").hexdigest()
False
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def of_bytes(content: bytes) -> str:
    """The SHA-256 of ``content``, in hexadecimal."""
    return hashlib.sha256(content).hexdigest()


def of_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hexadecimal."""
    return of_bytes(path.read_bytes())


def of_record(parts: Any, *, length: int | None = None, ascii_only: bool = True) -> str:
    """The SHA-256 of ``parts`` as JSON with sorted keys (anything else as its text), cut to ``length`` characters."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=ascii_only)
    return of_bytes(text.encode())[:length]


class NamedParts:
    """A SHA-256 over named parts in the order added: each one's name, a NUL and the SHA-256 of its bytes."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def add(self, name: str, content: bytes) -> NamedParts:
        """Enter one part; returns the digest, so parts can be chained."""
        self._hash.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
        return self

    def hexdigest(self) -> str:
        """The digest of every part entered so far."""
        return self._hash.hexdigest()
