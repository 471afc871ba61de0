"""Tests of model.params: defaults, overrides and one-line errors."""

from pathlib import Path

import pytest

from model.errors import ModelInputError
from model.params import BookParameters, default_values, load_params, parameter_table


def test_defaults_file_is_complete_and_valid() -> None:
    assert set(default_values()) == set(BookParameters.model_fields)
    assert load_params().loan_amount_yuan == 10_000


def test_overrides_merge(tmp_path: Path) -> None:
    f = tmp_path / "my.yml"
    f.write_text("loan_amount_yuan: 50000\nrepayment_method: bullet\n", encoding="utf-8")
    p = load_params(f)
    assert (p.loan_amount_yuan, p.repayment_method, p.term_months) == (50_000.0, "bullet", 12)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("loan_amount: 5000\n", r"my\.yml: loan_amount: expected a known parameter"),
        ("term_months: 48\n", r"my\.yml: term_months: expected an integer from 1 to 36, got 48"),
        ("term_months: '12'\n", r"my\.yml: term_months: expected an integer from 1 to 36, got '12'"),
        ("term_months: 12.5\n", r"my\.yml: term_months: expected an integer from 1 to 36, got 12.5"),
        ("pay_score: 900\n", r"my\.yml: pay_score: expected an integer from 300 to 850, got 900"),
        (
            "repayment_method: balloon\n",
            r"my\.yml: repayment_method: expected one of equal_instalment, equal_principal, interest_only, bullet",
        ),
        ("loan_amount_yuan: -1\n", r"my\.yml: loan_amount_yuan: expected a number from 100 to 1000000, got -1"),
        ("- a list\n", r"my\.yml: expected a mapping of parameter names to values"),
        ("term_months: [12\n", r"my\.yml \(line \d+\): expected well-formed YAML"),
    ],
)
def test_bad_overrides(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "my.yml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ModelInputError, match=message):
        load_params(f)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelInputError, match="PARAMS: expected the path of a readable YAML file"):
        load_params(tmp_path / "nope.yml")


def test_parameter_table_lists_everything() -> None:
    rows = parameter_table()
    assert [r["name"] for r in rows] == list(BookParameters.model_fields)
    assert all(r["allowed"] and r["description"] for r in rows)
