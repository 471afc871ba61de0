"""How the Chinese pages set what the catalogues mark: the article's words in mainland quotation marks."""

from __future__ import annotations

import re

#: The catalogues mark the article's own words with 「」, so that a test can hold every such quote to the article;
#: the pages set them with the marks mainland publications use.
_QUOTE_MARKS = str.maketrans({"「": "“", "」": "”"})


def mainland_quotes(text: str) -> str:
    """A translation as the page shows it: the article's words, marked 「」 in the catalogues, in “”.

    Examples
    --------
    >>> mainland_quotes("「仅限线上消费分期」描述的是")
    '“仅限线上消费分期”描述的是'
    """
    return text.translate(_QUOTE_MARKS)


_TIMESTAMP = re.compile(r"\b(\d{4})-(\d\d)-(\d\d)T(\d\d:\d\d(?::\d\d)?)\b")


def chinese_timestamps(text: str) -> str:
    """An execution's ISO timestamp as Chinese writes a date and a time.

    Examples
    --------
    >>> chinese_timestamps("2026-12-03T08:54:51"), chinese_timestamps("2023-12-31")
    ('2026年12月3日 08:54:51', '2023-12-31')
    """
    return _TIMESTAMP.sub(lambda m: f"{m[1]}年{int(m[2])}月{int(m[3])}日 {m[4]}", text)


#: A table cell of the book's own that holds a range of figures alone (``500-5,000``, ``0.040%-0.050%``).
_RANGE_CELL = re.compile(r"(<td\b[^>]*>)(\d[\d,]*(?:\.\d+)?%?)-(\d[\d,]*(?:\.\d+)?%?)(</td>)")


def ranges_in_cells(markup: str) -> str:
    """Ranges that fill a table cell written with 至, as the catalogues write ranges in sentences.

    Only a cell holding the range alone: the article's own figures, quoted inside its text or its
    cells with their words, keep the hyphen it printed.

    Examples
    --------
    >>> ranges_in_cells('<td data-col="x">0.040%-0.050%</td><td>500-5,000</td><td>-4.7%</td><td>日利率0.02%-0.06%</td>')
    '<td data-col="x">0.040%至0.050%</td><td>500至5,000</td><td>-4.7%</td><td>日利率0.02%-0.06%</td>'
    """
    return _RANGE_CELL.sub(lambda m: f"{m[1]}{m[2]}至{m[3]}{m[4]}", markup)
