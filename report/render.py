"""What the book's notebooks display: offline altair charts, tables, quotes, numbers.

Charts render to a ``<div>`` plus a call to ``vegaEmbed``; the Vega, Vega-Lite and
Vega-Embed libraries come from ``_static/vega-bundle.js``, which :mod:`tools.vega` writes
from the copy vl-convert-python ships, so no page loads anything from another host.
Element ids are derived from the chart's content, so the same parameters always give the
same outputs byte for byte (nbval compares them strictly).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
from collections.abc import Iterable
from typing import Any

import altair as alt
import pandas as pd

from model.article_schema import WeightRow
from report.names import parameter_value, reader_names, reader_words
from report.precision import formatted, portable

EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}


#: vega-embed's own labels of its action menu (its ``i18n`` option), as vega-embed writes them in English; the
#: Chinese edition passes their translations from the outputs catalogue.
EMBED_LABELS = {
    "CLICK_TO_VIEW_ACTIONS": "Click to view actions",
    "PNG_ACTION": "Save as PNG",
    "SVG_ACTION": "Save as SVG",
    "SOURCE_ACTION": "View Source",
    "COMPILED_ACTION": "View Compiled Vega",
    "EDITOR_ACTION": "Open in Vega Editor",
}


def chart_html(spec: dict[str, Any], chart_word: str = "Chart", labels: dict[str, str] | None = None) -> str:
    """HTML that draws a Vega-Lite spec with the locally served vega-embed.

    The spec must have a ``title`` and a ``description``; the description is the chart's
    text alternative (``aria-label`` of the container, and Vega's own ``aria-description``).
    ``chart_word`` begins the text shown without JavaScript (the Chinese edition's is 图表), and
    ``labels`` are vega-embed's menu labels (:data:`EMBED_LABELS` translated, in the Chinese edition).
    """
    if not spec.get("title") or not spec.get("description"):
        raise ValueError("every chart needs a title and a description (its text alternative)")
    payload = json.dumps(portable_spec(spec), sort_keys=True, ensure_ascii=False)
    options = json.dumps(EMBED_OPTIONS | ({"i18n": labels} if labels else {}), ensure_ascii=False)
    script_safe = script_data(payload)
    chart_id = "vl-" + hashlib.sha256(payload.encode()).hexdigest()[:12]
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    colon, stop = (": ", ". ") if chart_word.isascii() else ("：", "。")  # a Chinese chart word: Chinese punctuation
    return (
        f'<div class="vega-chart" id="{chart_id}" role="figure" aria-label="{html.escape(str(spec["description"]))}">'
        f"<noscript>{html.escape(chart_word)}{colon}{html.escape(str(title))}{stop}"
        f"{html.escape(str(spec['description']))}</noscript></div>\n"
        "<script>(function () {\n"
        f"  var spec = {script_safe};\n"
        f"  var draw = function () {{ vegaEmbed('#{chart_id}', spec, {options}).catch(console.error); }};\n"
        "  if (window.vegaEmbed) { draw(); } else { window.addEventListener('load', draw); }\n"
        "})();</script>"
    )


def portable_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with its floats rounded (:func:`report.precision.portable`) and its datasets named by their rounded values.

    altair names each inline dataset by a hash of its unrounded values (``data-<hash>``), so a
    processor's last bit would change the name even after the values are rounded.
    """
    rounded: dict[str, Any] = portable(spec)
    datasets = rounded.get("datasets") or {}
    if not datasets:
        return rounded
    digest = {old: hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest() for old, data in datasets.items()}
    names = {old: f"data-{hexdigest[:32]}" for old, hexdigest in digest.items()}
    text = json.dumps(rounded, sort_keys=True, ensure_ascii=False)
    for old, new in names.items():
        text = text.replace(json.dumps(old), json.dumps(new))
    renamed: dict[str, Any] = json.loads(text)
    return renamed


def script_data(payload: str) -> str:
    r"""JSON text made safe inside ``<script>``: every ``<`` written as ``\u003c``.

    The HTML standard ends script data at ``</script`` and lets ``<!--`` change how the rest is
    parsed, so a ``<`` in a data string (a tier's name, a quote) could swallow the page that
    follows. ``<`` can only occur inside JSON strings, where ``\u003c`` means the same character.

    >>> print(script_data('{"name": "<!--<script>"}'))
    {"name": "\u003c!--\u003cscript>"}
    """
    return payload.replace("<", "\\u003c")


def glue(name: str, value: Any, display: bool = False) -> None:
    """myst-nb's ``glue`` with every float rounded by :func:`report.precision.portable` first, and text in readers' words.

    A glued float is stored in the notebook as its ``repr``; unrounded, its last digits would
    differ between processors (numpy's vectorised kernels) and so would the committed outputs.
    """
    from myst_nb import glue as myst_glue

    myst_glue(name, portable(reader_words(value) if isinstance(value, str) else value), display=display)


def with_reader_words(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with every text value of its data in readers' words (:func:`report.names.reader_words`)."""

    def rows(values: Any) -> Any:
        if not isinstance(values, list):
            return values
        return [
            {k: reader_words(v) if isinstance(v, str) else v for k, v in row.items()} if isinstance(row, dict) else row
            for row in values
        ]

    out = dict(spec)
    if "datasets" in out:
        out["datasets"] = {name: rows(values) for name, values in out["datasets"].items()}
    if isinstance(out.get("data"), dict) and "values" in out["data"]:
        out["data"] = {**out["data"], "values": rows(out["data"]["values"])}
    return out


def offline_renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    """Altair renderer: HTML for the book (data in readers' words), a one-line text fallback."""
    spec = with_reader_words(spec)
    title = spec.get("title", "")
    title = title.get("text", "") if isinstance(title, dict) else title
    return {"text/html": chart_html(spec), "text/plain": f"<chart: {title}>"}


def book_theme() -> alt.theme.ThemeConfig:
    """The book's chart defaults: legends under the chart, so a narrow page never clips them."""
    return {"config": {"legend": {"orient": "bottom", "direction": "horizontal", "columns": 2, "labelLimit": 0}}}


def setup() -> None:
    """Enable the offline renderer, the book's chart theme and deterministic pandas display; call once per notebook."""
    alt.renderers.register("offline", offline_renderer)
    alt.renderers.enable("offline")
    alt.theme.register("book", enable=True)(book_theme)
    alt.data_transformers.disable_max_rows()
    pd.set_option("display.max_colwidth", None)


class HTML:
    """An HTML fragment the notebook displays as is (``text/html`` with a plain-text fallback)."""

    def __init__(self, markup: str, text: str) -> None:
        self.markup = markup
        self.text = text

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.markup, "text/plain": self.text}


def table(
    frame: pd.DataFrame,
    *,
    caption: str,
    table_id: str,
    formats: dict[str, str] | None = None,
    classes: Iterable[str] = (),
    headers: dict[str, str] | None = None,
    row_ids: str | None = None,
) -> HTML:
    """A plain, deterministic HTML table with a caption.

    Parameters
    ----------
    frame : DataFrame
        The rows; column names are code keys, kept in each cell's ``data-col``.
    caption, table_id : str
        The caption shown above the table and the table's element id.
    formats : dict, optional
        Column key to format spec.
    classes : iterable of str
        Extra classes of the table (``sortable``, ``ledger``).
    headers : dict, optional
        Column key to the heading a reader sees; every column must have one when given.
    row_ids : str, optional
        A column whose value becomes each row's ``id`` (a stable link, e.g. ``#C41``).
    """
    formats = formats or {}
    if headers is not None:
        missing = [c for c in frame.columns if c not in headers]
        if missing:
            raise ValueError(f"columns without a reader's heading: {missing}")
    names = headers or {c: str(c) for c in frame.columns}
    classes = tuple(classes)
    labelled = "ledger" in classes
    head = "".join(f'<th scope="col" data-col="{html.escape(str(c))}">{html.escape(names[c])}</th>' for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for col, value in zip(frame.columns, record, strict=True):
            no_figure = isinstance(value, float) and math.isnan(value)  # shown as a dash, not "nan"
            if no_figure:
                text = "—"
            elif col in formats:
                number = isinstance(value, int | float) and not isinstance(value, bool) and "." in formats[col]
                text = formatted(value, formats[col]) if number else format(portable(value), formats[col])
            else:
                text = str(portable(value))
            text = reader_words(text)  # a key of the code becomes the reader's name
            cls = f' class="verdict-{html.escape(text)}"' if col == "verdict" else ""
            label = f' data-label="{html.escape(names[col])}"' if labelled else ""  # printed, each cell names its column
            cells.append(f'<td data-col="{html.escape(str(col))}"{label}{cls}>{html.escape(text)}</td>')
        row_id = f' id="{html.escape(str(getattr(record, row_ids)))}"' if row_ids else ""
        rows.append(f"<tr{row_id}>" + "\n".join(cells) + "</tr>")  # whitespace between cells: the search index sees words
    cls = " ".join(["book-table", *classes])
    markup = (
        f'<table class="{cls}" id="{table_id}"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{chr(10).join(rows)}</tbody></table>"
    )
    return HTML(markup, f"<table: {caption}, {len(frame)} rows>")


def inline(text: str, css_class: str, title: str) -> HTML:
    """An inline ``<span>`` with a class and a tooltip, for glueing into prose with the ``{glue}`` role."""
    text, title = reader_words(text), reader_words(title)
    markup = f'<span class="{html.escape(css_class)}" title="{html.escape(title)}">{html.escape(text)}</span>'
    return HTML(markup, text)


def article_figure(text: str) -> HTML:
    """A figure the article states, marked as the article's (the page styles it; tests tell it from this copy's values)."""
    return inline(text, "article-figure", "as stated by the article")


def quote(zh: str, en: str) -> HTML:
    """A Chinese quote with its English rendering beside it."""
    markup = (
        f'<blockquote class="zh-quote"><p lang="zh-CN">{html.escape(zh)}</p>'
        f'<p class="en" lang="en">{html.escape(en)}</p></blockquote>'
    )
    return HTML(markup, f"{zh} / {en}")


def quoted_passage(key: str) -> HTML:
    """A passage of the article, quoted from ``data/passages.yaml`` with its English."""
    from model.article import passage

    p = passage(key)
    return quote(p.zh, p.en)


def weight_quote(row: WeightRow) -> HTML:
    """A row of the article's weight table, quoted, with its English."""
    return quote(row.quote, f"{row.factor_en}: {row.requirement_en}; weight {row.weight:.0%}")


def parameter_notice(namespace: dict[str, Any]) -> HTML | None:
    """A notice listing the parameters a chapter reads that differ from the defaults, or None for the default book.

    ``namespace`` is the notebook's ``globals()``: its parameters cell (with papermill's
    injected values) defines the parameters it reads.
    """
    from model.params import default_values, parameters_in

    defaults = default_values()
    changed = {k: v for k, v in parameters_in(namespace).items() if v != defaults[k]}
    if not changed:
        return None
    names = reader_names()
    rows = "".join(  # the reader's name, the value (a coded choice by its name), then the parameter's name for analysts
        f"<li>{html.escape(names[k])}: {html.escape(parameter_value(k, v))} "
        f"(default {html.escape(parameter_value(k, defaults[k]))}) <code>{html.escape(k)}</code></li>"
        for k, v in changed.items()
    )
    markup = (
        '<div class="admonition warning parameter-notice" role="note"><p class="admonition-title">'
        "Built with parameters other than the defaults</p>"
        f"<p>This chapter reads these parameters, set differently from the book's defaults:</p><ul>{rows}</ul></div>"
    )
    return HTML(markup, "Built with parameters other than the defaults: " + ", ".join(f"{k}={v}" for k, v in changed.items()))
