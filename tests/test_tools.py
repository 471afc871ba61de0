"""Unit tests of the build's helpers (tools/): cache keys, staging, rendering."""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest

from model.params import load_params
from report.render import chart_html, offline_renderer, table
from tools.build import executed_copy, sync_file
from tools.execute import failing_cell
from tools.notebooks import (
    PROJECT_PACKAGES,
    cache_key,
    imported_project_modules,
    module_closure,
    module_file,
    overrides_for,
    read_notebook,
    toc_notebooks,
)


class TestImports:
    def test_project_modules_only(self) -> None:
        src = "import numpy\nfrom model import rates, tiers\nfrom model.claims import claims_frame\nimport report.render\n"
        assert imported_project_modules(src) == {"model", "model.rates", "model.tiers", "model.claims", "report.render"}

    def test_only_import_statements_are_parsed_yet_nothing_is_missed(self) -> None:
        """The fast scan finds exactly what a walk of the whole syntax tree finds, in every file of the project."""
        import ast

        def full_walk(source: str) -> set[str]:
            found: set[str] = set()
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                else:
                    continue
                found.update(n for n in names if n.split(".")[0] in PROJECT_PACKAGES and module_file(n) is not None)
            return found

        root = Path(__file__).resolve().parents[1]
        sources = [p.read_text(encoding="utf-8") for d in PROJECT_PACKAGES for p in (root / d).rglob("*.py")]
        sources += [
            "\n".join(c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code") for p in toc_notebooks()
        ]
        sources.append("def f():\n    from model import (rates,\n        tiers)\n    import tools.cache as c\n")
        for source in sources:
            assert imported_project_modules(source) == full_walk(source)

    def test_closure_follows_imports(self) -> None:
        closure = module_closure(frozenset({"model.claims"}))
        assert {"model.checks", "model.weights", "model.references", "model.article"} <= set(closure)

    def test_chapter_four_does_not_depend_on_coverage(self) -> None:
        info = read_notebook(next(p for p in toc_notebooks() if p.stem == "04_tiers_rates"))
        assert "model.coverage" not in info.modules
        assert "model.rates" in info.modules


class TestCacheKey:
    def test_key_changes_with_a_parameter_the_notebook_reads(self) -> None:
        info = read_notebook(next(p for p in toc_notebooks() if p.stem == "03_eligibility"))
        params = load_params()
        assert cache_key(info, params) != cache_key(info, params.model_copy(update={"seed": 1}))
        assert cache_key(info, params) == cache_key(info, params.model_copy(update={"loan_amount_yuan": 99_999.0}))

    def test_overrides_are_only_changed_declared_values(self) -> None:
        info = read_notebook(next(p for p in toc_notebooks() if p.stem == "06_risk_factors"))
        values = load_params().model_dump()
        assert overrides_for(info, values) == {}
        assert overrides_for(info, values | {"success_rate": 0.5, "seed": 3}) == {"success_rate": 0.5}


class TestStaging:
    def test_sync_file_keeps_unchanged_files(self, tmp_path: Path) -> None:
        target = tmp_path / "a" / "b.txt"
        assert sync_file(target, b"one")
        mtime = target.stat().st_mtime_ns
        assert not sync_file(target, b"one")
        assert target.stat().st_mtime_ns == mtime
        assert sync_file(target, b"two")
        assert target.read_bytes() == b"two"

    def test_executed_copy_drops_run_metadata(self, tmp_path: Path) -> None:
        nb = nbformat.v4.new_notebook()
        nb.metadata["papermill"] = {"duration": 1.0}
        cell = nbformat.v4.new_code_cell("1")
        cell.metadata["papermill"] = {"start_time": "x"}
        nb.cells = [cell]
        path = tmp_path / "n.ipynb"
        nbformat.write(nb, path)
        staged = json.loads(executed_copy(path))
        assert "papermill" not in staged["metadata"]
        assert "papermill" not in staged["cells"][0]["metadata"]

    def test_failing_cell(self, tmp_path: Path) -> None:
        nb = nbformat.v4.new_notebook()
        ok = nbformat.v4.new_code_cell("1")
        bad = nbformat.v4.new_code_cell("1/0")
        bad.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]
        nb.cells = [nbformat.v4.new_markdown_cell("x"), ok, bad]
        path = tmp_path / "n.ipynb"
        nbformat.write(nb, path)
        assert failing_cell(path) == (3, "ZeroDivisionError: division by zero")

    def test_failing_cell_counts_the_committed_notebook(self, tmp_path: Path) -> None:
        # papermill adds an error banner and an injected-parameters cell; the reader's count ignores both.
        committed = nbformat.v4.new_notebook()
        params = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})
        bad = nbformat.v4.new_code_cell("1/0")
        committed.cells = [params, nbformat.v4.new_markdown_cell("text"), bad]
        source = tmp_path / "committed.ipynb"
        nbformat.write(committed, source)
        executed = nbformat.v4.new_notebook()
        failed = nbformat.v4.new_code_cell("1/0")
        failed["id"] = bad["id"]
        failed.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]
        injected = nbformat.v4.new_code_cell("x = 2", metadata={"tags": ["injected-parameters"]})
        banner = nbformat.v4.new_markdown_cell("An Exception was encountered", metadata={"tags": ["papermill-error-cell-tag"]})
        executed.cells = [banner, params, injected, committed.cells[1], failed]
        path = tmp_path / "executed.ipynb"
        nbformat.write(executed, path)
        assert failing_cell(path, source) == (3, "ZeroDivisionError: division by zero")


class TestRender:
    def spec(self) -> dict[str, object]:
        chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q")
        return chart.properties(title="T", description="A bar chart").to_dict()

    def test_chart_html_is_deterministic_and_local(self) -> None:
        a, b = chart_html(self.spec()), chart_html(self.spec())
        assert a == b
        assert "vegaEmbed" in a
        assert "<script src=" not in a
        assert 'aria-label="A bar chart"' in a

    def test_chart_needs_title_and_description(self) -> None:
        spec = self.spec()
        del spec["description"]
        with pytest.raises(ValueError, match="title and a description"):
            chart_html(spec)

    def test_renderer_bundle(self) -> None:
        bundle = offline_renderer(self.spec())
        assert set(bundle) == {"text/html", "text/plain"}

    def test_table_escapes(self) -> None:
        html = table(pd.DataFrame({"a": ["<b>&"]}), caption="c", table_id="t").markup
        assert "&lt;b&gt;&amp;" in html


def test_bundle_name_agrees() -> None:
    import tools.build
    import tools.vega

    assert tools.build.VEGA_BUNDLE == tools.vega.VEGA_BUNDLE


def test_prune_cache_keeps_the_most_recent(tmp_path: Path) -> None:
    import os

    from tools.build import prune_cache
    from tools.notebooks import NotebookInfo

    for i in range(5):
        f = tmp_path / f"03_eligibility-key{i}.ipynb"
        f.write_text("{}")
        os.utime(f, (1000 + i, 1000 + i))
    (tmp_path / "04_tiers_rates-key0.ipynb").write_text("{}")
    prune_cache(tmp_path, [NotebookInfo(tmp_path / "03_eligibility.ipynb", {}, ())], keep=2)
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == [
        "03_eligibility-key3.ipynb",
        "03_eligibility-key4.ipynb",
        "04_tiers_rates-key0.ipynb",
    ]


def test_the_faster_chinese_search_gives_sphinxs_words_and_stems() -> None:
    """tools.sphinx_search must split and stem every word of the book exactly as Sphinx's own class does."""
    from sphinx.search.zh import SearchChinese

    from tools.sphinx_search import FastSearchChinese, load_dictionary

    root = Path(__file__).resolve().parents[1]
    load_dictionary(str(root / "book" / "search_words.txt"))  # as the book's configuration loads it
    theirs, ours = SearchChinese({}), FastSearchChinese({})
    texts = [(root / "data" / "article.txt").read_text(encoding="utf-8")]
    texts += [c.source for p in toc_notebooks() for c in nbformat.read(p, as_version=4).cells]
    texts.append("APR IRR C41 contradicted misleading ones is as an 550 0.05% 年化利率 Jiebei's")
    words: list[str] = []
    for text in texts:
        split = theirs.split(text)
        assert ours.split(text) == split
        words += split
    assert len(words) > 10_000
    for word in set(words):  # a stem depends on the word alone: each distinct word once (20 s for every occurrence)
        assert ours.stem(word) == theirs.stem(word), word
    assert [ours.split(text) for text in texts[:3]] == [theirs.split(text) for text in texts[:3]]  # remembered splits too


def test_the_search_dictionary_is_loaded_once_so_every_book_splits_alike() -> None:
    """Sphinx loads the dictionary at each build, and each load adds its counts to jieba's total again.

    A book's words then depended on how many books its process had built before it.
    """
    import jieba  # type: ignore[import-untyped]

    from tools.sphinx_search import FastSearchChinese

    options = {"dict": str(Path(__file__).resolve().parents[1] / "book" / "search_words.txt")}
    FastSearchChinese(options)
    total, words = jieba.dt.total, len(jieba.dt.FREQ)
    text = "微信版借呗怎么开通 微粒贷的日利率 0.05% 年化利率 Jiebei"
    first = FastSearchChinese(options).split(text)
    for _ in range(3):  # three more books built in the same process
        FastSearchChinese(options)
    assert (jieba.dt.total, len(jieba.dt.FREQ)) == (total, words)
    assert FastSearchChinese(options).split(text) == first


def test_a_static_file_name_that_is_not_utf8_is_refused_in_one_line(tmp_path: Path) -> None:
    import os

    from model.errors import ModelInputError
    from tools.build import check_inputs, copy_sources

    tree = copy_sources(tmp_path / "repo")
    bad = os.path.join(os.fsencode(tree / "book" / "_static"), b"logo-\xff.png")
    with open(bad, "wb") as handle:
        handle.write(b"x")
    with pytest.raises(ModelInputError) as caught:
        check_inputs(None, root=tree)
    message = str(caught.value)
    assert "book/_static/logo-\\xff.png" in message
    assert "a file name in UTF-8" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: [unclosed\n", r"_config\.yml \(line \d+\): expected well-formed YAML"),
        ("- a list\n", r"_config\.yml: expected a mapping"),
    ],
)
def test_a_broken_book_config_is_refused_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    from model.errors import ModelInputError
    from tools.build import check_inputs, copy_sources

    tree = copy_sources(tmp_path / "repo")
    (tree / "_config.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ModelInputError, match=message) as caught:
        check_inputs(None, root=tree)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("file: book/03_eligibility", "file: book/03_nope"), r"_toc\.yml: expected pages of the book .*, got 'book/03_nope'"),
        (("root: book/01_overview", "root: book/nope"), r"_toc\.yml: expected pages of the book .*, got 'book/nope'"),
        (("root: book/01_overview", "root: [book/01_overview"), r"_toc\.yml \(line \d+\): expected well-formed YAML"),
    ],
)
def test_a_table_of_contents_naming_a_missing_page_is_refused_in_one_line(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    """Sphinx would otherwise fail on the missing page's labels, in its own lines naming the stage's copies."""
    from model.errors import ModelInputError
    from tools.build import check_inputs, copy_sources

    tree = copy_sources(tmp_path / "repo")
    toc = tree / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    with pytest.raises(ModelInputError, match=message) as caught:
        check_inputs(None, root=tree)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("payload", ["<!--<script>", "</script><script>alert(1)</script>", "a < b"])
def test_script_data_holds_no_less_than_sign(payload: str) -> None:
    # the HTML standard ends script data at </script and lets <!-- change how the rest is parsed (a tier named
    # "<!--<script>" once swallowed half of chapter 4)
    spec = {"title": payload, "description": payload, "data": {"values": [{"tier": payload}]}}
    markup = chart_html(spec)
    script = markup.split("<script>", 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in script
    assert json.loads(script.split("var spec = ", 1)[1].split(";\n", 1)[0])["data"]["values"][0]["tier"] == payload


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_a_static_file_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    # a symbolic link in book/_static once published the file it pointed to (/etc/passwd as a style sheet)
    import os

    from model.errors import ModelInputError
    from tools.build import check_inputs, copy_sources

    tree = copy_sources(tmp_path / "repo")
    target = tree / "book" / "_static" / "pw.css"
    if kind == "symlink":
        target.symlink_to("/etc/passwd")
    else:
        os.mkfifo(target)
    with pytest.raises(ModelInputError, match=r"book/_static/pw\.css: expected a regular file or folder") as caught:
        check_inputs(None, root=tree)
    assert "\n" not in str(caught.value)


def test_myst_documents_get_docutils_default_settings_each_their_own() -> None:
    """tools.sphinx_speed builds MyST's default settings once: each document still gets docutils' values, unshared."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    from tools.sphinx_speed import make_document

    first, second = make_document(), make_document("other.md")
    expected = vars(get_default_settings(Parser))
    assert set(vars(first.settings)) == set(expected)
    for name, value in vars(first.settings).items():
        assert type(value) is type(expected[name]), name
        if not hasattr(value, "__dict__"):  # objects (a dependency list) compare by identity; values by value
            assert value == expected[name], name
    assert first.settings is not second.settings
    first.settings.record_dependencies.add("a.md")  # what Sphinx records for one page stays with that page
    assert "a.md" not in second.settings.record_dependencies.list
    assert second["source"] == "other.md"


def test_a_reused_myst_parser_gives_the_document_a_new_one_gives_and_is_never_shared_mid_render() -> None:
    """tools.sphinx_speed hands out one markdown-it parser per configuration: the same documents, no parser used twice at once."""
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer
    from myst_parser.parsers.mdit import create_md_parser

    from tools.sphinx_speed import make_document, reused_md_parser

    config = MdParserConfig(enable_extensions={"colon_fence", "deflist", "substitution"})
    texts = [
        "# 标题\n\n借呗的**日利率**为 0.05%。\n\n:::{note}\n注意\n:::\n",
        "Term\n: its definition, [a link](https://example.org)\n",
    ]

    def parsed(parser: object, text: str) -> str:
        document = make_document()
        parser.options["document"] = document  # type: ignore[attr-defined]
        parser.render(text)  # type: ignore[attr-defined]
        return str(document.pformat())

    parser = reused_md_parser(config, DocutilsRenderer)
    assert reused_md_parser(config, DocutilsRenderer) is parser
    assert reused_md_parser(MdParserConfig(), DocutilsRenderer) is not parser  # another configuration: its own
    for text in [*texts, *texts]:  # one after another on the same parser, as Sphinx's translated paragraphs are
        assert parsed(reused_md_parser(config, DocutilsRenderer), text) == parsed(
            create_md_parser(config, DocutilsRenderer), text
        )

    inner: list[object] = []

    class Nested(DocutilsRenderer):
        def render(self, *args: object, **kwargs: object) -> object:
            inner.append(reused_md_parser(config, Nested))  # a parse started while this one renders
            return super().render(*args, **kwargs)

    outer = reused_md_parser(config, Nested)
    parsed(outer, texts[0])
    assert inner
    assert inner[0] is not outer
    assert reused_md_parser(config, Nested) is outer  # idle again once its render is over


def test_a_template_compiled_for_one_book_serves_the_next_and_only_with_the_same_source_and_settings() -> None:
    """tools.sphinx_speed keeps compiled templates for the process: the same pages, compiled again only when they must be."""
    from jinja2 import DictLoader
    from jinja2.sandbox import SandboxedEnvironment

    from tools.sphinx_speed import ProcessTemplateCode

    cache = ProcessTemplateCode()
    page = "{% for x in items %}<li>{{ x|e }}</li>\n{% endfor %}"
    compiled: list[str] = []

    def environment(source: str, **settings: bool) -> SandboxedEnvironment:
        made = SandboxedEnvironment(loader=DictLoader({"page.html": source}), bytecode_cache=cache, **settings)
        compile_source = made.compile

        def counted(*args: object, **kwargs: object) -> object:
            compiled.append(source)
            return compile_source(*args, **kwargs)  # type: ignore[arg-type]

        made.compile = counted  # type: ignore[method-assign]
        return made

    first = environment(page).get_template("page.html").render(items=["<a>", "b"])
    again = environment(page).get_template("page.html").render(items=["<a>", "b"])
    assert first == again == "<li>&lt;a&gt;</li>\n<li>b</li>\n"
    assert compiled == [page]  # the second book's environment found it compiled
    assert environment(page, trim_blocks=True).get_template("page.html").render(items=["c"]) == "<li>c</li>\n"
    changed = page.replace("<li>", "<p>")
    assert environment(changed).get_template("page.html").render(items=["c"]).startswith("<p>c")
    assert compiled == [page, page, changed]  # other settings, another source: compiled for them


def test_pybtex_finds_the_same_plugins_through_the_entry_points_read_once() -> None:
    """tools.sphinx_speed reads each group's entry points once: every plugin pybtex knows is found as before."""
    from importlib.metadata import entry_points

    import pybtex.plugin

    from tools.sphinx_speed import installed_entry_points

    groups = [*pybtex.plugin._DEFAULT_PLUGINS, *(f"{g}.aliases" for g in pybtex.plugin._DEFAULT_PLUGINS)]
    named = [(g, ep.name) for g in groups for ep in entry_points(group=g)]
    assert len(named) > 20  # the styles, labels, names, backends and parsers pybtex installs
    for group, name in [*named, ("pybtex.style.formatting", "no-such-style")]:
        assert installed_entry_points(group=group, name=name) == tuple(entry_points(group=group, name=name)), (group, name)
        assert installed_entry_points(group=group, name=name) is installed_entry_points(group=group, name=name)


def test_a_bibliography_entry_formatted_once_for_the_process_is_what_pybtex_formats() -> None:
    """tools.sphinx_speed remembers formatted entries: the same text in both styles, formatted again only when it must be."""
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin
    from pybtex.style.formatting import BaseStyle

    import tools.sphinx_i18n  # registers the Chinese edition's plain_zh
    from tools import sphinx_speed
    from tools.notebooks import ROOT

    tools.sphinx_i18n._register_bibliography_styles()
    remembered = sphinx_speed._remembering(getattr(BaseStyle.format_entry, "__wrapped__", BaseStyle.format_entry))
    pybtex_own = remembered.__wrapped__  # type: ignore[attr-defined]
    entries = list(parse_file(str(ROOT / "data" / "references.bib")).entries.values())
    assert len(entries) > 20
    sphinx_speed.FORMATTED_ENTRIES.clear()
    for name in ("plain", "plain_zh"):
        style = find_plugin("pybtex.style.formatting", name)()
        for label, entry in enumerate(entries):
            first = remembered(style, str(label), entry)
            assert first.text.render_as("html") == pybtex_own(style, str(label), entry).text.render_as("html"), entry.key
            assert (first.key, first.label) == (entry.key, str(label))
            assert remembered(style, str(label), entry) is first  # remembered
    assert len(sphinx_speed.FORMATTED_ENTRIES) == 2 * len(entries)  # one per style and entry
    plain = find_plugin("pybtex.style.formatting", "plain")()
    entry = entries[0]
    before = remembered(plain, "0", entry)
    entry.fields["title"] = "Another title"
    after = remembered(plain, "0", entry)
    assert after is not before  # a changed field: formatted anew
    assert "Another title" in after.text.render_as("text")
    assert remembered(plain, "1", entry).label == "1"  # another label: formatted anew


def test_the_toc_collector_is_disabled_only_for_the_book_being_set_up() -> None:
    """tools.sphinx_speed disables the table-of-contents collectors of the book being set up, not those of earlier books."""
    from types import SimpleNamespace

    from sphinx.environment.collectors.toctree import TocTreeCollector

    from tools.sphinx_speed import disable_builtin_toctree_collector

    disconnected: list[int] = []
    ours, earlier = TocTreeCollector(), TocTreeCollector()
    ours.listener_ids = {"doctree-read": 7, "env-merge-info": 8}
    earlier.listener_ids = {"doctree-read": 7, "env-merge-info": 8}  # the same ids, in another book's Sphinx
    listeners = {
        "doctree-read": [SimpleNamespace(id=7, handler=ours.process_doc), SimpleNamespace(id=3, handler=print)],
        "env-merge-info": [SimpleNamespace(id=8, handler=ours.merge_other)],
    }
    app = SimpleNamespace(events=SimpleNamespace(listeners=listeners), disconnect=disconnected.append)
    disable_builtin_toctree_collector(app)
    assert ours.listener_ids is None
    assert sorted(disconnected) == [7, 8]
    assert earlier.listener_ids == {"doctree-read": 7, "env-merge-info": 8}  # left alone
    disable_builtin_toctree_collector(app)  # already disabled: nothing more
    assert sorted(disconnected) == [7, 8]

    from tools import sphinx_speed

    sphinx_speed.setup(SimpleNamespace(connect=lambda *args, **kwargs: None))
    from sphinx_external_toc.collectors import disable_builtin_toctree_collector as called_by_its_setup

    assert called_by_its_setup is disable_builtin_toctree_collector  # the name its setup imports when a book is set up


def test_settling_the_heap_freezes_what_survives_and_frees_what_dies_after_a_full_pass() -> None:
    """tools.build.sphinx.settle_heap: survivors frozen, a book's garbage collected, frozen objects that died freed in time."""
    import gc
    import weakref

    from tools.build import sphinx as build_sphinx

    class Node:
        def __init__(self) -> None:
            self.self = self  # a cycle: only the collector frees it

    try:
        build_sphinx.settle_heap()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        garbage = Node()
        gone = weakref.ref(garbage)
        del garbage
        build_sphinx.settle_heap()
        assert gone() is None  # made after the freeze: collected
        kept = Node()
        later = weakref.ref(kept)
        build_sphinx.settle_heap()  # frozen while alive
        del kept
        build_sphinx.settle_heap()
        assert later() is not None  # frozen: not freed by a pass over the unfrozen objects
        hoard = [Node() for _ in range(frozen)]  # the frozen objects grow by more than a quarter
        build_sphinx.settle_heap()
        del hoard
        build_sphinx.settle_heap()
        assert later() is None  # the full pass over all of them freed it
    finally:
        gc.unfreeze()


@pytest.mark.book
def test_the_book_themes_navigation_is_spared_the_emptiness_check_and_never_empty(built_tree: Path) -> None:
    """tools.sphinx_speed renders the Book theme's navigation once, not twice: it must never come out empty."""
    from tools.sphinx_speed import NEVER_EMPTY, _sparing

    seen: dict[str, object] = {}

    def check(*args: object, templates_skip_empty_check: list[str] | None = None, **kwargs: object) -> list[str]:
        seen["skip"] = templates_skip_empty_check
        return ["kept.html"]

    assert _sparing(check)("app", {}, ["a.html"], "sidebars", templates_skip_empty_check=["navbar-nav.html"]) == ["kept.html"]
    assert seen["skip"] == ["navbar-nav.html", *NEVER_EMPTY]
    for edition in ("", "zh"):
        for page in sorted((built_tree / "_build" / "html" / edition / "book").glob("*.html")):
            markup = page.read_text(encoding="utf-8")
            sidebar = markup[markup.find('id="pst-primary-sidebar"') :]
            navigation = sidebar[sidebar.find('<nav class="bd-links bd-docs-nav"') :]
            navigation = navigation[: navigation.find("</nav>")]
            assert navigation.count('class="reference internal"') >= 10, page  # every chapter listed


@pytest.mark.parametrize("changed", ["model/glossary.py", "report/names.py", "report/render.py", "tools/i18n/edition.py"])
def test_the_editions_translation_is_redone_when_code_it_imports_changes(tmp_path: Path, changed: str) -> None:
    """The Chinese edition is reused while its translation key holds; the key covers every module translate imports.

    It listed tools/i18n/ and report/render.py by hand and missed model/glossary.py, whose names it translates.
    """
    from tools.build import copy_sources
    from tools.i18n import translation_key

    tree = copy_sources(tmp_path / "repo")
    before = translation_key(tree)
    assert translation_key(tree) == before
    path = tree / changed
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert translation_key(tree) != before


def test_compare_pages_sees_what_a_reader_sees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two books whose chapters differ only in a code cell's source compare the same; a changed word does not."""
    from tools.compare_pages import main

    code = '<div class="highlight-ipython3 notranslate"><div class="highlight"><pre>{}</pre></div>\n</div>'
    for name, source, words in (
        ("old", "x = 1 + 1", "A verdict."),
        ("same", "x = add(1, 1)", "A verdict."),
        ("new", "x = 2", "Another."),
    ):
        for edition in ("book", "zh/book"):
            (tmp_path / name / edition).mkdir(parents=True)
            (tmp_path / name / edition / "01.html").write_text(f"<p>{words}</p>" + code.format(source), encoding="utf-8")
    assert main([str(tmp_path / "old"), str(tmp_path / "same")]) == 0
    assert main([str(tmp_path / "old"), str(tmp_path / "new")]) == 1
    assert "DIFF book/01.html" in capsys.readouterr().out
    assert main([str(tmp_path / "old"), str(tmp_path / "nowhere")]) == 2


def test_each_book_config_is_set_on_data_not_on_lines(tmp_path: Path) -> None:
    """A reformatted _config.yml gives every book the same settings (replacing lines of text once failed on it)."""
    import yaml

    from tools.book_config import book_config, chinese_config, read_config, sphinx_settings, write_config

    original = (Path(__file__).resolve().parents[1] / "_config.yml").read_text(encoding="utf-8")
    reformatted = yaml.safe_dump(yaml.safe_load(original), default_flow_style=True, width=80)  # no "    edition: en\n" line left
    assert "    edition: en\n" not in reformatted
    config = read_config(reformatted)
    scenario = book_config(config, announcement="Scenario «x»", edition_roots={"en": "../a/", "zh": "../b/"})
    assert scenario["html"]["announcement"] == "Scenario «x»"
    assert sphinx_settings(scenario)["book_tags"] == ["scenario"]
    assert sphinx_settings(book_config(config, linked_edition=False))["edition"] == "none"
    chinese = chinese_config(
        read_config(write_config(scenario)),
        str.upper,
        language="zh_CN",
        locale_dir=Path("book/locales"),
        edition="zh",
        prompts=("a", "b"),
    )
    settings = sphinx_settings(chinese)
    assert (settings["language"], settings["edition"], settings["bibtex_default_style"]) == ("zh_CN", "zh", "plain_zh")
    assert chinese["html"]["announcement"] == "SCENARIO «X»"
    assert sphinx_settings(config)["edition"] == "en"  # the repository's mapping is left as it was


@pytest.mark.parametrize("text", ["- a list\n", "title: T\nhtml: {}\nsphinx: {config: {language: en}}\n"])
def test_a_config_without_the_settings_books_override_is_refused_in_one_line(text: str) -> None:
    from tools.book_config import ConfigError, read_config

    with pytest.raises(ConfigError, match=r"^_config\.yml: expected") as caught:
        read_config(text)
    assert "\n" not in str(caught.value)


def test_no_module_of_the_build_outgrows_a_reading() -> None:
    """Each module under tools/ stays within 400 lines: one concern a newcomer reads at a sitting (build.py had 1,022)."""
    tools = Path(__file__).resolve().parents[1] / "tools"
    long = {
        str(p.relative_to(tools)): n for p in tools.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long, long


@pytest.mark.parametrize(("package", "forbidden"), [("model", ("report", "tools")), ("report", ("tools",))])
def test_imports_run_down_the_layers_only(package: str, forbidden: tuple[str, ...]) -> None:
    """model is domain only and imports neither report nor tools; report imports no build code (the house's layering)."""
    import ast

    root = Path(__file__).resolve().parents[1]
    upward = []
    for path in sorted((root / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            upward += [f"{path.relative_to(root)}: {n}" for n in names if n.split(".")[0] in forbidden]
    assert upward == []
