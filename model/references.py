"""Public reference facts with citations, used by the checks behind every verdict.

The facts live in ``data/references.yaml``; each names a BibTeX key of
``data/references.bib``. Values are plain numbers whose key suffix gives the unit:
``_yuan`` (CNY), ``_persons``, ``_rate`` (a fraction: 0.012 is 1.2%), ``_years``, ``_days``,
``_score`` (Pay Score points).

Run ``python -m model.references`` to list them.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from model import cli
from model.errors import ModelInputError, one_of
from model.loaders import DATA_DIR, load_yaml, records_by_id

BIB_PATH = DATA_DIR / "references.bib"
_UNIT_SUFFIXES = ("_yuan", "_persons", "_rate", "_years", "_days", "_score", "_multiple")


class Confidence(StrEnum):
    """How far a reference fact is trusted, from ``low`` to ``high``."""

    LOW = "low"
    LOW_MEDIUM = "low-medium"
    MEDIUM = "medium"
    MEDIUM_HIGH = "medium-high"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """0 for ``low`` up to 4 for ``high``."""
        return list(Confidence).index(self)


class Rule(BaseModel):
    """The words of a rule or regulation, quoted from its own text (``data/rules.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title_zh: str
    title_en: str
    number: str
    article: str
    in_force_from: dt.date
    text_zh: str = Field(min_length=10)
    text_en: str = Field(min_length=10)
    text_source: str


class Ownership(BaseModel):
    """Who runs a product the article names, as a source states it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    product_zh: str = Field(min_length=1)
    owner: str = Field(min_length=2)


class Reference(BaseModel):
    """One public fact: what it measures, of whom, as of when, where it was read, and how far it is trusted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    kind: Literal["fact", "rule", "absence"]
    period_kind: Literal["figure", "standing", "in_force"]
    topic: str
    metric: str = Field(min_length=3)
    subject: str = Field(min_length=2)
    covers: tuple[str, ...] = ()
    bounds: tuple[str, ...] = ()
    statement: str
    values: dict[str, float]
    #: None for an undated page: its period cannot be compared with a claim's, so it never decides one.
    as_of: dt.date | None
    publisher: str
    title: str
    source: str
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    accessed: dt.date | None = None
    excerpt: str | None = None
    rule: str | None = None
    bibkey: str | None
    confidence: Confidence
    #: For a source that says who runs a product: the product and the owner it names.
    ownership: Ownership | None = None

    @field_validator("url")
    @classmethod
    def _url_has_a_host(cls, url: str | None) -> str | None:
        if url is None:
            return None
        try:
            host = urlparse(url).hostname
        except ValueError:
            host = None
        if not host:
            raise ValueError(f"an address with a host name (https://host/path), got {url[:60]!r}")
        return url

    @model_validator(mode="after")
    def _rule_named(self) -> Reference:
        if (self.kind == "rule") != (self.rule is not None):
            raise ValueError("a reference of kind 'rule' names its rule in data/rules.yaml, and only such a reference does")
        if (self.kind == "rule") != (self.period_kind == "in_force"):
            raise ValueError("a rule's period_kind is 'in_force', and only a rule's is")
        return self

    @field_validator("values")
    @classmethod
    def _units_named(cls, values: dict[str, float]) -> dict[str, float]:
        for key in values:
            if not key.endswith(_UNIT_SUFFIXES):
                raise ValueError(f"value {key!r} must end in a unit suffix, one of {', '.join(_UNIT_SUFFIXES)}")
        return values

    @property
    def date(self) -> dt.date:
        """The date the source describes; an undated source has none (an error naming it)."""
        if self.as_of is None:
            raise ModelInputError(f"{self.id}.as_of", "a dated source for this use", "an undated one")
        return self.as_of

    @property
    def as_of_label(self) -> str:
        """The date as a reader sees it: ISO 8601, or "undated"."""
        return self.as_of.isoformat() if self.as_of is not None else "undated"

    def applies_to(self, subject: str) -> bool:
        """Whether this reference speaks of ``subject``: its own subject, or one a rule covers."""
        return subject == self.subject or subject in self.covers

    def bounds_above(self, subject: str) -> bool:
        """Whether this figure bounds the same quantity of ``subject`` from above (a bank's customers, of one of its loans)."""
        return subject in self.bounds

    def value(self, key: str) -> float:
        """Return one numeric value, with an error naming the known keys."""
        if key not in self.values:
            raise ModelInputError(f"{self.id}.values", f"one of {sorted(self.values)}", key)
        return self.values[key]


def bib_keys(path: Path = BIB_PATH) -> set[str]:
    """Return the entry keys of a BibTeX file."""
    return set(re.findall(r"@\w+\{([^,\s]+),", path.read_text(encoding="utf-8")))


@cache
def _bib_entries(path: Path) -> Any:
    """The BibTeX file's entries, parsed once (pybtex's ``OrderedCaseInsensitiveDict`` of entries)."""
    from pybtex.database import parse_file

    return parse_file(str(path), bib_format="bibtex").entries


def bib_authors(path: Path = BIB_PATH) -> dict[str, str]:
    """Each BibTeX entry's ``author`` as its citation label prints it (a braced corporate name, whole), by entry key.

    Examples
    --------
    >>> bib_authors()["technode2015weilidai"], bib_authors()["aggregators2023weilidai"]
    ('TechNode', 'csaimall.com')
    """
    entries = _bib_entries(path).items()
    return {key: " and ".join(str(p) for p in entry.persons.get("author", [])).strip("{}") for key, entry in entries}


def bib_years(path: Path = BIB_PATH) -> dict[str, str]:
    """Each BibTeX entry's ``year`` field as written (``2021``, ``n.d.``), by entry key.

    Examples
    --------
    >>> bib_years()["yicai2021jiebei"], bib_years()["aggregators2023weilidai"]
    ('2021', 'n.d.')
    """
    return {key: entry.fields.get("year", "n.d.") for key, entry in _bib_entries(path).items()}


def parse_references(records: object, source: str = "references.yaml", path: Path | None = None) -> dict[str, Reference]:
    """Validate raw records into references keyed by id.

    Raises
    ------
    ModelInputError
        Naming the record and field at fault.
    """
    return records_by_id(records, Reference, source, "reference", path=path)


@cache
def load_rules() -> dict[str, Rule]:
    """Load ``data/rules.yaml``: the rules' own words."""
    return records_by_id(load_yaml(DATA_DIR / "rules.yaml"), Rule, "rules.yaml", "rule", path=DATA_DIR / "rules.yaml")


def rule(rule_id: str) -> Rule:
    """Return one rule by id, with an error listing the known ids."""
    return one_of(load_rules(), rule_id, "rule id", sort=True)


@cache
def load_references() -> dict[str, Reference]:
    """Load ``data/references.yaml``; check every BibTeX key and every rule it names exists."""
    refs = parse_references(load_yaml(DATA_DIR / "references.yaml"), path=DATA_DIR / "references.yaml")
    keys = bib_keys()
    rules = load_rules()
    for ref in refs.values():
        if ref.bibkey is not None and ref.bibkey not in keys:
            raise ModelInputError(f"references.yaml:{ref.id}.bibkey", f"a key of {BIB_PATH.name}", ref.bibkey)
        if ref.rule is not None and ref.rule not in rules:
            raise ModelInputError(f"references.yaml:{ref.id}.rule", f"an id of rules.yaml ({', '.join(rules)})", ref.rule)
    owned: dict[str, str] = {}
    for ref in refs.values():
        if ref.ownership is not None:
            product = ref.ownership.product_zh
            if product in owned:
                raise ModelInputError(
                    f"references.yaml:{ref.id}.ownership", f"a product no other source owns ({owned[product]})", product
                )
            owned[product] = ref.id
    return refs


def product_owner(product_zh: str) -> tuple[str, Reference]:
    """Who runs a product the article names, and the source that says so (the reference whose ``ownership`` names it)."""
    owners = {r.ownership.product_zh: (r.ownership.owner, r) for r in load_references().values() if r.ownership}
    return one_of(owners, product_zh, "product_zh")


def reference(ref_id: str) -> Reference:
    """Return one reference by id, with an error listing the known ids."""
    return one_of(load_references(), ref_id, "reference id", sort=True)


def main(argv: list[str] | None = None) -> int:
    """Print every reference: id, date, confidence and statement."""
    cli.parser("python -m model.references", "Every public reference fact: id, date, confidence and statement.").parse_args(argv)
    for ref in load_references().values():
        print(f"{ref.id:32} {ref.as_of_label:10}  {ref.confidence.value:11}  {ref.statement}")
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.references")


def absence_ids() -> list[str]:
    """The references that record what a search did not find (kind ``absence``), in file order."""
    return [r.id for r in load_references().values() if r.kind == "absence"]
