"""What every step of the build shares: its inputs' names, its records' file names, its messages' command and the book names."""

from __future__ import annotations

from pathlib import Path

from tools import translate

STATIC_SOURCES = ("_config.yml", "_toc.yml", "data/references.bib", "book/_static", "book/search_words.txt")


#: The book's Sphinx extensions (``_config.yml`` loads them from this tree).
SPHINX_EXTENSIONS = tuple(sorted(Path(__file__).resolve().parents[1].glob("sphinx_*.py")))


#: What a build reads: a copy of these is a buildable tree (tests and benchmarks build such copies).
BUILD_INPUTS = (
    "_config.yml",
    "_toc.yml",
    "book",
    "data",
    "model",
    "report",
    "scenarios",
    "tools",
    "requirements.lock",
    "pyproject.toml",
    "CITATION.cff",  # the publisher and release date of the ledger's ClaimReview records
)


DIGEST_FILE = ".build-digest"


REPORTED_PACKAGES = (
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "papermill",
    "altair",
    "vl-convert-python",
    "numpy",
    "pandas",
    "pydantic",
)


class BuildError(RuntimeError):
    """A step of the build failed; the message says which and where to look."""


JUPYTER_BOOK_ARGS = ("--builder", "html", "-W", "-n", "--keep-going")


#: Digests of Sphinx's output as it wrote it, and of the book as published.
OUTPUT_MANIFEST = ".output-digests.json"


PUBLISHED_MANIFEST = ".published-digests.json"


#: Set once this process has put a new book in place (so an interruption after it is reported truly).
PUBLISHED: list[Path] = []


#: How the build's messages begin: the command a reader typed (``make scenarios`` when scenarios are built).
COMMAND = ["make book"]


#: Marks a Sphinx run in progress: found at the start of a build, it means the last one was killed mid-way.
SPHINX_RUNNING = ".sphinx-running"


#: The stage of the Chinese edition among the stages (no scenario is named so: names start with a letter or digit);
#: a scenario's Chinese edition is its name followed by it (``rule-usual@zh``).
EDITION = "@zh"


def english_book(name: str) -> str:
    """The book whose Chinese edition ``name`` is ("" for the default book's), or ``name`` itself when it is English."""
    return "" if name == EDITION else name.removesuffix(EDITION)


def is_chinese(name: str) -> bool:
    """Whether the staged book ``name`` is a Chinese edition (the default book's or a scenario's)."""
    return name.endswith(EDITION)


#: In the default stage: the digest of the book published from it (``make pdf`` prints only that book).
STAGE_PUBLISHED = ".published-digest"


#: The digest of the static files (styles, scripts, configuration, bibliography) Sphinx last published.
STATIC_DIGEST = ".static-digest"


#: Executed copies kept per notebook; older ones (other parameter sets, older code) are removed.
CACHE_KEEP = 8


#: Sphinx stages of scenarios kept for fast rebuilds (each a few megabytes); older ones are removed.
SCENARIO_STAGES_KEEP = 20


def book_label(name: str) -> str:
    """How messages name a staged book."""
    if not name or name == EDITION:
        return "the Chinese edition" if name else "the default book"
    return f"the Chinese edition of scenario {english_book(name)}" if is_chinese(name) else f"scenario {name}"


def book_folder(name: str) -> str:
    """Where a staged book is published in the default one: ``""``, ``zh/``, ``scenarios/<name>/``, ``zh/scenarios/<name>/``."""
    english = english_book(name)
    return (f"{translate.EDITION_DIR}/" if is_chinese(name) else "") + (f"scenarios/{english}/" if english else "")
