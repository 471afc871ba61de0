"""The verdicts on the page: one order and one colour each, and the bottom line of the overview.

Every chart, legend and filter that shows verdicts takes its order and colours from here, so
a verdict added to :class:`model.checks.Verdict` reaches every page at once.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

from model.checks import Verdict
from model.claims import Claim
from model.findings import Finding, OverallRating, Rating
from report.names import reader_words
from report.prose import agree

#: The verdicts in reading order: what holds, what cannot be checked, what fails.
VERDICT_ORDER: tuple[str, ...] = tuple(v.value for v in Verdict)

#: One colour per verdict (Tableau 10), in :data:`VERDICT_ORDER`.
VERDICT_COLOURS: dict[str, str] = {
    "consistent": "#4e79a7",
    "supported": "#59a14f",
    "unverifiable": "#bab0ac",
    "incomplete": "#9c755f",
    "inconsistent": "#f28e2b",
    "contradicted": "#e15759",
    "implausible": "#b07aa1",
    "misleading": "#edc948",
}

#: The verdicts by which a claim fails a check.
FAILING: tuple[str, ...] = ("inconsistent", "contradicted", "implausible", "misleading")

#: The verdicts by which a claim holds.
HOLDING: tuple[str, ...] = ("supported", "consistent")

#: When claims overlap in the annotated article, the mark shows the verdict that matters most to a reader.
VERDICT_PRIORITY: tuple[str, ...] = (
    "contradicted",
    "inconsistent",
    "implausible",
    "misleading",
    "incomplete",
    "unverifiable",
    "supported",
    "consistent",
)

#: The rating of the whole article in a reader's words, as the first word of the bottom line.
RATING_WORDS: dict[Rating, str] = {
    Rating.FALSE: "False",
    Rating.MOSTLY_FALSE: "Mostly false",
    Rating.MIXED: "Mixed",
    Rating.UNPROVEN: "Unproven",
    Rating.MOSTLY_TRUE: "Mostly true",
}

LEDGER_PAGE = "02_claims_ledger.html"


def palette() -> list[str]:
    """The colours of :data:`VERDICT_ORDER`, for a chart's colour scale."""
    return [VERDICT_COLOURS[v] for v in VERDICT_ORDER]


def rating_sentence(rating: OverallRating) -> str:
    """The first sentence of the bottom line: the rating and what decided it.

    Examples
    --------
    >>> from model.findings import OverallRating, Rating
    >>> rating_sentence(OverallRating(Rating.FALSE, True, ("a", "b"), ("c",), (), 69, 50))
    'False. Its central claim, the product its title names, is contradicted by a source (the first finding below)'
    >>> rating_sentence(OverallRating(Rating.MIXED, False, ("a",), ("c",), (), 9, 5))
    'Mixed. Some findings stand against the article, but no more than stand for it'
    """
    head = RATING_WORDS[rating.rating]
    if rating.central_against:
        return f"{head}. Its central claim, the product its title names, is contradicted by a source (the first finding below)"
    return {
        Rating.MOSTLY_FALSE: f"{head}. More independent findings stand against the article than for it",
        Rating.MIXED: f"{head}. Some findings stand against the article, but no more than stand for it",
        Rating.UNPROVEN: f"{head}. Nothing stands against the article, but most of its claims cannot be checked",
        Rating.MOSTLY_TRUE: f"{head}. Nothing stands against the article, and most of its claims can be checked",
        Rating.FALSE: head,
    }[rating.rating]


def _claim_links(ids: Iterable[str]) -> str:
    return ", ".join(f'<a href="{LEDGER_PAGE}#{i}">{i}</a>' for i in ids)


def _claims_word(ids: list[str]) -> str:
    return "claim" if len(ids) == 1 else "claims"


def findings_list(
    findings: dict[str, Finding],
    members: dict[str, list[str]],
    ids: Iterable[str],
    *,
    matters: bool,
    claims: dict[str, Claim] | None = None,
) -> str:
    """An HTML list of findings, each with why it matters (``matters``) and links to its claims in the ledger.

    ``members`` gives, for each finding, the claims to link: those that take the list's stance on it.
    An id that names a claim of ``claims`` rather than a finding (a decided claim that rests on no
    finding of its own, :func:`model.claims.findings_upheld`) is listed by what the claim says.
    """
    items = []
    for fid in ids:
        if fid in findings:
            f = findings[fid]
            title, why = f.title, (f" {html.escape(f.matters)}" if matters and f.matters else "")
        elif claims is not None and fid in claims:
            title, why = claims[fid].paraphrase, f" {html.escape(claim_alone_note(claims[fid]))}"
        else:
            raise KeyError(f"{fid} is neither a finding nor a claim")
        items.append(
            f'<li><strong>{html.escape(title)}</strong>{why} <span class="finding-claims">'
            f"({_claims_word(members[fid])} {_claim_links(members[fid])})</span></li>"
        )
    return f'<ul class="bottom-line">{"".join(items)}</ul>'


def claim_alone_note(claim: Claim) -> str:
    """Why a claim listed by what it says (it rests on no finding of its own) stands where it does.

    Without it, the overview's "What holds" would repeat the article's words as if the book
    endorsed them: a claim that is merely consistent says nothing of whether it is true.

    Examples
    --------
    >>> from model.claims import load_claims
    >>> c = next(c for c in load_claims() if c.id == "C49")
    >>> claim_alone_note(c.model_copy(update={"verdict": Verdict.CONSISTENT}))
    'It agrees with the rest of the article, which says nothing of whether it is true.'
    >>> claim_alone_note(c.model_copy(update={"verdict": Verdict.SUPPORTED, "decided_by": ("wechat_mau_2023",)}))
    'A source states it: Tencent Holdings Limited, 2024.'
    """
    if claim.verdict is Verdict.SUPPORTED:
        return f"A source states it: {reader_words(', '.join(claim.decided_by))}."
    if claim.verdict is Verdict.CONSISTENT:
        return "It agrees with the rest of the article, which says nothing of whether it is true."
    return f"Rated {claim.verdict.value} under this copy's assumptions; the ledger gives the reason."


def unverifiable_list(claims: Iterable[Claim], absences: Iterable[str] = ()) -> tuple[str, int, int]:
    """The claims this book could not check, as an HTML list of two items.

    The first item holds the claims no public source covers at all (their checks assessed no
    source, or only ``absences``, records of what a search did not find); the second those
    for which sources exist but measure something else, describe another period or are too
    weak. Returns the list and the two counts.
    """
    absent = set(absences)
    open_claims = [c for c in claims if c.verdict is Verdict.UNVERIFIABLE]
    sourced = {c.id for c in open_claims if any(not e.startswith("check:") and e not in absent for e in c.evidence)}
    no_source = [c.id for c in open_claims if c.id not in sourced]
    weak = [c.id for c in open_claims if c.id in sourced]
    items = [
        f"<li>{len(no_source)} claims no public source this book found covers, most of them the lender's own figures, "
        "processes and models "
        f'<span class="finding-claims">({_claim_links(no_source)})</span>.</li>',
        f"<li>{len(weak)} claims for which the sources found measure something else, describe another period or are "
        f'too weak to decide <span class="finding-claims">({_claim_links(weak)})</span>.</li>',
    ]
    return f'<ul class="bottom-line">{"".join(items)}</ul>', len(no_source), len(weak)


def claims_of_parts(ledger: pd.DataFrame, parts: list[str], verdict: str | None = None) -> pd.DataFrame:
    """The rows of a claims frame in the given parts of the article (its section numerals), with one verdict if given."""
    rows = ledger[ledger.section.isin(parts)]
    return rows if verdict is None else rows[rows.verdict == verdict]


def count_of(counts: dict[str, int], verdicts: Iterable[str]) -> int:
    """How many claims received any of ``verdicts``, from a verdict count."""
    return sum(counts[v] for v in verdicts)


def decided_count(counts: dict[str, int]) -> int:
    """How many claims received a verdict other than unverifiable."""
    return sum(counts.values()) - counts["unverifiable"]


def unverifiable_summary(claims: Iterable[Claim], absences: Iterable[str] = ()) -> tuple[str, int]:
    """:func:`unverifiable_list`'s HTML list and how many claims it holds."""
    markup, no_source, weak = unverifiable_list(claims, absences)
    return markup, no_source + weak


def agreement_phrases(counts: dict[str, int]) -> dict[str, str]:
    """The count of each verdict group with the verb that agrees with it (``12 fail``, ``1 is``), by group.

    ``failed`` counts every failing verdict together; the others count one verdict each.
    """
    verbs = {
        "failed": ("fails", "fail"),
        "contradicted": ("is", "are"),
        "incomplete": ("leaves", "leave"),
        "inconsistent": ("conflicts", "conflict"),
        "misleading": ("is", "are"),
        "consistent": ("is", "are"),
    }
    return {
        key: agree(count_of(counts, FAILING) if key == "failed" else counts[key], singular, plural)
        for key, (singular, plural) in verbs.items()
    }


def only_supported(n: int) -> str:
    """The opening of the sentence that counts the supported claims: ``None is``, ``Only 2 are``."""
    return "None is" if n == 0 else f"Only {agree(n, 'is', 'are')}"


def top_finding_text(claims: tuple[Claim, ...]) -> str:
    """The sentence naming the finding that decides the most claims (see :func:`report.prose.top_finding_sentence`)."""
    from model.claims import findings_upheld, independent_findings
    from model.findings import findings
    from report.prose import top_finding_sentence

    known = findings()
    upheld = pd.Series([s.finding for s in findings_upheld(claims) if s.finding in known])  # the findings of data/
    top = upheld.value_counts()
    if not len(top):
        return top_finding_sentence(0, "", independent_findings(claims))
    return top_finding_sentence(int(top.iloc[0]), known[str(top.index[0])].title, independent_findings(claims))


def with_verdicts(ledger: pd.DataFrame, *verdicts: str) -> pd.DataFrame:
    """The rows of a claims frame that received one of ``verdicts``."""
    return ledger[ledger.verdict.isin(verdicts)]


def paraphrase_list(rows: pd.DataFrame) -> str:
    """``C55: the first product compared is Alipay Jiebei; …`` for the rows given, or ``none``."""
    return "; ".join(f"{r.id}: {str(r.paraphrase).rstrip('.')}" for r in rows.itertuples()) or "none"


def holding_sentences(total: int, supported: pd.DataFrame, consistent: pd.DataFrame) -> tuple[str, str, str]:
    """How many of ``total`` claims hold, then the two kinds that hold, each counted and listed, read at any count.

    Examples
    --------
    >>> rows = pd.DataFrame({"id": ["C55", "C58"], "paraphrase": ["Alipay's Jiebei is first.", "It is second."]})
    >>> holding_sentences(69, rows, rows.iloc[:1])[0]
    'Of 69 claims, 3 hold, in two different senses.'
    >>> holding_sentences(69, rows, rows.iloc[:1])[1]
    "2 are supported by a source that states them: C55: Alipay's Jiebei is first; C58: It is second."
    >>> holding_sentences(69, rows, rows.iloc[:1])[2]
    "1 only agrees with the article itself, which says nothing of whether it is true: C55: Alipay's Jiebei is first."
    >>> holding_sentences(69, rows.iloc[:0], rows.iloc[:0])
    ('None of the 69 claims holds.', 'None is supported by a source that states it.', 'None only agrees with the article itself.')
    >>> holding_sentences(69, rows.iloc[:0], rows.iloc[:1])[0]
    'Of 69 claims, 1 holds.'
    >>> holding_sentences(69, rows, rows.iloc[:0])[0]
    'Of 69 claims, 2 hold.'
    """
    holds = len(supported) + len(consistent)
    if holds == 0:
        lead = f"None of the {total} claims holds."
    elif holds == 1:
        lead = f"Of {total} claims, 1 holds."
    elif len(supported) and len(consistent):
        lead = f"Of {total} claims, {holds} hold, in two different senses."
    else:  # all in one sense: the two senses are not both there to tell apart
        lead = f"Of {total} claims, {holds} hold."

    def listed(rows: pd.DataFrame, none: str, singular: str, plural: str) -> str:
        return none if len(rows) == 0 else f"{agree(len(rows), singular, plural)}: {paraphrase_list(rows)}."

    first = listed(
        supported,
        "None is supported by a source that states it.",
        "is supported by a source that states it",
        "are supported by a source that states them",
    )
    second = listed(
        consistent,
        "None only agrees with the article itself.",
        "only agrees with the article itself, which says nothing of whether it is true",
        "only agree with the article itself, which says nothing of whether they are true",
    )
    return lead, first, second
