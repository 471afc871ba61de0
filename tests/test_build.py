"""The build: bad parameters, the cache and its invalidation, failures, the swap. Real papermill, real Jupyter Book."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from model.rates import repayment_schedule
from report.prose import agree
from tests.conftest import insert_code_cell, run_build

pytestmark = pytest.mark.book


def cache_entries(tree: Path) -> set[str]:
    return {p.name for p in (tree / "_build" / "cache").glob("*.ipynb")}


def html_state(tree: Path) -> dict[str, bytes]:
    html = tree / "_build" / "html"
    return {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*.html"))}


def new_entries(tree: Path, before: set[str]) -> set[str]:
    return {name.rsplit("-", 1)[0] for name in cache_entries(tree) - before}


class TestColdBuild:
    def test_every_page_is_built(self, built_tree: Path) -> None:
        html = built_tree / "_build" / "html"
        assert (html / "index.html").exists()
        for nb in sorted((built_tree / "book").glob("*.ipynb")):
            assert (html / "book" / f"{nb.stem}.html").exists(), nb.stem
        assert (html / "_static" / "vega-bundle.js").stat().st_size > 500_000

    def test_no_book_publishes_the_themes_message_catalogues(self, built_tree: Path) -> None:
        """The Book theme's .po and .mo files sit in its static folder; no page loads them (tools/sphinx_assets.py)."""
        html = built_tree / "_build" / "html"
        assert (html / "_static" / "vega-bundle.js").is_file()
        assert sorted(str(p.relative_to(html)) for p in html.rglob("locales")) == []
        assert [p.name for p in html.rglob("*") if p.suffix in {".po", ".mo"}] == []

    def test_no_inline_script_holds_markup(self, built_tree: Path) -> None:
        # script data ends at </script and <!-- changes its parsing: the page's data must write < as \u003c
        pages = sorted((built_tree / "_build" / "html").rglob("*.html"))
        scripts = [m for p in pages for m in re.findall(r"<script>(.*?)</script>", p.read_text(encoding="utf-8"), re.DOTALL)]
        assert len(scripts) > 20
        assert [s[:80] for s in scripts if "<!--" in s or "<script" in s.lower()] == []

    def test_downloads_match_the_registry(self, built_tree: Path) -> None:
        files = list((built_tree / "_build" / "html" / "_downloads").rglob("claims.json"))
        assert files, "claims.json is not offered for download"
        rows = json.loads(files[0].read_text(encoding="utf-8"))
        assert len(rows) >= 40
        assert {"id", "section", "quote", "verdict", "finding"} <= set(rows[0])


class TestBadParameters:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("loan_amount: 5000\n", "my.yml: loan_amount: expected a known parameter"),
            ("term_months: 48\n", "my.yml: term_months: expected an integer from 1 to 36, got 48"),
            ("repayment_method: 3\n", "my.yml: repayment_method: expected one of equal_instalment"),
            ("daily_rate: abc\n", "my.yml: daily_rate: expected a number from 0 to 0.001, got 'abc'"),
        ],
    )
    def test_stops_before_writing(self, warm_tree: Path, text: str, message: str) -> None:
        before_html, before_cache = html_state(warm_tree), cache_entries(warm_tree)
        (warm_tree / "my.yml").write_text(text, encoding="utf-8")
        result = run_build(warm_tree, "--params", "my.yml")
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [f"make book: error: {result.stderr.strip().split('error: ', 1)[1]}"]
        assert message in result.stderr
        assert html_state(warm_tree) == before_html
        assert cache_entries(warm_tree) == before_cache


#: What may differ between two builds of the same inputs: the status page (it gives the build's timings), its
#: source, and the digests that cover it.
TIMED = re.compile(r"(^|/)(build_status\.(html|md)|\.build-digest|\.published-digests\.json)$")


def published_files(html: Path) -> dict[str, bytes]:
    """Every file of a published site by its path inside the site."""
    return {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*")) if p.is_file()}


class TestCache:
    def test_an_incremental_build_writes_the_search_index_a_full_build_writes(self, built_tree: Path, warm_tree: Path) -> None:
        """Sphinx 7.4 dropped the index entries of pages it did not rewrite (tools/sphinx_search.py restores them)."""
        (warm_tree / "one.yml").write_text("population_score_sd: 61.0\n", encoding="utf-8")
        assert run_build(warm_tree, "--params", "one.yml").returncode == 0
        assert run_build(warm_tree).returncode == 0  # back to the defaults: two incremental builds later
        index = "_build/html/searchindex.js"
        assert (warm_tree / index).read_bytes() == (built_tree / index).read_bytes()
        assert '"c41"' in (warm_tree / index).read_text(encoding="utf-8")  # the ledger's index entry for claim C41
        # and every other published byte, but for the status page's timings and the digests that cover it
        # (Sphinx linked myst-nb's style sheet with ?v= only on the pages a rebuild rewrote)
        clean, rebuilt = (published_files(t / "_build" / "html") for t in (built_tree, warm_tree))
        assert sorted(clean) == sorted(rebuilt)
        differ = [name for name in clean if clean[name] != rebuilt[name] and not TIMED.search(name)]
        assert differ == []

    def test_nothing_changed_executes_nothing(self, warm_tree: Path) -> None:
        before_cache = cache_entries(warm_tree)
        index = warm_tree / "_build" / "html" / "index.html"
        mtime = index.stat().st_mtime_ns
        result = run_build(warm_tree)
        assert result.returncode == 0, result.stderr
        assert cache_entries(warm_tree) == before_cache
        assert index.stat().st_mtime_ns == mtime  # the HTML was not even rebuilt

    def test_one_parameter_reexecutes_only_its_readers(self, warm_tree: Path) -> None:
        before = cache_entries(warm_tree)
        (warm_tree / "my.yml").write_text("population_score_sd: 60.0\n", encoding="utf-8")
        result = run_build(warm_tree, "--english-only", "--params", "my.yml")
        assert result.returncode == 0, result.stderr
        assert new_entries(warm_tree, before) == {"03_eligibility"}

    def test_changed_loan_amount_changes_the_cost_figures(self, warm_tree: Path) -> None:
        before = cache_entries(warm_tree)
        (warm_tree / "my.yml").write_text("loan_amount_yuan: 30000\n", encoding="utf-8")
        result = run_build(warm_tree, "--english-only", "--params", "my.yml")
        assert result.returncode == 0, result.stderr
        assert new_entries(warm_tree, before) == {"04_tiers_rates", "05_competitors", "08_borrowers"}
        page = (warm_tree / "_build" / "html" / "book" / "04_tiers_rates.html").read_text(encoding="utf-8")
        interest = float(repayment_schedule(30_000, 0.0005, 12).total_interest[0])
        assert f"{interest:,.2f}" in page
        assert f"{float(repayment_schedule(10_000, 0.0005, 12).total_interest[0]):,.2f}" not in page
        status = (warm_tree / "_build" / "html" / "book" / "build_status.html").read_text(encoding="utf-8")
        assert "30,000 yuan (changed)" in status

    def test_changed_model_function_reexecutes_its_dependents(self, warm_tree: Path) -> None:
        before = cache_entries(warm_tree)
        module = warm_tree / "model" / "coverage.py"
        module.write_text(module.read_text().replace('_SENTENCE_END = "。"', '_SENTENCE_END = "。"  # edited'), encoding="utf-8")
        result = run_build(warm_tree, "--english-only")
        assert result.returncode == 0, result.stderr
        # Only the chapters that import model.coverage, directly or through another module.
        assert new_entries(warm_tree, before) == {"01_overview", "02b_annotated_article"}

    def test_changed_notebook_reexecutes_only_itself(self, warm_tree: Path) -> None:
        before = cache_entries(warm_tree)
        path = warm_tree / "book" / "06_risk_factors.ipynb"
        nb = nbformat.read(path, as_version=4)
        nb.cells[-1].source += "\n\nOne more sentence."
        nbformat.write(nb, path)
        assert run_build(warm_tree, "--english-only").returncode == 0
        assert new_entries(warm_tree, before) == {"06_risk_factors"}


class TestFailures:
    def test_failing_notebook_is_reported_and_html_kept(self, warm_tree: Path) -> None:
        before = html_state(warm_tree)
        insert_code_cell(warm_tree / "book" / "05_competitors.ipynb", 5, "raise RuntimeError('broken on purpose')")
        result = run_build(warm_tree)
        assert result.returncode == 1
        assert "05_competitors.ipynb failed at cell 6" in result.stderr
        assert "RuntimeError: broken on purpose" in result.stderr
        assert "parameters it reads: {'agreement_tolerance': 0.02," in result.stderr
        assert "'loan_amount_yuan': 10000.0" in result.stderr
        kept = warm_tree / "_build" / "failed" / "05_competitors.ipynb"
        assert kept.exists()
        assert str(kept) in result.stderr
        assert "the previous _build/html is unchanged" in result.stderr
        assert html_state(warm_tree) == before

    def test_sphinx_warning_fails_the_build_and_keeps_html(self, warm_tree: Path) -> None:
        """And the failed build removes what Sphinx kept for the next build (tools/sphinx_memo.py): it starts afresh."""
        from tools.sphinx_memo import MEMO_FILE

        before = html_state(warm_tree)
        assert (warm_tree / "_build" / MEMO_FILE).is_file()  # kept by the build of the copied tree
        (warm_tree / "book" / "broken_page.md").write_text("# A page\n\nSee {ref}`no-such-label`.\n", encoding="utf-8")
        toc = warm_tree / "_toc.yml"
        toc.write_text(toc.read_text() + "  - file: book/broken_page\n", encoding="utf-8")
        result = run_build(warm_tree, "--english-only")
        assert result.returncode == 1
        assert "jupyter-book build failed" in result.stderr
        assert "no-such-label" in result.stderr
        assert html_state(warm_tree) == before
        assert not (warm_tree / "_build" / MEMO_FILE).exists()


class _VisibleText(HTMLParser):
    """The text a reader sees on a page (captions and chart descriptions included), less what the article states.

    Skipped: scripts and styles, code (``div.cell_input``), the article's quotes
    (``blockquote.zh-quote``), figures marked as the article's (``span.article-figure``) and
    tables of claims (``table.claims``: their findings describe the article's own figures,
    whatever this copy assumes, and are tested against the assumptions on their own) and the notice
    of changed parameters (it gives each default beside its value by design; tested on its own). Chart
    descriptions are read from the ``aria-label`` of each chart's container.
    """

    SKIP_CLASSES = ("zh-quote", "article-figure", "claims", "cell_input", "parameter-notice")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if self.skip or tag in ("script", "style") or any(c in classes for c in self.SKIP_CLASSES):
            self.skip.append(tag)
            return
        if "vega-chart" in classes and found.get("aria-label"):
            self.parts.append(str(found["aria-label"]))

    def handle_endtag(self, tag: str) -> None:
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(page: Path) -> str:
    parser = _VisibleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


class TestParametersReachThePage:
    """A rebuilt chapter says what its parameters give, never the default in their place."""

    def test_changed_figures_replace_the_defaults(self, warm_tree: Path) -> None:
        overrides = "share_below_threshold: 0.5\nsuccess_rate: 0.4\nloan_amount_yuan: 50000\nagreement_tolerance: 0.05\n"
        (warm_tree / "my.yml").write_text(overrides, encoding="utf-8")
        result = run_build(warm_tree, "--english-only", "--params", "my.yml")
        assert result.returncode == 0, result.stderr
        book = warm_tree / "_build" / "html" / "book"
        eligibility = visible_text(book / "03_eligibility.html")
        assert "50%" in eligibility  # the assumed share is on the page...
        assert "82%" not in eligibility  # ...and the article's, outside its quotes and marked figures, is not
        assert "67.3%" not in eligibility
        tiers = visible_text(book / "04_tiers_rates.html")
        assert "50,000" in tiers
        assert "10,000" not in tiers
        risk = visible_text(book / "06_risk_factors.html")
        assert "40.0%" in risk
        assert "67.3%" not in risk
        # Every chapter that reads a changed parameter says so at its top, with both values; one that reads none does not.
        notice = (book / "03_eligibility.html").read_text(encoding="utf-8")
        assert "Built with parameters other than the defaults" in notice
        assert "share below the threshold explored: 50% (default 82%) <code>share_below_threshold</code>" in notice
        assert "amount borrowed: 50,000 yuan (default 10,000 yuan)" in (book / "04_tiers_rates.html").read_text(encoding="utf-8")
        assert "parameter-notice" not in (book / "07b_corrections.html").read_text(encoding="utf-8")

    def test_changed_assumptions_change_the_verdicts_everywhere(self, warm_tree: Path) -> None:
        # C01 (no Tencent 借呗) is misleading by a report of 2021 on who owns the brand; a copy that accepts
        # standing facts only up to two years old leaves it unverifiable, and its finding says why.
        (warm_tree / "my.yml").write_text("max_standing_age_years: 2.0\n", encoding="utf-8")
        result = run_build(warm_tree, "--english-only", "--params", "my.yml")
        assert result.returncode == 0, result.stderr
        html = warm_tree / "_build" / "html"
        rows = json.loads(next((html / "_downloads").rglob("claims.json")).read_text(encoding="utf-8"))
        c01 = {r["id"]: r for r in rows}["C01"]
        assert c01["verdict"] == "unverifiable"
        assert c01["finding"].startswith("Under this copy's assumptions this claim is unverifiable, not misleading")
        ledger = (html / "book" / "02_claims_ledger.html").read_text(encoding="utf-8")
        assert re.search(r'<tr id="C01">.*?class="verdict-unverifiable"', ledger, re.DOTALL)
        overview = visible_text(html / "book" / "01_overview.html")
        contradicted = sum(r["verdict"] == "contradicted" for r in rows)
        assert f"{agree(contradicted, 'is', 'are')} contradicted" in overview

    def test_degenerate_values_read_as_prose(self, warm_tree: Path) -> None:
        overrides = "share_below_threshold: 1.0\npass_rate_above_threshold: 0.0\nsuccess_rate: 1.0\n"
        (warm_tree / "my.yml").write_text(overrides, encoding="utf-8")
        result = run_build(warm_tree, "--english-only", "--params", "my.yml")
        assert result.returncode == 0, result.stderr
        for name in ("03_eligibility", "06_risk_factors", "01_overview", "02_claims_ledger"):
            text = visible_text(warm_tree / "_build" / "html" / "book" / f"{name}.html")
            assert not re.search(r"\b(inf|nan|NaN)\b|inf%|nan%|∞", text), name
