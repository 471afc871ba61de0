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
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from model import cli
from model.article_schema import ROW_KEYS, TABLE_ROWS, ArticleDate, ArticleFigure
from model.errors import ModelInputError, from_validation_error, one_of
from model.loaders import DATA_DIR, load_yaml, records_by_id, yaml_line

RowModel = TypeVar("RowModel", bound=BaseModel)

ARTICLE_PATH = DATA_DIR / "article.txt"
TABLES_FILE = "article_tables.yaml"
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
    """Return ``data/article_tables.yaml``: the article's tables as plain records, each validated.

    Every table named in :data:`model.article_schema.TABLE_ROWS` must be there as a list of
    rows that its schema accepts (types, ranges, orderings, figures the quote states), and each
    row's ``quote`` must stand verbatim in the article. A problem is one
    :class:`ModelInputError` naming the file, the line, the table, the row and the field.
    """
    path = DATA_DIR / TABLES_FILE
    tables = load_yaml(path)
    if not isinstance(tables, dict):
        raise ModelInputError(TABLES_FILE, "a mapping of table names to rows", type(tables).__name__)
    unknown = sorted(set(tables) - set(TABLE_ROWS))
    missing = [name for name in TABLE_ROWS if name not in tables]
    if unknown or missing:
        raise ModelInputError(TABLES_FILE, f"the tables {', '.join(TABLE_ROWS)}", f"unknown {unknown}, missing {missing}")
    text = article_text()
    for name, rows in tables.items():
        if not isinstance(rows, list) or not rows:
            raise ModelInputError(_where(path, (name,)), "a non-empty list of rows", type(rows).__name__)
        for i, row in enumerate(rows):
            try:
                TABLE_ROWS[name].model_validate(row)
            except ValidationError as exc:
                loc = tuple(exc.errors()[0]["loc"])
                raise from_validation_error(_where(path, (name, i, *loc), record=f"{name}[{i}]"), exc) from exc
            key_field = next(k for k in ROW_KEYS if k in row)
            if any(other.get(key_field) == row[key_field] for other in rows[:i]):
                raise ModelInputError(_where(path, (name, i, key_field)), "a key no other row of the table has", row[key_field])
            quote = row.get("quote", "")
            if quote not in text:
                raise ModelInputError(_where(path, (name, i, "quote")), "a verbatim substring of the article", quote)
    return tables


def _where(path: Path, location: tuple[str | int, ...], record: str = "") -> str:
    """``article_tables.yaml line 23, tiers[0].min_score``: the file, the line, the table, the row (and field)."""
    line = yaml_line(path, location)
    at = f" line {line}" if line else ""
    if record:  # the field is added by from_validation_error
        return f"{path.name}{at}, {record}"
    head, *rest = location
    return f"{path.name}{at}, {head}" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest)


def table_rows(name: str, model: type[RowModel]) -> tuple[RowModel, ...]:
    """One table of ``data/article_tables.yaml``, its rows as ``model`` records (already validated on load)."""
    tables = article_tables()
    if name not in tables:
        raise ModelInputError(TABLES_FILE, f"a table named {name!r} (has {', '.join(tables)})", "none")
    return tuple(model.model_validate(row) for row in tables[name])


PASSAGES_PATH = DATA_DIR / "passages.yaml"
_NUMBER_IN_TEXT = re.compile(r"\d+(?:\.\d+)?")


class Passage(BaseModel):
    """A passage of the article a chapter quotes whole (``data/passages.yaml``): its words and their English."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,40}$")
    zh: str = Field(min_length=2)
    en: str = Field(min_length=2)


@cache
def passages() -> dict[str, Passage]:
    """The quoted passages, validated: each stands in the article as written, and its English states no other number.

    Examples
    --------
    >>> passages()["bad_debt_sentence"].en
    'Data show that this system keeps the bad-debt rate below 0.8%, far below the industry average.'
    """
    out = records_by_id(load_yaml(PASSAGES_PATH), Passage, PASSAGES_PATH.name, "passage", path=PASSAGES_PATH)
    for p in out.values():
        if p.zh not in article_text():
            raise ModelInputError(f"{PASSAGES_PATH.name}:{p.id}.zh", "words that stand in data/article.txt as written", p.zh)
        extra = sorted(set(_NUMBER_IN_TEXT.findall(p.en)) - set(_NUMBER_IN_TEXT.findall(p.zh)))
        if extra:
            raise ModelInputError(f"{PASSAGES_PATH.name}:{p.id}.en", "only numbers the Chinese states", ", ".join(extra))
    return out


def passage(key: str) -> Passage:
    """One quoted passage by its id."""
    return one_of(passages(), key, "passage")


@cache
def article_figures() -> dict[str, ArticleFigure]:
    """The single figures the article states (``figures`` of ``data/article_tables.yaml``), by key."""
    return {f.key: f for f in table_rows("figures", ArticleFigure)}


def article_figure(key: str) -> float:
    """The value of one figure the article states.

    Examples
    --------
    >>> article_figure("users_below_550")
    0.82
    """
    return one_of(article_figures(), key, "article figure").value


def are_article_figures(**values: float) -> bool:
    """Whether every value given is the article's own figure of that name.

    Examples
    --------
    >>> are_article_figures(opening_success_2023=0.673, users_below_550=0.82), are_article_figures(opening_success_2023=0.7)
    (True, False)
    """
    return all(article_figure(key) == value for key, value in values.items())


def risk_factor(key: str) -> dict[str, Any]:
    """One influencing factor of section 五 (``factors`` of ``data/article_tables.yaml``), by its key.

    Examples
    --------
    >>> risk_factor("payments")["effect"]
    0.27
    """
    factors = article_tables()["factors"]
    for f in factors:
        if f["key"] == key:
            return dict(f)
    raise ModelInputError("factor", f"one of {', '.join(f['key'] for f in factors)}", key)


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
