"""The robustness sweep: flips found where the checks put them, by hand and by brute force."""

import json

import pytest

from model.__main__ import main
from model.checks import Verdict
from model.claims import registry_records
from model.params import default_assumptions
from model.robustness import allowed_values, assumptions_read, changed_by, ledger_frame, robustness, verdict_under


@pytest.fixture(scope="module")
def results() -> dict[str, object]:
    return {r.claim_id: r for r in robustness()}


def test_weight_table_flips_where_its_share_is(results: dict) -> None:
    # Without real-name verification (30%) an applicant keeps 40% + 20% of the table's 90%: 0.6 / 0.9 = 0.6667 (by hand).
    flip = results["C10"].flips[0]
    # Above it the table is not shown impossible: unverifiable, never "consistent" beside a finding that says it cannot be a rule.
    assert (flip.assumption, flip.side, flip.to) == ("implausible_share", "above", Verdict.UNVERIFIABLE)
    assert flip.at == pytest.approx(0.6 / 0.9, abs=1e-3)


def test_ownership_flips_when_the_source_is_too_old(results: dict) -> None:
    # Yicai 2021-11-09 against the article's 2023-12-31: 782 days = 2.141 years.
    flip = results["C01"].flips[0]
    assert flip.assumption == "max_standing_age_years"
    assert flip.at == pytest.approx(782 / 365.25, abs=0.01)


def test_changed_by_lists_the_claims_one_assumption_changes(results: dict) -> None:
    """Chapter 2 names them from this list: its hand-written one had left out C14 and every verdict on one news report."""
    by_age = changed_by(results.values(), "max_standing_age_years")
    by_confidence = changed_by(results.values(), "decisive_confidence")
    brands = ["C01", "C02", "C14", "C55", "C56", "C57", "C58"]  # decided by Yicai's single report on 借呗 (medium-high)
    assert [c for c in by_age if c in brands] == brands
    assert set(brands) | {"C48"} <= set(by_confidence)  # C48: China Money Network's count, medium-high too
    assert all(results[c].flips for c in by_confidence)
    assert changed_by(results.values(), "no_such_assumption") == []


def test_a_check_that_reads_no_assumption_is_robust(results: dict) -> None:
    assert results["C05"].reads == ()
    assert results["C05"].robust


def test_the_recorded_reads_are_all_that_matter() -> None:
    # Brute force for a few claims: every assumption at both ends of its range; only the recorded ones may change the verdict.
    base = default_assumptions()
    for claim_id in ("C13", "C27", "C45", "C48"):
        record = registry_records()[claim_id]
        reads = set(assumptions_read(record, base))
        verdict = verdict_under(record, base)
        for name in type(base).model_fields:
            values = allowed_values(name)
            for value in values:  # a choice's values, or a number's two ends
                if verdict_under(record, base.model_copy(update={name: value})) != verdict:
                    assert name in reads, (claim_id, name, value)


def test_every_flip_really_flips(results: dict) -> None:
    base = default_assumptions()
    for r in results.values():
        for f in r.flips:
            beyond = {"choice": 1.0, "above": 1.01, "below": 0.99}[f.side]
            value = f.at if isinstance(f.at, str) else f.at * beyond
            got = verdict_under(registry_records()[r.claim_id], base.model_copy(update={f.assumption: value}))
            assert got == f.to, (r.claim_id, f)


def test_cli_json_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["robustness", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == len(registry_records())
    assert {"id", "verdict", "robust", "flips"} <= set(records[0])
    assert main(["robustness"]) == 0
    assert "holds under every allowed value of each assumption, varied alone" in capsys.readouterr().out


def test_a_boundary_is_worded_as_the_verdict_at_it_falls() -> None:
    """'at X or less' only when the verdict at X itself has changed, else 'below X' (X as printed, to three figures)."""
    from pathlib import Path

    from model.params import assumptions_of, load_params

    lenient = assumptions_of(load_params(Path(__file__).resolve().parents[1] / "scenarios" / "evidence-lenient.yml"))
    for r in robustness(lenient):
        for f in r.flips:
            if f.side == "choice":
                continue
            at_boundary = verdict_under(registry_records()[r.claim_id], lenient.model_copy(update={f.assumption: f.at}))
            assert (at_boundary == f.to) == f.inclusive, (r.claim_id, f)
            assert f.describe().split(": ")[0].endswith(("or less", "or more")) == f.inclusive
    c13 = next(f for r in robustness(lenient) if r.claim_id == "C13" for f in r.flips)
    assert c13.describe() == "agreement_tolerance below 0.1: incomplete"  # C13 is consistent at this copy's 0.1 itself


def test_the_pages_write_a_boundary_as_readers_read_the_assumption() -> None:
    """A share's boundary as a percentage on the pages (0.667 as 66.7%), the same figure the parameter files take."""
    from report.names import parameter_value

    c10 = next(f for r in robustness() if r.claim_id == "C10" for f in r.flips)
    assert c10.where() == "at 0.667 or more"
    assert c10.where(parameter_value) == "at 66.7% or more"
    years = next(f for r in robustness() if r.claim_id == "C01" for f in r.flips if f.side != "choice")
    assert years.where(parameter_value) == years.where().replace(f" {years.at:g} ", f" {years.at:g} years ")  # in years
    ledger = ledger_frame(shown=parameter_value)
    words = dict(zip(ledger["id"], ledger["robustness"], strict=True))
    assert words["C10"] == "implausible_share at 66.7% or more: unverifiable"
