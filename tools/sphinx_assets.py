"""Sphinx extension: myst-nb's style sheet is in place before any page is written.

myst-nb copies ``mystnb.<hash>.css`` into ``_static`` only when the build finishes, and Sphinx
adds a ``?v=<checksum>`` to a style sheet's link only when the file is already there. A clean
build therefore linked it without ``?v=`` and a rebuild with it, so a rebuild published other
bytes than a clean build of the same inputs. Copying the file when the builder starts makes
every build link it the same way.

The Book theme keeps its own message catalogues (``locales/<language>/LC_MESSAGES/booktheme.po``
and ``.mo``) in its static folder, so Sphinx copies them into every book's ``_static``: 92 files
in 93 folders that no page loads (Sphinx reads the theme's texts when it writes the pages). With
twelve books in a scenario build, that was 1,100 folders to publish, a third of publishing's
time. :func:`drop_theme_catalogues` removes them from the output when the build finishes.
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


def drop_theme_catalogues(app: Any, exception: BaseException | None) -> None:
    """Remove ``_static/locales`` from the HTML output when it holds only message catalogues (``.po``, ``.mo``)."""
    import shutil
    from pathlib import Path

    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    locales = Path(app.builder.outdir) / "_static" / "locales"
    if locales.is_dir() and all(p.suffix in {".po", ".mo"} for p in locales.rglob("*") if not p.is_dir()):
        shutil.rmtree(locales)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", copy_mystnb_css)
    app.connect("build-finished", drop_theme_catalogues)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
