"""Checks that combine statements of the article: the 550 threshold puzzle and the factor effects.

The introduction states a success rate for 2023 and the share of users below a Pay Score
threshold (其中支付分低于550分的用户占比达…); section 一 says a score at the threshold is
usually required. The stated figures are rows of ``data/article_tables.yaml`` (see
:func:`model.article.article_figure`); each reading of the sentence implies bounds, which this
module computes for any success rate and share, so that a book can explore other values
than the stated ones. Rates and shares are fractions; scores are points.

Run ``python -m model.consistency`` to print every reading with its bounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from model import cli
from model.article import article_figure
from model.article_schema import PAY_SCORE_MAX, PAY_SCORE_MIN
from model.errors import ModelInputError


def _fraction(name: str, value: float) -> float:
    if not (isinstance(value, (int, float)) and np.isfinite(value) and 0.0 <= value <= 1.0):
        raise ModelInputError(name, "a fraction from 0 to 1", value)
    return float(value)


@dataclass(frozen=True)
class ThresholdReading:
    """One reading of the success-rate, share-below and threshold statements, and what it implies.

    Attributes
    ----------
    key : str
        Short name of the reading.
    description : str
        The reading in words.
    strict : bool
        Whether the reading treats ≥550 as a hard requirement.
    bound_name : str
        What the bound limits, in words.
    bound : float
        The implied bound (a fraction), for example the highest success rate possible.
    stated : float
        The article's figure that the bound is held against.
    feasible : bool
        Whether the article's figures can all be true under this reading.
    plain : bool
        Whether the words allow the reading: 其中 ("among them") refers to people the
        sentence names, the applicants or those who opened a line; a reading that counts all
        WeChat users, or only the refused applicants, makes it count people it does not name.
    """

    key: str
    description: str
    strict: bool
    bound_name: str
    bound: float
    stated: float
    feasible: bool
    plain: bool = True


def threshold_readings(
    success_rate: float | None = None,
    share_below: float | None = None,
    pass_rate_above: float = 1.0,
    usually_share: float | None = None,
) -> tuple[ThresholdReading, ...]:
    """Bounds implied by each reading of the threshold sentences.

    Parameters
    ----------
    success_rate : float, optional
        Share of applications that succeed (default: the article's stated figure).
    share_below : float, optional
        Share of users below the threshold (default: the article's stated figure).
    pass_rate_above : float
        Assumed share of applicants at or above the threshold who pass (default 1: every one).
    usually_share : float, optional
        Share of applicants below the threshold that a rule applied "usually" still refuses;
        given, the soft reading's bound is held against ``1 - usually_share``, the most such a
        rule lets through (default: held against 1, what any rule allows).

    Returns
    -------
    tuple of ThresholdReading
        ``applicants_strict``: the share describes applicants and none below the threshold
        pass, so success is at most ``(1 - share_below) * pass_rate_above``.
        ``approved_strict``: the share describes approved users, impossible under a hard
        rule (the bound on that share is 0).
        ``applicants_soft``: the share describes applicants and some below pass; their pass
        rate must be at least ``(success - (1 - share) * pass_above) / share``, held against
        ``1 - usually_share`` (or, without it, the largest possible pass rate, 1).
        ``approved_soft``: the share describes approved users and some below pass; applicants
        below are at most ``1 - success * (1 - share) / pass_above`` of all, so their pass
        rate is at least ``success * share / (1 - success * (1 - share) / pass_above)``,
        held like ``applicants_soft``.
        ``refused_strict``: the share describes the refused applicants and none below pass;
        applicants below are ``share * (1 - success)``, so the pass rate needed at or above
        the threshold is ``success / (1 - share * (1 - success))``, at most ``pass_above``.
        ``population_selfselect``: the share describes all WeChat users and applicants are
        a different group; applicants at or above the threshold must be over-represented by
        ``success / pass_above / (1 - share)`` relative to the population.
        The last two are not plain readings (``plain`` is False): the sentence does not name
        the people they count.

    Notes
    -----
    Special cases: ``share_below = 0`` makes the soft reading's bound undefined (reported as
    0, feasible when success <= pass_above); ``pass_rate_above = 0`` makes the
    self-selection factor infinite.

    Examples
    --------
    >>> r = {x.key: x for x in threshold_readings()}
    >>> round(r['applicants_strict'].bound, 3), r['applicants_strict'].feasible
    (0.18, False)
    >>> round(r['applicants_soft'].bound, 4), r['applicants_soft'].feasible
    (0.6012, True)
    >>> {x.key: x for x in threshold_readings(usually_share=0.5)}['applicants_soft'].feasible  # more than half pass
    False
    >>> round(r['approved_soft'].bound, 4), round(r['refused_strict'].bound, 4), r['refused_strict'].feasible
    (0.6279, 0.9196, True)
    """
    s = _fraction("success_rate", article_figure("opening_success_2023") if success_rate is None else success_rate)
    b = _fraction("share_below", article_figure("users_below_550") if share_below is None else share_below)
    a = _fraction("pass_rate_above", pass_rate_above)
    let_through = 1.0 if usually_share is None else 1.0 - _fraction("usually_share", usually_share)
    max_strict = (1.0 - b) * a
    needed_below = (s - (1.0 - b) * a) / b if b > 0 else 0.0
    enrichment = s / a / (1.0 - b) if a > 0 and b < 1 else float("inf")
    below_most = 1.0 - s * (1.0 - b) / a if a > 0 else 0.0  # the largest share of applicants below, if approvals are
    needed_below_approved = s * b / below_most if below_most > 0 else float("inf")
    refused_below = b * (1.0 - s)
    needed_above_refused = s / (1.0 - refused_below) if refused_below < 1 else float("inf")
    return (
        ThresholdReading(
            "applicants_strict",
            "The share below describes applicants, and the rule is strict",
            True,
            "highest possible success rate",
            max_strict,
            s,
            s <= max_strict + 1e-12,
        ),
        ThresholdReading(
            "approved_strict",
            "The share below describes approved users, and the rule is strict",
            True,
            "highest possible share of approved users below the threshold",
            0.0,
            b,
            b <= 1e-12,
        ),
        ThresholdReading(
            "applicants_soft",
            "The share below describes applicants, and the rule is only usual",
            False,
            "lowest pass rate needed below the threshold",
            max(needed_below, 0.0),
            let_through,
            needed_below <= let_through + 1e-12,
        ),
        ThresholdReading(
            "approved_soft",
            "The share below describes approved users, and the rule is only usual",
            False,
            "lowest pass rate needed below the threshold",
            needed_below_approved,
            let_through,
            needed_below_approved <= let_through + 1e-12,
        ),
        ThresholdReading(
            "refused_strict",
            "The share below describes refused applicants, and the rule is strict",
            True,
            "pass rate needed at or above the threshold",
            needed_above_refused,
            a,
            needed_above_refused <= a + 1e-12,
            plain=False,
        ),
        ThresholdReading(
            "population_selfselect",
            "The share below describes all WeChat users; applicants self-select",
            True,
            "factor by which applicants at or above the threshold must be over-represented",
            enrichment,
            s,
            bool(np.isfinite(enrichment)) and s <= a,
            plain=False,
        ),
    )


def describe_factor(factor: float) -> str:
    """A self-selection factor in words a reader can use, including the degenerate cases.

    Examples
    --------
    >>> describe_factor(1.87)
    '1.87 times as common among applicants as in the population'
    >>> describe_factor(float("inf"))
    'more common among applicants than any finite factor allows: no self-selection can produce the stated figures'
    """
    if not np.isfinite(factor):
        return "more common among applicants than any finite factor allows: no self-selection can produce the stated figures"
    if factor == 0:
        return "absent from the applicants altogether"
    return f"{factor:.2f} times as common among applicants as in the population"


def threshold_readings_frame(**kwargs: Any) -> pd.DataFrame:
    """:func:`threshold_readings` as a table, one row per reading."""
    return pd.DataFrame([r.__dict__ for r in threshold_readings(**kwargs)])


def strict_threshold_feasible(**kwargs: Any) -> bool:
    """Whether any plain reading (one the words allow) with a strict ≥550 rule lets every stated figure be true at once."""
    return any(r.feasible for r in threshold_readings(**kwargs) if r.strict and r.plain)


@dataclass(frozen=True)
class ApplicantSimulation:
    """Result of :func:`simulate_applicants`: the population and its summary shares."""

    scores: np.ndarray
    approved: np.ndarray
    share_below: float
    success_rate: float
    share_below_among_approved: float


def simulate_applicants(
    n: int,
    score_mean: float,
    score_sd: float,
    *,
    threshold: float | None = None,
    pass_rate_above: float = 1.0,
    pass_rate_below: float = 0.0,
    seed: int = 0,
) -> ApplicantSimulation:
    """Simulate ``n`` applicants with normal Pay Scores clipped to 300-850 and a threshold rule.

    Applicants at or above ``threshold`` pass with probability ``pass_rate_above``; those
    below with ``pass_rate_below``. The same ``seed`` always gives the same population.

    Examples
    --------
    >>> sim = simulate_applicants(100_000, 475, 82, seed=1)
    >>> round(sim.share_below, 2), round(sim.success_rate, 2)
    (0.82, 0.18)
    """
    if not (isinstance(n, (int, np.integer)) and 1 <= n <= 10_000_000):
        raise ModelInputError("population_size", "a whole number from 1 to 10,000,000", n)
    if not (np.isfinite(score_sd) and score_sd > 0):
        raise ModelInputError("score_sd", "a number > 0 points", score_sd)
    if not (np.isfinite(score_mean) and PAY_SCORE_MIN <= score_mean <= PAY_SCORE_MAX):
        raise ModelInputError("score_mean", f"a number from {PAY_SCORE_MIN} to {PAY_SCORE_MAX} points", score_mean)
    above = _fraction("pass_rate_above", pass_rate_above)
    below = _fraction("pass_rate_below", pass_rate_below)
    cut = article_figure("pay_score_threshold") if threshold is None else threshold
    rng = np.random.default_rng(seed)
    scores = np.clip(np.rint(rng.normal(score_mean, score_sd, size=n)), PAY_SCORE_MIN, PAY_SCORE_MAX)
    is_below = scores < cut
    approved = rng.random(n) < np.where(is_below, below, above)
    n_approved = int(approved.sum())
    return ApplicantSimulation(
        scores=scores,
        approved=approved,
        share_below=float(is_below.mean()),
        success_rate=float(approved.mean()),
        share_below_among_approved=float((is_below & approved).sum() / n_approved) if n_approved else 0.0,
    )


@dataclass(frozen=True)
class UpliftReading:
    """A relative effect read as percent (×) or as percentage points (+), and the result."""

    key: str
    base: float
    effect: float
    result: float
    feasible: bool


def uplift_readings(base: float, effect: float) -> tuple[UpliftReading, UpliftReading]:
    """Read "raises X by effect" both as ``base * (1 + effect)`` and ``base + effect``.

    Both are fractions; a rate can be no more than 1, so each reading is feasible when its
    result is at most 1.

    Examples
    --------
    >>> [round(r.result, 4) for r in uplift_readings(0.673, 0.27)]
    [0.8547, 0.943]
    """
    b = _fraction("base", base)
    if not np.isfinite(effect):
        raise ModelInputError("effect", "a finite number", effect)
    rel = b * (1.0 + effect)
    pp = b + effect
    return (
        UpliftReading("percent", b, effect, rel, 0.0 <= rel <= 1.0),
        UpliftReading("percentage_points", b, effect, pp, 0.0 <= pp <= 1.0),
    )


def main(argv: list[str] | None = None) -> int:
    """Print every reading of the threshold statements with its bound."""
    cli.parser("python -m model.consistency", "Every reading of the threshold statements with the bound it implies.").parse_args(
        argv
    )
    print(threshold_readings_frame().to_string(index=False))
    print(f"any strict reading feasible: {strict_threshold_feasible()}")
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.consistency")
