"""The independent findings, and the rule that keeps every verdict in step with its finding.

``data/findings.yaml`` lists each fact the book establishes about the article (schema:
:class:`Finding`); a claim of ``data/claims.yaml`` names, in ``says``, the findings its own
finding states and its stance on each. A stance allows some verdicts only
(:data:`STANCE_VERDICTS`): a claim whose finding says it names a product that does not exist
cannot be *unverifiable*, and a claim whose finding says its table is not what its title says
cannot be *consistent*. :func:`disagreements` lists every claim whose computed verdict breaks
that rule and every finding whose claims take it in different directions; loading the
registry under the default assumptions refuses both.

:func:`overall_rating` rates the article as a whole from its independent findings, by the
rule :data:`RATING_RULE` states.

Run ``python -m model.findings`` for the findings, their claims and the overall rating.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from model import cli
from model.checks import Verdict
from model.loaders import DATA_DIR, load_yaml, records_by_id

FINDINGS_PATH = DATA_DIR / "findings.yaml"


class Stance(StrEnum):
    """Where a claim stands on a finding its own finding states."""

    FOR = "for"
    AGAINST = "against"
    CONFLICT = "conflict"
    INCOMPLETE = "incomplete"


#: The verdicts each stance allows. A claim against which a finding stands is contradicted
#: (a source says otherwise), misleading (literally possible but framed to mislead) or
#: implausible; the article contradicting itself is inconsistent; leaving out is incomplete.
STANCE_VERDICTS: dict[Stance, frozenset[Verdict]] = {
    Stance.FOR: frozenset({Verdict.SUPPORTED, Verdict.CONSISTENT}),
    Stance.AGAINST: frozenset({Verdict.CONTRADICTED, Verdict.MISLEADING, Verdict.IMPLAUSIBLE}),
    Stance.CONFLICT: frozenset({Verdict.INCONSISTENT}),
    Stance.INCOMPLETE: frozenset({Verdict.INCOMPLETE}),
}


def stance_of(verdict: Verdict) -> Stance | None:
    """The stance a verdict takes on the article when no finding of ``data/findings.yaml`` carries it (None: undecided).

    >>> stance_of(Verdict.SUPPORTED).value, stance_of(Verdict.INCONSISTENT).value, stance_of(Verdict.UNVERIFIABLE)
    ('for', 'conflict', None)
    """
    return next((stance for stance, verdicts in STANCE_VERDICTS.items() if verdict in verdicts), None)


class Finding(BaseModel):
    """One record of ``data/findings.yaml``: a fact the book establishes, in readers' words."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{2,40}$")
    title: str = Field(min_length=20)
    matters: str | None = Field(default=None, min_length=20)


@cache
def findings() -> dict[str, Finding]:
    """The findings of ``data/findings.yaml``, validated, by id."""
    return records_by_id(load_yaml(FINDINGS_PATH), Finding, FINDINGS_PATH.name, "finding", path=FINDINGS_PATH)


@dataclass(frozen=True)
class Said:
    """A claim's stance on one finding, with the verdict the claim received."""

    claim: str
    finding: str
    stance: Stance
    verdict: Verdict

    @property
    def agrees(self) -> bool:
        """Whether the verdict is one the stance allows."""
        return self.verdict in STANCE_VERDICTS[self.stance]


def disagreements(said: Iterable[Said]) -> list[str]:
    """Every claim whose verdict its stated finding does not allow, and every finding its claims take two ways.

    Two claims disagree on a finding when one stands *for* it while another's verdict holds
    it against the article, or when one's verdict is decided by it and another's is left
    unverifiable.

    Examples
    --------
    >>> print(disagreements([Said("C14", "jiebei_is_ants", Stance.AGAINST, Verdict.UNVERIFIABLE)])[0][:76])
    C14 is unverifiable, but its finding states jiebei_is_ants against the claim
    """
    said = list(said)
    out = [
        f"{s.claim} is {s.verdict.value}, but its finding states {s.finding} {_stance_words(s.stance)} "
        f"(allowing {_or(sorted(v.value for v in STANCE_VERDICTS[s.stance]))})"
        for s in said
        if not s.agrees
    ]
    by_finding: dict[str, list[Said]] = {}
    for s in said:
        by_finding.setdefault(s.finding, []).append(s)
    for finding, members in by_finding.items():
        decided = [s.claim for s in members if s.agrees]
        undecided = [s.claim for s in members if s.verdict is Verdict.UNVERIFIABLE]
        if decided and undecided:
            out.append(f"{finding} decides {', '.join(decided)} but leaves {', '.join(undecided)} unverifiable")
    return out


def _stance_words(stance: Stance) -> str:
    return {
        Stance.FOR: "for the claim",
        Stance.AGAINST: "against the claim",
        Stance.CONFLICT: "as a conflict within the article",
        Stance.INCOMPLETE: "as an omission of the article",
    }[stance]


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


class Rating(StrEnum):
    """The rating of the article as a whole, from worst to best."""

    FALSE = "false"
    MOSTLY_FALSE = "mostly false"
    MIXED = "mixed"
    UNPROVEN = "unproven"
    MOSTLY_TRUE = "mostly true"


#: The rule that rates the whole article, as the overview states it.
RATING_RULE = (
    "The article is false when its central claim, the product its title names, is contradicted by a source; "
    "mostly false when more independent findings stand against it (false, misleading, implausible or self-contradictory) "
    "than for it; mixed when some stand against it but no more than for it; unproven when none stands against it and "
    "most claims cannot be checked; and mostly true otherwise. Omissions are listed but do not count either way, and "
    "neither does a claim that only agrees with another part of the article, which says nothing of whether either is true."
)


@dataclass(frozen=True)
class OverallRating:
    """The article's rating with what it was computed from."""

    rating: Rating
    central_against: bool
    against: tuple[str, ...]
    for_article: tuple[str, ...]
    incomplete: tuple[str, ...]
    n_claims: int
    n_unverifiable: int
    #: Findings only that two parts of the article agree (a consistent verdict): counted neither way.
    agreeing: tuple[str, ...] = ()


def overall_rating(said: Iterable[Said], central_claims: Iterable[str], n_claims: int, n_unverifiable: int) -> OverallRating:
    """Rate the article from the findings its claims' verdicts uphold, by :data:`RATING_RULE`.

    A finding counts in a direction when at least one of its claims takes that stance and
    received a verdict the stance allows; for the article, only a supported claim counts (a
    consistent one shows two parts of the article agree, not that either is true).

    Examples
    --------
    >>> s = [Said("C02", "f1", Stance.AGAINST, Verdict.CONTRADICTED), Said("C55", "f2", Stance.FOR, Verdict.SUPPORTED)]
    >>> overall_rating(s, ["C02"], 10, 8).rating.value
    'false'
    >>> overall_rating(s, [], 10, 8).rating.value
    'mixed'
    >>> overall_rating([s[0], Said("C49", "f3", Stance.FOR, Verdict.CONSISTENT)], [], 10, 8).rating.value
    'mostly false'
    """
    central = set(central_claims)
    upheld = [s for s in said if s.agrees]
    # The finding on the central claim comes first: the rating rests on it.
    by_weight = sorted(upheld, key=lambda s: s.claim not in central)
    against = tuple(dict.fromkeys(s.finding for s in by_weight if s.stance in (Stance.AGAINST, Stance.CONFLICT)))
    for_article = tuple(dict.fromkeys(s.finding for s in upheld if s.stance is Stance.FOR and s.verdict is Verdict.SUPPORTED))
    incomplete = tuple(dict.fromkeys(s.finding for s in upheld if s.stance is Stance.INCOMPLETE))
    agreeing = tuple(dict.fromkeys(s.finding for s in upheld if s.stance is Stance.FOR and s.finding not in for_article))
    central_against = any(s.claim in central and s.verdict is Verdict.CONTRADICTED for s in upheld)
    if central_against:
        rating = Rating.FALSE
    elif len(against) > len(for_article):
        rating = Rating.MOSTLY_FALSE
    elif against:
        rating = Rating.MIXED
    elif n_unverifiable * 2 > n_claims:
        rating = Rating.UNPROVEN
    else:
        rating = Rating.MOSTLY_TRUE
    return OverallRating(rating, central_against, against, for_article, incomplete, n_claims, n_unverifiable, agreeing)


def main(argv: list[str] | None = None) -> int:
    """Print each finding with its claims, and the overall rating under the default assumptions."""
    about = "The independent findings, their claims and the article's overall rating."
    cli.parser("python -m model.findings", about).parse_args(argv)
    from model.claims import article_rating, findings_said

    said = findings_said()
    for fid, finding in findings().items():
        members = ", ".join(f"{s.claim} ({s.stance.value}, {s.verdict.value})" for s in said if s.finding == fid)
        print(f"{fid}: {finding.title}\n    {members}")
    problems = disagreements(said)
    print("\n".join(problems) if problems else "every verdict agrees with its finding")
    r = article_rating()
    print(
        f"overall: {r.rating.value} ({len(r.against)} findings against, {len(r.for_article)} for, {len(r.incomplete)} omissions)"
    )
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.findings")
