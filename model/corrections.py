"""The corrections log: every change of verdict since the last published version, and every source withdrawn or replaced.

``data/verdicts.yaml`` holds the verdicts of the last published version under its default
assumptions; ``data/corrections.yaml`` records each change since (and each claim added).
:func:`unrecorded_changes` lists the claims whose verdict now differs from the snapshot
without a correction saying so; the test suite requires it to be empty.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from model import cli
from model.checks import Verdict
from model.errors import ModelInputError
from model.loaders import DATA_DIR, load_yaml


class Correction(BaseModel):
    """One recorded change: when, which claim, the verdict before and after, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    claim: str = Field(pattern=r"^C\d{2,3}$")
    old: Verdict | Literal["none"]
    new: Verdict
    why: str = Field(min_length=20)
    #: ``verdict``: the verdict changed (or the claim is new); ``source``: a source behind the claim was withdrawn or
    #: replaced, whether or not the verdict changed.
    kind: Literal["verdict", "source"] = "verdict"

    @model_validator(mode="after")
    def _a_verdict_change_changes(self) -> Correction:
        if self.kind == "verdict" and str(self.old) == self.new.value:
            raise ValueError("a verdict correction changes the verdict (a source withdrawn or replaced is kind: source)")
        return self


@cache
def corrections() -> tuple[Correction, ...]:
    """The corrections log, validated, in file order."""
    raw = load_yaml(DATA_DIR / "corrections.yaml")
    if not isinstance(raw, list):
        raise ModelInputError("corrections.yaml", "a list of corrections", type(raw).__name__)
    out = []
    for i, item in enumerate(raw):
        try:
            out.append(Correction.model_validate(item))
        except Exception as exc:
            raise ModelInputError(f"corrections.yaml[{i}]", "date, claim, old, new and why", str(exc).splitlines()[0]) from exc
    return tuple(out)


@cache
def corrections_of_kind(kind: str) -> tuple[Correction, ...]:
    """The corrections of one kind: ``verdict`` (a verdict changed, or a claim added) or ``source``."""
    return tuple(c for c in corrections() if c.kind == kind)


def verdict_change_counts() -> tuple[int, int]:
    """How many verdicts changed and how many claims were added since the last published version."""
    log = corrections_of_kind("verdict")
    added = sum(1 for c in log if c.old == "none")
    return len(log) - added, added


def snapshot() -> tuple[str, dict[str, str]]:
    """The last published version and its verdicts, by claim id."""
    raw = load_yaml(DATA_DIR / "verdicts.yaml")
    if not (isinstance(raw, dict) and isinstance(raw.get("verdicts"), dict)):
        raise ModelInputError("verdicts.yaml", "a mapping with version and verdicts", type(raw).__name__)
    return str(raw.get("version")), {str(k): str(v) for k, v in raw["verdicts"].items()}


def unrecorded_changes(current: dict[str, str]) -> list[str]:
    """Claims whose verdict differs from the snapshot (or that are new) with no correction recording that change."""
    _, before = snapshot()
    recorded = {(c.claim, str(c.old), c.new.value) for c in corrections() if c.kind == "verdict"}
    missing = []
    for claim, verdict in current.items():
        old = before.get(claim, "none")
        if old != verdict and (claim, old, verdict) not in recorded:
            missing.append(f"{claim}: {old} -> {verdict}")
    return missing


def main(argv: list[str] | None = None) -> int:
    """Print the corrections log."""
    cli.parser("python -m model.corrections", "The corrections log since the last published version.").parse_args(argv)
    version, _ = snapshot()
    print(f"changes since version {version}:")
    for c in corrections():
        print(f"{c.date}  {c.claim}  {c.kind:7}  {c.old} -> {c.new.value}  {c.why}")
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.corrections")
