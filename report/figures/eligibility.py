"""Chapter 3, eligibility: the weight table's readings, the strict rule's cap, each reading's bound, the simulation."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from model.consistency import ApplicantSimulation
from model.weights import MissingShareReading, missing_weight, total_weight, weight_table
from report.captions import colours
from report.figures import Figure


def weights_figure(readings: tuple[MissingShareReading, ...]) -> Figure:
    """For each reading of a weight table that stops short of the whole, the share each factor carries."""
    factor_names = {r.factor: r.factor_en for r in weight_table()}
    long = pd.DataFrame(
        [
            {"reading": r.key.replace("_", " "), "factor": factor_names.get(k, k), "weight": v}
            for r in readings
            for k, v in r.weights.items()
        ]
    )
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("reading:N", sort=[r.key.replace("_", " ") for r in readings], title="Reading of the table"),
            x=alt.X(
                "weight:Q", axis=alt.Axis(format="%"), title="Weight (share of the whole score)", scale=alt.Scale(domain=[0, 1])
            ),
            color=alt.Color("factor:N", title="Factor"),
            tooltip=[
                alt.Tooltip("reading:N", title="Reading"),
                alt.Tooltip("factor:N", title="Factor"),
                alt.Tooltip("weight:Q", format=".1%", title="Weight"),
            ],
        )
        .properties(
            title=f"What the missing {missing_weight():.0%} could mean",
            description="Stacked bars: for each reading of the weight table, the share of the score each factor carries; "
            f"the article's own table stops at {total_weight():.0%}.",
            width=480,
            height=200,
        )
    )
    caption = (
        f"The weights under each reading of a table that stops at {total_weight():.0%}; "
        "each bar is one reading, each colour one factor."
    )
    return Figure(chart, caption)


def feasible_figure(success_rate: float, share_below: float, pass_rate_above: float, same: bool) -> Figure:
    """The success rates a strict threshold allows at each share below it, with this copy's figures as a point."""
    shares = pd.DataFrame({"share_below": np.linspace(0, 1, 101)})
    shares["max_success"] = (1 - shares.share_below) * pass_rate_above
    area = (
        alt.Chart(shares)
        .mark_area(opacity=0.3, color="#59a14f")
        .encode(
            x=alt.X("share_below:Q", axis=alt.Axis(format="%"), title="Share of applicants below the threshold"),
            y=alt.Y("max_success:Q", axis=alt.Axis(format="%"), title="Application success rate", scale=alt.Scale(domain=[0, 1])),
            tooltip=[
                alt.Tooltip("share_below:Q", format=".0%", title="Share below"),
                alt.Tooltip("max_success:Q", format=".1%", title="Highest possible success"),
            ],
        )
    )
    point_label = "this copy's figures" if not same else "the article's figures"
    copy_point = (
        alt.Chart(pd.DataFrame({"share_below": [share_below], "success": [success_rate], "label": [point_label]}))
        .mark_point(size=160, filled=True, color="#e15759")
        .encode(
            x="share_below:Q",
            y="success:Q",
            tooltip=[
                alt.Tooltip("share_below:Q", format=".0%", title="Share below"),
                alt.Tooltip("success:Q", format=".1%", title="Success rate"),
            ],
        )
    )
    label = copy_point.mark_text(align="left", dx=10, color="#e15759").encode(text="label:N")
    inside = success_rate <= (1 - share_below) * pass_rate_above + 1e-12
    where = "inside" if inside else "outside"
    chart = (area + copy_point + label).properties(
        title="A strict threshold rule caps the success rate",
        description="Area chart: under a strict threshold the highest possible success rate falls as the share of applicants "
        f"below the threshold rises; the red point, {point_label}, lies {where} the feasible area.",
        width=480,
        height=300,
    )
    caption = (
        "Under a strict rule, success rates in the green area are possible; the red point "
        f"({point_label}: a share below of {share_below:.0%} and success of {success_rate:.1%}) lies {where} it."
    )
    return Figure(chart, caption)


def bounds_figure(threshold_table: pd.DataFrame) -> Figure:
    """For each reading of the threshold sentences, the bound it implies beside the figure held against it."""
    finite = threshold_table[np.isfinite(threshold_table.bound)]
    bounds = finite.assign(value=finite.bound, what="bound implied by the reading")
    held = threshold_table.assign(value=threshold_table.stated, what="figure held against it")
    held = held[held.key != "population_selfselect"]
    both = pd.concat([bounds, held]).assign(
        reading=lambda f: f.key.str.replace("_", " "), fits=lambda f: f.feasible.map({True: "fits", False: "cannot fit"})
    )
    fit_scale = alt.Scale(domain=["fits", "cannot fit"], range=["#59a14f", "#e15759"])
    chart = (
        alt.Chart(both.drop(columns="key"))
        .mark_point(filled=True, size=120)
        .encode(
            x=alt.X(
                "value:Q",
                title="Value (a share; a ratio for the self-selection reading)",
                axis=alt.Axis(format=".2~f", labelOverlap=True, tickCount=5),
            ),
            y=alt.Y("reading:N", title=None),
            shape=alt.Shape("what:N", title=None),
            color=alt.Color("fits:N", title="Figures and reading", scale=fit_scale),
            tooltip=[
                alt.Tooltip("reading:N", title="Reading"),
                alt.Tooltip("bound_name:N", title="What the bound limits"),
                alt.Tooltip("what:N", title="Point"),
                alt.Tooltip("value:Q", format=".3f", title="Value"),
            ],
        )
        .properties(width=420, height=50)
        .facet(row=alt.Row("reading:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")))
        .resolve_scale(x="independent", y="independent")
        .properties(
            title="Each reading's bound beside the figure held against it",
            description="For each reading, a point for the bound it implies and a point for the figure held against it; "
            "green where the figures fit the reading, red where they cannot.",
        )
    )
    words = colours(chart.to_dict())
    caption = (
        f"Each reading's bound and the figure held against it: {words['fits']} where they fit, "
        f"{words['cannot fit']} where they cannot."
    )
    return Figure(chart, caption)


#: Points of Pay Score per bar of the simulation's histogram.
HISTOGRAM_STEP = 10


def simulation_figure(sim: ApplicantSimulation, threshold: float, score_range: tuple[float, float]) -> Figure:
    """The simulated applicants' Pay Scores, approved and rejected, with the threshold as a dashed line."""
    step = HISTOGRAM_STEP
    low, high = score_range
    bins = pd.DataFrame({"score": sim.scores, "outcome": np.where(sim.approved, "approved", "rejected")})
    bins["bin"] = (bins.score // step) * step
    hist = bins.groupby(["bin", "outcome"], as_index=False).size().rename(columns={"size": "applicants"})
    bars = (
        alt.Chart(hist)
        .mark_bar()
        .encode(
            x=alt.X("bin:Q", bin=alt.Bin(step=step, extent=[low, high + step]), title=f"Pay Score (points, bins of {step})"),
            y=alt.Y("applicants:Q", stack=True, title="Simulated applicants"),
            color=alt.Color(
                "outcome:N", title=None, scale=alt.Scale(domain=["approved", "rejected"], range=["#59a14f", "#bab0ac"])
            ),
            tooltip=[
                alt.Tooltip("bin:Q", title="Score from"),
                alt.Tooltip("outcome:N", title="Outcome"),
                alt.Tooltip("applicants:Q", format=",", title="Applicants"),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"score": [threshold]})).mark_rule(color="#e15759", strokeDash=[6, 3]).encode(x="score:Q")
    chart = (bars + rule).properties(
        title="Simulated applicants and the threshold rule",
        description=f"Histogram of simulated Pay Scores in bins of {step} points, split into approved and rejected applicants, "
        f"with a dashed line at the threshold of {threshold:.0f}.",
        width=520,
        height=260,
    )
    words = colours(chart.to_dict())
    caption = (
        f"Simulated Pay Scores, approved ({words['approved']}) and rejected ({words['rejected']}), "
        f"with the threshold of {threshold:.0f} as a dashed red line."
    )
    return Figure(chart, caption)
