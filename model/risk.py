"""Section 七's bad-debt bound beside the non-performing-loan ratios that are published.

No source states the product's bad-debt rate; the nearest published figures are NPL ratios of
WeBank as a whole, of the banking sector and of consumer-finance companies. They measure
another quantity of other subjects, so they are shown beside the bound, never held against it.
"""

from __future__ import annotations

import pandas as pd

from model.references import reference

#: The NPL ratios shown, each a reference of data/references.yaml, in the order the chapter lists them.
NPL_SOURCES: tuple[str, ...] = ("webank_npl_2016", "webank_npl_2021", "banks_npl_2023q3", "cfc_npl_2019")


def npl_ratios() -> pd.DataFrame:
    """Each published NPL ratio with what it measures, as of when, its source and confidence.

    The last row is the private banks' sector average that WeBank's 2021 report gives beside its own.

    Examples
    --------
    >>> npl_ratios().source.tolist()[-1]
    'webank_npl_2021'
    """
    rows = [
        {
            "measure": f"{reference(s).subject}, {reference(s).as_of_label}",
            "rate": reference(s).value("npl_rate"),
            "source": s,
            "confidence": reference(s).confidence.value,
        }
        for s in NPL_SOURCES
    ]
    webank = reference("webank_npl_2021")
    rows.append(
        {
            "measure": f"private banks (sector average), {webank.as_of_label}",
            "rate": webank.value("private_banks_npl_rate"),
            "source": webank.id,
            "confidence": webank.confidence.value,
        }
    )
    return pd.DataFrame(rows)


def ratios_below(npl: pd.DataFrame, bound: float) -> pd.DataFrame:
    """The ratios below the article's bound (which still says nothing of the product's bad-debt rate)."""
    return npl[npl.rate < bound]
