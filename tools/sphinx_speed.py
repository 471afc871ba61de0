"""A Sphinx extension that makes a third-party step cheaper without changing what it produces.

MyST's renderer sets itself up with ``options.get("document", make_document())``: the default
argument is evaluated on every call, so each fragment it renders (every paragraph Sphinx's
``Locale`` transform translates, every output of a notebook) first builds a new docutils
document, and with it docutils' whole option parser, only to discard it when a document was
given. On the Chinese edition that is about 400 option parsers per build (two seconds of an
eleven-second Sphinx run). :func:`make_document` builds the default settings once per parser
class and hands each caller a copy of its own, the same values docutils would give.

``tests/test_tools.py`` requires the copy to equal docutils' own default settings.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import new_document


@cache
def _default_settings(parser_cls: type) -> Any:
    return get_default_settings(parser_cls)


def make_document(source_path: str = "notset", parser_cls: type = RSTParser) -> nodes.document:
    """MyST's ``make_document``: a new document with ``parser_cls``'s default settings (a copy of one made once)."""
    return new_document(source_path, settings=copy.deepcopy(_default_settings(parser_cls)))


def setup(app: Any) -> dict[str, Any]:
    """Put :func:`make_document` in place of MyST's (its renderer calls it by the module's name)."""
    from myst_parser.mdit_to_docutils import base

    base.make_document = make_document
    return {"parallel_read_safe": True, "parallel_write_safe": True}
