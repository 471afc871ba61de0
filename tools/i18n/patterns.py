"""The keyed catalogue of text produced by code: messages with numbered placeholders, matched and filled."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from tools.i18n.typography import chinese_amount, chinese_numeral, chinese_timestamps, mainland_quotes
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
#: A list of code spans (the packages on the status page): Chinese separates them with 、 too.
_CODE_LIST = re.compile(r"`[^`]+`(?:, `[^`]+`)+")


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
    #: Placeholders the translation follows with 年: each holds a number or a date, never a clause
    #: ('holobase.io, {0}' once took '2020: other metric …' for its {0} and wrote the 年 after the clause).
    numeric: frozenset[int] = frozenset()


#: A placeholder a translation follows with 年 (a year, or a number of years).
_BEFORE_YEAR = re.compile(r"\{(\d+)(?:\*[^}]*)?\}年")


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
                numeric = frozenset(int(n) for n in _BEFORE_YEAR.findall(msgstr))
                catalogue.patterns.append(_Pattern(msgid, msgstr, _pieces(msgid), prefix, numeric))
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
                if any(n in pattern.numeric and not _VARIABLE.fullmatch(v) for n, v in pairs):
                    continue  # a year is a number
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
        if _CODE_LIST.fullmatch(value):
            return value.replace("`, `", "`、`")
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
            return chinese_dates(chinese_timestamps(text))
        found = self.lookup(core)
        if found is None:
            self.missing[core] = self.missing.get(core, 0) + 1
            return text
        return text.replace(core, mainland_quotes(found), 1)


def _read_catalogue(path: Path) -> Catalog:
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=LANGUAGE, abort_invalid=True)
    except FileNotFoundError:
        return Catalog(locale=LANGUAGE)
    except Exception as exc:  # babel's PoFileError and decoding errors alike
        raise TranslationError(f"{path}: not a readable gettext catalogue ({type(exc).__name__}: {str(exc)[:120]})") from exc
