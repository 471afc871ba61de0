"""Chapter 4's page elements other than charts: the tiers quoted and tabled, the example loan's methods compared."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model import rates, tiers
from model.article_schema import Tier
from report.prose import bullet_explained, interest_free_period, series, value_range
from report.render import HTML, quote


def tier_quote(t: Tier) -> HTML:
    """One row of the article's tier table, quoted, with its English."""
    return quote(
        t.quote,
        f"{t.name_en}: lines {t.line_min_yuan:,.0f}-{t.line_max_yuan:,.0f} yuan, "
        f"{value_range(t.min_daily_rate, t.max_daily_rate, '.3%')} a day, {interest_free_period(t.interest_free_days)}",
    )


def tier_rows(days_per_year: int) -> pd.DataFrame:
    """The article's tiers with who qualifies, their lines, daily rates, annual rates and interest-free days."""
    return pd.DataFrame(
        [
            {
                "tier": f"{t.name_zh} ({t.name_en})",
                "who": (f"Pay Score {t.min_score}-{t.max_score}" if t.max_score else f"Pay Score ≥ {t.min_score}")
                if t.min_score
                else f"Licaitong assets ≥ {t.min_assets_yuan:,.0f} yuan",
                "line": f"{t.line_min_yuan:,.0f}-{t.line_max_yuan:,.0f}",
                "daily": value_range(t.min_daily_rate, t.max_daily_rate, ".3%"),
                "apr": value_range(
                    float(rates.nominal_apr_from_daily_rate(t.min_daily_rate, days_per_year)),
                    float(rates.nominal_apr_from_daily_rate(t.max_daily_rate, days_per_year)),
                    ".2%",
                ),
                "free": t.interest_free_days,
            }
            for t in tiers.article_tiers()
        ]
    )


def borrower_status(match: tiers.TierMatch) -> str:
    """Where a borrower falls among the article's tiers, naming each tier as the tier table does.

    Examples
    --------
    >>> borrower_status(tiers.classify_borrower(620, 20_000))
    'falls in no tier'
    >>> borrower_status(tiers.classify_borrower(580, 0))
    'falls in one tier, 新用户 (new user)'
    >>> borrower_status(tiers.classify_borrower(720, 600_000))
    'falls in several tiers at once: 优质客户 (premium customer) and 白金会员 (platinum member)'
    """
    names = {t.key: f"{t.name_zh} ({t.name_en})" for t in tiers.article_tiers()}
    labels = [names[key] for key in match.tiers]
    if not labels:
        return "falls in no tier"
    if len(labels) == 1:
        return f"falls in one tier, {labels[0]}"
    return f"falls in several tiers at once: {series(labels)}"


def line_verdict(apr_high: float, line_rate: float) -> str:
    """Whether the table's highest rate lies above the regulatory line this copy uses, as the sentence opens."""
    return "Some of the table's rates lie above" if apr_high > line_rate else "All of the table's rates lie below"


def methods_summary(by_method: dict[str, rates.RepaymentSchedule]) -> pd.DataFrame:
    """The example loan under each repayment method: total interest, first and largest payment, APR by IRR."""
    return pd.DataFrame(
        [
            {
                "method": m.replace("_", " "),
                "zh": rates.METHOD_NAMES_ZH[m],
                "interest": float(s.total_interest[0]),
                "first": float(s.payment[0, 0]),
                "largest": float(s.payment[0].max()),
                "irr": float(rates.apr_by_irr(s.principal, s.payment)[0]),
            }
            for m, s in by_method.items()
        ]
    )


def cheapest_and_dearest(summary: pd.DataFrame) -> tuple[str, str]:
    """The methods that cost least and most interest, ties to the fen joined with 'and'."""

    def tied(extreme: float) -> str:
        return " and ".join(summary.method[np.isclose(summary.interest, extreme, rtol=0, atol=0.005)])

    return tied(summary.interest.min()), tied(summary.interest.max())


def bullet_explanation(summary: pd.DataFrame, dearest: str, term_months: int) -> str:
    """Why the bullet loan's APR by IRR and its interest in yuan rank it as they do (:func:`report.prose.bullet_explained`)."""
    irr = summary.set_index("method").irr
    return bullet_explained(float(irr["bullet"]) < float(irr["equal instalment"]) - 5e-5, "bullet" in dearest, term_months)
