"""How the Chinese pages set what the catalogues mark: the article's words in mainland quotation marks, numerals and amounts."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

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
    """An amount of yuan as Chinese writes it, with its unit and no space: 20万元 from 10,000 up in whole hundreds
    (10亿元 from 100,000,000 up in whole millions), else its digits as the book's tables print them (5,000元).

    The one rule of the Chinese edition for amounts (the article and the regulations write 20万元
    and 30万-100万元); a figure with cents or an odd amount keeps its digits, grouped as in the
    tables beside it, so that a range reads 1,001.60至1,022.49元 and never mixes two styles.

    Examples
    --------
    >>> [chinese_amount(v) for v in ("200,000", "1,000,000", "15,000", "10,000", "5,000", "1,015.88", "12,345", "99", "x")]
    ['20万元', '100万元', '1.5万元', '1万元', '5,000元', '1,015.88元', '12,345元', '99元', 'x元']
    >>> chinese_amount("1,000,000,000"), chinese_amount("150,000,000")
    ('10亿元', '1.5亿元')
    """
    try:
        amount = Decimal(value.replace(",", ""))
    except InvalidOperation:
        return f"{value}元"
    if amount >= 100_000_000 and amount % 1_000_000 == 0:
        return f"{format((amount / 100_000_000).normalize(), 'f')}亿元"
    if amount >= 10_000 and amount % 100 == 0:
        return f"{format((amount / 10_000).normalize(), 'f')}万元"
    return f"{value}元"
