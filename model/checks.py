"""The named checks that compute every verdict of the claims registry.

Each check is a function registered under a name with :func:`check`; a claim names its check
and the check's arguments in ``data/claims.yaml``. A check returns a :class:`CheckResult`:
the verdict, the facts it computed (used to fill the claim's finding, so no number in a
finding is typed by hand) and the ids of the references it relied on.

Run ``python -m model.checks`` to list the checks and the verdict each computes.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from model import competitors, consistency, tiers, weights
from model.article import article_tables, article_text, sections
from model.errors import ModelInputError
from model.rates import nominal_apr_from_daily_rate, repayment_schedule
from model.references import Reference, load_references, reference


class Verdict(StrEnum):
    """The verdicts a claim can receive."""

    CONSISTENT = "consistent"
    SUPPORTED = "supported"
    UNVERIFIABLE = "unverifiable"
    INCONSISTENT = "inconsistent"
    CONTRADICTED = "contradicted"
    IMPLAUSIBLE = "implausible"
    MISLEADING = "misleading"


Fact = float | int | str


@dataclass(frozen=True)
class CheckResult:
    """What a check computed: a verdict, named facts and the references used."""

    verdict: Verdict
    facts: dict[str, Fact] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    @property
    def confidence(self) -> str:
        """The lowest confidence among the references used, or ``internal`` when none were."""
        if not self.sources:
            return "internal"
        refs = [reference(s) for s in self.sources]
        return min(refs, key=lambda r: r.confidence.rank).confidence.value


CheckFunction = Callable[..., CheckResult]
CHECKS: dict[str, CheckFunction] = {}


def check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under ``name``."""

    def register(func: CheckFunction) -> CheckFunction:
        CHECKS[name] = func
        return func

    return register


def run_check(name: str, args: dict[str, Any] | None = None) -> CheckResult:
    """Run one named check with its arguments, with errors naming the check."""
    if name not in CHECKS:
        raise ModelInputError("check", f"one of {', '.join(sorted(CHECKS))}", name)
    func = CHECKS[name]
    signature = inspect.signature(func)
    try:
        signature.bind(**(args or {}))
    except TypeError as exc:
        takes = ", ".join(signature.parameters) or "no arguments"
        raise ModelInputError(f"check_args of {name}", f"the arguments the check takes ({takes})", args) from exc
    # A TypeError raised inside the check is a bug in the check, and propagates as one.
    return func(**(args or {}))


def _decisive(*refs: Reference) -> bool:
    return all(r.decisive for r in refs)


# --- products and identity --------------------------------------------------------------

#: Who runs each product named in the article, and the reference that says so.
PRODUCT_OWNERS: dict[str, tuple[str, str]] = {
    "借呗": ("Ant Group", "jiebei_brand_ant"),
    "微粒贷": ("WeBank", "weilidai_webank"),
}


@check("product_ownership")
def product_ownership(product_zh: str, claimed_owner: str) -> CheckResult:
    """Contradicted when a decisive reference names another owner for the product."""
    if product_zh not in PRODUCT_OWNERS:
        raise ModelInputError("product_zh", f"one of {', '.join(PRODUCT_OWNERS)}", product_zh)
    owner, ref_id = PRODUCT_OWNERS[product_zh]
    ref = reference(ref_id)
    agrees = owner == claimed_owner
    verdict = Verdict.SUPPORTED if agrees else Verdict.CONTRADICTED if ref.decisive else Verdict.UNVERIFIABLE
    return CheckResult(verdict, {"product": product_zh, "owner": owner, "claimed_owner": claimed_owner}, (ref_id,))


@check("title_product_identity")
def title_product_identity() -> CheckResult:
    """The title equates 微信版借呗 with 微粒贷; contradicted when the two brands have different owners."""
    title = sections()["title"]
    equated = "借呗" in title and "微粒贷" in title
    (owner_a, ref_a), (owner_b, ref_b) = PRODUCT_OWNERS["借呗"], PRODUCT_OWNERS["微粒贷"]
    differ = owner_a != owner_b and _decisive(reference(ref_a), reference(ref_b))
    verdict = Verdict.CONTRADICTED if equated and differ else Verdict.UNVERIFIABLE
    return CheckResult(verdict, {"owner_jiebei": owner_a, "owner_weilidai": owner_b}, (ref_a, ref_b))


@check("product_named_twice")
def product_named_twice() -> CheckResult:
    """Inconsistent when the title treats 微粒贷 as the product but section 八 lists it as another product line."""
    alias_in_title = "(微粒贷" in sections()["title"]
    listed_apart = "打通微粒贷" in sections()["八"]
    verdict = Verdict.INCONSISTENT if alias_in_title and listed_apart else Verdict.CONSISTENT
    return CheckResult(verdict, {"alias_in_title": str(alias_in_title), "listed_apart": str(listed_apart)})


# --- no public source -------------------------------------------------------------------


@check("no_public_source")
def no_public_source(topic: str) -> CheckResult:
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
    return CheckResult(Verdict.UNVERIFIABLE, {"topic": topic, "references_searched": len(refs)})


@check("reference_agrees")
def reference_agrees(ref_ids: list[str]) -> CheckResult:
    """Supported when every named reference agrees and is decisive; unverifiable when one is too weak."""
    refs = [reference(r) for r in ref_ids]
    verdict = Verdict.SUPPORTED if _decisive(*refs) else Verdict.UNVERIFIABLE
    return CheckResult(verdict, {"weakest": min(refs, key=lambda r: r.confidence.rank).confidence.value}, tuple(ref_ids))


# --- eligibility -------------------------------------------------------------------------


@check("threshold_consistency")
def threshold_consistency() -> CheckResult:
    """Inconsistent when no reading with a strict ≥550 rule lets 67.3% and 82% both hold."""
    r = {x.key: x for x in consistency.threshold_readings()}
    feasible = consistency.strict_threshold_feasible()
    return CheckResult(
        Verdict.CONSISTENT if feasible else Verdict.INCONSISTENT,
        {
            "success_rate": consistency.ARTICLE_SUCCESS_RATE,
            "share_below": consistency.ARTICLE_SHARE_BELOW,
            "max_success_strict": r["applicants_strict"].bound,
            "min_pass_below_soft": r["applicants_soft"].bound,
            "selfselect_factor": r["population_selfselect"].bound,
        },
    )


@check("intro_stages_in_process")
def intro_stages_in_process() -> CheckResult:
    """Inconsistent when a stage the introduction names is missing from the steps of section 二."""
    tables = article_tables()
    steps = {s["stage"] for s in tables["process_steps"]}
    missing = [s["zh"] for s in tables["intro_stages"] if s["stage"] not in steps]
    verdict = Verdict.INCONSISTENT if missing else Verdict.CONSISTENT
    return CheckResult(verdict, {"missing": "、".join(missing), "n_missing": len(missing), "n_steps": len(steps)})


@check("weights_total")
def weights_total() -> CheckResult:
    """Inconsistent when the weights of section 一 do not add up to 100%."""
    total = weights.total_weight()
    verdict = Verdict.CONSISTENT if abs(total - 1.0) < 1e-9 else Verdict.INCONSISTENT
    return CheckResult(verdict, {"total": total, "missing": weights.missing_weight()})


@check("pass_fail_weight")
def pass_fail_weight() -> CheckResult:
    """Implausible when a legal precondition is a weight an applicant could make up elsewhere.

    Real-name verification is required by anti-money-laundering rules: it is pass/fail. If
    an applicant failing it can still reach at least half the maximum score, the weight
    table cannot describe an actual decision rule.
    """
    share = weights.pass_fail_share_of_maximum()
    verdict = Verdict.IMPLAUSIBLE if share >= 0.5 else Verdict.CONSISTENT
    return CheckResult(verdict, {"share_without": share})


@check("threshold_origin")
def threshold_origin() -> CheckResult:
    """Misleading when the stated loan threshold equals a documented deposit-free threshold and no loan cutoff is published."""
    deposit = reference("payscore_550_deposit_free")
    absent = reference("no_published_loan_cutoff")
    same = deposit.value("threshold_score") == weights.PAY_SCORE_THRESHOLD
    verdict = Verdict.MISLEADING if same and _decisive(deposit, absent) else Verdict.UNVERIFIABLE
    return CheckResult(verdict, {"threshold": weights.PAY_SCORE_THRESHOLD}, (deposit.id, absent.id))


@check("published_cutoff")
def published_cutoff() -> CheckResult:
    """Unverifiable: the role of the Pay Score in loan approval is not published."""
    absent = reference("no_published_loan_cutoff")
    return CheckResult(Verdict.UNVERIFIABLE, {}, (absent.id,))


# --- tiers and rates ----------------------------------------------------------------------


def _tier(key: str) -> tiers.Tier:
    found = {t.key: t for t in tiers.article_tiers()}
    if key not in found:
        raise ModelInputError("tier", f"one of {', '.join(found)}", key)
    return found[key]


@check("tier_credit_line")
def tier_credit_line(tier: str) -> CheckResult:
    """Contradicted above the regulatory 200,000-yuan cap; supported inside Weilidai's documented range."""
    t = _tier(tier)
    cap = reference("cbirc_internet_loans_2020")
    line = reference("weilidai_credit_line")
    facts: dict[str, Fact] = {"line_min": t.line_min_yuan, "line_max": t.line_max_yuan, "cap": cap.value("line_cap_yuan")}
    if t.line_max_yuan > cap.value("line_cap_yuan") and cap.decisive:
        facts["times_cap"] = t.line_max_yuan / cap.value("line_cap_yuan")
        return CheckResult(Verdict.CONTRADICTED, facts, (cap.id, line.id))
    inside = line.value("line_min_yuan") <= t.line_min_yuan and t.line_max_yuan <= line.value("line_max_yuan")
    verdict = Verdict.SUPPORTED if inside and line.decisive else Verdict.UNVERIFIABLE
    return CheckResult(verdict, facts, (cap.id, line.id))


@check("tier_daily_rate")
def tier_daily_rate(tier: str) -> CheckResult:
    """Supported when the tier's range contains Weilidai's documented launch rate; otherwise only weak sources remain."""
    t = _tier(tier)
    launch = reference("weilidai_webank")
    rate = launch.value("launch_daily_rate")
    facts: dict[str, Fact] = {
        "rate_min": t.min_daily_rate,
        "rate_max": t.max_daily_rate,
        "apr_min": float(nominal_apr_from_daily_rate(t.min_daily_rate)),
        "apr_max": float(nominal_apr_from_daily_rate(t.max_daily_rate)),
        "launch_rate": rate,
    }
    if t.min_daily_rate <= rate <= t.max_daily_rate and launch.decisive:
        return CheckResult(Verdict.SUPPORTED, facts, (launch.id,))
    return CheckResult(Verdict.UNVERIFIABLE, facts, ("weilidai_rate_range",))


@check("interest_free_value")
def interest_free_value(tier: str, amount_yuan: float = 10_000.0) -> CheckResult:
    """Unverifiable; computes what the interest-free days are worth on a one-month loan."""
    t = _tier(tier)
    base = repayment_schedule(amount_yuan, t.max_daily_rate, 1, "bullet")
    free = repayment_schedule(amount_yuan, t.max_daily_rate, 1, "bullet", interest_free_days=t.interest_free_days)
    return CheckResult(
        Verdict.UNVERIFIABLE,
        {"days": t.interest_free_days, "amount": amount_yuan, "saving": float(base.total_interest[0] - free.total_interest[0])},
    )


@check("tier_coverage")
def tier_coverage_check() -> CheckResult:
    """Inconsistent when the tier rules leave gaps or overlap on the pay-score x assets plane."""
    cov = tiers.tier_coverage()
    gaps = "; ".join(f"{c.score_lo}-{c.score_hi}" for c in cov.gaps)
    verdict = Verdict.INCONSISTENT if cov.gaps or cov.overlaps else Verdict.CONSISTENT
    return CheckResult(
        verdict, {"gaps": gaps, "n_overlaps": len(cov.overlaps), "uncovered_points": cov.uncovered_score_points(0.0)}
    )


@check("tier_ordering")
def tier_ordering() -> CheckResult:
    """Consistent when each higher tier has a higher credit line and no higher daily rate."""
    ts = tiers.article_tiers()
    lines_up = all(a.line_max_yuan <= b.line_min_yuan for a, b in itertools.pairwise(ts))
    rates_down = all(a.min_daily_rate >= b.max_daily_rate for a, b in itertools.pairwise(ts))
    verdict = Verdict.CONSISTENT if lines_up and rates_down else Verdict.INCONSISTENT
    return CheckResult(verdict, {"lines_up": str(lines_up), "rates_down": str(rates_down)})


@check("apr_disclosure")
def apr_disclosure() -> CheckResult:
    """Misleading when the article prices loans only by daily rate although annualised rates must be shown first."""
    rule = reference("pboc_2021_apr_disclosure")
    ts = tiers.article_tiers()
    daily = np.array([x for t in ts for x in (t.min_daily_rate, t.max_daily_rate)])
    aprs = nominal_apr_from_daily_rate(daily)
    annual_shown = "年化" in article_text()
    verdict = Verdict.MISLEADING if not annual_shown and rule.decisive else Verdict.CONSISTENT
    return CheckResult(
        verdict, {"apr_min": float(aprs.min()), "apr_max": float(aprs.max()), "daily_max": float(daily.max())}, (rule.id,)
    )


# --- influencing factors -----------------------------------------------------------------


@check("factor_effect")
def factor_effect(factor: str) -> CheckResult:
    """Unverifiable; computes what the stated effect would mean under each reading."""
    rows = {f["key"]: f for f in article_tables()["factors"]}
    if factor not in rows:
        raise ModelInputError("factor", f"one of {', '.join(rows)}", factor)
    effect = rows[factor]["effect"]
    facts: dict[str, Fact] = {"effect": effect if effect is not None else "none"}
    if rows[factor]["target"] == "approval_rate":
        rel, pp = consistency.uplift_readings(consistency.ARTICLE_SUCCESS_RATE, effect)
        facts |= {"base": rel.base, "relative": rel.result, "points": pp.result}
    elif rows[factor]["target"] == "credit_line":
        top = _tier("new").line_max_yuan
        facts |= {"line": top, "raised": top * (1 + effect)}
    return CheckResult(Verdict.UNVERIFIABLE, facts)


@check("permanent_rejection")
def permanent_rejection() -> CheckResult:
    """Misleading: a 'permanent' consequence of a short delay, while credit records expire by law."""
    rule = reference("credit_reporting_art16")
    verdict = Verdict.MISLEADING if rule.decisive else Verdict.UNVERIFIABLE
    return CheckResult(verdict, {"retention_years": rule.value("retention_years")}, (rule.id,))


# --- risk control ---------------------------------------------------------------------------

#: The bad-debt bound of section 七 (坏账率控制在0.8%以下), a fraction.
ARTICLE_BAD_DEBT_BOUND = 0.008
#: "Far below" (远低于) is read as less than this share of the comparison average.
FAR_BELOW_RATIO = 0.75


@check("bad_debt_bound")
def bad_debt_bound() -> CheckResult:
    """Contradicted when WeBank's latest published non-performing loan ratio exceeds the stated bound."""
    latest = max((reference("webank_npl_2021"), reference("webank_npl_2016")), key=lambda r: r.as_of)
    npl = latest.value("npl_rate")
    verdict = Verdict.CONTRADICTED if npl > ARTICLE_BAD_DEBT_BOUND and latest.decisive else Verdict.UNVERIFIABLE
    return CheckResult(verdict, {"bound": ARTICLE_BAD_DEBT_BOUND, "npl": npl, "year": latest.as_of.year}, (latest.id,))


@check("far_below_industry")
def far_below_industry() -> CheckResult:
    """Misleading when WeBank's published ratio is close to its peers' average, not far below it."""
    ref = reference("webank_npl_2021")
    ratio = ref.value("npl_rate") / ref.value("private_banks_npl_rate")
    banks = reference("banks_npl_2023q3").value("npl_rate")
    verdict = Verdict.MISLEADING if ratio >= FAR_BELOW_RATIO and ref.decisive else Verdict.CONSISTENT
    return CheckResult(
        verdict,
        {
            "ratio": ratio,
            "npl": ref.value("npl_rate"),
            "peers": ref.value("private_banks_npl_rate"),
            "banks": banks,
            "claimed_vs_banks": ARTICLE_BAD_DEBT_BOUND / banks,
        },
        (ref.id, "banks_npl_2023q3"),
    )


# --- competitors -----------------------------------------------------------------------------


@check("user_base")
def user_base(platform: str, tolerance: float = 0.02) -> CheckResult:
    """Supported within ``tolerance`` of a decisive figure; contradicted outside the decisive range; else unverifiable."""
    table = competitors.user_base_comparison(tolerance).set_index("platform")
    if platform not in table.index:
        raise ModelInputError("platform", f"one of {', '.join(table.index)}", platform)
    row = table.loc[platform].to_dict()
    facts: dict[str, Fact] = {
        "claimed_bn": float(row["claimed_persons"]) / 1e9,
        "ref_low_bn": float(row["reference_low_persons"]) / 1e9,
        "ref_high_bn": float(row["reference_high_persons"]) / 1e9,
        "difference": float(row["relative_difference"]),
        "as_of": str(row["as_of"]),
    }
    if not row["decisive"]:
        verdict = Verdict.UNVERIFIABLE
    elif abs(row["relative_difference"]) <= tolerance:
        verdict = Verdict.SUPPORTED
    elif not row["within_range"]:
        verdict = Verdict.CONTRADICTED
    else:
        verdict = Verdict.UNVERIFIABLE
    return CheckResult(verdict, facts, (str(row["reference"]),))


@check("user_base_framing")
def user_base_framing() -> CheckResult:
    """Misleading when a loan product's 'user base' is the messaging app's, many times its lender's customers."""
    wechat = competitors.platform("wechat").users_persons
    webank = reference("webank_customers_2022")
    ratio = wechat / webank.value("customers_persons")
    verdict = Verdict.MISLEADING if ratio > 2 and webank.decisive else Verdict.UNVERIFIABLE
    return CheckResult(verdict, {"ratio": ratio, "customers_m": webank.value("customers_persons") / 1e6}, (webank.id,))


@check("rates_match_tiers")
def rates_match_tiers() -> CheckResult:
    """Consistent when section 八's WeChat rate range spans exactly the tier table's rates."""
    wechat = competitors.platform("wechat")
    ts = tiers.article_tiers()
    lo = min(t.min_daily_rate for t in ts)
    hi = max(t.max_daily_rate for t in ts)
    same = np.isclose(wechat.min_daily_rate, lo) and np.isclose(wechat.max_daily_rate, hi)
    return CheckResult(Verdict.CONSISTENT if same else Verdict.INCONSISTENT, {"rate_min": lo, "rate_max": hi})


@check("platform_rate")
def platform_rate(platform: str, ref_id: str | None = None) -> CheckResult:
    """Compare a platform's quoted rates with a reference; unverifiable without a decisive one.

    Computes the APR range and whether its top exceeds the 24% ceiling.
    """
    p = competitors.platform(platform)
    ceiling = reference("window_guidance_24").value("apr_ceiling_rate")
    apr = nominal_apr_from_daily_rate([p.min_daily_rate, p.max_daily_rate])
    facts: dict[str, Fact] = {
        "apr_min": float(apr[0]),
        "apr_max": float(apr[1]),
        "above_ceiling": str(bool(apr[1] > ceiling)),
        "ceiling": ceiling,
    }
    sources: tuple[str, ...] = ("window_guidance_24",)
    verdict = Verdict.UNVERIFIABLE
    if ref_id is not None:
        ref = reference(ref_id)
        sources = (ref_id, *sources)
        inside = ref.value("min_daily_rate") <= p.min_daily_rate and p.max_daily_rate <= ref.value("max_daily_rate")
        facts |= {"ref_min": ref.value("min_daily_rate"), "ref_max": ref.value("max_daily_rate"), "inside": str(inside)}
        if ref.decisive:
            verdict = Verdict.SUPPORTED if inside else Verdict.CONTRADICTED
    return CheckResult(verdict, facts, sources)


def main() -> None:
    """List every check with its docstring's first line."""
    for name, func in sorted(CHECKS.items()):
        print(f"{name:24} {(func.__doc__ or '').splitlines()[0]}")


if __name__ == "__main__":
    main()
