"""What the loan means for a borrower: reference offers side by side, the lines they are held against, the tier perks in yuan.

``data/offers.yaml`` holds the reference offers (schema: :class:`ReferenceOffer`), each with
where its terms come from; :func:`offer_table` prices them for an amount and a term with
:func:`model.offers.price_offer`. :func:`rate_lines` are the annual rates an offer is held
against, each from a reference. :func:`tier_perks` is what each tier's interest-free days are
worth on a one-month loan.

Run ``python -m model.borrowers`` for the table of a 10,000-yuan, 12-month loan.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from model import cli, tiers
from model.article import article_text
from model.errors import ModelInputError
from model.loaders import DATA_DIR, load_yaml, records_by_id
from model.offers import offer, price_offer
from model.rates import interest_free_saving
from model.references import reference

OFFERS_PATH = DATA_DIR / "offers.yaml"


class ReferenceOffer(BaseModel):
    """One record of ``data/offers.yaml``: an offer's terms and where they come from."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{2,40}$")
    name: str = Field(min_length=8)
    rate: float = Field(ge=0, le=3.65)
    rate_per: Literal["day", "month", "year"]
    method: Literal["equal_instalment", "equal_principal", "flat"]
    monthly_fee_rate: float = Field(default=0.0, ge=0, le=0.3)
    basis: Literal["article", "source", "example"]
    reference: str | None = None
    quote: str | None = None

    @model_validator(mode="after")
    def _basis_named(self) -> ReferenceOffer:
        if (self.basis == "source") != (self.reference is not None):
            raise ValueError("an offer from a source names its reference, and only such an offer does")
        if (self.basis == "article") != (self.quote is not None):
            raise ValueError("an offer from the article quotes the article's words for its rate, and only such an offer does")
        return self


@cache
def reference_offers() -> dict[str, ReferenceOffer]:
    """The reference offers, validated: a quote stands in the article, a reference exists and states the rate."""
    out = records_by_id(load_yaml(OFFERS_PATH), ReferenceOffer, OFFERS_PATH.name, "offer", path=OFFERS_PATH)
    for o in out.values():
        if o.quote is not None and o.quote not in article_text():
            raise ModelInputError(f"offers.yaml:{o.id}.quote", "words of data/article.txt", o.quote)
        if o.reference is not None:
            ref = reference(o.reference)
            stated = sorted(v for k, v in dict(ref.values).items() if k.endswith("_rate"))
            if o.rate not in stated:
                raise ModelInputError(f"offers.yaml:{o.id}.rate", f"a rate {o.reference} states ({stated})", o.rate)
    return out


def source_words(o: ReferenceOffer) -> str:
    """Where an offer's terms come from, in a reader's words."""
    if o.basis == "article":
        return f"the article: {o.quote}"
    if o.basis == "source" and o.reference is not None:
        ref = reference(o.reference)
        return f"{ref.publisher} ({ref.as_of_label}; confidence {ref.confidence.value})"
    return "an example of the usual form, not a quoted offer"


def offer_table(amount_yuan: float, term_months: int) -> pd.DataFrame:
    """Every reference offer priced for one amount and term: APR by IRR, simple rate, total cost and first payment.

    Examples
    --------
    >>> t = offer_table(10_000, 12).set_index("id")
    >>> round(float(t.loc["card_instalment_example", "apr"]), 4), round(float(t.loc["card_instalment_example", "cost"]), 2)
    (0.1303, 720.0)
    """
    rows = []
    for o in reference_offers().values():
        cost = price_offer(
            offer(
                amount_yuan=amount_yuan,
                rate=o.rate,
                rate_per=o.rate_per,
                method=o.method,
                term_months=term_months,
                monthly_fee_rate=o.monthly_fee_rate,
            )
        )
        rows.append(
            {
                "id": o.id,
                "offer": o.name,
                "basis": o.basis,
                "source": source_words(o),
                "apr": cost.apr_by_irr,
                "simple": cost.simple_annual_rate,
                "cost": cost.total_cost_yuan,
                "first": float(cost.payment[0]),
            }
        )
    return pd.DataFrame(rows)


def rate_lines() -> pd.DataFrame:
    """The annual rates an offer is held against: the 24% window guidance and the courts' former 24% and 36% lines.

    Examples
    --------
    >>> rate_lines().rate.tolist()
    [0.24, 0.36]
    """
    guidance = reference("window_guidance_24")
    courts = reference("spc_private_lending_cap_2020")
    return pd.DataFrame(
        [
            {
                "rate": guidance.value("apr_ceiling_rate"),
                "line": f"{guidance.value('apr_ceiling_rate'):.0%}: the ceiling supervisors reportedly set for consumer finance "
                f"companies ({guidance.date.year}), and the rate up to which the courts protected private-lending "
                f"interest until {courts.date.year}",
                "reference": guidance.id,
            },
            {
                "rate": courts.value("former_void_rate"),
                "line": f"{courts.value('former_void_rate'):.0%}: the rate above which the courts held private-lending "
                f"interest void until {courts.date.year}",
                "reference": courts.id,
            },
        ]
    )


def tier_perks(amount_yuan: float, days_per_year: int = 365) -> pd.DataFrame:
    """What each tier's interest-free days save on a one-month loan of ``amount_yuan`` at the tier's top daily rate.

    Examples
    --------
    >>> tier_perks(10_000).set_index("tier").saving.round(2).to_dict()
    {'new': 0.0, 'premium': 21.0, 'platinum': 21.0}
    """
    rows = []
    for t in tiers.article_tiers():
        rows.append(
            {
                "tier": t.key,
                "name": t.name_en,
                "days": t.interest_free_days,
                "rate": t.max_daily_rate,
                "saving": interest_free_saving(amount_yuan, t.max_daily_rate, t.interest_free_days, days_per_year),
            }
        )
    return pd.DataFrame(rows)


def largest_perk_saving(amount_yuan: float, days_per_year: int = 365) -> float:
    """The most any tier's interest-free days save on a one-month loan of ``amount_yuan`` (0 when no tier has any).

    Examples
    --------
    >>> round(largest_perk_saving(10_000), 2)
    21.0
    """
    perks = tier_perks(amount_yuan, days_per_year)
    paid = perks[perks.days > 0]
    return float(paid.saving.max()) if len(paid) else 0.0


def main(argv: list[str] | None = None) -> int:
    """Print the reference offers priced for 10,000 yuan over 12 months, and the tier perks."""
    cli.parser(
        "python -m model.borrowers", "The reference offers for 10,000 yuan over 12 months, and the tier perks."
    ).parse_args(argv)
    print(offer_table(10_000, 12).round(4).to_string(index=False))
    print(tier_perks(10_000).round(2).to_string(index=False))
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.borrowers")
