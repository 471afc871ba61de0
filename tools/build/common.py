"""What every step of the build shares: its inputs' names, its records' file names, its messages' command and the book names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tools import i18n

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


#: How a scenario's Chinese edition is named among the stages: its name followed by this (``rule-usual@zh``);
#: no scenario is named so (names start with a letter or digit).
EDITION = "@zh"


@dataclass(frozen=True, order=True)
class Book:
    """One book the build stages, runs Sphinx on and publishes: the default book or a scenario's, in either edition.

    Examples
    --------
    >>> Book().label, Book(chinese=True).folder, Book("loan-50k", chinese=True).folder
    ('the default book', 'zh/', 'zh/scenarios/loan-50k/')
    >>> Book("loan-50k").edition.stage_name, Book("loan-50k", chinese=True).english == Book("loan-50k")
    ('loan-50k@zh', True)
    """

    scenario: str = ""  # "" for the default book
    chinese: bool = False

    @property
    def english(self) -> Book:
        """The English edition of this book."""
        return Book(self.scenario)

    @property
    def edition(self) -> Book:
        """The Chinese edition of this book."""
        return Book(self.scenario, chinese=True)

    @property
    def stage_name(self) -> str:
        """The folder a scenario's book is staged in (``loan-50k``, ``loan-50k@zh``); empty for the default book's."""
        return self.scenario + (EDITION if self.chinese and self.scenario else "")

    @property
    def label(self) -> str:
        """How messages name the book."""
        if not self.scenario:
            return "the Chinese edition" if self.chinese else "the default book"
        return f"the Chinese edition of scenario {self.scenario}" if self.chinese else f"scenario {self.scenario}"

    @property
    def folder(self) -> str:
        """Where the book is published in the default one: ``""``, ``zh/``, ``scenarios/<name>/``, ``zh/scenarios/<name>/``."""
        return (f"{i18n.EDITION_DIR}/" if self.chinese else "") + (f"scenarios/{self.scenario}/" if self.scenario else "")


#: The default book in English: the one the others are published inside.
DEFAULT_BOOK = Book()


#: In the default stage: the digest of the book published from it (``make pdf`` prints only that book).
STAGE_PUBLISHED = ".published-digest"


#: The digest of the static files (styles, scripts, configuration, bibliography) Sphinx last published.
STATIC_DIGEST = ".static-digest"


#: Executed copies kept per notebook; older ones (other parameter sets, older code) are removed.
CACHE_KEEP = 8


#: Sphinx stages of scenarios kept for fast rebuilds (each a few megabytes); older ones are removed.
SCENARIO_STAGES_KEEP = 20
