"""The named checks that compute every verdict of the claims registry.

Each check is a function registered under a name with :func:`check`; a claim names its check
and the check's arguments in ``data/claims.yaml``. Every check receives a
:class:`CheckContext`: the assumptions in force and, for a claim about a measurable
quantity, what the claim measures (its metric, subject and date). A check returns a
:class:`CheckResult`: the verdict, the facts it computed (used to fill the claim's finding,
so no number in a finding is typed by hand), the assessment of every source it consulted
under the evidence rules of :mod:`model.evidence`, and the sources that decided the verdict.

Run ``python -m model.checks`` to list the checks and the verdict each computes.
"""

from __future__ import annotations

import datetime as dt
import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from model import cli, competitors, consistency, tiers, weights
from model.article import article_as_of, article_figure, article_tables, article_text, sections
from model.article_schema import PAY_SCORE_MAX, Tier
from model.assumptions import Assumptions, article_date, read_metric
from model.errors import ModelInputError, one_of
from model.evidence import Assertion, Assessment, assess
from model.glossary import chinese_names
from model.params import default_assumptions
from model.rates import interest_free_saving, nominal_apr_from_daily_rate
from model.references import Confidence, Reference, load_references, product_owner, reference, rule


class Verdict(StrEnum):
    """The verdicts a claim can receive."""

    CONSISTENT = "consistent"
    SUPPORTED = "supported"
    UNVERIFIABLE = "unverifiable"
    INCOMPLETE = "incomplete"
    INCONSISTENT = "inconsistent"
    CONTRADICTED = "contradicted"
    IMPLAUSIBLE = "implausible"
    MISLEADING = "misleading"


#: The Chinese name of each verdict (from the glossary, data/glossary.yaml).
VERDICT_NAMES_ZH: dict[str, str] = chinese_names("verdict", [v.value for v in Verdict])


Fact = float | int | str


#: Verdicts that rest on the article's own text and arithmetic, not on outside sources.
INTERNAL_VERDICTS = frozenset({Verdict.CONSISTENT, Verdict.INCOMPLETE, Verdict.INCONSISTENT, Verdict.IMPLAUSIBLE})

#: The rule that separates the two verdicts on the article's own statements (stated in the overview):
#: statements are *inconsistent* when they cannot all be true as written; a list, table or
#: walkthrough that leaves something out is *incomplete*, unless the article says it is complete.
INCONSISTENT_OR_INCOMPLETE = (
    "statements are inconsistent when they cannot all be true as written; a list, a table or a walkthrough "
    "that leaves something out is incomplete, unless the article says it is complete"
)


@dataclass(frozen=True)
class CheckContext:
    """What every check receives: the assumptions, and what the claim measures (if it names it)."""

    assumptions: Assumptions
    claim: Assertion | None = None

    @property
    def asserts(self) -> Assertion:
        """What the claim measures under the judgements; a check that compares with sources needs it.

        The metric is the one the judgements read the article's wording as
        (:func:`model.assumptions.read_metric`); a claim the registry does not date is dated by
        the judgement ``article_date``.
        """
        if self.claim is None:
            raise ModelInputError("asserts", "the claim's metric and subject (an `asserts` entry in claims.yaml)", None)
        metric = read_metric(self.claim.metric, self.assumptions)
        return Assertion(metric, self.claim.subject, self.claim_date, self.claim.trend)

    @property
    def claim_date(self) -> dt.date:
        """The date the claim describes: its own, or the article's under the judgement ``article_date``."""
        if self.claim is not None and self.claim.as_of is not None:
            return self.claim.as_of
        return article_date(article_as_of(), self.assumptions.article_date)

    def assess(self, ref: Reference, *, as_upper_bound: bool = False) -> Assessment:
        """Assess one source against this claim (``as_upper_bound``: the check uses its figure only as an upper bound)."""
        return assess(ref, self.asserts, self.assumptions, as_upper_bound=as_upper_bound)


@dataclass(frozen=True)
class CheckResult:
    """What a check computed: a verdict, named facts, the sources assessed and those that decided."""

    verdict: Verdict
    facts: dict[str, Fact] = field(default_factory=dict)
    evidence: tuple[Assessment, ...] = ()
    decided_by: tuple[str, ...] = ()
    #: True when the article's own text decides the verdict (a misleading label, say), with no source.
    on_own_text: bool = False

    def __post_init__(self) -> None:
        consulted = {a.reference for a in self.evidence}
        if not set(self.decided_by) <= consulted:
            raise AssertionError(f"a check decided by sources it did not assess: {sorted(set(self.decided_by) - consulted)}")

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source the check assessed, in order."""
        return tuple(a.reference for a in self.evidence)

    @property
    def confidence(self) -> str:
        """The confidence of the evidence that decided the verdict.

        The lowest confidence among the deciding sources; ``internal`` for a verdict on the
        article's own figures; ``none`` when no source decided (an unverifiable claim).
        """
        if self.decided_by:
            by_id = {a.reference: a for a in self.evidence}
            return min((Confidence(by_id[r].confidence) for r in self.decided_by), key=lambda c: c.rank).value
        return "internal" if self.on_own_text or self.verdict in INTERNAL_VERDICTS else "none"

    @property
    def why_undecided(self) -> str:
        """For each source that could not decide, the conditions it failed (empty when none failed)."""
        return "; and ".join(a.summary() for a in self.evidence if not a.decisive)


CheckFunction = Callable[..., CheckResult]
CHECKS: dict[str, CheckFunction] = {}


def check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under ``name``."""

    def register(func: CheckFunction) -> CheckFunction:
        CHECKS[name] = func
        return func

    return register


def run_check(name: str, args: dict[str, Any] | None = None, context: CheckContext | None = None) -> CheckResult:
    """Run one named check with its arguments under a context (default: the default assumptions, no assertion)."""
    func = one_of(CHECKS, name, "check", sort=True)
    signature = inspect.signature(func)
    context = context if context is not None else CheckContext(default_assumptions())
    try:
        signature.bind(context, **(args or {}))
    except TypeError as exc:
        takes = ", ".join(list(signature.parameters)[1:]) or "no arguments"
        raise ModelInputError(f"check_args of {name}", f"the arguments the check takes ({takes})", args) from exc
    # A TypeError raised inside the check is a bug in the check, and propagates as one.
    return func(context, **(args or {}))


# --- products and identity --------------------------------------------------------------


def rule_facts(ref: Reference, prefix: str = "rule") -> dict[str, Fact]:
    """The rule a reference names, as facts for a finding: its Chinese title, number, article and own words.

    ``prefix`` names the facts (``rule_title``...), so that a finding can quote two rules.
    """
    if ref.rule is None:
        raise ModelInputError(f"{ref.id}.rule", "a reference of kind 'rule' naming its text in rules.yaml", None)
    r = rule(ref.rule)
    return {
        f"{prefix}_title": r.title_zh,
        f"{prefix}_number": r.number,
        f"{prefix}_article": r.article,
        f"{prefix}_zh": r.text_zh,
        f"{prefix}_en": " ".join(r.text_en.split()),
        f"{prefix}_year": r.in_force_from.year,
    }


@check("product_ownership")
def product_ownership(ctx: CheckContext, product_zh: str, claimed_owner: str) -> CheckResult:
    """Supported when a decisive source names the claimed owner; another owner: contradicted or misleading (:func:`misnamed`)."""
    owner, ref = product_owner(product_zh)
    a = ctx.assess(ref)
    facts: dict[str, Fact] = {"product": product_zh, "owner": owner, "claimed_owner": claimed_owner}
    if not a.decisive:
        return CheckResult(Verdict.UNVERIFIABLE, facts, (a,))
    verdict = Verdict.SUPPORTED if owner == claimed_owner else misnamed(ctx)
    return CheckResult(verdict, facts, (a,), (ref.id,))


def misnamed(ctx: CheckContext) -> Verdict:
    """The verdict on a product named with a rival's brand, by the judgement ``brand_name_read_as``.

    Read as the name of a product, it names one that does not exist: contradicted. Read as a
    nickname for WeChat's loan, it misnames a real one: misleading.
    """
    return Verdict.CONTRADICTED if ctx.assumptions.brand_name_read_as == "the name of a product" else Verdict.MISLEADING


@check("title_product_identity")
def title_product_identity(ctx: CheckContext) -> CheckResult:
    """The title equates 微信版借呗 with 微粒贷; :func:`misnamed` decides when a decisive source says 借呗 is not Tencent's.

    The source of 借呗's owner decides alone, as it does for every claim of the naming finding;
    the source of 微粒贷's owner decides with it when it is decisive too.
    """
    title = sections()["title"]
    equated = "借呗" in title and "微粒贷" in title
    (owner_a, ref_a), (owner_b, ref_b) = product_owner("借呗"), product_owner("微粒贷")
    metric = ctx.asserts.metric
    found = tuple(assess(r, Assertion(metric, r.subject, ctx.asserts.as_of), ctx.assumptions) for r in (ref_a, ref_b))
    facts: dict[str, Fact] = {"owner_jiebei": owner_a, "owner_weilidai": owner_b}
    if equated and owner_a != "Tencent" and found[0].decisive:
        deciding = (ref_a.id, ref_b.id) if found[1].decisive else (ref_a.id,)
        return CheckResult(misnamed(ctx), facts, found, deciding)
    return CheckResult(Verdict.UNVERIFIABLE, facts, found)


@check("product_named_twice")
def product_named_twice(ctx: CheckContext) -> CheckResult:
    """Inconsistent when the title treats 微粒贷 as the product but section 八 lists it as another product line."""
    alias_in_title = "(微粒贷" in sections()["title"]
    listed_apart = "打通微粒贷" in sections()["八"]
    verdict = Verdict.INCONSISTENT if alias_in_title and listed_apart else Verdict.CONSISTENT
    return CheckResult(verdict, {"alias_in_title": str(alias_in_title), "listed_apart": str(listed_apart)})


# --- no public source -------------------------------------------------------------------


@check("no_public_source")
def no_public_source(ctx: CheckContext, topic: str) -> CheckResult:
    """Unverifiable: no reference fact, of any confidence, covers this topic.

    If a reference on the topic is ever added, the check refuses to run, so that a real
    comparison is written instead of a stale verdict.
    """
    refs = load_references()
    covering = [r.id for r in refs.values() if r.topic == topic]
    if covering:
        raise ModelInputError(
            "no_public_source.topic", "a topic no reference covers", f"{topic} (covered by {', '.join(covering)})"
        )
    in_bibliography = {r.bibkey for r in refs.values() if r.bibkey}
    return CheckResult(Verdict.UNVERIFIABLE, {"topic": topic, "references_searched": len(in_bibliography)})


@check("reference_agrees")
def reference_agrees(ctx: CheckContext, ref_ids: list[str]) -> CheckResult:
    """Supported when at least one named source states the claim and meets every evidence condition."""
    found = tuple(ctx.assess(reference(r)) for r in ref_ids)
    deciding = tuple(a.reference for a in found if a.decisive)
    first = reference(ref_ids[0])
    facts: dict[str, Fact] = {
        "n_sources": len(found),
        "n_deciding": len(deciding),
        "statement": first.statement.removesuffix("."),  # quoted inside a sentence of the finding
        "source_date": first.as_of_label,
        "claim_date": ctx.claim_date.isoformat(),
    }
    if deciding:
        return CheckResult(Verdict.SUPPORTED, facts, found, deciding)
    return CheckResult(Verdict.UNVERIFIABLE, facts, found)


# --- eligibility -------------------------------------------------------------------------


@check("threshold_consistency")
def threshold_consistency(ctx: CheckContext) -> CheckResult:
    """Inconsistent when, under every plain reading of 其中, the stated figures break the stated threshold rule.

    其中 ("among them") refers to people the sentence names, applicants or those approved, so
    the share is read both ways. The rule 通常要求 is read as the assumption ``threshold_rule``
    says: *strict* (nobody below passes) or *usual* (at most ``1 - usually_share`` of those
    below pass). The claim is inconsistent when no plain reading fits the rule. Two other
    readings fit (the share counts all WeChat users, or the refused applicants) but count
    people the sentence does not name; the facts give their bounds so the finding can say so.
    """
    success, share = article_figure("opening_success_2023"), article_figure("users_below_550")
    above = ctx.assumptions.pass_rate_above_threshold
    r = {x.key: x for x in consistency.threshold_readings(success, share, above, ctx.assumptions.usually_share)}
    strict = ctx.assumptions.threshold_rule == "strict"
    exceptions = 1.0 - ctx.assumptions.usually_share  # the most a "usual" rule lets through
    plain = ("applicants_strict", "approved_strict") if strict else ("applicants_soft", "approved_soft")
    verdict = Verdict.CONSISTENT if any(r[k].feasible for k in plain) else Verdict.INCONSISTENT
    return CheckResult(
        verdict,
        {
            "success_rate": success,
            "share_below": share,
            "threshold": article_figure("pay_score_threshold"),
            "max_success_strict": r["applicants_strict"].bound,
            "min_pass_below_soft": r["applicants_soft"].bound,
            "min_pass_below_approved": r["approved_soft"].bound,
            "pass_above_refused": r["refused_strict"].bound,
            "population_factor": r["population_selfselect"].bound,
            "exceptions": exceptions,
            "rule": ctx.assumptions.threshold_rule,
        },
    )


@check("intro_stages_in_process")
def intro_stages_in_process(ctx: CheckContext) -> CheckResult:
    """Incomplete when a stage the introduction names is missing from the steps of section 二.

    The walkthrough does not say it lists every step, so a missing stage leaves it incomplete;
    it does not make the two passages contradict each other (:data:`INCONSISTENT_OR_INCOMPLETE`).
    """
    tables = article_tables()
    steps = {s["stage"] for s in tables["process_steps"]}
    missing = [s["zh"] for s in tables["intro_stages"] if s["stage"] not in steps]
    verdict = Verdict.INCOMPLETE if missing else Verdict.CONSISTENT
    return CheckResult(verdict, {"missing": "、".join(missing), "n_missing": len(missing), "n_steps": len(steps)})


@check("weights_total")
def weights_total(ctx: CheckContext) -> CheckResult:
    """Incomplete when the weights of section 一 fall short of 100% by more than ``agreement_tolerance``.

    Weights that add up to less leave a factor unstated (the table does not say it is
    complete); weights that add up to more cannot all be shares of one whole: inconsistent.
    """
    total = weights.total_weight()
    tolerance = ctx.assumptions.agreement_tolerance + 1e-12
    short = Verdict.INCOMPLETE if total < 1.0 else Verdict.INCONSISTENT
    verdict = Verdict.CONSISTENT if abs(total - 1.0) <= tolerance else short
    return CheckResult(verdict, {"total": total, "missing": weights.missing_weight()})


@check("pass_fail_weight")
def pass_fail_weight(ctx: CheckContext, rule_refs: list[str]) -> CheckResult:
    """Implausible when a legal precondition is a weight an applicant could make up elsewhere.

    Real-name verification is required by law: the anti-money-laundering law (article 16 forbids a
    financial institution to serve a customer whose identity is unknown) and the counter-terrorism
    law (article 21 requires finance businesses to verify customers' identity). It is pass/fail.
    If an applicant failing it can still reach at least ``implausible_share`` of the maximum
    score, the weight table cannot describe an actual decision rule. Without either law as
    decisive evidence, or with a smaller share, the table is not shown impossible: unverifiable.
    ``rule_refs`` are the two laws' references, in that order.
    """
    if len(rule_refs) != 2:
        raise ModelInputError("pass_fail_weight.rule_refs", "two references, one per law", rule_refs)
    refs = (reference(rule_refs[0]), reference(rule_refs[1]))
    found = tuple(ctx.assess(r) for r in refs)
    share = weights.pass_fail_share_of_maximum()
    facts: dict[str, Fact] = {
        "share_without": share,
        "implausible_share": ctx.assumptions.implausible_share,
        **rule_facts(refs[0]),
        **rule_facts(refs[1], "rule2"),
    }
    decided = tuple(a.reference for a in found if a.decisive)
    if decided and share >= ctx.assumptions.implausible_share:
        return CheckResult(Verdict.IMPLAUSIBLE, facts, found, decided)
    return CheckResult(Verdict.UNVERIFIABLE, facts, found)


@check("threshold_origin")
def threshold_origin(ctx: CheckContext, absence_ref: str, same_number_ref: str) -> CheckResult:
    """Unverifiable: no loan cutoff is published; notes whether the stated threshold equals one documented elsewhere.

    The coincidence is worth reporting, but a deposit-free threshold measures another thing of
    another service, so it cannot show what the loan requires. ``absence_ref`` records that no
    loan cutoff is published; ``same_number_ref`` is the threshold documented elsewhere.
    """
    deposit = reference(same_number_ref)
    absent = reference(absence_ref)
    threshold = article_figure("pay_score_threshold")
    same = deposit.value("threshold_score") == threshold
    facts: dict[str, Fact] = {
        "threshold": threshold,
        "deposit_year": deposit.date.year,
        "same_number": "the same number as" if same else "a different number from",
    }
    return CheckResult(Verdict.UNVERIFIABLE, facts, (ctx.assess(absent), ctx.assess(deposit)))


@check("published_cutoff")
def published_cutoff(ctx: CheckContext, absence_ref: str) -> CheckResult:
    """Unverifiable: the role of the Pay Score in loan approval is not published (``absence_ref`` records it)."""
    return CheckResult(Verdict.UNVERIFIABLE, {}, (ctx.assess(reference(absence_ref)),))


# --- tiers and rates ----------------------------------------------------------------------


def _tier(key: str) -> Tier:
    return one_of({t.key: t for t in tiers.article_tiers()}, key, "tier")


@check("tier_credit_line")
def tier_credit_line(ctx: CheckContext, tier: str, cap_ref: str, line_ref: str) -> CheckResult:
    """Contradicted above a decisive regulatory cap on one borrower's line; otherwise unverifiable.

    A source giving the product's overall range of lines contains the tier's range but does
    not state it, so it never supports the tier. ``cap_ref`` is the regulatory cap, ``line_ref``
    the product's range of lines.
    """
    t = _tier(tier)
    cap, line = reference(cap_ref), reference(line_ref)
    a_cap, a_line = ctx.assess(cap), ctx.assess(line)
    cap_yuan = cap.value("line_cap_yuan")
    facts: dict[str, Fact] = {
        "line_min": t.line_min_yuan,
        "line_max": t.line_max_yuan,
        "cap": cap_yuan,
        "times_cap": t.line_max_yuan / cap_yuan,
        "range_min": line.value("line_min_yuan"),
        "range_max": line.value("line_max_yuan"),
        **rule_facts(cap),
    }
    if t.line_max_yuan > cap_yuan and a_cap.decisive:
        return CheckResult(Verdict.CONTRADICTED, facts, (a_cap, a_line), (cap.id,))
    inside = line.value("line_min_yuan") <= t.line_min_yuan and t.line_max_yuan <= line.value("line_max_yuan")
    if inside:
        a_line = a_line.but_only_contains("the product's range of lines holds the tier's range")
    elif a_line.decisive:
        return CheckResult(Verdict.CONTRADICTED, facts, (a_cap, a_line), (line.id,))
    return CheckResult(Verdict.UNVERIFIABLE, facts, (a_cap, a_line))


@check("tier_daily_rate")
def tier_daily_rate(ctx: CheckContext, tier: str, rate_refs: list[str]) -> CheckResult:
    """Contradicted when a decisive source's range of the product's rates excludes the tier's; else unverifiable.

    ``rate_refs`` are the sources of the product's rates, held against the tier in that order.
    """
    t = _tier(tier)
    days = ctx.assumptions.days_per_year
    facts: dict[str, Fact] = {
        "rate_min": t.min_daily_rate,
        "rate_max": t.max_daily_rate,
        "apr_min": float(nominal_apr_from_daily_rate(t.min_daily_rate, days)),
        "apr_max": float(nominal_apr_from_daily_rate(t.max_daily_rate, days)),
        "days": days,
    }
    found: list[Assessment] = []
    for ref in (reference(r) for r in rate_refs):
        a = ctx.assess(ref)
        lo = ref.values.get("min_daily_rate", ref.values.get("launch_daily_rate"))
        hi = ref.values.get("max_daily_rate", ref.values.get("launch_daily_rate"))
        if lo is None or hi is None:
            raise ModelInputError(
                f"{ref.id}.values", "a daily rate (min_daily_rate and max_daily_rate, or launch_daily_rate)", ref.values
            )
        facts |= {f"{ref.id}_min": lo, f"{ref.id}_max": hi}
        outside = t.max_daily_rate < lo - 1e-12 or t.min_daily_rate > hi + 1e-12
        if outside and a.decisive:
            return CheckResult(Verdict.CONTRADICTED, facts, (*found, a), (ref.id,))
        if not outside:
            a = a.but_only_contains("the product's quoted rates overlap the tier's, which is not the tier's rate")
        found.append(a)
    return CheckResult(Verdict.UNVERIFIABLE, facts, tuple(found))


@check("interest_free_value")
def interest_free_value(ctx: CheckContext, tier: str) -> CheckResult:
    """Unverifiable; computes what the interest-free days are worth on a one-month loan of the book's default amount."""
    from model.params import default_values

    amount_yuan = float(default_values()["loan_amount_yuan"])
    t = _tier(tier)
    saving = interest_free_saving(amount_yuan, t.max_daily_rate, t.interest_free_days, ctx.assumptions.days_per_year)
    return CheckResult(Verdict.UNVERIFIABLE, {"days": t.interest_free_days, "amount": amount_yuan, "saving": saving})


@check("tier_coverage")
def tier_coverage_check(ctx: CheckContext) -> CheckResult:
    """Incomplete when the tier rules leave scores the eligibility rule admits without a tier, or overlap.

    Scores below the stated threshold are not counted as gaps: the article's own eligibility
    rule (section 一) turns them away. The table does not say its tiers cover every borrower
    or exclude one another, so gaps and overlaps leave it incomplete (which tier applies is
    not said), not self-contradictory.
    """
    cov = tiers.tier_coverage()
    threshold = article_figure("pay_score_threshold")
    eligible_gaps = [c for c in cov.gaps if c.score_hi >= threshold and c.assets_lo == 0]
    gaps = "; ".join(f"{max(c.score_lo, int(threshold))}-{c.score_hi}" for c in eligible_gaps)
    uncovered = cov.uncovered_eligible_points(threshold, 0.0)
    verdict = Verdict.INCOMPLETE if uncovered or cov.overlaps else Verdict.CONSISTENT
    return CheckResult(
        verdict,
        {
            "gaps": gaps or "none",
            "n_overlaps": len(cov.overlaps),
            "uncovered_points": uncovered,
            "threshold": threshold,
            "n_eligible": PAY_SCORE_MAX - int(threshold) + 1,
        },
    )


#: Signs that a passage states a formula: an equals sign, an operator of multiplication or division, the word 公式.
FORMULA_SIGNS = ("=", "＝", "×", "*", "÷", "公式")


@check("calculation_model_label")
def calculation_model_label(ctx: CheckContext) -> CheckResult:
    """Misleading when section 四 is titled a calculation model (计算模型) but states no formula.

    A table that only lists tiers is not a model a reader can calculate with; the label makes
    arbitrary figures look derived. Decided on the article's own text. The facts also say
    whether the tiers at least rank in order (each higher tier higher lines, no higher rates).
    """
    body = sections()["四"]
    labelled = "计算模型" in body
    has_formula = any(sign in body for sign in FORMULA_SIGNS)
    ts = tiers.article_tiers()
    lines_up = all(a.line_max_yuan <= b.line_min_yuan for a, b in itertools.pairwise(ts))
    rates_down = all(a.min_daily_rate >= b.max_daily_rate for a, b in itertools.pairwise(ts))
    facts: dict[str, Fact] = {
        "lines_up": "each higher tier has higher lines" if lines_up else "a higher tier does not always have higher lines",
        "rates_down": "no higher daily rates" if rates_down else "sometimes a higher daily rate",
        "n_tiers": len(ts),
    }
    if labelled and not has_formula:
        return CheckResult(Verdict.MISLEADING, facts, on_own_text=True)
    return CheckResult(Verdict.CONSISTENT if lines_up and rates_down else Verdict.INCONSISTENT, facts)


@check("apr_disclosure")
def apr_disclosure(ctx: CheckContext, rule_ref: str) -> CheckResult:
    """Misleading when loans are priced only by daily rate although a decisive rule requires the annual rate first.

    ``rule_ref`` is the reference of the disclosure rule.
    """
    law = reference(rule_ref)
    a = ctx.assess(law)
    ts = tiers.article_tiers()
    daily = np.array([x for t in ts for x in (t.min_daily_rate, t.max_daily_rate)])
    aprs = nominal_apr_from_daily_rate(daily, ctx.assumptions.days_per_year)
    annual_shown = "年化" in article_text()
    facts: dict[str, Fact] = {
        "apr_min": float(aprs.min()),
        "apr_max": float(aprs.max()),
        "daily_max": float(daily.max()),
        **rule_facts(law),
    }
    if not annual_shown and a.decisive:
        return CheckResult(Verdict.MISLEADING, facts, (a,), (law.id,))
    return CheckResult(Verdict.CONSISTENT if annual_shown else Verdict.UNVERIFIABLE, facts, (a,))


# --- influencing factors -----------------------------------------------------------------


@check("factor_effect")
def factor_effect(ctx: CheckContext, factor: str) -> CheckResult:
    """Unverifiable; computes what the stated effect would mean under each reading, from the article's own figures."""
    rows = {f["key"]: f for f in article_tables()["factors"]}
    if factor not in rows:
        raise ModelInputError("factor", f"one of {', '.join(rows)}", factor)
    effect = rows[factor]["effect"]
    facts: dict[str, Fact] = {"effect": effect if effect is not None else "none"}
    if rows[factor]["target"] == "approval_rate":
        rel, pp = consistency.uplift_readings(article_figure("opening_success_2023"), effect)
        facts |= {"base": rel.base, "relative": rel.result, "points": pp.result}
    elif rows[factor]["target"] == "credit_line":
        top = _tier("new").line_max_yuan
        facts |= {"line": top, "raised": top * (1 + effect)}
    return CheckResult(Verdict.UNVERIFIABLE, facts)


@check("permanent_rejection")
def permanent_rejection(ctx: CheckContext, rule_ref: str) -> CheckResult:
    """Misleading: a 'permanent' consequence of a short delay, while a decisive rule (``rule_ref``) deletes credit records."""
    law = reference(rule_ref)
    a = ctx.assess(law)
    facts: dict[str, Fact] = {"retention_years": law.value("retention_years"), **rule_facts(law)}
    if a.decisive:
        return CheckResult(Verdict.MISLEADING, facts, (a,), (law.id,))
    return CheckResult(Verdict.UNVERIFIABLE, facts, (a,))


# --- risk control ---------------------------------------------------------------------------


@check("bad_debt_bound")
def bad_debt_bound(ctx: CheckContext, latest_ref: str, earlier_ref: str) -> CheckResult:
    """Contradicted only by a decisive source of the same metric, subject and period that exceeds the bound.

    WeBank publishes bank-wide non-performing-loan ratios, not a bad-debt rate of Weilidai:
    another metric and another subject, so these figures cannot decide the claim.
    ``latest_ref`` and ``earlier_ref`` are the latest and an earlier published ratio.
    """
    bound = article_figure("bad_debt_bound")
    latest, earlier = reference(latest_ref), reference(earlier_ref)
    found = (ctx.assess(latest), ctx.assess(earlier))
    facts: dict[str, Fact] = {
        "bound": bound,
        "npl": latest.value("npl_rate"),
        "year": latest.date.year,
        "npl_2016": earlier.value("npl_rate"),
        "year_2016": earlier.date.year,
    }
    exceeding = [a for a in found if a.decisive and reference(a.reference).value("npl_rate") > bound]
    if exceeding:
        return CheckResult(Verdict.CONTRADICTED, facts, found, (exceeding[0].reference,))
    return CheckResult(Verdict.UNVERIFIABLE, facts, found)


@check("far_below_industry")
def far_below_industry(ctx: CheckContext, bank_ref: str, industry_ref: str) -> CheckResult:
    """Unverifiable unless a decisive source gives the product's rate and the industry's on the same metric.

    Computes what the comparison would show if the stated bound held (against the commercial
    banks' ratio) and what WeBank's own ratio shows against its peers; neither decides.
    ``bank_ref`` is the lender's ratio beside its peers', ``industry_ref`` the commercial banks'.
    """
    bound = article_figure("bad_debt_bound")
    webank, banks = reference(bank_ref), reference(industry_ref)
    found = (ctx.assess(webank), ctx.assess(banks))
    ratio = webank.value("npl_rate") / webank.value("private_banks_npl_rate")
    claimed_vs_banks = bound / banks.value("npl_rate")
    far = ctx.assumptions.far_below_ratio
    facts: dict[str, Fact] = {
        "ratio": ratio,
        "npl": webank.value("npl_rate"),
        "peers": webank.value("private_banks_npl_rate"),
        "banks": banks.value("npl_rate"),
        "claimed_vs_banks": claimed_vs_banks,
        "far_below_ratio": far,
        "webank_far_below": "would" if ratio < far else "would not",
        "claimed_far_below": "would" if claimed_vs_banks < far else "would not",
    }
    return CheckResult(Verdict.UNVERIFIABLE, facts, found)


# --- competitors -----------------------------------------------------------------------------


@check("user_base")
def user_base(ctx: CheckContext, platform: str) -> CheckResult:
    """Supported within ``agreement_tolerance`` of a decisive figure; contradicted outside its range; else unverifiable.

    A claimed figure that lies between two published figures (monthly and annual users)
    matches neither and is not supported.
    """
    tolerance = ctx.assumptions.agreement_tolerance
    rows = {r["platform"]: r for r in competitors.user_base_records(tolerance)}
    if platform not in rows:
        raise ModelInputError("platform", f"one of {', '.join(rows)}", platform)
    row = rows[platform]
    if not row["reference"]:  # no figure was read for this platform: nothing can decide
        return CheckResult(Verdict.UNVERIFIABLE, {"claimed_bn": float(row["claimed_persons"]) / 1e9})
    a = ctx.assess(reference(str(row["reference"])))
    facts: dict[str, Fact] = {
        "claimed_bn": float(row["claimed_persons"]) / 1e9,
        "ref_low_bn": float(row["reference_low_persons"]) / 1e9,
        "ref_high_bn": float(row["reference_high_persons"]) / 1e9,
        "difference": float(row["relative_difference"]),
        "gap": abs(float(row["relative_difference"])),  # in words: the article's figure is 4.7% below the source's
        "direction": "below" if row["relative_difference"] < 0 else "above",
        "as_of": str(row["as_of"]),
        "tolerance": tolerance,
    }
    if not a.decisive:
        return CheckResult(Verdict.UNVERIFIABLE, facts, (a,))
    if abs(row["relative_difference"]) <= tolerance + 1e-12:
        return CheckResult(Verdict.SUPPORTED, facts, (a,), (a.reference,))
    if not row["within_range"]:
        return CheckResult(Verdict.CONTRADICTED, facts, (a,), (a.reference,))
    return CheckResult(Verdict.UNVERIFIABLE, facts, (a.but_only_contains("the figure lies between two published counts"),))


@check("user_base_framing")
def user_base_framing(ctx: CheckContext, customers_ref: str) -> CheckResult:
    """Misleading when a loan's 'user base' is the messaging app's, many times its lender's customers (``customers_ref``)."""
    wechat = competitors.platform("wechat").users_persons
    webank = reference(customers_ref)
    a = ctx.assess(webank, as_upper_bound=True)  # the bank's customers include all of Weilidai's
    ratio = wechat / webank.value("customers_persons")
    facts: dict[str, Fact] = {
        "ratio": ratio,
        "article_users_bn": wechat / 1e9,
        "customers_m": webank.value("customers_persons") / 1e6,
        "customers_year": webank.date.year,
        "misleading_ratio": ctx.assumptions.misleading_user_ratio,
    }
    if a.decisive and ratio > ctx.assumptions.misleading_user_ratio:
        return CheckResult(Verdict.MISLEADING, facts, (a,), (webank.id,))
    if a.decisive:
        return CheckResult(Verdict.CONSISTENT, facts, (a,), (webank.id,))
    return CheckResult(Verdict.UNVERIFIABLE, facts, (a,))


@check("rates_match_tiers")
def rates_match_tiers(ctx: CheckContext) -> CheckResult:
    """Consistent when section 八's WeChat rate range spans exactly the tier table's rates."""
    wechat = competitors.platform("wechat")
    ts = tiers.article_tiers()
    lo = min(t.min_daily_rate for t in ts)
    hi = max(t.max_daily_rate for t in ts)
    same = np.isclose(wechat.min_daily_rate, lo) and np.isclose(wechat.max_daily_rate, hi)
    return CheckResult(Verdict.CONSISTENT if same else Verdict.INCONSISTENT, {"rate_min": lo, "rate_max": hi})


@check("platform_rate")
def platform_rate(ctx: CheckContext, platform: str, ref_id: str | None = None) -> CheckResult:
    """Contradicted when a decisive source's range excludes part of the quoted range; otherwise unverifiable.

    A source whose range contains the quoted one does not state it. Computes the APR range
    and whether its top lies above the regulatory line the assumptions name.
    """
    p = competitors.platform(platform)
    label, line, _ = competitors.regulatory_line(ctx.assumptions.regulatory_line)
    apr = nominal_apr_from_daily_rate([p.min_daily_rate, p.max_daily_rate], ctx.assumptions.days_per_year)
    facts: dict[str, Fact] = {
        "apr_min": float(apr[0]),
        "apr_max": float(apr[1]),
        "above_line": "above" if apr[1] > line else "not above",
        "line": line,
        "line_label": label,
    }
    if ref_id is None:
        return CheckResult(Verdict.UNVERIFIABLE, facts)
    ref = reference(ref_id)
    a = ctx.assess(ref)
    # A source states its top either as a daily rate or as an annual cap; a cap is read as a daily rate
    # with the day count the assumptions name.
    if "max_annual_rate" in ref.values:
        ref_max = ref.value("max_annual_rate") / ctx.assumptions.days_per_year
        facts["ref_max_annual"] = ref.value("max_annual_rate")
    else:
        ref_max = ref.value("max_daily_rate")
    inside = ref.value("min_daily_rate") <= p.min_daily_rate and p.max_daily_rate <= ref_max
    facts |= {"ref_min": ref.value("min_daily_rate"), "ref_max": ref_max}
    if not inside and a.decisive:
        return CheckResult(Verdict.CONTRADICTED, facts, (a,), (ref.id,))
    if inside:
        a = a.but_only_contains("the source's range holds the quoted range")
    return CheckResult(Verdict.UNVERIFIABLE, facts, (a,))


def main(argv: list[str] | None = None) -> int:
    """List every check with its docstring's first line."""
    cli.parser("python -m model.checks", "Every named check with the first line of its description.").parse_args(argv)
    for name, func in sorted(CHECKS.items()):
        print(f"{name:24} {(func.__doc__ or '').splitlines()[0]}")
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.checks")
