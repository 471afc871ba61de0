"""Chapter 5, competitors: user figures against public references, and each platform's rates as annual rates."""

from __future__ import annotations

import altair as alt
import pandas as pd

from model.article_schema import Platform
from report.figures import Figure
from report.precision import formatted
from report.render import HTML, quote


def billions(persons: float) -> float:
    """A count of people in billions (the English edition's unit)."""
    return float(persons) / 1e9


def yi(persons: float) -> float:
    """A count of people in 亿 (1e8, the Chinese edition's unit)."""
    return float(persons) / 1e8


def users_quote(p: Platform) -> HTML:
    """The article's user figure for one platform, quoted, with its English."""
    return quote(p.users_quote, f"{p.name_en}: {billions(p.users_persons):.2f} billion users")


def user_rows(users: pd.DataFrame, platforms: tuple[Platform, ...]) -> pd.DataFrame:
    """The user comparison with each platform named by its app and the figures in billions."""
    app_names = {p.key: f"{p.app_en} ({p.name_zh})" for p in platforms}
    return users.assign(
        platform=users.platform.map(app_names),
        claimed_bn=users.claimed_persons / 1e9,
        ref_low_bn=users.reference_low_persons / 1e9,
        ref_high_bn=users.reference_high_persons / 1e9,
    )


def has_bands(rows: pd.DataFrame) -> bool:
    """Whether any source gives two counts (monthly and annual users), drawn as a band and tabled as low and high."""
    return bool((rows.ref_low_bn < rows.ref_high_bn).any())


def user_table_columns(rows: pd.DataFrame) -> dict[str, str]:
    """The user table's columns and their headers: one reference column when no source gives two counts.

    Examples
    --------
    >>> rows = pd.DataFrame({"ref_low_bn": [1.343, 1.0], "ref_high_bn": [1.343, 1.0]})
    >>> [h for c, h in user_table_columns(rows).items() if c.startswith("ref_")]
    ['Reference']
    """
    references = (
        {"ref_low_bn": "Reference, low", "ref_high_bn": "Reference, high"} if has_bands(rows) else {"ref_high_bn": "Reference"}
    )
    return {
        "platform": "Whose users (the article's column)",
        "claimed_bn": "Article",
        **references,
        "relative_difference": "Difference from the nearest",
        "reference": "Source",
        "as_of": "As of",
        "confidence": "Confidence",
    }


def users_figure(rows: pd.DataFrame) -> Figure:
    """Public reference figures as a band and a tick, the article's figure as a red diamond."""
    ref_bars = (
        alt.Chart(rows)
        .mark_bar(opacity=0.35, color="#4e79a7")
        .encode(
            y=alt.Y("platform:N", title="Whose users"),
            x=alt.X("ref_low_bn:Q", title="Users (billions)"),
            x2="ref_high_bn:Q",
            tooltip=[
                alt.Tooltip("ref_low_bn:Q", format=".3f", title="Reference low"),
                alt.Tooltip("ref_high_bn:Q", format=".3f", title="Reference high"),
                alt.Tooltip("reference:N", title="Source"),
                alt.Tooltip("as_of:N", title="As of"),
                alt.Tooltip("confidence:N", title="Confidence"),
            ],
        )
    )
    ref_ticks = alt.Chart(rows).mark_tick(thickness=3, size=30, color="#4e79a7").encode(y="platform:N", x="ref_high_bn:Q")
    claimed = (
        alt.Chart(rows)
        .mark_point(shape="diamond", size=150, filled=True, color="#e15759")
        .encode(y="platform:N", x="claimed_bn:Q", tooltip=[alt.Tooltip("claimed_bn:Q", format=".2f", title="Article (billions)")])
    )
    banded = has_bands(rows)
    chart = (ref_bars + ref_ticks + claimed).properties(
        title="User figures: the article against public references",
        description=f"For each app a blue {'tick or band' if banded else 'tick'} for the public reference figures (none "
        "for JD, whose count was not read) and a red diamond for the article's figure, in billions of users.",
        width=480,
        height=160,
    )
    band = "a band from monthly to annual users where both are published; " if banded else ""
    caption = (
        f"User figures in billions: public references in blue ({band}none for JD, whose count was not read), "
        "the article's figure as a red diamond."
    )
    return Figure(chart, caption)


def apr_ranges(cost: pd.DataFrame, platform_names: dict[str, str]) -> pd.DataFrame:
    """Each platform's range of nominal APRs and of interest in yuan, one row per platform."""
    wide = cost.pivot(index="platform", columns="end", values="total_interest_yuan")  # noqa: PD010 (one value per cell)
    ranges = cost.pivot(index="platform", columns="end", values="apr").reset_index()  # noqa: PD010
    ranges["cost_low"] = wide.loc[ranges.platform, "low"].to_numpy()
    ranges["cost_high"] = wide.loc[ranges.platform, "high"].to_numpy()
    ranges["platform"] = ranges.platform.map(platform_names)
    return ranges


def platforms_above(ranges: pd.DataFrame, line_rate: float) -> list[str]:
    """The platforms whose quoted rates reach above a regulatory line."""
    return [str(name) for name, high in zip(ranges.platform, ranges.high, strict=True) if float(high) > line_rate]


def apr_figure(ranges: pd.DataFrame, lines: pd.DataFrame) -> Figure:
    """Each platform's APR range as a bar, with the regulatory lines as dashed rules."""
    top = max(float(ranges.high.max()), float(lines.apr.max())) * 1.2
    apr_bars = (
        alt.Chart(ranges)
        .mark_bar(size=18)
        .encode(
            y=alt.Y("platform:N", title="Platform"),
            x=alt.X("low:Q", title="Nominal APR", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, top])),
            x2="high:Q",
            tooltip=[
                alt.Tooltip("platform:N", title="Platform"),
                alt.Tooltip("low:Q", format=".2%", title="APR from"),
                alt.Tooltip("high:Q", format=".2%", title="APR to"),
                alt.Tooltip("cost_low:Q", format=",.2f", title="Interest from (yuan)"),
                alt.Tooltip("cost_high:Q", format=",.2f", title="Interest to (yuan)"),
            ],
        )
    )
    rules = (
        alt.Chart(lines)
        .mark_rule(strokeDash=[5, 3])
        .encode(
            x="apr:Q",
            color=alt.Color("line:N", title="Regulatory line", legend=alt.Legend(columns=1)),  # long names: one a row
            tooltip=[alt.Tooltip("line:N", title="Line"), alt.Tooltip("apr:Q", format=".2%", title="Annual rate")],
        )
    )
    spans = [
        f"{name} {formatted(float(low), '.2%')} to {formatted(float(high), '.2%')}"
        for name, low, high in zip(ranges.platform, ranges.low, ranges.high, strict=True)
    ]
    chart = (apr_bars + rules).properties(
        title="Each platform's quoted rates as annual rates, against regulatory lines",
        description="Horizontal bars of each platform's nominal APR range ("
        + ", ".join(spans)
        + ") with dashed vertical rules at "
        + ", ".join(f"{r.line} ({r.apr:.1%})" for r in lines.itertuples())
        + ".",
        width=480,
        height=160,
    )
    caption = (
        "Each platform's quoted daily rates as nominal annual rates (bars), with the regulatory lines dashed: "
        + ", ".join(f"{r.line} at {r.apr:.1%}" for r in lines.itertuples())
        + "."
    )
    return Figure(chart, caption)
