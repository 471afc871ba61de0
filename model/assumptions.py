"""The assumptions every verdict rests on: named, bounded, each with a one-line rationale.

A verdict is computed from the article, the references and these assumptions; change one
and the verdicts follow (``make book PARAMS=my.yml``). Their defaults live with the other
parameters in ``data/params.yml``; the allowed ranges and rationales are here.
:mod:`model.robustness` sweeps each over its allowed range.

Run ``python -m model params`` to list them with the other parameters.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ConfidenceLevel = Literal["low", "low-medium", "medium", "medium-high", "high"]
RegulatoryLine = Literal["window_guidance", "four_times_lpr"]
#: When the undated article's figures are read as describing, relative to the latest year it names.
ArticleDate = Literal["end of the year named", "middle of the year named", "end of the year after"]
#: Whether a source reported after the article's date may show a trend the article states.
TrendSources = Literal["within the gap for figures", "any later report"]
#: What the article's 用户 (users) of WeChat, Alipay and JD count.
PlatformUsers = Literal["a count the article does not define", "monthly active accounts"]
#: What the article's 坏账率 (bad-debt rate) may be held against.
BadDebt = Literal["bad-debt rate", "non-performing-loan ratio"]
#: How the article's 微信版借呗 is read: the name of a product, or a nickname for WeChat's loan.
BrandName = Literal["the name of a product", "a nickname for WeChat's loan"]


def _assumption(rationale: str, ge: float | None = None, le: float | None = None) -> Any:
    return Field(json_schema_extra={"kind": "assumption", "rationale": rationale}, ge=ge, le=le)


def _judgement(rationale: str) -> Any:
    """An assumption that is a reading, not a threshold: which wording means which measure, which date, which sources."""
    return Field(json_schema_extra={"kind": "assumption", "judgement": True, "rationale": rationale})


class Assumptions(BaseModel):
    """The thresholds and conventions that decide verdicts (defaults in ``data/params.yml``)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    agreement_tolerance: float = _assumption(
        "Two figures agree when they differ by at most this share of the reference figure; "
        "rounding in press reports is about 2%.",
        ge=0,
        le=0.1,
    )
    decisive_confidence: ConfidenceLevel = _assumption(
        "The least confidence a source needs to support or contradict a claim; below medium are anonymous aggregator pages."
    )
    max_figure_gap_years: float = _assumption(
        "A periodic figure (a ratio, a count of users) is comparable with a claim when it describes "
        "a date at most this many years away; such figures change from year to year.",
        ge=0,
        le=5,
    )
    max_standing_age_years: float = _assumption(
        "A standing fact (who owns a brand, what a score threshold is for) is comparable when it "
        "was reported at most this many years from the claim's date.",
        ge=0,
        le=15,
    )
    far_below_ratio: float = _assumption(
        "'Far below' (远低于) is read as less than this fraction of the figure compared with.", ge=0.25, le=1
    )
    implausible_share: float = _assumption(
        "A pass/fail legal condition is implausible as a weight when an applicant who fails it "
        "still reaches at least this share of the top score.",
        ge=0.1,
        le=1,
    )
    misleading_user_ratio: float = _assumption(
        "An app's users presented as a loan's user base mislead when they outnumber the lender's "
        "own customers by more than this factor.",
        ge=1,
        le=10,
    )
    pass_rate_above_threshold: float = _assumption(
        "Share of applicants at or above the 550 threshold who pass; passing them all is the "
        "reading most favourable to the article.",
        ge=0,
        le=1,
    )
    threshold_rule: Literal["strict", "usual"] = _assumption(
        "How 通常要求≥550分 ('usually required') is read: a strict rule nobody below passes, or a usual one that most below fail."
    )
    usually_share: float = _assumption(
        "Under a usual rule, at least this share of applicants below the threshold are refused "
        "('usually' read as more often than not).",
        ge=0.5,
        le=0.95,
    )
    days_per_year: Literal[360, 365] = _assumption(
        "Day-count convention for annualising daily rates; Chinese lenders quote 365, some banks 360."
    )
    regulatory_line: RegulatoryLine = _assumption(
        "The annual-rate line held against quoted rates: the supervisors' 24% window guidance, or "
        "the courts' cap of four times the one-year LPR, which binds private lenders, not licensed ones."
    )
    article_date: ArticleDate = _judgement(
        "The article gives no date; its latest figures name a year. They are read as of the end of that year, "
        "the middle of it, or the end of the year after, if the article was written a year later."
    )
    trend_sources: TrendSources = _judgement(
        "A source reported after the article's date shows a trend the article states only within the gap allowed "
        "for periodic figures, or at any later date, reading the trend as one that continued."
    )
    platform_users_read_as: PlatformUsers = _judgement(
        "The article's users of WeChat, Alipay and JD are a count it does not define, which no published count "
        "measures, or the monthly active accounts the platforms report."
    )
    brand_name_read_as: BrandName = _judgement(
        "微信版借呗 is read as the title's own parenthesis glosses it, a nickname for WeChat's loan 微粒贷 (a real "
        "loan under a rival's brand, misnamed rather than invented), or as the words say, the name of a Tencent "
        "product, which does not exist."
    )
    bad_debt_read_as: BadDebt = _judgement(
        "The article's bad-debt rate is that, loans written off as lost, or the non-performing-loan ratio banks "
        "report, which also counts loans that are late but not lost."
    )


def assumption_names() -> tuple[str, ...]:
    """The names of the assumptions, in declaration order."""
    return tuple(Assumptions.model_fields)


def is_judgement(name: str) -> bool:
    """Whether an assumption is a judgement (a reading of the article or of the sources), not a threshold.

    >>> is_judgement("platform_users_read_as"), is_judgement("agreement_tolerance")
    (True, False)
    """
    extra = Assumptions.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("judgement"))


def judgement_names() -> tuple[str, ...]:
    """The names of the judgements, in declaration order."""
    return tuple(n for n in assumption_names() if is_judgement(n))


#: Each claim metric a judgement may read otherwise, and the judgement that says how.
METRIC_JUDGEMENTS: dict[str, str] = {
    "platform users (a count the article does not define)": "platform_users_read_as",
    "bad-debt rate": "bad_debt_read_as",
}


def read_metric(metric: str, assumptions: Assumptions) -> str:
    """The metric a claim is held to measure under the judgements: its own, or the reading a judgement gives it.

    A judgement's first allowed value keeps the article's wording; another value names the
    measure of the sources the wording is then read as.

    >>> from model.params import default_assumptions
    >>> a = default_assumptions()
    >>> npl = a.model_copy(update={"bad_debt_read_as": "non-performing-loan ratio"})
    >>> read_metric("bad-debt rate", a), read_metric("bad-debt rate", npl)
    ('bad-debt rate', 'non-performing-loan ratio')
    """
    name = METRIC_JUDGEMENTS.get(metric)
    if name is None:
        return metric
    value = str(getattr(assumptions, name))
    return metric if value == typing.get_args(Assumptions.model_fields[name].annotation)[0] else value


#: How many days each reading of the article's date lies from the end of the year it names.
ARTICLE_DATE_OFFSETS: dict[str, int] = {
    "end of the year named": 0,
    "middle of the year named": -184,
    "end of the year after": 366,
}


def article_date(end_of_year_named: dt.date, reading: str) -> dt.date:
    """The date the article's figures are read as describing, under a reading of :data:`ArticleDate`.

    >>> end = dt.date(2023, 12, 31)
    >>> article_date(end, "middle of the year named"), article_date(end, "end of the year after")
    (datetime.date(2023, 6, 30), datetime.date(2024, 12, 31))
    """
    return end_of_year_named + dt.timedelta(days=ARTICLE_DATE_OFFSETS[reading])


def rationale(name: str) -> str:
    """The one-line rationale of an assumption."""
    extra = Assumptions.model_fields[name].json_schema_extra
    return str(extra["rationale"]) if isinstance(extra, dict) else ""
