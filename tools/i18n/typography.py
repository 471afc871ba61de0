"""How the Chinese pages set what the catalogues mark: the article's words in mainland quotation marks."""

from __future__ import annotations

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
