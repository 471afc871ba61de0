"""The article under study: its text, its sections and the loader for its tables.

The text is ``data/article.txt``, a byte-for-byte copy of the seed article. Sections are
keyed ``title``, ``intro`` and the article's own numerals ``一`` to ``八``.

Run ``python -m model.article`` to print each section with its length in characters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import cache
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from model import cli
from model.errors import ModelInputError, from_validation_error
from model.loaders import DATA_DIR, load_yaml

RowModel = TypeVar("RowModel", bound=BaseModel)

ARTICLE_PATH = DATA_DIR / "article.txt"
#: SHA-256 of the seed article; an edited copy is refused on load.
ARTICLE_SHA256 = "aa845ef440766c882535b5b903a28d736301b14f94b7b736bf1840e1315e767d"
SECTION_IDS: tuple[str, ...] = ("title", "intro", "一", "二", "三", "四", "五", "六", "七", "八")
SECTION_TITLES_EN: dict[str, str] = {
    "title": "Title",
    "intro": "Introduction",
    "一": "I. Basic opening conditions",
    "二": "II. Step-by-step opening process",
    "三": "III. Credit-assessment indicators compared",
    "四": "IV. Credit-line and interest-rate model",
    "五": "V. Key influencing factors",
    "六": "VI. Special cases and their solutions",
    "七": "VII. Risk-control mechanism",
    "八": "VIII. Competitors and strategic positioning",
}
_HEADING = re.compile(r"^([一二三四五六七八])、", re.MULTILINE)


@cache
def article_text() -> str:
    """Return the article's full text, after checking its SHA-256.

    Raises
    ------
    ModelInputError
        If ``data/article.txt`` is not the seed article.
    """
    raw = ARTICLE_PATH.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != ARTICLE_SHA256:
        raise ModelInputError(str(ARTICLE_PATH), f"the seed article (sha256 {ARTICLE_SHA256[:12]}…)", digest[:12])
    return raw.decode("utf-8")


@cache
def sections() -> dict[str, str]:
    """Split the article into its sections.

    Returns
    -------
    dict of str to str
        Section id to the section's text, headings included, in reading order.

    Examples
    --------
    >>> list(sections())[:3]
    ['title', 'intro', '一']
    >>> sections()['title']
    '微信版借呗怎么开通(微粒贷开通方法)'
    """
    text = article_text()
    title, _, rest = text.partition("\n")
    starts = [(m.group(1), m.start()) for m in _HEADING.finditer(rest)]
    out = {"title": title.strip(), "intro": rest[: starts[0][1]].strip()}
    for (key, start), nxt in zip(starts, [*starts[1:], ("", len(rest))], strict=True):
        out[key] = rest[start : nxt[1]].strip()
    return out


def section_of(quote: str) -> list[str]:
    """Return the ids of the sections whose text contains ``quote`` verbatim."""
    return [key for key, body in sections().items() if quote in body]


@cache
def article_tables() -> dict[str, Any]:
    """Return ``data/article_tables.yaml``: the article's tables as typed records.

    Each record keeps a ``quote`` that must stand verbatim in the article.
    """
    tables = load_yaml(DATA_DIR / "article_tables.yaml")
    if not isinstance(tables, dict):
        raise ModelInputError("article_tables.yaml", "a mapping of table names to rows", type(tables).__name__)
    text = article_text()
    for name, rows in tables.items():
        for i, row in enumerate(rows):
            quote = row.get("quote", "")
            if not quote or quote not in text:
                raise ModelInputError(f"article_tables.yaml:{name}[{i}].quote", "a verbatim substring of the article", quote)
    return tables


def table_rows(name: str, model: type[RowModel]) -> tuple[RowModel, ...]:
    """One table of ``data/article_tables.yaml`` validated row by row against a pydantic model."""
    tables = article_tables()
    if name not in tables:
        raise ModelInputError("article_tables.yaml", f"a table named {name!r} (has {', '.join(tables)})", "none")
    rows = []
    for i, row in enumerate(tables[name]):
        try:
            rows.append(model.model_validate(row))
        except ValidationError as exc:
            raise from_validation_error(f"article_tables.yaml:{name}[{i}]", exc) from exc
    return tuple(rows)


class ArticleFigure(BaseModel):
    """One figure the article states, with the words that state it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    value: float
    unit: Literal["fraction", "points"]
    en: str
    quote: str


@cache
def article_figures() -> dict[str, ArticleFigure]:
    """The single figures the article states (``figures`` of ``data/article_tables.yaml``), by key."""
    return {f.key: f for f in table_rows("figures", ArticleFigure)}


def article_figure(key: str) -> float:
    """The value of one figure the article states.

    Examples
    --------
    >>> article_figure("share_below_threshold")
    0.82
    """
    figures = article_figures()
    if key not in figures:
        raise ModelInputError("article figure", f"one of {', '.join(figures)}", key)
    return figures[key].value


class ArticleDate(BaseModel):
    """A date the article's figures describe, with the reason it is read so."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    value: dt.date
    en: str
    quote: str


@cache
def article_as_of() -> dt.date:
    """The date the article's figures are read as describing (``dates`` of ``data/article_tables.yaml``).

    Examples
    --------
    >>> article_as_of().isoformat()
    '2023-12-31'
    """
    dates = {d.key: d for d in table_rows("dates", ArticleDate)}
    if "as_of" not in dates:
        raise ModelInputError("article_tables.yaml:dates", "a row with key 'as_of'", sorted(dates))
    return dates["as_of"].value


def main(argv: list[str] | None = None) -> int:
    """Print each section id, its English title and its length in characters."""
    cli.parser("python -m model.article", "Each section of the article: its id, length and English title.").parse_args(argv)
    for key, body in sections().items():
        print(f"{key:6} {len(body):5d} chars  {SECTION_TITLES_EN[key]}")
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.article")
