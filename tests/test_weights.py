"""Tests of model.weights."""

import pytest

from model.errors import ModelInputError
from model.weights import eligibility_score, missing_share_readings, missing_weight, pass_fail_share_of_maximum, total_weight


def test_total_and_missing() -> None:
    assert total_weight() == 0.9
    assert missing_weight() == 0.1


def test_every_reading_sums_to_one() -> None:
    for reading in missing_share_readings():
        assert sum(reading.weights.values()) == pytest.approx(1.0), reading.key


@pytest.mark.parametrize(
    ("real_name", "score", "months", "expected"),
    [(True, 550, 6, 0.9), (True, 549, 6, 0.5), (True, 700, 5, 0.7), (False, 300, 0, 0.0), (False, 850, 12, 0.6)],
)
def test_eligibility_score(real_name: bool, score: float, months: int, expected: float) -> None:
    assert eligibility_score(real_name, score, months) == pytest.approx(expected)


def test_pass_fail_share() -> None:
    # (40% + 20%) / 90% = 2/3.
    assert pass_fail_share_of_maximum() == pytest.approx(2 / 3)


@pytest.mark.parametrize(("score", "months", "field"), [(200, 6, "pay_score"), (600, -1, "active_months")])
def test_bad_input(score: float, months: int, field: str) -> None:
    with pytest.raises(ModelInputError, match=rf"^{field}: expected"):
        eligibility_score(True, score, months)
