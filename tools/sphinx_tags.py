"""A Sphinx extension: tags for ``{only}`` blocks, set in ``_config.yml`` (``book_tags``).

Jupyter Book writes Sphinx's configuration itself, so tags (Sphinx's ``-t``) cannot be passed on
its command line; a book staged as a scenario sets ``book_tags: [scenario]`` instead, and a page
can then say what holds only for the default book (``{only} not scenario``), such as the link
to the PDF that ``make pdf`` prints of the default book alone.
"""

from __future__ import annotations

from typing import Any


def _add_tags(app: Any, config: Any) -> None:
    for tag in config.book_tags:
        app.tags.add(tag)


def setup(app: Any) -> dict[str, Any]:
    """Register ``book_tags`` and add them as Sphinx tags once the configuration is read."""
    app.add_config_value("book_tags", [], "html", [list])  # read by `{only}` when pages are written
    app.connect("config-inited", _add_tags)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
