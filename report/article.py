"""The article as published, each claim's words marked by its verdict and linked to its ledger row."""

from __future__ import annotations

import html
from collections.abc import Iterable

from model.article import article_text
from model.claims import Claim
from report.verdicts import LEDGER_PAGE, VERDICT_PRIORITY


def annotated_article(claims: Iterable[Claim], text: str | None = None) -> str:
    """HTML of the whole article with every claim's quote marked.

    Each run of characters covered by the same claims becomes a link to the first claim's
    ledger row (``02_claims_ledger.html#C41``), classed by the most serious verdict among
    them and titled with every claim's id, verdict and paraphrase. Line breaks are kept
    (``white-space: pre-wrap``), so the tables read as published.
    """
    text = article_text() if text is None else text
    claims = list(claims)
    cover: list[list[Claim]] = [[] for _ in text]
    for claim in claims:
        for i in range(claim.start, claim.end):
            cover[i].append(claim)
    parts: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and [c.id for c in cover[j]] == [c.id for c in cover[i]]:
            j += 1
        chunk = html.escape(text[i:j])
        here = cover[i]
        if here:
            worst = min(here, key=lambda c: VERDICT_PRIORITY.index(c.verdict.value))
            title = " | ".join(f"{c.id} {c.verdict.value}: {c.paraphrase}" for c in here)
            ids = " ".join(c.id for c in here)
            parts.append(
                f'<a class="claim-span verdict-{worst.verdict.value}" href="{LEDGER_PAGE}#{here[0].id}" '
                f'data-claims="{ids}" title="{html.escape(title)}">{chunk}</a>'
            )
        else:
            parts.append(chunk)
        i = j
    return f'<div class="article-annotated" lang="zh-CN">{"".join(parts).strip()}</div>'


def verdict_legend(verdicts: Iterable[str]) -> str:
    """A legend of the verdict marks, in the same classes as the article's marks."""
    items = "".join(f'<li><span class="claim-span verdict-{html.escape(v)}">{html.escape(v)}</span></li>' for v in verdicts)
    return f'<ul class="verdict-legend" aria-label="Verdict marks">{items}</ul>'
