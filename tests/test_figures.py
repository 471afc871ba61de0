"""Tests of report/figures and the chapters' page elements: each chart agrees with its caption and the model's values."""

from __future__ import annotations

import pytest

from model import competitors, consistency, rates
from model.claims import verdict_counts
from model.params import default_assumptions, numeric_bounds
from model.risk import npl_ratios, ratios_below
from report.figures.competitors import apr_figure, apr_ranges, platforms_above
from report.figures.eligibility import feasible_figure
from report.figures.overview import verdicts_figure
from report.figures.risk import npl_figure, uplift_figure
from report.figures.tiers import slider_figure
from report.tiers import cheapest_and_dearest, line_verdict, methods_summary


def test_the_verdict_chart_counts_every_claim_and_says_so() -> None:
    counts = verdict_counts(assumptions=default_assumptions())
    figure = verdicts_figure(counts)
    data = next(iter(figure.chart.to_dict()["datasets"].values()))
    assert sum(row["claims"] for row in data) == sum(counts.values()) == 69
    assert all(f"{verdict} {n}" in figure.caption for verdict, n in counts.items())


def test_a_rise_read_as_points_is_impossible_above_the_whole() -> None:
    # 67.3% raised by 27: ×1.27 = 85.471%, +27 points = 94.3% (by hand); by 40: ×1.4 = 94.22%, +40 points = 107.3%.
    low = consistency.uplift_readings(0.673, 0.27)
    assert "Impossible" not in uplift_figure(0.673, 0.27, *low).caption
    high = consistency.uplift_readings(0.673, 0.4)
    assert uplift_figure(0.673, 0.4, *high).caption.endswith("Impossible here: percentage points (+40).")


def test_the_npl_caption_counts_the_ratios_below_the_bound() -> None:
    npl = npl_ratios()
    below = ratios_below(npl, 0.008)
    assert list(below.rate) == [0.0032]  # WeBank 2016 alone (Caixin): 0.32% < 0.8%
    assert "(bars, 1 of 5 below the line)" in npl_figure(npl, 0.008).caption


@pytest.mark.parametrize(("success", "share", "where"), [(0.673, 0.82, "outside"), (0.15, 0.82, "inside")])
def test_the_strict_rule_point_lies_where_the_caption_says(success: float, share: float, where: str) -> None:
    # A strict rule lets at most (1 - 0.82) × 1.0 = 18% succeed (by hand).
    figure = feasible_figure(success, share, 1.0, same=False)
    assert figure.caption.endswith(f"lies {where} it.")
    assert f"lies {where} the feasible area" in figure.chart.to_dict()["description"]


def test_only_jintiao_reaches_above_the_window_guidance_line() -> None:
    # JD Jintiao's 0.08% a day is 29.2% a year (by hand), above 24%; WeChat's 0.05% is 18.25%, Alipay's 0.06% 21.9%.
    cost = competitors.loan_cost_by_platform(10_000, 12)
    names = {p.key: p.name_en for p in competitors.platforms()}
    ranges = apr_ranges(cost, names)
    assert platforms_above(ranges, 0.24) == [names["jd"]]
    assert "24.0%" in apr_figure(ranges, competitors.regulatory_apr_lines()).caption
    assert line_verdict(0.1825, 0.24).startswith("All")
    assert line_verdict(0.292, 0.24).startswith("Some")


def test_the_methods_compared_name_the_cheapest_and_the_dearest() -> None:
    by_method = {m: rates.repayment_schedule(10_000, 0.0005, 12, m) for m in rates.REPAYMENT_METHODS}
    summary = methods_summary(by_method)
    cheapest, dearest = cheapest_and_dearest(summary)
    # Interest only and bullet both pay 10,000 × 0.05% × 365 days = 1,825 yuan, the most (by hand): a tie, named together.
    assert dearest == "interest only and bullet"
    assert summary.set_index("method").interest["bullet"] == pytest.approx(1825.0)
    assert cheapest == "equal principal"


def test_the_sliders_span_their_parameters() -> None:
    params = {p["name"]: p for p in slider_figure(10_000, 12, 0.0005, 365).chart.to_dict()["params"]}
    for name, parameter in (("amount", "loan_amount_yuan"), ("term", "term_months"), ("daily", "daily_rate")):
        assert (params[name]["bind"]["min"], params[name]["bind"]["max"]) == pytest.approx(numeric_bounds(parameter))


def test_the_robustness_chart_gives_each_range_in_the_units_the_ledger_writes() -> None:
    """Its tooltips read '10% to 66.7%' and '0 to 2.14 years', as the robustness sentences do, not bare 0.1 or 2.14."""
    from model.params import PARAMETER_UNITS, PERCENT_PARAMETERS
    from model.robustness import fragile, robustness
    from report.figures.ledger import robustness_figure

    assumptions = default_assumptions()
    chart = robustness_figure(fragile(robustness(assumptions)), assumptions).chart
    rows = chart.data.to_dict("records")
    numeric = [r for r in rows if any(ch.isdigit() for ch in r["values"])]
    assert numeric
    for row in numeric:
        name = next(n for n in (*PARAMETER_UNITS, *PERCENT_PARAMETERS) if row["row"].endswith(f" · {n}"))
        if name in PERCENT_PARAMETERS:
            assert all(part.endswith("%") for part in row["values"].split(" to ")), row
        else:
            assert row["values"].endswith(f" {PARAMETER_UNITS[name]}s") or row["values"].endswith(f" {PARAMETER_UNITS[name]}"), (
                row
            )


def test_the_user_chart_speaks_of_a_band_only_where_a_source_gives_two_counts() -> None:
    """Alipay's monthly count was withdrawn (never read): no band is drawn, so the caption promises none."""
    from report.figures.competitors import user_rows, users_figure

    rows = user_rows(competitors.user_base_comparison(default_assumptions().agreement_tolerance), competitors.platforms())
    assert "band" not in users_figure(rows).caption
    two_counts = rows.assign(ref_low_bn=rows.ref_high_bn * 0.7)
    assert "a band from monthly to annual users" in users_figure(two_counts).caption
