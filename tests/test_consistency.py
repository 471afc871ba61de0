"""Tests of model.consistency: the 550 puzzle and the uplift readings."""

import pytest
from hypothesis import given

from model.consistency import simulate_applicants, strict_threshold_feasible, threshold_readings, uplift_readings
from model.errors import ModelInputError
from tests import strategies as st_


def test_article_figures_are_inconsistent_under_strict_readings() -> None:
    r = {x.key: x for x in threshold_readings()}
    assert r["applicants_strict"].bound == pytest.approx(0.18)
    assert not r["applicants_strict"].feasible
    assert not r["approved_strict"].feasible
    # (0.673 - 0.18) / 0.82, by hand: 0.493 / 0.82 = 0.60122.
    assert r["applicants_soft"].bound == pytest.approx(0.493 / 0.82)
    assert r["population_selfselect"].bound == pytest.approx(0.673 / 0.18)
    assert not strict_threshold_feasible()


def test_consistent_figures_are_feasible() -> None:
    assert strict_threshold_feasible(success_rate=0.15, share_below=0.82)


@given(st_.fractions, st_.fractions, st_.fractions)
def test_strict_bound_is_a_valid_rate(s: float, b: float, a: float) -> None:
    r = {x.key: x for x in threshold_readings(s, b, a)}
    assert 0.0 <= r["applicants_strict"].bound <= 1.0
    assert r["applicants_strict"].feasible == (s <= (1 - b) * a + 1e-12)


@given(st_.fractions, st_.fractions)
def test_simulation_agrees_with_strict_bound(mean_shift: float, above: float) -> None:
    sim = simulate_applicants(20_000, 400 + 300 * mean_shift, 80, pass_rate_above=above, seed=7)
    r = {x.key: x for x in threshold_readings(sim.success_rate, sim.share_below, above)}
    assert sim.success_rate <= r["applicants_strict"].bound + 0.02  # sampling noise only
    assert sim.share_below_among_approved == 0.0


def test_simulation_is_reproducible() -> None:
    a = simulate_applicants(1000, 475, 82, seed=3)
    b = simulate_applicants(1000, 475, 82, seed=3)
    assert (a.scores == b.scores).all()
    assert (a.approved == b.approved).all()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"n": 0}, "population_size"),
        ({"score_sd": 0}, "score_sd"),
        ({"pass_rate_above": 1.5}, "pass_rate_above"),
        ({"score_mean": 900}, "score_mean"),
    ],
)
def test_simulation_bad_input(kwargs: dict[str, float], field: str) -> None:
    args = {"n": 100, "score_mean": 475.0, "score_sd": 82.0} | kwargs
    with pytest.raises(ModelInputError, match=rf"^{field}: expected"):
        simulate_applicants(**args)  # type: ignore[arg-type]


def test_uplift_readings() -> None:
    rel, pp = uplift_readings(0.673, 0.27)
    assert rel.result == pytest.approx(0.673 * 1.27)
    assert pp.result == pytest.approx(0.943)
    assert rel.feasible
    assert pp.feasible
    assert not uplift_readings(0.9, 0.27)[1].feasible


def test_bad_fraction() -> None:
    with pytest.raises(ModelInputError, match=r"success_rate: expected a fraction from 0 to 1, got 1\.2"):
        threshold_readings(success_rate=1.2)
