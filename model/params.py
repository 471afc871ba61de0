"""The parameters the book takes: types, allowed ranges, and the defaults file.

Defaults live in one file, ``data/params.yml``; this module says what each parameter is and
what values it allows. :func:`load_params` merges an analyst's overrides over the defaults
and validates the result, raising a one-line :class:`~model.errors.ModelInputError` that
names the parameter and what is allowed.

Run ``python -m model params`` to list them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, cast

from annotated_types import Ge, Gt, Le
from pydantic import ConfigDict, Field, ValidationError

from model.article_schema import PAY_SCORE_MAX, PAY_SCORE_MIN
from model.assumptions import Assumptions, rationale
from model.errors import ModelInputError
from model.loaders import DATA_DIR, load_yaml

DEFAULTS_PATH = DATA_DIR / "params.yml"
#: A parameter file holds a few dozen names: anything larger is refused before it is parsed.
PARAMS_MAX_BYTES = 65_536


class BookParameters(Assumptions):
    """Every parameter of the book: the assumptions behind the verdicts, then the inputs of its calculations."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    loan_amount_yuan: float = Field(ge=100, le=1_000_000, description="Amount borrowed in the cost calculator, yuan")
    term_months: int = Field(ge=1, le=36, description="Loan term, months")
    repayment_method: Literal["equal_instalment", "equal_principal", "interest_only", "bullet"] = Field(
        description="Repayment method: 等额本息, 等额本金, 先息后本 or 到期还本付息"
    )
    daily_rate: float = Field(
        ge=0, le=0.001, description="Daily interest rate of the calculator's loan, a fraction (0.0005 = 0.05%)"
    )
    interest_free_days: int = Field(ge=0, le=60, description="Interest-free days from drawdown")
    pay_score: int = Field(ge=PAY_SCORE_MIN, le=PAY_SCORE_MAX, description="The example borrower's WeChat Pay Score, points")
    assets_yuan: float = Field(ge=0, le=1_000_000_000, description="The example borrower's Licaitong assets, yuan")
    success_rate: float = Field(
        ge=0, le=1, description="Success rate this copy explores in the threshold analysis (default: the article's figure)"
    )
    share_below_threshold: float = Field(
        ge=0, le=1, description="Share below 550 this copy explores in the threshold analysis (default: the article's figure)"
    )
    pass_rate_below_threshold: float = Field(
        ge=0, le=1, description="Assumed pass rate of applicants below 550 in the simulation"
    )
    population_size: int = Field(ge=100, le=1_000_000, description="Simulated applicants")
    population_score_mean: float = Field(
        ge=PAY_SCORE_MIN, le=PAY_SCORE_MAX, description="Mean Pay Score of the simulated applicants, points"
    )
    population_score_sd: float = Field(gt=0, le=300, description="Standard deviation of simulated Pay Scores, points")
    seed: int = Field(ge=0, le=2**32 - 1, description="Random seed of the simulation")


def allowed(name: str) -> str:
    """Describe in words what a parameter allows, e.g. ``an integer from 1 to 36``."""
    info = BookParameters.model_fields[name]
    ann = info.annotation
    if getattr(ann, "__origin__", None) is Literal:
        return "one of " + ", ".join(str(a) for a in ann.__args__)  # type: ignore[union-attr]
    lo = next((m.ge for m in info.metadata if isinstance(m, Ge)), None)
    gt = next((m.gt for m in info.metadata if isinstance(m, Gt)), None)
    hi = next((m.le for m in info.metadata if isinstance(m, Le)), None)
    kind = "an integer" if ann is int else "a number"
    low = f"from {lo}" if lo is not None else f"above {gt}"
    return f"{kind} {low} to {hi}"


def numeric_bounds(name: str) -> tuple[float, float]:
    """The least and the greatest value a number parameter allows (its ``ge`` or ``gt``, and its ``le``).

    >>> numeric_bounds("loan_amount_yuan"), numeric_bounds("daily_rate")
    ((100, 1000000), (0, 0.001))
    """
    info = BookParameters.model_fields[name]
    lows: list[object] = [m.ge for m in info.metadata if isinstance(m, Ge)]
    lows = lows or [m.gt for m in info.metadata if isinstance(m, Gt)]
    highs: list[object] = [m.le for m in info.metadata if isinstance(m, Le)]
    return cast(float, lows[0]), cast(float, highs[0])


def type_name(name: str) -> str:
    """The parameter's type as a short word: int, float or choice."""
    ann = BookParameters.model_fields[name].annotation
    if getattr(ann, "__origin__", None) is Literal:
        return "choice"
    return getattr(ann, "__name__", str(ann))


def validate_params(values: dict[str, Any], source: str = "params") -> BookParameters:
    """Validate a complete mapping of parameters.

    Raises
    ------
    ModelInputError
        Naming the first unknown, missing, mistyped or out-of-range parameter.

    Examples
    --------
    >>> p = validate_params({**default_values(), "term_months": 6})
    >>> p.term_months
    6
    >>> validate_params({**default_values(), "term_months": 48})
    Traceback (most recent call last):
    ...
    model.errors.ModelInputError: params: term_months: expected an integer from 1 to 36, got 48
    """
    unknown = sorted(set(values) - set(BookParameters.model_fields))
    if unknown:
        raise ModelInputError(
            f"{source}: {unknown[0]}", f"a known parameter ({', '.join(BookParameters.model_fields)})", "an unknown name"
        )

    # YAML gives ints for whole floats; accept an int where a float is wanted, nothing looser.
    def coerce(name: str, value: Any) -> Any:
        annotation = BookParameters.model_fields[name].annotation
        if annotation is float and type(value) is int:
            return float(value)
        if annotation is int and type(value) is float and value.is_integer() and abs(value) < 2**63:
            return int(value)  # 1e5 written for 100000
        return value

    coerced = {k: coerce(k, v) for k, v in values.items()}
    try:
        return BookParameters.model_validate(coerced)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0])
        if err["type"] == "missing":
            raise ModelInputError(f"{source}: {name}", allowed(name), "nothing") from exc
        raise ModelInputError(f"{source}: {name}", allowed(name), err.get("input")) from exc


#: Parameters that are shares or rates, read as percentages (a daily rate of 0.0005 is 0.05%); the names ending in
#: ``_yuan`` are amounts of money. The rest are counts, points, years or choices, read as they are written.
PERCENT_PARAMETERS = frozenset(
    {
        "agreement_tolerance",
        "far_below_ratio",
        "implausible_share",
        "pass_rate_above_threshold",
        "usually_share",
        "daily_rate",
        "success_rate",
        "share_below_threshold",
        "pass_rate_below_threshold",
    }
)


#: Parameters counted in a unit, written after the figure (``5 years``, ``1 year``); the others are shares (percent),
#: amounts (yuan), pure numbers or choices.
PARAMETER_UNITS: dict[str, str] = {
    "max_figure_gap_years": "year",
    "max_standing_age_years": "year",
    "term_months": "month",
    "interest_free_days": "day",
    "pay_score": "point",
    "population_score_mean": "point",
    "population_score_sd": "point",
    "misleading_user_ratio": "time",  # how many times the lender's own customers
}


#: Parameters that count things, written with thousands separators as the book's tables write counts (a seed is a label).
COUNT_PARAMETERS = frozenset({"population_size"})


def value_text(name: str, value: object) -> str:
    """A parameter's value as the book writes it: shares as percentages, money in yuan, counts in their unit, a choice by its key.

    The figure is read to 12 significant digits first, so that a float's last bits never show.
    A choice stays a key (``four_times_lpr``); :func:`report.names.parameter_value` names it.

    Examples
    --------
    >>> value_text("daily_rate", 0.00015), value_text("success_rate", 0.673), value_text("usually_share", 1.0)
    ('0.015%', '67.3%', '100%')
    >>> value_text("loan_amount_yuan", 600000.0), value_text("assets_yuan", 1234.5)
    ('600,000 yuan', '1,234.5 yuan')
    >>> value_text("term_months", 24), value_text("max_figure_gap_years", 1.0), value_text("regulatory_line", "none")
    ('24 months', '1 year', 'none')
    >>> value_text("misleading_user_ratio", 2.0), value_text("pay_score", 550)
    ('2 times', '550 points')
    >>> value_text("population_size", 100000), value_text("seed", 2023)
    ('100,000', '2023')
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    figure = Decimal(format(float(value), ".12g"))
    if name in PERCENT_PARAMETERS:
        return f"{_plain(figure * 100)}%"
    if name.endswith("_yuan"):
        whole, _, fraction = _plain(figure).partition(".")
        return f"{int(whole):,}{'.' + fraction if fraction else ''} yuan"
    if name in PARAMETER_UNITS:
        return f"{_plain(figure)} {PARAMETER_UNITS[name]}{'' if figure == 1 else 's'}"
    if name in COUNT_PARAMETERS:
        return f"{int(figure):,}"
    return _plain(figure)


def _plain(figure: Decimal) -> str:
    """A Decimal without an exponent or trailing zeros: ``1.50E+1`` as ``15``, ``0.0150`` as ``0.015``."""
    return format(figure.normalize(), "f")


def default_values(path: Path = DEFAULTS_PATH) -> dict[str, Any]:
    """The defaults file as a mapping."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ModelInputError(path.name, "a mapping of parameter names to values", type(data).__name__)
    return data


def load_params(overrides: Path | None = None, defaults: Path = DEFAULTS_PATH) -> BookParameters:
    """Merge an overrides file over the defaults and validate.

    Parameters
    ----------
    overrides : Path, optional
        A YAML mapping of some parameters; an empty file changes nothing.
    defaults : Path
        The defaults file (``data/params.yml``).
    """
    values = default_values(defaults)
    if overrides is not None:
        if not overrides.is_file():
            raise ModelInputError("PARAMS", "the path of a readable YAML file", str(overrides))
        extra = load_yaml(overrides, max_bytes=PARAMS_MAX_BYTES)
        extra = {} if extra is None else extra  # an empty file (or comments only) changes nothing; [] is not a mapping
        if not isinstance(extra, dict):
            raise ModelInputError(overrides.name, "a mapping of parameter names to values", type(extra).__name__)
        values |= extra
        return validate_params(values, source=overrides.name)
    return validate_params(values, source=defaults.name)


def parameter_table(kind: str | None = None) -> list[dict[str, Any]]:
    """One row per parameter: name, kind (assumption or input), type, default, allowed values, description.

    ``kind`` keeps the rows of one kind only (``assumption`` or ``input``).
    """
    rows = _parameter_rows()
    return rows if kind is None else [r for r in rows if r["kind"] == kind]


def _parameter_rows() -> list[dict[str, Any]]:
    defaults = load_params().model_dump()
    return [
        {
            "name": name,
            "kind": "assumption" if name in Assumptions.model_fields else "input",
            "type": type_name(name),
            "default": defaults[name],
            "allowed": allowed(name),
            "description": rationale(name) if name in Assumptions.model_fields else info.description,
        }
        for name, info in BookParameters.model_fields.items()
    ]


def assumptions_of(params: BookParameters) -> Assumptions:
    """The assumptions part of a validated parameter set."""
    return Assumptions.model_validate(params.model_dump(include=set(Assumptions.model_fields)))


def default_assumptions() -> Assumptions:
    """The assumptions of ``data/params.yml``."""
    return assumptions_of(load_params())


def validate_subset(values: dict[str, Any], source: str = "notebook parameters") -> BookParameters:
    """Validate some parameters (a notebook's) merged over the defaults.

    Examples
    --------
    >>> validate_subset({"pay_score": 700}).pay_score
    700
    """
    return validate_params(default_values() | values, source=source)


def parameters_in(namespace: dict[str, Any]) -> dict[str, Any]:
    """The book's parameters among the names of a namespace (a notebook's ``globals()``).

    Examples
    --------
    >>> parameters_in({"seed": 1, "x": 2})
    {'seed': 1}
    """
    return {name: namespace[name] for name in BookParameters.model_fields if name in namespace}
