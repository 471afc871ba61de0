"""The claims registry: every checkable statement of the article, with its computed verdict.

``data/claims.yaml`` holds one record per claim (schema: :class:`ClaimRecord`). Loading
validates every record, checks that each quote stands verbatim in the article and in the
section named, runs the claim's check, and refuses the registry if the computed verdict
differs from the recorded one. Findings are templates filled with the check's facts.

Run ``python -m model.claims`` for verdict counts.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections import Counter
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from model import cli
from model.article import SECTION_IDS, article_text, sections
from model.assumptions import Assumptions
from model.checks import CheckContext, CheckResult, Verdict, run_check
from model.errors import ModelInputError
from model.evidence import Assertion
from model.findings import OverallRating, Said, Stance, disagreements, findings, overall_rating, stance_of
from model.loaders import DATA_DIR, load_yaml, records_by_id
from model.params import default_assumptions, value_text
from model.references import load_references

CLAIMS_PATH = DATA_DIR / "claims.yaml"


class ClaimKind(StrEnum):
    """What sort of statement a claim is."""

    NUMBER = "number"
    RANGE = "range"
    RULE = "rule"
    COMPARISON = "comparison"
    QUALITATIVE = "qualitative"


class Asserts(BaseModel):
    """What a claim measures: the quantity and whose; its date is the article's unless given."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: str = Field(min_length=3)
    subject: str = Field(min_length=2)
    as_of: dt.date | None = None
    #: The claim states a trend (regulation tightening, say): the judgement trend_sources says which later sources may show it.
    trend: bool = False


class ClaimRecord(BaseModel):
    """One record of ``data/claims.yaml``, as written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^C\d{2,3}$")
    section: str
    kind: ClaimKind
    quote: str = Field(min_length=4)
    occurrence: int | None = Field(default=None, ge=1)
    paraphrase: str = Field(min_length=8)
    check: str
    check_args: dict[str, Any] = Field(default_factory=dict)
    asserts: Asserts | None = None
    verdict: Verdict
    finding: str = Field(min_length=20)
    #: The independent findings (data/findings.yaml) this claim's finding states, with its stance on each.
    says: dict[str, Stance] = Field(default_factory=dict)
    #: Whether this is the article's central claim (the product its title names), which rates the whole article.
    central: bool = False


class Claim(BaseModel):
    """A claim with its computed verdict, rendered finding and evidence."""

    model_config = ConfigDict(frozen=True)

    id: str
    section: str
    kind: ClaimKind
    quote: str
    paraphrase: str
    verdict: Verdict
    finding: str
    evidence: tuple[str, ...]
    confidence: str
    decided_by: tuple[str, ...]
    why_undecided: str
    start: int
    end: int
    says: dict[str, Stance] = Field(default_factory=dict)
    central: bool = False


def quote_span(record: ClaimRecord) -> tuple[int, int]:
    """Where a claim's quote stands in the article, as offsets into its text.

    A quote stands once in the article, or the record names which ``occurrence`` within its
    section it means (a table header repeats a product's name).
    """
    where = f"claims.yaml:{record.id}"
    if record.section not in SECTION_IDS:
        raise ModelInputError(f"{where}.section", f"one of {', '.join(SECTION_IDS)}", record.section)
    text, body = article_text(), sections()[record.section]
    if record.quote not in body:
        raise ModelInputError(f"{where}.quote", f"a verbatim substring of section {record.section}", record.quote)
    if record.occurrence is None:
        if text.count(record.quote) != 1:
            raise ModelInputError(f"{where}.quote", "a quote that occurs once in the article, or an occurrence", record.quote)
        start = text.index(record.quote)
        return start, start + len(record.quote)
    offset, base = -1, text.index(body)
    for _ in range(record.occurrence):
        offset = body.find(record.quote, offset + 1)
        if offset < 0:
            raise ModelInputError(f"{where}.occurrence", f"at most {body.count(record.quote)}", record.occurrence)
    return base + offset, base + offset + len(record.quote)


def assertion_of(record: ClaimRecord) -> Assertion | None:
    """What a record says its claim measures; undated unless it gives a date (the judgement article_date then dates it)."""
    if record.asserts is None:
        return None
    return Assertion(record.asserts.metric, record.asserts.subject, record.asserts.as_of, record.asserts.trend)


def verdict_reason(
    decided_by: tuple[str, ...], confidence: str, why_undecided: str, check: str, changed: tuple[str, ...] = ()
) -> str:
    """What decided a verdict, in words: the deciding sources, or why none could, or the claim's own check.

    ``changed`` are the assumptions the check read that differ from the defaults
    (:func:`changed_assumptions`): a verdict its own check changed is explained by them.

    Examples
    --------
    >>> verdict_reason((), "", "", "weights_total", ("agreement_tolerance at 10%",))
    'its check, weights_total, gives this with agreement_tolerance at 10%'
    """
    if decided_by:
        return f"{', '.join(decided_by)} decides it at {confidence} confidence"
    if why_undecided:
        return f"no source can decide it ({why_undecided})"
    if changed:
        return f"its check, {check}, gives this with {' and '.join(changed)}"
    return f"its check, {check}, gives this under these assumptions"


def changed_assumptions(record: ClaimRecord, assumptions: Assumptions) -> tuple[str, ...]:
    """The assumptions ``record``'s check reads whose values differ from the defaults, as ``name at value``.

    Examples
    --------
    >>> lenient = default_assumptions().model_copy(update={"agreement_tolerance": 0.1, "days_per_year": 360})
    >>> changed_assumptions(registry_records()["C13"], lenient)
    ('agreement_tolerance at 10%',)
    >>> changed_assumptions(registry_records()["C13"], default_assumptions())
    ()
    """
    from model.robustness import assumptions_read

    defaults = default_assumptions()
    if assumptions == defaults:
        return ()
    return tuple(
        f"{name} at {value_text(name, getattr(assumptions, name))}"
        for name in assumptions_read(record, assumptions)
        if getattr(assumptions, name) != getattr(defaults, name)
    )


def verdict_changed_note(record: ClaimRecord, result: CheckResult, changed: tuple[str, ...] = ()) -> str:
    """The sentence put before a finding whose verdict differs from the default one, saying what decided it.

    Examples
    --------
    >>> from model.checks import CheckResult
    >>> r = registry_records()["C55"]
    >>> verdict_changed_note(r, CheckResult(Verdict.UNVERIFIABLE, {}))[:64]
    "Under this copy's assumptions this claim is unverifiable, not su"
    """
    why = verdict_reason(result.decided_by, result.confidence, result.why_undecided, record.check, changed)
    return (
        f"Under this copy's assumptions this claim is {result.verdict.value}, not {record.verdict.value} as under "
        f"the book's defaults: {why}. What follows was written for the defaults:"
    )


#: The longest format spec a finding may give a field (``,.2f``, ``+.1%``): a long one could ask for gigabytes of padding.
MAX_FORMAT_SPEC = 8
#: The widest padding and the most digits a finding's format spec may ask for (``>9999999`` is 9.9 MB of spaces).
MAX_FORMAT_WIDTH = 20
MAX_FORMAT_PRECISION = 6
#: Python's format-spec mini-language: [[fill]align][sign][z][#][0][width][grouping][.precision][type].
_FORMAT_SPEC = re.compile(r"^(?:.?[<>=^])?[+\- ]?z?#?0?(?P<width>\d*)[_,]?(?:\.(?P<precision>\d+))?[bcdeEfFgGnosxX%]?$")


def spec_within_reason(spec: str) -> bool:
    """True when ``spec`` is a format spec whose width and precision are within reason.

    >>> spec_within_reason(",.2f"), spec_within_reason(">9999999"), spec_within_reason(".99f")
    (True, False, False)
    """
    match = _FORMAT_SPEC.match(spec)
    if match is None:
        return False
    width, precision = match["width"], match["precision"]
    return int(width or 0) <= MAX_FORMAT_WIDTH and int(precision or 0) <= MAX_FORMAT_PRECISION


def check_template(template: str, facts: Mapping[str, object], where: str) -> None:
    """Refuse a finding whose fields are not plain names of the check's facts with short format specs.

    A data file must not reach into an object (``{owner.__class__}``, ``{owner[9]}``) or pad a
    field to any width (``{owner:>999999999}``).

    Examples
    --------
    >>> check_template("{n:,.0f} claims", {"n": 3}, "x")
    >>> try:
    ...     check_template("{n.__class__}", {"n": 3}, "x")
    ... except ModelInputError as exc:
    ...     print(str(exc).split(", got ")[1])
    'n.__class__'
    """
    allowed = (
        f"fields that are plain names of the check's facts {sorted(facts)} "
        f"with format specs of at most {MAX_FORMAT_SPEC} characters, a width of at most {MAX_FORMAT_WIDTH} "
        f"and at most {MAX_FORMAT_PRECISION} digits"
    )
    try:
        fields = [(name, spec or "", conv) for _, name, spec, conv in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise ModelInputError(where, allowed, str(exc)) from exc
    for name, spec, conv in fields:
        if name not in facts or len(spec) > MAX_FORMAT_SPEC or not spec_within_reason(spec) or conv is not None:
            raise ModelInputError(where, allowed, name if name not in facts or conv else f"{name}:{spec}")


#: The names of a check's arguments that hold reference ids (``cap_ref``, ``rate_refs``, ``ref_id``...).
REFERENCE_ARGUMENT = re.compile(r"(?:^|_)ref(?:s|_id|_ids)?$")


def check_reference_args(args: dict[str, Any], where: str) -> None:
    """Refuse, naming the argument, a check argument that names a reference ``data/references.yaml`` does not hold.

    Examples
    --------
    >>> check_reference_args({"tier": "new", "cap_ref": "cbirc_internet_loans_2020"}, "claims.yaml:C22.check_args")
    >>> check_reference_args({"rate_refs": ["weilidai_rate_range", "nope"]}, "claims.yaml:C23.check_args")
    Traceback (most recent call last):
    ...
    model.errors.ModelInputError: claims.yaml:C23.check_args.rate_refs: expected ids of data/references.yaml, got 'nope'
    """
    known = load_references()
    for name, value in args.items():
        if REFERENCE_ARGUMENT.search(name):
            ids = value if isinstance(value, list) else [value]
            unknown = [str(i) for i in ids if i not in known]
            if unknown:
                raise ModelInputError(f"{where}.{name}", "ids of data/references.yaml", ", ".join(unknown))


def evaluate(record: ClaimRecord, assumptions: Assumptions | None = None) -> Claim:
    """Check one record against the article, run its check under the assumptions and render its finding.

    Under the default assumptions the computed verdict must equal the recorded one (the
    registry is refused otherwise); under other assumptions the computed verdict is used.
    """
    where = f"claims.yaml:{record.id}"
    if record.section not in SECTION_IDS:
        raise ModelInputError(f"{where}.section", f"one of {', '.join(SECTION_IDS)}", record.section)
    start, end = quote_span(record)
    unknown = sorted(set(record.says) - set(findings()))
    if unknown:
        raise ModelInputError(f"{where}.says", f"ids of data/findings.yaml ({', '.join(findings())})", ", ".join(unknown))
    defaults = default_assumptions()
    assumptions = defaults if assumptions is None else assumptions
    check_reference_args(record.check_args, f"{where}.check_args")
    result = run_check(record.check, record.check_args, CheckContext(assumptions, assertion_of(record)))
    if assumptions == defaults and result.verdict != record.verdict:
        raise ModelInputError(
            f"{where}.verdict", f"the verdict its check {record.check!r} computes, {result.verdict.value!r}", record.verdict.value
        )
    template = " ".join(record.finding.split())
    check_template(template, result.facts, f"{where}.finding")
    try:
        finding = template.format_map(result.facts)
    except (KeyError, ValueError, TypeError, IndexError, AttributeError) as exc:
        raise ModelInputError(f"{where}.finding", f"fields among the check's facts {sorted(result.facts)}", str(exc)) from exc
    if result.verdict != record.verdict:  # the finding was written for the default verdict: say so, and why this differs
        finding = f"{verdict_changed_note(record, result, changed_assumptions(record, assumptions))} {finding}"
    return Claim(
        id=record.id,
        section=record.section,
        kind=record.kind,
        quote=record.quote,
        paraphrase=record.paraphrase,
        verdict=result.verdict,
        finding=finding,
        evidence=(f"check:{record.check}", *result.sources),
        confidence=result.confidence,
        decided_by=result.decided_by,
        why_undecided=result.why_undecided,
        start=start,
        end=end,
        says=record.says,
        central=record.central,
    )


def parse_claims(records: object, source: str = "claims.yaml", assumptions: Assumptions | None = None) -> tuple[Claim, ...]:
    """Validate raw records and evaluate each under the assumptions; ids must be unique."""
    return tuple(evaluate(record, assumptions) for record in claim_records(records, source).values())


def claim_records(records: object, source: str = "claims.yaml", path: Path | None = None) -> dict[str, ClaimRecord]:
    """Validate raw records, by id, without running their checks (``path``: the file they were read from, for its lines)."""
    return records_by_id(records, ClaimRecord, source, "claim", path=path)


@cache
def registry_records() -> dict[str, ClaimRecord]:
    """The records of ``data/claims.yaml``, validated, by id."""
    return claim_records(load_yaml(CLAIMS_PATH), CLAIMS_PATH.name, path=CLAIMS_PATH)


def load_claims(path: Path = CLAIMS_PATH, assumptions: Assumptions | None = None) -> tuple[Claim, ...]:
    """Load, validate and evaluate a claims registry file (by default ``data/claims.yaml``) under the assumptions."""
    if path == CLAIMS_PATH:
        return _registry_claims(assumptions if assumptions is not None else default_assumptions())
    return parse_claims(load_yaml(path), path.name, assumptions)


@cache
def _registry_claims(assumptions: Assumptions) -> tuple[Claim, ...]:
    claims = tuple(evaluate(record, assumptions) for record in registry_records().values())
    if assumptions == default_assumptions():  # under other assumptions a changed verdict is said before its finding
        problems = disagreements(said_of(claims))
        if problems:
            raise ModelInputError(
                "claims.yaml: says", "verdicts that agree with the findings their claims state", "; ".join(problems)
            )
    return claims


def said_of(claims: tuple[Claim, ...]) -> list[Said]:
    """Each claim's stance on each finding it states, with the verdict it received."""
    return [Said(c.id, f, stance, c.verdict) for c in claims for f, stance in c.says.items()]


def findings_upheld(claims: tuple[Claim, ...]) -> list[Said]:
    """The independent findings the decided verdicts rest on, as the rating counts them.

    Each finding a claim states with a verdict its stance allows; and each decided claim that
    rests on no such finding (a verdict only some assumptions give, such as a source accepted
    under lenient rules of evidence) as a finding of its own, named by the claim, in the
    direction its verdict takes.
    """
    said = [s for s in said_of(claims) if s.agrees]
    upheld = {s.finding for s in said}
    for c in claims:
        stance = stance_of(c.verdict)
        if stance is not None and not any(f in upheld for f in c.says):
            said.append(Said(c.id, c.id, stance, c.verdict))
    return said


def findings_said(assumptions: Assumptions | None = None) -> list[Said]:
    """:func:`said_of` the registry under the assumptions (by default the book's)."""
    return said_of(load_claims(assumptions=assumptions))


def article_rating(assumptions: Assumptions | None = None) -> OverallRating:
    """The article's overall rating under the assumptions, by :data:`model.findings.RATING_RULE`."""
    claims = load_claims(assumptions=assumptions)
    n_unverifiable = sum(c.verdict is Verdict.UNVERIFIABLE for c in claims)
    return overall_rating(findings_upheld(claims), [c.id for c in claims if c.central], len(claims), n_unverifiable)


def finding_members(claims: tuple[Claim, ...]) -> dict[str, dict[str, list[str]]]:
    """The claims that uphold each finding the rating counts, under ``for`` and ``against`` the article.

    Examples
    --------
    >>> members = finding_members(load_claims())
    >>> sorted(members)
    ['against', 'for']
    """
    members: dict[str, dict[str, list[str]]] = {"for": {}, "against": {}}
    for s in findings_upheld(claims):
        members["for" if s.stance == "for" else "against"].setdefault(s.finding, []).append(s.claim)
    return members


def independent_findings(claims: tuple[Claim, ...] | None = None) -> int:
    """How many independent findings the decided verdicts rest on: each finding once, each decided claim without one once."""
    claims = load_claims() if claims is None else claims
    return len({s.finding for s in findings_upheld(claims)})


def claims_frame(claims: tuple[Claim, ...] | None = None, assumptions: Assumptions | None = None) -> pd.DataFrame:
    """The registry as a table, one row per claim, in registry order (under the assumptions given)."""
    claims = load_claims(assumptions=assumptions) if claims is None else claims
    rows = [c.model_dump(mode="json") for c in claims]
    for row in rows:
        row["evidence"] = "; ".join(row["evidence"])
        row["decided_by"] = "; ".join(row["decided_by"])
    return pd.DataFrame(rows)


def verdict_counts(claims: tuple[Claim, ...] | None = None, assumptions: Assumptions | None = None) -> dict[str, int]:
    """How many claims received each verdict, every verdict listed (zero included)."""
    claims = load_claims(assumptions=assumptions) if claims is None else claims
    counts = Counter(c.verdict.value for c in claims)
    return {v.value: counts.get(v.value, 0) for v in Verdict}


def main(argv: list[str] | None = None) -> int:
    """Print the verdict counts."""
    cli.parser("python -m model.claims", "How many claims receive each verdict under the default assumptions.").parse_args(argv)
    for verdict, n in verdict_counts().items():
        print(f"{verdict:13} {n:3d}")
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.claims")
