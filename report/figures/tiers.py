"""Chapter 4, tiers and rates: the tiers on the plane, daily rates as annual rates, the methods compared, the slider."""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from model import rates, tiers
from model.article_schema import PAY_SCORE_MAX, PAY_SCORE_MIN, Tier
from model.params import numeric_bounds
from model.tiers import TierCoverage
from report.captions import colours, line_styles
from report.figures import Figure


def coverage_figure(coverage: TierCoverage, asset_tier: Tier, pay_score: float, assets_yuan: float) -> Figure:
    """Where the tier rules apply on the plane of Pay Score and assets, with the example borrower."""
    asset_top = 2 * float(asset_tier.min_assets_yuan or 0)  # the plane is drawn to twice the asset tier's floor
    score_low, score_high = PAY_SCORE_MIN, PAY_SCORE_MAX
    cells_frame = pd.DataFrame(
        [
            {
                "score_lo": c.score_lo,
                "score_hi": c.score_hi + 1,
                "assets_lo": c.assets_lo,
                "assets_hi": min(c.assets_hi, asset_top),
                "status": c.status,
                "tiers": ", ".join(c.tiers) or "none",
                "scores": f"{c.score_lo}-{c.score_hi}",
                "assets": f"{c.assets_lo:,.0f}+" if c.assets_hi == float("inf") else f"{c.assets_lo:,.0f}-{c.assets_hi:,.0f}",
            }
            for c in coverage.cells
        ]
    )
    rects = (
        alt.Chart(cells_frame)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "score_lo:Q", title="WeChat Pay Score (points)", scale=alt.Scale(domain=[score_low, score_high + 1], nice=False)
            ),
            x2="score_hi:Q",
            y=alt.Y(
                "assets_lo:Q",
                title="Licaitong assets (yuan)",
                scale=alt.Scale(domain=[0, asset_top]),
                axis=alt.Axis(format=",.0f"),
            ),
            y2="assets_hi:Q",
            color=alt.Color(
                "status:N",
                title="Tiers that apply",
                scale=alt.Scale(domain=["gap", "unique", "overlap"], range=["#e15759", "#59a14f", "#f28e2b"]),
            ),
            tooltip=[
                alt.Tooltip("scores:N", title="Pay Score"),
                alt.Tooltip("assets:N", title="Assets (yuan)"),
                alt.Tooltip("status:N", title="Coverage"),
                alt.Tooltip("tiers:N", title="Tiers"),
            ],
        )
    )
    borrower = (
        alt.Chart(pd.DataFrame({"score": [pay_score], "assets": [min(assets_yuan, asset_top)], "label": ["example borrower"]}))
        .mark_point(shape="diamond", size=180, filled=True, color="black")
        .encode(
            x="score:Q",
            y="assets:Q",
            tooltip=[
                alt.Tooltip("label:N", title="Point"),
                alt.Tooltip("score:Q", title="Pay Score"),
                alt.Tooltip("assets:Q", format=",.0f", title="Assets (yuan)"),
            ],
        )
    )
    chart = (rects + borrower).properties(
        title="The tiers on the plane of Pay Score and assets",
        description="Rectangles over Pay Score and assets: red where no tier applies (scores "
        + " and ".join(f"{c.score_lo}-{c.score_hi}" for c in coverage.gaps)
        + " below the asset rule), green where one tier applies, orange where the asset tier overlaps a score tier; "
        "a black diamond marks the example borrower.",
        width=520,
        height=300,
    )
    words = colours(chart.to_dict())
    caption = (
        f"Where the tier rules apply: {words['gap']} where no tier does, {words['unique']} where one does, "
        f"{words['overlap']} where two do at once. The black diamond is the example borrower; assets above "
        f"{asset_top:,.0f} yuan are drawn at the top edge."
    )
    return Figure(chart, caption)


def rates_figure(days_per_year: int, line_label: str, line_rate: float) -> Figure:
    """Nominal APR and effective annual rate against the daily rate, each tier's rates shaded, the line in red."""
    all_rates = [x for t in tiers.article_tiers() for x in (t.min_daily_rate, t.max_daily_rate)]
    top = 2 * max(all_rates)  # the chart runs to twice the highest daily rate in the table
    grid = pd.DataFrame({"daily_rate": np.linspace(0, top, 101)})
    grid["nominal APR"] = rates.nominal_apr_from_daily_rate(grid.daily_rate, days_per_year)
    grid["effective annual rate"] = rates.effective_annual_rate_from_daily_rate(grid.daily_rate, days_per_year)
    curves = grid.melt("daily_rate", var_name="measure", value_name="annual")
    bands = pd.DataFrame(
        [
            {"tier": t.name_en, "lo": t.min_daily_rate, "hi": max(t.max_daily_rate, t.min_daily_rate + top / 200)}
            for t in tiers.article_tiers()
        ]
    )
    band_marks = (
        alt.Chart(bands)
        .mark_rect(opacity=0.25)
        .encode(
            x=alt.X("lo:Q"),
            x2="hi:Q",
            color=alt.Color("tier:N", title="Tier's daily rates"),
            tooltip=[
                alt.Tooltip("tier:N", title="Tier"),
                alt.Tooltip("lo:Q", format=".3%", title="From"),
                alt.Tooltip("hi:Q", format=".3%", title="To"),
            ],
        )
    )
    measures = ["nominal APR", "effective annual rate"]
    lines = (
        alt.Chart(curves)
        .mark_line()
        .encode(
            x=alt.X("daily_rate:Q", axis=alt.Axis(format=".2%"), title="Daily rate"),
            y=alt.Y("annual:Q", axis=alt.Axis(format="%"), title="Annual rate"),
            strokeDash=alt.StrokeDash("measure:N", title="Annual rate", scale=alt.Scale(domain=measures, range=[[1, 0], [6, 4]])),
            tooltip=[
                alt.Tooltip("daily_rate:Q", format=".3%", title="Daily"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("annual:Q", format=".2%", title="Annual"),
            ],
        )
    )
    cap = alt.Chart(pd.DataFrame({"annual": [line_rate], "label": [line_label]})).mark_rule(color="#e15759").encode(y="annual:Q")
    cap_label = cap.mark_text(align="left", x=5, dy=-6, color="#e15759").encode(text="label:N")
    chart = (band_marks + lines + cap + cap_label).properties(
        title="Daily rates as annual rates",
        description=f"Lines of nominal APR and effective annual rate against the daily rate from 0 to {top:.2%}; shaded bands "
        f"mark each tier's daily rates; a red rule marks the {line_label}.",
        width=520,
        height=300,
    )
    styles = line_styles(chart.to_dict())
    caption = (
        f"Nominal APR ({styles['nominal APR']}) and effective annual rate ({styles['effective annual rate']}) "
        f"for daily rates up to {top:.2%}, with each tier's rates shaded and the {line_label} in red."
    )
    return Figure(chart, caption)


def methods_figure(by_method: dict[str, rates.RepaymentSchedule], cheapest: str, dearest: str) -> Figure:
    """Interest paid so far, month by month, under each repayment method."""
    paths = pd.concat(
        [
            s.to_frame().assign(method=m.replace("_", " "), cumulative_interest=lambda f: f.interest.cumsum())
            for m, s in by_method.items()
        ]
    )
    chart = (
        alt.Chart(paths)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:Q", title="Month", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("cumulative_interest:Q", title="Interest paid so far (yuan)", axis=alt.Axis(format=",.0f")),
            color=alt.Color("method:N", title="Repayment method"),
            tooltip=[
                alt.Tooltip("method:N", title="Method"),
                alt.Tooltip("month:Q", title="Month"),
                alt.Tooltip("payment:Q", format=",.2f", title="Payment (yuan)"),
                alt.Tooltip("cumulative_interest:Q", format=",.2f", title="Interest so far (yuan)"),
            ],
        )
        .properties(
            title="Interest paid over the life of the example loan, by repayment method",
            description=f"Lines of cumulative interest by month for the four repayment methods; {cheapest} accumulates "
            f"least, {dearest} most.",
            width=520,
            height=300,
        )
    )
    caption = (
        f"Interest paid so far, month by month, under each repayment method: {cheapest} costs least, "
        f"{dearest} most. Hover a point for the payment that month."
    )
    return Figure(chart, caption)


def _slider(name: str, parameter: str, value: float, step: float, label: str) -> alt.Parameter:
    """A slider over everything the book's parameter allows."""
    low, high = numeric_bounds(parameter)
    return alt.param(name=name, value=value, bind=alt.binding_range(min=low, max=high, step=step, name=label))


def slider_figure(amount_yuan: float, term_months: int, daily_rate: float, days_per_year: int) -> Figure:
    """An equal-instalment loan the reader sets with three sliders: the balance owed and the interest paid so far."""
    amount = _slider("amount", "loan_amount_yuan", amount_yuan, 100, "Amount (yuan) ")
    term = _slider("term", "term_months", term_months, 1, "Term (months) ")
    daily = _slider("daily", "daily_rate", daily_rate, 0.00005, "Daily rate ")
    months = pd.DataFrame({"month": np.arange(0, 37)})
    r_expr = f"daily * {days_per_year} / 12"
    series: list[Any] = ["balance owed", "interest paid so far"]
    chart = (
        alt.Chart(months)
        .transform_filter("datum.month <= term")
        .transform_calculate(r=r_expr)
        .transform_calculate(pay="datum.r == 0 ? amount / term : amount * datum.r / (1 - pow(1 + datum.r, -term))")
        .transform_calculate(
            balance="datum.r == 0 ? amount - datum.pay * datum.month : "
            "amount * pow(1 + datum.r, datum.month) - datum.pay * (pow(1 + datum.r, datum.month) - 1) / datum.r"
        )
        .transform_calculate(interest_so_far="datum.pay * datum.month - (amount - datum.balance)")
        .transform_calculate(**{"balance owed": "datum.balance", "interest paid so far": "datum.interest_so_far"})
        .transform_fold(series, as_=["series", "yuan"])
        .mark_line(point=True)
        .encode(
            x=alt.X("month:Q", title="Month", scale=alt.Scale(domain=[0, 36])),
            y=alt.Y("yuan:Q", title="Yuan", axis=alt.Axis(format=",.0f")),
            color=alt.Color("series:N", title=None, scale=alt.Scale(domain=series, range=["#4e79a7", "#e15759"])),
            tooltip=[
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("month:Q", title="Month"),
                alt.Tooltip("yuan:Q", format=",.2f", title="Yuan"),
                alt.Tooltip("pay:Q", format=",.2f", title="Monthly payment"),
            ],
        )
        .add_params(amount, term, daily)
        .properties(
            title="An equal-instalment loan, recomputed as you drag",
            description="Interactive line chart: the balance still owed and the interest paid so far, month by month, for an "
            "equal-instalment loan whose amount, term and daily rate are set by three sliders under the chart.",
            width=520,
            height=300,
        )
    )
    words = colours(chart.to_dict())
    caption = (
        f"Balance owed ({words['balance owed']}) and interest paid so far ({words['interest paid so far']}) for the "
        "loan set by the sliders."
    )
    return Figure(chart, caption)
