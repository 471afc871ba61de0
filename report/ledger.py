"""The claims ledger's page elements other than charts: its filters, counts and summary tables."""

from __future__ import annotations

import pandas as pd

from model.article import SECTION_TITLES_EN
from model.assumptions import Assumptions, is_judgement
from model.robustness import Robustness
from report.names import parameter_value, section_name
from report.render import HTML
from report.verdicts import VERDICT_ORDER

#: The order of each filter's buttons.
_CONFIDENCE_ORDER = ["internal", "none", "low", "low-medium", "medium", "medium-high", "high"]


def with_part_names(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger with each claim's part of the article by its name (the article's numerals, Title, Introduction)."""
    return ledger.assign(section=ledger.section.map(section_name))


def ledger_filters(shown: pd.DataFrame) -> HTML:
    """The ledger's search box and its buttons by verdict, part and confidence (``shown`` from :func:`with_part_names`)."""
    order = {
        "section": [section_name(s) for s in SECTION_TITLES_EN],
        "verdict": list(VERDICT_ORDER),
        "confidence": _CONFIDENCE_ORDER,
    }

    def buttons(column: str, label: str) -> str:
        values = sorted(shown[column].unique(), key=lambda v: order[column].index(v) if v in order[column] else 99)
        items = "".join(
            f'<button type="button" class="filter-button" data-col="{column}" data-value="{v}" aria-pressed="false">{v}</button>'
            for v in values
        )
        return (
            f'<div class="filter-group" role="group" aria-label="{label}"><span class="filter-label">{label}</span>{items}</div>'
        )

    return HTML(
        '<div class="ledger-filters" data-table="claims-ledger">'
        '<label for="claims-ledger-filter">Filter the claims</label> '
        '<input type="search" id="claims-ledger-filter" class="table-filter" data-table="claims-ledger" '
        'placeholder="e.g. 550, contradicted or C41">'
        + buttons("verdict", "Verdict")
        + buttons("section", "Part")
        + buttons("confidence", "Confidence")
        + '<p id="claims-ledger-count" role="status"></p></div>',
        "<filters>",
    )


def count_sources(ledger: pd.DataFrame) -> int:
    """How many different sources the checks of the ledger assessed (the checks themselves apart)."""
    items = ledger.evidence.str.split("; ").explode()
    return int(items[~items.str.startswith("check:")].nunique())


def count_checks(ledger: pd.DataFrame) -> int:
    """How many different checks the ledger's claims ran."""
    return int(ledger.evidence.str.split("; ").str[0].nunique())


def fragile_rows(fragile: list[Robustness], assumptions: Assumptions) -> pd.DataFrame:
    """One row per verdict and assumption that changes it: its kind, this copy's value, where it changes, to what."""
    rows = [
        {
            "id": r.claim_id,
            "verdict": r.verdict.value,
            "assumption": f.assumption,
            "kind": "judgement" if is_judgement(f.assumption) else "threshold or convention",
            "default": parameter_value(f.assumption, getattr(assumptions, f.assumption)),
            "change": f.where(parameter_value),
            "to": f.to.value,
        }
        for r in fragile
        for f in r.flips
    ]
    return pd.DataFrame(rows, columns=["id", "verdict", "assumption", "kind", "default", "change", "to"])


def verdicts_by_part(ledger: pd.DataFrame) -> pd.DataFrame:
    """The number of claims by part of the article (rows, in reading order) and verdict (columns, those given)."""
    return (
        pd.crosstab(ledger.section.map(SECTION_TITLES_EN), ledger.verdict)
        .reindex(index=list(SECTION_TITLES_EN.values()), columns=[v for v in VERDICT_ORDER if v in set(ledger.verdict)])
        .fillna(0)
        .astype(int)
        .reset_index(names="part")
    )
