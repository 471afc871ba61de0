"""Translation of what the notebooks output: HTML, Vega-Lite specs, JSON-LD, Markdown, BibTeX and whole notebooks."""

from __future__ import annotations

import ast
import copy
import html
import itertools
import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from tools.i18n.patterns import (
    _FINDING_CLAIMS,
    _ISO_DATE,
    _LINKED_IDS,
    _SPACE_AFTER_FULL_STOP,
    _STOP_AFTER_CLAIMS,
    LANGUAGE,
    needs_translation,
)
from tools.i18n.typography import ranges_in_cells

_TEXT_NODE = re.compile(r">([^<>]+)<")


#: Attributes a reader sees or hears, and the ledger filters' values (matched against the translated cells).
_ATTRIBUTE = re.compile(r'\b(title|aria-label|data-value|data-label|placeholder)="([^"]*)"')


_ENGLISH_RENDERING = re.compile(r'<p class="en" lang="en">.*?</p>', re.DOTALL)


_SPEC = re.compile(r"(  var spec = )(.*?)(;\n  var draw)", re.DOTALL)


#: Keys of a Vega-Lite spec whose string values a reader sees.
_SPEC_TEXT_KEYS = frozenset({"title", "subtitle", "description", "text"})


def _translate_spec(spec: Any, translate: Callable[[str], str]) -> Any:
    """A Vega-Lite spec with its titles, descriptions, binding names and data labels translated.

    A data value is translated in every dataset and scale domain alike, so the scales still
    match the data; field names, expressions and formats are left alone.
    """
    spec = copy.deepcopy(spec)
    data_values: set[str] = set()
    temporal = _temporal_fields(spec)
    for rows in (spec.get("datasets") or {}).values():
        for row in rows:
            for key, value in row.items():
                if isinstance(value, str) and (needs_translation(value) or (_ISO_DATE.fullmatch(value) and key not in temporal)):
                    data_values.add(value)
                    row[key] = translate(value)  # a date shown as text (a tooltip) reads 2023年12月31日
                elif key.endswith(BILLIONS) and isinstance(value, int | float) and not isinstance(value, bool):
                    row[key] = float(Decimal(repr(value)) * 10)  # billions of people: 亿 in Chinese

    # A fold turns fields into values (a legend's series): the fields a calculation names for it are labels too.
    folded = {name for t in _transforms(spec) for name in t.get("fold", []) if isinstance(name, str) and needs_translation(name)}

    def walk(node: Any, key: str | None = None, parent: dict[str, Any] | None = None) -> Any:
        if isinstance(node, dict):
            for k, v in list(node.items()):
                if k == "datasets":
                    continue
                node[k] = walk(v, k, node)
            if "calculate" in node and node.get("as") in folded:
                node["as"] = translate(node["as"])
            if str(node.get("field", "")).endswith(BILLIONS) and isinstance(node.get("format"), str):
                node["format"] = in_yi(node["format"])
            return node
        if isinstance(node, list):
            if key in ("domain", "sort", "fold"):  # values a scale, a sort or a fold names: translated as the data are
                return [
                    translate(v) if isinstance(v, str) and (v in data_values or v in folded or needs_translation(v)) else v
                    for v in node
                ]
            return [walk(v, key, parent) for v in node]
        if isinstance(node, str) and (key in _SPEC_TEXT_KEYS or (key == "name" and parent is not None and "input" in parent)):
            return translate(node)
        return node

    return walk(spec)


def _temporal_fields(node: Any) -> set[str]:
    """The fields a spec encodes as time (a scale parses them as dates: their values must stay ISO dates)."""
    if isinstance(node, dict):
        found = {str(node["field"])} if "field" in node and (node.get("type") == "temporal" or "timeUnit" in node) else set()
        return found.union(*(_temporal_fields(v) for k, v in node.items() if k != "datasets"))
    if isinstance(node, list):
        return set().union(*(_temporal_fields(v) for v in node))
    return set()


def _transforms(spec: Any) -> Iterator[dict[str, Any]]:
    """Every transform of a spec, its layers and facets included."""
    if isinstance(spec, dict):
        for t in spec.get("transform", []):
            if isinstance(t, dict):
                yield t
        for k, v in spec.items():
            if k != "datasets" and isinstance(v, dict | list):
                yield from _transforms(v)
    elif isinstance(spec, list):
        for item in spec:
            yield from _transforms(item)


_JSON_LD = re.compile(r'(<script type="application/ld\+json">)(.*?)(</script>)', re.DOTALL)


#: Keys of a schema.org record whose text a reader reads: the finding and the verdict's name.
_JSON_LD_TEXT_KEYS = frozenset({"reviewBody", "alternateName"})


def translate_json_ld(payload: str, translate: Callable[[str], str]) -> str:
    """schema.org JSON-LD with its readers' texts translated and its language set to Chinese (the quotes stay as published).

    Examples
    --------
    >>> translate_json_ld('[{"inLanguage": "en", "reviewBody": "No.", "claimReviewed": "借呗"}]', lambda t: "不。")
    '[{"claimReviewed": "借呗", "inLanguage": "zh-CN", "reviewBody": "不。"}]'
    """
    from report.render import script_data

    def walk(node: Any, key: str | None = None) -> Any:
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if key == "inLanguage" and node == "en":
            return LANGUAGE.replace("_", "-")
        return translate(node) if isinstance(node, str) and key in _JSON_LD_TEXT_KEYS else node

    return script_data(json.dumps(walk(json.loads(payload)), ensure_ascii=False, sort_keys=True))


#: The suffix of a column or field that counts billions of people; the Chinese edition shows it in 亿 (ten times the
#: number, one decimal fewer): 1.343 billion is 13.43 亿.
BILLIONS = "_bn"


_BILLIONS_CELL = re.compile(r'(<td data-col="[^"]*' + BILLIONS + r'"[^>]*>)(-?\d+(?:\.\d+)?)(</td>)')


def in_yi(number_format: str) -> str:
    """A d3 number format for billions made one for 亿 (one decimal fewer: ``.3f`` is ``.2f``).

    Examples
    --------
    >>> in_yi(".3f"), in_yi(".1f"), in_yi(",.0f")
    ('.2f', '.0f', ',.0f')
    """
    return re.sub(r"\.(\d)f", lambda m: f".{max(int(m[1]) - 1, 0)}f", number_format)


def billions_as_yi(text: str) -> str:
    """A number of billions as printed (``1.343``) written in 亿 (``13.43``), exactly.

    Examples
    --------
    >>> billions_as_yi("1.343"), billions_as_yi("0.711"), billions_as_yi("1.280"), billions_as_yi("2")
    ('13.43', '7.11', '12.80', '20')
    """
    places = len(text.partition(".")[2])
    value = Decimal(text) * 10
    return f"{value:.{max(places - 1, 0)}f}"


def translate_html(markup: str, translate: Callable[[str], str]) -> str:
    """An output's HTML with its texts and text attributes translated (a chart's spec and JSON-LD inside, too)."""
    json_ld = _JSON_LD.search(markup)
    if json_ld:
        return _JSON_LD.sub(lambda m: m[1] + translate_json_ld(m[2], translate) + m[3], markup)
    spec_match = _SPEC.search(markup)
    if spec_match:
        spec = json.loads(spec_match.group(2).replace("<\\/", "</"))
        from report.render import EMBED_LABELS, chart_html

        labels = {key: translate(label) for key, label in EMBED_LABELS.items()}
        return chart_html(_translate_spec(spec, translate), chart_word=translate(CHART_WORD), labels=labels)
    markup = _ENGLISH_RENDERING.sub("", markup)  # a quote's English rendering: the Chinese edition shows the article's words

    def text_node(m: re.Match[str]) -> str:
        return ">" + html.escape(translate(html.unescape(m.group(1))), quote=False) + "<"

    def attribute(m: re.Match[str]) -> str:
        return f'{m.group(1)}="{html.escape(translate(html.unescape(m.group(2))))}"'

    translated = _TEXT_NODE.sub(text_node, _ATTRIBUTE.sub(attribute, markup))
    translated = _LINKED_IDS.sub(r"\1、", translated)  # linked claim ids, listed: C01、C02
    translated = _FINDING_CLAIMS.sub(r"\1（\2）\3", translated)
    translated = _STOP_AFTER_CLAIMS.sub(r"\1。", translated)
    translated = _SPACE_AFTER_FULL_STOP.sub(lambda m: m[1] or m[2], translated)
    translated = _BILLIONS_CELL.sub(lambda m: m[1] + billions_as_yi(m[2]) + m[3], translated)
    translated = ranges_in_cells(translated)
    return without_repeated_columns(translated) if 'class="book-table' in translated else translated


_CELL = re.compile(r'<t[dh][^>]*\bdata-col="([^"]*)"[^>]*>(.*?)</t[dh]>', re.DOTALL)


def without_repeated_columns(markup: str) -> str:
    """A table without a column whose cells all repeat the column before it.

    A table for English readers pairs a column in English with the article's Chinese (维度 beside
    Dimension, 中文 beside Method); translated, the two say the same, and the second is dropped.
    """
    head, _, body = markup.partition("<tbody>")
    order = list(dict.fromkeys(col for col, _ in _CELL.findall(head)))
    cells: dict[str, list[str]] = {}
    for col, text in _CELL.findall(body):
        cells.setdefault(col, []).append(text.strip())
    repeated = [b for a, b in itertools.pairwise(order) if cells.get(b) and cells.get(a) == cells.get(b)]
    for col in repeated:
        markup = re.sub(rf'\n?<t[dh][^>]*\bdata-col="{re.escape(col)}"[^>]*>.*?</t[dh]>', "", markup, flags=re.DOTALL)
    return markup


#: Pages the build writes from code (parameters, scenarios): translated by the outputs catalogue, numbers as placeholders.
GENERATED_PAGES = ("build_status", "scenarios")


_HEADING = re.compile(r"^(#{1,6} )(.*)$")


_ITEM = re.compile(r"^(- )(.*)$")


def translate_markdown(text: str, translate: Callable[[str], str]) -> str:
    """A generated Markdown page translated block by block: headings, list items, table cells, paragraphs, HTML.

    Code blocks, directives and labels are kept; a paragraph's lines, and a list item's with its
    indented continuation lines, are joined into one message.
    """
    out: list[str] = []
    in_code = False
    paragraph: list[str] = []
    item = ""  # the marker of the list item whose lines ``paragraph`` holds, else ""

    def flush() -> None:
        nonlocal item
        if paragraph:
            out.append(item + translate(" ".join(line.strip() for line in paragraph)))
            paragraph.clear()
        item = ""

    for line in text.splitlines():
        if item and not in_code and line.startswith("  ") and line.strip():  # a list item's wrapped line
            paragraph.append(line)
        elif line.startswith("```"):
            flush()
            in_code = not in_code
            out.append(line)
        elif in_code or not line.strip() or line.startswith((":::", "(", "|---")):
            flush()
            out.append(line)
        elif heading := _HEADING.match(line):
            flush()
            out.append(heading[1] + translate(heading[2]))
        elif marked := _ITEM.match(line):
            flush()
            item = marked[1]
            paragraph.append(marked[2])
        elif line.startswith("|"):
            flush()
            cells = line.strip().strip("|").split(" | ")
            out.append("| " + " | ".join(translate(c.strip()) for c in cells) + " |")
        elif line.startswith("<"):
            flush()
            out.append(translate_html(line, translate))
        else:
            paragraph.append(line)
    flush()
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


_BIB_FIELD = re.compile(r"^(  (author|title|note|year) = \{)(\{?)(.*?)(\}?)(\},?)$", re.MULTILINE)


_BIB_MONTH = re.compile(r"^  month = \w+,\n", re.MULTILINE)


def translate_bibtex(text: str, translate: Callable[[str], str], known: Callable[[str], str | None]) -> str:
    """The bibliography for the Chinese edition: publishers, notes and "n.d." translated, titles where a message exists.

    A title in English stays English unless the catalogue gives it a Chinese title (the Chinese
    titles of regulations, the Chinese-language pages); ``known`` looks a title up without
    counting it as missing.
    """

    def field(match: re.Match[str]) -> str:
        name, value = match[2], match[4]
        if name == "title":  # double-braced in references.bib, so the style keeps its case (LPR, not lpr)
            chinese = known(value)
            return f"{match[1]}{{{chinese or value}}}{match[6]}"
        if name == "year":  # 2015年 and 未注明日期, as the ledger names a source
            return f"{match[1]}{match[3]}{'未注明日期' if value == 'n.d.' else value + '年'}{match[5]}{match[6]}"
        value = translate(value)
        if name == "note":  # the style ends a note with its own full stop
            value = value.removesuffix("。")
        return f"{match[1]}{match[3]}{value}{match[5]}{match[6]}"

    return _BIB_FIELD.sub(field, _BIB_MONTH.sub("", text))  # months would print in English: the year is enough


#: What the Chinese edition's configuration translates besides the title and the footer: myst-nb's code toggles.
CONFIG_TEXTS = ("Show code cell {type}", "Hide code cell {type}")

#: The word that begins a chart's text without JavaScript (:func:`report.render.chart_html`).
CHART_WORD = "Chart"

#: Texts the book's Sphinx extension writes in the Chinese edition (tools/sphinx_i18n.py): the label of a
#: reference's address in the bibliography.
SPHINX_TEXTS = ("URL:",)


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _translate_plain_record(text: str, translate: Callable[[str], str]) -> str:
    """A glued value's ``text/plain``: a string's repr is translated, anything else is kept."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return repr(translate(value)) if isinstance(value, str) else text


def translate_notebook(notebook: dict[str, Any], translate: Callable[[str], str]) -> dict[str, Any]:
    """A copy of an executed notebook (as JSON) whose outputs are translated; its Markdown is left to Sphinx."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            for mime in list(data):
                if mime.endswith("text/html"):
                    data[mime] = translate_html(_joined(data[mime]), translate)
                elif mime == "application/papermill.record/text/plain":
                    data[mime] = _translate_plain_record(_joined(data[mime]), translate)
    return notebook


def output_texts(notebook: dict[str, Any]) -> list[str]:
    """Every text of a notebook's outputs a reader sees that has English words (what ``outputs.po`` must cover)."""
    seen: list[str] = []

    def collect(text: str) -> str:
        if text.strip() and needs_translation(text.strip()):
            seen.append(text.strip())
        return text

    translate_notebook(notebook, collect)
    return seen
