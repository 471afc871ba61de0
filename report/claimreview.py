"""schema.org ``ClaimReview`` for every claim of the ledger, as JSON-LD.

Fact-check sites mark each reviewed claim so that readers' tools and search engines find the
review beside the claim (https://schema.org/ClaimReview). Each record here gives the claim as
the article published it (its Chinese words), where it appeared, the verdict as a
``reviewRating`` on the book's scale (:data:`RATING_SCALE`), the finding, the dates, the
publisher and the ledger's anchor. The book has no fixed web address, so the addresses are
relative to the page.

The Chinese edition translates the finding and the verdict's name and sets the language
(``tools/i18n/``); the quote, the anchor and the numbers stay.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from model.article import sections
from model.corrections import corrections
from report.names import reader_words
from report.render import HTML, script_data

ROOT = Path(__file__).resolve().parent.parent

#: The book's verdicts on a five-point scale for ``reviewRating`` (5: the claim holds, 1: it is false).
#: A claim nobody can check sits in the middle; a table that leaves something out, or a true
#: figure framed to mislead, sits below it; a claim the sources or the article's own figures
#: refute, or that cannot describe a real rule, sits at the bottom.
RATING_SCALE: Mapping[str, int] = {
    "supported": 5,
    "consistent": 4,
    "unverifiable": 3,
    "incomplete": 2,
    "misleading": 2,
    "inconsistent": 1,
    "contradicted": 1,
    "implausible": 1,
}
BEST_RATING, WORST_RATING = 5, 1


def citation() -> dict[str, Any]:
    """The book's ``CITATION.cff``: its title, authors, version and release date."""
    return dict(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8")))


def claim_reviews(ledger: pd.DataFrame, page: str) -> list[dict[str, Any]]:
    """One ``ClaimReview`` per row of the ledger (columns ``id``, ``quote``, ``verdict``, ``finding``).

    ``datePublished`` is the book's release date (``CITATION.cff``); ``dateModified`` is the
    latest correction of the claim's verdict (``data/corrections.yaml``), when there is one.

    Examples
    --------
    >>> row = pd.DataFrame([{"id": "C01", "quote": "微信版借呗", "verdict": "contradicted", "finding": "No."}])
    >>> review = claim_reviews(row, "02_claims_ledger.html")[0]
    >>> review["url"], review["claimReviewed"], review["reviewRating"]["ratingValue"]
    ('02_claims_ledger.html#C01', '微信版借呗', 1)
    """
    cff = citation()
    released = dt.date.fromisoformat(str(cff["date-released"]))
    corrected: dict[str, dt.date] = {}
    for c in corrections():
        corrected[str(c.claim)] = max(corrected.get(c.claim, c.date), c.date)
    publisher = {"@type": "Organization", "name": cff["authors"][0]["name"]}
    appearance = {
        "@type": "CreativeWork",
        "headline": sections()["title"],  # the article's title as published
        "inLanguage": "zh-CN",
        "url": "02b_annotated_article.html",  # the article as this book quotes it; the original came without an address
    }
    reviews = []
    for row in ledger.itertuples(index=False):
        verdict = str(row.verdict)
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{page}#{row.id}",
            "identifier": str(row.id),
            "claimReviewed": str(row.quote),
            "itemReviewed": {"@type": "Claim", "appearance": appearance, "inLanguage": "zh-CN"},
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": RATING_SCALE[verdict],
                "bestRating": BEST_RATING,
                "worstRating": WORST_RATING,
                "alternateName": verdict,
            },
            "reviewBody": reader_words(str(row.finding)),  # a reader's words, as the ledger shows it
            "author": publisher,
            "publisher": publisher,
            "datePublished": released.isoformat(),
            "inLanguage": "en",
        }
        modified = corrected.get(str(row.id))
        if modified is not None and modified > released:
            review["dateModified"] = modified.isoformat()
        reviews.append(review)
    return reviews


def claim_review_markup(ledger: pd.DataFrame, page: str) -> HTML:
    r"""The ledger's ``ClaimReview`` records as one ``<script type="application/ld+json">`` (``<`` written ``\u003c``)."""
    payload = json.dumps(claim_reviews(ledger, page), ensure_ascii=False, sort_keys=True)
    return HTML(f'<script type="application/ld+json">{script_data(payload)}</script>', f"<ClaimReview: {len(ledger)} claims>")
