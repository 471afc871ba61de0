"""Tests of model.competitors."""

import numpy as np
import numpy_financial as npf
import pytest

from model.competitors import loan_cost_by_platform, platform, regulatory_apr_lines, user_base_comparison
from model.errors import ModelInputError
from model.params import default_assumptions


def test_loan_cost_matches_numpy_financial() -> None:
    table = loan_cost_by_platform(10_000, 12)
    for row in table.itertuples():
        r = row.daily_rate * 365 / 12
        expected = -12 * npf.pmt(r, 12, 10_000) - 10_000
        assert row.total_interest_yuan == pytest.approx(expected, rel=1e-10)


def test_cost_ordering_follows_rates() -> None:
    table = loan_cost_by_platform(50_000, 24, "equal_principal")
    order = np.argsort(table.daily_rate.to_numpy())
    assert np.all(np.diff(table.total_interest_yuan.to_numpy()[order]) >= 0)


def test_user_bases() -> None:
    table = user_base_comparison(default_assumptions().agreement_tolerance).set_index("platform")
    assert table.loc["wechat", "relative_difference"] == pytest.approx(1280 / 1343 - 1)
    assert table.loc["alipay", "relative_difference"] == pytest.approx(
        950 / 1000 - 1
    )  # over 1 billion annual users, the one count read
    assert table.loc["jd", "confidence"] == "none"  # no count of JD's was read: no figure rather than an unread one
    assert np.isnan(table.loc["jd", "reference_low_persons"])


def test_regulatory_lines() -> None:
    lines = regulatory_apr_lines().set_index("line").apr
    assert lines["4 x one-year LPR (courts' cap on private lending, not on licensed lenders)"] == pytest.approx(0.138)
    assert lines["24% ceiling (window guidance to consumer finance companies, reported in 2021)"] == 0.24


def test_unknown_platform() -> None:
    with pytest.raises(ModelInputError, match="platform: expected one of wechat, alipay, jd, got 'baidu'"):
        platform("baidu")
