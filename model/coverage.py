"""Every part of the article accounted for: each span is part of a claim or listed as not checkable.

The article is cut into spans a reader recognises: the title, section headings, sentences
of prose (ending in 。), list items, and the cells of each table, told apart as column
headers (a table's first row), row labels (a row's first cell) and table cells. A span is
*accounted for* when every character of it that carries meaning (letters, digits, Chinese
characters) lies inside the quote of some claim of ``data/claims.yaml`` or inside a passage
listed in ``data/not_checkable.yaml`` with a reason (a heading, advice, an opinion, a
question, a connective, an attribution that names no source). Table rules (``---|``) and
the cell separators are markup, not text.

Run ``python -m model coverage --format json|table``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from model.article import SECTION_IDS, article_text
from model.claims import quote_span, registry_records
from model.errors import ModelInputError
from model.loaders import DATA_DIR, load_yaml, records_by_id

NOT_CHECKABLE_PATH = DATA_DIR / "not_checkable.yaml"
_HEADING = re.compile(r"^[一二三四五六七八]、")
_SENTENCE_END = "。"


class SpanKind(StrEnum):
    """What sort of span of the article a piece of text is."""

    TITLE = "title"
    HEADING = "heading"
    SENTENCE = "sentence"
    LIST_ITEM = "list item"
    COLUMN_HEADER = "column header"
    ROW_LABEL = "row label"
    TABLE_CELL = "table cell"


class Reason(StrEnum):
    """Why a passage of the article is not checkable."""

    HEADING = "heading"
    ADVICE = "advice"
    OPINION = "opinion"
    QUESTION = "question"
    CONNECTIVE = "connective"
    ATTRIBUTION = "attribution"
    LABEL = "label"


class NotCheckable(BaseModel):
    """One passage of the article that no claim covers, and why it cannot be checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^N\d{2,3}$")
    text: str = Field(min_length=1)
    kind: Reason
    reason: str = Field(min_length=10)


@dataclass(frozen=True)
class Span:
    """One span of the article: where it is, what it is, and what accounts for it."""

    section: str
    kind: SpanKind
    text: str
    start: int
    end: int
    claims: tuple[str, ...]
    not_checkable: tuple[str, ...]
    reason: str
    unaccounted: str

    @property
    def accounted(self) -> bool:
        """True when no meaningful character of the span is left unaccounted for."""
        return not self.unaccounted

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready record: text, kind, section, offsets, claim ids, or the reason it is not checkable."""
        return {
            "text": self.text,
            "kind": self.kind.value,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "claims": list(self.claims),
            "not_checkable": list(self.not_checkable),
            "reason": self.reason,
            "accounted": self.accounted,
        }


def meaningful(char: str) -> bool:
    """Letters, digits and CJK characters carry meaning; spaces, punctuation and symbols do not.

    Examples
    --------
    >>> [meaningful(c) for c in "微5 ,|%"]
    [True, True, False, False, False, False]
    """
    return unicodedata.category(char)[0] in "LN"


def _section_of(offset: int, starts: list[tuple[int, str]]) -> str:
    current = "title"
    for start, key in starts:
        if offset >= start:
            current = key
    return current


def _table_cells(body: str, begin: int, header: bool) -> list[tuple[SpanKind, int, int]]:
    """The cells of one table row: column headers in the first row, else a row label and cells."""
    out = []
    cell_start = begin
    for i, cell in enumerate(body.split("|")):
        inner = cell.strip()
        if inner:
            s = cell_start + cell.index(inner)
            kind = SpanKind.COLUMN_HEADER if header else SpanKind.ROW_LABEL if i == 0 else SpanKind.TABLE_CELL
            out.append((kind, s, s + len(inner)))
        cell_start += len(cell) + 1
    return out


def segment(text: str | None = None) -> list[tuple[str, SpanKind, int, int]]:
    """Cut the article into spans: (section, kind, start, end) with offsets into the text."""
    text = article_text() if text is None else text
    spans: list[tuple[SpanKind, int, int]] = []
    offset = 0
    table_row = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        begin, stripped = offset, body.strip()
        offset += len(line)
        if not stripped:
            table_row = 0
            continue
        lead = len(body) - len(body.lstrip())
        if begin == 0:
            spans.append((SpanKind.TITLE, begin + lead, begin + len(body.rstrip())))
        elif _HEADING.match(stripped):
            spans.append((SpanKind.HEADING, begin + lead, begin + len(body.rstrip())))
            table_row = 0
        elif "|" in stripped:
            if set(stripped) <= set("-| "):
                continue  # the rule under a table's header row
            spans.extend(_table_cells(body, begin, header=table_row == 0))
            table_row += 1
        elif stripped.startswith("- "):
            s = begin + body.index(stripped) + 2
            spans.append((SpanKind.LIST_ITEM, s, begin + len(body.rstrip())))
            table_row = 0
        else:
            table_row = 0
            s = begin + lead
            for piece in re.finditer(rf"[^{_SENTENCE_END}]+{_SENTENCE_END}?", body[lead:]):
                chunk = piece.group(0)
                if chunk.strip():
                    spans.append((SpanKind.SENTENCE, s + piece.start(), s + piece.end()))
    headings = [(s, text[s]) for kind, s, _ in spans if kind is SpanKind.HEADING]
    first_heading = headings[0][0] if headings else len(text)
    out = []
    for kind, s, e in spans:
        section = "title" if kind is SpanKind.TITLE else ("intro" if s < first_heading else _section_of(s, headings))
        out.append((section, kind, s, e))
    return out


@cache
def not_checkable() -> dict[str, NotCheckable]:
    """The passages of ``data/not_checkable.yaml``, each verified to stand once in the article."""
    entries = records_by_id(
        load_yaml(NOT_CHECKABLE_PATH), NotCheckable, NOT_CHECKABLE_PATH.name, "not-checkable", path=NOT_CHECKABLE_PATH
    )
    text = article_text()
    for entry in entries.values():
        if text.count(entry.text) != 1:
            raise ModelInputError(f"not_checkable.yaml:{entry.id}.text", "a passage that stands once in the article", entry.text)
    return entries


def _intervals(passages: dict[str, str]) -> list[tuple[int, int, str]]:
    text = article_text()
    return [(text.index(p), text.index(p) + len(p), key) for key, p in passages.items()]


def coverage() -> tuple[Span, ...]:
    """Every span of the article with the claims and not-checkable passages that account for it.

    Examples
    --------
    >>> spans = coverage()
    >>> all(s.accounted for s in spans)
    True
    >>> next(s for s in spans if "0.8%" in s.text).claims
    ('C41', 'C42')
    """
    text = article_text()
    claimed = [(*quote_span(r), cid) for cid, r in registry_records().items()]
    entries = not_checkable()
    listed = _intervals({nid: n.text for nid, n in entries.items()})
    out = []
    for section, kind, s, e in segment(text):
        claims = tuple(cid for a, b, cid in claimed if a < e and b > s)
        passages = tuple(nid for a, b, nid in listed if a < e and b > s)
        covered = {i for a, b, _ in claimed + listed for i in range(max(a, s), min(b, e))}
        left = "".join(text[i] if i not in covered and meaningful(text[i]) else " " for i in range(s, e))
        reason = "; ".join(f"{entries[n].kind.value}: {entries[n].reason}" for n in passages)
        out.append(Span(section, kind, text[s:e], s, e, claims, passages, reason, " ".join(left.split())))
    if {sp.section for sp in out} - set(SECTION_IDS):
        raise AssertionError("a span outside the article's sections")
    return tuple(out)


def header_claims(spans: tuple[Span, ...] | None = None) -> frozenset[str]:
    """Ids of the claims that cover a column header or a row label of the article's tables."""
    spans = coverage() if spans is None else spans
    return frozenset(c for s in spans if s.kind in (SpanKind.COLUMN_HEADER, SpanKind.ROW_LABEL) for c in s.claims)


def coverage_counts(spans: tuple[Span, ...] | None = None) -> dict[str, int]:
    """How many spans there are, how many a claim covers, how many only a not-checkable passage, how many neither."""
    spans = coverage() if spans is None else spans
    return {
        "spans": len(spans),
        "claimed": sum(1 for s in spans if s.claims),
        "not_checkable_only": sum(1 for s in spans if not s.claims and s.accounted),
        "unaccounted": sum(1 for s in spans if not s.accounted),
        "not_checkable_passages": len(not_checkable()),
    }
