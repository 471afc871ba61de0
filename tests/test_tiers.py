"""Tests of model.tiers: classifier and coverage."""

import itertools

import pytest
from hypothesis import given

from model.article_schema import Tier
from model.errors import ModelInputError
from model.tiers import article_tiers, classify_borrower, tier_coverage
from tests import strategies as st_


class TestClassifyBorrower:
    @pytest.mark.parametrize(
        ("score", "assets", "expected"),
        [
            (550, 0, ("new",)),
            (600, 0, ("new",)),
            (601, 0, ()),
            (699, 0, ()),
            (700, 0, ("premium",)),
            (850, 0, ("premium",)),
            (549, 0, ()),
            (300, 500_000, ("platinum",)),
            (580, 500_000, ("new", "platinum")),
            (720, 499_999.99, ("premium",)),
        ],
    )
    def test_boundaries(self, score: int, assets: float, expected: tuple[str, ...]) -> None:
        assert classify_borrower(score, assets).tiers == expected

    @pytest.mark.parametrize(
        ("score", "assets", "field"), [(299, 0, "pay_score"), (851, 0, "pay_score"), (600, -1, "assets_yuan")]
    )
    def test_bad_profile(self, score: float, assets: float, field: str) -> None:
        with pytest.raises(ModelInputError, match=rf"^{field}: expected"):
            classify_borrower(score, assets)

    @given(st_.pay_scores, st_.assets)
    def test_classifier_agrees_with_coverage(self, score: int, assets: float) -> None:
        cell = next(c for c in tier_coverage().cells if c.score_lo <= score <= c.score_hi and c.assets_lo <= assets < c.assets_hi)
        assert classify_borrower(score, assets).tiers == cell.tiers


class TestTierCoverage:
    def test_gaps_and_overlaps_of_the_article(self) -> None:
        cov = tier_coverage()
        assert [(c.score_lo, c.score_hi, c.assets_lo) for c in cov.gaps] == [(300, 549, 0.0), (601, 699, 0.0)]
        assert [(c.score_lo, c.score_hi, c.tiers) for c in cov.overlaps] == [
            (550, 600, ("new", "platinum")),
            (700, 850, ("premium", "platinum")),
        ]
        assert cov.uncovered_score_points(0) == 250 + 99

    def test_cells_tile_the_plane(self) -> None:
        for lo in {c.assets_lo for c in tier_coverage().cells}:
            cells = sorted((c for c in tier_coverage().cells if c.assets_lo == lo), key=lambda c: c.score_lo)
            assert cells[0].score_lo == 300
            assert cells[-1].score_hi == 850
            assert all(a.score_hi + 1 == b.score_lo for a, b in itertools.pairwise(cells))

    def test_a_complete_tier_set_has_no_gaps(self) -> None:
        base = article_tiers()[0]
        whole = (base.model_copy(update={"min_score": None, "max_score": None}),)
        cov = tier_coverage(whole)
        assert not cov.gaps
        assert not cov.overlaps

    def test_tier_table_values(self) -> None:
        t = {x.key: x for x in article_tiers()}
        assert isinstance(t["new"], Tier)
        assert (t["new"].line_min_yuan, t["new"].line_max_yuan) == (500, 5000)
        assert t["platinum"].min_assets_yuan == 500_000


def test_the_pay_score_range_has_one_home_and_it_agrees_with_its_source() -> None:
    """300-850 is read from model.article_schema everywhere, and the source the book cites states the same range."""
    from model.article_schema import PAY_SCORE_MAX, PAY_SCORE_MIN
    from model.params import numeric_bounds
    from model.references import reference

    payscore = reference("payscore_range")
    assert (payscore.value("min_score"), payscore.value("max_score")) == (PAY_SCORE_MIN, PAY_SCORE_MAX)
    assert numeric_bounds("pay_score") == (PAY_SCORE_MIN, PAY_SCORE_MAX)
    assert numeric_bounds("population_score_mean") == (PAY_SCORE_MIN, PAY_SCORE_MAX)


@pytest.mark.parametrize("score", [300, 560, 650, 720, 850])
@pytest.mark.parametrize("assets", [0.0, 20_000.0, 600_000.0])
def test_a_borrowers_tiers_are_named_as_the_tier_table_names_them(score: int, assets: float) -> None:
    """Chapter 4 says which tiers the example borrower falls in by the table's names, never by the data's keys."""
    import re

    from report.tiers import borrower_status, tier_rows

    match = classify_borrower(score, assets)
    sentence = borrower_status(match)
    table_names = dict(zip((t.key for t in article_tiers()), tier_rows(365)["tier"], strict=True))
    assert [key for key in table_names if re.search(rf"\b{key}\b", sentence.replace(table_names[key], ""))] == []
    assert all(table_names[key] in sentence for key in match.tiers)
    assert sentence.startswith(("falls in no tier", "falls in one tier, ", "falls in several tiers at once: "))
