"""The schema of ``data/article_tables.yaml``: every table's rows with types, ranges, orderings and quotes.

Each row keeps the article's words that state it (``quote``). A typed figure must agree with
those words: :func:`figures_in_order` reads every number of a quote in the units the table uses
(``5万`` is 50,000; ``0.04%`` is 0.0004), and a row whose figure the quote does not state is
refused. A table of the wrong shape, a value out of range or a minimum above its maximum is
refused too, in one line naming the file, the line, the table, the row and the field.

Examples
--------
>>> figures_in_order("优质客户(支付分≥700) | 5万-20万元 | 0.02%-0.03% | 7天")
[700.0, 50000.0, 200000.0, 0.0002, 0.0003, 7.0]
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, ClassVar, Literal

import numpy as np
from annotated_types import Ge, Gt, Le
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel, ConfigDict, Field, model_validator

from model.errors import RECORD_KEYS

#: The range of WeChat Pay Score, in points.
PAY_SCORE_MIN = 300
PAY_SCORE_MAX = 850

Text = Annotated[str, Field(min_length=1, max_length=500)]
Fraction = Annotated[float, Ge(0), Le(1), Field(allow_inf_nan=False)]
#: A daily rate as a fraction: above 0 and at most 1% a day (3.65 a year), far beyond any lawful loan.
DailyRate = Annotated[float, Gt(0), Le(0.01), Field(allow_inf_nan=False)]
#: An amount in yuan: finite, positive, at most a hundred billion.
Yuan = Annotated[float, Gt(0), Le(1e11), Field(allow_inf_nan=False)]
Score = Annotated[int, Ge(PAY_SCORE_MIN), Le(PAY_SCORE_MAX)]

_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(%|万|亿)?")
_SCALE = {"%": 0.01, "万": 1e4, "亿": 1e8, "": 1.0}
#: Words of the article that state zero.
_ZERO_WORDS = ("无",)


def figures_in_order(words: str) -> list[float]:
    """The numbers of ``words`` in the order they stand, scaled by their unit (``%``, ``万``, ``亿``).

    Words that state zero (无) and hold no number give ``[0.0]``.
    """
    found = [float(f"{float(n) * _SCALE[unit]:.12g}") for n, unit in _NUMBER.findall(words)]
    return found or ([0.0] if any(word in words for word in _ZERO_WORDS) else [])


#: Where a row's figure stands: the field holding the words, ``#n`` a column, ``<``/``>`` the first/last number.
_QUOTE_PLACE = re.compile(r"(\w+)(?:#(\d+))?([<>])?")


class QuotedRow(BaseModel):
    """A row of an article table: its fields, and the article's words that state them.

    ``QUOTED`` maps a numeric field to where its figure stands: the field holding the words,
    optionally ``#n`` for the n-th column of a table row quoted as ``a | b | c`` (from 0), and
    ``<`` or ``>`` when the figure must be the first or the last number there (a range's
    minimum and maximum). Types are strict: ``"0.30"`` is text, not a weight.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    QUOTED: ClassVar[dict[str, str]] = {}

    @model_validator(mode="after")
    def _figures_are_quoted(self) -> QuotedRow:
        for name, where in self.QUOTED.items():
            value = getattr(self, name)
            if value is None:
                continue
            source, column, position = _QUOTE_PLACE.fullmatch(where).groups()  # type: ignore[union-attr]
            words = str(getattr(self, source))
            if column is not None:
                cells = words.split(" | ")
                words = cells[int(column)] if int(column) < len(cells) else ""
            numbers = figures_in_order(words)
            candidates = numbers[:1] if position == "<" else numbers[-1:] if position == ">" else numbers
            if not any(math.isclose(float(value), f, rel_tol=1e-9, abs_tol=1e-12) for f in candidates):
                place = f"column {int(column) + 1} of its {source}" if column is not None else f"its {source}"
                which = {"<": "the first figure", ">": "the last figure"}.get(position or "", "a figure")
                raise ValueError(f"{name} to be {which} of {place} ({words!r}), not {value}")
        return self


def _ordered(low: float | None, high: float | None, what: str) -> None:
    if low is not None and high is not None and low > high:
        raise ValueError(f"the {what}'s minimum at most its maximum, not {low} above {high}")


class WeightRow(QuotedRow):
    """One eligibility factor of section 一, its requirement and its weight (a fraction)."""

    QUOTED: ClassVar[dict[str, str]] = {"weight": "quote#2"}

    factor: Text
    factor_zh: Text
    factor_en: Text
    requirement_zh: Text
    requirement_en: Text
    weight: Annotated[float, Gt(0), Le(1), Field(allow_inf_nan=False)]
    kind: Literal["pass_fail", "threshold"]
    quote: Text


class ProcessStep(QuotedRow):
    """One step of the opening process of section 二."""

    step: Text
    stage: Text
    text_en: Text
    quote: Text


class IntroStage(QuotedRow):
    """One stage of opening the introduction names."""

    stage: Text
    zh: Text
    quote: Text


class AssessmentRow(QuotedRow):
    """One row of the comparison of credit assessment in section 三."""

    dimension: Text
    dimension_zh: Text
    alipay_jiebei: Text
    wechat_jiebei: Text
    bank_loan: Text
    quote: Text


class Tier(QuotedRow):
    """One row of the tier table of section 四: who qualifies and on what terms (score bounds inclusive)."""

    QUOTED: ClassVar[dict[str, str]] = {
        "min_score": "quote#0<",
        "max_score": "quote#0>",
        "min_assets_yuan": "quote#0<",
        "line_min_yuan": "quote#1<",
        "line_max_yuan": "quote#1>",
        "min_daily_rate": "quote#2<",
        "max_daily_rate": "quote#2>",
        "interest_free_days": "quote#3",
    }

    key: Text
    name_zh: Text
    name_en: Text
    min_score: Score | None
    max_score: Score | None
    min_assets_yuan: Yuan | None
    line_min_yuan: Yuan
    line_max_yuan: Yuan
    min_daily_rate: DailyRate
    max_daily_rate: DailyRate
    interest_free_days: Annotated[int, Ge(0), Le(366)]
    quote: Text

    @model_validator(mode="after")
    def _ordered_bounds(self) -> Tier:
        _ordered(self.min_score, self.max_score, "Pay Score range")
        _ordered(self.line_min_yuan, self.line_max_yuan, "credit line")
        _ordered(self.min_daily_rate, self.max_daily_rate, "daily rate")
        if self.min_score is None and self.max_score is None and self.min_assets_yuan is None:
            raise ValueError("a tier with a Pay Score bound or an asset floor")
        if self.max_score is not None and self.min_score is None:
            raise ValueError("a Pay Score range with its minimum as well as its maximum")
        return self

    def matches(self, pay_score: ArrayLike, assets_yuan: ArrayLike) -> NDArray[np.bool_]:
        """True where a (pay score, assets) profile meets this tier's rule (bounds inclusive)."""
        score = np.asarray(pay_score)
        assets = np.asarray(assets_yuan)
        ok = np.ones(np.broadcast_shapes(score.shape, assets.shape), dtype=bool)
        if self.min_score is not None:
            ok &= score >= self.min_score
        if self.max_score is not None:
            ok &= score <= self.max_score
        if self.min_assets_yuan is not None:
            ok &= assets >= self.min_assets_yuan
        return ok


class Factor(QuotedRow):
    """One influencing factor of section 五: its stated effect (a fraction, a count of grades, or none)."""

    QUOTED: ClassVar[dict[str, str]] = {"effect": "wording"}

    key: Text
    factor_en: Text
    effect: Annotated[float, Ge(0), Le(100), Field(allow_inf_nan=False)] | None
    target: Literal["approval_rate", "credit_line", "credit_line_growth_rate", "risk_grade", "permanent_rejection"]
    wording: Text
    quote: Text


class Platform(QuotedRow):
    """One column of the section 八 table."""

    QUOTED: ClassVar[dict[str, str]] = {"users_persons": "users_quote", "min_daily_rate": "quote<", "max_daily_rate": "quote>"}

    key: Text
    name_zh: Text
    name_en: Text
    #: Whose users the column's user figure counts (the app, not the loan): 12.8亿微信用户 are WeChat's.
    app_en: Text
    users_persons: Annotated[float, Gt(0), Le(1e10), Field(allow_inf_nan=False)]
    users_quote: Text
    min_daily_rate: DailyRate
    max_daily_rate: DailyRate
    scene_zh: Text
    quote: Text

    @model_validator(mode="after")
    def _ordered_rates(self) -> Platform:
        _ordered(self.min_daily_rate, self.max_daily_rate, "daily rate")
        return self


class ArticleFigure(QuotedRow):
    """One figure the article states, with the words that state it (a share is a fraction, a score in points)."""

    QUOTED: ClassVar[dict[str, str]] = {"value": "quote"}

    key: Text
    value: Annotated[float, Field(allow_inf_nan=False)]
    unit: Literal["fraction", "points"]
    en: Text
    quote: Text

    @model_validator(mode="after")
    def _in_range(self) -> ArticleFigure:
        low, high = (0, 1) if self.unit == "fraction" else (PAY_SCORE_MIN, PAY_SCORE_MAX)
        if not low <= self.value <= high:
            raise ValueError(f"a figure in {self.unit} from {low} to {high}, not {self.value}")
        return self


class ArticleDate(QuotedRow):
    """A date the article's figures describe, with the reason it is read so."""

    key: Text
    value: dt.date
    en: Text
    quote: Text


#: The field that names each row of a table; no two rows of a table share it.
ROW_KEYS = tuple(k for k in RECORD_KEYS if k != "id")

#: Each table of ``data/article_tables.yaml`` and the schema of its rows.
TABLE_ROWS: dict[str, type[QuotedRow]] = {
    "weights": WeightRow,
    "process_steps": ProcessStep,
    "intro_stages": IntroStage,
    "assessment": AssessmentRow,
    "tiers": Tier,
    "factors": Factor,
    "platforms": Platform,
    "figures": ArticleFigure,
    "dates": ArticleDate,
}
