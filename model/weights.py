"""The eligibility weight table of section 一 and what follows from it.

Weights are fractions of a whole (0.30 is 30%). Each factor is read as met (1) or not (0),
so an applicant's score is the sum of the weights of the factors met, between 0 and the
table's total.

Run ``python -m model.weights`` to print the table, its total and the readings of the gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from model import cli
from model.article import article_figure, table_rows
from model.article_schema import PAY_SCORE_MAX, PAY_SCORE_MIN, WeightRow
from model.errors import ModelInputError

#: Months of consecutive WeChat Pay records the table asks for.
ACTIVITY_MONTHS = 6


@cache
def weight_table() -> tuple[WeightRow, ...]:
    """The rows of section 一, validated."""
    return table_rows("weights", WeightRow)


def weight_row(factor: str) -> WeightRow:
    """The row of one factor of the weight table.

    Examples
    --------
    >>> weight_row("pay_score").weight
    0.4
    """
    for row in weight_table():
        if row.factor == factor:
            return row
    raise ModelInputError("factor", f"one of {', '.join(r.factor for r in weight_table())}", factor)


def total_weight(rows: tuple[WeightRow, ...] | None = None) -> float:
    """Sum of the weights, as a fraction rounded to 12 decimals.

    Examples
    --------
    >>> total_weight()
    0.9
    """
    rows = weight_table() if rows is None else rows
    return round(sum(r.weight for r in rows), 12)


def missing_weight(rows: tuple[WeightRow, ...] | None = None) -> float:
    """The share of a whole (1.0) that the table leaves unassigned.

    Examples
    --------
    >>> missing_weight()
    0.1
    """
    return round(1.0 - total_weight(rows), 12)


def eligibility_score(real_name_verified: bool, pay_score: float, active_months: int) -> float:
    """Weighted eligibility score of one applicant, a fraction between 0 and the total weight.

    Parameters
    ----------
    real_name_verified : bool
        Whether identity verification passed.
    pay_score : float
        WeChat Pay Score, 300 to 850 points; the factor is met at 550 or more.
    active_months : int
        Consecutive months with WeChat Pay records, >= 0; the factor is met at 6 or more.

    Examples
    --------
    >>> eligibility_score(True, 600, 6)
    0.9
    >>> eligibility_score(False, 600, 6)
    0.6
    """
    if not PAY_SCORE_MIN <= pay_score <= PAY_SCORE_MAX:
        raise ModelInputError("pay_score", f"a number from {PAY_SCORE_MIN} to {PAY_SCORE_MAX}", pay_score)
    if active_months < 0:
        raise ModelInputError("active_months", "a whole number >= 0", active_months)
    met = {
        "real_name": real_name_verified,
        "pay_score": pay_score >= article_figure("pay_score_threshold"),
        "activity": active_months >= ACTIVITY_MONTHS,
    }
    return round(sum(r.weight for r in weight_table() if met[r.factor]), 12)


@dataclass(frozen=True)
class MissingShareReading:
    """One way to read a weight table that does not add up to 100%."""

    key: str
    description: str
    weights: dict[str, float]


def missing_share_readings(rows: tuple[WeightRow, ...] | None = None) -> tuple[MissingShareReading, ...]:
    """What the missing share could mean, each reading with the weights it implies.

    Returns, in order: an unlisted factor holding the missing share; the weights as
    relative, rescaled to sum to 1; and, for each listed factor, a typo that took the whole
    missing share from it.

    Examples
    --------
    >>> [r.key for r in missing_share_readings()][:2]
    ['unlisted_factor', 'rescaled']
    >>> round(missing_share_readings()[1].weights['pay_score'], 4)
    0.4444
    """
    rows = weight_table() if rows is None else rows
    base = {r.factor: r.weight for r in rows}
    gap = missing_weight(rows)
    total = total_weight(rows)
    out = [
        MissingShareReading(
            "unlisted_factor", f"a fourth, unnamed factor carries the missing {gap:.0%}", {**base, "unlisted": gap}
        ),
        MissingShareReading(
            "rescaled", "the weights are relative and must be divided by their total", {k: v / total for k, v in base.items()}
        ),
    ]
    for r in rows:
        out.append(
            MissingShareReading(
                f"typo_{r.factor}",
                f"{r.factor_en} should read {r.weight + gap:.0%}",
                {**base, r.factor: round(r.weight + gap, 12)},
            )
        )
    return tuple(out)


def pass_fail_share_of_maximum(rows: tuple[WeightRow, ...] | None = None) -> float:
    """The score an applicant who fails every pass/fail condition can still reach, as a share of the maximum.

    A legal precondition such as real-name verification cannot be traded off against other
    factors; under a weighted score it can.

    Examples
    --------
    >>> round(pass_fail_share_of_maximum(), 4)
    0.6667
    """
    rows = weight_table() if rows is None else rows
    kept = sum(r.weight for r in rows if r.kind != "pass_fail")
    return kept / total_weight(rows)


def main(argv: list[str] | None = None) -> int:
    """Print the table, its total and the readings of the missing share."""
    cli.parser("python -m model.weights", "The weight table, its total and the readings of the missing share.").parse_args(argv)
    for r in weight_table():
        print(f"{r.factor_zh:6} {r.weight:5.0%}  {r.requirement_en}")
    print(f"total {total_weight():.0%}, missing {missing_weight():.0%}")
    for reading in missing_share_readings():
        shares = ", ".join(f"{k} {v:.1%}" for k, v in reading.weights.items())
        print(f"- {reading.key}: {reading.description} ({shares})")
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.weights")
