"""The assumptions every verdict rests on: named, bounded, each with a one-line rationale.

A verdict is computed from the article, the references and these assumptions; change one
and the verdicts follow (``make book PARAMS=my.yml``). Their defaults live with the other
parameters in ``data/params.yml``; the allowed ranges and rationales are here.
:mod:`model.robustness` sweeps each over its allowed range.

Run ``python -m model params`` to list them with the other parameters.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ConfidenceLevel = Literal["low", "low-medium", "medium", "medium-high", "high"]
RegulatoryLine = Literal["window_guidance", "four_times_lpr"]


def _assumption(rationale: str, ge: float | None = None, le: float | None = None) -> Any:
    return Field(json_schema_extra={"kind": "assumption", "rationale": rationale}, ge=ge, le=le)


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
        "Share of applicants at or above the 550 threshold who pass; 1 (all of them) is the "
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
        "the courts' cap of four times the one-year LPR."
    )


def assumption_names() -> tuple[str, ...]:
    """The names of the assumptions, in declaration order."""
    return tuple(Assumptions.model_fields)


def rationale(name: str) -> str:
    """The one-line rationale of an assumption."""
    extra = Assumptions.model_fields[name].json_schema_extra
    return str(extra["rationale"]) if isinstance(extra, dict) else ""
