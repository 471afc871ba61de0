"""A Sphinx extension for the two editions: the link to the same page in the other language, and glue in translations.

``edition`` (``_config.yml``: ``en`` for the English book, ``zh`` for the Chinese edition
published in its ``zh/`` folder, ``none`` for a book built in English alone)
puts a ``<link rel="alternate" hreflang=…>`` to the same page of the other edition in every
page's head; ``_static/edition.js`` shows it as a link in the page's header. A scenario's book
built in both editions sets ``edition_roots``: from each edition's root, where the other's is
(``{"en": "../../zh/scenarios/<name>/", "zh": "../../../scenarios/<name>/"}``).

A translated paragraph is parsed by Sphinx as a document of its own, which has none of the
notebook's glued values, so myst-nb's ``{glue}`` roles in a translation could not find them
(myst-nb parses the fragment as a notebook of its own, with no outputs, and drops the notebook's
renderer, which holds them, once the notebook is parsed). The renderer myst-nb creates for the
notebook is remembered just before Sphinx's ``Locale`` transform runs, and a glue lookup that
fails in a translated fragment is made again with it.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from docutils.transforms import Transform

#: Each edition's other edition: where it is (from the English book's root), its language and its name in that
#: language (a language switch names each language as its readers do, so 中文 stands on the English pages too).
OTHER_EDITION = {
    "en": ("zh/", "zh-CN", "中文"),
    "zh": ("../", "en", "English"),
}
#: The notebook renderer of the document being translated (it holds the notebook's glued values).
_CURRENT: list[Any] = []
#: The renderer myst-nb created last (for the notebook it is parsing).
_CREATED: list[Any] = []


class RememberDocument(Transform):  # type: ignore[misc]  # docutils has no type hints
    """Keep the renderer of the notebook being translated (Sphinx's Locale transform runs at priority 20)."""

    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        _CURRENT[:] = _CREATED[-1:]


def forget_loaded_translations() -> None:
    """Drop the message catalogues Sphinx and its themes loaded in this process; call before each Sphinx build.

    ``sphinx.locale.init`` keeps each catalogue in a module-level dict and, for a later build in
    another language, only adds the new one as a fallback: an English book built by a process that
    had built a Chinese one kept the Chinese theme's words (搜索, 目录, 作者). The build's worker
    processes build several books each, in either language.
    """
    import sphinx.locale

    sphinx.locale.translators.clear()


def _patch_glue() -> None:
    from myst_nb import sphinx_
    from myst_nb.ext.glue import directives, roles, utils

    original = utils.retrieve_glue_data
    if getattr(original, "falls_back", False):
        return
    load_renderer = sphinx_.load_renderer

    def load_and_remember(name: str) -> Any:
        renderer_class = load_renderer(name)

        def create(*args: Any, **kwargs: Any) -> Any:
            renderer = renderer_class(*args, **kwargs)
            _CREATED[:] = [renderer]
            return renderer

        return create

    def retrieve(document: nodes.document, key: str) -> Any:
        try:
            return original(document, key)
        except utils.RetrievalError:  # a translated fragment: its own notebook (myst-nb parses it as one) is empty
            if not _CURRENT:
                raise
            return original({"nb_renderer": _CURRENT[0]}, key)

    retrieve.falls_back = True  # type: ignore[attr-defined]
    sphinx_.load_renderer = load_and_remember
    for module in (utils, roles, directives):
        module.retrieve_glue_data = retrieve


def _link_other_edition(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    other = OTHER_EDITION.get(app.config.edition)
    if other is None:
        return
    prefix, language, label = other
    prefix = app.config.edition_roots.get(app.config.edition, prefix)  # a scenario's book: its other edition's folder
    href = context["pathto"](f"{prefix}{pagename}.html", 1)
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{language}" href="{href}" data-label="{label}">'
    )


def _chinese(text: str) -> str:
    """``text`` in Chinese, from the outputs catalogue (these texts are listed in :data:`tools.i18n.SPHINX_TEXTS`)."""
    from tools.i18n import output_catalogue

    return output_catalogue().translate(text)


def _register_bibliography_styles() -> None:
    """The book's citation style ``author_year_book`` and the Chinese edition's styles: ``plain_zh`` and ``author_year_book_zh``.

    ``author_year_book`` is Sphinx's author and year with a semicolon between the sources of one
    citation ([Tencent, 2024; Ant Group, 2020]): a comma there would read as one more author and year.

    ``plain_zh`` is the plain style with 网址： in place of an English "URL:" label (its blocks
    end with ". ", as GB/T 7714 sets a Chinese reference list);
    ``author_year_book_zh`` cites by author and year with a full-width comma.
    """
    from pybtex.plugin import find_plugin, register_plugin
    from pybtex.richtext import Text
    from pybtex.style.formatting.plain import Style as Plain
    from pybtex.style.template import field, href, join

    try:
        find_plugin("pybtex.style.formatting", "plain_zh")
        return
    except Exception:  # pybtex raises PluginNotFound: not yet registered in this process
        pass

    class PlainChinese(Plain):  # type: ignore[misc]  # pybtex has no type hints
        def memo_key(self) -> tuple[str, ...]:
            """What this style's output depends on besides the entry (tools.sphinx_speed remembers formatted entries)."""
            return (_chinese("URL:"),)

        def format_url(self, e: Any) -> Text:
            url = field("url", raw=True)
            return join[_chinese("URL:"), href(url)[url]]  # 网址：, whose full-width colon carries its own space

    register_plugin("pybtex.style.formatting", "plain_zh", PlainChinese)

    from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin
    from sphinxcontrib.bibtex.style.referencing import BracketStyle
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    class AuthorYearBook(AuthorYearReferenceStyle):
        """Author and year, the sources of one citation separated by semicolons."""

        def __init__(self) -> None:
            super().__init__(bracket_parenthetical=BracketStyle(sep="; "), bracket_label=BracketStyle(sep="; "))

    register_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", "author_year_book", AuthorYearBook, force=True)

    class AuthorYearChinese(AuthorYearReferenceStyle):
        """Author and year as the Chinese edition cites a source (动点科技 TechNode，2015年), as its ledger names it."""

        def __init__(self) -> None:
            # [全国银行间同业拆借中心，2023年；最高人民法院，2020年]: one citation's sources, full-width semicolons between
            super().__init__(
                author_year_sep="，", bracket_parenthetical=BracketStyle(sep="；"), bracket_label=BracketStyle(sep="；")
            )

    register_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", "author_year_book_zh", AuthorYearChinese, force=True)


#: Texts of the theme and of myst-nb that their own catalogues leave in English (their templates write them as they
#: are), or give as Taiwan writes them (列印成 PDF); the Chinese edition takes each from the outputs catalogue.
THEME_TEXTS = (
    "Link to this heading",
    "Link to this image",
    "Toggle primary sidebar",
    "Toggle secondary sidebar",
    "Toggle hidden content",
    "Search this book...",
    "Main",
    "Page",
    "Color mode",
    "System Settings",
    "Light",
    "Dark",
    "Table of contents",
    "Print to PDF",
    "Back to top",
)
THEME_RENDERINGS = {"列印成 PDF": "Print to PDF"}
_THEME_ATTRIBUTE = re.compile(r'\b(title|aria-label|placeholder|data-bs-title|data-tooltip)="([^"]+)"')
_THEME_TEXT = re.compile(r">(\s*)([^<>]+?)(\s*)<")
_COPYRIGHT = re.compile(r"©\s*Copyright\s+(\d{4})\.")


#: Sphinx's Chinese date of the last update, spaced and with an English full stop.
_LAST_UPDATED = re.compile(r"最后更新于 (\d{4}) 年 (\d{1,2}) 月 (\d{1,2}) 日\.")


def theme_in_chinese(markup: str, chinese: dict[str, str], copyright_line: str) -> str:
    """A rendered page with the theme's own texts (:data:`THEME_TEXTS`) in Chinese; every other text as it was.

    Examples
    --------
    >>> theme_in_chinese('<a title="Link to this heading">#</a><p>Main</p><p>Mainly</p> © Copyright 2026.',
    ...                  {"Link to this heading": "链接到此标题", "Main": "主导航"}, "© {0} 版权所有。")
    '<a title="链接到此标题">#</a><p>主导航</p><p>Mainly</p> © 2026 版权所有。'
    >>> theme_in_chinese("最后更新于 2026 年 12 月 03 日.", {}, "")
    '最后更新于2026年12月3日'
    """

    def attribute(m: re.Match[str]) -> str:
        return f'{m[1]}="{chinese.get(m[2], m[2])}"'

    def text(m: re.Match[str]) -> str:
        return f">{m[1]}{chinese.get(m[2], m[2])}{m[3]}<"

    markup = _THEME_TEXT.sub(text, _THEME_ATTRIBUTE.sub(attribute, markup))
    markup = _LAST_UPDATED.sub(lambda m: f"最后更新于{m[1]}年{int(m[2])}月{int(m[3])}日", markup)
    markup = markup.replace("作者： ", "作者：")
    return _COPYRIGHT.sub(lambda m: copyright_line.format(m[1]), markup)


def _theme_texts_in_chinese(app: Any) -> None:
    """In the Chinese edition, every page the builder renders gets the theme's texts in Chinese (:func:`theme_in_chinese`)."""
    if app.config.edition != "zh" or not hasattr(app.builder, "templates"):
        return
    from tools.i18n import output_catalogue

    catalogue = output_catalogue()
    chinese = {text: catalogue.translate(text) for text in THEME_TEXTS}
    chinese |= {rendering: chinese[text] for rendering, text in THEME_RENDERINGS.items()}
    copyright_line = catalogue.translate("© Copyright 2000.").replace("2000", "{0}")
    render = app.builder.templates.render

    def rendered(template: str, context: dict[str, Any]) -> str:
        return theme_in_chinese(render(template, context), chinese, copyright_line)

    app.builder.templates.render = rendered


#: A sentence of a reference that ends in Chinese, closed by the style's English full stop (本书阅读日期：2026年11月29日. 网址：).
_ENGLISH_STOP_AFTER_CHINESE = re.compile(r"(?<=[\u4e00-\u9fff）”》])\.(?= |$)")


def _set_text(parent: Any, at: int, text: str) -> None:
    """Put ``text`` in place of the text node at ``at`` (by position: text nodes are strings, equal ones compare equal)."""
    from docutils import nodes

    parent.children[at] = nodes.Text(text)
    parent.children[at].parent = parent


def chinese_reference_stops(text: str) -> str:
    """A reference's sentences that end in Chinese closed by 。, as a Chinese reference list sets them.

    >>> chinese_reference_stops("可信度：高。本书阅读日期：2026年11月29日. 网址：")
    '可信度：高。本书阅读日期：2026年11月29日。网址：'
    >>> chinese_reference_stops("csaimall.com. 微粒贷. 未注明日期.")
    'csaimall.com. 微粒贷。未注明日期。'
    >>> chinese_reference_stops("《中华人民共和国反洗钱法》. 2006年。")
    '《中华人民共和国反洗钱法》。2006年。'
    """
    return _ENGLISH_STOP_AFTER_CHINESE.sub("。", text).replace("。 ", "。")


def _chinese_stops_in_references(app: Any, doctree: Any, docname: str) -> None:
    """In the Chinese edition, the bibliography's and the citations' texts get :func:`chinese_reference_stops`."""
    if app.config.edition != "zh":
        return
    from docutils import nodes

    def walk(element: Any, previous: str) -> str:
        """Each text under ``element`` in document order; return the last one seen."""
        for at, child in enumerate(list(element.children)):
            if isinstance(child, nodes.Text):
                changed = chinese_reference_stops(str(child))
                if _ENGLISH_STOP_AFTER_CHINESE.match(previous[-1:] + changed, 1):  # the stop after a text before
                    changed = "。" + changed[1:]
                if previous.endswith("。") or changed.startswith("。"):  # no space after a full-width stop
                    changed = changed[:1] + changed[1:].lstrip(" ") if changed.startswith("。") else changed.lstrip(" ")
                if changed != str(child):
                    _set_text(element, at, changed)
                previous = changed or previous
            else:
                previous = walk(child, previous)
        return previous

    for entry in [*doctree.findall(nodes.citation), *doctree.findall(nodes.reference)]:
        walk(entry, "")
        if isinstance(entry, nodes.reference) and "reftitle" in entry:
            entry["reftitle"] = chinese_reference_stops(entry["reftitle"])


#: A glued figure followed by its unit of yuan (``<span class="pasted-text">10,000</span> 元``).
_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?")
#: What a glued figure is counted in: yuan, or things and people (100,000个模拟申请人 is 10万个).
_MEASURES = ("元", "个")


def _glued_amounts_in_chinese(app: Any, doctree: Any, docname: str) -> None:
    """In the Chinese edition, a glued amount of yuan in the prose follows the edition's rule (:func:`chinese_amount`).

    The catalogues' values already do (20万元, 5,000元); a figure glued into a sentence came out as
    ``10,000 元``. The figure and its unit are two nodes: the figure's text becomes 1, its unit's 万元;
    any other figure keeps its digits and loses the space before its unit (21.00元). A glued count of
    things (100,000个) is written the same way: 10万个.
    """
    if app.config.edition != "zh":
        return
    from docutils import nodes

    from tools.i18n import chinese_amount

    for unit in list(doctree.findall(nodes.Text)):
        parent, text = unit.parent, str(unit).lstrip(" ")
        if parent is None or not text.startswith(_MEASURES):
            continue
        at = next(i for i, child in enumerate(parent.children) if child is unit)
        figure = parent.children[at - 1] if at > 0 else None
        if not isinstance(figure, nodes.inline) or len(figure.children) != 1 or not isinstance(figure.children[0], nodes.Text):
            continue
        number = str(figure.children[0])
        if not _AMOUNT.fullmatch(number):
            continue
        written = chinese_amount(number)  # 1万元, 5,000元, 12,345元
        figure_text = written.removesuffix("元").removesuffix("万").removesuffix("亿")
        _set_text(figure, 0, figure_text)
        _set_text(parent, at, written[len(figure_text) : -1] + text)  # 万 or 亿 or nothing, then 元… or 个…, no space


_CJK_THEN_SPACE = re.compile(r"([\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”]) $")
_SPACE_THEN_CJK = re.compile(r"^ ([\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”])")


def chinese_inline_spacing(before: str, after: str) -> tuple[str, str]:
    """The texts on either side of an inline element (a glued value, an emphasis, a citation) without the space to Chinese.

    Markdown needs a space between 是 and ``*{glue:text}`v_C45`*`` for the emphasis to parse;
    the page does not: Chinese runs into a marked word without one.

    Examples
    --------
    >>> chinese_inline_spacing("结论是 ", " 。")
    ('结论是', '。')
    >>> chinese_inline_spacing("see ", " and")
    ('see ', ' and')
    """
    return _CJK_THEN_SPACE.sub(r"\1", before), _SPACE_THEN_CJK.sub(r"\1", after)


def _chinese_inline_spacing(app: Any, doctree: Any, docname: str) -> None:
    """In the Chinese edition, no space between Chinese text and an inline element beside it (:func:`chinese_inline_spacing`)."""
    if app.config.edition != "zh":
        return
    from docutils import nodes

    inline = (nodes.emphasis, nodes.strong, nodes.inline, nodes.reference, nodes.citation_reference)
    for element in list(doctree.findall(lambda n: isinstance(n, inline))):
        parent = element.parent
        if parent is None or isinstance(parent, nodes.FixedTextElement):
            continue
        at = parent.index(element)
        if at > 0 and isinstance(parent[at - 1], nodes.Text):
            text = str(parent[at - 1])
            new, _ = chinese_inline_spacing(text, "")
            if new != text:
                _set_text(parent, at - 1, new)
        if at + 1 < len(parent) and isinstance(parent[at + 1], nodes.Text):
            text = str(parent[at + 1])
            _, new = chinese_inline_spacing("", text)
            if new != text:
                _set_text(parent, at + 1, new)


def setup(app: Any) -> dict[str, Any]:
    """Register ``edition``, the link to the other edition, glue in translations, the theme's texts and a bibliography style."""
    _register_bibliography_styles()
    app.add_config_value("edition", "en", "html", [str])
    app.add_config_value("edition_roots", {}, "html", [dict])
    app.add_transform(RememberDocument)
    _patch_glue()
    app.connect("html-page-context", _link_other_edition)
    app.connect("builder-inited", _theme_texts_in_chinese)
    app.connect("doctree-resolved", _chinese_stops_in_references)
    app.connect("doctree-resolved", _glued_amounts_in_chinese)
    app.connect("doctree-resolved", _chinese_inline_spacing)
    return {"parallel_read_safe": False, "parallel_write_safe": True}
