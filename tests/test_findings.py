"""Verdicts agree with the findings their claims state, findings agree across claims, and the article is rated as a whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.checks import Verdict
from model.claims import article_rating, evaluate, findings_said, independent_findings, load_claims, registry_records, said_of
from model.errors import ModelInputError
from model.findings import STANCE_VERDICTS, Rating, Said, Stance, disagreements, findings, overall_rating
from model.params import default_assumptions


def test_every_verdict_agrees_with_the_findings_its_claim_states() -> None:
    assert disagreements(findings_said()) == []


def test_every_finding_is_stated_by_a_claim_and_every_decided_claim_states_one() -> None:
    claims = load_claims()
    assert set(findings()) == {f for c in claims for f in c.says}
    undecided_with_findings = [c.id for c in claims if c.verdict is Verdict.UNVERIFIABLE and c.says]
    decided_without = [c.id for c in claims if c.verdict is not Verdict.UNVERIFIABLE and not c.says]
    assert (undecided_with_findings, decided_without) == ([], [])


def test_a_verdict_set_against_its_finding_is_caught() -> None:
    """C14 as it was: left unverifiable while its finding says 借呗 is Ant Group's (the disagreement the review found)."""
    old = registry_records()["C14"].model_copy(
        update={"check": "no_public_source", "check_args": {"topic": "wechat_menus"}, "asserts": None,
                "verdict": Verdict.UNVERIFIABLE,
                "finding": "No source describes WeChat's wallet menus. 借呗 is Ant Group's brand, sold in Alipay (C01), "
                           "so a 借呗 entry in WeChat is unlikely; WeChat's cash loan is 微粒贷 (Weilidai)."}
    )  # fmt: skip
    claims = tuple(evaluate(r) if r.id != "C14" else evaluate(old) for r in registry_records().values())
    problems = disagreements(said_of(claims))
    assert problems[0].startswith("C14 is unverifiable, but its finding states jiebei_is_ants against the claim")
    assert "jiebei_is_ants decides C01, C02, C56, C57 but leaves C14 unverifiable" in problems


@pytest.mark.parametrize("stance", list(Stance))
def test_each_stance_refuses_every_verdict_it_does_not_allow(stance: Stance) -> None:
    for verdict in Verdict:
        said = Said("C99", "f", stance, verdict)
        assert said.agrees == (verdict in STANCE_VERDICTS[stance])
        assert (disagreements([said]) == []) == said.agrees


def test_a_claim_naming_an_unknown_finding_is_refused() -> None:
    record = registry_records()["C30"].model_copy(update={"says": {"no_such_finding": Stance.AGAINST}})
    with pytest.raises(ModelInputError, match=r"claims\.yaml:C30\.says.*no_such_finding"):
        evaluate(record)


def test_the_claims_count_more_than_the_independent_findings() -> None:
    claims = load_claims()
    decided = sum(c.verdict is not Verdict.UNVERIFIABLE for c in claims)
    # The naming finding alone stands behind five decided claims (C01, C02, C14, C56, C57), Alipay's name behind two
    # (C55, C58): five more decided claims than independent findings.
    assert independent_findings(claims) == len(findings())
    assert decided - independent_findings(claims) == 5


class TestOverallRating:
    def test_the_article_is_mostly_false_its_title_misleading(self) -> None:
        """The title glosses 微信版借呗 as 微粒贷: misnamed, not invented, so the central claim misleads."""
        r = article_rating()
        assert r.rating is Rating.MOSTLY_FALSE
        assert not r.central_against
        assert "jiebei_is_ants" in r.against
        assert "tier_rates_agree" in r.agreeing  # two parts of the article agree: counted neither way
        assert "alipay_jiebei_named_right" in r.for_article
        assert len(r.against) > len(r.for_article)
        assert set(r.incomplete) == {"walkthrough_incomplete", "weights_incomplete", "tiers_incomplete"}

    def test_without_the_naming_finding_the_rest_still_rate_it_mostly_false(self) -> None:
        """Standing facts older than two years cannot decide: the naming claims become unverifiable."""
        r = article_rating(default_assumptions().model_copy(update={"max_standing_age_years": 2.0}))
        assert not r.central_against
        assert "jiebei_is_ants" not in r.against
        assert r.rating is Rating.MOSTLY_FALSE
        assert len(r.against) > len(r.for_article)

    def test_read_as_a_product_name_the_title_is_contradicted_and_the_article_false(self) -> None:
        literal = default_assumptions().model_copy(update={"brand_name_read_as": "the name of a product"})
        r = article_rating(literal)
        assert r.central_against
        assert "jiebei_is_ants" in r.against
        assert r.rating is Rating.FALSE

    def test_the_rule_by_hand(self) -> None:
        f = [Said("A", "x", Stance.AGAINST, Verdict.MISLEADING), Said("B", "y", Stance.FOR, Verdict.SUPPORTED)]
        assert overall_rating(f, [], 4, 2).rating is Rating.MIXED
        assert overall_rating(f[1:], [], 4, 3).rating is Rating.UNPROVEN  # nothing against, most unverifiable
        assert overall_rating(f[1:], [], 4, 2).rating is Rating.MOSTLY_TRUE
        assert overall_rating([*f, Said("C", "z", Stance.CONFLICT, Verdict.INCONSISTENT)], [], 4, 1).rating is Rating.MOSTLY_FALSE
        # A finding whose claim's verdict does not uphold it counts for nothing.
        assert overall_rating([Said("A", "x", Stance.AGAINST, Verdict.UNVERIFIABLE)], ["A"], 4, 4).rating is Rating.UNPROVEN


class TestJudgementsAreSwept:
    """The readings behind verdicts (which measure a wording means, the article's date, later sources) are swept too."""

    def test_every_judgement_is_read_by_some_verdict_and_swept(self) -> None:
        from model.assumptions import judgement_names
        from model.robustness import robustness

        results = robustness()
        read = {n for r in results for n in r.reads}
        assert set(judgement_names()) <= read
        flips = {(r.claim_id, f.assumption, str(f.at), f.to.value) for r in results for f in r.flips}
        assert ("C45", "platform_users_read_as", "monthly active accounts", "contradicted") in flips
        assert ("C54", "trend_sources", "any later report", "supported") in flips
        assert ("C54", "article_date", "end of the year after", "supported") in flips

    def test_a_judgement_changes_what_a_claim_is_held_to_measure(self) -> None:
        from model.claims import load_claims

        mau = default_assumptions().model_copy(update={"platform_users_read_as": "monthly active accounts"})
        c45 = {c.id: c for c in load_claims(assumptions=mau)}["C45"]
        assert c45.verdict is Verdict.CONTRADICTED
        assert c45.decided_by == ("wechat_mau_2023",)
        # Under the default reading the label decides first: no tolerance can make C45 agree or disagree.
        loose = default_assumptions().model_copy(update={"agreement_tolerance": 0.1})
        assert {c.id: c for c in load_claims(assumptions=loose)}["C45"].verdict is Verdict.UNVERIFIABLE


def test_no_finding_decides_one_claim_and_leaves_another_unverifiable_under_any_assumption() -> None:
    """Across every choice and the ends and middle of every range, claims that rest on one finding stay together.

    Seen failing at max_standing_age_years 7.5, when the title's claim needed Weilidai's owner from 2015 as well.
    """
    import typing

    from model.assumptions import Assumptions, assumption_names
    from model.robustness import allowed_values

    base = default_assumptions()
    for name in assumption_names():
        values = allowed_values(name)
        if typing.get_origin(Assumptions.model_fields[name].annotation) is not typing.Literal:
            low, high = values
            values = (low, (low + high) / 2, high)
            if isinstance(getattr(base, name), int):
                continue  # days_per_year is a choice; no integer range decides a finding
        for value in values:
            said = findings_said(base.model_copy(update={name: value}))
            apart = [p for p in disagreements(said) if " decides " in p]
            assert apart == [], (name, value, apart)


@pytest.mark.parametrize("scenario", sorted(p.name for p in (Path(__file__).resolve().parents[1] / "scenarios").glob("*.yml")))
def test_the_rating_counts_every_independent_finding(scenario: str) -> None:
    """The overview's 'N against, M for, K omissions' adds up to the independent findings it names, in every scenario.

    The lenient-evidence book counted 9 + 2 + 2 of 15: a claim decided only under its assumptions (C54 supported
    by a source it accepts) rests on no finding of data/findings.yaml and was left out of the rating.
    """
    from model.params import assumptions_of, load_params
    from report.verdicts import findings_list

    assumptions = assumptions_of(load_params(Path(__file__).resolve().parents[1] / "scenarios" / scenario))
    claims = load_claims(assumptions=assumptions)
    rating = article_rating(assumptions)
    counted = (rating.against, rating.for_article, rating.incomplete, rating.agreeing)
    assert sum(len(ids) for ids in counted) == independent_findings(claims)
    members = {fid: ["C01"] for fid in (*rating.against, *rating.for_article, *rating.incomplete, *rating.agreeing)}
    by_id = {c.id: c for c in claims}
    for ids in counted:
        assert findings_list(findings(), members, ids, matters=True, claims=by_id).count("<li>") == len(ids)


def test_what_holds_never_repeats_a_claim_without_saying_why_it_is_listed() -> None:
    """The lenient book listed 'The three conditions and their weights make up the eligibility model.' under what holds.

    C13 is only consistent there (its weights add up within a 10% tolerance): the item must say so.
    """
    from model.params import assumptions_of, load_params
    from report.verdicts import findings_list

    assumptions = assumptions_of(load_params(Path(__file__).resolve().parents[1] / "scenarios" / "evidence-lenient.yml"))
    claims = load_claims(assumptions=assumptions)
    rating = article_rating(assumptions)
    alone = [i for i in rating.for_article if i not in findings()]
    assert alone, "the lenient book has claims that hold on no finding of their own"
    by_id = {c.id: c for c in claims}
    listed = findings_list(findings(), {i: [i] for i in alone}, alone, matters=False, claims=by_id)
    for item in listed.split("<li>")[1:]:
        paraphrase = next(by_id[i].paraphrase for i in alone if f">{i}<" in item)
        assert item.split("</strong>")[1].split('<span class="finding-claims">')[0].strip(), (paraphrase, item)
