"""A Sphinx extension: each citation in a translated page links back from the bibliography to itself.

sphinxcontrib-bibtex records every ``{cite}`` it parses (its id and targets) for the
bibliography's back-links. On a page of the Chinese edition, Sphinx parses each paragraph
twice: the English source, then its translation, which replaces it, in a document of its own
whose ids start again at ``id1``. The bibliography then listed the English citations, gone
from the page, beside the translated ones, whose ids repeated those of other nodes: the
Chinese bibliography showed six back-links for a source cited twice, some leading to another
source's citation. Once a page is read, :func:`renumber_citations` gives each citation on it an
id of the page's own and records exactly the citations the page holds.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes


def renumber_citations(app: Any, doctree: nodes.document) -> None:
    """Give each citation of the page just read a unique id and make the bibtex domain record exactly those."""
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets
    from sphinxcontrib.bibtex.roles import CitationRef

    env = app.env
    domain = env.get_domain("cite")
    kept = [ref for ref in domain.citation_refs if ref.docname != env.docname]
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("refdomain") != "cite":
            continue
        node["ids"] = []
        doctree.set_id(node)
        targets = list(parse_citation_targets(node["reftarget"]))
        kept.append(CitationRef(citation_ref_id=node["ids"][0], docname=env.docname, line=node.line or 0, targets=targets))
    domain.data["citation_refs"] = kept


def setup(app: Any) -> dict[str, Any]:
    """Renumber the citations of every page once it is read (after the translation of the Chinese edition)."""
    app.connect("doctree-read", renumber_citations)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
