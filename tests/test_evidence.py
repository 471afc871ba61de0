"""The evidence rules: each condition, worked by hand, and the verdicts they bound."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.assumptions import Assumptions
from model.checks import CheckContext, Verdict, run_check
from model.claims import assertion_of, registry_records
from model.evidence import Assertion, Condition, assess, years_between
from model.params import default_assumptions
from model.references import reference

CLAIM_DATE = dt.date(2023, 12, 31)


def with_(**changes: object) -> Assumptions:
    return default_assumptions().model_copy(update=changes)


def test_the_bank_wide_ratio_cannot_decide_the_products_bad_debt_rate() -> None:
    # WeBank's NPL ratio (end-2021) against Weilidai's bad-debt rate (2023): three conditions fail.
    claim = Assertion("bad-debt rate", "微粒贷 (Weilidai)", CLAIM_DATE)
    found = assess(reference("webank_npl_2021"), claim, default_assumptions())
    assert found.failed == (Condition.METRIC, Condition.SUBJECT, Condition.PERIOD)
    assert "other metric (non-performing-loan ratio, not bad-debt rate)" in found.summary()


def test_a_matching_source_decides() -> None:
    claim = Assertion("monthly active accounts", "微信 (WeChat)", CLAIM_DATE)
    assert assess(reference("wechat_mau_2023"), claim, default_assumptions()).decisive


def test_confidence_below_the_assumption_fails() -> None:
    claim = Assertion("brand owner", "借呗 (Jiebei)", CLAIM_DATE)  # one news report: medium-high, as the scale defines high
    assert assess(reference("jiebei_brand_ant"), claim, with_(decisive_confidence="high")).failed == (Condition.CONFIDENCE,)
    assert assess(reference("jiebei_brand_ant"), claim, default_assumptions()).decisive


def test_an_undated_page_never_decides() -> None:
    claim = Assertion("daily rates offered", "微粒贷 (Weilidai)", CLAIM_DATE)
    lenient = with_(decisive_confidence="low", max_standing_age_years=15.0)
    found = assess(reference("weilidai_rate_range"), claim, lenient)
    assert found.failed == (Condition.PERIOD,)
    assert "undated" in found.summary()


def test_a_rule_decides_for_the_subjects_it_covers_once_in_force() -> None:
    claim = Assertion("credit lines offered", "微粒贷 (Weilidai)", CLAIM_DATE)
    assert assess(reference("cbirc_internet_loans_2020"), claim, default_assumptions()).decisive
    early = Assertion("credit lines offered", "微粒贷 (Weilidai)", dt.date(2019, 1, 1))
    assert assess(reference("cbirc_internet_loans_2020"), early, default_assumptions()).failed == (Condition.PERIOD,)


def test_years_between_is_symmetric() -> None:
    a, b = dt.date(2020, 6, 30), dt.date(2023, 12, 31)
    assert years_between(a, b) == years_between(b, a) == pytest.approx(3.50, abs=0.01)


@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)).filter(lambda d: (d.month, d.day) != (2, 29)), st.integers(0, 10))
def test_the_same_day_years_later_is_a_whole_number_of_years(day: dt.date, years: int) -> None:
    """Two year-end figures lie one year apart (an average year of 365.25 days put them 0.9993 apart)."""
    assert years_between(day, day.replace(year=day.year + years)) == years


@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)), st.integers(1, 4000), st.integers(1, 400))
def test_a_later_date_is_never_fewer_years_away(start: dt.date, days: int, more: int) -> None:
    near, far = start + dt.timedelta(days=days), start + dt.timedelta(days=days + more)
    assert 0 < years_between(start, near) < years_between(start, far)
    assert abs(years_between(start, near) - days / 365.25) < 0.01  # close to the average year, never far


@given(st.floats(0, 5), st.floats(0, 15), st.sampled_from(["low", "low-medium", "medium", "medium-high", "high"]))
def test_looser_assumptions_never_fail_more_conditions(gap: float, age: float, confidence: str) -> None:
    # Raising a limit can only remove failed conditions, never add one.
    strict = with_(max_figure_gap_years=0.0, max_standing_age_years=0.0, decisive_confidence="high")
    loose = with_(max_figure_gap_years=gap, max_standing_age_years=age, decisive_confidence=confidence)
    for record in registry_records().values():
        if record.asserts is None:
            continue
        claim = CheckContext(default_assumptions(), assertion_of(record)).asserts  # dated by the judgement article_date
        for ref_id in ("webank_npl_2021", "wechat_mau_2023", "payscore_550_deposit_free", "jd_jintiao_rate_range"):
            ref = reference(ref_id)
            assert set(assess(ref, claim, loose).failed) <= set(assess(ref, claim, strict).failed)


class TestSupportNeedsASourceThatStatesTheClaim:
    @pytest.mark.parametrize("claim_id", ["C22", "C23", "C24"])
    def test_a_range_that_contains_the_claim_is_not_support(self, claim_id: str) -> None:
        record = registry_records()[claim_id]
        result = run_check(record.check, record.check_args, CheckContext(default_assumptions(), assertion_of(record)))
        assert result.verdict == Verdict.UNVERIFIABLE
        assert any(Condition.STATES in a.failed for a in result.evidence)

    def test_confidence_is_that_of_the_deciding_source(self) -> None:
        # C27 is decided by the rule (high); the aggregator-free line range it also touched does not lower it.
        record = registry_records()["C27"]
        result = run_check(record.check, record.check_args, CheckContext(default_assumptions(), assertion_of(record)))
        assert result.verdict == Verdict.CONTRADICTED
        assert result.decided_by == ("cbirc_internet_loans_2020",)
        assert result.confidence == "high"

    def test_an_undecided_claim_has_no_confidence(self) -> None:
        record = registry_records()["C41"]
        result = run_check(record.check, record.check_args, CheckContext(default_assumptions(), assertion_of(record)))
        assert (result.verdict, result.confidence) == (Verdict.UNVERIFIABLE, "none")
