"""model.offers against hand-worked values, numpy-financial and hypothesis properties."""

from __future__ import annotations

import hypothesis.strategies as st
import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings

from model.errors import ModelInputError
from model.offers import Offer, offer, price_offer


def test_card_instalment_by_hand() -> None:
    # 10,000 yuan, 12 months, a fee of 0.6% of the amount a month: 833.33 + 60 a month, 720 yuan in all.
    cost = price_offer(offer(amount_yuan=10_000, rate=0, method="flat", term_months=12, monthly_fee_rate=0.006))
    assert cost.payment[0] == pytest.approx(10_000 / 12 + 60)
    assert cost.total_cost_yuan == pytest.approx(720.0)
    # about 13% a year by IRR, though the fee reads as 7.2% a year
    assert cost.apr_by_irr == pytest.approx(12 * npf.irr([-10_000, *cost.payment]), abs=1e-12)
    assert round(cost.apr_by_irr, 4) == 0.1303
    assert cost.simple_annual_rate == pytest.approx(720 / (10_000 * 13 / 2 / 12))


def test_flat_rate_offer_by_hand() -> None:
    # 等本等息: 12,000 yuan at 1% a month flat over 12 months: 1,000 + 120 a month.
    cost = price_offer(offer(amount_yuan=12_000, rate=0.01, rate_per="month", method="flat", term_months=12))
    assert np.allclose(cost.payment, 1_120.0)
    assert cost.total_cost_yuan == pytest.approx(1_440.0)
    assert cost.apr_by_irr == pytest.approx(12 * npf.irr([-12_000, *[1_120.0] * 12]), abs=1e-12)
    assert cost.apr_by_irr > 0.21  # nearly twice the 12% the flat rate suggests


def test_equal_instalment_payment_is_numpy_financials_pmt() -> None:
    quote = offer(amount_yuan=10_000, rate=0.0005, term_months=12)
    cost = price_offer(quote)
    assert cost.payment[0] == pytest.approx(float(-npf.pmt(quote.monthly_rate, 12, 10_000)), abs=1e-9)
    assert cost.apr_by_irr == pytest.approx(0.1825, abs=1e-12)
    assert cost.effective_annual_rate == pytest.approx((1 + 0.1825 / 12) ** 12 - 1, abs=1e-12)


def test_rates_quoted_per_day_month_and_year_agree() -> None:
    by_day = price_offer(offer(amount_yuan=10_000, rate=0.0005, rate_per="day", term_months=6))
    by_month = price_offer(offer(amount_yuan=10_000, rate=0.0005 * 365 / 12, rate_per="month", term_months=6))
    by_year = price_offer(offer(amount_yuan=10_000, rate=0.1825, rate_per="year", term_months=6))
    assert np.allclose(by_day.payment, by_month.payment)
    assert np.allclose(by_day.payment, by_year.payment)


def test_a_fee_at_drawdown_raises_the_apr() -> None:
    plain = price_offer(offer(amount_yuan=10_000, rate=0.0005, term_months=12))
    fee = price_offer(offer(amount_yuan=10_000, rate=0.0005, term_months=12, upfront_fee_rate=0.02))
    assert fee.received_yuan == pytest.approx(9_800.0)
    assert fee.total_cost_yuan == pytest.approx(plain.total_cost_yuan + 200.0)
    assert fee.apr_by_irr == pytest.approx(12 * npf.irr([-9_800, *fee.payment]), abs=1e-12)
    assert fee.apr_by_irr > plain.apr_by_irr


def test_early_repayment_of_a_flat_offer_by_hand() -> None:
    # after 6 of 12 months of 1,000 + 120, the balance of 6,000 and a 1% fee on it
    cost = price_offer(
        offer(
            amount_yuan=12_000,
            rate=0.01,
            rate_per="month",
            method="flat",
            term_months=12,
            repaid_after_month=6,
            early_repayment_fee_rate=0.01,
        )
    )
    assert len(cost.payment) == 6
    assert cost.payment[-1] == pytest.approx(1_120.0 + 6_000.0 + 60.0)
    assert cost.total_cost_yuan == pytest.approx(6 * 120.0 + 60.0)
    assert cost.balance[-1] == 0.0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount_yuan": 0, "rate": 0.0005, "term_months": 12}, "offer.amount_yuan"),
        ({"amount_yuan": 1_000, "rate": -0.1, "term_months": 12}, "offer.rate"),
        ({"amount_yuan": 1_000, "rate": 0.0005, "term_months": 0}, "offer.term_months"),
        ({"amount_yuan": 1_000, "rate": "lots", "term_months": 12}, "offer.rate"),
        ({"amount_yuan": 1_000, "rate": 0.05, "term_months": 12}, "offer: expected a rate per day of at most 0.01"),
        ({"amount_yuan": 1_000, "rate": 0.0005, "term_months": 12, "repaid_after_month": 12}, "an early repayment before"),
        ({"amount_yuan": 1_000, "rate": 0.0005, "term_months": 12, "upfront_fee_yuan": 1_000}, "fees at drawdown below"),
    ],
)
def test_bad_offers_are_refused_in_one_line(fields: dict[str, object], field: str) -> None:
    with pytest.raises(ModelInputError) as caught:
        offer(**fields)
    assert field in str(caught.value)
    assert "\n" not in str(caught.value)


offers = st.builds(
    Offer,
    amount_yuan=st.floats(100, 1_000_000),
    rate=st.floats(0, 0.001),
    rate_per=st.just("day"),
    method=st.sampled_from(["equal_instalment", "equal_principal", "flat"]),
    term_months=st.integers(1, 36),
    upfront_fee_rate=st.floats(0, 0.05),
    monthly_fee_rate=st.floats(0, 0.01),
)


@settings(max_examples=200, deadline=None)
@given(offers)
def test_apr_is_numpy_financials_irr_for_any_offer(quote: Offer) -> None:
    cost = price_offer(quote)
    upfront = quote.amount_yuan - cost.received_yuan
    assert cost.total_paid_yuan == pytest.approx(cost.payment.sum() + upfront, rel=1e-12)
    assert np.allclose(cost.payment, cost.interest + cost.principal_repaid + cost.fees)
    assert cost.principal_repaid.sum() == pytest.approx(quote.amount_yuan, rel=1e-9)
    assert cost.total_cost_yuan >= -1e-6
    reference = 12 * npf.irr([-cost.received_yuan, *cost.payment])
    if np.isfinite(reference):
        assert cost.apr_by_irr == pytest.approx(reference, abs=1e-8)


reducing_offers = st.builds(
    Offer,
    amount_yuan=st.floats(100, 1_000_000),
    rate=st.floats(0, 0.001),
    method=st.sampled_from(["equal_instalment", "equal_principal"]),
    term_months=st.integers(2, 36),
)


@settings(max_examples=100, deadline=None)
@given(reducing_offers, st.data())
def test_repaying_a_reducing_loan_early_without_a_fee_keeps_its_apr(quote: Offer, data: st.DataObject) -> None:
    month = data.draw(st.integers(1, quote.term_months - 1))
    full = price_offer(quote)
    early = price_offer(quote.model_copy(update={"repaid_after_month": month}))
    assert early.apr_by_irr == pytest.approx(full.apr_by_irr, abs=1e-9)  # interest runs on the balance: nothing is lost
    assert early.total_cost_yuan <= full.total_cost_yuan + 1e-6
