"""The Chinese edition's stage: its catalogues, configuration and files, translated again only when something changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo

from tools.book_config import ConfigError, chinese_config, read_config, write_config
from tools.digest import NamedParts, of_bytes, of_file
from tools.i18n.patterns import (
    EDITION_DIR,
    LANGUAGE,
    LOCALE_DIR,
    OUTPUTS_DOMAIN,
    OutputCatalogue,
    TranslationError,
    _read_catalogue,
    catalogue_dir,
)
from tools.i18n.typography import mainland_quotes
from tools.i18n.walkers import CONFIG_TEXTS, GENERATED_PAGES, translate_bibtex, translate_markdown, translate_notebook
from tools.notebooks import ROOT


@cache
def _catalogue_for(path: Path, digest: str) -> OutputCatalogue:
    return OutputCatalogue.load(path)


def output_catalogue(root: Path = ROOT) -> OutputCatalogue:
    """The outputs catalogue of the tree (read once per content), with fresh counters."""
    path = catalogue_dir(root) / f"{OUTPUTS_DOMAIN}.po"
    digest = of_file(path) if path.is_file() else ""
    loaded = _catalogue_for(path, digest)
    return OutputCatalogue(glossary_names() | loaded.exact, loaded.patterns)


def glossary_names() -> dict[str, str]:
    """The glossary's names of what the code keys (verdicts, methods, checks, assumptions, choices), English to Chinese."""
    from model.glossary import NAMED_KINDS, load_glossary

    return {t.en: t.zh for t in load_glossary().values() if t.kind in NAMED_KINDS}


def compiled_catalogues(root: Path = ROOT) -> dict[Path, bytes]:
    """Every prose catalogue compiled (``.mo``), by its path relative to ``book/locales``; fuzzy entries left out."""
    out: dict[Path, bytes] = {}
    base = root / LOCALE_DIR
    for po in sorted(catalogue_dir(root).rglob("*.po")):
        if po.name == f"{OUTPUTS_DOMAIN}.po":
            continue
        out[po.relative_to(base).with_suffix(".mo")] = _compiled(po, of_file(po))
    return out


@lru_cache(maxsize=64)
def _compiled(po: Path, digest: str) -> bytes:
    """One prose catalogue compiled, once per content (every book of a build stages the same catalogues)."""
    catalogue = _read_catalogue(po)
    for message in catalogue:
        if message.id and isinstance(message.string, str):
            message.string = mainland_quotes(message.string)
    buffer = BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def edition_config(config: str, translate: Callable[[str], str]) -> str:
    """The English ``_config.yml`` made the Chinese edition's: language, catalogues, title, footer and banner in Chinese."""
    try:
        english = read_config(config)
    except ConfigError as exc:
        raise TranslationError(str(exc)) from exc
    chinese = chinese_config(
        english, translate, language=LANGUAGE, locale_dir=LOCALE_DIR, edition=EDITION_DIR, prompts=CONFIG_TEXTS
    )
    return write_config(chinese).decode("utf-8")


#: In the Chinese edition's stage: for each translated file, the digests of its English, of the translation's inputs
#: and of the translation, so a rebuild translates only what changed (nothing, when no text changed).
TRANSLATED_MANIFEST = Path(".translated.json")  # staged with the files (Sphinx's _build is wiped on a full rebuild)


def translation_key(root: Path = ROOT) -> str:
    """A digest of everything a translation depends on: the catalogues, the glossary and the translating code.

    The code is this module and every project module it imports, directly or not (found by reading the imports,
    as a notebook's are): a change to the glossary's loader or to the readers' names translates the edition again.
    """
    from tools.notebooks import module_closure, module_file

    parts = NamedParts()
    inputs = [*sorted(catalogue_dir(root).rglob("*.po")), root / "data" / "glossary.yaml"]
    code = (module_file(name, root) for name in module_closure(frozenset({"tools.i18n"})))
    inputs += [path for path in code if path is not None]
    for path in inputs:
        parts.add(str(path.relative_to(root)), path.read_bytes() if path.is_file() else b"")
    return parts.hexdigest()


def translatable(rel: Path) -> bool:
    """Whether a staged file (relative to the stage) has a Chinese version: notebooks, configuration, bibliography, pages."""
    return (
        rel.suffix == ".ipynb"
        or rel in (Path("_config.yml"), Path("data/references.bib"))
        or (rel.parent == Path("book") and rel.suffix == ".md" and rel.stem in GENERATED_PAGES)
    )


def _translated(rel: Path, english: bytes, catalogue: OutputCatalogue) -> bytes | None:
    """The Chinese edition's version of one staged file, or None for a file both editions share."""
    if rel.suffix == ".ipynb":
        notebook = translate_notebook(json.loads(english), catalogue.translate)
        return (json.dumps(notebook, ensure_ascii=False, indent=1) + "\n").encode()
    if rel == Path("_config.yml"):
        return edition_config(english.decode(), catalogue.translate).encode()
    if rel == Path("data/references.bib"):
        return translate_bibtex(english.decode(), catalogue.translate, catalogue.lookup).encode()
    if rel.parent == Path("book") and rel.suffix == ".md" and rel.stem in GENERATED_PAGES:
        return translate_markdown(english.decode(), catalogue.translate).encode()
    return None


#: Where a Chinese stage records the digest of the outputs catalogue its Sphinx run reads (beside its compiled catalogues).
OUTPUTS_DIGEST = f"{OUTPUTS_DOMAIN}.po.sha256"

#: Translations made in this process, by staged path, digest of the English and translation key: a notebook that
#: several books share (a scenario's chapter that is the default's) is translated once per build, not once per book.
_MADE: dict[tuple[str, str, str], bytes] = {}


def edition_files(wanted: dict[Path, bytes], stage: Path, zh_stage: Path, root: Path = ROOT) -> dict[Path, bytes]:
    """The Chinese edition's staged files from the English stage's: outputs translated, config and catalogues added.

    A file whose English and translation inputs are those of its staged translation (checked by
    digest against :data:`TRANSLATED_MANIFEST`) is reused as staged, not translated again; one
    translated, or reused as staged, for another book in this process is reused from memory (a
    scenario's book shares most chapters with the default book, whose stage holds them).
    """
    key = translation_key(root)
    try:
        manifest = json.loads((zh_stage / TRANSLATED_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    manifest = manifest if isinstance(manifest, dict) else {}
    catalogue: OutputCatalogue | None = None
    files: dict[Path, bytes] = {}
    record: dict[str, list[str]] = {}
    for target, english in wanted.items():
        rel = target.relative_to(stage)
        if not translatable(rel):  # shared by both editions (styles, scripts, the Vega bundle, downloads)
            files[zh_stage / rel] = english
            continue
        english_digest = of_bytes(english)
        entry, staged, content = manifest.get(str(rel)), zh_stage / rel, None
        if isinstance(entry, list) and entry[:2] == [english_digest, key] and staged.is_file():
            previous = staged.read_bytes()
            content = previous if of_bytes(previous) == entry[2] else None  # an edited copy: again
        if content is None:
            content = _MADE.get((str(rel), english_digest, key))
        if content is None:
            catalogue = catalogue or output_catalogue(root)
            content = _translated(rel, english, catalogue) or english
        if len(_MADE) > 1000:  # a long-lived process (a test session) keeps no more than a few books' worth
            _MADE.clear()
        _MADE[(str(rel), english_digest, key)] = content  # reused as staged too: a scenario's book shares it
        record[str(rel)] = [english_digest, key, of_bytes(content)]
        files[zh_stage / rel] = content
    for rel, mo in compiled_catalogues(root).items():
        files[zh_stage / LOCALE_DIR / rel] = mo
    # Sphinx reads the outputs catalogue too, as it writes each page (the theme's texts, the bibliography's 网址：):
    # its digest among the stage's catalogues makes a changed translation there rewrite every page, as one in a
    # prose catalogue does (tools.build.inputs.static_digest)
    outputs = catalogue_dir(root) / f"{OUTPUTS_DOMAIN}.po"
    files[zh_stage / LOCALE_DIR / OUTPUTS_DIGEST] = ((of_file(outputs) if outputs.is_file() else "") + "\n").encode()
    files[zh_stage / TRANSLATED_MANIFEST] = json.dumps(record, sort_keys=True).encode()
    return files
