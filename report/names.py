"""Readers' names for what the code names by key: checks, sources, assumptions and coded choices.

The model keys its records (``no_public_source``, ``jiebei_brand_ant``,
``max_standing_age_years``); a reader sees a name instead. The names live in data: the
glossary (``data/glossary.yaml``, kinds ``check``, ``assumption``, ``parameter``, ``choice``,
``repayment_method``) in English and Chinese, and each source's publisher and date in
``data/references.yaml``. :func:`reader_words` puts the names in place of the keys in a text
the model wrote; the Chinese edition translates the English names by the glossary.
"""

from __future__ import annotations

import re
import typing
from functools import cache

from model.assumptions import RegulatoryLine, assumption_names
from model.checks import CHECKS
from model.glossary import english_names
from model.params import BookParameters
from model.references import Reference, bib_authors, bib_years, load_references
from report.prose import series

__all__ = ["reader_names", "reader_words", "section_name", "source_name"]

#: A key of the code: lower-case words joined by underscores (what :func:`reader_words` looks for).
KEY = re.compile(r"(?<![\w-])(?:check:)?([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w-])")


def source_name(ref: Reference) -> str:
    """A source as a reader cites it: the author and year of its citation label (``n.d.`` when undated).

    The same words as the label of its citation on the pages (sphinxcontrib-bibtex's author-year
    style on ``data/references.bib``), so the ledger and the chapters name a source alike; a
    source without a BibTeX entry is named by its publisher, without the note in brackets.

    Examples
    --------
    >>> from model.references import reference
    >>> source_name(reference("wechat_mau_2023")), source_name(reference("weilidai_rate_range"))
    ('Tencent Holdings Limited, 2024', 'csaimall.com, n.d.')
    >>> source_name(reference("no_published_loan_cutoff"))
    "this book's search for a published loan cutoff"
    """
    if ref.publisher == "this book":
        return "this book's search " + ref.title.removeprefix("Sources searched ")
    author = bib_authors().get(ref.bibkey or "") or re.sub(r"\s*\([^)]*\)$", "", ref.publisher)
    return f"{author}, {bib_years().get(ref.bibkey or '', 'n.d.')}"


@cache
def reader_names() -> dict[str, str]:
    """Every key a page could otherwise show, with the reader's English name for it."""
    methods = BookParameters.model_fields["repayment_method"].annotation.__args__  # type: ignore[union-attr]
    return {
        **english_names("check", sorted(CHECKS)),
        **english_names("assumption", assumption_names()),
        **{
            name.removeprefix("parameter_"): reader
            for name, reader in english_names(
                "parameter", [f"parameter_{n}" for n in BookParameters.model_fields if n not in assumption_names()]
            ).items()
        },
        **english_names("choice", typing.get_args(RegulatoryLine)),
        **english_names("repayment_method", methods),
        **{ref_id: source_name(ref) for ref_id, ref in load_references().items()},
    }


def reader_words(text: str) -> str:
    """``text`` with each key of the code in it replaced by the reader's name (``check:`` by "check: ").

    A snake-case word that is not a known key is left as it is (a test of the published pages
    finds it).

    Examples
    --------
    >>> reader_words("check:user_base; wechat_mau_2023")
    'check: user count against a source; Tencent Holdings Limited, 2024'
    >>> reader_words("max_standing_age_years at 2.14 or less: unverifiable")
    'age limit in years for a standing fact at 2.14 or less: unverifiable'
    """
    names = reader_names()

    def name(match: re.Match[str]) -> str:
        key = match[1]
        if key not in names:
            return match[0]
        return ("check: " if match[0].startswith("check:") else "") + names[key]

    return KEY.sub(name, text)


def allowed_words(name: str) -> str:
    """What a parameter allows, as readers read its values: ``from 0% to 10%``, ``from 0 to 5 years``, ``either … or …``.

    Examples
    --------
    >>> allowed_words("agreement_tolerance"), allowed_words("max_figure_gap_years")
    ('from 0% to 10%', 'from 0 to 5 years')
    >>> allowed_words("threshold_rule"), allowed_words("brand_name_read_as")
    ('either strict or usual', "either the name of a product or a nickname for WeChat's loan")
    >>> allowed_words("decisive_confidence")
    'low, low-medium, medium, medium-high or high'
    """
    from model.params import BookParameters, numeric_bounds

    annotation = BookParameters.model_fields[name].annotation
    if typing.get_origin(annotation) is typing.Literal:
        values = [parameter_value(name, value) for value in typing.get_args(annotation)]
        return ("either " if len(values) == 2 else "") + series(values, "or")
    return "from " + range_words(name, *numeric_bounds(name))


def range_words(name: str, low: float, high: float) -> str:
    """Two values of a numeric parameter as a range, its unit once after the upper one: ``0 to 2.14 years``.

    Examples
    --------
    >>> range_words("implausible_share", 0.1, 0.667), range_words("max_standing_age_years", 0, 2.14)
    ('10% to 66.7%', '0 to 2.14 years')
    >>> range_words("misleading_user_ratio", 1, 3.56), range_words("implausible_share", 0.1, 0.1)
    ('1 to 3.56 times', '10%')
    """
    from model.params import PARAMETER_UNITS

    low_words, high_words = parameter_value(name, low), parameter_value(name, high)
    if low_words == high_words:  # a range of one value (a verdict that holds at one end alone)
        return high_words
    if name in PARAMETER_UNITS:  # the unit once, after the upper value
        low_words = low_words.split()[0]
    return f"{low_words} to {high_words}"


def parameter_value(name: str, value: object) -> str:
    """A parameter's value as a reader reads it: shares as percentages, money in yuan, a choice by its name.

    Numbers as :func:`model.params.value_text` writes them; a choice by its reader's name.

    Examples
    --------
    >>> parameter_value("success_rate", 0.673), parameter_value("max_figure_gap_years", 2.0)
    ('67.3%', '2 years')
    >>> parameter_value("threshold_rule", "usual"), parameter_value("regulatory_line", "four_times_lpr")
    ('usual', 'four times the LPR')
    """
    from model.params import value_text

    if isinstance(value, bool) or not isinstance(value, int | float):
        return reader_words(str(value))
    return value_text(name, value)


def section_name(section: str) -> str:
    """The short name of a part of the article in the ledger: its own numeral (一 to 八), else Title or Introduction.

    Examples
    --------
    >>> section_name("intro"), section_name("四")
    ('Introduction', '四')
    """
    from model.article import SECTION_TITLES_EN

    return SECTION_TITLES_EN[section] if section in ("title", "intro") else section


def passage_name(key: str) -> str:
    """A short passage of the article as a column name: its words with their English, ``支付宝借呗 (Alipay Jiebei)``."""
    from model.article import passage

    p = passage(key)
    return f"{p.zh} ({p.en})"
