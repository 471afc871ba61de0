"""A Sphinx extension for the search index: the same index, faster, and whole after an incremental build.

1. Sphinx's ``SearchChinese`` (jieba for Chinese, the English Snowball stemmer for Latin words)
   keeps every Latin word it has seen in a list and looks each word up in that list before
   stemming it, and stems the same words again and again: on this book that is most of the
   time Sphinx spends on a page. :class:`FastSearchChinese` keeps the same words in a set and
   remembers each stem; what it returns for every word is what Sphinx's returns
   (``tests/test_tools.py`` compares the two on the book's own text).
2. Sphinx 7.4 loses the index entries of every page it does not rewrite in an incremental
   build: it reloads terms and titles from the previous ``searchindex.js`` but not its
   ``indexentries`` (the ledger's claim ids among them), which it keeps only in memory. The
   patched ``load`` restores them, so an incremental build writes the index a full build
   writes (``tests/test_build.py`` compares the two).
3. Sphinx loads the search dictionary into jieba's one tokenizer at every build, and each load
   adds the words' counts to the tokenizer's total again, which changes how later text is
   split: a book's index depended on how many books its process had built before it (a
   scenario book built fifth in a worker was not split as one built first). The dictionary is
   loaded once per process and content, and the split of each text is remembered, so a scenario
   book does not split again the paragraphs its process has split for another book.
"""

from __future__ import annotations

import io
import os
from functools import cache
from typing import IO, Any

import snowballstemmer  # type: ignore[import-untyped]
from sphinx.search import IndexBuilder
from sphinx.search.zh import JIEBA, SearchChinese

from tools.digest import of_bytes

if JIEBA:
    import jieba  # type: ignore[import-untyped]

#: Every Latin word split so far in this process (Sphinx's own class keeps the same words, in a list).
LATIN_TERMS: set[str] = set()
_STEMMER = snowballstemmer.stemmer("english")


@cache
def english_stem(lower: str) -> str:
    """The Snowball English stem of a lower-case word (pure, so remembered)."""
    stem: str = _STEMMER.stemWord(lower)
    return stem


#: Digests of the search dictionaries loaded into jieba in this process, in the order loaded (how it splits).
LOADED_DICTIONARIES: list[str] = []
#: The Chinese and the Latin words of each text split since jieba's dictionary last changed.
SPLITS: dict[str, tuple[list[str], list[str]]] = {}
#: The texts of :data:`SPLITS` a book of this process split since :mod:`tools.sphinx_memo` last asked.
USED_SPLITS: set[str] = set()
#: Splits an earlier build kept (:mod:`tools.sphinx_memo`), under the dictionaries jieba had loaded when it made them.
KEPT_SPLITS: dict[tuple[str, ...], dict[str, tuple[list[str], list[str]]]] = {}


def load_dictionary(path: str | None) -> None:
    """Load a search dictionary into jieba once per process and content (a second load would change its counts)."""
    if not JIEBA or not path or not os.path.isfile(path):
        return
    with open(path, "rb") as handle:
        content = handle.read()
    digest = of_bytes(content)
    if digest in LOADED_DICTIONARIES:
        return
    jieba.load_userdict(io.BytesIO(content))
    LOADED_DICTIONARIES.append(digest)
    SPLITS.clear()  # the dictionary changed: texts may split otherwise now
    USED_SPLITS.clear()
    SPLITS.update(KEPT_SPLITS.get(tuple(LOADED_DICTIONARIES), {}))  # what an earlier build split with these words


class FastSearchChinese(SearchChinese):
    """``SearchChinese`` with a set for its Latin words, remembered stems and splits, one dictionary load; same results."""

    def init(self, options: dict[str, str]) -> None:
        load_dictionary(options.get("dict"))
        self.stemmer = _STEMMER

    def split(self, input: str) -> list[str]:
        split = SPLITS.get(input)
        if split is None:
            chinese: list[str] = list(jieba.cut_for_search(input)) if JIEBA else []
            split = SPLITS[input] = (chinese, [term.strip() for term in self.latin1_letters.findall(input)])
        USED_SPLITS.add(input)
        LATIN_TERMS.update(split[1])
        return split[0] + split[1]

    def stem(self, word: str) -> str:
        lower = word.lower()
        stemmed = english_stem(lower)
        if word in LATIN_TERMS and len(word) >= 3 and len(stemmed) < 3:
            return lower  # Sphinx's rule: a short stem of a longer Latin word is not used
        return stemmed


_SPHINX_LOAD = IndexBuilder.load
_SPHINX_PRUNE = IndexBuilder.prune
_SPHINX_FREEZE = IndexBuilder.freeze


def load_with_index_entries(self: IndexBuilder, stream: IO[Any], format: Any) -> None:
    """Sphinx's ``load``, then the index entries of the previous index, which it leaves out."""
    data = stream.read()
    _SPHINX_LOAD(self, io.StringIO(data) if isinstance(data, str) else io.BytesIO(data), format)
    loads = (self.formats[format] if isinstance(format, str) else format).loads
    frozen = loads(data)
    names = frozen["docnames"]
    restored: dict[str, list[tuple[str, str, str]]] = {}
    for entry, places in frozen.get("indexentries", {}).items():
        for doc, entry_id, main in places:
            restored.setdefault(names[doc], []).append((entry, entry_id, "main" if main else ""))
    for docname, entries in restored.items():
        self._index_entries.setdefault(docname, sorted(entries))


def prune_with_index_entries(self: IndexBuilder, docnames: Any) -> None:
    """Sphinx's ``prune``, and the index entries of the pages pruned with the rest of their data."""
    keep = set(docnames)
    _SPHINX_PRUNE(self, keep)
    for docname in [d for d in self._index_entries if d not in keep]:
        del self._index_entries[docname]


def freeze_in_page_order(self: IndexBuilder) -> dict[str, Any]:
    """Sphinx's ``freeze`` with index entries in page order (a full build's) and without words left on no page."""
    ordered = dict(sorted(self._index_entries.items()))
    self._index_entries.clear()
    self._index_entries.update(ordered)
    frozen: dict[str, Any] = _SPHINX_FREEZE(self)
    for key in ("terms", "titleterms"):  # words of pages rewritten without them: pruned to no page, left behind
        frozen[key] = {word: pages for word, pages in frozen[key].items() if pages != []}
    return frozen


def setup(app: Any) -> dict[str, Any]:
    """Register the faster class for ``html_search_language: zh`` and keep index entries across builds."""
    app.add_search_language(FastSearchChinese)
    IndexBuilder.load = load_with_index_entries  # type: ignore[method-assign]
    IndexBuilder.prune = prune_with_index_entries  # type: ignore[method-assign]
    IndexBuilder.freeze = freeze_in_page_order  # type: ignore[method-assign]
    return {"parallel_read_safe": True, "parallel_write_safe": True}
