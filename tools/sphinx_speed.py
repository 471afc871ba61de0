"""A Sphinx extension that makes third-party steps cheaper without changing what they produce.

1. MyST's renderer sets itself up with ``options.get("document", make_document())``: the default
argument is evaluated on every call, so each fragment it renders (every paragraph Sphinx's
``Locale`` transform translates, every output of a notebook) first builds a new docutils
document, and with it docutils' whole option parser, only to discard it when a document was
given. On the Chinese edition that is about 400 option parsers per build (two seconds of an
eleven-second Sphinx run). :func:`make_document` builds the default settings once per parser
class and hands each caller a copy of its own, the same values docutils would give.
   ``tests/test_tools.py`` requires the copy to equal docutils' own default settings.
2. pybtex finds its plugins (the bibliography's styles, the citation labels) by reading the
   entry points of every installed package on each lookup, a few dozen times a book. The
   installed packages do not change while Sphinx runs: :func:`installed_entry_points` reads them
   once per group and name. ``tests/test_tools.py`` requires the same plugins to be found.
3. The PyData theme renders each sidebar template twice on every page, once only to see whether
   it comes out empty, and spares only its own navigation from that check. The Book theme's
   navigation (``sbt-sidebar-nav.html``) is never empty in this book (it lists the chapters): it
   is spared too (:func:`update_and_remove_templates`).
4. MyST's Sphinx parser builds a new markdown-it parser, with all its plugins, for every text it
   parses, and the Chinese edition parses each translated paragraph on its own: about 380
   parsers a book, a tenth of its Sphinx run. :func:`reused_md_parser` makes one per
   configuration and renderer and hands it out again while no other parse is using it (each
   render starts by resetting the renderer's state). ``tests/test_tools.py`` requires a reused
   parser to give the same document as a new one.
5. Sphinx gives each book a new Jinja environment, which compiles the theme's templates again
   (about forty, a tenth of a second or more a book); the build's workers build several books
   each. :class:`ProcessTemplateCode` keeps each compiled template for the process, under
   its name, its source's checksum and the environment's compiling settings, as Jinja's own
   bytecode caches do on disk. ``tests/test_tools.py`` requires the same rendering.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from types import CodeType
from typing import Any

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import new_document
from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from myst_parser.config.main import MdParserConfig


@cache
def _default_settings(parser_cls: type) -> Any:
    return get_default_settings(parser_cls)


def make_document(source_path: str = "notset", parser_cls: type = RSTParser) -> nodes.document:
    """MyST's ``make_document``: a new document with ``parser_cls``'s default settings (a copy of one made once)."""
    return new_document(source_path, settings=copy.deepcopy(_default_settings(parser_cls)))


@cache
def _entry_points(group: str, name: str) -> tuple[EntryPoint, ...]:
    return tuple(entry_points(group=group, name=name))


def installed_entry_points(*, group: str, name: str) -> tuple[EntryPoint, ...]:
    """pybtex's ``entry_points(group=..., name=...)``: the installed entry points of a group by name, read once."""
    return _entry_points(group, name)


#: Parsers made by :func:`reused_md_parser`: (renderer class, id of the configuration) to the configuration
#: (which keeps its id from being reused) and the parser.
_MD_PARSERS: dict[tuple[object, int], tuple[MdParserConfig, MarkdownIt]] = {}
#: Parsers in the middle of a render (a directive's own parse must not get one of them).
_RENDERING: set[int] = set()


def reused_md_parser(config: MdParserConfig, renderer: Callable[[MarkdownIt], RendererProtocol]) -> MarkdownIt:
    """MyST's ``create_md_parser(config, renderer)``, made once per configuration object and renderer, reused when idle."""
    from myst_parser.parsers.mdit import create_md_parser

    key = (renderer, id(config))
    made = _MD_PARSERS.get(key)
    if made is not None and made[0] is config and id(made[1]) not in _RENDERING:
        return made[1]
    parser = create_md_parser(config, renderer)
    render = parser.render

    def marked_render(*args: Any, **kwargs: Any) -> Any:
        _RENDERING.add(id(parser))
        try:
            return render(*args, **kwargs)
        finally:
            _RENDERING.discard(id(parser))

    parser.render = marked_render  # type: ignore[method-assign]
    if made is None or id(made[1]) not in _RENDERING:
        if len(_MD_PARSERS) >= 8:  # configurations of books built earlier in this process
            _MD_PARSERS.clear()
        _MD_PARSERS[key] = (config, parser)
    return parser


#: The settings of a Jinja environment that its compiler reads.
_COMPILER_SETTINGS = (
    *("block_start_string", "block_end_string", "variable_start_string", "variable_end_string"),
    *("comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix"),
    *("trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized", "autoescape"),
)


class ProcessTemplateCode(BytecodeCache):
    """A Jinja bytecode cache held in memory for the process: a template compiled once serves every later book."""

    def __init__(self) -> None:
        self.compiled: dict[tuple[str, tuple[object, ...]], tuple[str, CodeType]] = {}
        #: The keys of :attr:`compiled` a book of this process used since :mod:`tools.sphinx_memo` last asked.
        self.used: set[tuple[str, tuple[object, ...]]] = set()

    @staticmethod
    def settings(environment: Environment) -> tuple[object, ...]:
        """What Jinja's compiler reads of an environment besides the source (its syntax, extensions and options)."""
        return (
            type(environment),
            tuple(getattr(environment, n) for n in _COMPILER_SETTINGS),
            tuple(sorted(environment.extensions)),
            getattr(environment, "newstyle_gettext", None),
        )

    def load_bytecode(self, bucket: Bucket) -> None:
        key = (bucket.key, self.settings(bucket.environment))
        found = self.compiled.get(key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]
            self.used.add(key)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            key = (bucket.key, self.settings(bucket.environment))
            self.compiled[key] = (bucket.checksum, bucket.code)
            self.used.add(key)


#: The templates compiled in this process (:class:`ProcessTemplateCode`).
TEMPLATE_CODE = ProcessTemplateCode()


def _keep_compiled_templates(app: Any) -> None:
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if isinstance(environment, Environment):
        environment.bytecode_cache = TEMPLATE_CODE


#: The Book theme's navigation, never empty here, spared the theme's check for empty templates (point 3 above).
NEVER_EMPTY = ("sbt-sidebar-nav.html",)


def _sparing(check: Any) -> Any:
    def update_and_remove_templates(*args: Any, templates_skip_empty_check: list[str] | None = None, **kwargs: Any) -> Any:
        """The theme's ``_update_and_remove_templates``, with :data:`NEVER_EMPTY` spared its emptiness check."""
        return check(*args, templates_skip_empty_check=[*(templates_skip_empty_check or []), *NEVER_EMPTY], **kwargs)

    update_and_remove_templates.__wrapped__ = check  # type: ignore[attr-defined]
    return update_and_remove_templates


#: Entries formatted in this process: (style, label, entry) to pybtex's ``FormattedEntry`` (point 6 above).
FORMATTED_ENTRIES: dict[tuple[object, ...], Any] = {}


def _entry_key(entry: Any) -> tuple[object, ...]:
    """What a pybtex style reads of an entry: its key, type, fields and people's names."""
    people = tuple(
        (
            role,
            tuple(
                tuple(map(tuple, (p.first_names, p.middle_names, p.prelast_names, p.last_names, p.lineage_names))) for p in names
            ),
        )
        for role, names in entry.persons.items()
    )
    return (entry.key, entry.type, tuple(entry.fields.items()), people)


def _style_key(style: Any) -> tuple[object, ...]:
    """What a pybtex formatting style's output depends on besides the entry: its classes, options and own state."""
    own = getattr(style, "memo_key", None)
    return (
        type(style),
        *(type(getattr(style, name, None)) for name in ("name_style", "label_style", "sorting_style")),
        getattr(style, "abbreviate_names", None),
        getattr(style, "min_crossrefs", None),
        own() if callable(own) else (),
    )


def _remembering(format_entry: Callable[..., Any]) -> Callable[..., Any]:
    def remembered_format_entry(self: Any, label: str, entry: Any, bib_data: Any = None) -> Any:
        """pybtex's ``format_entry``, remembered for the process (an entry with cross-references formatted anew)."""
        if bib_data is not None:
            return format_entry(self, label, entry, bib_data=bib_data)
        try:
            key = (_style_key(self), label, _entry_key(entry))
            hash(key)
        except TypeError:  # a field or option that cannot be a key: formatted as pybtex does
            return format_entry(self, label, entry)
        found = FORMATTED_ENTRIES.get(key)
        if found is None:
            found = FORMATTED_ENTRIES[key] = format_entry(self, label, entry)
        return found

    remembered_format_entry.__wrapped__ = format_entry  # type: ignore[attr-defined]
    return remembered_format_entry


def disable_builtin_toctree_collector(app: Any) -> None:
    """sphinx-external-toc's own, limited to the collectors listening to ``app`` (the book being set up)."""
    from sphinx.environment.collectors.toctree import TocTreeCollector

    collectors = {
        id(owner): owner
        for listeners in app.events.listeners.values()
        for listener in listeners
        if isinstance(owner := getattr(listener.handler, "__self__", None), TocTreeCollector)
    }
    for collector in collectors.values():
        if collector.listener_ids is not None:
            collector.disable(app)


def setup(app: Any) -> dict[str, Any]:
    """Points 1 to 7 above: MyST's documents and parsers and the templates made once, pybtex's entry points read and its
    entries formatted once, the navigation spared its check, the toc collector found among the book's own listeners."""
    import pybtex.plugin
    import sphinx_external_toc.collectors
    from myst_parser.mdit_to_docutils import base
    from myst_parser.parsers import sphinx_ as myst_sphinx
    from pybtex.style.formatting import BaseStyle
    from pydata_sphinx_theme import utils

    base.make_document = make_document
    myst_sphinx.create_md_parser = reused_md_parser  # type: ignore[attr-defined] # the name its parser calls, in its own module
    pybtex.plugin.entry_points = installed_entry_points  # it calls the name it imported, in its own module
    if not hasattr(utils._update_and_remove_templates, "__wrapped__"):  # once per process, however many books
        utils._update_and_remove_templates = _sparing(utils._update_and_remove_templates)
    if not hasattr(BaseStyle.format_entry, "__wrapped__"):
        BaseStyle.format_entry = _remembering(BaseStyle.format_entry)
    # its setup imports the name from its module when it runs: a book set up after this one calls the faster one
    sphinx_external_toc.collectors.disable_builtin_toctree_collector = disable_builtin_toctree_collector
    app.connect("builder-inited", _keep_compiled_templates)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
