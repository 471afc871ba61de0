"""Every change of verdict since the last published version is recorded, with its reason."""

import pytest

from model.claims import load_claims
from model.corrections import corrections, snapshot, unrecorded_changes


def test_every_changed_verdict_is_recorded() -> None:
    current = {c.id: c.verdict.value for c in load_claims()}
    assert unrecorded_changes(current) == []


def test_an_unrecorded_change_is_caught() -> None:
    current = {c.id: c.verdict.value for c in load_claims()}
    current["C01"] = "supported" if current["C01"] != "supported" else "contradicted"
    assert unrecorded_changes(current) == [f"C01: {snapshot()[1]['C01']} -> {current['C01']}"]


def test_corrections_name_existing_claims_and_real_changes() -> None:
    ids = {c.id for c in load_claims()}
    for c in corrections():
        assert c.claim in ids
        assert c.kind == "source" or str(c.old) != c.new.value


def test_a_verdict_correction_must_change_the_verdict() -> None:
    from model.corrections import Correction

    with pytest.raises(ValueError, match="kind: source"):
        Correction.model_validate({"date": "2026-11-29", "claim": "C01", "old": "unverifiable", "new": "unverifiable",
                                   "why": "a reason long enough to pass"})  # fmt: skip


def test_reasons_type_no_numbers_by_hand() -> None:
    import re

    for c in corrections():
        assert not re.search(r"\d", re.sub(r"\bC\d{2,3}\b", "", c.why)), c.claim
