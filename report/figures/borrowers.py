"""Chapter 8, for borrowers: the reference offers by APR."""

from __future__ import annotations

import altair as alt
import pandas as pd

from report.figures import Figure


def offers_figure(offers: pd.DataFrame, lines: pd.DataFrame) -> Figure:
    """Each reference offer's APR by IRR as a bar, with the rate lines it is held against as dashed rules."""
    bars = (
        alt.Chart(offers.drop(columns="id"))
        .mark_bar(color="#4e79a7")
        .encode(
            y=alt.Y("offer:N", sort=list(offers.offer), title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X(
                "apr:Q",
                title="APR by the IRR method",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, max(float(lines.rate.max()), float(offers.apr.max())) * 1.05]),
            ),
            tooltip=[
                alt.Tooltip("offer:N", title="Offer"),
                alt.Tooltip("apr:Q", format=".2%", title="APR by IRR"),
                alt.Tooltip("cost:Q", format=",.2f", title="Total cost (yuan)"),
            ],
        )
    )
    rules = (
        alt.Chart(lines)
        .mark_rule(color="#e15759", strokeDash=[6, 4])
        .encode(x="rate:Q", tooltip=[alt.Tooltip("line:N", title="Line"), alt.Tooltip("rate:Q", format=".0%", title="Rate")])
    )
    at = " and ".join(f"{r:.0%}" for r in lines.rate)
    chart = (bars + rules).properties(
        title="Reference offers by APR, with the lines they are held against",
        description="Horizontal bars of each reference offer's APR by the IRR method; dashed red vertical rules at " + at + ".",
        width=320,  # with the offers' names beside it, within the page's column (the chart scrolled at 460)
        height=200,
    )
    return Figure(chart, "Each offer's APR by the IRR method; the dashed red rules are the lines at " + at + ".")
