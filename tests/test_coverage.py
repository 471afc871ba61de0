"""Every part of the article is accounted for: a claim covers it, or data says why it cannot be checked."""

import json

import pytest

from model import coverage as cov
from model.__main__ import main
from model.article import article_text
from model.coverage import SpanKind, coverage, coverage_counts, meaningful, segment


def test_every_span_of_the_article_is_accounted_for() -> None:
    missing = [f"{s.section} {s.kind.value}: {s.unaccounted}" for s in coverage() if not s.accounted]
    assert not missing, "parts of the article no claim covers and data/not_checkable.yaml does not list:\n" + "\n".join(missing)


def test_every_meaningful_character_lies_in_some_span() -> None:
    text = article_text()
    inside = {i for _, _, s, e in segment() for i in range(s, e)}
    outside = [text[i] for i in range(len(text)) if meaningful(text[i]) and i not in inside]
    assert outside == []


def test_segmentation_by_hand() -> None:
    text = "标题\n\n正文一句。第二句\n一、头\n甲 | 乙 |\n---|---|\n丙 | 丁 |\n- 项目:内容\n"
    kinds = [(k.value, text[s:e]) for _, k, s, e in segment(text)]
    assert kinds == [
        ("title", "标题"),
        ("sentence", "正文一句。"),
        ("sentence", "第二句"),
        ("heading", "一、头"),
        ("column header", "甲"),
        ("column header", "乙"),
        ("row label", "丙"),
        ("table cell", "丁"),
        ("list item", "项目:内容"),
    ]


def test_row_labels_and_headers_that_assert_something_are_claims() -> None:
    spans = coverage()
    wechat_headers = [s for s in spans if s.kind is SpanKind.COLUMN_HEADER and "借呗" in s.text]
    assert wechat_headers
    assert all(s.claims for s in wechat_headers)


def test_a_passage_removed_from_the_list_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    entries = dict(cov.not_checkable())
    del entries["N39"]  # the closing advice
    monkeypatch.setattr(cov, "not_checkable", lambda: entries)
    left = [s for s in coverage() if not s.accounted]
    assert len(left) == 1
    assert left[0].unaccounted.startswith("对于用户而言")


def test_counts() -> None:
    counts = coverage_counts()
    assert counts["unaccounted"] == 0
    assert counts["spans"] == counts["claimed"] + counts["not_checkable_only"]


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {"text", "kind", "claims", "reason"} <= set(records[0])
    assert all(r["claims"] or r["reason"] for r in records)
