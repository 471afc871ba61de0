"""Catalogue upkeep: ``python -m tools.i18n update`` and ``check``, the counts of translated messages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import write_po

from tools.i18n.edition import output_catalogue
from tools.i18n.patterns import (
    LANGUAGE,
    LOCALE_DIR,
    OUTPUTS_DOMAIN,
    TranslationError,
    _read_catalogue,
    as_pattern,
    catalogue_dir,
    needs_translation,
)
from tools.i18n.walkers import (
    CHART_WORD,
    CONFIG_TEXTS,
    GENERATED_PAGES,
    SPHINX_TEXTS,
    output_texts,
    translate_bibtex,
    translate_markdown,
)
from tools.notebooks import ROOT


def _gettext_templates(stage: Path) -> Path:
    """Sphinx's gettext builder on a copy of the English stage; the folder of ``.pot`` files it wrote."""
    work = Path(tempfile.mkdtemp(prefix="book-gettext-"))
    copy_root = work / "stage"
    shutil.copytree(stage, copy_root, ignore=shutil.ignore_patterns("_build"))
    config = (copy_root / "_config.yml").read_text(encoding="utf-8")
    (copy_root / "_config.yml").write_text(
        config.replace(
            "    language: en\n", "    language: en\n    gettext_compact: false\n    gettext_additional_targets: [index]\n", 1
        )
    )
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "jupyter-book"),
            "build",
            str(copy_root),
            "--builder",
            "custom",
            "--custom-builder",
            "gettext",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        shutil.rmtree(work, ignore_errors=True)
        raise TranslationError(
            "Sphinx's gettext builder failed: " + (result.stderr or result.stdout).strip().splitlines()[-1][:200]
        )
    return copy_root / "_build" / "gettext"


@dataclass
class Counts:
    """How complete the Chinese edition is."""

    translated: int = 0
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    by_catalogue: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def missing(self) -> int:
        return len(self.untranslated) + len(self.fuzzy)


def prose_counts(pot_dir: Path, root: Path = ROOT, counts: Counts | None = None) -> Counts:
    """Count, page by page, the messages of the current English text against the catalogues."""
    counts = counts or Counts()
    for pot in sorted(pot_dir.rglob("*.pot")):
        domain = pot.relative_to(pot_dir).with_suffix("").as_posix()
        if pot.stem in GENERATED_PAGES:  # written by code: the outputs catalogue translates them
            continue
        po = {str(m.id): m for m in _read_catalogue(catalogue_dir(root) / f"{domain}.po") if m.id}
        done = untranslated = fuzzy = 0
        for message in _read_catalogue(pot):
            msgid = str(message.id)
            if not message.id or not needs_translation(msgid):
                continue
            entry = po.get(msgid)
            if entry is None or not entry.string:
                untranslated += 1
                counts.untranslated.append(f"{domain}: {msgid[:80]}")
            elif entry.fuzzy:
                fuzzy += 1
                counts.fuzzy.append(f"{domain}: {msgid[:80]}")
            else:
                done += 1
        counts.translated += done
        counts.by_catalogue[domain] = (done, untranslated, fuzzy)
    return counts


def page_texts(stage: Path) -> list[str]:
    """Every text with English words of the staged book's outputs and generated pages."""
    texts = [
        t for nb in sorted((stage / "book").glob("*.ipynb")) for t in output_texts(json.loads(nb.read_text(encoding="utf-8")))
    ]

    def collect(text: str) -> str:
        texts.append(text.strip())
        return text

    for name in GENERATED_PAGES:
        page = stage / "book" / f"{name}.md"
        if page.is_file():
            translate_markdown(page.read_text(encoding="utf-8"), collect)
    config = (stage / "_config.yml").read_text(encoding="utf-8")
    for pattern in (r'^title: "(.*)"$', r'^  extra_footer: "(.*)"$', r"^author: (.*)$"):
        found = re.search(pattern, config, re.MULTILINE)
        if found:
            texts.append(found.group(1))
    texts += list(CONFIG_TEXTS)
    from report.render import EMBED_LABELS

    # what the Chinese edition's charts and its Sphinx extension say that no English page shows
    texts += [CHART_WORD, *SPHINX_TEXTS, *EMBED_LABELS.values()]
    bib = stage / "data" / "references.bib"
    if bib.is_file():
        translate_bibtex(bib.read_text(encoding="utf-8"), collect, lambda _: None)
    return [t for t in texts if needs_translation(t)]


def output_counts(stage: Path, root: Path = ROOT, counts: Counts | None = None) -> Counts:
    """Count the texts of outputs and generated pages the outputs catalogue translates and those it does not."""
    counts = counts or Counts()
    catalogue = output_catalogue(root)
    texts = page_texts(stage)
    for text in dict.fromkeys(texts):
        catalogue.translate(text)
    missing = sorted(catalogue.missing)
    counts.untranslated += [f"{OUTPUTS_DOMAIN}: {t[:80]}" for t in missing]
    fuzzy = [str(m.id) for m in _read_catalogue(catalogue_dir(root) / f"{OUTPUTS_DOMAIN}.po") if m.id and m.fuzzy]
    counts.fuzzy += [f"{OUTPUTS_DOMAIN}: {t[:80]}" for t in fuzzy]
    done = len(catalogue.used)
    counts.translated += done
    counts.by_catalogue[OUTPUTS_DOMAIN] = (done, len(missing), len(fuzzy))
    return counts


def _merge_outputs(texts: Iterable[str], root: Path) -> tuple[int, int]:
    """Add a message (numbers as placeholders) for every output text the catalogue does not translate; return (added, unused)."""
    path = catalogue_dir(root) / f"{OUTPUTS_DOMAIN}.po"
    catalogue = _read_catalogue(path)
    for message in [m for m in catalogue if m.id and not m.string]:  # listed again below if still needed
        catalogue.delete(message.id)
    current = output_catalogue(root)
    added = 0
    for text in dict.fromkeys(texts):
        if current.lookup(text) is None:
            msgid = as_pattern(text)
            if msgid not in catalogue:
                catalogue.add(msgid, "")
                added += 1
    # A message no output uses any more (its English changed, or its parts are not yet translated) is reported, not
    # dropped: the changed text itself is counted as untranslated until a message covers it again.
    unused = [m for m in catalogue if m.id and m.string and str(m.id) not in current.used and not m.fuzzy]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=100, sort_output=False, omit_header=False)
    return added, len(unused)


def stage_dir(root: Path = ROOT) -> Path:
    """The English book's stage of the last build."""
    return root / "_build" / "stage"


def update(root: Path = ROOT) -> str:
    """Merge the current English text into every catalogue; return a one-line summary."""
    from sphinx_intl import basic

    stage = stage_dir(root)
    if not (stage / "_config.yml").is_file():
        raise TranslationError(f"{stage} holds no staged book: run `make book` first")
    pot_dir = _gettext_templates(stage)
    for generated in GENERATED_PAGES:  # the outputs catalogue translates pages written by code
        for pot in pot_dir.rglob(f"{generated}.pot"):
            pot.unlink()
    try:
        basic.update(str(root / LOCALE_DIR), str(pot_dir), (LANGUAGE,), line_width=100)
    finally:
        shutil.rmtree(pot_dir.parent.parent.parent, ignore_errors=True)
    _fill_untranslatable(root)
    added, unused = _merge_outputs(page_texts(stage), root)
    return f"catalogues updated in {catalogue_dir(root).relative_to(root)}: {added} new output messages, {unused} unused"


def _fill_untranslatable(root: Path) -> None:
    """Messages without English words (roles, code, numbers) are their own translation."""
    for po in sorted(catalogue_dir(root).rglob("*.po")):
        if po.name == f"{OUTPUTS_DOMAIN}.po":
            continue
        catalogue = _read_catalogue(po)
        changed = False
        for message in catalogue:
            if message.id and not message.string and not needs_translation(str(message.id)):
                message.string = message.id
                changed = True
        if changed:
            with po.open("wb") as handle:
                write_po(handle, catalogue, width=100, omit_header=False)


def check(root: Path = ROOT) -> Counts:
    """Count translated, untranslated and out-of-date messages of the current English text."""
    stage = stage_dir(root)
    if not (stage / "_config.yml").is_file():
        raise TranslationError(f"{stage} holds no staged book: run `make book` first")
    pot_dir = _gettext_templates(stage)
    try:
        counts = prose_counts(pot_dir, root)
    finally:
        shutil.rmtree(pot_dir.parent.parent.parent, ignore_errors=True)
    return output_counts(stage, root, counts)


def main(argv: list[str] | None = None) -> int:
    """``update`` or ``check``; one line on a bad catalogue or a missing build."""
    from model import cli

    parser = cli.OneLineParser(prog="python -m tools.i18n", description="The Chinese edition's catalogues.")
    parser.add_argument("command", choices=("update", "check"))
    parser.add_argument("--list", action="store_true", help="with check: list every missing message")
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            print(update())
            return 0
        counts = check()
    except TranslationError as exc:
        print(f"python -m tools.i18n: error: {exc}", file=sys.stderr)
        return 2
    for domain, (done, untranslated, fuzzy) in counts.by_catalogue.items():
        print(f"{domain:28} {done:5} translated {untranslated:5} untranslated {fuzzy:4} out of date")
    print(f"total: {counts.translated} translated, {len(counts.untranslated)} untranslated, {len(counts.fuzzy)} out of date")
    if args.list:
        for line in counts.untranslated + counts.fuzzy:
            print("  " + line)
    return 1 if counts.missing else 0
