"""schema.org ClaimReview: every claim of the ledger, in both editions, read back with a standard parser (extruct)."""

from __future__ import annotations

from pathlib import Path

import extruct
import pytest

from model.article import article_text
from model.claims import Verdict, claims_frame
from model.glossary import chinese_names
from report.claimreview import BEST_RATING, RATING_SCALE, WORST_RATING, claim_reviews


def test_the_rating_scale_rates_every_verdict_within_its_bounds() -> None:
    assert set(RATING_SCALE) == {v.value for v in Verdict}
    assert all(WORST_RATING <= r <= BEST_RATING for r in RATING_SCALE.values())
    assert RATING_SCALE["supported"] == BEST_RATING
    assert RATING_SCALE["contradicted"] == WORST_RATING


def test_each_record_quotes_the_article_as_published_and_carries_its_verdict() -> None:
    frame = claims_frame()
    reviews = claim_reviews(frame, "02_claims_ledger.html")
    assert [r["identifier"] for r in reviews] == list(frame.id)
    text = article_text()
    for review, row in zip(reviews, frame.itertuples(), strict=True):
        assert all(part in text for part in review["claimReviewed"].split(" | ")), review["claimReviewed"]
        assert review["reviewRating"]["alternateName"] == row.verdict
        assert review["reviewRating"]["ratingValue"] == RATING_SCALE[row.verdict]
        assert review["url"] == f"02_claims_ledger.html#{row.id}"
        assert review["datePublished"] <= review.get("dateModified", review["datePublished"])


def page_reviews(page: Path) -> list[dict[str, object]]:
    markup = page.read_text(encoding="utf-8")
    found = extruct.extract(markup, base_url=page.as_uri(), syntaxes=["json-ld"], uniform=True)["json-ld"]
    return [r for r in found if r.get("@type") == "ClaimReview"]


@pytest.mark.book
@pytest.mark.parametrize("edition", ["", "zh/"])
def test_the_ledger_marks_every_claim_with_claim_review(built_tree: Path, edition: str) -> None:
    frame = claims_frame()
    names = chinese_names("verdict", [v.value for v in Verdict]) if edition else {v.value: v.value for v in Verdict}
    reviews = page_reviews(built_tree / "_build" / "html" / edition / "book" / "02_claims_ledger.html")
    assert {r["identifier"]: r["reviewRating"]["alternateName"] for r in reviews} == {  # type: ignore[index]
        row.id: names[row.verdict] for row in frame.itertuples()
    }
    assert {r["inLanguage"] for r in reviews} == {"zh-CN" if edition else "en"}
    assert all(r["claimReviewed"] == q for r, q in zip(reviews, frame.quote, strict=True))  # the article's words, untranslated
    page = (built_tree / "_build" / "html" / edition / "book" / "02_claims_ledger.html").read_text(encoding="utf-8")
    assert all(f'id="{r["identifier"]}"' in page for r in reviews)  # every review's anchor is a row of the ledger


def test_a_review_body_names_sources_and_checks_in_a_readers_words() -> None:
    """A scenario's note before a finding names the check and the deciding source by their keys; readers see names."""
    import re

    from model.params import default_assumptions
    from report.names import reader_names

    lenient = default_assumptions().model_copy(
        update={
            "agreement_tolerance": 0.1,
            "decisive_confidence": "low",
            "max_figure_gap_years": 5.0,
            "max_standing_age_years": 15.0,
        }
    )
    frame = claims_frame(assumptions=lenient)
    bodies = " ".join(r["reviewBody"] for r in claim_reviews(frame, "02_claims_ledger.html"))
    assert "Under this copy's assumptions" in bodies  # the case this test is about
    keys = set(reader_names())
    assert not [word for word in re.findall(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", bodies) if word in keys]
    assert "gives this with tolerance for agreement at 10%" in bodies  # C13: what decided it, not 'its check gives this'
