"""The Chinese edition: catalogues, the translation of notebook outputs, the edition's stage.

The English book is the source. The Chinese edition is built from the same executed
notebooks (no second execution) and published at ``_build/html/zh/``:

- **Prose** (the notebooks' Markdown, the generated pages) is translated by Sphinx's own
  gettext mechanism from per-page catalogues, ``book/locales/zh_CN/LC_MESSAGES/book/*.po``,
  kept up to date with ``sphinx-intl`` (``make translations``). A changed English sentence
  becomes a new message, and ``sphinx-intl update`` marks the old translation *fuzzy*:
  Sphinx then shows the English sentence, and the count of out-of-date messages says so.
- **Text produced by code** (chart titles, axes, legends, tooltips, table headers and cells,
  glued sentences, findings, verdict names) is translated from one keyed catalogue,
  ``book/locales/zh_CN/LC_MESSAGES/outputs.po``, whose message ids are the English texts as
  the notebooks output them. Numbers in a text are placeholders (``{0}``, ``{1}``…), so the
  same message serves every parameter value, and the numbers a Chinese page shows are the
  English page's numbers, character for character (an English date becomes
  2023年12月31日). A text no message matches stays English and is counted as untranslated.

``python -m tools.translate update`` extracts both kinds of message from the last build
(run ``make book`` first) and merges them into the catalogues; ``python -m tools.translate
check`` prints how many messages are translated, untranslated and out of date (exit 1 when any
is missing).
"""

from __future__ import annotations

import ast
import copy
import hashlib
import html
import itertools
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from tools.notebooks import ROOT

LANGUAGE = "zh_CN"
#: Where the edition is published, inside the English book.
EDITION_DIR = "zh"
LOCALE_DIR = Path("book") / "locales"
OUTPUTS_DOMAIN = "outputs"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{4})\b")
#: A number as the notebooks print it: 10,000 / 0.05% / -1.5 / 18.25% (not the 41 of claim C41).
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.,])[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?(?![A-Za-z0-9_])")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_VARIABLE = re.compile("|".join(p.pattern for p in (_ISO_DATE, _DATE, _NUMBER)))
_PLACEHOLDER = re.compile(r"\{(\d+)!?\}")
#: In a translation, ``{0*10}`` is the value times ten: 1.28 (billion) is 12.8 (亿), 711 (million) times 0.01 is 7.11 (亿).
_TRANSLATED_PLACEHOLDER = re.compile(r"\{(\d+)(?:\*(\d+(?:\.\d+)?|cn|yuan))?\}")
#: Parts of a text that stay as they are in both editions: links, claim and passage ids, code names, file names.
_KEPT = re.compile(
    r"https?://\S+|\b[CN]\d{2}\b|[A-Za-z]*_[A-Za-z0-9_]+|\b[\w.-]+\.(?:yml|yaml|csv|json|pdf|txt|bib)\b|`[^`]*`|\{[a-z:]+\}`[^`]*`"
)
_WORD = re.compile(r"[A-Za-z]{2,}")
_SECONDS = re.compile(r"(\d+(?:\.\d+)?) s")
#: A list of claim or passage ids as the code writes it (``C01, C02, C14``).
_ID_LIST = re.compile(r"[CN]\d{2}(?:, [CN]\d{2})+")
_LINKED_IDS = re.compile(r"(>[CN]\d{2}</a>), (?=<a [^>]*>[CN]\d{2}</a>)")
#: The parentheses around a finding's list of claims: the book's own, so full-width in Chinese （说法 C06）, with no
#: space before them (a full-width parenthesis carries its own).
_FINDING_CLAIMS = re.compile(r'[ \t]*(<span class="finding-claims">)\(((?:(?!</span>).)*)\)(</span>)', re.DOTALL)
#: An English full stop after a list item's claims in full-width brackets: Chinese ends the item with 。
_STOP_AFTER_CLAIMS = re.compile(r"(）</span>)\.(?=</li>)")
#: The space between two sentences across an element's end (a finding's title in bold, then why it matters): Chinese
#: sets none after a full-width stop (。 读者 reads as a gap).
_SPACE_AFTER_FULL_STOP = re.compile(
    r"([。！？；：](?:</(?:strong|em|b|span|a)>)*)[ \t]+(?=\S)|([”）](?:</(?:strong|em|b|span|a)>)*)[ \t]+(?=[\u4e00-\u9fff（“])"
)


class TranslationError(ValueError):
    """A catalogue that cannot be used, in one line naming the file and the message."""


def catalogue_dir(root: Path = ROOT) -> Path:
    """``book/locales/zh_CN/LC_MESSAGES`` of the tree at ``root``."""
    return root / LOCALE_DIR / LANGUAGE / "LC_MESSAGES"


def needs_translation(text: str) -> bool:
    """Whether ``text`` has English words once links, ids, code names and roles are set aside.

    Examples
    --------
    >>> needs_translation("Credit line (yuan)"), needs_translation("C41"), needs_translation("18.25%")
    (True, False, False)
    >>> needs_translation("https://example.org/a_b"), needs_translation("`loan_amount_yuan`")
    (False, False)
    """
    return bool(_WORD.search(_KEPT.sub(" ", text)))


def chinese_dates(text: str) -> str:
    """Dates as Chinese ones: ``31 December 2023`` and ``2023-12-31`` are ``2023年12月31日``, ``April 2022`` is ``2022年4月``.

    Examples
    --------
    >>> chinese_dates("13 April 2022, and December 2023, as of 2023-06-30")
    '2022年4月13日, and 2023年12月, as of 2023年6月30日'
    >>> chinese_dates("https://www.caixinglobal.com/2017-07-12/webank")
    'https://www.caixinglobal.com/2017-07-12/webank'
    """
    parts = re.split(r"(https?://\S+)", text)  # a link keeps its dates (caixinglobal.com/2017-07-12/...)
    for i in range(0, len(parts), 2):
        part = _DATE.sub(lambda m: f"{m[3]}年{MONTHS.index(m[2]) + 1}月{int(m[1])}日", parts[i])
        part = _ISO_DATE.sub(lambda m: f"{m[0][:4]}年{int(m[0][5:7])}月{int(m[0][8:10])}日", part)
        parts[i] = _MONTH_YEAR.sub(lambda m: f"{m[2]}年{MONTHS.index(m[1]) + 1}月", part)
    return "".join(parts)


def as_pattern(text: str) -> str:
    """A message id for ``text``: each number (and each date) becomes a numbered placeholder.

    Examples
    --------
    >>> as_pattern("Borrowing 10,000 yuan for 12 months on 13 April 2022 (2023-12-31), 1.5%")
    'Borrowing {0} yuan for {1} months on {2} ({3}), {4}'
    """
    count = 0

    def place(_: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"{{{count - 1}}}"

    escaped = text.replace("{", "{{").replace("}", "}}")
    return _VARIABLE.sub(place, escaped)


def chinese_numeral(value: str) -> str:
    """A whole number below 100 in Chinese numerals (article numbers: 第十六条); anything else as it is.

    Examples
    --------
    >>> [chinese_numeral(v) for v in ("6", "16", "20", "99", "100", "x")]
    ['六', '十六', '二十', '九十九', '100', 'x']
    """
    digits = "零一二三四五六七八九"
    if not value.isdigit() or not 0 < int(value) < 100:
        return value
    tens, ones = divmod(int(value), 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def chinese_amount(value: str) -> str:
    """An amount of yuan as Chinese writes it, with its unit: 20万元 from 10,000 up in whole hundreds (10亿元 from
    100,000,000 up in whole millions), else 5,000 元.

    The one rule of the Chinese edition for amounts (the article and the regulations write 20万元
    and 30万-100万元); a figure with cents or an odd amount keeps its digits.

    Examples
    --------
    >>> [chinese_amount(v) for v in ("200,000", "1,000,000", "15,000", "10,000", "5,000", "1,015.88", "12,345", "x")]
    ['20万元', '100万元', '1.5万元', '1万元', '5,000 元', '1,015.88 元', '12,345 元', 'x 元']
    >>> chinese_amount("1,000,000,000"), chinese_amount("150,000,000")
    ('10亿元', '1.5亿元')
    """
    try:
        amount = Decimal(value.replace(",", ""))
    except InvalidOperation:
        return f"{value} 元"
    if amount >= 100_000_000 and amount % 1_000_000 == 0:
        return f"{format((amount / 100_000_000).normalize(), 'f')}亿元"
    if amount >= 10_000 and amount % 100 == 0:
        return f"{format((amount / 10_000).normalize(), 'f')}万元"
    return f"{value} 元"


def _scaled(value: str, factor: str | None) -> str:
    """``value`` (a number as printed, maybe with thousands separators) times ``factor``, exactly; or as it is.

    The factor ``cn`` writes the number in Chinese numerals instead (:func:`chinese_numeral`), and
    ``yuan`` writes an amount with its unit as Chinese does (:func:`chinese_amount`).

    Examples
    --------
    >>> _scaled("1.28", "10"), _scaled("711", "0.01"), _scaled("1,000", None)
    ('12.8', '7.11', '1,000')
    """
    if factor is None:
        return value
    if factor == "cn":
        return chinese_numeral(value)
    if factor == "yuan":
        return chinese_amount(value)
    try:
        product = Decimal(value.replace(",", "")) * Decimal(factor)
    except InvalidOperation:
        return value
    text = format(product.normalize(), "f")
    return text


#: A literal text, or a placeholder: its number, or ``-1 - number`` for ``{N!}``, a value kept as it is (one word:
#: a scenario's or a check's name), which is not translated.
Piece = str | int


@dataclass(frozen=True)
class _Pattern:
    msgid: str
    msgstr: str
    pieces: tuple[Piece, ...]
    prefix: str


def _pieces(msgid: str) -> tuple[Piece, ...]:
    """A message id as literal texts and placeholder numbers (``{{`` and ``}}`` are literal braces)."""
    out: list[Piece] = []
    for i, part in enumerate(re.split(r"(?<!\{)\{(\d+!?)\}(?!\})", msgid)):
        if i % 2:
            out.append(-1 - int(part[:-1]) if part.endswith("!") else int(part))
        elif part:
            out.append(part.replace("{{", "{").replace("}}", "}"))
    return tuple(out)


#: The most ways of splitting one text a pattern tries (a safeguard: real patterns need a handful).
MAX_SPLITS = 500


def _splits(text: str, pieces: tuple[Piece, ...], pos: int = 0) -> Iterator[list[str]]:
    """Every way ``text[pos:]`` fills the placeholders of ``pieces``, each with at least one character, leftmost first.

    Examples
    --------
    >>> list(_splits("a; b; c", (0, "; ", 1)))
    [['a', 'b; c'], ['a; b', 'c']]
    """
    if not pieces:
        if pos == len(text):
            yield []
        return
    head, rest = pieces[0], pieces[1:]
    if isinstance(head, str):
        if text.startswith(head, pos):
            yield from _splits(text, rest, pos + len(head))
        return
    if not rest:
        if pos < len(text):
            yield [text[pos:]]
        return
    following = rest[0]
    ends = _occurrences(text, following, pos + 1) if isinstance(following, str) else iter(range(pos + 1, len(text)))
    for end in ends:
        for tail in _splits(text, rest, end):
            yield [text[pos:end], *tail]


def _occurrences(text: str, literal: str, start: int) -> Iterator[int]:
    index = text.find(literal, start)
    while index != -1:
        yield index
        index = text.find(literal, index + 1)


def _fill(template: str, values: dict[int, str]) -> str:
    """A translation with its placeholders replaced (``{0*10}`` scaled, see :func:`_scaled`)."""

    def one(match: re.Match[str]) -> str:
        return _scaled(values[int(match[1])], match[2])

    return _TRANSLATED_PLACEHOLDER.sub(one, template)


@dataclass
class OutputCatalogue:
    """The keyed catalogue of text produced by code: exact messages and messages with placeholders."""

    exact: dict[str, str] = field(default_factory=dict)
    patterns: list[_Pattern] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    missing: dict[str, int] = field(default_factory=dict)
    memo: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> OutputCatalogue:
        """Read ``outputs.po``: empty and fuzzy translations are left out (their texts count as untranslated)."""
        catalogue = cls()
        for message in _read_catalogue(path):
            if not message.id or not message.string or message.fuzzy:
                continue
            msgid, msgstr = str(message.id), str(message.string)
            wanted = sorted(set(_PLACEHOLDER.findall(msgid)))
            given = sorted({m[0] for m in _TRANSLATED_PLACEHOLDER.findall(msgstr)})
            if not set(given) <= set(wanted):  # a translation may leave out a number (the English gloss of a Chinese quote)
                raise TranslationError(
                    f"{path.name}: the translation of {msgid[:60]!r} may use only the placeholders {wanted}, not {given}"
                )
            if wanted:
                first = _pieces(msgid)[0]
                prefix = first if isinstance(first, str) else ""
                catalogue.patterns.append(_Pattern(msgid, msgstr, _pieces(msgid), prefix))
            else:
                catalogue.exact[msgid.replace("{{", "{").replace("}}", "}")] = msgstr.replace("{{", "{").replace("}}", "}")
        catalogue.patterns.sort(key=lambda p: -len(_PLACEHOLDER.sub("", p.msgid)))
        return catalogue

    def lookup(self, text: str) -> str | None:
        """The translation of ``text`` by an exact message, else by the most specific matching pattern, else None."""
        if text not in self.memo:
            self.memo[text] = self._lookup(text)
        return self.memo[text]

    def _lookup(self, text: str) -> str | None:
        if text in self.exact:
            self.used.add(text)
            return self.exact[text]
        for pattern in self.patterns:
            if not text.startswith(pattern.prefix):
                continue
            numbered = [p for p in pattern.pieces if isinstance(p, int)]
            for tried, parts in enumerate(_splits(text, pattern.pieces)):
                if tried >= MAX_SPLITS:
                    break
                pairs = list(zip(numbered, parts, strict=True))
                if any(n < 0 and v.split() != [v] for n, v in pairs):
                    continue  # a value kept as it is must be one word
                values = {(-1 - n if n < 0 else n): (v if n < 0 else self._part(v)) for n, v in pairs}
                if any(v is None for v in values.values()):  # a part no message translates: try another split
                    continue
                self.used.add(pattern.msgid)
                escaped = pattern.msgstr.replace("{{", "\0").replace("}}", "\1")
                translated = _fill(escaped, {k: str(v) for k, v in values.items()})
                return translated.replace("\0", "{").replace("\1", "}")
        if text[-1:].isalnum():  # a sentence quoted without its full stop (in a list of claims): the sentence's message
            sentence = self.lookup(text + ".")
            return sentence.removesuffix("。") if sentence is not None else None
        return None

    def _part(self, value: str) -> str | None:
        """A placeholder's value in Chinese: numbers and ids as they are (dates in Chinese), words only by a message."""
        dated = chinese_dates(value)
        if not needs_translation(dated):
            return dated
        return self.lookup(value)

    def translate(self, text: str) -> str:
        """``text`` in Chinese; a text with English words and no message stays as it is and is counted missing."""
        core = text.strip()
        seconds = _SECONDS.fullmatch(core)
        if seconds:  # an execution time: 2.5 s
            return text.replace(core, f"{seconds[1]} 秒")
        if _ID_LIST.fullmatch(core):  # a list of claim ids: Chinese separates them with 、
            return text.replace(core, "、".join(core.split(", ")), 1)
        if not core or not needs_translation(core):
            return chinese_dates(text)
        found = self.lookup(core)
        if found is None:
            self.missing[core] = self.missing.get(core, 0) + 1
            return text
        return text.replace(core, found, 1)


def _read_catalogue(path: Path) -> Catalog:
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=LANGUAGE, abort_invalid=True)
    except FileNotFoundError:
        return Catalog(locale=LANGUAGE)
    except Exception as exc:  # babel's PoFileError and decoding errors alike
        raise TranslationError(f"{path}: not a readable gettext catalogue ({type(exc).__name__}: {str(exc)[:120]})") from exc


# ---------------------------------------------------------------------------------------------
# Texts inside notebook outputs
# ---------------------------------------------------------------------------------------------

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
    for rows in (spec.get("datasets") or {}).values():
        for row in rows:
            for key, value in row.items():
                if isinstance(value, str) and needs_translation(value):
                    data_values.add(value)
                    row[key] = translate(value)
                elif key.endswith(BILLIONS) and isinstance(value, int | float) and not isinstance(value, bool):
                    row[key] = float(Decimal(repr(value)) * 10)  # billions of people: 亿 in Chinese

    def walk(node: Any, key: str | None = None, parent: dict[str, Any] | None = None) -> Any:
        if isinstance(node, dict):
            for k, v in list(node.items()):
                if k == "datasets":
                    continue
                node[k] = walk(v, k, node)
            if str(node.get("field", "")).endswith(BILLIONS) and isinstance(node.get("format"), str):
                node["format"] = in_yi(node["format"])
            return node
        if isinstance(node, list):
            if key in ("domain", "sort"):  # a scale's values and a sort order name data values: translated alike
                return [translate(v) if isinstance(v, str) and v in data_values else v for v in node]
            return [walk(v, key, parent) for v in node]
        if isinstance(node, str) and (key in _SPEC_TEXT_KEYS or (key == "name" and parent is not None and "input" in parent)):
            return translate(node)
        return node

    return walk(spec)


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
        from report.render import EMBED_LABELS_ZH, chart_html

        return chart_html(_translate_spec(spec, translate), chart_word="图表", labels=EMBED_LABELS_ZH)
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

    Code blocks, directives and labels are kept; a paragraph's lines are joined into one message.
    """
    out: list[str] = []
    in_code = False
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(translate(" ".join(line.strip() for line in paragraph)))
            paragraph.clear()

    for line in text.splitlines():
        if line.startswith("```"):
            flush()
            in_code = not in_code
            out.append(line)
        elif in_code or not line.strip() or line.startswith((":::", "(", "|---")):
            flush()
            out.append(line)
        elif heading := _HEADING.match(line):
            flush()
            out.append(heading[1] + translate(heading[2]))
        elif item := _ITEM.match(line):
            flush()
            out.append(item[1] + translate(item[2]))
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
        if name == "title":  # braced, so the style keeps its case (LPR, not lpr)
            chinese = known(value)
            return f"{match[1]}{{{chinese or value}}}{match[6]}" if not match[3] else match[0]
        if name == "year":  # 2015年 and 未注明日期, as the ledger names a source
            return f"{match[1]}{match[3]}{'未注明日期' if value == 'n.d.' else value + '年'}{match[5]}{match[6]}"
        value = translate(value)
        if name == "note":  # the style ends a note with its own full stop
            value = value.removesuffix("。")
        return f"{match[1]}{match[3]}{value}{match[5]}{match[6]}"

    return _BIB_FIELD.sub(field, _BIB_MONTH.sub("", text))  # months would print in English: the year is enough


#: What the Chinese edition's configuration translates besides the title and the footer: myst-nb's code toggles.
CONFIG_TEXTS = ("Show code cell {type}", "Hide code cell {type}")


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


# ---------------------------------------------------------------------------------------------
# The edition's stage and the prose catalogues
# ---------------------------------------------------------------------------------------------


@cache
def _catalogue_for(path: Path, digest: str) -> OutputCatalogue:
    return OutputCatalogue.load(path)


def output_catalogue(root: Path = ROOT) -> OutputCatalogue:
    """The outputs catalogue of the tree (read once per content), with fresh counters."""
    path = catalogue_dir(root) / f"{OUTPUTS_DOMAIN}.po"
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    loaded = _catalogue_for(path, digest)
    return OutputCatalogue(glossary_names() | loaded.exact, loaded.patterns)


def glossary_names() -> dict[str, str]:
    """The glossary's names of what the code keys (verdicts, methods, checks, assumptions, choices), English to Chinese."""
    from model.glossary import NAMED_KINDS, load_glossary

    return {t.en: t.zh for t in load_glossary().values() if t.kind in NAMED_KINDS}


def compiled_catalogues(root: Path = ROOT) -> dict[Path, bytes]:
    """Every prose catalogue compiled (``.mo``), by its path relative to ``book/locales``; fuzzy entries left out."""
    out: dict[Path, bytes] = {}
    base = root / LOCALE_DIR
    for po in sorted(catalogue_dir(root).rglob("*.po")):
        if po.name == f"{OUTPUTS_DOMAIN}.po":
            continue
        buffer = BytesIO()
        write_mo(buffer, _read_catalogue(po), use_fuzzy=False)
        out[po.relative_to(base).with_suffix(".mo")] = buffer.getvalue()
    return out


def _replace_once(text: str, old: str, new: str, what: str) -> str:
    if text.count(old) != 1:
        raise TranslationError(f"_config.yml: cannot set the Chinese edition's {what}: expected one {old.strip()!r}")
    return text.replace(old, new, 1)


def edition_config(config: str, translate: Callable[[str], str]) -> str:
    """The English ``_config.yml`` made the Chinese edition's: language, catalogues, title, footer and banner in Chinese."""
    title = re.search(r'^title: "(.*)"$', config, re.MULTILINE)
    footer = re.search(r'^  extra_footer: "(.*)"$', config, re.MULTILINE)
    author = re.search(r"^author: (.*)$", config, re.MULTILINE)
    if author is not None:
        config = config.replace(author.group(0), "author: " + json.dumps(translate(author.group(1)), ensure_ascii=False), 1)
    if title is None or footer is None:
        raise TranslationError("_config.yml: the Chinese edition needs a one-line quoted title and html.extra_footer")
    config = config.replace(title.group(0), "title: " + json.dumps(translate(title.group(1)), ensure_ascii=False), 1)
    config = config.replace(footer.group(0), "  extra_footer: " + json.dumps(translate(footer.group(1)), ensure_ascii=False), 1)
    announcement = re.search(r'^  announcement: (".*")$', config, re.MULTILINE)  # a scenario's book: its banner
    if announcement is not None:
        line = json.dumps(translate(json.loads(announcement.group(1))), ensure_ascii=False)
        config = config.replace(announcement.group(0), f"  announcement: {line}", 1)
    config = _replace_once(
        config,
        "    language: en\n",
        f"    language: {LANGUAGE}\n    locale_dirs: [{LOCALE_DIR.as_posix()}]\n    gettext_compact: false\n"
        "    gettext_auto_build: false\n    gettext_additional_targets: [index]\n",
        "language",
    )
    config = _replace_once(
        config, "    bibtex_default_style: plain\n", "    bibtex_default_style: plain_zh\n", "bibliography style"
    )
    config = _replace_once(
        config, "    bibtex_reference_style: author_year\n", "    bibtex_reference_style: author_year_zh\n", "citation style"
    )
    show, hide = (json.dumps(translate(text), ensure_ascii=False) for text in CONFIG_TEXTS)
    prompts = f"    nb_code_prompt_show: {show}\n    nb_code_prompt_hide: {hide}\n"
    return _replace_once(config, "    edition: en\n", f"    edition: {EDITION_DIR}\n{prompts}", "edition")


#: In the Chinese edition's stage: for each translated file, the digests of its English, of the translation's inputs
#: and of the translation, so a rebuild translates only what changed (nothing, when no text changed).
TRANSLATED_MANIFEST = Path(".translated.json")  # staged with the files (Sphinx's _build is wiped on a full rebuild)


def translation_key(root: Path = ROOT) -> str:
    """A digest of everything a translation depends on: the catalogues, the glossary and the translating code.

    The code is this module and every project module it imports, directly or not (found by reading the imports,
    as a notebook's are): a change to the glossary's loader or to the readers' names translates the edition again.
    """
    from tools.notebooks import module_closure, module_file

    digest = hashlib.sha256()
    inputs = [*sorted(catalogue_dir(root).rglob("*.po")), root / "data" / "glossary.yaml"]
    code = (module_file(name, root) for name in module_closure(frozenset({"tools.translate"})))
    inputs += [path for path in code if path is not None]
    for path in inputs:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    return digest.hexdigest()


def translatable(rel: Path) -> bool:
    """Whether a staged file (relative to the stage) has a Chinese version: notebooks, configuration, bibliography, pages."""
    return (
        rel.suffix == ".ipynb"
        or rel in (Path("_config.yml"), Path("data/references.bib"))
        or (rel.parent == Path("book") and rel.suffix == ".md" and rel.stem in GENERATED_PAGES)
    )


def _translated(rel: Path, english: bytes, catalogue: OutputCatalogue) -> bytes | None:
    """The Chinese edition's version of one staged file, or None for a file both editions share."""
    if rel.suffix == ".ipynb":
        notebook = translate_notebook(json.loads(english), catalogue.translate)
        return (json.dumps(notebook, ensure_ascii=False, indent=1) + "\n").encode()
    if rel == Path("_config.yml"):
        return edition_config(english.decode(), catalogue.translate).encode()
    if rel == Path("data/references.bib"):
        return translate_bibtex(english.decode(), catalogue.translate, catalogue.lookup).encode()
    if rel.parent == Path("book") and rel.suffix == ".md" and rel.stem in GENERATED_PAGES:
        return translate_markdown(english.decode(), catalogue.translate).encode()
    return None


def edition_files(wanted: dict[Path, bytes], stage: Path, zh_stage: Path, root: Path = ROOT) -> dict[Path, bytes]:
    """The Chinese edition's staged files from the English stage's: outputs translated, config and catalogues added.

    A file whose English and translation inputs are those of its staged translation (checked by
    digest against :data:`TRANSLATED_MANIFEST`) is reused as staged, not translated again.
    """
    key = translation_key(root)
    try:
        manifest = json.loads((zh_stage / TRANSLATED_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    manifest = manifest if isinstance(manifest, dict) else {}
    catalogue: OutputCatalogue | None = None
    files: dict[Path, bytes] = {}
    record: dict[str, list[str]] = {}
    for target, english in wanted.items():
        rel = target.relative_to(stage)
        if not translatable(rel):  # shared by both editions (styles, scripts, the Vega bundle, downloads)
            files[zh_stage / rel] = english
            continue
        english_digest = hashlib.sha256(english).hexdigest()
        entry, staged, content = manifest.get(str(rel)), zh_stage / rel, None
        if isinstance(entry, list) and entry[:2] == [english_digest, key] and staged.is_file():
            previous = staged.read_bytes()
            content = previous if hashlib.sha256(previous).hexdigest() == entry[2] else None  # an edited copy: again
        if content is None:
            catalogue = catalogue or output_catalogue(root)
            content = _translated(rel, english, catalogue) or english
        record[str(rel)] = [english_digest, key, hashlib.sha256(content).hexdigest()]
        files[zh_stage / rel] = content
    for rel, mo in compiled_catalogues(root).items():
        files[zh_stage / LOCALE_DIR / rel] = mo
    files[zh_stage / TRANSLATED_MANIFEST] = json.dumps(record, sort_keys=True).encode()
    return files


# ---------------------------------------------------------------------------------------------
# Updating and counting
# ---------------------------------------------------------------------------------------------


def _gettext_templates(stage: Path) -> Path:
    """Sphinx's gettext builder on a copy of the English stage; the folder of ``.pot`` files it wrote."""
    work = Path(tempfile.mkdtemp(prefix="book-gettext-"))
    copy_root = work / "stage"
    shutil.copytree(stage, copy_root, ignore=shutil.ignore_patterns("_build"))
    config = (copy_root / "_config.yml").read_text(encoding="utf-8")
    (copy_root / "_config.yml").write_text(
        config.replace(
            "    language: en\n", "    language: en\n    gettext_compact: false\n    gettext_additional_targets: [index]\n", 1
        )
    )
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "jupyter-book"),
            "build",
            str(copy_root),
            "--builder",
            "custom",
            "--custom-builder",
            "gettext",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        shutil.rmtree(work, ignore_errors=True)
        raise TranslationError(
            "Sphinx's gettext builder failed: " + (result.stderr or result.stdout).strip().splitlines()[-1][:200]
        )
    return copy_root / "_build" / "gettext"


@dataclass
class Counts:
    """How complete the Chinese edition is."""

    translated: int = 0
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    by_catalogue: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def missing(self) -> int:
        return len(self.untranslated) + len(self.fuzzy)


def prose_counts(pot_dir: Path, root: Path = ROOT, counts: Counts | None = None) -> Counts:
    """Count, page by page, the messages of the current English text against the catalogues."""
    counts = counts or Counts()
    for pot in sorted(pot_dir.rglob("*.pot")):
        domain = pot.relative_to(pot_dir).with_suffix("").as_posix()
        if pot.stem in GENERATED_PAGES:  # written by code: the outputs catalogue translates them
            continue
        po = {str(m.id): m for m in _read_catalogue(catalogue_dir(root) / f"{domain}.po") if m.id}
        done = untranslated = fuzzy = 0
        for message in _read_catalogue(pot):
            msgid = str(message.id)
            if not message.id or not needs_translation(msgid):
                continue
            entry = po.get(msgid)
            if entry is None or not entry.string:
                untranslated += 1
                counts.untranslated.append(f"{domain}: {msgid[:80]}")
            elif entry.fuzzy:
                fuzzy += 1
                counts.fuzzy.append(f"{domain}: {msgid[:80]}")
            else:
                done += 1
        counts.translated += done
        counts.by_catalogue[domain] = (done, untranslated, fuzzy)
    return counts


def page_texts(stage: Path) -> list[str]:
    """Every text with English words of the staged book's outputs and generated pages."""
    texts = [
        t for nb in sorted((stage / "book").glob("*.ipynb")) for t in output_texts(json.loads(nb.read_text(encoding="utf-8")))
    ]

    def collect(text: str) -> str:
        texts.append(text.strip())
        return text

    for name in GENERATED_PAGES:
        page = stage / "book" / f"{name}.md"
        if page.is_file():
            translate_markdown(page.read_text(encoding="utf-8"), collect)
    config = (stage / "_config.yml").read_text(encoding="utf-8")
    for pattern in (r'^title: "(.*)"$', r'^  extra_footer: "(.*)"$', r"^author: (.*)$"):
        found = re.search(pattern, config, re.MULTILINE)
        if found:
            texts.append(found.group(1))
    texts += list(CONFIG_TEXTS)
    bib = stage / "data" / "references.bib"
    if bib.is_file():
        translate_bibtex(bib.read_text(encoding="utf-8"), collect, lambda _: None)
    return [t for t in texts if needs_translation(t)]


def output_counts(stage: Path, root: Path = ROOT, counts: Counts | None = None) -> Counts:
    """Count the texts of outputs and generated pages the outputs catalogue translates and those it does not."""
    counts = counts or Counts()
    catalogue = output_catalogue(root)
    texts = page_texts(stage)
    for text in dict.fromkeys(texts):
        catalogue.translate(text)
    missing = sorted(catalogue.missing)
    counts.untranslated += [f"{OUTPUTS_DOMAIN}: {t[:80]}" for t in missing]
    fuzzy = [str(m.id) for m in _read_catalogue(catalogue_dir(root) / f"{OUTPUTS_DOMAIN}.po") if m.id and m.fuzzy]
    counts.fuzzy += [f"{OUTPUTS_DOMAIN}: {t[:80]}" for t in fuzzy]
    done = len(catalogue.used)
    counts.translated += done
    counts.by_catalogue[OUTPUTS_DOMAIN] = (done, len(missing), len(fuzzy))
    return counts


def _merge_outputs(texts: Iterable[str], root: Path) -> tuple[int, int]:
    """Add a message (numbers as placeholders) for every output text the catalogue does not translate; return (added, unused)."""
    path = catalogue_dir(root) / f"{OUTPUTS_DOMAIN}.po"
    catalogue = _read_catalogue(path)
    for message in [m for m in catalogue if m.id and not m.string]:  # listed again below if still needed
        catalogue.delete(message.id)
    current = output_catalogue(root)
    added = 0
    for text in dict.fromkeys(texts):
        if current.lookup(text) is None:
            msgid = as_pattern(text)
            if msgid not in catalogue:
                catalogue.add(msgid, "")
                added += 1
    # A message no output uses any more (its English changed, or its parts are not yet translated) is reported, not
    # dropped: the changed text itself is counted as untranslated until a message covers it again.
    unused = [m for m in catalogue if m.id and m.string and str(m.id) not in current.used and not m.fuzzy]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=100, sort_output=False, omit_header=False)
    return added, len(unused)


def stage_dir(root: Path = ROOT) -> Path:
    """The English book's stage of the last build."""
    return root / "_build" / "stage"


def update(root: Path = ROOT) -> str:
    """Merge the current English text into every catalogue; return a one-line summary."""
    from sphinx_intl import basic

    stage = stage_dir(root)
    if not (stage / "_config.yml").is_file():
        raise TranslationError(f"{stage} holds no staged book: run `make book` first")
    pot_dir = _gettext_templates(stage)
    for generated in GENERATED_PAGES:  # the outputs catalogue translates pages written by code
        for pot in pot_dir.rglob(f"{generated}.pot"):
            pot.unlink()
    try:
        basic.update(str(root / LOCALE_DIR), str(pot_dir), (LANGUAGE,), line_width=100)
    finally:
        shutil.rmtree(pot_dir.parent.parent.parent, ignore_errors=True)
    _fill_untranslatable(root)
    added, unused = _merge_outputs(page_texts(stage), root)
    return f"catalogues updated in {catalogue_dir(root).relative_to(root)}: {added} new output messages, {unused} unused"


def _fill_untranslatable(root: Path) -> None:
    """Messages without English words (roles, code, numbers) are their own translation."""
    for po in sorted(catalogue_dir(root).rglob("*.po")):
        if po.name == f"{OUTPUTS_DOMAIN}.po":
            continue
        catalogue = _read_catalogue(po)
        changed = False
        for message in catalogue:
            if message.id and not message.string and not needs_translation(str(message.id)):
                message.string = message.id
                changed = True
        if changed:
            with po.open("wb") as handle:
                write_po(handle, catalogue, width=100, omit_header=False)


def check(root: Path = ROOT) -> Counts:
    """Count translated, untranslated and out-of-date messages of the current English text."""
    stage = stage_dir(root)
    if not (stage / "_config.yml").is_file():
        raise TranslationError(f"{stage} holds no staged book: run `make book` first")
    pot_dir = _gettext_templates(stage)
    try:
        counts = prose_counts(pot_dir, root)
    finally:
        shutil.rmtree(pot_dir.parent.parent.parent, ignore_errors=True)
    return output_counts(stage, root, counts)


def main(argv: list[str] | None = None) -> int:
    """``update`` or ``check``; one line on a bad catalogue or a missing build."""
    from model import cli

    parser = cli.OneLineParser(prog="python -m tools.translate", description="The Chinese edition's catalogues.")
    parser.add_argument("command", choices=("update", "check"))
    parser.add_argument("--list", action="store_true", help="with check: list every missing message")
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            print(update())
            return 0
        counts = check()
    except TranslationError as exc:
        print(f"python -m tools.translate: error: {exc}", file=sys.stderr)
        return 2
    for domain, (done, untranslated, fuzzy) in counts.by_catalogue.items():
        print(f"{domain:28} {done:5} translated {untranslated:5} untranslated {fuzzy:4} out of date")
    print(f"total: {counts.translated} translated, {len(counts.untranslated)} untranslated, {len(counts.fuzzy)} out of date")
    if args.list:
        for line in counts.untranslated + counts.fuzzy:
            print("  " + line)
    return 1 if counts.missing else 0


if __name__ == "__main__":
    from model import cli

    cli.run(main, "python -m tools.translate")
