"""The Chinese edition's glossary (``data/glossary.yaml``): one Chinese term per English term.

The code takes the Chinese names of the repayment methods and of the verdicts from here
(:func:`chinese_names`), and the translation tests check that every catalogue message whose
English text uses a term carries the Chinese term in its translation.

``python -m model.glossary [--format json|table]`` prints the glossary.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from model import cli
from model.errors import ModelInputError
from model.loaders import DATA_DIR, load_yaml, records_by_id

GLOSSARY_FILE = DATA_DIR / "glossary.yaml"
TermKind = Literal["term", "repayment_method", "verdict", "check", "assumption", "choice", "parameter", "scenario"]
#: The kinds whose entries name something the code has a key for: pages show these names, never the keys.
NAMED_KINDS: tuple[TermKind, ...] = ("repayment_method", "verdict", "check", "assumption", "choice", "parameter", "scenario")


class Term(BaseModel):
    """One glossary entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")  # a scenario is named by its file's stem (rule-usual)
    kind: TermKind
    zh: str = Field(min_length=1, max_length=20, pattern=r"^[\u3400-\u9fff0-9]+$")
    en: str = Field(min_length=2, max_length=60, pattern=r"^[A-Za-z0-9][A-Za-z0-9 -]*[A-Za-z0-9]$")
    note: str = ""

    def english_pattern(self) -> re.Pattern[str]:
        """Where an English text uses the term: whole words, any case for lower-case terms (``APR`` only as is)."""
        flags = 0 if self.en != self.en.lower() else re.IGNORECASE
        words = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", self.en))  # "non-performing loan" counts too
        return re.compile(r"(?<![A-Za-z-])" + words + r"(?![A-Za-z])", flags)


@cache
def load_glossary(path: Path = GLOSSARY_FILE) -> dict[str, Term]:
    """Every term by id; unique ids, Chinese terms and English terms, or a one-line ModelInputError."""
    raw = load_yaml(path)
    if not isinstance(raw, dict) or set(raw) != {"terms"}:
        raise ModelInputError(
            path.name, "a mapping with one key, terms", type(raw).__name__ if not isinstance(raw, dict) else sorted(raw)
        )
    terms = records_by_id(raw["terms"], Term, path.name, "terms", path=path, under=("terms",))
    for attribute in ("zh", "en"):
        seen: dict[str, str] = {}
        for term in terms.values():
            key = getattr(term, attribute).lower()
            if key in seen:
                raise ModelInputError(
                    f"{path.name}: {term.id}.{attribute}", f"a term no other entry uses ({seen[key]} has it)", key
                )
            seen[key] = term.id
    return terms


def chinese_names(kind: TermKind, ids: Iterable[str], path: Path = GLOSSARY_FILE) -> dict[str, str]:
    """The Chinese term of each of ``ids``, which must be exactly the glossary's entries of ``kind``.

    Examples
    --------
    >>> chinese_names("repayment_method", ["equal_instalment", "equal_principal", "interest_only", "bullet"])["bullet"]
    '到期还本付息'
    """
    wanted = list(ids)
    entries = {t.id: t.zh for t in load_glossary(path).values() if t.kind == kind}
    if set(entries) != set(wanted):
        missing, extra = sorted(set(wanted) - set(entries)), sorted(set(entries) - set(wanted))
        raise ModelInputError(f"{path.name}: {kind} entries", f"exactly {sorted(wanted)}", f"missing {missing}, extra {extra}")
    return {i: entries[i] for i in wanted}


def english_names(kind: TermKind, ids: Iterable[str], path: Path = GLOSSARY_FILE) -> dict[str, str]:
    """The English reader's name of each of ``ids``, which must be exactly the glossary's entries of ``kind``.

    Examples
    --------
    >>> english_names("choice", ["window_guidance", "four_times_lpr"])["four_times_lpr"]
    'four times the LPR'
    """
    wanted = list(ids)
    entries = {t.id: t.en for t in load_glossary(path).values() if t.kind == kind}
    if set(entries) != set(wanted):
        missing, extra = sorted(set(wanted) - set(entries)), sorted(set(entries) - set(wanted))
        raise ModelInputError(f"{path.name}: {kind} entries", f"exactly {sorted(wanted)}", f"missing {missing}, extra {extra}")
    return {i: entries[i] for i in wanted}


def scenario_names(path: Path = GLOSSARY_FILE) -> dict[str, str]:
    """The reader's English name of each scenario the glossary names, by the scenario's name (its file's stem).

    A scenario an analyst adds without an entry is shown by its file's stem.

    Examples
    --------
    >>> scenario_names()["year-360"]
    'A 360-day year'
    """
    return {t.id: t.en for t in load_glossary(path).values() if t.kind == "scenario"}


def main(argv: list[str] | None = None) -> int:
    """Print the glossary; exit 2 with one line if it does not load."""
    parser = cli.OneLineParser(prog="python -m model.glossary", description="The Chinese edition's glossary.")
    parser.add_argument("--format", choices=("json", "table"), default="table")
    args = parser.parse_args(argv)
    try:
        terms = load_glossary()
    except ModelInputError as exc:
        print(f"python -m model.glossary: error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps([t.model_dump() for t in terms.values()], ensure_ascii=False, indent=1))
    else:
        for t in terms.values():
            print(f"{t.kind:16}  {t.zh:8}\t{t.en}")
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.glossary")
