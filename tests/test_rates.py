"""Tests of model.rates: hand-worked examples, numpy-financial as reference, properties."""

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.errors import ModelInputError
from model.rates import (
    REPAYMENT_METHODS,
    apr_by_irr,
    effective_annual_rate_from_daily_rate,
    monthly_rate_from_daily_rate,
    nominal_apr_from_daily_rate,
    repayment_schedule,
    schedule_totals,
)
from tests import strategies as st_


class TestNominalApr:
    def test_hand_worked(self) -> None:
        # 0.05% a day x 365 days = 18.25%; x 360 = 18%.
        assert nominal_apr_from_daily_rate(0.0005) == pytest.approx(0.1825)
        assert nominal_apr_from_daily_rate(0.0005, 360) == pytest.approx(0.18)

    def test_vectorised(self) -> None:
        out = nominal_apr_from_daily_rate([0.00015, 0.0002, 0.0008])
        np.testing.assert_allclose(out, [0.05475, 0.073, 0.292])

    def test_rejects_negative_rate(self) -> None:
        with pytest.raises(ModelInputError, match=r"daily_rate: expected finite numbers >= 0"):
            nominal_apr_from_daily_rate(-0.0001)

    def test_rejects_unknown_day_count(self) -> None:
        with pytest.raises(ModelInputError, match=r"days_per_year: expected one of \(360, 365\)"):
            nominal_apr_from_daily_rate(0.0005, 364)


class TestEffectiveAnnualRate:
    def test_hand_worked(self) -> None:
        # Monthly rate 0.0005 x 365 / 12 = 0.015208333; 1.015208333^12 = 1.1985664 (by hand: squared
        # 1.030648, to the 4th 1.062235, 8th 1.128343, times the 4th 1.198566), so 19.85664%.
        assert effective_annual_rate_from_daily_rate(0.0005) == pytest.approx(0.1985664, abs=1e-7)

    def test_equals_the_irr_of_an_equal_instalment_loan_compounded_monthly(self) -> None:
        # numpy-financial's irr of the loan's cash flows is the monthly rate; compounded twelve times it is the EAR.
        import numpy_financial as npf

        s = repayment_schedule(10_000, 0.0005, 12)
        monthly = npf.irr([-10_000.0, *s.payment[0]])
        assert effective_annual_rate_from_daily_rate(0.0005) == pytest.approx((1 + monthly) ** 12 - 1, abs=1e-9)

    def test_zero(self) -> None:
        assert effective_annual_rate_from_daily_rate(0.0) == 0.0

    @given(st_.positive_daily_rates)
    def test_exceeds_nominal(self, d: float) -> None:
        assert effective_annual_rate_from_daily_rate(d) > nominal_apr_from_daily_rate(d)


class TestRepaymentScheduleExamples:
    def test_equal_instalment_hand_worked(self) -> None:
        # r = 0.0005 x 365 / 12 = 0.0152083; A = 10000 r / (1 - (1 + r)^-12) = 917.99 (by hand).
        s = repayment_schedule(10_000, 0.0005, 12)
        assert s.payment[0, 0] == pytest.approx(917.99, abs=0.005)
        assert s.interest[0, 0] == pytest.approx(152.08, abs=0.005)  # 10000 x r
        assert s.total_interest[0] == pytest.approx(12 * 917.99 - 10_000, abs=0.1)

    def test_equal_principal_hand_worked(self) -> None:
        # 1000 a month; interest r x 1000 x (12 + 11 + ... + 1) = r x 78000 = 1186.25.
        s = repayment_schedule(12_000, 0.0005, 12, "equal_principal")
        np.testing.assert_allclose(s.principal_repaid[0], 1000.0)
        assert s.interest[0, 0] == pytest.approx(182.5)
        assert s.total_interest[0] == pytest.approx(1186.25)

    def test_interest_only_hand_worked(self) -> None:
        # 10000 x r = 152.0833 a month for 3 months, principal with the last payment.
        s = repayment_schedule(10_000, 0.0005, 3, "interest_only")
        np.testing.assert_allclose(s.interest[0], 152.083333, rtol=1e-6)
        np.testing.assert_allclose(s.principal_repaid[0], [0, 0, 10_000])

    def test_bullet_with_interest_free_days_hand_worked(self) -> None:
        # 3 months of 30.4167 days = 91.25 days, 7 free: 10000 x 0.0005 x 84.25 = 421.25.
        s = repayment_schedule(10_000, 0.0005, 3, "bullet", interest_free_days=7)
        np.testing.assert_allclose(s.payment[0], [0, 0, 10_421.25])

    def test_zero_rate(self) -> None:
        s = repayment_schedule(12_000, 0.0, 12)
        np.testing.assert_allclose(s.payment[0], 1000.0)
        assert s.total_interest[0] == 0.0

    def test_mixed_terms_pad_with_zeros(self) -> None:
        s = repayment_schedule([1000, 2000], 0.0005, [2, 4])
        assert s.payment.shape == (2, 4)
        np.testing.assert_array_equal(s.payment[0, 2:], 0.0)
        assert s.to_frame(0).shape == (2, 5)

    def test_interest_free_days_in_first_month_of_instalments(self) -> None:
        # 7 of 30.4167 days free: the first month's interest drops by 7/30.4167.
        base = repayment_schedule(10_000, 0.0005, 12)
        free = repayment_schedule(10_000, 0.0005, 12, interest_free_days=7)
        assert free.interest[0, 0] == pytest.approx(base.interest[0, 0] * (1 - 7 / (365 / 12)))
        np.testing.assert_allclose(free.interest[0, 1:], base.interest[0, 1:])


class TestRepaymentScheduleAgainstNumpyFinancial:
    @pytest.mark.parametrize(("principal", "daily", "n"), [(10_000, 0.0005, 12), (200_000, 0.0002, 36), (500, 0.00045, 3)])
    def test_equal_instalment_matches_pmt_ipmt_ppmt(self, principal: float, daily: float, n: int) -> None:
        r = float(monthly_rate_from_daily_rate(daily))
        s = repayment_schedule(principal, daily, n)
        per = np.arange(1, n + 1)
        np.testing.assert_allclose(s.payment[0], -npf.pmt(r, n, principal), rtol=1e-10)
        np.testing.assert_allclose(s.interest[0], -npf.ipmt(r, per, n, principal), rtol=1e-9)
        np.testing.assert_allclose(s.principal_repaid[0], -npf.ppmt(r, per, n, principal), rtol=1e-9)

    @pytest.mark.parametrize("method", REPAYMENT_METHODS)
    def test_irr_apr_matches_npf_irr(self, method: str) -> None:
        s = repayment_schedule(10_000, 0.0005, 12, method, interest_free_days=10)
        reference = 12 * npf.irr(np.concatenate([[-10_000.0], s.payment[0]]))
        assert apr_by_irr(s.principal, s.payment)[0] == pytest.approx(reference, abs=1e-9)


class TestRepaymentScheduleProperties:
    @given(st_.principals, st_.daily_rates, st_.terms, st_.methods, st_.free_days)
    def test_principal_repaid_exactly(self, p: float, d: float, n: int, method: str, free: int) -> None:
        s = repayment_schedule(p, d, n, method, interest_free_days=free)
        assert s.principal_repaid.sum() == pytest.approx(p, rel=1e-12)
        assert s.balance[0, n - 1] == 0.0
        assert np.all(s.balance >= -1e-6 * p)

    @given(st_.principals, st_.daily_rates, st_.daily_rates, st_.terms, st_.methods)
    def test_interest_rises_with_rate(self, p: float, d1: float, d2: float, n: int, method: str) -> None:
        lo, hi = sorted((d1, d2))
        s = repayment_schedule(p, [lo, hi], n, method)
        assert s.total_interest[0] <= s.total_interest[1] + 1e-9 * p

    @given(st_.principals, st_.positive_daily_rates, st_.terms, st_.terms, st_.methods)
    def test_interest_rises_with_term(self, p: float, d: float, n1: int, n2: int, method: str) -> None:
        lo, hi = sorted((n1, n2))
        s = repayment_schedule(p, d, [lo, hi], method)
        assert s.total_interest[0] <= s.total_interest[1] + 1e-9 * p

    @given(st_.principals, st_.positive_daily_rates, st_.terms)
    def test_irr_apr_of_equal_instalments_is_nominal_rate(self, p: float, d: float, n: int) -> None:
        s = repayment_schedule(p, d, n)
        assert apr_by_irr(s.principal, s.payment)[0] == pytest.approx(float(nominal_apr_from_daily_rate(d)), rel=1e-8)

    @given(st_.principals, st_.daily_rates, st_.terms, st_.methods, st_.free_days)
    def test_interest_free_days_never_raise_cost(self, p: float, d: float, n: int, method: str, free: int) -> None:
        s = repayment_schedule(p, d, n, method, interest_free_days=[0, free])
        assert s.total_interest[1] <= s.total_interest[0] + 1e-9

    @settings(max_examples=25)
    @given(st.lists(st.tuples(st_.principals, st_.daily_rates, st_.terms), min_size=1, max_size=20), st_.methods)
    def test_vectorised_equals_one_by_one(self, loans: list[tuple[float, float, int]], method: str) -> None:
        p, d, n = (np.array(x) for x in zip(*loans))
        together = repayment_schedule(p, d, n, method)
        for i, (pi, di, ni) in enumerate(loans):
            alone = repayment_schedule(pi, di, ni, method)
            np.testing.assert_allclose(together.payment[i, :ni], alone.payment[0], rtol=1e-12)


class TestScheduleTotalsInBlocks:
    @given(
        st.lists(st.tuples(st_.principals, st_.daily_rates, st_.terms, st_.free_days), min_size=1, max_size=30),
        st_.methods,
        st.integers(1, 40),
    )
    def test_blocks_give_the_whole_schedules_totals(
        self, loans: list[tuple[float, float, int, float]], method: str, chunk: int
    ) -> None:
        p, d, n, f = (np.array(x) for x in zip(*loans))
        whole = repayment_schedule(p, d, n, method, interest_free_days=f)
        blocks = schedule_totals(p, d, n, method, interest_free_days=f, chunk_loans=chunk)
        np.testing.assert_allclose(blocks.total_interest, whole.total_interest, rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(blocks.total_paid, whole.total_paid, rtol=1e-12)
        np.testing.assert_allclose(blocks.first_payment, whole.payment[:, 0], rtol=1e-12)
        np.testing.assert_allclose(blocks.largest_payment, whole.payment.max(axis=1), rtol=1e-12)

    def test_memory_is_bounded_by_the_block_not_the_loans(self) -> None:
        """Measured side by side: the whole schedules of 100,000 36-month loans against their totals in blocks."""
        import tracemalloc

        n = 100_000
        p, d, t = np.full(n, 10_000.0), np.full(n, 0.0005), np.full(n, 36)

        def peak(func: object) -> int:
            tracemalloc.start()
            try:
                func()  # type: ignore[operator]
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

        whole = peak(lambda: repayment_schedule(p, d, t))
        blocks = peak(lambda: schedule_totals(p, d, t))
        assert blocks < whole / 5  # about 4 x 29 MB of schedules against a few MB of blocks and 3 MB of totals

    def test_a_bad_block_size_is_refused(self) -> None:
        with pytest.raises(ModelInputError, match="chunk_loans"):
            schedule_totals(1000, 0.0005, 12, chunk_loans=0)


class TestRepaymentScheduleBadInput:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"principal": -5}, r"principal: expected finite numbers > 0"),
            ({"principal": float("nan")}, r"principal: expected finite numbers > 0"),
            ({"daily_rate": -0.001}, r"daily_rate: expected finite numbers >= 0"),
            ({"term_months": 0}, r"term_months: expected finite numbers >= 1"),
            ({"term_months": 2.5}, r"term_months: expected whole numbers from 1 to 360"),
            (
                {"method": "balloon"},
                r"method: expected one of equal_instalment, equal_principal, interest_only, bullet, got 'balloon'",
            ),
            ({"interest_free_days": -1}, r"interest_free_days: expected finite numbers >= 0"),
        ],
    )
    def test_error_names_field(self, kwargs: dict[str, object], message: str) -> None:
        args: dict[str, object] = {"principal": 1000, "daily_rate": 0.0005, "term_months": 12, "method": "equal_instalment"}
        with pytest.raises(ModelInputError, match=message):
            repayment_schedule(**(args | kwargs))  # type: ignore[arg-type]


class TestAprByIrr:
    def test_zero_interest(self) -> None:
        assert apr_by_irr(1200, np.full((1, 12), 100.0))[0] == pytest.approx(0.0, abs=1e-12)

    def test_bullet_closed_form(self) -> None:
        # One payment of 1100 after 12 months: (1100/1000)^(1/12) - 1 per month.
        payments = np.zeros((1, 12))
        payments[0, -1] = 1100.0
        assert apr_by_irr(1000, payments)[0] == pytest.approx(12 * (1.1 ** (1 / 12) - 1), rel=1e-10)

    @given(st_.principals, st_.positive_daily_rates, st_.terms, st_.methods)
    def test_identity_npv_of_irr_is_zero(self, p: float, d: float, n: int, method: str) -> None:
        s = repayment_schedule(p, d, n, method)
        x = apr_by_irr(s.principal, s.payment)[0] / 12
        npv = -p + float((s.payment[0] / (1 + x) ** np.arange(1, s.payment.shape[1] + 1)).sum())
        assert npv == pytest.approx(0.0, abs=1e-6 * p)


class TestDayCounts:
    def test_calendar_days_hand_worked(self) -> None:
        # Equal principal, 10,000 yuan from 1 January 2024: January 10,000 x 0.0005 x 31 = 155.00;
        # February (29 days, a leap year) on 5,000 left: 5,000 x 0.0005 x 29 = 72.50.
        from model.rates import calendar_day_interest

        assert calendar_day_interest(10_000, 0.0005, 2, "equal_principal") == pytest.approx(227.5, abs=1e-9)

    @given(st.integers(1, 12), st.integers(1, 36), st.floats(100, 1e6), st.floats(0, 0.001))
    def test_a_bullet_by_calendar_days_is_simple_interest_for_the_days_between_the_dates(
        self, start: int, term: int, amount: float, daily: float
    ) -> None:
        import datetime as dt

        from model.rates import calendar_day_interest

        first = dt.date(2024, start, 1)
        end_index = start - 1 + term
        last = dt.date(2024 + end_index // 12, end_index % 12 + 1, 1)
        expected = amount * daily * (last - first).days
        assert calendar_day_interest(amount, daily, term, "bullet", start_month=start) == pytest.approx(expected, rel=1e-9)

    def test_the_spread_on_the_example_loan(self) -> None:
        from model.rates import day_count_spread

        s = day_count_spread(10_000, 0.0005, 12)
        assert s.thirty == pytest.approx(float(repayment_schedule(10_000, 0.0005, 12, days_per_year=360).total_interest[0]))
        assert (round(s.low, 2), round(s.high, 2)) == (1001.60, 1022.49)
        assert s.low <= s.twelfth <= s.high
