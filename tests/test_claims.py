"""Tests of the claims registry: coverage of the article, verbatim quotes, computed verdicts."""

import json
from pathlib import Path

import pytest
import yaml

from model.article import SECTION_IDS, article_text, sections
from model.checks import CHECKS, CheckContext, Verdict, run_check
from model.claims import (
    CLAIMS_PATH,
    assertion_of,
    claims_frame,
    evaluate,
    load_claims,
    parse_claims,
    registry_records,
    verdict_counts,
)
from model.errors import ModelInputError
from model.params import default_assumptions

RECORDS = yaml.safe_load(CLAIMS_PATH.read_text(encoding="utf-8"))


class TestRegistryCoverage:
    def test_at_least_forty_claims(self) -> None:
        assert len(load_claims()) >= 40

    def test_every_section_is_covered(self) -> None:
        covered = {c.section for c in load_claims()}
        assert covered == set(SECTION_IDS)

    def test_every_quote_is_verbatim_and_located(self) -> None:
        text = article_text()
        for claim in load_claims():
            assert text[claim.start : claim.end] == claim.quote, claim.id
            assert claim.quote in sections()[claim.section], claim.id
            if registry_records()[claim.id].occurrence is None:
                assert text.count(claim.quote) == 1, claim.id

    def test_every_table_number_is_quoted(self) -> None:
        # Every figure in the tables of sections 一, 四 and 八 stands in some claim's quote.
        quotes = " ".join(c.quote for c in load_claims())
        for figure in [
            "30%",
            "40%",
            "20%",
            "550-600",
            "500-5000元",
            "0.04%-0.05%",
            "≥700",
            "5万-20万元",
            "0.02%-0.03%",
            "7天",
            "≥50万",
            "30万-100万元",
            "0.015% | 14天",
            "12.8亿",
            "9.5亿",
            "5.6亿",
            "0.015%-0.05%",
            "0.02%-0.06%",
            "0.03%-0.08%",
            "67.3%",
            "82%",
            "0.8%",
            "27%",
            "15%",
            "3-5工作日",
            "1-3工作日",
        ]:
            assert figure in quotes, figure

    def test_all_verdict_kinds_are_used(self) -> None:
        assert all(n > 0 for n in verdict_counts().values()), verdict_counts()


class TestVerdictsAreComputed:
    @pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
    def test_named_check_computes_recorded_verdict(self, record: dict[str, object]) -> None:
        parsed = registry_records()[str(record["id"])]
        context = CheckContext(default_assumptions(), assertion_of(parsed))
        result = run_check(parsed.check, parsed.check_args, context)
        assert result.verdict == Verdict(record["verdict"])

    def test_every_check_is_used(self) -> None:
        assert {r["check"] for r in RECORDS} == set(CHECKS)

    def test_changed_verdict_is_refused(self) -> None:
        records = [dict(r) for r in RECORDS]
        records[0]["verdict"] = "supported"
        with pytest.raises(ModelInputError, match=r"C01\.verdict: expected the verdict its check 'product_ownership' computes"):
            parse_claims(records)

    def test_findings_have_no_unfilled_fields(self) -> None:
        for claim in load_claims():
            assert "{" not in claim.finding, claim.id

    def test_evidence_names_the_check(self) -> None:
        for claim in load_claims():
            assert claim.evidence[0].startswith("check:")


class TestMalformedRegistry:
    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"kind": "rumour"}, r"claims\.yaml\[0\]\.kind: expected input should be 'number', 'range'"),
            ({"quote": "这句话不在文章里"}, r"C01\.quote: expected a verbatim substring of section intro"),
            ({"section": "九"}, r"C01\.section: expected one of title, intro"),
            ({"check": "vibes"}, r"check: expected one of"),
            ({"id": "claim one"}, r"claims\.yaml\[0\]\.id: expected string should match pattern"),
            ({"extra": 1}, r"claims\.yaml\[0\]\.extra: expected extra inputs are not permitted"),
        ],
    )
    def test_error_names_the_field(self, change: dict[str, object], message: str) -> None:
        records = [dict(RECORDS[0]) | change]
        with pytest.raises(ModelInputError, match=message):
            parse_claims(records)

    def test_duplicate_id(self) -> None:
        with pytest.raises(ModelInputError, match=r"\[1\]\.id: expected an id not used before"):
            parse_claims([RECORDS[0], RECORDS[0]])

    def test_not_a_list(self) -> None:
        with pytest.raises(ModelInputError, match="expected a list of claim records"):
            parse_claims({"C01": {}})

    def test_broken_yaml_file(self, tmp_path: Path) -> None:
        bad = tmp_path / "claims.yaml"
        bad.write_text("- id: C01\n  quote: [unclosed\n", encoding="utf-8")
        with pytest.raises(ModelInputError, match=r"claims\.yaml \(line \d+\): expected well-formed YAML"):
            load_claims(bad)


class TestClaimsFrame:
    def test_json_round_trip_keys(self) -> None:
        rows = json.loads(claims_frame().to_json(orient="records", force_ascii=False))
        assert {"id", "section", "quote", "verdict", "finding"} <= set(rows[0])
        assert rows[0]["quote"] == load_claims()[0].quote


def test_findings_read_as_prose_not_as_python_values() -> None:
    """A finding is read by people: no True/False, nan or inf printed from a fact."""
    import re

    for claim in load_claims():
        printed = r"\((?:True|False|None)\)|[=:] ?(?:True|False|None)\b|\b(?:nan|inf)\b"
        assert not re.search(printed, claim.finding), (claim.id, claim.finding)


@pytest.mark.parametrize(
    "field",
    [
        "{claimed_owner[999]}",
        "{claimed_owner.__class__.__mro__}",
        "{claimed_owner:>999999999}",
        "{claimed_owner!r}",
        "{claimed_owner:>9999999}",
        "{claimed_owner:.99}",
    ],
)
def test_a_finding_cannot_reach_into_or_pad_its_facts(field: str) -> None:
    # A data file could otherwise crash the build (IndexError), print Python internals, or ask for gigabytes of padding.
    record = registry_records()["C01"].model_copy(update={"finding": f"Owned by {field}, says the article."})
    with pytest.raises(ModelInputError, match=r"claims\.yaml:C01\.finding: expected fields that are plain names"):
        evaluate(record)


def test_checks_name_no_reference_the_data_does_not_pass_them() -> None:
    """Every source a check reads comes from data (a claim's check_args or a reference's ownership), none typed in code.

    model/checks.py named sixteen reference ids; the registry passed ids for only three claims.
    """
    import re

    from model.references import load_references

    code = (Path(__file__).resolve().parents[1] / "model" / "checks.py").read_text(encoding="utf-8")
    typed = [ref_id for ref_id in load_references() if re.search(rf"[\"']{re.escape(ref_id)}[\"']", code)]
    assert typed == []
