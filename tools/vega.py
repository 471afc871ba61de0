"""The Vega, Vega-Lite and Vega-Embed bundle the book serves from ``_static``.

:func:`write_vega_bundle` writes the copy vl-convert-python ships, wrapped in a function
scope, so no page loads anything from another host. ``python -m tools.vega FILE`` writes it
to FILE atomically (the build runs it in a separate process while the notebooks execute).
"""

from __future__ import annotations

from pathlib import Path

import altair as alt

from model import cli

VEGA_BUNDLE = "vega-bundle.js"  # tools.build stages it under this name; _config.yml loads it


def write_vega_bundle(static_dir: Path) -> Path:
    """Write the Vega/Vega-Lite/Vega-Embed bundle shipped by vl-convert-python, wrapped in a function scope."""
    import vl_convert as vlc

    vl_version = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    target = static_dir / VEGA_BUNDLE
    target.parent.mkdir(parents=True, exist_ok=True)
    bundle: str = vlc.javascript_bundle(vl_version=vl_version)  # type: ignore[call-arg]  # the stub omits the default
    target.write_text("(function () {\n" + bundle + "\n})();\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.vega FILE``: write the Vega bundle to FILE (atomically)."""
    import os
    import tempfile

    parser = cli.parser("python -m tools.vega", "Write the offline Vega/Vega-Lite/Vega-Embed bundle to FILE.")
    parser.add_argument("file", type=Path, metavar="FILE", help="where to write the bundle (a .js file)")
    target: Path = parser.parse_args(argv).file
    if target.suffix != ".js":
        parser.error(f"FILE: expected a path ending in .js, got {str(target)[:60]!r}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            os.replace(write_vega_bundle(Path(tmp)), target)
    except OSError as exc:
        parser.exit(1, f"python -m tools.vega: error: cannot write {str(target)[:80]!r}: {exc.strerror}\n")
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m tools.vega")
