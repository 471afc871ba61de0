"""Scenarios built beside the default book: one pool, a shared cache, a refused file, the comparison page."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from model.scenarios import DEFAULT, comparison, load_scenarios
from report.precision import format_value
from tests.conftest import TEST_SCENARIOS, run_build
from tests.test_build import visible_text

pytestmark = pytest.mark.book

Built = tuple[Path, subprocess.CompletedProcess[str]]


class _Cells(HTMLParser):
    """Each cell of the comparison table: (row id, data-col) to its text and its link."""

    def __init__(self) -> None:
        super().__init__()
        self.row = ""
        self.col: str | None = None
        self.cells: dict[tuple[str, str], str] = {}
        self.links: dict[tuple[str, str], str] = {}
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr":
            self.row = found.get("id") or ""
        elif tag in ("td", "th") and self.row:
            self.col = found.get("data-col")
            self.cells[(self.row, str(self.col))] = ""
        elif tag == "a" and self.col:
            self.links[(self.row, self.col)] = str(found.get("href"))
        elif tag == "span" and "visually-hidden" in (found.get("class") or ""):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.col = None
        elif tag == "span" and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.col and not self.skip:
            self.cells[(self.row, self.col)] += data


def test_a_refused_file_is_named_and_the_others_are_built(scenario_tree: Built) -> None:
    tree, result = scenario_tree
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert (
        lines[0] == "make scenarios: scenario broken refused: broken.yml: term_months: expected an integer from 1 to 36, got 48"
    )
    assert lines[1] == "make scenarios: scenario dir refused: dir.yml: expected a regular file, got another kind of entry"
    assert lines[2].startswith("make scenarios: scenario injected refused: injected.yml: ")
    assert lines[3:] == ["make scenarios: built, but 3 scenario file(s) refused: broken, dir, injected"]
    published = tree / "_build" / "html" / "scenarios"
    assert sorted(p.name for p in published.iterdir()) == ["loan-50k", "loan-50k-again"]


def test_notebooks_shared_by_two_scenarios_run_once(scenario_tree: Built) -> None:
    tree, _ = scenario_tree
    before = set((tree / "cache-before.txt").read_text().split())
    new = {p.name.rsplit("-", 1)[0] for p in (tree / "_build" / "cache").glob("*.ipynb") if p.name not in before}
    assert new == {"04_tiers_rates", "05_competitors", "08_borrowers"}  # the chapters that read the loan amount, once for both


def test_every_page_of_a_scenario_book_says_so(scenario_tree: Built) -> None:
    tree, _ = scenario_tree
    book = tree / "_build" / "html" / "scenarios" / "loan-50k"
    pages = [*sorted((book / "book").glob("*.html")), book / "search.html", book / "genindex.html"]
    assert len(pages) >= 13
    banner = "Scenario: loan-50k — amount borrowed: 50,000 yuan (default 10,000 yuan)"
    for page in pages:
        assert banner in page.read_text(encoding="utf-8"), page
    assert "50,000" in visible_text(book / "book" / "04_tiers_rates.html")
    for page in pages:  # papermill's injected cell is hidden like the parameters cell it overrides
        assert '<span class="c1"># Parameters</span>' not in page.read_text(encoding="utf-8"), page
    assert "10,000" in visible_text(tree / "_build" / "html" / "book" / "04_tiers_rates.html")  # the default book keeps its own


def test_every_book_speaks_its_own_language_in_the_theme_too(scenario_tree: Built) -> None:
    """The theme's words (the search button, the sidebar toggles) follow each book's language.

    The Sphinx workers build the books of both languages one after another, and Sphinx keeps the
    message catalogues it loaded: three English scenario books once said 搜索 and 目录.
    """
    html = scenario_tree[0] / "_build" / "html"
    button = re.compile(r'search-button__button pst-js-only" title="([^"]*)"')
    for page in sorted(html.rglob("book/*.html")):
        chinese = page.relative_to(html).parts[0] == "zh"
        titles = set(button.findall(page.read_text(encoding="utf-8")))
        assert titles == ({"搜索"} if chinese else {"Search"}), page.relative_to(html)


def test_a_process_that_built_a_chinese_book_builds_an_english_one_in_english(scenario_tree: Built, tmp_path: Path) -> None:
    """What a Sphinx worker does when the books fall that way: a Chinese book, then an English one, in one process."""
    import os
    import shutil
    import sys

    tree = tmp_path / "repo"
    shutil.copytree(scenario_tree[0], tree, symlinks=True)
    stages = [tree / "_build" / "scenarios" / name for name in ("loan-50k@zh", "loan-50k")]
    for stage in stages:
        shutil.rmtree(stage / "_build")  # built afresh, every page written
    code = "import sys\nfrom pathlib import Path\nfrom tools.build import sphinx_stage\nfor a in sys.argv[1:]: sphinx_stage(Path(a), Path('.'), True)"
    env = os.environ | {"PYTHONPATH": str(tree)}
    result = subprocess.run(
        [sys.executable, "-c", code, *map(str, stages)], cwd=tree, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    button = re.compile(r'search-button__button pst-js-only" title="([^"]*)"')
    for stage, title in zip(stages, ("搜索", "Search"), strict=True):
        page = (stage / "_build" / "html" / "book" / "04_tiers_rates.html").read_text(encoding="utf-8")
        assert set(button.findall(page)) == {title}, stage.name
    # Sphinx's own labels too: a module imported during the Chinese build once kept its Chinese text for the next book
    for stage, label in zip(stages, ("Python 模块索引", "Python Module Index"), strict=True):
        assert inventory_labels(stage / "_build" / "html" / "objects.inv")["py-modindex"] == label, stage.name


def inventory_labels(inventory: Path) -> dict[str, str]:
    """The ``std:label`` entries of a Sphinx inventory: name to the title a reader's link shows."""
    import zlib

    raw = inventory.read_bytes()
    body = zlib.decompress(raw[raw.index(b"\n", raw.index(b"zlib")) + 1 :]).decode("utf-8")
    found = (re.match(r"(\S+) std:label -?\d+ \S+ (.*)", line) for line in body.splitlines())
    return {m[1]: m[2] for m in found if m}


def test_a_scenario_book_seeded_from_the_default_reading_is_the_book_built_afresh(
    built_tree: Path, scenario_tree: Built, tmp_path: Path
) -> None:
    """A new scenario book's Sphinx starts from what it read for its edition's default book (tools.build.seed).

    It reads only the pages that differ (the others keep the default book's reading time) and
    publishes what a fresh build of the same stage publishes, byte for byte, in both editions.
    """
    import os
    import pickle
    import shutil
    import sys

    import sphinx.environment  # noqa: F401  (what the pickled environments are made of)

    def read_times(stage: Path) -> dict[str, int]:
        environment = pickle.loads((stage / "_build" / ".doctrees" / "environment.pickle").read_bytes())
        return dict(environment.all_docs)

    built = scenario_tree[0] / "_build"  # a copy of built_tree, whose default stages were the seeds (read there)
    seeds = (built_tree / "_build" / "stage", built_tree / "_build" / "zh")
    for seed, stage in zip(seeds, (built / "scenarios" / "loan-50k", built / "scenarios" / "loan-50k@zh"), strict=True):
        seeded, default = read_times(stage), read_times(seed)
        assert {d for d in seeded if seeded[d] == default[d]} >= {
            "book/01_overview",
            "book/02_claims_ledger",
            "book/06_risk_factors",
        }
        assert seeded["book/04_tiers_rates"] > default["book/04_tiers_rates"]  # the loan amount's chapter: read again
    tree = tmp_path / "repo"
    shutil.copytree(scenario_tree[0], tree, symlinks=True)
    stages = [tree / "_build" / "scenarios" / name for name in ("loan-50k", "loan-50k@zh")]
    for stage in stages:
        shutil.rmtree(stage / "_build")  # no seed: every page read and written
    code = "import sys\nfrom pathlib import Path\nfrom tools.build import sphinx_stage\nfor a in sys.argv[1:]: sphinx_stage(Path(a), Path('.'), True)"
    env = os.environ | {"PYTHONPATH": str(tree)}
    result = subprocess.run(
        [sys.executable, "-c", code, *map(str, stages)], cwd=tree, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for stage in stages:
        fresh, seeded = stage / "_build" / "html", built / "scenarios" / stage.name / "_build" / "html"
        names = sorted(str(p.relative_to(fresh)) for p in fresh.rglob("*") if p.is_file())
        assert names == sorted(str(p.relative_to(seeded)) for p in seeded.rglob("*") if p.is_file()), stage.name
        assert [n for n in names if (fresh / n).read_bytes() != (seeded / n).read_bytes()] == [], stage.name


def text_without_banner(page: Path, tmp_path: Path) -> str:
    """What a reader reads on a page, the scenario's announcement apart."""
    markup = page.read_text(encoding="utf-8")
    copy = tmp_path / f"{page.parent.parent.parent.name}-{page.name}"
    copy.write_text(re.sub(r'<div class="bd-header-announcement__content">.*?</div>', "", markup, flags=re.S), encoding="utf-8")
    return visible_text(copy)


def test_a_scenario_seeded_again_after_its_banner_changed_keeps_its_own_chapters(scenario_tree: Built, tmp_path: Path) -> None:
    """A scenario whose announcement changes is seeded again; its chapters staged earlier are older than the seed.

    Their files did not change, so they kept their first date, older than the default book's
    reading of its own chapters: the seeded book once published the default's pages (10,000 yuan)
    under the scenario's banner (50,000 yuan).
    """
    import shutil

    tree = tmp_path / "repo"
    shutil.copytree(scenario_tree[0], tree, symlinks=True)
    (tree / "test-scenarios" / "loan-50k.yml").write_text("loan_amount_yuan: 50000\nseed: 2024\n", encoding="utf-8")
    result = run_build(tree, "--scenarios", "test-scenarios")
    assert result.returncode == 2, result.stderr  # the broken files are still refused
    html = tree / "_build" / "html"
    for edition in ("", "zh/"):
        book = html / f"{edition}scenarios" / "loan-50k" / "book"
        assert "2024" in visible_text(book / "05_competitors.html")  # the new banner: this book was built again
        for chapter in ("05_competitors.html", "08_borrowers.html"):  # both read the loan amount
            default = text_without_banner(html / f"{edition}book" / chapter, tmp_path)
            assert text_without_banner(book / chapter, tmp_path) != default, f"{edition}{chapter}"


def test_each_scenario_book_has_a_chinese_edition(scenario_tree: Built) -> None:
    """Both editions of a scenario's book: the Chinese one at zh/scenarios/<name>/, each page linked to its counterpart."""
    tree, _ = scenario_tree
    html = tree / "_build" / "html"
    assert sorted(p.name for p in (html / "zh" / "scenarios").iterdir()) == ["loan-50k", "loan-50k-again"]
    english, chinese = html / "scenarios" / "loan-50k", html / "zh" / "scenarios" / "loan-50k"
    pages = sorted(p.relative_to(english) for p in english.rglob("*.html"))
    assert pages == sorted(p.relative_to(chinese) for p in chinese.rglob("*.html"))
    banner = "情景：loan-50k——借款金额为5万元（默认为1万元）。本书各页的数字按这些参数计算，而非默认值。"
    for rel in [p for p in pages if p.parent.name == "book"]:
        page = (chinese / rel).read_text(encoding="utf-8")
        assert '<html lang="zh-CN"' in page, rel
        assert banner in page, rel
        for edition, other, language in ((chinese, english, "en"), (english, chinese, "zh-CN")):
            link = re.search(rf'<link rel="alternate" hreflang="{language}" href="([^"]+)"', (edition / rel).read_text("utf-8"))
            assert link is not None, (edition, rel)
            assert (edition / rel).parent.joinpath(link[1]).resolve() == (other / rel).resolve(), (edition, rel)
    assert "50,000" in visible_text(chinese / "book" / "04_tiers_rates.html")


def english_runs(page: Path) -> set[str]:
    """Runs of four or more English words in a page's visible text (outside code cells): untranslated prose."""
    return set(re.findall(r"[A-Za-z]{3,}(?:[ ,'’-]+[A-Za-z]{2,}){3,}", visible_text(page)))


def untranslated_in_scenario_books(html: Path) -> dict[str, set[str]]:
    """Every page of every Chinese scenario book, with the English prose it shows that the default Chinese book does not."""
    found = {}
    for page in sorted((html / "zh" / "scenarios").glob("*/book/*.html")):
        extra = english_runs(page) - english_runs(html / "zh" / "book" / page.name)
        if extra:
            found[str(page.relative_to(html))] = extra
    return found


def test_the_chinese_scenario_books_are_translated(scenario_tree: Built) -> None:
    """A text only a scenario's parameters produce (its banner, a bound, a rating) has its translation too."""
    assert untranslated_in_scenario_books(scenario_tree[0] / "_build" / "html") == {}


def test_the_chinese_comparison_page_is_translated_once_the_scenario_books_exist(scenario_tree: Built) -> None:
    """Its sentences about the scenarios' own books and refused files appear only then: they need a translation too.

    Text in code (commands, file names, the build's own message about a refused file) is left out.
    """
    import html as markup

    page = scenario_tree[0] / "_build" / "html" / "zh" / "book" / "scenarios.html"
    text = visible_text(page)
    for code in re.findall(r"<code[^>]*>(.*?)</code>", page.read_text("utf-8"), re.S):
        text = text.replace(markup.unescape(re.sub(r"<[^>]+>", "", code)), " | ")
    assert set(re.findall(r"[A-Za-z]{3,}(?:[ ,'’-]+[A-Za-z]{2,}){3,}", text)) == set()


def test_no_page_of_a_scenario_book_shows_a_key_of_the_code(scenario_tree: Built) -> None:
    """As tests/test_names.py checks the default book: a scenario's notes and reasons name checks and sources too."""
    from tests.test_names import keys_shown

    site = scenario_tree[0] / "_build" / "html"
    pages = sorted(site.glob("scenarios/*/book/*.html")) + sorted(site.glob("zh/scenarios/*/book/*.html"))
    assert len(pages) >= 20
    assert {str(p.relative_to(site)): keys for p in pages if (keys := keys_shown(p))} == {}


def test_the_chinese_comparison_page_links_to_the_chinese_scenario_books(scenario_tree: Built) -> None:
    tree, _ = scenario_tree
    page = tree / "_build" / "html" / "zh" / "book" / "scenarios.html"
    parser = _Cells()
    parser.feed(page.read_text(encoding="utf-8"))
    targets = {key: (page.parent / href.split("#")[0]).resolve() for key, href in parser.links.items() if key[1] != DEFAULT}
    assert targets  # every figure of each scenario links into that scenario's Chinese book
    chinese_books = (tree / "_build" / "html" / "zh" / "scenarios").resolve()
    for key, target in targets.items():
        assert target.is_file(), (key, target)
        assert target.is_relative_to(chinese_books), (key, target)


def test_only_the_default_book_links_to_the_pdf(scenario_tree: Built) -> None:
    """`make pdf` prints the default book alone: a scenario's book has no link to a PDF that is never made."""
    tree, _ = scenario_tree
    html = tree / "_build" / "html"
    assert 'href="../book.pdf"' in (html / "book" / "01_overview.html").read_text(encoding="utf-8")
    scenario = html / "scenarios" / "loan-50k" / "book" / "01_overview.html"
    assert "book.pdf" not in scenario.read_text(encoding="utf-8")
    assert "not printed as a PDF" in visible_text(scenario)


def test_the_comparison_page_shows_the_models_figures(scenario_tree: Built) -> None:
    tree, _ = scenario_tree
    good, _ = load_scenarios(tree / "test-scenarios")
    frame = comparison(good)
    page = tree / "_build" / "html" / "book" / "scenarios.html"
    parser = _Cells()
    parser.feed(page.read_text(encoding="utf-8"))
    html_dir = page.parent
    for row in frame.to_dict(orient="records"):
        for name in (DEFAULT, "loan-50k", "loan-50k-again"):
            key = (f"row-{row['key']}", name)
            assert parser.cells[key].strip() == format_value(row["unit"], row[name]), key
            target = parser.links[key].split("#")[0]
            assert (html_dir / target).resolve().is_file(), target  # every figure links to a page that exists
    assert (f"row-{frame['key'][0]}", "loan-50k") in parser.links
    text = visible_text(page)
    assert "broken" in text
    assert "expected an integer from 1 to 36" in text
    assert "{ref}`nolabel` [x](https://evil.example)" in text  # quoted as text...
    assert 'href="https://evil.example"' not in page.read_text(encoding="utf-8")  # ...never made a link
    counts = [parser.cells[(f"row-{k}", DEFAULT)] for k in frame["key"] if k.startswith("count_")]
    assert all(c.strip().isdigit() for c in counts), counts  # whole numbers, never 2.0
    downloads = {p.name: p for p in (tree / "_build" / "html" / "_downloads").rglob("scenarios.*")}
    assert downloads["scenarios.csv"].read_text(encoding="utf-8") == frame.to_csv(index=False)


def test_differences_are_marked_only_where_they_are(scenario_tree: Built) -> None:
    tree, _ = scenario_tree
    page = (tree / "_build" / "html" / "book" / "scenarios.html").read_text(encoding="utf-8")
    marked = re.findall(r'<tr id="row-([a-z_0-9A-Z]+)">(.*?)</tr>', page)
    differing = {key for key, cells in marked if "scenario-differs" in cells}
    assert "loan_interest_yuan" in differing
    assert "simulated_success_rate" not in differing
    assert not any(key.startswith("verdict_") for key, _ in marked)  # the loan amount changes no verdict


def test_a_rebuild_with_nothing_changed_does_nothing(scenario_tree: Built, tmp_path: Path) -> None:
    import shutil

    tree = tmp_path / "repo"
    shutil.copytree(scenario_tree[0], tree, symlinks=True)
    before = {p: p.stat().st_mtime_ns for p in (tree / "_build" / "html").rglob("*.html")}
    result = run_build(tree, "--scenarios", "test-scenarios")
    assert result.returncode == 2  # the broken file is still refused
    assert {p: p.stat().st_mtime_ns for p in (tree / "_build" / "html").rglob("*.html")} == before


def test_a_plain_build_afterwards_publishes_the_default_book_alone(scenario_tree: Built, tmp_path: Path) -> None:
    import shutil

    tree = tmp_path / "repo"
    shutil.copytree(scenario_tree[0], tree, symlinks=True)
    result = run_build(tree, "--english-only")
    assert result.returncode == 0, result.stderr
    assert not (tree / "_build" / "html" / "scenarios").exists()
    assert "without the scenarios" in visible_text(tree / "_build" / "html" / "book" / "scenarios.html")


def test_the_test_scenarios_are_what_the_fixture_says() -> None:
    assert set(TEST_SCENARIOS) == {"loan-50k.yml", "loan-50k-again.yml", "broken.yml", "injected.yml"}


def test_one_job_per_notebook_however_many_books_share_it(tmp_path: Path) -> None:
    from model.params import load_params
    from tools.build import jobs_to_run
    from tools.notebooks import cache_key, read_notebook, toc_notebooks

    infos = [read_notebook(p) for p in toc_notebooks()]
    params = load_params()
    sets = {
        "": params,
        "same-as-default": params.model_copy(),
        "other-loan": params.model_copy(update={"loan_amount_yuan": 50_000.0}),
    }
    keys = {book: {info.name: cache_key(info, v) for info in infos} for book, v in sets.items()}
    jobs = jobs_to_run(infos, keys, sets, tmp_path)  # an empty cache: everything must run
    assert len(jobs) == len(infos) + 3  # the default's ten, plus chapters 4, 5 and 8 for the other loan
    assert len({job.target for job in jobs}) == len(jobs)
    shared = next(job for job in jobs if job.name == "01_overview")
    assert shared.label == "01_overview (default, same-as-default, other-loan)"


def test_params_and_scenarios_together_are_refused(scenario_tree: Built) -> None:
    tree, _ = scenario_tree  # shared by every test: the file goes beside it, not into it
    params = tree.parent / "p.yml"
    params.write_text("days_per_year: 360\n", encoding="utf-8")
    result = run_build(tree, "--params", str(params), "--scenarios", "test-scenarios")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "python -m tools.build: error: --scenarios builds the default book beside the scenarios, each merged over "
        "data/params.yml; put the parameters of --params in a scenario file instead"
    ]


def test_a_new_refused_file_reaches_the_page(scenario_tree: Built, tmp_path: Path) -> None:
    import shutil

    tree = tmp_path / "repo"
    shutil.copytree(scenario_tree[0], tree, symlinks=True)
    (tree / "test-scenarios" / "late.yaml").write_text("seed: 1\n", encoding="utf-8")
    assert run_build(tree, "--english-only", "--scenarios", "test-scenarios").returncode == 2  # the English page says it
    page = visible_text(tree / "_build" / "html" / "book" / "scenarios.html")
    assert "late.yaml: expected a scenario file ending in .yml, got .yaml" in page


def test_ctrl_c_while_scenario_books_are_built_prints_one_line(scenario_tree: Built, tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group, the Sphinx workers of the scenario books included.

    English books only: the two new scenarios' books are still built in worker processes, one per core, and the
    Chinese books would only lengthen the build that is interrupted and the one that follows.
    """
    import os
    import shutil
    import signal
    import sys
    import time

    tree = tmp_path / "repo"
    shutil.copytree(scenario_tree[0], tree, symlinks=True)
    more = tree / "more"
    more.mkdir()
    for months in (3, 5):  # new scenarios: their books' Sphinx builds run in worker processes (one per core), cold
        (more / f"t{months}.yml").write_text(f"term_months: {months}\n", encoding="utf-8")
    before = (tree / "_build" / "html" / ".build-digest").read_bytes()
    env = os.environ | {"PYTHONPATH": str(tree), "CI": "true"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tools.build", "--english-only", "--scenarios", "more"],
        cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not list((tree / "_build" / "scenarios").glob("*/_build/.sphinx-running")):  # a worker's Sphinx is running
        assert time.monotonic() < deadline, "no scenario book's Sphinx was seen running"
        assert proc.poll() is None, "the build ended before a scenario book's Sphinx was seen running"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip().splitlines() == ["make scenarios: interrupted; the previous _build/html is unchanged"]
    assert (tree / "_build" / "html" / ".build-digest").read_bytes() == before
    again = run_build(tree, "--english-only", "--scenarios", "more")
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in (tree / "_build" / "html" / "scenarios").iterdir()) == ["t3", "t5"]
