"""Chapter 2, the claims ledger: where in each assumption's range a fragile verdict changes, and a heat map of verdicts."""

from __future__ import annotations

import altair as alt
import pandas as pd

from model.article import SECTION_TITLES_EN
from model.assumptions import Assumptions
from model.robustness import Robustness, verdict_segments
from report.figures import Figure
from report.names import range_words
from report.verdicts import VERDICT_ORDER, palette


def robustness_figure(fragile: list[Robustness], assumptions: Assumptions) -> Figure:
    """One row per fragile verdict and assumption: a bar across the assumption's range, coloured by the verdict there."""
    segments = []
    for r in fragile:
        for name in dict.fromkeys(f.assumption for f in r.flips):
            pieces = verdict_segments(r, name, assumptions)
            n = len(pieces)
            for i, (lo, hi, verdict) in enumerate(pieces):
                if isinstance(lo, str):
                    start, end, shown = i / n, (i + 1) / n, lo
                else:
                    first, last = pieces[0][0], pieces[-1][1]
                    start, end, shown = (lo - first) / (last - first), (hi - first) / (last - first), range_words(name, lo, hi)
                segments.append(
                    {"row": f"{r.claim_id} · {name}", "start": start, "end": end, "verdict": verdict.value, "values": shown}
                )
    seg = pd.DataFrame(segments)
    chart = (
        alt.Chart(seg)
        .mark_bar(height=14)
        .encode(
            y=alt.Y("row:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X(
                "start:Q",
                title="Position in the assumption's allowed range (from its lowest to its highest value)",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            x2="end:Q",
            color=alt.Color("verdict:N", title="Verdict", scale=alt.Scale(domain=list(VERDICT_ORDER), range=palette())),
            tooltip=[
                alt.Tooltip("row:N", title="Claim and assumption"),
                alt.Tooltip("values:N", title="Values"),
                alt.Tooltip("verdict:N", title="Verdict"),
            ],
        )
        .properties(
            title="Where in each assumption's range a fragile verdict changes",
            description="For each fragile verdict and each assumption that changes it, a bar across the assumption's "
            "allowed range coloured by the verdict the claim receives there.",
            width=420,  # with the rows' names beside it, within the page's column
            height=max(len(seg.row.unique()), 1) * 22,
        )
    )
    caption = (
        f"Each row is one claim and one assumption ({seg.row.nunique()} rows); the bar spans the "
        "assumption's allowed range and its colour is the verdict the claim receives at each value."
    )
    return Figure(chart, caption)


def heat_figure(ledger: pd.DataFrame) -> Figure:
    """The claims counted by part of the article and verdict, as a heat map."""
    chart = (
        alt.Chart(ledger.assign(part=ledger.section.map(SECTION_TITLES_EN)))
        .mark_rect()
        .encode(
            x=alt.X("verdict:N", title="Verdict", sort=list(VERDICT_ORDER)),
            y=alt.Y("part:N", sort=list(SECTION_TITLES_EN.values()), title="Part of the article"),
            color=alt.Color("count():Q", title="Claims", scale=alt.Scale(scheme="oranges")),
            tooltip=[
                alt.Tooltip("part:N", title="Part"),
                alt.Tooltip("verdict:N", title="Verdict"),
                alt.Tooltip("count():Q", title="Claims"),
            ],
        )
        .properties(
            title="Claims by part of the article and verdict",
            description="Heat map: rows are the parts of the article, columns the verdicts, darker cells hold more claims.",
            width=420,
            height=300,
        )
    )
    return Figure(chart, "The same counts as a heat map: darker cells hold more claims.")
