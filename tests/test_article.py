"""Tests of model.article: the document under study, its sections and tables."""

import re
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


#: Values that parse but are absurd, each refused naming the file, the line, the table, the row and the field.
ABSURD_TABLES = [
    (
        "min_score: 550, max_score: 600",
        "min_score: 99999999, max_score: 600",
        r"line \d+, tiers\[0\]\.min_score: .*less than or equal to 850",
    ),
    ("line_min_yuan: 50000, line_max_yuan: 200000", "line_min_yuan: 50000, line_max_yuan: 5000", r"line \d+, tiers\[1\]"),
    ("line_min_yuan: 500,", "line_min_yuan: -500,", r"line \d+, tiers\[0\]\.line_min_yuan: .*greater than 0"),
    (
        "min_daily_rate: 0.0004, max_daily_rate: 0.0005",
        "min_daily_rate: 0.0005, max_daily_rate: 0.0004",
        r"tiers\[0\]: .*min_daily_rate to be the first figure of column 3 of its quote .*not 0\.0005",
    ),
    ("weight: 0.30,", "weight: 0.35,", r"weights\[0\]: .*weight to be a figure of column 3 of its quote .*not 0\.35"),
    (
        "users_persons: 950000000,",
        "users_persons: 9500000000,",
        r"platforms\[1\]: .*users_persons to be a figure of its users_quote .*not 9500000000\.0",
    ),
    ("effect: 0.27,", "effect: lots,", r"line \d+, factors\[0\]\.effect: "),
    ("value: 0.673, unit: fraction", "value: 0.673, unit: points", r"figures\[0\]: .*a figure in points from 300 to 850"),
    (
        "value: 2023-12-31,",
        "value: 2023-02-30,",
        r"article_tables\.yaml \(line \d+\): expected a date the calendar has .*'2023-02-30'",
    ),
    ("interest_free_days: 7,", "interest_free_days: 7.5,", r"tiers\[1\]\.interest_free_days"),
    # found by an adversarial tester: a number of the quote that belongs to another field, a range without its
    # minimum, a key two rows share, and text or floats where the schema wants numbers or counts
    (
        "line_min_yuan: 500, line_max_yuan: 5000",
        "line_min_yuan: 500, line_max_yuan: 600",
        r"tiers\[0\]: .*line_max_yuan to be the last figure of column 2 of its quote .*not 600\.0",
    ),
    ("effect: 0.40,", "effect: 3,", r"factors\[2\]: .*effect to be a figure of its wording .*not 3\.0"),
    ("min_score: 550, max_score: 600", "min_score: null, max_score: 600", r"tiers\[0\]: .*a Pay Score range with its minimum"),
    ("key: premium,", "key: new,", r"line \d+, tiers\[1\]\.key: expected a key no other row of the table has, got 'new'"),
    ("weight: 0.30,", 'weight: "0.30",', r"weights\[0\]\.weight: expected input should be a valid number"),
    (
        "interest_free_days: 7,",
        "interest_free_days: 7.0,",
        r"tiers\[1\]\.interest_free_days: expected input should be a valid integer",
    ),
]


def refusal_of_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: str, after: str) -> str:
    """The one-line refusal of ``data/article_tables.yaml`` with ``before`` replaced by ``after`` (once)."""
    text = (article.DATA_DIR / "article_tables.yaml").read_text(encoding="utf-8")
    assert before in text
    (tmp_path / "article_tables.yaml").write_text(text.replace(before, after, 1), encoding="utf-8")
    monkeypatch.setattr(article, "DATA_DIR", tmp_path)
    article.article_tables.cache_clear()
    try:
        with pytest.raises(ModelInputError) as caught:
            article.article_tables()
    finally:
        article.article_tables.cache_clear()
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("article_tables.yaml")
    return message


@pytest.mark.parametrize(("before", "after", "message"), ABSURD_TABLES, ids=[a for _, a, _ in ABSURD_TABLES])
def test_absurd_table_values_are_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: str, after: str, message: str
) -> None:
    assert re.search(message, refusal_of_tables(tmp_path, monkeypatch, before, after))


def test_the_line_named_is_the_fields_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message = refusal_of_tables(tmp_path, monkeypatch, "effect: 0.27,", "effect: lots,")
    line = int(re.search(r"line (\d+),", message)[1])  # type: ignore[index]
    assert "effect: lots" in (tmp_path / "article_tables.yaml").read_text(encoding="utf-8").splitlines()[line - 1]


def test_unknown_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article, "article_tables", lambda: {"tiers": []})
    with pytest.raises(ModelInputError, match="expected a table named 'weights'"):
        article.table_rows("weights", article.BaseModel)


class TestPassages:
    """data/passages.yaml: the passages the chapters quote stand in the article, and their English adds no number."""

    def test_every_passage_stands_in_the_article(self) -> None:
        from model.article import article_text, passages

        assert passages()
        assert all(p.zh in article_text() for p in passages().values())

    @pytest.mark.parametrize(
        ("record", "refused"),
        [
            ({"id": "typed", "zh": "数据显示,2023年微信借呗平均开通成功率为67.4%", "en": "xy"}, "passages.yaml:typed.zh"),
            ({"id": "typed", "zh": "评估维度", "en": "dimension 2"}, "only numbers the Chinese states"),
            ({"id": "typed", "zh": "评估维度", "en": "dimension", "extra": 1}, "passages.yaml"),
        ],
    )
    def test_a_misquote_is_refused_in_one_line(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, record: dict, refused: str
    ) -> None:
        import yaml

        from model import article
        from model.errors import ModelInputError

        path = tmp_path / "passages.yaml"
        path.write_text(yaml.safe_dump([record], allow_unicode=True), encoding="utf-8")
        monkeypatch.setattr(article, "PASSAGES_PATH", path)
        article.passages.cache_clear()
        try:
            with pytest.raises(ModelInputError, match=re.escape(refused)) as caught:
                article.passages()
            assert "\n" not in str(caught.value)
        finally:
            article.passages.cache_clear()
