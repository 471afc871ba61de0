"""What a consumer-loan offer costs: every payment, the fees, and its annual rates.

An offer is quoted as lenders quote it: an amount, a rate per day, month or year, a way of
charging interest (on the falling balance, or flat on the amount borrowed, 等本等息), a term,
fees (one-off at drawdown, or a monthly fee on the amount, as card instalments charge them),
interest-free days, and possibly an early repayment. :func:`price_offer` turns it into the
borrower's cash flows and three annual figures:

- the **APR by IRR** (内部收益率法): ``12 x``, where ``x`` is the monthly rate at which the
  payments' present value equals the cash actually received;
- the **effective annual rate**: ``(1 + x)^12 - 1``, the same IRR compounded monthly;
- the **simple annualised rate** (单利): the total cost (interest and fees) over the principal
  actually used, in yuan-years. PBOC Announcement No. 3 of 2021 lets lenders annualise either
  way, provided a simple rate is named as such.

Units: yuan; rates as fractions (0.0005 is 0.05% a day); months of 1/12 of a year.

Run ``python -m model.offers 10000 0.006 --per month --method flat --term 12`` to price one
offer (a card instalment at 0.6% a month).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
from annotated_types import Ge, Gt, Le
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from model import cli
from model.errors import ModelInputError, from_validation_error
from model.rates import MAX_TERM_MONTHS, apr_by_irr, repayment_schedule

#: How an offer charges interest: on the falling balance (等额本息, 等额本金) or flat on the amount borrowed (等本等息).
OFFER_METHODS: tuple[str, ...] = ("equal_instalment", "equal_principal", "flat")
#: Rates per period as fractions above which no offer is priced (a rate per day of 1% is 365% a year).
MAX_RATE = {"day": 0.01, "month": 0.3, "year": 3.65}

Fraction = Annotated[float, Ge(0), Le(1), Field(allow_inf_nan=False)]


class Offer(BaseModel):
    """A loan offer as a lender quotes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    amount_yuan: Annotated[float, Gt(0), Le(1e9), Field(allow_inf_nan=False)]
    rate: Annotated[float, Ge(0), Field(allow_inf_nan=False)]
    rate_per: Literal["day", "month", "year"] = "day"
    method: Literal["equal_instalment", "equal_principal", "flat"] = "equal_instalment"
    term_months: Annotated[int, Ge(1), Le(MAX_TERM_MONTHS)]
    #: Charged once at drawdown, as a share of the amount and in yuan; the borrower receives the amount less these.
    upfront_fee_rate: Fraction = 0.0
    upfront_fee_yuan: Annotated[float, Ge(0), Field(allow_inf_nan=False)] = 0.0
    #: Charged with every monthly payment, as a share of the amount borrowed (a card instalment's 手续费).
    monthly_fee_rate: Annotated[float, Ge(0), Le(0.3), Field(allow_inf_nan=False)] = 0.0
    interest_free_days: Annotated[int, Ge(0), Le(366)] = 0
    #: The balance is repaid with this month's payment (None: the loan runs its term).
    repaid_after_month: Annotated[int, Ge(1)] | None = None
    #: Charged on the balance repaid early.
    early_repayment_fee_rate: Fraction = 0.0
    days_per_year: Literal[365, 360] = 365

    @model_validator(mode="after")
    def _consistent(self) -> Offer:
        if self.rate > MAX_RATE[self.rate_per]:
            raise ValueError(f"a rate per {self.rate_per} of at most {MAX_RATE[self.rate_per]}, not {self.rate}")
        if self.upfront_fee_rate * self.amount_yuan + self.upfront_fee_yuan >= self.amount_yuan:
            raise ValueError("fees at drawdown below the amount borrowed")
        if self.repaid_after_month is not None and self.repaid_after_month >= self.term_months:
            raise ValueError(f"an early repayment before the last month ({self.term_months}), not {self.repaid_after_month}")
        if self.method == "flat" and self.interest_free_days:
            raise ValueError("no interest-free days on a flat-rate offer (its interest is fixed on the amount)")
        return self

    @property
    def daily_rate(self) -> float:
        """The quoted rate as a daily rate (a month is 1/12 of the year's days)."""
        per_year = {"day": self.days_per_year, "month": 12, "year": 1}[self.rate_per]
        return self.rate * per_year / self.days_per_year

    @property
    def monthly_rate(self) -> float:
        """The quoted rate as a monthly rate."""
        return self.daily_rate * self.days_per_year / 12


@dataclass(frozen=True)
class OfferCost:
    """An offer's cash flows and what they cost.

    Attributes
    ----------
    received_yuan : float
        Cash the borrower receives at drawdown (the amount less the fees at drawdown).
    payment, interest, fees, principal_repaid, balance : ndarray, shape (T,)
        Each month's payment and its parts, and the balance owed after it (T: the months paid).
    """

    offer: Offer
    received_yuan: float
    payment: NDArray[np.float64]
    interest: NDArray[np.float64]
    fees: NDArray[np.float64]
    principal_repaid: NDArray[np.float64]
    balance: NDArray[np.float64]

    @property
    def total_paid_yuan(self) -> float:
        """Every payment, the fees at drawdown included."""
        return float(self.payment.sum()) + self.offer.amount_yuan - self.received_yuan

    @property
    def total_cost_yuan(self) -> float:
        """Interest and fees: what the borrower pays above the amount borrowed."""
        return self.total_paid_yuan - self.offer.amount_yuan

    @property
    def apr_by_irr(self) -> float:
        """``12 x``, ``x`` the monthly IRR of the cash received against the payments."""
        return float(apr_by_irr(self.received_yuan, self.payment[None, :])[0])

    @property
    def effective_annual_rate(self) -> float:
        """The monthly IRR compounded over twelve months: ``(1 + x)^12 - 1``."""
        return float((1.0 + self.apr_by_irr / 12.0) ** 12 - 1.0)

    @property
    def simple_annual_rate(self) -> float:
        """Total cost over the principal actually used, in yuan-years (单利): ``cost / sum_k (B_(k-1) / 12)``."""
        used = np.concatenate(([self.offer.amount_yuan], self.balance[:-1])).sum() / 12.0
        return float(self.total_cost_yuan / used)


def offer(**fields: object) -> Offer:
    """An :class:`Offer` from keyword fields, or a one-line :class:`ModelInputError` naming the field at fault.

    Examples
    --------
    >>> offer(amount_yuan=10000, rate=0.0005, term_months=12).monthly_rate
    0.015208333333333332
    >>> try:
    ...     offer(amount_yuan=10000, rate=-1, term_months=12)
    ... except ModelInputError as exc:
    ...     print(exc)
    offer.rate: expected input should be greater than or equal to 0, got -1
    """
    try:
        return Offer.model_validate(fields)
    except ValidationError as exc:
        raise from_validation_error("offer", exc) from exc


def price_offer(quote: Offer) -> OfferCost:
    """The cash flows of an offer and what they cost.

    Notes
    -----
    With amount ``P``, monthly rate ``r`` and ``n`` months:

    - ``equal_instalment`` and ``equal_principal`` charge interest on the falling balance, as
      :func:`model.rates.repayment_schedule` computes it (interest-free days included);
    - ``flat`` (等本等息) charges ``P r`` every month and repays ``P / n``: the interest never
      falls as the balance does;
    - a monthly fee ``P f`` is added to every payment; fees at drawdown are kept back from
      the cash received;
    - an early repayment after month ``k`` pays month ``k``'s instalment and the balance then
      owed, plus its fee, and ends the loan.

    Examples
    --------
    A card instalment: 10,000 yuan over 12 months at a fee of 0.6% a month.

    >>> card = price_offer(offer(amount_yuan=10000, rate=0, method="flat", term_months=12, monthly_fee_rate=0.006))
    >>> round(float(card.payment[0]), 2), round(card.total_cost_yuan, 2), round(card.apr_by_irr, 4)
    (893.33, 720.0, 0.1303)
    """
    p, n = quote.amount_yuan, quote.term_months
    if quote.method == "flat":
        interest = np.full(n, p * quote.monthly_rate)
        principal = np.full(n, p / n)
        principal[-1] = p - principal[:-1].sum()
    else:
        schedule = repayment_schedule(
            p,
            quote.daily_rate,
            n,
            quote.method,
            interest_free_days=quote.interest_free_days,
            days_per_year=quote.days_per_year,
        )
        interest, principal = schedule.interest[0], schedule.principal_repaid[0]
    fees = np.full(n, p * quote.monthly_fee_rate)
    balance = p - np.cumsum(principal)
    if quote.repaid_after_month is not None:
        k = quote.repaid_after_month
        owed = balance[k - 1]
        interest, principal, fees, balance = interest[:k].copy(), principal[:k].copy(), fees[:k].copy(), balance[:k].copy()
        principal[-1] += owed
        fees[-1] += owed * quote.early_repayment_fee_rate
        balance[-1] = 0.0
    balance = np.where(np.abs(balance) < 1e-9 * p, 0.0, balance)
    received = p - quote.upfront_fee_rate * p - quote.upfront_fee_yuan
    return OfferCost(quote, received, interest + principal + fees, interest, fees, principal, balance)


def main(argv: list[str] | None = None) -> int:
    """Price one offer and print its schedule and rates."""
    parser = cli.parser("python -m model.offers", __doc__.splitlines()[0])
    parser.add_argument("amount", type=cli.number(1, 1e9), help="amount borrowed, yuan")
    parser.add_argument("rate", type=cli.number(0, 3.65), help="the quoted rate as a fraction, e.g. 0.0005")
    parser.add_argument("--per", default="day", choices=("day", "month", "year"), help="the rate's period")
    parser.add_argument("--method", default="equal_instalment", choices=OFFER_METHODS, help="how interest is charged")
    parser.add_argument("--term", type=cli.number(1, MAX_TERM_MONTHS, integer=True), default=12.0, help="term in months")
    parser.add_argument("--monthly-fee", type=cli.number(0, 0.3), default=0.0, help="monthly fee, share of the amount")
    parser.add_argument("--upfront-fee", type=cli.number(0, 1), default=0.0, help="fee at drawdown, share of the amount")
    args = parser.parse_args(argv)
    try:
        cost = price_offer(
            offer(
                amount_yuan=args.amount,
                rate=args.rate,
                rate_per=args.per,
                method=args.method,
                term_months=int(args.term),
                monthly_fee_rate=args.monthly_fee,
                upfront_fee_rate=args.upfront_fee,
            )
        )
    except ModelInputError as exc:
        parser.exit(2, f"error: {exc}\n")
    for month, (pay, bal) in enumerate(zip(cost.payment, cost.balance, strict=True), start=1):
        print(f"{month:3d}  {pay:12,.2f}  {bal:14,.2f}")
    print(
        f"total cost {cost.total_cost_yuan:,.2f} yuan; APR by IRR {cost.apr_by_irr:.2%}; "
        f"effective annual rate {cost.effective_annual_rate:.2%}; simple annualised rate {cost.simple_annual_rate:.2%}"
    )
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.offers")
