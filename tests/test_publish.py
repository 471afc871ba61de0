"""Publishing, the lock and cache integrity, on real folders and files."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tools import cache, publish
from tools.lock import BuildLock, LockBusyError


def make_tree(root: Path, text: str) -> Path:
    (root / "book").mkdir(parents=True)
    (root / "index.html").write_text(text, encoding="utf-8")
    (root / "book" / "page.html").write_text(text, encoding="utf-8")
    return root


def test_publish_swaps_in_the_new_book(tmp_path: Path) -> None:
    target = make_tree(tmp_path / "html", "old")
    built = make_tree(tmp_path / "built", "new")
    publish.publish(built, target, {".build-digest": b"d\n"})
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert (target / ".build-digest").read_bytes() == b"d\n"
    assert not (tmp_path / "html.new").exists()
    assert not (tmp_path / "html.old").exists()


def test_a_file_the_new_book_already_holds_is_linked_not_copied(tmp_path: Path) -> None:
    """A scenario's book shares the default's styles: one file on disk, two names; other files are its own."""
    import os

    target = make_tree(tmp_path / "html", "old")
    built = make_tree(tmp_path / "built", "new")
    (built / "style.css").write_text("shared", encoding="utf-8")
    scenario = make_tree(tmp_path / "scenario", "other")
    (scenario / "style.css").write_text("shared", encoding="utf-8")
    publish.publish(built, target, {"extra.txt": b"shared"}, trees={"scenarios/s": scenario})
    published = target / "scenarios" / "s"
    assert (published / "style.css").read_text(encoding="utf-8") == "shared"
    assert os.path.samefile(published / "style.css", target / "style.css")  # one file, two names
    assert not os.path.samefile(published / "index.html", target / "index.html")
    assert (published / "index.html").read_text(encoding="utf-8") == "other"
    assert (target / "extra.txt").read_bytes() == b"shared"
    assert not os.path.samefile(target / "extra.txt", target / "style.css")


def test_a_copy_that_does_not_match_keeps_the_old_book(tmp_path: Path) -> None:
    target = make_tree(tmp_path / "html", "old")
    built = make_tree(tmp_path / "built", "new")
    with pytest.raises(publish.PublishError, match="does not match what the build produced"):
        publish.publish(built, target, {}, expected={"index.html": "0" * 64})
    assert (target / "index.html").read_text(encoding="utf-8") == "old"


def test_a_tree_changed_since_its_digests_were_recorded_is_not_published(tmp_path: Path) -> None:
    """The build hands over the digests recorded when Sphinx wrote each tree: the copy must match those, not the tree now."""
    target = make_tree(tmp_path / "html", "old")
    built = make_tree(tmp_path / "built", "new")
    scenario = make_tree(tmp_path / "scenario", "other")
    recorded = {built: publish.tree_digests(built), scenario: publish.tree_digests(scenario)}
    publish.publish(built, target, {}, trees={"scenarios/s": scenario}, digests=recorded)
    assert (target / "scenarios" / "s" / "book" / "page.html").read_text(encoding="utf-8") == "other"
    (scenario / "book" / "page.html").write_text("edited after Sphinx wrote it", encoding="utf-8")
    with pytest.raises(publish.PublishError, match=r"does not match what the build produced \(scenarios/s/book/page\.html\)"):
        publish.publish(built, target, {}, trees={"scenarios/s": scenario}, digests=recorded)
    assert (target / "scenarios" / "s" / "book" / "page.html").read_text(encoding="utf-8") == "other"
    assert not list(tmp_path.glob("html.new*"))


def test_an_impossible_target_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    built = make_tree(tmp_path / "built", "new")
    with pytest.raises(publish.PublishError, match="cannot replace") as info:
        publish.publish(built, tmp_path / "a_file" / "html", {})
    assert "\n" not in str(info.value)


def test_exchange_is_atomic_swap(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a", encoding="utf-8")
    (b / "x").write_text("b", encoding="utf-8")
    publish.exchange(a, b)
    assert (a / "x").read_text(encoding="utf-8") == "b"
    assert (b / "x").read_text(encoding="utf-8") == "a"


def test_lock_refuses_a_second_holder_and_names_the_first(tmp_path: Path) -> None:
    path = tmp_path / ".build.lock"
    with BuildLock(path), pytest.raises(LockBusyError, match="another build of this checkout is running \\(pid"):
        BuildLock(path).__enter__()
    with BuildLock(path):  # released on exit
        pass


def test_cache_entries_prove_their_integrity(tmp_path: Path) -> None:
    entry = tmp_path / "n-abc.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), entry)
    report: list[str] = []
    assert not cache.usable(entry, report)  # no digest recorded: a build died between the two writes
    assert not entry.exists()
    assert report[0].startswith("cache: discarded n-abc.ipynb: no digest was recorded")
    nbformat.write(nbformat.v4.new_notebook(), entry)
    cache.record(entry)
    assert cache.usable(entry, report)
    entry.write_text(entry.read_text(encoding="utf-8").replace("4", "4 "), encoding="utf-8")
    assert cache.problem(entry) == "its content does not match the digest recorded when it was written"
