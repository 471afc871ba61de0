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

from pydantic import BaseModel, ConfigDict, field_validator

from model.errors import ModelInputError
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


#: The least confidence a source needs to make a verdict ``supported`` or ``contradicted``.
DECISIVE_CONFIDENCE = Confidence.MEDIUM


class Reference(BaseModel):
    """One public fact, its source, date and confidence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    topic: str
    statement: str
    values: dict[str, float]
    as_of: dt.date
    source: str
    bibkey: str | None
    confidence: Confidence

    @field_validator("values")
    @classmethod
    def _units_named(cls, values: dict[str, float]) -> dict[str, float]:
        for key in values:
            if not key.endswith(_UNIT_SUFFIXES):
                raise ValueError(f"value {key!r} must end in a unit suffix, one of {', '.join(_UNIT_SUFFIXES)}")
        return values

    @property
    def decisive(self) -> bool:
        """True when the fact is trusted enough to support or contradict a claim."""
        return self.confidence.rank >= DECISIVE_CONFIDENCE.rank

    def value(self, key: str) -> float:
        """Return one numeric value, with an error naming the known keys."""
        if key not in self.values:
            raise ModelInputError(f"{self.id}.values", f"one of {sorted(self.values)}", key)
        return self.values[key]


def bib_keys(path: Path = BIB_PATH) -> set[str]:
    """Return the entry keys of a BibTeX file."""
    return set(re.findall(r"@\w+\{([^,\s]+),", path.read_text(encoding="utf-8")))


def parse_references(records: object, source: str = "references.yaml") -> dict[str, Reference]:
    """Validate raw records into references keyed by id.

    Raises
    ------
    ModelInputError
        Naming the record and field at fault.
    """
    return records_by_id(records, Reference, source, "reference")


@cache
def load_references() -> dict[str, Reference]:
    """Load ``data/references.yaml`` and check every BibTeX key exists."""
    refs = parse_references(load_yaml(DATA_DIR / "references.yaml"))
    keys = bib_keys()
    for ref in refs.values():
        if ref.bibkey is not None and ref.bibkey not in keys:
            raise ModelInputError(f"references.yaml:{ref.id}.bibkey", f"a key of {BIB_PATH.name}", ref.bibkey)
    return refs


def reference(ref_id: str) -> Reference:
    """Return one reference by id, with an error listing the known ids."""
    refs = load_references()
    if ref_id not in refs:
        raise ModelInputError("reference id", f"one of {', '.join(sorted(refs))}", ref_id)
    return refs[ref_id]


def main() -> None:
    """Print every reference: id, date, confidence and statement."""
    for ref in load_references().values():
        print(f"{ref.id:32} {ref.as_of}  {ref.confidence.value:11}  {ref.statement}")


if __name__ == "__main__":
    main()
