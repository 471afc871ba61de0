"""tools.sphinx_memo: what one build's Sphinx processes worked out, read by the next build's.

That a book built with the record is the book built without it, byte for byte, is
``tests/test_build_scenarios.py::test_a_scenario_book_seeded_from_the_default_reading_is_the_book_built_afresh``
(its scenario books are built with the record the default book's build kept; the books it
compares them with are built by a process that never read one).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import DictLoader
from jinja2.sandbox import SandboxedEnvironment

from tools import sphinx_memo, sphinx_search, sphinx_speed
from tools.digest import of_bytes

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The memo's globals as a new process has them (this process's own are put back afterwards)."""
    monkeypatch.setattr(sphinx_search, "LOADED_DICTIONARIES", ["words-a"])
    monkeypatch.setattr(sphinx_search, "SPLITS", {})
    monkeypatch.setattr(sphinx_search, "USED_SPLITS", set())
    monkeypatch.setattr(sphinx_search, "KEPT_SPLITS", {})
    monkeypatch.setattr(sphinx_speed, "TEMPLATE_CODE", sphinx_speed.ProcessTemplateCode())


def _page(compiled: list[str]) -> str:
    """Render a template through the process's template code, noting each compilation in ``compiled``."""
    source = "{% for x in items %}<li>{{ x|e }}</li>{% endfor %}"
    environment = SandboxedEnvironment(loader=DictLoader({"page.html": source}), bytecode_cache=sphinx_speed.TEMPLATE_CODE)
    compile_source = environment.compile

    def counted(*args: object, **kwargs: object) -> object:
        compiled.append(source)
        return compile_source(*args, **kwargs)  # type: ignore[arg-type]

    environment.compile = counted  # type: ignore[method-assign]
    return environment.get_template("page.html").render(items=["<a>", "b"])


def _write_record(out: Path, record: object) -> Path:
    """A well-formed record file holding ``record`` (its SHA-256 right), as :func:`sphinx_memo.keep` writes one."""
    payload = pickle.dumps(record)
    path = out / sphinx_memo.MEMO_FILE
    path.write_bytes(sphinx_memo.HEADER + of_bytes(payload).encode() + b"\n" + payload)
    return path


def _new_process(monkeypatch: pytest.MonkeyPatch, loaded: list[str]) -> None:
    monkeypatch.setattr(sphinx_search, "LOADED_DICTIONARIES", loaded)
    monkeypatch.setattr(sphinx_search, "SPLITS", {})
    monkeypatch.setattr(sphinx_search, "KEPT_SPLITS", {})
    monkeypatch.setattr(sphinx_speed, "TEMPLATE_CODE", sphinx_speed.ProcessTemplateCode())


@pytest.mark.usefixtures("fresh_process")
def test_what_a_build_used_serves_the_next_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    page = _page(compiled)
    sphinx_search.SPLITS["借呗 C41"] = (["借呗"], ["C41"])
    sphinx_search.SPLITS["never used"] = (["x"], [])
    sphinx_search.USED_SPLITS.add("借呗 C41")
    sphinx_memo.keep(tmp_path, sphinx_memo.harvest())
    assert compiled == [compiled[0]]

    _new_process(monkeypatch, ["words-a"])
    assert sphinx_memo.restore(tmp_path) is None
    assert _page(compiled) == page
    assert len(compiled) == 1  # the next process's book found the template compiled
    assert sphinx_search.SPLITS == {"借呗 C41": (["借呗"], ["C41"])}  # what was used, not all that was split
    assert sphinx_search.KEPT_SPLITS == {("words-a",): {"借呗 C41": (["借呗"], ["C41"])}}

    sphinx_memo.keep(tmp_path, sphinx_memo.harvest())  # a build that found the template kept keeps it again
    _new_process(monkeypatch, ["words-a"])
    assert sphinx_memo.restore(tmp_path) is None
    assert _page(compiled) == page
    assert len(compiled) == 1


@pytest.mark.usefixtures("fresh_process")
def test_splits_are_used_only_under_the_dictionaries_that_made_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sphinx_search.SPLITS["借呗"] = (["借呗"], [])
    sphinx_search.USED_SPLITS.add("借呗")
    sphinx_memo.keep(tmp_path, sphinx_memo.harvest())
    for loaded in (["words-b"], ["words-a", "words-b"], []):
        _new_process(monkeypatch, loaded)
        assert sphinx_memo.restore(tmp_path) is None
        assert sphinx_search.SPLITS == {}, loaded


def test_a_process_loading_the_books_words_splits_as_the_kept_record_says() -> None:
    """In a process of its own (loading a dictionary into jieba changes how this process splits text).

    The kept split is made up, to show which one the process uses: the record's only where jieba
    loaded the same dictionary the record names, jieba's own under any other.
    """
    code = f"""
import sys, tempfile
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r})
from tools import sphinx_memo, sphinx_search
from tools.digest import of_file
words = Path({str(ROOT / "book" / "search_words.txt")!r})
text = "微信版借呗怎么开通"
made_up = (["made", "up"], [])
out = Path(tempfile.mkdtemp())
kept = sphinx_memo.Harvest({{(of_file(words),): {{text: made_up}}, ("other words",): {{"微粒贷": made_up}}}})
sphinx_memo.keep(out, kept)
assert sphinx_memo.restore(out) is None
search = sphinx_search.FastSearchChinese({{"dict": str(words)}})
assert search.split(text) == ["made", "up"], search.split(text)
assert search.split("微粒贷") != ["made", "up"]
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, env=os.environ)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


class _Exits:
    """A pickle that, when read, asks the process to exit (what a crafted record could do)."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return (sys.exit, (3,))


@pytest.mark.usefixtures("fresh_process")
def test_a_damaged_record_is_named_in_one_line_and_left_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sphinx_search.SPLITS["征信"] = (["征信"], [])
    sphinx_search.USED_SPLITS.add("征信")
    sphinx_memo.keep(tmp_path, sphinx_memo.harvest())
    record = tmp_path / sphinx_memo.MEMO_FILE
    good = record.read_bytes()
    flipped = good.replace("征信".encode(), "征俠".encode())  # one damaged character, the pickle still readable
    assert flipped != good
    damaged = [b"", b"\x80\x05garbage", pickle.dumps({"not": "a record"}), good[:-5], good + b"\0" * 100, flipped]
    for content in damaged:
        record.write_bytes(content)
        _new_process(monkeypatch, ["words-a"])
        line = sphinx_memo.restore(tmp_path)
        assert line is not None
        assert "\n" not in line
        assert str(record) in line
        assert "could not be read" in line
        assert sphinx_search.KEPT_SPLITS == {}
        assert sphinx_search.SPLITS == {}
    for record_holds in (_Exits(), {"not": "a record"}):  # well formed, SHA-256 right, but not a record
        _write_record(tmp_path, record_holds)
        line = sphinx_memo.restore(tmp_path)
        assert line is not None
        assert "could not be read" in line
    monkeypatch.setattr(sphinx_memo, "MOST_BYTES", 100)
    record.write_bytes(good)
    line = sphinx_memo.restore(tmp_path)
    assert line is not None
    assert "larger than" in line


@pytest.mark.usefixtures("fresh_process")
def test_a_record_other_code_wrote_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another Python, Sphinx, Jinja or jieba, or another version of the modules that split and compile."""
    other = sphinx_memo.MemoRecord(("1", "0000", "2.7", "0", "0"), sphinx_memo.Harvest({("words-a",): {"x": (["x"], [])}}))
    _write_record(tmp_path, other)
    assert sphinx_memo.restore(tmp_path) is None
    assert sphinx_search.KEPT_SPLITS == {}
    assert sphinx_search.SPLITS == {}
    sphinx_search.SPLITS["x"] = (["x"], [])
    sphinx_search.USED_SPLITS.add("x")
    sphinx_memo.keep(tmp_path, sphinx_memo.harvest())
    splitter = Path(sphinx_search.__file__)
    real_digest = sphinx_memo.of_file
    monkeypatch.setattr(sphinx_memo, "of_file", lambda p: "edited" if p == splitter else real_digest(p))  # its code changed
    _new_process(monkeypatch, ["words-a"])
    assert sphinx_memo.restore(tmp_path) is None
    assert sphinx_search.SPLITS == {}


@pytest.mark.usefixtures("fresh_process")
def test_the_record_keeps_what_earlier_builds_kept_up_to_a_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sphinx_memo, "MOST_SPLITS", 3)
    for text in ("a", "b"):
        sphinx_search.SPLITS[text] = ([text], [])
        sphinx_search.USED_SPLITS.add(text)
        sphinx_memo.keep(tmp_path, sphinx_memo.harvest())
        _new_process(monkeypatch, ["words-a"])
        sphinx_memo.restore(tmp_path)
    assert set(sphinx_search.KEPT_SPLITS[("words-a",)]) == {"a", "b"}  # an incremental build keeps the earlier splits
    for text in ("c", "d"):
        sphinx_search.SPLITS[text] = ([text], [])
        sphinx_search.USED_SPLITS.add(text)
    sphinx_memo.keep(tmp_path, sphinx_memo.harvest())
    _new_process(monkeypatch, ["words-a"])
    sphinx_memo.restore(tmp_path)
    assert set(sphinx_search.KEPT_SPLITS[("words-a",)]) == {"c", "d"}  # past the bound: only what this build used


@pytest.mark.usefixtures("fresh_process")
def test_a_record_that_cannot_be_written_leaves_neither_it_nor_the_older_one(tmp_path: Path) -> None:
    """An older record beside a newer build would be read by the next one: it goes too."""
    record = tmp_path / sphinx_memo.MEMO_FILE
    record.write_bytes(b"an older record")
    unpicklable = sphinx_memo.Harvest(templates={("page.html", (lambda: None,)): ("sum", b"")})
    sphinx_memo.keep(tmp_path, unpicklable)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("fresh_process")
def test_something_else_in_the_records_place_is_left_alone(tmp_path: Path) -> None:
    """A folder or a FIFO where the record goes: nothing is read from it, and the build goes on."""
    sphinx_search.SPLITS["x"] = (["x"], [])
    sphinx_search.USED_SPLITS.add("x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / sphinx_memo.MEMO_FILE).mkdir()
    (tmp_path / "fifo").mkdir()
    os.mkfifo(tmp_path / "fifo" / sphinx_memo.MEMO_FILE)
    for out in (tmp_path / "folder", tmp_path / "fifo"):
        assert sphinx_memo.restore(out) is None  # a FIFO is not opened: reading it would wait for a writer
        sphinx_memo.keep(out, sphinx_memo.harvest())
    assert (tmp_path / "folder" / sphinx_memo.MEMO_FILE).is_dir()
    assert [p.name for p in (tmp_path / "folder").iterdir()] == [sphinx_memo.MEMO_FILE]
    assert (tmp_path / "fifo" / sphinx_memo.MEMO_FILE).is_file()  # replaced by a record


@pytest.mark.usefixtures("fresh_process")
def test_what_a_killed_build_left_half_written_is_removed(tmp_path: Path) -> None:
    leftovers = [tmp_path / f".{sphinx_memo.MEMO_FILE}.{pid}" for pid in (101, 102)]
    for leftover in leftovers:
        leftover.write_bytes(b"half a record")
    sphinx_memo.keep(tmp_path, sphinx_memo.harvest())
    assert [p.name for p in tmp_path.iterdir()] == [sphinx_memo.MEMO_FILE]
    leftovers[0].write_bytes(b"half a record")
    sphinx_memo.forget(tmp_path)
    assert list(tmp_path.iterdir()) == []
