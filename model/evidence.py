"""The evidence rules: when a source may support or contradict a claim, and why not when it may not.

A source decides a claim only when all four conditions hold:

1. **metric**: it measures the same quantity as the claim (a non-performing-loan ratio is
   not a bad-debt rate);
2. **subject**: of the same subject (a whole bank is not one of its products); a rule
   decides for the subjects it covers; a figure that is an upper bound for a subject (a
   bank's customers include each of its products' customers) decides only a check that uses
   it as an upper bound;
3. **period**: for a comparable period: a periodic figure within
   ``max_figure_gap_years`` of the claim's date, a standing fact reported within
   ``max_standing_age_years``, a rule in force at the claim's date;
4. **confidence**: at ``decisive_confidence`` or better.

A check may add a fifth failure, **states**: the source's figure only contains the
claim's (a product's overall range holds a tier's range) and so does not state it; that
is never support. :func:`assess` returns which conditions failed, in words a reader can
check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from model.assumptions import Assumptions
from model.references import Confidence, Reference


class Condition(StrEnum):
    """A condition a source must meet to decide a claim."""

    METRIC = "metric"
    SUBJECT = "subject"
    PERIOD = "period"
    CONFIDENCE = "confidence"
    STATES = "states"


@dataclass(frozen=True)
class Assertion:
    """What a claim measures: a metric, of a subject, as of a date; ``trend`` for a claim that states a trend."""

    metric: str
    subject: str
    #: None until the judgement ``article_date`` dates a claim the registry leaves undated (see ``CheckContext.asserts``).
    as_of: dt.date | None
    trend: bool = False


@dataclass(frozen=True)
class Assessment:
    """How one source measures up to one claim: the conditions it fails, and why."""

    reference: str
    confidence: str
    failed: tuple[Condition, ...]
    reasons: tuple[str, ...]

    @property
    def decisive(self) -> bool:
        """True when the source meets every condition and may decide the claim."""
        return not self.failed

    def but_only_contains(self, what: str) -> Assessment:
        """The same assessment with the *states* condition failed: the source only contains the claim."""
        return Assessment(
            self.reference, self.confidence, (*self.failed, Condition.STATES), (*self.reasons, f"only contains it: {what}")
        )

    def summary(self) -> str:
        """One line for the ledger, e.g. ``webank_npl_2021: decides`` or the failed conditions."""
        if self.decisive:
            return f"{self.reference}: decides"
        return f"{self.reference}: " + "; ".join(self.reasons)


def _years_later(day: dt.date, years: int) -> dt.date:
    """The same day of the year ``years`` later (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def years_between(a: dt.date, b: dt.date) -> float:
    r"""Calendar years from one date to another, as a positive number.

    Whole years count from anniversary to anniversary, and the days left over as a share of
    the year they fall in, so that two year-end figures lie exactly one year apart, whatever
    the length of the year between them.

    Notes
    -----
    With ``a <= b``, ``n`` the whole years with ``A_n = a + n years <= b``:

    .. math:: \text{years}(a, b) = n + \frac{b - A_n}{A_{n+1} - A_n}

    (differences in days). An average year of 365.25 days put one year-end 0.9993 years
    from the next and made a source's gap of one year look shorter than a year.

    Examples
    --------
    >>> years_between(dt.date(2022, 12, 31), dt.date(2023, 12, 31))
    1.0
    >>> years_between(dt.date(2023, 12, 31), dt.date(2021, 12, 31))
    2.0
    >>> round(years_between(dt.date(2023, 6, 30), dt.date(2023, 12, 31)), 4)  # 184 of the 366 days to 2024-06-30
    0.5027
    """
    early, late = min(a, b), max(a, b)
    whole = late.year - early.year
    if _years_later(early, whole) > late:
        whole -= 1
    start, end = _years_later(early, whole), _years_later(early, whole + 1)
    return whole + (late - start).days / (end - start).days


def period_gap(ref: Reference, as_of: dt.date) -> float:
    """Years between what the source describes and the claim's date (0 for a rule in force; inf if undated)."""
    if ref.as_of is None:
        return float("inf")
    if ref.period_kind == "in_force":
        return 0.0 if ref.as_of <= as_of else years_between(ref.as_of, as_of)
    return years_between(ref.as_of, as_of)


def period_limit(ref: Reference, assumptions: Assumptions) -> float:
    """The largest gap in years the assumptions allow for this kind of source."""
    if ref.period_kind == "figure":
        return assumptions.max_figure_gap_years
    if ref.period_kind == "standing":
        return assumptions.max_standing_age_years
    return 0.0


def assess(ref: Reference, claim: Assertion, assumptions: Assumptions, *, as_upper_bound: bool = False) -> Assessment:
    """Assess one source against one claim under the assumptions.

    Parameters
    ----------
    ref : Reference
        The source.
    claim : Assertion
        What the claim measures, of whom, as of when.
    assumptions : Assumptions
        Uses ``decisive_confidence``, ``max_figure_gap_years`` and ``max_standing_age_years``, and for
        a later source of a trend the judgement ``trend_sources``.
    as_upper_bound : bool
        The check uses the source's figure only as an upper bound of the claim's subject's.

    Returns
    -------
    Assessment
        The failed conditions with a reason for each; none when the source decides.

    Examples
    --------
    >>> from model.params import default_assumptions
    >>> from model.references import reference
    >>> claim = Assertion("bad-debt rate", "微粒贷 (Weilidai)", dt.date(2023, 12, 31))
    >>> [c.value for c in assess(reference("webank_npl_2021"), claim, default_assumptions()).failed]
    ['metric', 'subject', 'period']
    """
    if claim.as_of is None:
        raise ValueError("an assertion is dated before it is assessed (CheckContext.asserts dates it)")
    as_of = claim.as_of
    failed: list[Condition] = []
    reasons: list[str] = []
    if ref.metric != claim.metric:
        failed.append(Condition.METRIC)
        reasons.append(f"other metric ({ref.metric}, not {claim.metric})")
    if not (ref.applies_to(claim.subject) or (as_upper_bound and ref.bounds_above(claim.subject))):
        failed.append(Condition.SUBJECT)
        reasons.append(f"other subject ({ref.subject}, not {claim.subject})")
    gap = period_gap(ref, as_of)
    limit = period_limit(ref, assumptions)
    later_trend = claim.trend and ref.as_of is not None and ref.as_of > as_of and gap > limit
    # A later report of a trend: the judgement trend_sources says whether it may still show the trend.
    if later_trend and assumptions.trend_sources == "any later report":
        gap = 0.0
    if gap > limit:
        failed.append(Condition.PERIOD)
        if ref.as_of is None:
            reasons.append(f"undated (its period cannot be compared with {as_of.isoformat()})")
        elif ref.period_kind == "in_force":
            reasons.append(f"not yet in force ({ref.as_of.isoformat()}, after {as_of.isoformat()})")
        else:
            reasons.append(
                f"other period ({ref.as_of.isoformat()}, {gap:.1f} years from {as_of.isoformat()}; "
                f"at most {limit:g} year{'' if limit == 1 else 's'})"
            )
    needed = Confidence(assumptions.decisive_confidence)
    if ref.confidence.rank < needed.rank:
        failed.append(Condition.CONFIDENCE)
        reasons.append(f"confidence {ref.confidence.value}, below the {needed.value} required")
    return Assessment(ref.id, ref.confidence.value, tuple(failed), tuple(reasons))
