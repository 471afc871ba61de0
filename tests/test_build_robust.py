"""The build keeps its promises under bad input, damage, concurrency and interruption. Real builds throughout."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from tests.conftest import built_copy_once, insert_code_cell, run_build
from tools.build.common import DIGEST_FILE

pytestmark = pytest.mark.book


def build_env(tree: Path) -> dict[str, str]:
    return os.environ | {"PYTHONPATH": str(tree), "CI": "true"}


def start_build(tree: Path, *args: str, output: bool = True) -> subprocess.Popen[str]:
    pipe = subprocess.PIPE if output else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "tools.build", *args],
        cwd=tree,
        env=build_env(tree),
        stdout=pipe,
        stderr=pipe,
        text=True,
        start_new_session=True,
    )


def book_is_complete(tree: Path) -> bool:
    html = tree / "_build" / "html"
    pages = [html / "book" / f"{nb.stem}.html" for nb in (tree / "book").glob("*.ipynb")]
    complete = all(p.is_file() and p.read_bytes().rstrip().endswith(b"</html>") for p in pages)
    return complete and (html / "index.html").is_file() and (html / ".build-digest").is_file()


def current_entry(tree: Path, name: str) -> Path:
    return max((tree / "_build" / "cache").glob(f"{name}-*.ipynb"), key=lambda p: p.stat().st_mtime)


#: How each damaged notebook of :func:`damaged_tree` is damaged: four chapters, four kinds of damage, one build.
NOTEBOOK_DAMAGE = {
    "03_eligibility": "truncate",
    "04_tiers_rates": "empty",
    "05_competitors": "garbage",
    "06_risk_factors": "edit",
}


def damage_entry(entry: Path, damage: str) -> None:
    if damage == "truncate":
        entry.write_bytes(entry.read_bytes()[:200])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "garbage":
        entry.write_bytes(os.urandom(500))
    else:  # a valid notebook whose content was changed after it was cached
        nb = nbformat.read(entry, as_version=4)
        nb.cells[1].source = "# Edited by hand"
        nbformat.write(nb, entry)


@pytest.fixture(scope="session")
def damaged_tree(
    built_tree: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, bytes], subprocess.CompletedProcess[str]]:
    """A built copy whose cache and style sheet were damaged or changed in every way below, then built once (English).

    Four cached notebooks each damaged in one way (:data:`NOTEBOOK_DAMAGE`), the cached claims.csv corrupted, the
    cached vega bundle truncated and the style sheet changed: each is a case of its own, and none depends on another
    (each is checked on its own path). Yields the tree, the good bytes of what was damaged, and the build's result.
    """

    def damage(tree: Path, folder: Path) -> None:
        for name, how in NOTEBOOK_DAMAGE.items():
            damage_entry(current_entry(tree, name), how)
        html = tree / "_build" / "html"
        (folder / "claims.csv").write_bytes(next((html / "_downloads").rglob("claims.csv")).read_bytes())
        for cached in (tree / "_build" / "cache").glob("*-claims.csv"):
            cached.write_text("id,verdict\nC01,supported\n", encoding="utf-8")
        bundle = next((tree / "_build" / "cache").glob("vega-bundle-*.js"))
        (folder / "vega-bundle.js").write_bytes(bundle.read_bytes())
        bundle.write_bytes(bundle.read_bytes()[:1000])
        css = tree / "book" / "_static" / "book.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n/* changed on purpose */\n", encoding="utf-8")

    tree, result = built_copy_once(tmp_path_factory, "damaged", built_tree, damage, "--english-only")
    assert result.returncode == 0, result.stderr
    good = {name: (tree.parent / name).read_bytes() for name in ("claims.csv", "vega-bundle.js")}
    return tree, good, result


Damaged = tuple[Path, dict[str, bytes], subprocess.CompletedProcess[str]]


class TestPublishedChanges:
    def test_a_changed_style_sheet_is_published(self, damaged_tree: Damaged) -> None:
        tree = damaged_tree[0]
        assert "changed on purpose" in (tree / "_build" / "html" / "_static" / "book.css").read_text(encoding="utf-8")


class TestDamagedCache:
    @pytest.mark.parametrize("name", sorted(NOTEBOOK_DAMAGE))
    def test_a_damaged_notebook_is_discarded_and_run_again(self, damaged_tree: Damaged, name: str) -> None:
        tree, _, result = damaged_tree
        lines = [line for line in result.stderr.splitlines() if line.startswith("cache: discarded") and name in line]
        assert len(lines) == 1, (NOTEBOOK_DAMAGE[name], result.stderr)
        page = (tree / "_build" / "html" / "book" / f"{name}.html").read_text(encoding="utf-8")
        assert "Edited by hand" not in page

    def test_a_corrupted_download_is_made_again(self, damaged_tree: Damaged) -> None:
        tree, good, result = damaged_tree
        assert [line for line in result.stderr.splitlines() if line.startswith("cache: discarded") and "claims.csv" in line]
        assert next((tree / "_build" / "html" / "_downloads").rglob("claims.csv")).read_bytes() == good["claims.csv"]

    def test_a_truncated_vega_bundle_is_made_again(self, damaged_tree: Damaged) -> None:
        tree, good, _ = damaged_tree
        assert (tree / "_build" / "html" / "_static" / "vega-bundle.js").read_bytes() == good["vega-bundle.js"]

    def test_each_damage_is_reported_once_and_nothing_else(self, damaged_tree: Damaged) -> None:
        lines = [line for line in damaged_tree[2].stderr.splitlines() if line.startswith("cache: discarded")]
        assert len(lines) == len(NOTEBOOK_DAMAGE) + 2, lines  # the notebooks, claims.csv, the vega bundle


class TestOneBuildAtATime:
    def test_a_second_build_is_refused_naming_the_first(self, warm_tree: Path) -> None:
        (warm_tree / "my.yml").write_text("seed: 13\n", encoding="utf-8")
        first = start_build(warm_tree, "--english-only", "--params", "my.yml")
        lock = warm_tree / "_build" / ".build.lock"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (lock.exists() and lock.read_text(encoding="utf-8")):
            time.sleep(0.05)
        second = run_build(warm_tree)
        _, err = first.communicate(timeout=600)
        assert first.returncode == 0, err
        assert second.returncode == 1
        assert second.stderr.strip().count("\n") == 0
        assert f"pid {first.pid}" in second.stderr
        assert book_is_complete(warm_tree)

    def test_a_lock_left_by_a_killed_build_is_taken_over(self, warm_tree: Path) -> None:
        (warm_tree / "_build" / ".build.lock").write_text("pid 999999, started long ago", encoding="utf-8")
        assert run_build(warm_tree, "--english-only").returncode == 0


class TestInterruptions:
    def test_sigkill_at_random_moments_always_leaves_a_complete_book(self, warm_tree: Path) -> None:
        """Five kills at random moments of a build, from its start to its end as timed on this machine."""
        rng = random.Random(20231)
        (warm_tree / "my.yml").write_text("seed: 99\nloan_amount_yuan: 19999\n", encoding="utf-8")
        start = time.monotonic()
        assert run_build(warm_tree, "--english-only", "--params", "my.yml").returncode == 0
        span = time.monotonic() - start  # the same kind of build as each one killed below: what it re-executes
        for attempt in range(5):
            (warm_tree / "my.yml").write_text(f"seed: {100 + attempt}\nloan_amount_yuan: {20000 + attempt}\n", encoding="utf-8")
            proc = start_build(warm_tree, "--english-only", "--params", "my.yml", output=False)
            time.sleep(rng.uniform(0.02, 1.0) * span)
            os.killpg(proc.pid, signal.SIGKILL)  # the build and its kernels, at once
            proc.wait()
            assert book_is_complete(warm_tree), f"attempt {attempt}: no complete _build/html"
        result = run_build(warm_tree, "--english-only")
        assert result.returncode == 0, result.stderr
        assert book_is_complete(warm_tree)
        leftovers = [p.name for p in (warm_tree / "_build").iterdir() if p.name.startswith("html.")]
        assert leftovers == []
        assert not [p for p in (warm_tree / "_build" / "cache").iterdir() if p.is_dir()]

    def test_ctrl_c_stops_within_seconds_with_one_line(self, warm_tree: Path) -> None:
        (warm_tree / "my.yml").write_text("seed: 21\n", encoding="utf-8")
        before = (warm_tree / "_build" / "html" / ".build-digest").read_text(encoding="utf-8")
        proc = start_build(warm_tree, "--params", "my.yml")
        time.sleep(3)
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert time.monotonic() - sent < 5
        assert proc.returncode == 130
        assert err.strip().splitlines() == ["make book: interrupted; the previous _build/html is unchanged"]
        assert (warm_tree / "_build" / "html" / ".build-digest").read_text(encoding="utf-8") == before

    def test_leftovers_of_an_interrupted_build_are_removed(self, warm_tree: Path) -> None:
        out = warm_tree / "_build"
        (out / "html.new" / "book").mkdir(parents=True)
        (out / "html.old").mkdir()
        (out / "cache" / "03_eligibility-abc123").mkdir()
        (out / "stage" / "_build" / ".sphinx-running").write_text("1", encoding="ascii")
        result = run_build(warm_tree, "--english-only")
        assert result.returncode == 0, result.stderr
        assert not (out / "html.new").exists()
        assert not (out / "html.old").exists()
        assert not (out / "cache" / "03_eligibility-abc123").exists()
        assert book_is_complete(warm_tree)


class TestReports:
    def test_failing_cell_is_counted_as_in_the_committed_notebook(self, warm_tree: Path) -> None:
        insert_code_cell(warm_tree / "book" / "05_competitors.ipynb", 5, "raise RuntimeError('broken on purpose')")
        (warm_tree / "my.yml").write_text("loan_amount_yuan: 25000\n", encoding="utf-8")  # papermill injects a cell
        result = run_build(warm_tree, "--english-only", "--params", "my.yml")
        assert result.returncode == 1
        assert "05_competitors.ipynb failed at cell 6: RuntimeError: broken on purpose" in result.stderr

    def test_a_dead_kernel_is_named_with_its_cell(self, warm_tree: Path) -> None:
        chapter = warm_tree / "book" / "06_risk_factors.ipynb"
        committed = chapter.read_bytes()
        insert_code_cell(chapter, 3, "import os\nos._exit(1)")
        result = run_build(warm_tree, "--english-only")
        assert result.returncode == 1
        assert "06_risk_factors.ipynb failed at cell 4: the kernel died" in result.stderr
        assert "before any cell ran" not in result.stderr
        assert (warm_tree / "_build" / "failed" / "06_risk_factors.ipynb").exists()
        chapter.write_bytes(committed)  # repaired: the next build succeeds and the partial copy goes
        assert run_build(warm_tree, "--english-only").returncode == 0
        assert not (warm_tree / "_build" / "failed").exists()

    def test_update_committed_with_params_is_refused_before_building(self, warm_tree: Path) -> None:
        (warm_tree / "my.yml").write_text("seed: 5\n", encoding="utf-8")
        before = (warm_tree / "_build" / "html" / ".build-digest").read_text(encoding="utf-8")
        result = run_build(warm_tree, "--update-committed", "--params", "my.yml")
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert (warm_tree / "_build" / "html" / ".build-digest").read_text(encoding="utf-8") == before


class TestMake:
    def make_book(self, tree: Path, params: str) -> subprocess.CompletedProcess[str]:
        shutil.copy(Path(__file__).resolve().parents[1] / "Makefile", tree / "Makefile")
        stamp = tree / "installed.stamp"
        stamp.touch()
        return subprocess.run(
            ["make", "-s", "book", f"PY={sys.executable}", f"STAMP={stamp}", f"PARAMS={params}"],
            cwd=tree,
            env=build_env(tree),
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )

    def test_params_with_a_space_and_no_injection(self, warm_tree: Path) -> None:
        folder = warm_tree / "my params"
        folder.mkdir()
        (folder / "p.yml").write_text("seed: 2023\n", encoding="utf-8")  # the default: found and read, nothing to run
        assert self.make_book(warm_tree, "my params/p.yml").returncode == 0
        injected = self.make_book(warm_tree, "x.yml; touch INJECTED")
        assert injected.returncode != 0
        assert not (warm_tree / "INJECTED").exists()
        assert "make book: build exit status 2" in injected.stderr


class TestMoreDamage:
    def test_make_pdf_never_prints_a_stage_that_was_not_published(self, warm_tree: Path) -> None:
        # An interrupted or failed build leaves its Sphinx output in the stage; the PDF must be of the published book.
        marker = warm_tree / "_build" / "stage" / "_build" / ".published-digest"
        assert marker.read_text(encoding="utf-8").strip() == (warm_tree / "_build" / "html" / ".build-digest").read_text().strip()
        marker.write_text("an interrupted build's\n", encoding="utf-8")
        env = os.environ | {"PYTHONPATH": str(warm_tree)}
        pdf = subprocess.run(
            [sys.executable, "-m", "tools.pdf"], cwd=warm_tree, env=env, capture_output=True, text=True, check=False
        )
        assert pdf.returncode == 1
        assert pdf.stderr.strip().splitlines() == [
            "make pdf: error: the staged book is not the published one; run `make book` first"
        ]
        assert run_build(warm_tree, "--english-only").returncode == 0  # the next build brings stage and book together
        assert marker.read_text(encoding="utf-8").strip() == (warm_tree / "_build" / "html" / ".build-digest").read_text().strip()

    def test_a_file_where_the_cache_folder_belongs_is_one_line(self, warm_tree: Path) -> None:
        cache_dir = warm_tree / "_build" / "cache"
        shutil.rmtree(cache_dir)
        cache_dir.write_text("x", encoding="utf-8")
        before = (warm_tree / "_build" / "html" / ".build-digest").read_bytes()
        result = run_build(warm_tree)
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            f"make book: error: NotADirectoryError: Not a directory ({cache_dir})",
            "make book: the previous _build/html is unchanged",
        ]
        assert (warm_tree / "_build" / "html" / ".build-digest").read_bytes() == before

    def test_a_damaged_published_book_is_published_again(self, warm_tree: Path) -> None:
        html = warm_tree / "_build" / "html"
        (html / "book" / "03_eligibility.html").unlink()
        (html / "index.html").write_text("", encoding="utf-8")
        result = run_build(warm_tree)  # both editions: the digest of what was published is of both
        assert result.returncode == 0, result.stderr
        assert "the published book had been changed or damaged" in result.stderr
        assert book_is_complete(warm_tree)
        assert (html / "index.html").stat().st_size > 0

    def test_edited_sphinx_output_is_not_published(self, warm_tree: Path) -> None:
        page = warm_tree / "_build" / "stage" / "_build" / "html" / "book" / "03_eligibility.html"
        page.write_text(page.read_text(encoding="utf-8") + "<!-- TAMPERED -->", encoding="utf-8")
        (warm_tree / "my.yml").write_text("loan_amount_yuan: 30000\n", encoding="utf-8")
        result = run_build(warm_tree, "--english-only", "--params", "my.yml")
        assert result.returncode == 0, result.stderr
        assert "TAMPERED" not in (warm_tree / "_build" / "html" / "book" / "03_eligibility.html").read_text(encoding="utf-8")

    def test_a_cell_meant_to_fail_is_not_blamed(self, warm_tree: Path) -> None:
        path = warm_tree / "book" / "05_competitors.ipynb"
        insert_code_cell(path, 5, "raise KeyError('expected')", tags=("raises-exception",))
        insert_code_cell(path, 7, "raise ValueError('the real failure')")
        result = run_build(warm_tree)
        assert "failed at cell 8: ValueError: the real failure" in result.stderr

    def test_bad_data_is_refused_before_any_notebook_runs(self, warm_tree: Path) -> None:
        claims = warm_tree / "data" / "claims.yaml"
        claims.write_text(claims.read_text(encoding="utf-8").replace("- id: C01\n", "- &first\n  id: C01\n", 1), encoding="utf-8")
        result = run_build(warm_tree)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert "claims.yaml" in result.stderr
        assert not (warm_tree / "_build" / "failed").exists()

    def test_a_broken_table_of_contents_is_one_line(self, warm_tree: Path) -> None:
        (warm_tree / "_toc.yml").write_text("chapters: 5\n", encoding="utf-8")
        result = run_build(warm_tree)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_changed_translation_that_sphinx_reads_reaches_every_chinese_page(
    tmp_path_factory: pytest.TempPathFactory, built_tree: Path
) -> None:
    """The outputs catalogue is read by Sphinx too (the bibliography's 网址：, the theme's texts): a change there is published.

    Found by an adversarial review: after 网址： was retranslated, chapter 8 kept the old label in an incremental build.

    Only the translated outputs used to be staged again, so a page whose outputs did not change kept the old label.
    The copy is built once where it lies first (Sphinx reads a moved book afresh), then retranslated and built again.
    """

    def retranslate(tree: Path, folder: Path) -> None:
        (tree / "_build" / "html" / DIGEST_FILE).unlink()  # Sphinx runs here once, so the next build is incremental
        assert run_build(tree).returncode == 0
        po = tree / "book" / "locales" / "zh_CN" / "LC_MESSAGES" / "outputs.po"
        text = po.read_text(encoding="utf-8")
        entry = 'msgid "URL:"\nmsgstr "网址："'
        assert entry in text
        po.write_text(text.replace(entry, 'msgid "URL:"\nmsgstr "链接："'), encoding="utf-8")

    tree, result = built_copy_once(tmp_path_factory, "retranslated", built_tree, retranslate)
    assert result.returncode == 0, result.stderr
    for name in ("07_conclusions", "08_borrowers"):
        page = (tree / "_build" / "html" / "zh" / "book" / f"{name}.html").read_text(encoding="utf-8")
        assert "网址：" not in page, name
        assert "链接：" in page, name


def test_a_process_that_builds_again_after_a_data_file_changed_reads_it_again(tmp_path: Path, built_tree: Path) -> None:
    """Two builds in one process, a source's publisher renamed between them: the second build's pages name it anew.

    Found by an adversarial review: the model read ``data/`` once per process, so the scenarios page of the second
    build (and the cache entry kept under its new inputs) still named the old publisher.
    """
    tree = tmp_path / "repo"
    shutil.copytree(built_tree, tree, symlinks=True)
    script = (
        "from pathlib import Path\n"
        "from tools.build.pipeline import build\n"
        "root = Path.cwd()\n"
        "build(None, root=root, quiet=True, chinese=False)\n"
        "bib = root / 'data' / 'references.bib'\n"
        "bib.write_text(bib.read_text(encoding='utf-8').replace('{{Yicai Global}}', '{{Yicai Renamed}}'), encoding='utf-8')\n"
        "build(None, root=root, quiet=True, chinese=False)\n"
    )
    env = os.environ | {"PYTHONPATH": str(tree), "CI": "true"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tree, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    page = (tree / "_build" / "html" / "book" / "scenarios.html").read_text(encoding="utf-8")
    assert "Yicai Global" not in page
    assert "Yicai Renamed" in page
