"""The article's credit tiers (section 四): a classifier and a coverage analysis.

Units: Pay Score in points (300 to 850); assets and credit lines in yuan; daily rates as
fractions; interest-free periods in days.

Run ``python -m model.tiers`` for the coverage report, or
``python -m model.tiers 620 20000`` to classify one borrower (pay score, assets in yuan).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from model import cli
from model.article import table_rows
from model.article_schema import PAY_SCORE_MAX, PAY_SCORE_MIN, Tier
from model.errors import ModelInputError


@cache
def article_tiers() -> tuple[Tier, ...]:
    """The three tiers of section 四, validated."""
    return table_rows("tiers", Tier)


def validate_profile(pay_score: ArrayLike, assets_yuan: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Check a borrower profile: pay score within 300-850, assets finite and >= 0 yuan."""
    score = np.asarray(pay_score, dtype=np.float64)
    assets = np.asarray(assets_yuan, dtype=np.float64)
    bad = ~np.isfinite(score) | (score < PAY_SCORE_MIN) | (score > PAY_SCORE_MAX)
    if np.any(bad):
        raise ModelInputError("pay_score", f"a number from {PAY_SCORE_MIN} to {PAY_SCORE_MAX}", score[bad].flat[0].item())
    bad = ~np.isfinite(assets) | (assets < 0)
    if np.any(bad):
        raise ModelInputError("assets_yuan", "a finite amount >= 0 yuan", assets[bad].flat[0].item())
    return score, assets


@dataclass(frozen=True)
class TierMatch:
    """Which tiers one borrower falls in: ``gap`` (none), ``unique`` or ``overlap`` (several)."""

    pay_score: float
    assets_yuan: float
    tiers: tuple[str, ...]

    @property
    def status(self) -> str:
        """``gap``, ``unique`` or ``overlap``."""
        return {0: "gap", 1: "unique"}.get(len(self.tiers), "overlap")


def classify_borrower(pay_score: float, assets_yuan: float, tiers: tuple[Tier, ...] | None = None) -> TierMatch:
    """Return the tiers whose rules a borrower meets.

    Examples
    --------
    >>> classify_borrower(580, 0).tiers
    ('new',)
    >>> classify_borrower(650, 0).status
    'gap'
    >>> classify_borrower(720, 600_000).tiers
    ('premium', 'platinum')
    """
    validate_profile(pay_score, assets_yuan)
    tiers = article_tiers() if tiers is None else tiers
    return TierMatch(float(pay_score), float(assets_yuan), tuple(t.key for t in tiers if bool(t.matches(pay_score, assets_yuan))))


@dataclass(frozen=True)
class CoverageCell:
    """A rectangle of the (pay score, assets) plane where the same tiers apply.

    Scores run from ``score_lo`` to ``score_hi`` inclusive (points); assets from
    ``assets_lo`` (inclusive) to ``assets_hi`` (exclusive; ``inf`` for no bound), yuan.
    """

    score_lo: int
    score_hi: int
    assets_lo: float
    assets_hi: float
    tiers: tuple[str, ...]

    @property
    def status(self) -> str:
        """``gap``, ``unique`` or ``overlap``."""
        return {0: "gap", 1: "unique"}.get(len(self.tiers), "overlap")


@dataclass(frozen=True)
class TierCoverage:
    """How a set of tier rules covers the plane of pay scores (300-850) and assets."""

    cells: tuple[CoverageCell, ...]

    @property
    def gaps(self) -> tuple[CoverageCell, ...]:
        """Cells where no tier applies."""
        return tuple(c for c in self.cells if c.status == "gap")

    @property
    def overlaps(self) -> tuple[CoverageCell, ...]:
        """Cells where more than one tier applies."""
        return tuple(c for c in self.cells if c.status == "overlap")

    def uncovered_eligible_points(self, threshold: float, assets_yuan: float = 0.0) -> int:
        """Scores at or above ``threshold`` (those the eligibility rule admits) that no tier covers at these assets."""
        return sum(
            max(0, c.score_hi - max(c.score_lo, int(threshold)) + 1)
            for c in self.gaps
            if c.assets_lo <= assets_yuan < c.assets_hi
        )

    def uncovered_score_points(self, assets_yuan: float = 0.0) -> int:
        """How many integer pay scores no tier covers, for a borrower with these assets."""
        return sum(c.score_hi - c.score_lo + 1 for c in self.gaps if c.assets_lo <= assets_yuan < c.assets_hi)


def tier_coverage(tiers: tuple[Tier, ...] | None = None) -> TierCoverage:
    """Map the pay-score x assets plane to the tiers that apply, finding gaps and overlaps.

    Notes
    -----
    Asset bands are cut at every tier's asset minimum; within each band all integer scores
    300..850 are tested at once and runs of equal tier sets are merged into cells.

    Examples
    --------
    >>> cov = tier_coverage()
    >>> [(c.score_lo, c.score_hi) for c in cov.gaps]
    [(300, 549), (601, 699)]
    >>> cov.uncovered_score_points(0)
    349
    """
    tiers = article_tiers() if tiers is None else tiers
    cuts = sorted({0.0, *(t.min_assets_yuan for t in tiers if t.min_assets_yuan is not None)})
    bands = list(zip(cuts, [*cuts[1:], float("inf")], strict=True))
    scores = np.arange(PAY_SCORE_MIN, PAY_SCORE_MAX + 1)
    cells: list[CoverageCell] = []
    for lo, hi in bands:
        member = np.stack([t.matches(scores, lo) for t in tiers])  # (tiers, scores)
        change = np.flatnonzero(np.any(member[:, 1:] != member[:, :-1], axis=0)) + 1
        starts = np.concatenate([[0], change])
        ends = np.concatenate([change - 1, [scores.size - 1]])
        for s, e in zip(starts, ends, strict=True):
            names = tuple(t.key for t, m in zip(tiers, member[:, s], strict=True) if m)
            cells.append(CoverageCell(int(scores[s]), int(scores[e]), lo, hi, names))
    return TierCoverage(tuple(cells))


def main(argv: list[str] | None = None) -> int:
    """Print the coverage report, or classify one borrower."""
    parser = cli.parser("python -m model.tiers", "Tier coverage, or the tier of one borrower")
    parser.add_argument("pay_score", nargs="?", type=cli.number(PAY_SCORE_MIN, PAY_SCORE_MAX), help="WeChat Pay Score")
    parser.add_argument("assets_yuan", nargs="?", type=cli.number(0, 1e12), default=0.0, help="Licaitong assets, yuan")
    args = parser.parse_args(argv)
    if args.pay_score is not None:
        try:
            match = classify_borrower(args.pay_score, args.assets_yuan)
        except ModelInputError as exc:
            parser.exit(2, f"error: {exc}\n")
        print(f"{match.status}: {', '.join(match.tiers) or 'no tier'}")
        return 0
    for c in tier_coverage().cells:
        print(
            f"score {c.score_lo}-{c.score_hi}, assets {c.assets_lo:,.0f}-{c.assets_hi:,.0f} yuan: {c.status} {', '.join(c.tiers)}"
        )
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.tiers")
