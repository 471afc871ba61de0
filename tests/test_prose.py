"""report.prose: sentences that must say what the figures beside them say."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from model import rates
from report.prose import bullet_explained


def _irr(method: str, daily_rate: float, term: int, free_days: int) -> float:
    schedule = rates.repayment_schedule(10_000.0, daily_rate, term, method, interest_free_days=free_days, days_per_year=365)
    return float(rates.apr_by_irr(schedule.principal, schedule.payment)[0])


@settings(max_examples=60, deadline=None)
@given(
    daily_rate=st.sampled_from([0.0001, 0.00015, 0.0003, 0.0005, 0.001]),
    term=st.integers(1, 36),
    free_days=st.sampled_from([0, 7, 14, 30]),
)
def test_the_bullet_explanation_says_what_the_rates_show(daily_rate: float, term: int, free_days: int) -> None:
    """Chapter 4's sentence on the bullet's APR, decided as the chapter decides it, never contradicts the two APRs."""
    bullet, instalment = _irr("bullet", daily_rate, term, free_days), _irr("equal_instalment", daily_rate, term, free_days)
    text = bullet_explained(bullet < instalment - 5e-5, True, term)
    if term == 1:
        assert text.startswith("With a term of one month")
        assert abs(bullet - instalment) < 5e-5
    elif "so it comes out lower" in text:
        assert bullet < instalment
    else:
        assert "not the lowest" in text
        assert bullet >= instalment - 5e-5
        assert free_days > 0  # only interest-free days at the start can lift the bullet's APR above the instalments'


def test_the_top_tier_borrower_gets_the_interest_free_explanation() -> None:
    """The article's top tier (0.015% a day, 14 interest-free days, 12 months): the bullet's APR is not the lowest."""
    bullet, instalment = _irr("bullet", 0.00015, 12, 14), _irr("equal_instalment", 0.00015, 12, 14)
    assert round(bullet, 4) == 0.0514
    assert round(instalment, 4) == 0.0508
    text = bullet_explained(bullet < instalment - 5e-5, True, 12)
    assert "one month" not in text
    assert text.startswith("Here the bullet's APR by IRR is not the lowest")
