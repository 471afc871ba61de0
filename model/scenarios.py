"""Named scenarios: parameter files compared side by side on the book's headline figures.

A scenario is a YAML file of parameters (``scenarios/<name>.yml``) merged over the defaults
of ``data/params.yml`` and validated exactly as ``make book PARAMS=...`` validates one. Its
name is the file's stem. :func:`load_scenarios` reads a folder of them and keeps a failing
file as a :class:`ScenarioFailure` (its name and the one-line error), so the others still
count. :func:`comparison` computes, for the defaults and for every scenario, the figures a
reader compares first:

- the example loan: total interest, total paid, its APR by the IRR method, and the nominal
  APR of its daily rate;
- the 550 rule: the highest success rate the strict reading allows and the lowest pass rate
  the usual reading needs below 550, for the success rate and share this copy explores;
- the simulated applicants: their success rate and their share below 550;
- how many claims receive each verdict, and every claim whose verdict differs from the
  default's in at least one scenario.

``python -m model scenarios --format json|csv|table [--dir scenarios]`` prints the same table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from model.errors import ModelInputError, printable
from model.params import BookParameters, assumptions_of, load_params

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

#: A scenario's name is its file's stem: lower-case letters, digits, ``-`` and ``_`` (it becomes a folder of the site).
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
#: The column of the defaults; no scenario may take this name.
DEFAULT = "default"
#: At most this many scenarios are read from one folder (each is a whole book).
MAX_SCENARIOS = 20

Unit = Literal["yuan", "fraction", "count", "verdict"]


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: its name, its file's name and the parameters that differ from the defaults."""

    name: str
    source: str
    params: BookParameters

    @property
    def changed(self) -> dict[str, tuple[Any, Any]]:
        """Parameter name to (default, this scenario's value), for every parameter that differs."""
        return changed_parameters(self.params.model_dump())


@dataclass(frozen=True)
class ScenarioFailure:
    """A scenario entry that was refused: its name, its file's name and the one-line reason."""

    name: str
    source: str
    error: str


@dataclass(frozen=True)
class Headline:
    """One figure of the comparison: its key, what it is, its unit and the chapter that explains it."""

    key: str
    label: str
    unit: Unit
    chapter: str


HEADLINES: tuple[Headline, ...] = (
    Headline("loan_interest_yuan", "Example loan: total interest", "yuan", "04_tiers_rates"),
    Headline("loan_total_paid_yuan", "Example loan: total paid", "yuan", "04_tiers_rates"),
    Headline("loan_apr_irr", "Example loan: APR by the IRR method", "fraction", "04_tiers_rates"),
    Headline("daily_rate_nominal_apr", "Example loan: nominal APR of its daily rate", "fraction", "04_tiers_rates"),
    Headline("strict_max_success", "550 rule, strict reading: highest possible success rate", "fraction", "03_eligibility"),
    Headline("usual_min_pass_below", "550 rule, usual reading: lowest pass rate needed below 550", "fraction", "03_eligibility"),
    Headline("simulated_success_rate", "Simulated applicants: success rate", "fraction", "03_eligibility"),
    Headline("simulated_share_below", "Simulated applicants: share below 550", "fraction", "03_eligibility"),
)


def scenario_name(path: Path) -> str:
    """The scenario's name: the file's stem, checked against :data:`NAME_PATTERN`."""
    name = path.stem
    if not NAME_PATTERN.match(name) or name == DEFAULT:
        raise ModelInputError(
            f"{path.name}: name",
            f"a file name of 1-40 lower-case letters, digits, '-' or '_', other than {DEFAULT!r}",
            name,
        )
    return name


def scenario_entries(folder: Path) -> list[Path]:
    """The entries of ``folder`` a scenario build reads or refuses: every ``*.yml`` and ``*.yaml``, in name order."""
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")], key=lambda p: p.name)


def load_scenarios(folder: Path) -> tuple[tuple[Scenario, ...], tuple[ScenarioFailure, ...]]:
    """Every ``*.yml`` of ``folder``, in name order: the valid scenarios and the refused entries.

    An entry is refused, with a one-line reason, when it is not a regular file (a folder, a
    dangling or looping link), is spelt ``*.yaml``, has a name a site folder cannot take, or
    fails validation; the others still count.

    Raises
    ------
    ModelInputError
        When ``folder`` is not a folder, holds no ``*.yml`` entry or more than
        :data:`MAX_SCENARIOS`.
    """
    if not folder.is_dir():
        raise ModelInputError("scenario folder", "a folder of scenario files (*.yml)", str(folder))
    entries = scenario_entries(folder)
    if not any(p.suffix == ".yml" for p in entries):
        raise ModelInputError(f"scenario folder {folder}", "a folder holding at least one scenario file (*.yml)", "none")
    if len(entries) > MAX_SCENARIOS:
        raise ModelInputError(f"scenario folder {folder}", f"at most {MAX_SCENARIOS} scenario files", len(entries))
    good: list[Scenario] = []
    bad: list[ScenarioFailure] = []
    for path in entries:
        name, source = printable(path.stem[:40]), printable(path.name)  # a name can hold a newline: messages stay one line
        if path.suffix == ".yaml":  # a natural spelling that would otherwise be skipped without a word
            bad.append(ScenarioFailure(name, source, f"{source}: expected a scenario file ending in .yml, got .yaml"))
        elif not path.is_file():  # a folder, or a link to nothing or to itself
            bad.append(ScenarioFailure(name, source, f"{source}: expected a regular file, got another kind of entry"))
        else:
            try:
                good.append(Scenario(scenario_name(path), path.name, load_params(path)))
            except ModelInputError as exc:
                bad.append(ScenarioFailure(name, source, str(exc)))
    return tuple(good), tuple(bad)


def headline_figures(params: BookParameters) -> dict[str, Any]:
    """The headline figures of one parameter set, the verdict of every claim included (key ``verdicts``).

    Examples
    --------
    >>> h = headline_figures(load_params())
    >>> round(h["loan_interest_yuan"], 2), round(h["strict_max_success"], 2)
    (1015.88, 0.18)
    """
    from model import consistency, rates
    from model.claims import changed_assumptions, load_claims, registry_records, verdict_reason

    a = assumptions_of(params)
    claims = load_claims(assumptions=a)
    schedule = rates.repayment_schedule(
        params.loan_amount_yuan,
        params.daily_rate,
        params.term_months,
        params.repayment_method,
        interest_free_days=params.interest_free_days,
        days_per_year=a.days_per_year,
    )
    readings = {
        r.key: r
        for r in consistency.threshold_readings(
            success_rate=params.success_rate,
            share_below=params.share_below_threshold,
            pass_rate_above=a.pass_rate_above_threshold,
        )
    }
    sim = consistency.simulate_applicants(
        params.population_size,
        params.population_score_mean,
        params.population_score_sd,
        pass_rate_above=a.pass_rate_above_threshold,
        pass_rate_below=params.pass_rate_below_threshold,
        seed=params.seed,
    )
    return {
        "loan_interest_yuan": float(schedule.total_interest[0]),
        "loan_total_paid_yuan": float(schedule.total_paid[0]),
        "loan_apr_irr": float(rates.apr_by_irr(schedule.principal, schedule.payment)[0]),
        "daily_rate_nominal_apr": float(rates.nominal_apr_from_daily_rate(params.daily_rate, a.days_per_year)),
        "strict_max_success": readings["applicants_strict"].bound,
        "usual_min_pass_below": readings["applicants_soft"].bound,
        "simulated_success_rate": sim.success_rate,
        "simulated_share_below": sim.share_below,
        "verdicts": {c.id: c.verdict.value for c in claims},
        "reasons": {
            c.id: verdict_reason(
                c.decided_by,
                c.confidence,
                c.why_undecided,
                registry_records()[c.id].check,
                changed_assumptions(registry_records()[c.id], a) if not (c.decided_by or c.why_undecided) else (),
            )
            for c in claims
        },
    }


def published(unit: Unit, value: Any) -> Any:
    """A figure at the precision the book publishes it: yuan to the fen, fractions in percent to a hundredth, half up.

    Counts and verdicts are returned as they are. The rounding is the book's one rule for
    these figures: the comparison calls two values the same when they publish the same, and
    :func:`report.precision.format_value` writes the result as text.

    Examples
    --------
    >>> published("yuan", 986.912), published("fraction", 0.18), published("count", 52)
    (Decimal('986.91'), Decimal('18.00'), 52)
    >>> published("fraction", 0.00015 * 365)  # stored as 0.05474999999999999
    Decimal('5.48')
    """
    if unit == "yuan":
        return _half_up(value, "0.01")
    if unit == "fraction":
        return _half_up(value, "0.01", scale=100)
    return value


def _half_up(value: float, step: str, scale: int = 1) -> Decimal:
    """``value`` times ``scale``, rounded half up at ``step`` after dropping binary noise beyond 12 significant digits.

    0.00015 * 365 is stored as 0.05474999999999999; read as 0.0547500000000 it prints as
    5.48%, the way a reader rounds 5.475%, not 5.47%.
    """
    return (Decimal(format(float(value), ".12g")) * scale).quantize(Decimal(step), rounding=ROUND_HALF_UP)


def comparison(scenarios: tuple[Scenario, ...]) -> pd.DataFrame:
    """One row per headline figure, verdict count and differing claim; one column per parameter set.

    Columns: ``key``, ``figure``, ``unit``, ``chapter``, ``anchor`` (a claim's id, else empty),
    ``default``, then one column per scenario in the order given, and ``differs``: the
    scenarios (comma-separated) whose value is not the default's.
    """
    import pandas as pd

    from model.checks import Verdict

    columns: dict[str, dict[str, Any]] = {DEFAULT: headline_figures(load_params())}
    for s in scenarios:
        columns[s.name] = headline_figures(s.params)
    rows: list[dict[str, Any]] = []
    for h in HEADLINES:
        rows.append(
            {"key": h.key, "figure": h.label, "unit": h.unit, "chapter": h.chapter, "anchor": ""}
            | {name: figures[h.key] for name, figures in columns.items()}
        )
    for v in Verdict:
        counts = {name: sum(1 for x in figures["verdicts"].values() if x == v.value) for name, figures in columns.items()}
        rows.append(
            {
                "key": f"count_{v.value}",
                "figure": f"Claims judged {v.value}",
                "unit": "count",
                "chapter": "01_overview",
                "anchor": "",
            }
            | counts
        )
    default_verdicts: dict[str, str] = columns[DEFAULT]["verdicts"]
    for claim_id, verdict in default_verdicts.items():
        per = {name: figures["verdicts"][claim_id] for name, figures in columns.items()}
        if any(x != verdict for x in per.values()):
            rows.append(
                {
                    "key": f"verdict_{claim_id}",
                    "figure": f"Verdict of {claim_id}",
                    "unit": "verdict",
                    "chapter": "02_claims_ledger",
                    "anchor": claim_id,
                }
                | per
            )
    frame = pd.DataFrame(rows, dtype=object)  # counts stay whole numbers, figures floats, verdicts text
    names = [s.name for s in scenarios]

    def differs(row: pd.Series) -> str:
        return ",".join(n for n in names if not _same(row["unit"], row[n], row[DEFAULT]))

    frame["differs"] = frame.apply(differs, axis=1) if len(frame) else []
    return frame


def _same(unit: str, a: Any, b: Any) -> bool:
    """Equal as the book prints them (a difference below the printed precision is no difference)."""
    if unit in ("yuan", "fraction"):
        return bool(published(unit, a) == published(unit, b))  # type: ignore[arg-type]
    return bool(a == b)


def scenario_records(scenarios: tuple[Scenario, ...], failures: tuple[ScenarioFailure, ...]) -> list[dict[str, Any]]:
    """Each scenario with its file and changed parameters, and each refused file with its error."""
    records: list[dict[str, Any]] = [
        {"name": s.name, "source": s.source, "changed": {k: {"default": d, "value": v} for k, (d, v) in s.changed.items()}}
        for s in scenarios
    ]
    records += [{"name": f.name, "source": f.source, "error": f.error} for f in failures]
    return records


def verdict_reasons(scenarios: tuple[Scenario, ...]) -> list[dict[str, Any]]:
    """For every claim whose verdict in a scenario differs from the default's: the scenario, the claim, both verdicts, and why.

    ``why`` says what decided the verdict; ``changed_by`` names the scenario's assumptions that
    change the verdict each on its own (with the scenario's value and the default), empty when
    only several of them together do.
    """
    from model.claims import registry_records
    from model.robustness import verdict_under

    default = headline_figures(load_params())
    base = assumptions_of(load_params())
    records = registry_records()
    out = []
    for s in scenarios:
        figures = headline_figures(s.params)
        mine = assumptions_of(s.params)
        defaults = base.model_dump(mode="json")
        changed = {n: v for n, v in mine.model_dump(mode="json").items() if v != defaults[n]}
        for claim_id, verdict in figures["verdicts"].items():
            if verdict == default["verdicts"][claim_id]:
                continue
            alone = [
                {"assumption": n, "value": v, "default": defaults[n]}
                for n, v in changed.items()
                if verdict_under(records[claim_id], base.model_copy(update={n: getattr(mine, n)})).value
                != default["verdicts"][claim_id]
            ]
            out.append({"scenario": s.name, "claim": claim_id, "default": default["verdicts"][claim_id],
                        "verdict": verdict, "why": figures["reasons"][claim_id], "changed_by": alone})  # fmt: skip
    return out


def changed_by_text(changed_by: list[dict[str, Any]], shown: Callable[[str, Any], str] | None = None) -> str:
    """The assumptions that change a verdict each on its own, in words; ``shown(name, value)`` writes a value.

    Examples
    --------
    >>> changed_by_text([{"assumption": "agreement_tolerance", "value": 0.1, "default": 0.02}])
    'agreement_tolerance alone changes it (0.1 here, 0.02 by default)'
    >>> changed_by_text([])
    'no one assumption of the scenario changes it alone; they do together'
    """
    if not changed_by:
        return "no one assumption of the scenario changes it alone; they do together"

    def values(c: dict[str, Any]) -> str:
        if shown is not None:
            here, default = (shown(c["assumption"], v) for v in (c["value"], c["default"]))
        else:
            here, default = (f"{v:g}" if isinstance(v, float) else str(v) for v in (c["value"], c["default"]))
        return f"({here} here, {default} by default)"

    if len(changed_by) == 1:
        return f"{changed_by[0]['assumption']} alone changes it {values(changed_by[0])}"
    return "each of these alone changes it: " + "; ".join(f"{c['assumption']} {values(c)}" for c in changed_by)


def comparison_json(scenarios: tuple[Scenario, ...], failures: tuple[ScenarioFailure, ...]) -> dict[str, Any]:
    """The comparison as one JSON-ready mapping: the scenarios, then one record per row."""
    frame = comparison(scenarios)
    names = [DEFAULT, *(s.name for s in scenarios)]
    return {
        "scenarios": scenario_records(scenarios, failures),
        "verdict_reasons": verdict_reasons(scenarios),
        "rows": [
            {
                "key": row["key"],
                "figure": row["figure"],
                "unit": row["unit"],
                "values": {n: row[n] for n in names},
                "differs": [d for d in row["differs"].split(",") if d],
            }
            for row in frame.to_dict(orient="records")
        ],
    }


def comparison_table(frame: pd.DataFrame, names: list[str]) -> list[list[str]]:
    """The comparison as rows of text for a terminal: a header, then one row per figure (``*`` marks a difference).

    Figures are given as :func:`published` gives them, with their unit in a column of its own
    (``yuan``, ``%``); the book's pages write them with :func:`report.precision.format_value`.
    """
    units = {"yuan": "yuan", "fraction": "%"}
    out = [["figure", "unit", DEFAULT, *names]]
    for row in frame.to_dict(orient="records"):
        differ = set(row["differs"].split(","))
        shown = {n: _plain(published(row["unit"], row[n])) for n in [DEFAULT, *names]}
        out.append(
            [row["figure"], units.get(row["unit"], ""), shown[DEFAULT]]
            + [shown[n] + (" *" if n in differ else "") for n in names]
        )
    return out


def _plain(value: Any) -> str:
    return f"{value:,}" if isinstance(value, Decimal) else str(value)


def default_folder() -> Path:
    """The committed scenarios: ``scenarios/`` beside ``data/``."""
    from model.loaders import DATA_DIR

    return DATA_DIR.parent / "scenarios"


def changed_parameters(values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Parameter name to (default, value) for every value that differs from ``data/params.yml``."""
    defaults = load_params().model_dump()
    return {k: (defaults[k], v) for k, v in values.items() if k in defaults and v != defaults[k]}
