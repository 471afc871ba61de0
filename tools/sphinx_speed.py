"""A Sphinx extension that makes third-party steps cheaper without changing what they produce.

1. MyST's renderer sets itself up with ``options.get("document", make_document())``: the default
argument is evaluated on every call, so each fragment it renders (every paragraph Sphinx's
``Locale`` transform translates, every output of a notebook) first builds a new docutils
document, and with it docutils' whole option parser, only to discard it when a document was
given. On the Chinese edition that is about 400 option parsers per build (two seconds of an
eleven-second Sphinx run). :func:`make_document` builds the default settings once per parser
class and hands each caller a copy of its own, the same values docutils would give.
   ``tests/test_tools.py`` requires the copy to equal docutils' own default settings.
2. pybtex finds its plugins (the bibliography's styles, the citation labels) by reading the
   entry points of every installed package on each lookup, a few dozen times a book. The
   installed packages do not change while Sphinx runs: :func:`installed_entry_points` reads them
   once per group and name. ``tests/test_tools.py`` requires the same plugins to be found.
3. The PyData theme renders each sidebar template twice on every page, once only to see whether
   it comes out empty, and spares only its own navigation from that check. The Book theme's
   navigation (``sbt-sidebar-nav.html``) is never empty in this book (it lists the chapters): it
   is spared too (:func:`update_and_remove_templates`).
"""

from __future__ import annotations

import copy
from functools import cache
from importlib.metadata import EntryPoint, entry_points
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


@cache
def _entry_points(group: str, name: str) -> tuple[EntryPoint, ...]:
    return tuple(entry_points(group=group, name=name))


def installed_entry_points(*, group: str, name: str) -> tuple[EntryPoint, ...]:
    """pybtex's ``entry_points(group=..., name=...)``: the installed entry points of a group by name, read once."""
    return _entry_points(group, name)


#: The Book theme's navigation, never empty here, spared the theme's check for empty templates (point 3 above).
NEVER_EMPTY = ("sbt-sidebar-nav.html",)


def _sparing(check: Any) -> Any:
    def update_and_remove_templates(*args: Any, templates_skip_empty_check: list[str] | None = None, **kwargs: Any) -> Any:
        """The theme's ``_update_and_remove_templates``, with :data:`NEVER_EMPTY` spared its emptiness check."""
        return check(*args, templates_skip_empty_check=[*(templates_skip_empty_check or []), *NEVER_EMPTY], **kwargs)

    update_and_remove_templates.__wrapped__ = check  # type: ignore[attr-defined]
    return update_and_remove_templates


def setup(app: Any) -> dict[str, Any]:
    """Put :func:`make_document` in place of MyST's, the read-once entry points in pybtex's, and spare the navigation."""
    import pybtex.plugin
    from myst_parser.mdit_to_docutils import base
    from pydata_sphinx_theme import utils

    base.make_document = make_document
    pybtex.plugin.entry_points = installed_entry_points  # it calls the name it imported, in its own module
    if not hasattr(utils._update_and_remove_templates, "__wrapped__"):  # once per process, however many books
        utils._update_and_remove_templates = _sparing(utils._update_and_remove_templates)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
