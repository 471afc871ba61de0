"""Chapter 6, risk control: two readings of a claimed rise, and published NPL ratios beside the bad-debt bound."""

from __future__ import annotations

import altair as alt
import pandas as pd

from model.consistency import UpliftReading
from report.figures import Figure
from report.prose import series


def uplift_figure(base: float, effect: float, relative: UpliftReading, points: UpliftReading) -> Figure:
    """The approval rate after a claimed rise, read as percent and as percentage points, red above 100%."""
    labels = ["base rate", f"percent (×{1 + relative.effect:.2f})", f"percentage points (+{points.effect * 100:.0f})"]
    readings = pd.DataFrame({"reading": labels, "rate": [base, relative.result, points.result]})
    bars = (
        alt.Chart(readings)
        .mark_bar()
        .encode(
            y=alt.Y("reading:N", sort=labels, title=None),
            x=alt.X(
                "rate:Q",
                title="Approval rate",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, max(1.2, float(readings.rate.max()) * 1.05)]),
            ),
            color=alt.condition("datum.rate > 1", alt.value("#e15759"), alt.value("#4e79a7")),
            tooltip=[alt.Tooltip("reading:N", title="Reading"), alt.Tooltip("rate:Q", format=".1%", title="Approval rate")],
        )
    )
    hundred = alt.Chart(pd.DataFrame({"rate": [1.0]})).mark_rule(color="#e15759", strokeDash=[4, 2]).encode(x="rate:Q")
    chart = (bars + hundred).properties(
        title=f"Two readings of “raises the pass rate by {effect:.0%}”",
        description=f"Bars of the approval rate: base {base:.1%}, read as percent {relative.result:.1%}, "
        f"read as percentage points {points.result:.1%}; a dashed line marks 100%, above which a rate is impossible.",
        width=460,
        height=140,
    )
    over = [label for label, rate in zip(labels, readings.rate, strict=True) if rate > 1]
    caption = (
        "The approval rate after the claimed rise under each reading, blue where possible and red where "
        "above the whole; the dashed red line is 100%." + (f" Impossible here: {series(over)}." if over else "")
    )
    return Figure(chart, caption)


def npl_figure(npl: pd.DataFrame, bound: float) -> Figure:
    """Published non-performing-loan ratios as bars, with the article's bad-debt bound as a dashed rule."""
    bars = (
        alt.Chart(npl)
        .mark_bar()
        .encode(
            y=alt.Y("measure:N", sort=None, title=None, axis=alt.Axis(labelLimit=280)),
            x=alt.X("rate:Q", title="Non-performing-loan ratio (not a bad-debt rate)", axis=alt.Axis(format=".1%")),
            color=alt.Color("confidence:N", title="Source confidence"),
            tooltip=[
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("rate:Q", format=".2%", title="Ratio"),
                alt.Tooltip("source:N", title="Source"),
                alt.Tooltip("confidence:N", title="Confidence"),
            ],
        )
    )
    claim = (
        alt.Chart(pd.DataFrame({"rate": [bound], "label": [f"article: bad-debt rate below {bound:.1%}"]}))
        .mark_rule(color="#e15759", strokeDash=[6, 3])
        .encode(x="rate:Q", tooltip=[alt.Tooltip("label:N", title="Line")])
    )
    chart = (bars + claim).properties(
        title="Published non-performing-loan ratios beside the article's bad-debt bound",
        description="Horizontal bars of published non-performing-loan ratios ("
        + ", ".join(f"{m} {r:.2%}" for m, r in zip(npl.measure, npl.rate, strict=True))
        + f") with a dashed rule at the article's bad-debt bound of {bound:.1%}; the ratios measure another quantity.",
        width=300,
        height=220,
    )
    below = int((npl.rate < bound).sum())
    caption = (
        f"Published non-performing-loan ratios (bars, {below} of {len(npl)} below the line) beside the "
        f"article's bad-debt bound of {bound:.1%} (dashed red). They measure another quantity, of other subjects, for other "
        "years, so they neither confirm nor refute the bound."
    )
    return Figure(chart, caption)
