"""Open every page of the built book in headless Chromium with the network blocked.

Every chart must draw (an svg or canvas inside each vega container), the console must show no
errors, and no request may leave the machine: the pages are served from 127.0.0.1 and any
other request is refused and recorded.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGES = [
    "01_overview",
    "02_claims_ledger",
    "02b_annotated_article",
    "03_eligibility",
    "04_tiers_rates",
    "05_competitors",
    "06_risk_factors",
    "08_borrowers",
    "07_conclusions",
    "07b_corrections",
    "scenarios",
    "build_status",
]
CHARTS = {
    "01_overview": 2,
    "02_claims_ledger": 2,
    "03_eligibility": 4,
    "04_tiers_rates": 4,
    "05_competitors": 2,
    "06_risk_factors": 2,
    "08_borrowers": 1,
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(scope="module")
def server(built_tree: Path) -> Iterator[str]:
    yield from _serve(built_tree / "_build" / "html")


@pytest.fixture(scope="module")
def scenario_server(scenario_tree: tuple[Path, object]) -> Iterator[str]:
    """The site built with the test scenarios: the default book with two scenario books inside."""
    yield from _serve(scenario_tree[0] / "_build" / "html")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed; `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def contexts(browser: object) -> Iterator[list[object]]:
    opened: list[object] = []
    yield opened
    for context in opened:
        context.close()  # type: ignore[attr-defined]


def open_page(browser: object, server: str, name: str, contexts: list[object]) -> tuple[object, list[str], list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")  # type: ignore[attr-defined]
    contexts.append(context)
    page = context.new_page()
    problems: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}") if r.url.startswith(server) else None)

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if url.startswith(server) or url.startswith("data:") or url.startswith("blob:"):
            r.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            r.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.goto(f"{server}/{name if '/' in name else f'book/{name}'}.html", wait_until="networkidle")
    return page, problems, outside


def settle_charts(page: object, expected: int) -> None:
    """Wait (at most 15 s) until the page holds ``expected`` chart containers.

    While vega-embed draws, a container can drop out of ``.vega-chart`` for an instant (seen
    once in a dozen loads of chapter 4 on a busy machine); the count is read once it settles.
    """
    import contextlib

    with contextlib.suppress(Exception):  # the assertion that follows says what the page holds
        page.wait_for_function(  # type: ignore[attr-defined]
            f"document.querySelectorAll('.vega-chart').length === {expected}", timeout=15_000
        )


def wait_for_charts(page: object, expected: int) -> None:
    """Wait until the page's ``expected`` charts are drawn (each one's marks attached)."""
    settle_charts(page, expected)
    charts = page.locator(".vega-chart")  # type: ignore[attr-defined]
    for i in range(charts.count()):
        charts.nth(i).locator("svg.marks, canvas.marks").first.wait_for(state="attached", timeout=15_000)


#: Set on the page before a theme is audited: the theme's colour transitions (0.15 s on its buttons) would otherwise
#: let axe read a colour half-way between the two modes.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def set_theme(page: object, mode: str) -> None:
    """Switch the page to ``mode`` as the theme's button does; return once a frame has been drawn in it."""
    page.evaluate(  # type: ignore[attr-defined]
        """([mode, css]) => new Promise(done => {
             if (!document.getElementById("no-transitions")) {
               const style = document.createElement("style");
               style.id = "no-transitions";
               style.textContent = css;
               document.head.appendChild(style);
             }
             document.documentElement.dataset.theme = mode;
             requestAnimationFrame(() => requestAnimationFrame(done));
           })""",
        [mode, NO_TRANSITIONS],
    )


def charts_wider_than_the_column(page: object) -> list[str]:
    """The charts of a drawn page that a desktop reader would have to scroll sideways (or that print cut off)."""
    return page.evaluate(  # type: ignore[attr-defined,no-any-return]
        """() => [...document.querySelectorAll('.vega-chart')]
             .filter(e => { const s = e.querySelector('svg'); return s && s.getBoundingClientRect().width > e.clientWidth + 1; })
             .map(e => (e.getAttribute('aria-label') || '').slice(0, 60))"""
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_draws_offline_without_errors(browser: object, server: str, contexts: list[object], name: str) -> None:
    page, problems, outside = open_page(browser, server, name, contexts)
    expected = CHARTS.get(name, 0)
    settle_charts(page, expected)
    containers = page.locator(".vega-chart")  # type: ignore[attr-defined]
    assert containers.count() == expected
    for i in range(expected):
        chart = containers.nth(i)
        chart.locator("svg, canvas").first.wait_for(state="attached", timeout=15_000)
        assert chart.get_attribute("aria-label"), "every chart needs a text alternative"
        assert chart.locator("svg.marks, canvas.marks").count() == 1
    assert charts_wider_than_the_column(page) == []  # at 1280 px every chart fits the column, its legend too
    assert page.locator("article h1").count() == 1  # type: ignore[attr-defined]
    assert problems == []
    assert outside == []


def test_ledger_filter_and_sort(browser: object, server: str, contexts: list[object]) -> None:
    page, problems, _ = open_page(browser, server, "02_claims_ledger", contexts)
    rows = page.locator("#claims-ledger tbody tr")  # type: ignore[attr-defined]
    total = rows.count()
    assert total >= 40
    page.fill("input.table-filter", "contradicted")  # type: ignore[attr-defined]
    visible = page.locator("#claims-ledger tbody tr:not([hidden])").count()  # type: ignore[attr-defined]
    assert 0 < visible < total
    page.click("#claims-ledger thead th:nth-child(3)")  # type: ignore[attr-defined]
    assert page.get_attribute("#claims-ledger thead th:nth-child(3)", "aria-sort") == "ascending"  # type: ignore[attr-defined]
    assert problems == []


def test_slider_recomputes_the_loan_in_the_page(browser: object, server: str, contexts: list[object]) -> None:
    page, problems, _ = open_page(browser, server, "04_tiers_rates", contexts)
    chart = page.locator(".vega-chart").nth(3)  # type: ignore[attr-defined]
    chart.locator("svg.marks").wait_for(state="attached")
    before = chart.locator("svg.marks").inner_html()
    slider = chart.locator("input[type=range]").first
    slider.fill("150000")
    slider.dispatch_event("input")
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    assert chart.locator("svg.marks").inner_html() != before
    assert problems == []


def test_printed_charts_show_no_actions_menu(browser: object, server: str, contexts: list[object]) -> None:
    """A chart's actions menu ("…", export as SVG or PNG) is for the screen: the PDF and a printed page show the chart alone."""
    page, problems, _ = open_page(browser, server, "04_tiers_rates", contexts)
    settle_charts(page, CHARTS["04_tiers_rates"])
    menus = page.locator(".vega-embed details > summary")  # type: ignore[attr-defined]
    assert menus.count() >= 1
    assert menus.first.is_visible()  # on the screen it is there
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert [menus.nth(i).is_visible() for i in range(menus.count())] == [False] * menus.count()
    assert page.locator(".vega-chart svg.marks").first.is_visible()  # type: ignore[attr-defined]
    assert problems == []


def test_annotated_article_leads_to_ledger_rows(browser: object, server: str, contexts: list[object]) -> None:
    page, problems, _ = open_page(browser, server, "02b_annotated_article", contexts)
    marks = page.locator("a.claim-span")  # type: ignore[attr-defined]
    marked = {c for i in range(marks.count()) for c in (marks.nth(i).get_attribute("data-claims") or "").split()}
    mark = page.locator('a.claim-span[data-claims~="C41"]').first  # type: ignore[attr-defined]
    assert "C41 unverifiable" in (mark.get_attribute("title") or "")
    mark.click()
    page.wait_for_url("**/02_claims_ledger.html#C41")  # type: ignore[attr-defined]
    row = page.locator("#claims-ledger tr#C41")  # type: ignore[attr-defined]
    assert row.count() == 1
    assert row.locator('td[data-col="verdict"]').inner_text() == "unverifiable"
    ids = page.locator("#claims-ledger tbody tr")  # type: ignore[attr-defined]
    assert marked == {ids.nth(i).get_attribute("id") for i in range(ids.count())}, "every claim is marked in the article"
    assert problems == []


def test_ledger_filter_buttons_and_sticky_header(browser: object, server: str, contexts: list[object]) -> None:
    page, problems, _ = open_page(browser, server, "02_claims_ledger", contexts)
    filters = page.locator(".ledger-filters")  # type: ignore[attr-defined]
    table = page.locator("#claims-ledger")  # type: ignore[attr-defined]
    assert filters.bounding_box()["y"] < table.bounding_box()["y"], "the filters sit above the table"
    total = page.locator("#claims-ledger tbody tr").count()  # type: ignore[attr-defined]
    assert page.inner_text("#claims-ledger-count") == f"{total} of {total} claims shown"  # type: ignore[attr-defined]
    page.click('button.filter-button[data-col="verdict"][data-value="contradicted"]')  # type: ignore[attr-defined]
    shown = page.locator('#claims-ledger tbody tr:not([hidden]) td[data-col="verdict"]')  # type: ignore[attr-defined]
    assert shown.count() > 0
    assert {shown.nth(i).inner_text() for i in range(shown.count())} == {"contradicted"}
    assert page.locator("#claims-ledger thead th").first.evaluate("e => getComputedStyle(e).position") == "sticky"  # type: ignore[attr-defined]
    page.goto(f"{server}/book/02_claims_ledger.html#C41")  # type: ignore[attr-defined]
    assert page.locator("tr#C41").count() == 1  # type: ignore[attr-defined]
    assert problems == []


def test_parameter_notice_only_on_changed_books(browser: object, server: str, contexts: list[object]) -> None:
    page, problems, _ = open_page(browser, server, "04_tiers_rates", contexts)
    assert page.locator(".parameter-notice").count() == 0  # type: ignore[attr-defined]
    assert problems == []


SEARCHES = {
    "微信": "02b_annotated_article",
    "利率": "04_tiers_rates",
    "征信": "06_risk_factors",
    "年化": "04_tiers_rates",
    "contradicted": "02_claims_ledger",
    "misleading": "02_claims_ledger",
    "C41": "02_claims_ledger",
    "550": "03_eligibility",
}


@pytest.mark.parametrize("name", PAGES)
def test_chinese_page_draws_offline_without_errors(browser: object, server: str, contexts: list[object], name: str) -> None:
    """The same page of the Chinese edition: in Chinese, every chart drawn, a link back to the English page."""
    page, problems, outside = open_page(browser, server, f"zh/book/{name}", contexts)
    assert page.get_attribute("html", "lang") == "zh-CN"  # type: ignore[attr-defined]
    settle_charts(page, CHARTS.get(name, 0))
    containers = page.locator(".vega-chart")  # type: ignore[attr-defined]
    assert containers.count() == CHARTS.get(name, 0)
    for i in range(containers.count()):
        containers.nth(i).locator("svg.marks, canvas.marks").first.wait_for(state="attached", timeout=15_000)
        label = containers.nth(i).get_attribute("aria-label")
        assert label  # the text alternative, in Chinese too
        assert re.search(r"[\u4e00-\u9fff]", label), label
    assert charts_wider_than_the_column(page) == []
    heading = page.locator("article h1").inner_text()  # type: ignore[attr-defined]
    assert re.search(r"[\u4e00-\u9fff]", heading), heading
    switch = page.locator("a.edition-switch")  # type: ignore[attr-defined]
    assert switch.inner_text() == "English"
    switch.click()
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert page.url.endswith(f"/book/{name}.html")  # type: ignore[attr-defined]
    assert "/zh/" not in page.url  # type: ignore[attr-defined]
    assert page.locator("a.edition-switch").inner_text() == "中文"  # type: ignore[attr-defined]
    assert problems == []
    assert outside == []


def search(browser: object, server: str, contexts: list[object], query: str, edition: str = "") -> tuple[list[str], list[str]]:
    """The addresses of the search page's results for ``query`` (offline), and any request that left the machine."""
    from urllib.parse import quote

    context = browser.new_context(service_workers="block")  # type: ignore[attr-defined]
    contexts.append(context)
    page = context.new_page()
    outside: list[str] = []

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if url.startswith(server):
            r.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            r.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.goto(f"{server}/{edition}search.html?q={quote(query)}")
    page.wait_for_selector("#search-results .search-summary", timeout=15_000)
    links = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    return links, outside


@pytest.mark.parametrize(("query", "page_name"), [("年化利率", "04_tiers_rates"), ("微粒贷", "08_borrowers")])
def test_search_finds_chinese_words_in_the_chinese_edition(
    browser: object, server: str, contexts: list[object], query: str, page_name: str
) -> None:
    links, outside = search(browser, server, contexts, query, edition="zh/")
    assert len(links) >= 3, links
    assert all("/zh/book/" in link for link in links), links[:3]
    assert f"/zh/book/{page_name}.html" in links[0], links[:3]
    assert outside == []


@pytest.mark.parametrize(("query", "page_name"), list(SEARCHES.items()))
def test_search_finds_chinese_and_english_offline(
    browser: object, server: str, contexts: list[object], query: str, page_name: str
) -> None:
    links, outside = search(browser, server, contexts, query)
    assert links, f"no result for {query}"
    assert f"book/{page_name}.html" in links[0], links[:3]
    if query == "C41":
        assert links[0].endswith("#C41")
    assert outside == []


def test_make_pdf_prints_the_whole_book(warm_tree: Path) -> None:
    # a copy: make pdf writes into _build, and the built tree is shared read-only by every test
    import os
    import subprocess
    import sys

    import pypdfium2
    from pypdf import PdfReader

    env = os.environ | {"PYTHONPATH": str(warm_tree)}
    result = subprocess.run(
        [sys.executable, "-m", "tools.pdf"], cwd=warm_tree, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = warm_tree / "_build" / "pdf" / "book.pdf"

    def printed_text(path: Path) -> str:  # PDFium's text layer, as a PDF viewer gives it to a reader who copies
        document = pypdfium2.PdfDocument(path)
        try:
            return "\n".join(document[i].get_textpage().get_text_bounded() for i in range(len(document)))
        finally:
            document.close()

    def radicals_in_text_layer(reader: PdfReader) -> list[str]:  # each font's ToUnicode map: the codes a copy yields
        found = []
        for page in reader.pages:
            fonts = (page.get("/Resources", {}) or {}).get("/Font", {}) or {}
            for font in fonts.values():
                mapping = font.get_object().get("/ToUnicode")
                if mapping is not None:
                    found += re.findall(
                        r"<(2E[89A-F][0-9A-F]|2F[0-9A-D][0-9A-F])>", mapping.get_object().get_data().decode("latin-1"), re.I
                    )
        return found

    text = printed_text(pdf)
    flat = "".join(text.split())
    assert "微信版借呗怎么开通" in flat  # a Chinese quote, in an embedded CJK font
    import yaml

    records = yaml.safe_load((warm_tree / "data" / "claims.yaml").read_text(encoding="utf-8"))
    # The ledger prints one block per claim: every claim id and every verdict word whole, in both editions.
    from model.claims import Verdict, claims_frame
    from model.glossary import chinese_names

    verdicts = claims_frame().verdict.value_counts()
    zh_names = chinese_names("verdict", [v.value for v in Verdict])
    for name, words in (("book.pdf", {v: v for v in verdicts.index}), ("book.zh.pdf", zh_names)):
        path = warm_tree / "_build" / "pdf" / name
        printed = text if name == "book.pdf" else printed_text(path)
        whole_ids = set(re.findall(r"(?<![A-Za-z0-9])C\d{2}(?!\d)", printed))
        assert [r["id"] for r in records if r["id"] not in whole_ids] == [], name
        # 无, not the radical ⽆ that shares its glyph: no CJK or Kangxi radical (U+2E80-U+2FDF) in any font's map
        assert radicals_in_text_layer(PdfReader(path)) == [], name
        for verdict, count in verdicts.items():  # at least once per claim that has it (the ledger's blocks)
            assert len(re.findall(rf"(?<![A-Za-z]){re.escape(words[verdict])}(?![A-Za-z])", printed)) >= count, (name, verdict)
    last_finding_start = "".join(records[-1]["finding"].split())[:40]
    assert last_finding_start in flat
    # Printed at full size: an element wider than the page (the scenario comparison once) makes Chromium shrink the
    # whole book to fit it, the text to about two thirds (median glyph height 5.0 pt, not 6.8, in the English PDF).
    for name in ("book.pdf", "book.zh.pdf"):
        document = pypdfium2.PdfDocument(warm_tree / "_build" / "pdf" / name)
        try:
            heights = [
                top - bottom
                for i in range(0, len(document), 3)
                for textpage in [document[i].get_textpage()]
                for k in range(0, textpage.count_chars(), 5)
                for _, bottom, _, top in [textpage.get_charbox(k)]
                if top - bottom > 0.5
            ]
        finally:
            document.close()
        assert sorted(heights)[len(heights) // 2] >= 6.0, name
    # Chromium embeds the CJK glyphs it used (as Type 3 fonts, with their Unicode mapping): the text above came from them.
    reader = PdfReader(pdf)
    fonts = [f.get_object() for page in reader.pages for f in (page.get("/Resources", {}).get("/Font", {}) or {}).values()]
    assert any(str(f.get("/Subtype")) == "/Type3" or "CJK" in str(f.get("/BaseFont")) for f in fonts)
    assert (warm_tree / "_build" / "html" / "book.pdf").read_bytes() == pdf.read_bytes()  # offered beside the HTML book


#: axe's rules in light mode, and in dark mode those whose outcome depends on the colours (the page's structure,
#: names and roles are the same in both modes, so the dark pass checks what the mode changes).
AXE_OPTIONS = {
    "light": {"resultTypes": ["violations"]},
    "dark": {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}},
}


@pytest.mark.parametrize("edition", ["", "zh/"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violation_on_any_page(
    browser: object, server: str, contexts: list[object], edition: str, name: str
) -> None:
    """Every page of both editions, in light and dark mode (one case per page, so that the workers share them)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()  # axe-core ships inside the package: nothing is fetched
    context = browser.new_context(service_workers="block")  # type: ignore[attr-defined]
    contexts.append(context)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
    found = []
    page.goto(f"{server}/{edition}book/{name}.html", wait_until="load")
    wait_for_charts(page, CHARTS.get(name, 0))  # audited as a reader sees it, every chart drawn
    for mode in ("light", "dark"):  # the page loaded once, audited in both modes
        page.emulate_media(color_scheme=mode)
        set_theme(page, mode)
        for violation in axe.run(page, options=AXE_OPTIONS[mode]).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                found.append(f"{name} ({mode}): {violation['id']} ({len(violation['nodes'])} elements)")
    assert found == []


SCENARIO_PAGES = ["book/scenarios", *(f"scenarios/loan-50k/book/{name}" for name in PAGES)]


@pytest.mark.parametrize("name", SCENARIO_PAGES)
def test_scenario_pages_draw_offline_without_errors(
    browser: object, scenario_server: str, contexts: list[object], name: str
) -> None:
    page, problems, outside = open_page(browser, scenario_server, name, contexts)
    chapter = name.rsplit("/", 1)[-1]
    expected = CHARTS.get(chapter, 0) if name.startswith("scenarios/") else 0
    settle_charts(page, expected)
    charts = page.locator(".vega-chart")  # type: ignore[attr-defined]
    assert charts.count() == expected
    for i in range(charts.count()):
        charts.nth(i).locator("svg.marks, canvas.marks").first.wait_for(state="attached", timeout=15_000)
    if name.startswith("scenarios/"):
        banner = page.locator(".bd-header-announcement")  # type: ignore[attr-defined]
        assert banner.is_visible()
        assert banner.inner_text().startswith("Scenario: loan-50k — amount borrowed: 50,000 yuan (default 10,000 yuan).")
    assert problems == []
    assert outside == []


def test_comparison_links_lead_into_the_scenario_books(browser: object, scenario_server: str, contexts: list[object]) -> None:
    page, problems, _ = open_page(browser, scenario_server, "book/scenarios", contexts)
    region = page.locator(".scenario-comparison-scroll").bounding_box()  # type: ignore[attr-defined]
    article = page.locator("article").bounding_box()  # type: ignore[attr-defined]
    assert region["x"] + region["width"] <= article["x"] + article["width"] + 1  # scrolls inside, never under the side panel
    page.locator("#row-loan_interest_yuan td[data-col='loan-50k'] a").click()  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert page.url.endswith("/scenarios/loan-50k/book/04_tiers_rates.html")  # type: ignore[attr-defined]
    assert "50,000" in page.locator("article").inner_text()  # type: ignore[attr-defined]
    assert problems == []


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_scenario_pages_pass_the_accessibility_audit(
    browser: object, scenario_server: str, contexts: list[object], mode: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(color_scheme=mode, service_workers="block")  # type: ignore[attr-defined]
    contexts.append(context)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(scenario_server) else r.abort())
    found = []
    for name in ("book/scenarios", "scenarios/loan-50k/book/04_tiers_rates", "zh/scenarios/loan-50k/book/04_tiers_rates"):
        page.goto(f"{scenario_server}/{name}.html", wait_until="load")
        wait_for_charts(page, 0 if name == "book/scenarios" else CHARTS["04_tiers_rates"])
        set_theme(page, mode)
        for card in page.locator("div.output.text_html:has(> .parameter-notice)").all():
            # axe does not see it, but a light output card behind the notice hid its text in dark mode
            assert card.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                found.append(f"{name}: {violation['id']} ({len(violation['nodes'])} elements)")
    assert found == []
