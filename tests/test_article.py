"""Tests of model.article: the document under study, its sections and tables."""

from pathlib import Path

import pytest

from model import article
from model.errors import ModelInputError


def test_copy_is_the_seed() -> None:
    seed = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_d156ac35d4314e6c.txt"
    if not seed.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert seed.read_bytes() == article.ARTICLE_PATH.read_bytes()


def test_sections_in_reading_order_and_complete() -> None:
    parts = article.sections()
    assert tuple(parts) == article.SECTION_IDS
    # Every character of the article's text lands in some section.
    assert sum(len(p) for p in parts.values()) >= len(article.article_text().strip()) - 40


def test_edited_copy_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    edited = tmp_path / "article.txt"
    edited.write_text(article.article_text().replace("67.3%", "76.3%"), encoding="utf-8")
    monkeypatch.setattr(article, "ARTICLE_PATH", edited)
    article.article_text.cache_clear()
    try:
        with pytest.raises(ModelInputError, match=r"article\.txt: expected the seed article"):
            article.article_text()
    finally:
        article.article_text.cache_clear()


def test_table_quotes_are_verbatim() -> None:
    text = article.article_text()
    for rows in article.article_tables().values():
        for row in rows:
            assert row["quote"] in text


def test_section_of() -> None:
    assert article.section_of("坏账率") == ["七"]


def test_malformed_table_row_names_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    from model.tiers import Tier

    monkeypatch.setattr(article, "article_tables", lambda: {"tiers": [{"key": 1}]})
    with pytest.raises(ModelInputError, match=r"article_tables\.yaml:tiers\[0\]\.key: expected input should be a valid string"):
        article.table_rows("tiers", Tier)


def test_unknown_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article, "article_tables", lambda: {"tiers": []})
    with pytest.raises(ModelInputError, match="expected a table named 'weights'"):
        article.table_rows("weights", article.BaseModel)
