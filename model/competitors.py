"""The platform comparisons of sections 三 and 八, and what one loan costs on each platform.

Units: users in persons; daily rates as fractions; amounts in yuan; APRs as fractions.

Run ``python -m model.competitors`` to print the cost of a 10,000-yuan, 12-month loan on each
platform and the user bases beside their references.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from model import cli
from model.article import article_tables, table_rows
from model.article_schema import Platform
from model.errors import ModelInputError, one_of
from model.rates import nominal_apr_from_daily_rate, repayment_schedule
from model.references import reference


@cache
def platforms() -> tuple[Platform, ...]:
    """The three platforms of section 八, validated."""
    return table_rows("platforms", Platform)


def platform(key: str) -> Platform:
    """One platform by key (``wechat``, ``alipay``, ``jd``)."""
    return one_of({p.key: p for p in platforms()}, key, "platform")


def assessment_table() -> pd.DataFrame:
    """The section 三 table: one row per dimension, one column per lender type."""
    return pd.DataFrame(article_tables()["assessment"]).drop(columns="quote")


def loan_cost_by_platform(
    amount_yuan: float, term_months: int, method: str = "equal_instalment", *, days_per_year: int = 365
) -> pd.DataFrame:
    """Cost of the same loan at the low and high end of each platform's quoted daily rate.

    Returns
    -------
    DataFrame
        One row per platform and end (``low``/``high``): daily rate, nominal APR,
        total interest (yuan) and total repaid (yuan).

    Examples
    --------
    >>> t = loan_cost_by_platform(10000, 12)
    >>> t.loc[(t.platform == 'wechat') & (t.end == 'high'), 'apr'].round(4).item()
    0.1825
    """
    rows = [
        (p.key, p.name_en, end, rate)
        for p in platforms()
        for end, rate in (("low", p.min_daily_rate), ("high", p.max_daily_rate))
    ]
    rates = np.array([r[3] for r in rows])
    schedule = repayment_schedule(amount_yuan, rates, term_months, method, days_per_year=days_per_year)
    return pd.DataFrame(
        {
            "platform": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "end": [r[2] for r in rows],
            "daily_rate": rates,
            "apr": nominal_apr_from_daily_rate(rates, days_per_year),
            "total_interest_yuan": schedule.total_interest,
            "total_paid_yuan": schedule.total_paid,
        }
    )


#: Which reference and value keys hold each platform's public user figures; None where no figure was read.
#: JD's count for 2022 is in its annual report on Form 20-F, which could not be read for this book
#: (only its address was found), so the book gives no figure for JD rather than one it did not read.
USER_REFERENCES: dict[str, tuple[str, tuple[str, ...]] | None] = {
    "wechat": ("wechat_mau_2023", ("users_persons",)),
    "alipay": ("alipay_users_2020", ("users_low_persons", "users_high_persons")),
    "jd": None,
}


def user_base_comparison(tolerance: float) -> pd.DataFrame:
    """The article's user figures beside the public ones.

    Parameters
    ----------
    tolerance : float
        Relative distance (a fraction) within which a figure counts as matching.

    Returns
    -------
    DataFrame
        platform, claimed, reference low and high, relative difference from the nearest
        reference figure, whether it lies within the reference range widened by the
        tolerance, the reference id and its confidence; a platform with no figure read has
        NaN figures, an empty reference and confidence ``none``.
    """
    return pd.DataFrame([dict(row) for row in user_base_records(tolerance)])


@cache
def user_base_records(tolerance: float = 0.02) -> tuple[dict[str, Any], ...]:
    """The rows of :func:`user_base_comparison`, one per platform, computed once per tolerance.

    The robustness sweep asks for each platform under many assumptions; a table each time cost 3 ms.
    """
    out: list[dict[str, Any]] = []
    for p in platforms():
        entry = USER_REFERENCES[p.key]
        if entry is None:
            nan = float("nan")
            out.append(
                {
                    "platform": p.key,
                    "claimed_persons": p.users_persons,
                    "reference_low_persons": nan,
                    "reference_high_persons": nan,
                    "relative_difference": nan,
                    "within_range": False,
                    "reference": "",
                    "as_of": "",
                    "confidence": "none",
                }
            )
            continue
        ref_id, keys = entry
        ref = reference(ref_id)
        values = [ref.value(k) for k in keys]
        lo, hi = min(values), max(values)
        nearest = min(values, key=lambda v: abs(v - p.users_persons))
        out.append(
            {
                "platform": p.key,
                "claimed_persons": p.users_persons,
                "reference_low_persons": lo,
                "reference_high_persons": hi,
                "relative_difference": p.users_persons / nearest - 1.0,
                "within_range": lo * (1 - tolerance) <= p.users_persons <= hi * (1 + tolerance),
                "reference": ref_id,
                "as_of": ref.as_of_label,
                "confidence": ref.confidence.value,
            }
        )
    return tuple(out)


def private_lending_cap_multiple() -> float:
    """How many times the one-year LPR the courts' cap on private lending is (its source's ``lpr_multiple``).

    Examples
    --------
    >>> private_lending_cap_multiple()
    4.0
    """
    return reference("spc_private_lending_cap_2020").value("lpr_multiple")


def regulatory_apr_lines() -> pd.DataFrame:
    """Annual-rate lines a reader can hold the platforms' APRs against (fractions).

    One row per line: ``key`` (``window_guidance`` or ``four_times_lpr``), a label whose
    figures are formatted from the values, the annual rate and its reference. The window
    guidance is the supervisors' ceiling for consumer finance companies, reported in 2021; the
    courts' private-lending cap is four times the one-year LPR of September 2023 (the rate since
    August 2023).

    Examples
    --------
    >>> regulatory_apr_lines().set_index("key").apr.round(4).to_dict()
    {'window_guidance': 0.24, 'four_times_lpr': 0.138}
    """
    guidance = reference("window_guidance_24")
    lpr = reference("lpr_2023")
    cap = reference("spc_private_lending_cap_2020")
    ceiling = guidance.value("apr_ceiling_rate")
    multiple = private_lending_cap_multiple()
    return pd.DataFrame(
        [
            {
                "key": "window_guidance",
                "line": f"{ceiling:.0%} ceiling "
                f"(window guidance to consumer finance companies, reported in {guidance.date.year})",
                "apr": ceiling,
                "reference": guidance.id,
            },
            {
                "key": "four_times_lpr",
                "line": f"{multiple:g} x one-year LPR (courts' cap on private lending, not on licensed lenders)",
                "apr": multiple * lpr.value("lpr_2023_end_rate"),
                "reference": cap.id,
            },
        ]
    )


def regulatory_line(key: str) -> tuple[str, float, str]:
    """One line of :func:`regulatory_apr_lines`: its label, annual rate and reference id."""
    lines = regulatory_apr_lines().set_index("key")
    if key not in lines.index:
        raise ModelInputError("regulatory_line", f"one of {', '.join(lines.index)}", key)
    row = lines.loc[key].to_dict()
    return str(row["line"]), float(row["apr"]), str(row["reference"])


def main(argv: list[str] | None = None) -> int:
    """Print the cost of a 10,000-yuan, 12-month equal-instalment loan and the user bases."""
    cli.parser(
        "python -m model.competitors", "A 10,000-yuan, 12-month loan at each platform's quoted rates, and the user bases."
    ).parse_args(argv)
    print(loan_cost_by_platform(10000, 12).round(4).to_string(index=False))
    from model.params import default_assumptions

    print(user_base_comparison(default_assumptions().agreement_tolerance).to_string(index=False))
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.competitors")
