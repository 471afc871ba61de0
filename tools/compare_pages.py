"""Compare two built books page by page, as a reader sees them apart from the code of code cells.

A restructuring that moves code out of the chapters changes only their code toggles; this shows
that every other byte of every page is the same::

    python -m tools.compare_pages OLD_HTML NEW_HTML

Exit status 0 when every page of both editions agrees, 1 when one differs (each named, with its
first differing lines), 2 for a folder that is not a built book.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

#: A code cell's source as Sphinx highlights it.
CODE = re.compile(r'<div class="highlight-ipython3 notranslate"><div class="highlight"><pre>.*?</pre></div>\s*</div>', re.DOTALL)


def reader_view(page: Path) -> str:
    """A page without the code of its code cells."""
    return CODE.sub("", page.read_text(encoding="utf-8"))


def chapter_pages(root: Path) -> list[str]:
    """The chapters of both editions, relative to the built book (the build's status page apart: it records timings)."""
    return sorted(
        str(p.relative_to(root)) for p in [*root.glob("book/*.html"), *root.glob("zh/book/*.html")] if p.stem != "build_status"
    )


def main(argv: list[str] | None = None) -> int:
    """Print ``same`` or ``DIFF`` for each page; exit 1 when any differs."""
    parser = argparse.ArgumentParser(prog="python -m tools.compare_pages", description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="a built book (_build/html)")
    parser.add_argument("new", type=Path, help="another built book")
    args = parser.parse_args(argv)
    for root in (args.old, args.new):
        if not (root / "book").is_dir():
            print(f"compare_pages: {root} is not a built book (no book/ folder); give two _build/html folders", file=sys.stderr)
            return 2
    pages = chapter_pages(args.old)
    if pages != chapter_pages(args.new):
        print("DIFF the two books have different pages", file=sys.stderr)
        return 1
    differ = 0
    for rel in pages:
        old, new = reader_view(args.old / rel), reader_view(args.new / rel)
        if old == new:
            print(f"same {rel}")
            continue
        differ += 1
        lines = [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0) if line[:1] in "+-"]
        print(f"DIFF {rel}")
        for line in lines[2:8]:
            print(f"    {line[:200]}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
