"""Chapter 3's page elements other than charts: the readings of the weight table and of the threshold sentences."""

from __future__ import annotations

import pandas as pd

from model import consistency, weights
from model.weights import MissingShareReading
from report.prose import percent


def weight_readings_rows(readings: tuple[MissingShareReading, ...]) -> pd.DataFrame:
    """One row per reading of the weight table: its name, what it assumes, and each factor's weight as a percentage."""
    factor_names = {r.factor: r.factor_en for r in weights.weight_table()}
    return pd.DataFrame(
        [
            {
                "reading": r.key.replace("_", " "),
                "description": r.description,
                **{factor_names.get(k, k): f"{v:.1%}" for k, v in r.weights.items()},
            }
            for r in readings
        ]
    ).fillna("")


def capitalised(words: str) -> str:
    """A column name as a header: its first letter in capitals."""
    return words[:1].upper() + words[1:]


def soft_rule_text(row: pd.Series, again: bool = False) -> str:
    """What a rule that only 'usually' holds would need below the threshold, under one reading."""
    if row.bound > 1:
        return "not even approving every applicant below the threshold would be enough"
    text = f"at least {row.bound:.1%} of applicants below the threshold must have been approved"
    if not row.feasible:
        text += f", {'again ' if again else ''}more than the {row.stated:.0%} a usual rule lets through"
    return text


def refused_reading_text(row: pd.Series, pass_rate_above: float) -> str:
    """Whether a strict rule fits when the share below counts the refused applicants."""
    if row.feasible:
        return f"a strict rule would fit: {row.bound:.1%} of applicants at or above the threshold would pass"
    if row.bound <= 1:
        return (
            f"a strict rule would fit only if {row.bound:.1%} of applicants at or above the threshold passed, more than the "
            f"{pass_rate_above:.0%} this copy assumes"
        )
    return "a strict rule would not fit either: not even approving every applicant at or above the threshold would be enough"


def whose_figures(same: bool) -> str:
    """Whose figures this copy uses, as the prose names them."""
    return "the article's own figures" if same else "figures other than the article's"


def threshold_readings_rows(threshold_table: pd.DataFrame) -> pd.DataFrame:
    """The readings of the threshold sentences as the page's table shows them."""
    return threshold_table.assign(
        reading=threshold_table.key.str.replace("_", " "),
        fits=threshold_table.feasible.map({True: "yes", False: "no"}),
        plain=threshold_table.plain.map({True: "yes", False: "no"}),
        bound_text=threshold_table.apply(
            lambda r: consistency.describe_factor(r.bound) if r.key == "population_selfselect" else percent(r.bound), axis=1
        ),
        stated_text=threshold_table.stated.map(lambda v: f"{v:.1%}"),
    )
