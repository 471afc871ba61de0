"""Sphinx extension: myst-nb's style sheet is in place before any page is written.

myst-nb copies ``mystnb.<hash>.css`` into ``_static`` only when the build finishes, and Sphinx
adds a ``?v=<checksum>`` to a style sheet's link only when the file is already there. A clean
build therefore linked it without ``?v=`` and a rebuild with it, so a rebuild published other
bytes than a clean build of the same inputs. Copying the file when the builder starts makes
every build link it the same way.
"""

from __future__ import annotations

from typing import Any


def copy_mystnb_css(app: Any) -> None:
    """Copy myst-nb's style sheet into the output's ``_static`` (what myst-nb does at the end) now."""
    from pathlib import Path

    from myst_nb import sphinx_ext

    if app.builder is not None and app.builder.format == "html":
        (Path(app.builder.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        sphinx_ext.add_global_html_resources(app, None)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", copy_mystnb_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
