"""How robust each verdict is: every assumption swept over its allowed range, one at a time.

For each claim the check runs once with the default assumptions through a recorder that
notes which assumptions it reads; only those can change its verdict (the others are held at
their defaults, so no branch that reads them is ever taken). Each assumption read is then
swept: a choice over all its values, a number over an even grid of its allowed range, with
every change of verdict between two grid points located by bisection to
:data:`FLIP_PRECISION` of the range. A verdict is *robust* when no allowed value of any
assumption changes it.

Run ``python -m model robustness --format json|table``.
"""

from __future__ import annotations

import itertools
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
from annotated_types import Ge, Le

from model.assumptions import Assumptions, is_judgement
from model.checks import CheckContext, Verdict, run_check
from model.claims import ClaimRecord, assertion_of, registry_records
from model.params import default_assumptions

#: Grid points over a numeric assumption's allowed range.
GRID_POINTS = 41
#: A flip is located to this share of the assumption's range.
FLIP_PRECISION = 1e-4


@dataclass(frozen=True)
class Flip:
    """A value of one assumption at which a verdict changes, and the verdict beyond it.

    ``at`` is the boundary: for a number, located to within :data:`FLIP_PRECISION` of the
    range and given to three significant figures; ``side`` says whether the change lies above
    or below the default (``choice`` for a choice); ``inclusive`` whether the verdict at ``at``
    itself is already the changed one (``at 2.14 or less``) or not yet (``below 0.1``).
    """

    assumption: str
    at: float | str
    side: str
    to: Verdict
    inclusive: bool = True

    def where(self, shown: Callable[[str, Any], str] | None = None) -> str:
        """Where the change lies, in words: ``at 0.0469 or more``, ``below 0.1``, or a choice's value.

        ``shown(assumption, value)`` writes the value as readers read it (a share as ``10%``);
        by default it is written as the parameter files write it.
        """
        if self.side == "choice":
            return str(self.at)
        at = shown(self.assumption, self.at) if shown is not None else f"{self.at:g}"
        if self.inclusive:
            return f"at {at} or {'more' if self.side == 'above' else 'less'}"
        return f"{self.side} {at}"

    def describe(self, shown: Callable[[str, Any], str] | None = None) -> str:
        """Words for a reader, e.g. ``agreement_tolerance at 0.0469 or more: supported`` (``shown`` as in :meth:`where`)."""
        if self.side == "choice":
            return f"{self.assumption} taken as {self.at}: {self.to.value}"
        return f"{self.assumption} {self.where(shown)}: {self.to.value}"


@dataclass(frozen=True)
class Robustness:
    """One claim: its verdict under the defaults, the assumptions its check reads, and every flip."""

    claim_id: str
    verdict: Verdict
    reads: tuple[str, ...]
    flips: tuple[Flip, ...]

    @property
    def robust(self) -> bool:
        """True when no allowed value of any assumption changes the verdict."""
        return not self.flips

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready record: id, verdict, robust, reads and flips."""
        return {
            "id": self.claim_id,
            "verdict": self.verdict.value,
            "robust": self.robust,
            "reads": list(self.reads),
            "flips": [
                {"assumption": f.assumption, "at": f.at, "side": f.side, "inclusive": f.inclusive, "to": f.to.value}
                for f in self.flips
            ],
        }


class _ReadRecorder:
    """Stands in for an Assumptions object and notes every field a check reads."""

    def __init__(self, assumptions: Assumptions) -> None:
        self._assumptions = assumptions
        self.read: list[str] = []

    def __getattr__(self, name: str) -> Any:
        if name in Assumptions.model_fields and name not in self.read:
            self.read.append(name)
        return getattr(self._assumptions, name)


def verdict_under(record: ClaimRecord, assumptions: Assumptions) -> Verdict:
    """The verdict ``record``'s check gives under ``assumptions`` (no finding rendered)."""
    return run_check(record.check, record.check_args, CheckContext(assumptions, assertion_of(record))).verdict


def assumptions_read(record: ClaimRecord, assumptions: Assumptions) -> tuple[str, ...]:
    """The assumptions a claim's check reads when run under ``assumptions``, in the order read."""
    recorder = _ReadRecorder(assumptions)
    run_check(record.check, record.check_args, CheckContext(typing.cast(Assumptions, recorder), assertion_of(record)))
    return tuple(recorder.read)


def allowed_values(name: str) -> tuple[Any, ...] | tuple[float, float]:
    """A choice's values, or a number's (low, high) bounds."""
    info = Assumptions.model_fields[name]
    if typing.get_origin(info.annotation) is typing.Literal:
        return typing.get_args(info.annotation)
    low = next(m.ge for m in info.metadata if isinstance(m, Ge))
    high = next(m.le for m in info.metadata if isinstance(m, Le))
    return float(low), float(high)  # type: ignore[arg-type]


def _bisect(record: ClaimRecord, base: Assumptions, name: str, *, inside: float, outside: float, precision: float) -> float:
    """The boundary between a value giving the default-side verdict (inside) and one that does not."""
    keep = verdict_under(record, base.model_copy(update={name: inside}))
    while abs(outside - inside) > precision:
        mid = (inside + outside) / 2
        if verdict_under(record, base.model_copy(update={name: mid})) == keep:
            inside = mid
        else:
            outside = mid
    return (inside + outside) / 2


def sweep(record: ClaimRecord, name: str, base: Assumptions, verdict: Verdict) -> tuple[Flip, ...]:
    """Every change of a claim's verdict as one assumption runs over its allowed range."""
    values = allowed_values(name)
    default = getattr(base, name)
    if typing.get_origin(Assumptions.model_fields[name].annotation) is typing.Literal:
        out = []
        for value in values:
            got = verdict_under(record, base.model_copy(update={name: value}))
            if got != verdict:
                out.append(Flip(name, value, "choice", got))
        return tuple(out)
    low, high = values
    precision = FLIP_PRECISION * (high - low)
    grid = [low + (high - low) * i / (GRID_POINTS - 1) for i in range(GRID_POINTS)]
    flips: list[Flip] = []
    upward = [default, *(g for g in grid if g > default)]
    downward = [default, *(g for g in reversed(grid) if g < default)]
    for side, points in (("above", upward), ("below", downward)):
        previous_value, previous = points[0], verdict
        for value in points[1:]:
            got = verdict_under(record, base.model_copy(update={name: value}))
            if got != previous:
                edge = _bisect(record, base, name, inside=previous_value, outside=value, precision=precision)
                at = float(f"{edge:.3g}")  # the boundary as printed: is the verdict there already the new one?
                reached = verdict_under(record, base.model_copy(update={name: at})) == got
                flips.append(Flip(name, at, side, got, inclusive=reached))
            previous_value, previous = value, got
    return tuple(flips)


def robustness(assumptions: Assumptions | None = None) -> tuple[Robustness, ...]:
    """The robustness of every claim of the registry, around ``assumptions`` (default: the defaults).

    Examples
    --------
    >>> r = {x.claim_id: x for x in robustness()}
    >>> r["C10"].verdict.value, r["C10"].flips[0].describe()
    ('implausible', 'implausible_share at 0.667 or more: unverifiable')
    >>> r["C41"].robust
    True
    """
    return _robustness(assumptions if assumptions is not None else default_assumptions())


@cache
def _robustness(base: Assumptions) -> tuple[Robustness, ...]:
    """:func:`robustness` once per process and assumptions (a chapter reads it through the ledger and again on its own)."""
    out = []
    for record in registry_records().values():
        verdict = verdict_under(record, base)
        reads = assumptions_read(record, base)
        flips = tuple(f for name in reads for f in sweep(record, name, base, verdict))
        out.append(Robustness(record.id, verdict, reads, flips))
    return tuple(out)


def fragile(results: Iterable[Robustness]) -> list[Robustness]:
    """The verdicts some allowed value of an assumption would change, in the order given."""
    return [r for r in results if r.flips]


def changed_by(results: Iterable[Robustness], assumption: str) -> list[str]:
    """The claims whose verdict some allowed value of ``assumption`` changes, in the order given."""
    return [r.claim_id for r in results if any(f.assumption == assumption for f in r.flips)]


def most_sensitive(results: Iterable[Robustness]) -> tuple[str, int]:
    """The assumption that changes the most verdicts, and how many (``("none", 0)`` when none does)."""
    flips = pd.Series([f.assumption for r in results for f in r.flips]).value_counts()
    return (str(flips.index[0]), int(flips.iloc[0])) if len(flips) else ("none", 0)


def resting_on_judgement(results: Iterable[Robustness]) -> list[str]:
    """The claims whose verdict another judgement (rather than a threshold or a convention) would change."""
    return [r.claim_id for r in results if any(is_judgement(f.assumption) for f in r.flips)]


def reading_judgement_count(results: Iterable[Robustness]) -> int:
    """How many claims' checks read at least one judgement."""
    return sum(1 for r in results if any(is_judgement(n) for n in r.reads))


def robustness_table(
    results: tuple[Robustness, ...] | None = None, shown: Callable[[str, Any], str] | None = None
) -> list[dict[str, str]]:
    """One row per claim for readers: id, verdict, and what would change it (or 'holds'); ``shown`` as in :meth:`Flip.where`."""
    results = robustness() if results is None else results
    return [
        {
            "id": r.claim_id,
            "verdict": r.verdict.value,
            "robustness": "holds under every allowed value of each assumption, varied alone"
            if r.robust
            else "; ".join(f.describe(shown) for f in r.flips),
        }
        for r in results
    ]


def verdict_segments(result: Robustness, name: str, assumptions: Assumptions | None = None) -> list[tuple[Any, Any, Verdict]]:
    """The verdict of one claim across one assumption's allowed range, as (from, to, verdict) segments.

    A number's range is cut at the flips found and the verdict of each piece is computed at
    its middle; a choice gives one segment per value, ``from`` and ``to`` both that value.
    """
    base = assumptions if assumptions is not None else default_assumptions()
    record = registry_records()[result.claim_id]
    values = allowed_values(name)
    if typing.get_origin(Assumptions.model_fields[name].annotation) is typing.Literal:
        return [(v, v, verdict_under(record, base.model_copy(update={name: v}))) for v in values]
    low, high = values
    cuts = sorted({float(f.at) for f in result.flips if f.assumption == name})
    edges = [low, *cuts, high]
    return [(a, b, verdict_under(record, base.model_copy(update={name: (a + b) / 2}))) for a, b in itertools.pairwise(edges)]


def ledger_frame(assumptions: Assumptions | None = None, shown: Callable[[str, Any], str] | None = None) -> pd.DataFrame:
    """The claims registry under the assumptions, with each claim's robustness in words (the book's ledger and downloads).

    ``shown`` writes the values in those words as :meth:`Flip.where` does: the pages pass the readers' form.
    """
    from model.claims import claims_frame

    base = assumptions if assumptions is not None else default_assumptions()
    frame = claims_frame(assumptions=base)
    words = {row["id"]: row["robustness"] for row in robustness_table(robustness(base), shown)}
    return frame.assign(robustness=frame["id"].map(words))
