"""``make pdf``: the whole book as one PDF, printed offline by the Chromium the tests use.

Jupyter Book's ``pdfhtml`` builder downloads a browser of its own, which cannot work offline,
so this builds the book's single-page HTML (``jupyter-book build --builder singlehtml``) from
the staged sources of the last ``make book``, serves it on 127.0.0.1 with every other request
refused, waits until every chart is drawn, adds a title page and a table of contents, and
prints it with headless Chromium (Playwright): A4, page numbers in the footer, charts as
vector graphics, Chinese text in the embedded Noto CJK font. The result is written
atomically to ``_build/pdf/book.pdf`` and offered for download beside the HTML book
(``_build/html/book.pdf``); the Chinese edition likewise to ``_build/pdf/book.zh.pdf`` and
``_build/html/zh/book.pdf``.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import io
import os
import re
import shutil
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from model import cli
from tools.notebooks import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TITLE = "WeChat's “Jiebei”, checked"
SUBTITLE = "A marketing article's claims against its own numbers and public facts"


class PdfError(RuntimeError):
    """The PDF could not be made; the message says why in one line."""


def build_singlehtml(stage: Path) -> Path:
    """Build the single-page HTML of the staged book; return its folder."""
    from jupyter_book.cli.main import build as jupyter_book_build

    from tools.sphinx_i18n import forget_loaded_translations

    forget_loaded_translations()  # a worker may have printed the other edition
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            jupyter_book_build.main(
                args=[str(stage), "--builder", "singlehtml", "-W", "-n", "--keep-going"], standalone_mode=False
            )
    except SystemExit as exc:
        if exc.code not in (0, None):
            problems = [line for line in output.getvalue().splitlines() if "WARNING" in line or "ERROR" in line]
            raise PdfError(
                "the single-page HTML could not be built: " + (problems[-1] if problems else "see jupyter-book")
            ) from exc
    return stage / "_build" / "singlehtml"


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 for the time of the block; yield its address."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


FRONT_MATTER = """
([title, subtitle, version]) => {
  // A title page before the book; the book's own table of contents (its toctree) follows it.
  const main = document.querySelector("main") || document.body;
  const page = document.createElement("section");
  page.className = "pdf-title-page";
  page.innerHTML = `<h1>${title}</h1><p class="pdf-subtitle">${subtitle}</p><p>${version}</p>`;
  main.insertBefore(page, main.firstElementChild);
  const style = document.createElement("style");
  style.textContent = `.pdf-title-page { break-after: page; padding-top: 30vh; text-align: center; }
    .pdf-title-page h1 { font-size: 2.2em; } .pdf-subtitle { font-size: 1.3em; }
    .toctree-wrapper { break-after: page; }`;
  document.head.appendChild(style);
  return document.querySelectorAll(".toctree-wrapper li").length;
}
"""


#: A code point in a ToUnicode map (``<3F> <2F46>``): the hex after a source code and a space.
_UNICODE_HEX = re.compile(rb"(?<=> <)([0-9A-Fa-f]{4})(?=>)")


@functools.cache
def radical_ideographs(font: str = "Noto Sans CJK SC") -> dict[int, int]:
    """Each CJK or Kangxi radical the font draws with an ideograph's glyph, mapped to that ideograph.

    Read from the font Chromium prints the Chinese text with (found by fontconfig): where the
    radical ⻔ and the ideograph 门 share one glyph, the PDF's text layer may name either.
    Empty when fontconfig or the font is missing (the radicals' NFKC forms still apply).
    """
    import subprocess

    from fontTools.ttLib import TTCollection, TTFont

    try:
        found = subprocess.run(["fc-match", "-f", "%{file}\t%{index}", font], capture_output=True, text=True, check=True)
        path, index = found.stdout.split("\t")
        fonts = TTCollection(path, lazy=True) if path.endswith(".ttc") else TTFont(path, lazy=True)
        try:
            cmap = (fonts.fonts[int(index)] if isinstance(fonts, TTCollection) else fonts).getBestCmap()
        finally:
            fonts.close()
    except (OSError, ValueError, subprocess.CalledProcessError, KeyError):
        return {}
    by_glyph: dict[str, int] = {}
    for code, glyph in sorted(cmap.items()):
        if 0x3400 <= code <= 0x9FFF:  # CJK Unified Ideographs and Extension A
            by_glyph.setdefault(glyph, code)
    return {code: by_glyph[glyph] for code, glyph in cmap.items() if 0x2E80 <= code <= 0x2FDF and glyph in by_glyph}


def _ideograph(match: re.Match[bytes]) -> bytes:
    code = int(match[1], 16)
    if not 0x2E80 <= code <= 0x2FDF:  # only the CJK and Kangxi radical blocks
        return match[1]
    unified = radical_ideographs().get(code) or (ord(n) if len(n := unicodedata.normalize("NFKC", chr(code))) == 1 else code)
    return f"{unified:04X}".encode()


def unify_radicals(pdf: Path) -> int:
    """Map Kangxi radicals back to the ideographs they stand for in ``pdf``'s text layer; return how many fonts changed.

    Noto CJK draws 无 (U+65E0) and the radical ⽆ (U+2F46) with one glyph, and Chromium's
    ToUnicode maps give the glyph the radical's code point; a reader who searches the PDF for
    无法核实, or copies it, would get ⽆法核实. The radicals are never meant in this book: each
    becomes the ideograph whose glyph it shares (:func:`radical_ideographs`), else its NFKC
    form. The pages look the same.

    Examples
    --------
    >>> _UNICODE_HEX.sub(_ideograph, b"<3F> <2F46> <44> <65E2>")
    b'<3F> <65E0> <44> <65E2>'
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(pdf))
    changed = 0
    seen: set[int] = set()
    for page in writer.pages:
        resources: Any = page.get("/Resources")
        fonts: Any = resources.get_object().get("/Font") if resources is not None else None
        for ref in fonts.get_object().values() if fonts is not None else ():
            font = ref.get_object()
            stream_ref = font.get(NameObject("/ToUnicode"))
            if stream_ref is None or id(stream_ref.get_object()) in seen:
                continue
            stream = stream_ref.get_object()
            seen.add(id(stream))
            data = stream.get_data()
            fixed = _UNICODE_HEX.sub(_ideograph, data)
            if fixed != data:
                stream.set_data(fixed)
                changed += 1
    with pdf.open("wb") as out:
        writer.write(out)
    return changed


def print_pdf(
    folder: Path, target: Path, version: str, timeout_ms: int = 60_000, title: tuple[str, str] = (TITLE, SUBTITLE)
) -> int:
    """Print the single-page HTML in ``folder`` to ``target``; return the number of charts drawn.

    ``version`` is the title page's version line, ``title`` its title and subtitle.
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise PdfError("Debian's chromium is not installed; `make pdf` installs it")
    single = next(folder.glob("book/*.html"), None)  # index.html only redirects to the root page
    if single is None:
        raise PdfError("the single-page HTML has no page under book/")
    shutil.copyfile(single, folder / "book.html")  # its links (_static/...) are written relative to the root
    with serve(folder) as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400}, color_scheme="light")
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            page.goto(f"{base}/book.html", wait_until="networkidle", timeout=timeout_ms)
            charts = page.locator(".vega-chart")
            for i in range(charts.count()):
                charts.nth(i).locator("svg.marks").wait_for(state="attached", timeout=timeout_ms)
            page.evaluate(FRONT_MATTER, [html.escape(title[0]), html.escape(title[1]), html.escape(version)])
            page.emulate_media(media="print")
            footer = (
                '<div style="font-size:8px;width:100%;text-align:center;">'
                '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
            )
            tmp = target.with_name(target.name + ".tmp")
            page.pdf(
                path=str(tmp),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=footer,
                margin={"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
            )
            unify_radicals(tmp)
            os.replace(tmp, target)
            return int(charts.count())
        finally:
            browser.close()


def print_edition(stage: Path, target: Path, version: str, title: tuple[str, str]) -> int:
    """The single-page HTML of one staged edition, printed to ``target``; return the number of charts drawn."""
    return print_pdf(build_singlehtml(stage), target, version, title=title)


def print_editions(editions: list[tuple[Path, Path, str, tuple[str, str]]]) -> list[int]:
    """:func:`print_edition` of each edition, side by side in worker processes (one per core); the charts of each.

    Each edition is a Sphinx build and a Chromium print of its own, independent of the other's:
    on two cores both take about as long as one. The workers are the build's (:func:`tools.build.worker_pool`).
    """
    import concurrent.futures.process

    from tools.build import kill_workers, worker_pool

    pool = worker_pool(max(1, min(len(editions), os.cpu_count() or 1)))
    try:
        futures = [pool.submit(print_edition, *edition) for edition in editions]
        return [future.result() for future in futures]
    except KeyboardInterrupt:
        kill_workers(pool)  # and their Chromium, which ends with its pipe
        raise
    finally:
        with contextlib.suppress(concurrent.futures.process.BrokenProcessPool):
            pool.shutdown(wait=True, cancel_futures=True)


def main(argv: list[str] | None = None) -> int:
    """Make ``_build/pdf/book.pdf`` from the last ``make book`` and offer it beside the HTML book."""
    import model

    cli.parser("python -m tools.pdf", "Print the built book to _build/pdf/book.pdf with the system Chromium.").parse_args(argv)
    from tools.build import DIGEST_FILE, stage_is_published

    stage, html_dir = ROOT / "_build" / "stage", ROOT / "_build" / "html"
    try:
        published = (html_dir / DIGEST_FILE).read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        published = ""
    if not published or not (stage / "_build" / "html").exists() or not stage_is_published(stage, published):
        # the stage may hold an interrupted or failed build: the PDF is only ever of the book readers see
        print("make pdf: error: the staged book is not the published one; run `make book` first", file=sys.stderr)
        return 1
    from tools import i18n

    zh_stage = ROOT / "_build" / "zh"
    editions = [(stage, html_dir, "book.pdf", (TITLE, SUBTITLE), f"Version {model.__version__}")]
    if stage_is_published(zh_stage, published):  # the Chinese edition of the same build
        catalogue = i18n.output_catalogue(ROOT)
        zh_title = (catalogue.translate(TITLE), catalogue.translate(SUBTITLE))
        zh_version = catalogue.translate(f"Version {model.__version__}.").removesuffix("。")
        editions.append((zh_stage, html_dir / i18n.EDITION_DIR, "book.zh.pdf", zh_title, zh_version))
    out = ROOT / "_build" / "pdf"
    try:
        out.mkdir(parents=True, exist_ok=True)
        printed = print_editions([(stage_, out / name, version, title) for stage_, _, name, title, version in editions])
        for (_, edition_html, name, _, _), charts in zip(editions, printed, strict=True):
            with tempfile.NamedTemporaryFile(dir=edition_html, delete=False) as tmp:  # offered beside the HTML book
                tmp.write((out / name).read_bytes())
            os.chmod(tmp.name, 0o644)  # readable like the rest of the book (a temporary file is created 0600)
            os.replace(tmp.name, edition_html / "book.pdf")
            size = (out / name).stat().st_size
            print(f"pdf: {out / name} ({size / 1e6:.1f} MB, {charts} charts)", flush=True)
    except PdfError as exc:
        print(f"make pdf: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("make pdf: interrupted; the PDFs already offered are unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # whatever Jupyter Book or Chromium raise: one line, not a traceback
        print(f"make pdf: error: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m tools.pdf")
