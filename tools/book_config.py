"""The book's configuration, ``_config.yml``, as data: read once, given each book's overrides, written for Sphinx.

Each staged book (the default one, a scenario's, each in English and in Chinese) gets its own
``_config.yml``. They differ from the repository's in a few settings, set here on the parsed
mapping rather than by replacing lines of text, so a reformatted or commented ``_config.yml``
still gives every book the same settings.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

#: The settings every staged book needs in ``sphinx.config`` (Jupyter Book's ``sphinx: config:``).
REQUIRED_SPHINX_SETTINGS = ("language", "edition", "book_tags", "bibtex_default_style", "bibtex_reference_style")


class ConfigError(ValueError):
    """A ``_config.yml`` that lacks a setting a staged book must override."""


def read_config(text: str | bytes) -> dict[str, Any]:
    """The configuration as a mapping, checked for the settings the books override.

    Examples
    --------
    >>> read_config("title: T\\nhtml: {}\\nsphinx: {config: {language: en, edition: en, book_tags: [], "
    ...             "bibtex_default_style: plain, bibtex_reference_style: author_year}}")["sphinx"]["config"]["edition"]
    'en'
    """
    config = yaml.safe_load(text)
    if not isinstance(config, dict):
        raise ConfigError(f"_config.yml: expected a mapping of Jupyter Book settings, got {type(config).__name__}")
    settings = sphinx_settings(config)
    missing = [key for key in REQUIRED_SPHINX_SETTINGS if key not in settings]
    if missing or not isinstance(config.get("html"), dict):
        raise ConfigError(f"_config.yml: expected html and sphinx.config.{', '.join(missing) or 'language'} settings")
    return config


def sphinx_settings(config: dict[str, Any]) -> dict[str, Any]:
    """The mapping of Sphinx settings (``sphinx: config:``), empty when there is none."""
    sphinx = config.get("sphinx")
    settings = sphinx.get("config") if isinstance(sphinx, dict) else None
    return settings if isinstance(settings, dict) else {}


def book_config(
    config: dict[str, Any],
    *,
    linked_edition: bool = True,
    announcement: str = "",
    edition_roots: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An English book's configuration: without a link to a Chinese edition, or a scenario's with its banner.

    ``linked_edition`` false sets ``edition: none`` (a book published alone); ``announcement`` is
    the banner of a scenario's book, which also gets the tag ``scenario``; ``edition_roots`` are
    where each edition of a scenario's book finds the other.
    """
    out = copy.deepcopy(config)
    settings = sphinx_settings(out)
    if not linked_edition:
        settings["edition"] = "none"
    if edition_roots:
        settings["edition_roots"] = dict(edition_roots)
    if announcement:
        out["html"]["announcement"] = announcement
        settings["book_tags"] = ["scenario"]
    return out


def chinese_config(
    config: dict[str, Any],
    translate: Callable[[str], str],
    *,
    language: str,
    locale_dir: Path,
    edition: str,
    prompts: tuple[str, str],
) -> dict[str, Any]:
    """The Chinese edition's configuration: language, catalogues, styles, title, footer and banner in Chinese."""
    out = copy.deepcopy(config)
    for key in ("title", "author"):
        if isinstance(out.get(key), str):
            out[key] = translate(out[key])
    for key in ("extra_footer", "announcement"):
        if isinstance(out["html"].get(key), str):
            out["html"][key] = translate(out["html"][key])
    settings = sphinx_settings(out)
    settings.update(
        language=language,
        locale_dirs=[locale_dir.as_posix()],
        gettext_compact=False,
        gettext_auto_build=False,
        gettext_additional_targets=["index"],
        bibtex_default_style=f"{settings['bibtex_default_style']}_zh",
        bibtex_reference_style=f"{settings['bibtex_reference_style']}_zh",
        edition=edition,
        nb_code_prompt_show=translate(prompts[0]),
        nb_code_prompt_hide=translate(prompts[1]),
    )
    return out


def write_config(config: dict[str, Any]) -> bytes:
    """The configuration as ``_config.yml`` text, Chinese kept as written."""
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=4096).encode("utf-8")
