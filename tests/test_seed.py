"""tools.build.seed on real folders: what is copied, what is moved and dated, and a damaged copy refused."""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from tools.build.common import SPHINX_RUNNING
from tools.build.seed import ENVIRONMENT, copy_seed, relocate_seed


@dataclass
class Reading:
    """What a pickled Sphinx environment holds of paths, in small: its source folder and files it depends on."""

    srcdir: Path
    dependencies: dict[str, set[str]] = field(default_factory=dict)
    all_docs: dict[str, int] = field(default_factory=dict)  # when each page was read, in microseconds


def staged(folder: Path, page: str) -> Path:
    (folder / "book").mkdir(parents=True)
    (folder / "book" / "same.md").write_text("# Same\n", encoding="utf-8")
    (folder / "book" / "page.md").write_text(page, encoding="utf-8")
    return folder


def read(seed: Path) -> None:
    """A seed stage as Sphinx leaves it: an environment naming the stage, doctrees, MyST-NB's executed copies."""
    (seed / "_build" / ".doctrees").mkdir(parents=True)
    (seed / "_build" / "jupyter_execute").mkdir()
    (seed / "_build" / "jupyter_execute" / "page.glue.json").write_text("{}", encoding="utf-8")
    reading = Reading(
        seed.resolve(),
        {"book/page": {f"{seed.resolve()}/data/references.bib", "book/same.md"}},
        {"book/page": 5_000_000, "book/same": 5_000_000},  # read five seconds into 1970
    )
    (seed / "_build" / ENVIRONMENT).write_bytes(pickle.dumps(reading))


def test_a_seed_is_copied_only_from_a_stage_sphinx_finished_reading(tmp_path: Path) -> None:
    seed, stage = staged(tmp_path / "zh", "default\n"), staged(tmp_path / "scenario@zh", "scenario\n")
    assert not copy_seed(stage, seed)  # never read
    read(seed)
    (seed / "_build" / SPHINX_RUNNING).write_text("1", encoding="ascii")
    assert not copy_seed(stage, seed)  # read by a run that was killed
    (seed / "_build" / SPHINX_RUNNING).unlink()
    assert copy_seed(stage, seed)
    assert (stage / "_build" / "jupyter_execute" / "page.glue.json").is_file()
    assert (stage / "_build" / ENVIRONMENT).read_bytes() == (seed / "_build" / ENVIRONMENT).read_bytes()


def test_a_seeded_environment_names_its_stage_and_files_alike_are_dated_alike(tmp_path: Path) -> None:
    seed, stage = staged(tmp_path / "zh", "default\n"), staged(tmp_path / "scenario@zh", "scenario\n")
    read(seed)
    for path in (seed / "book").iterdir():
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # read by Sphinx long ago
    assert copy_seed(stage, seed)
    assert relocate_seed(stage, seed)
    moved = pickle.loads((stage / "_build" / ENVIRONMENT).read_bytes())
    assert moved.srcdir == stage.resolve()
    assert moved.dependencies == {"book/page": {f"{stage.resolve()}/data/references.bib", "book/same.md"}}
    assert (stage / "book" / "same.md").stat().st_mtime_ns == 1_000_000_000  # the seed's reading of it holds
    assert (stage / "book" / "page.md").stat().st_mtime_ns > 5_000_000_000  # another text: Sphinx reads it again


def test_a_changed_file_older_than_the_seeds_reading_is_read_again(tmp_path: Path) -> None:
    """A scenario's chapter staged in an earlier build, unchanged since, is older than the default's reading of its own."""
    seed, stage = staged(tmp_path / "zh", "default\n"), staged(tmp_path / "scenario@zh", "scenario\n")
    read(seed)
    os.utime(stage / "book" / "page.md", ns=(2_000_000_000, 2_000_000_000))  # staged before the default was read
    assert copy_seed(stage, seed)
    assert relocate_seed(stage, seed)
    assert (stage / "book" / "page.md").stat().st_mtime_ns >= 6_000_000_000  # a second after the newest reading


def test_a_damaged_seed_is_removed_and_the_book_starts_afresh(tmp_path: Path) -> None:
    seed, stage = staged(tmp_path / "zh", "default\n"), staged(tmp_path / "scenario@zh", "scenario\n")
    read(seed)
    (seed / "_build" / ENVIRONMENT).write_bytes(b"\x80\x05not a pickle")
    assert copy_seed(stage, seed)
    assert not relocate_seed(stage, seed)
    assert not (stage / "_build").exists()
