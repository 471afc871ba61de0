"""Tests of model.references: schema, citations, confidence."""

import pytest

from model.errors import ModelInputError
from model.references import Confidence, bib_keys, load_references, parse_references, reference


def test_every_bibkey_is_in_the_bibliography() -> None:
    keys = bib_keys()
    for ref in load_references().values():
        assert ref.bibkey is None or ref.bibkey in keys


def test_only_absence_records_lack_a_citation() -> None:
    assert [r.id for r in load_references().values() if r.bibkey is None] == ["no_published_loan_cutoff"]


def test_confidence_order() -> None:
    assert Confidence.LOW.rank < Confidence.MEDIUM.rank < Confidence.HIGH.rank
    assert reference("wechat_mau_2023").decisive
    assert not reference("jd_customers_2022").decisive


def test_unknown_id() -> None:
    with pytest.raises(ModelInputError, match="reference id: expected one of"):
        reference("nope")


def test_value_without_unit_is_refused() -> None:
    record = {
        "id": "x",
        "topic": "t",
        "statement": "s",
        "values": {"users": 1},
        "as_of": "2020-01-01",
        "source": "s",
        "bibkey": None,
        "confidence": "high",
    }
    with pytest.raises(
        ModelInputError, match=r"references\.yaml\[0\]\.values: expected value error, value 'users' must end in a unit suffix"
    ):
        parse_references([record])


def test_bad_confidence_is_refused() -> None:
    record = {
        "id": "x",
        "topic": "t",
        "statement": "s",
        "values": {},
        "as_of": "2020-01-01",
        "source": "s",
        "bibkey": None,
        "confidence": "certain",
    }
    with pytest.raises(ModelInputError, match=r"\[0\]\.confidence"):
        parse_references([record])
