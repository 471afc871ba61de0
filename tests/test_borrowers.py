"""The borrowers' chapter's model: reference offers priced by hand and against numpy-financial, lines and perks from their sources."""

from __future__ import annotations

import numpy_financial as npf
import pytest

from model import borrowers
from model.errors import ModelInputError


def test_the_examples_by_hand_and_by_numpy_financial() -> None:
    t = borrowers.offer_table(10_000, 12).set_index("id")
    # Card instalment: 0.6% of 10,000 a month for 12 months = 720 yuan; payments 10,000/12 + 60 = 893.33.
    assert t.loc["card_instalment_example", "cost"] == pytest.approx(720.0)
    assert t.loc["card_instalment_example", "first"] == pytest.approx(893.3333, abs=1e-4)
    card_irr = npf.irr([-10_000.0, *[10_000 / 12 + 60] * 12])
    assert t.loc["card_instalment_example", "apr"] == pytest.approx(12 * card_irr, abs=1e-9)
    # Flat 1% a month: 100 yuan of interest every month, 1,200 in all, on a balance that falls.
    assert t.loc["flat_rate_example", "cost"] == pytest.approx(1200.0)
    flat_irr = npf.irr([-10_000.0, *[10_000 / 12 + 100] * 12])
    assert t.loc["flat_rate_example", "apr"] == pytest.approx(12 * flat_irr, abs=1e-9)
    assert t.loc["flat_rate_example", "apr"] > 2 * 0.01 * 12 * 0.85  # nearly twice the 12% it seems
    # The article's new-user top rate, equal instalments: the nominal 18.25%.
    assert t.loc["article_new_user", "apr"] == pytest.approx(0.1825, abs=1e-10)


def test_every_offer_says_where_its_terms_come_from() -> None:
    t = borrowers.offer_table(10_000, 12)
    assert set(t.basis) <= {"article", "source", "example"}
    assert all(t[t.basis == "example"].source == "an example of the usual form, not a quoted offer")


def test_the_lines_come_from_their_sources() -> None:
    lines = borrowers.rate_lines()
    assert lines.rate.tolist() == [0.24, 0.36]
    assert lines.reference.tolist() == ["window_guidance_24", "spc_private_lending_cap_2020"]


def test_the_tier_perks_are_worth_a_few_yuan() -> None:
    # 7 days at 0.03% a day and 14 days at 0.015% a day on 10,000 yuan: 21.00 yuan each.
    perks = borrowers.tier_perks(10_000).set_index("tier").saving
    assert perks["premium"] == pytest.approx(21.0)
    assert perks["platinum"] == pytest.approx(21.0)


def test_an_offer_quoting_words_the_article_lacks_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    raw = yaml.safe_load(borrowers.OFFERS_PATH.read_text(encoding="utf-8"))
    raw[0]["quote"] = "0.01%-0.02%"
    monkeypatch.setattr(borrowers, "load_yaml", lambda _: raw)
    borrowers.reference_offers.cache_clear()
    try:
        with pytest.raises(ModelInputError, match=r"offers\.yaml:article_new_user\.quote"):
            borrowers.reference_offers()
    finally:
        borrowers.reference_offers.cache_clear()
