"""Chapter 1, the overview: the verdicts counted, and where in the article they fall."""

from __future__ import annotations

import altair as alt
import pandas as pd

from model.article import SECTION_TITLES_EN, sections
from report.figures import Figure
from report.verdicts import VERDICT_ORDER, palette


def verdicts_figure(counts: dict[str, int]) -> Figure:
    """One bar per verdict, the number of claims receiving it."""
    verdict_order = list(VERDICT_ORDER)
    counts_frame = pd.DataFrame({"verdict": list(counts), "claims": list(counts.values())})
    listed = ", ".join(f"{k} {v}" for k, v in counts.items())
    chart = (
        alt.Chart(counts_frame)
        .mark_bar()
        .encode(
            x=alt.X("claims:Q", title="Number of claims"),
            y=alt.Y("verdict:N", sort=verdict_order, title="Verdict"),
            color=alt.Color("verdict:N", sort=verdict_order, scale=alt.Scale(domain=verdict_order, range=palette()), legend=None),
            tooltip=[alt.Tooltip("verdict:N", title="Verdict"), alt.Tooltip("claims:Q", title="Claims")],
        )
        .properties(
            title="Verdicts on the article's claims",
            description="Horizontal bar chart of the number of claims receiving each verdict: " + listed + ".",
            width=520,
            height=220,
        )
    )
    return Figure(chart, "The number of claims receiving each verdict under this copy's assumptions: " + listed + ".")


def sections_figure(ledger: pd.DataFrame) -> Figure:
    """For each part of the article, its claims stacked by verdict."""
    verdict_order = list(VERDICT_ORDER)
    by_section = ledger.groupby(["section", "verdict"], as_index=False).size().rename(columns={"size": "claims"})
    by_section["section_title"] = by_section.section.map(SECTION_TITLES_EN)
    section_order = [SECTION_TITLES_EN[s] for s in sections()]
    chart = (
        alt.Chart(by_section)
        .mark_bar()
        .encode(
            y=alt.Y("section_title:N", sort=section_order, title="Part of the article", axis=alt.Axis(labelLimit=260)),
            x=alt.X("claims:Q", title="Number of claims"),
            color=alt.Color(
                "verdict:N", sort=verdict_order, scale=alt.Scale(domain=verdict_order, range=palette()), title="Verdict"
            ),
            tooltip=[
                alt.Tooltip("section_title:N", title="Part"),
                alt.Tooltip("verdict:N", title="Verdict"),
                alt.Tooltip("claims:Q", title="Claims"),
            ],
        )
        .properties(
            title="Where in the article the verdicts fall",
            description="Stacked horizontal bars: for each part of the article, the number of claims by verdict.",
            width=400,  # with the parts' names beside it, within the page's column
            height=300,
        )
    )
    busiest = by_section.groupby("section_title").claims.sum().idxmax()
    return Figure(chart, f"Claims by part of the article, stacked by verdict; the part with the most claims is {busiest}.")
