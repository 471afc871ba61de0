"""Daily rates, annual rates and repayment schedules, vectorised over arrays of loans.

Units: amounts in yuan (CNY); rates as fractions (a daily rate of 0.05% is ``0.0005``);
terms in months; interest-free periods in calendar days from drawdown.

Conventions
-----------
Chinese consumer lenders quote a *daily* rate. A year has ``days_per_year`` days (365 by
default; some lenders use 360), a month is ``days_per_year / 12`` days, and the periodic
(monthly) rate is ``r = daily_rate * days_per_year / 12``. Interest-free days waive the
interest that accrues on those days; the principal schedule is unchanged, so a payment that
falls in an interest-free stretch is smaller by the waived interest.

Run ``python -m model.rates`` to print a schedule: ``python -m model.rates 10000 0.0005 12``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from model import cli
from model.errors import ModelInputError
from model.glossary import chinese_names

RepaymentMethod = Literal["equal_instalment", "equal_principal", "interest_only", "bullet"]
REPAYMENT_METHODS: tuple[str, ...] = get_args(RepaymentMethod)
#: The Chinese name of each repayment method (from the glossary, data/glossary.yaml).
METHOD_NAMES_ZH: dict[str, str] = chinese_names("repayment_method", REPAYMENT_METHODS)
DAY_COUNTS: tuple[int, ...] = (360, 365)
MAX_TERM_MONTHS = 360
FloatArray = NDArray[np.float64]


def _check_days_per_year(days_per_year: int) -> None:
    if days_per_year not in DAY_COUNTS:
        raise ModelInputError("days_per_year", f"one of {DAY_COUNTS}", days_per_year)


def _finite_array(name: str, values: ArrayLike, *, low: float, allow_equal: bool) -> FloatArray:
    arr = np.asarray(values, dtype=np.float64)
    bound = f">= {low:g}" if allow_equal else f"> {low:g}"
    bad = ~np.isfinite(arr) | ((arr < low) if allow_equal else (arr <= low))
    if np.any(bad):
        raise ModelInputError(name, f"finite numbers {bound}", arr[bad].flat[0].item())
    return arr


def nominal_apr_from_daily_rate(daily_rate: ArrayLike, days_per_year: int = 365) -> FloatArray:
    """Nominal annual percentage rate from a daily rate.

    Parameters
    ----------
    daily_rate : array_like
        Daily interest rate as a fraction (0.0005 is 0.05% a day).
    days_per_year : {365, 360}
        Day-count convention.

    Returns
    -------
    ndarray
        ``daily_rate * days_per_year``, a fraction per year (simple interest).

    Notes
    -----
    PBOC Announcement No. 3 of 2021 lets a lender annualise by the compound method (the IRR
    method, :func:`apr_by_irr`) or by simple interest, provided a simple rate is said to be
    simple (贷款年化利率可采用复利或单利方法计算……采用单利计算方法的，应说明是单利). ``d x n``
    is the simple annualisation of a daily rate.

    Examples
    --------
    >>> float(nominal_apr_from_daily_rate(0.0005))
    0.1825
    >>> float(nominal_apr_from_daily_rate(0.0005, days_per_year=360))
    0.18
    """
    _check_days_per_year(days_per_year)
    return _finite_array("daily_rate", daily_rate, low=0.0, allow_equal=True) * days_per_year


def effective_annual_rate_from_daily_rate(daily_rate: ArrayLike, days_per_year: int = 365) -> FloatArray:
    """Effective annual rate of a loan priced by the day and repaid monthly: ``(1 + d n / 12) ** 12 - 1``.

    Interest is charged on the balance once a month, at the periodic rate ``d n / 12`` (``n`` is
    ``days_per_year``), so interest left unpaid earns interest month by month, not day by day:
    the effective annual rate compounds twelve times a year. (Compounding daily would give
    ``(1 + d) ** n - 1``, 20.02% at 0.05% a day, a rate no monthly loan charges.) It equals the
    annual rate by the IRR method compounded monthly of an equal-instalment loan.

    Examples
    --------
    >>> round(float(effective_annual_rate_from_daily_rate(0.0005)), 6)
    0.198566
    """
    _check_days_per_year(days_per_year)
    d = _finite_array("daily_rate", daily_rate, low=0.0, allow_equal=True)
    out: FloatArray = np.expm1(12.0 * np.log1p(d * (days_per_year / 12.0)))
    return out


def monthly_rate_from_daily_rate(daily_rate: ArrayLike, days_per_year: int = 365) -> FloatArray:
    """Periodic monthly rate ``daily_rate * days_per_year / 12``.

    Examples
    --------
    >>> round(float(monthly_rate_from_daily_rate(0.0005)), 8)
    0.01520833
    """
    return nominal_apr_from_daily_rate(daily_rate, days_per_year) / 12.0


@dataclass(frozen=True)
class RepaymentSchedule:
    """Repayment schedules of ``n`` loans over ``T`` monthly periods (yuan).

    Row ``i`` is loan ``i``; column ``k`` is month ``k + 1``. Months after a loan's term are 0.

    Attributes
    ----------
    method : str
        One of :data:`REPAYMENT_METHODS`.
    principal : ndarray, shape (n,)
        Amount borrowed, yuan.
    payment, interest, principal_repaid, balance : ndarray, shape (n, T)
        Payment, interest part, principal part, and the balance left after each payment.
    """

    method: str
    principal: FloatArray
    term_months: NDArray[np.int64]
    payment: FloatArray
    interest: FloatArray
    principal_repaid: FloatArray
    balance: FloatArray

    @property
    def total_interest(self) -> FloatArray:
        """Total interest paid over the life of each loan, yuan."""
        out: FloatArray = self.interest.sum(axis=1)
        return out

    @property
    def total_paid(self) -> FloatArray:
        """Total of all payments of each loan, yuan."""
        out: FloatArray = self.payment.sum(axis=1)
        return out

    def to_frame(self, loan: int = 0) -> pd.DataFrame:
        """One loan's schedule as a table: month, payment, interest, principal, balance."""
        n = int(self.term_months[loan])
        return pd.DataFrame(
            {
                "month": np.arange(1, n + 1),
                "payment": self.payment[loan, :n],
                "interest": self.interest[loan, :n],
                "principal": self.principal_repaid[loan, :n],
                "balance": self.balance[loan, :n],
            }
        )


def _loan_arrays(
    principal: ArrayLike, daily_rate: ArrayLike, term_months: ArrayLike, interest_free_days: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Validate loan inputs and broadcast them to flat arrays of the same length."""
    p_in = _finite_array("principal", principal, low=0.0, allow_equal=False)
    d_in = _finite_array("daily_rate", daily_rate, low=0.0, allow_equal=True)
    f_in = _finite_array("interest_free_days", interest_free_days, low=0.0, allow_equal=True)
    n_in = _finite_array("term_months", term_months, low=1.0, allow_equal=True)
    bad = (n_in != np.round(n_in)) | (n_in > MAX_TERM_MONTHS)
    if np.any(bad):
        raise ModelInputError("term_months", f"whole numbers from 1 to {MAX_TERM_MONTHS}", n_in[bad].flat[0].item())
    p, d, n, free = (np.ascontiguousarray(a.reshape(-1)) for a in np.broadcast_arrays(p_in, d_in, n_in, f_in))
    return p, d, n, free


def repayment_schedule(
    principal: ArrayLike,
    daily_rate: ArrayLike,
    term_months: ArrayLike,
    method: str = "equal_instalment",
    *,
    interest_free_days: ArrayLike = 0,
    days_per_year: int = 365,
) -> RepaymentSchedule:
    """Monthly repayment schedules for an array of loans.

    Parameters
    ----------
    principal : array_like
        Amount borrowed, yuan, > 0.
    daily_rate : array_like
        Daily interest rate as a fraction, >= 0.
    term_months : array_like of int
        Term in months, 1 to 360.
    method : {'equal_instalment', 'equal_principal', 'interest_only', 'bullet'}
        等额本息, 等额本金, 先息后本 or 到期还本付息.
    interest_free_days : array_like
        Calendar days from drawdown on which no interest accrues, >= 0.
    days_per_year : {365, 360}
        Day-count convention.

    Returns
    -------
    RepaymentSchedule

    Notes
    -----
    With periodic rate ``r`` (see the module notes), principal ``P`` and ``n`` months:

    - equal instalment: payment ``A = P r / (1 - (1 + r)^-n)`` (``P / n`` when ``r = 0``);
      the balance before month ``k`` is ``P (1+r)^(k-1) - A ((1+r)^(k-1) - 1) / r``;
    - equal principal: ``P / n`` of principal each month, interest on the balance;
    - interest only: ``P r`` each month, ``P`` with the last payment;
    - bullet: simple interest ``P r n`` and ``P`` in one payment at the end.

    Interest accrued in month ``k`` is multiplied by ``1 - f_k``, where ``f_k`` is the share
    of month ``k``'s days that fall inside the interest-free days. The last principal
    payment is the remaining balance, so principal is repaid exactly.

    Examples
    --------
    >>> s = repayment_schedule(12000, 0.0, 12)
    >>> float(s.payment[0, 0]), float(s.total_interest[0])
    (1000.0, 0.0)
    >>> s = repayment_schedule(10000, 0.0005, 1, "bullet")
    >>> round(float(s.total_interest[0]), 4)
    152.0833
    """
    if method not in REPAYMENT_METHODS:
        raise ModelInputError("method", f"one of {', '.join(REPAYMENT_METHODS)}", method)
    _check_days_per_year(days_per_year)
    p, d, n_f, free = _loan_arrays(principal, daily_rate, term_months, interest_free_days)
    n = n_f.astype(np.int64)
    r = d * (days_per_year / 12.0)
    n_loans, n_months = p.shape[0], int(n.max())
    cols = np.arange(n_loans)
    # Work month-major, shape (T, n): each month is one contiguous vector over all loans,
    # so running sums over months are fast; the schedule exposes (n, T) views.
    active = np.arange(n_months)[:, None] < n[None, :]

    if method == "equal_instalment":
        zero = r == 0.0
        r_safe = np.where(zero, 1.0, r)
        annuity = np.where(zero, p / n, p * r_safe / -np.expm1(-n * np.log1p(r_safe)))
        # Principal part of month k is (A - rP)(1 + r)^(k-1); interest is A minus that.
        principal_part = np.empty((n_months, n_loans))
        principal_part[0] = annuity - r * p
        if n_months > 1:
            principal_part[1:] = 1.0 + r
        np.cumprod(principal_part, axis=0, out=principal_part)
        principal_part *= active
        accrued = np.subtract(annuity, principal_part)
        accrued *= active
    elif method == "equal_principal":
        principal_part = active * (p / n)
        opening = p - np.cumsum(principal_part, axis=0) + principal_part
        accrued = opening * r * active
    else:  # interest_only and bullet: the whole principal is outstanding until the end
        principal_part = np.zeros((n_months, n_loans))
        accrued = active * (p * r)

    if np.any(free > 0):  # waive interest on the interest-free days (only the first months)
        period_days = days_per_year / 12.0
        m = min(n_months, int(np.ceil(free.max() / period_days)))
        k0 = np.arange(m)[:, None] * period_days
        accrued[:m] *= 1.0 - np.clip((free - k0) / period_days, 0.0, 1.0)

    if method == "bullet":
        interest = np.zeros_like(accrued)
        interest[n - 1, cols] = accrued.sum(axis=0)
    else:
        interest = accrued
    # The last payment clears the balance exactly (principal repaid to the fen and below).
    balance = np.cumsum(principal_part, axis=0)
    principal_part[n - 1, cols] += p - balance[n - 1, cols]
    np.subtract(p, balance, out=balance)
    balance *= active
    balance[n - 1, cols] = 0.0
    return RepaymentSchedule(
        method=method,
        principal=p,
        term_months=n,
        payment=(principal_part + interest).T,
        interest=interest.T,
        principal_repaid=principal_part.T,
        balance=balance.T,
    )


#: Loans per block in :func:`schedule_totals`: a block's working arrays stay a few megabytes (cache-sized, reused).
CHUNK_LOANS = 8_192


@dataclass(frozen=True)
class ScheduleTotals:
    """Per-loan totals of many repayment schedules, without keeping the schedules (yuan, shape (n,))."""

    total_interest: FloatArray
    total_paid: FloatArray
    first_payment: FloatArray
    largest_payment: FloatArray


def schedule_totals(
    principal: ArrayLike,
    daily_rate: ArrayLike,
    term_months: ArrayLike,
    method: str = "equal_instalment",
    *,
    interest_free_days: ArrayLike = 0,
    days_per_year: int = 365,
    chunk_loans: int = CHUNK_LOANS,
) -> ScheduleTotals:
    """Totals of :func:`repayment_schedule` for any number of loans, computed in blocks of ``chunk_loans``.

    Memory stays bounded by the block, not by the number of loans: a full schedule of a
    million 36-month loans holds four arrays of 288 MB each, while the blocks here hold a
    few megabytes that are reused from one block to the next.

    Parameters
    ----------
    principal, daily_rate, term_months, method, interest_free_days, days_per_year
        As for :func:`repayment_schedule`.
    chunk_loans : int
        Loans per block, >= 1.

    Returns
    -------
    ScheduleTotals

    Examples
    --------
    >>> t = schedule_totals([10000, 12000], [0.0005, 0.0], [12, 12], chunk_loans=1)
    >>> [round(float(x), 2) for x in t.total_interest]
    [1015.88, 0.0]
    """
    if not (isinstance(chunk_loans, (int, np.integer)) and chunk_loans >= 1):
        raise ModelInputError("chunk_loans", "a whole number >= 1", chunk_loans)
    p, d, n, free = _loan_arrays(principal, daily_rate, term_months, interest_free_days)
    out = ScheduleTotals(*(np.empty(p.shape[0]) for _ in range(4)))
    for start in range(0, p.shape[0], chunk_loans):
        block = slice(start, start + chunk_loans)
        s = repayment_schedule(p[block], d[block], n[block], method, interest_free_days=free[block], days_per_year=days_per_year)
        out.total_interest[block] = s.total_interest
        out.total_paid[block] = s.total_paid
        out.first_payment[block] = s.payment[:, 0]
        out.largest_payment[block] = s.payment.max(axis=1)
    return out


def apr_by_irr(principal: ArrayLike, payments: ArrayLike, *, tol: float = 1e-12, max_iter: int = 100) -> FloatArray:
    """Annualised rate by the IRR method: 12 times the monthly internal rate of return.

    Parameters
    ----------
    principal : array_like, shape (n,)
        Amount received at time 0, yuan, > 0.
    payments : array_like, shape (n, T)
        Payments at the end of months 1..T, yuan, >= 0.
    tol : float
        Newton's method stops when every step is smaller than this (monthly rate).
    max_iter : int
        Most Newton iterations.

    Returns
    -------
    ndarray, shape (n,)
        ``12 x`` where ``x`` solves ``sum_k payments_k / (1 + x)^k = principal``.

    Notes
    -----
    This is the compound method PBOC Announcement No. 3 of 2021 names (复利计算方法即内部收益率法),
    the monthly IRR annualised by multiplying by 12; the announcement also allows a simple
    rate said to be simple (:mod:`model.offers` computes both). Solved by Newton's method on
    all loans at once, starting from the simple-interest rate; loans whose payments add up
    to the principal have rate 0. For an equal-instalment loan it returns the nominal APR.

    Examples
    --------
    >>> s = repayment_schedule(10000, 0.0005, 12)
    >>> round(float(apr_by_irr(s.principal, s.payment)[0]), 10)
    0.1825
    """
    p = _finite_array("principal", principal, low=0.0, allow_equal=False).reshape(-1)
    cf = _finite_array("payments", payments, low=0.0, allow_equal=True)
    cf = cf.reshape(p.shape[0], -1)
    k = np.arange(1, cf.shape[1] + 1)[None, :]
    total = cf.sum(axis=1)
    weighted_time = (cf * k).sum(axis=1) / np.where(total > 0, total, 1.0)
    x = np.where(total > p, (total / p - 1.0) / np.maximum(weighted_time, 1.0), 0.0)
    for _ in range(max_iter):
        disc = (1.0 + x)[:, None] ** -k
        f = (cf * disc).sum(axis=1) - p
        df = -(cf * k * disc / (1.0 + x)[:, None]).sum(axis=1)
        step = np.where(df != 0.0, f / np.where(df != 0.0, df, 1.0), 0.0)
        x = np.maximum(x - step, -0.999999)
        if np.all(np.abs(step) < tol):
            break
    return 12.0 * x


def calendar_day_interest(
    principal: float,
    daily_rate: float,
    term_months: int,
    method: str = "equal_instalment",
    *,
    start_month: int = 1,
    year: int = 2024,
) -> float:
    """Total interest when each month's interest is charged for the calendar month's actual days.

    Many lenders charge interest by the day (按日计息): month ``k``'s interest is the balance
    times the daily rate times the days of that calendar month, from a drawdown on the first
    of ``start_month`` of ``year``. The principal follows the method as in
    :func:`repayment_schedule` (for equal instalments, the payment of the 365-day convention,
    the last payment clearing the balance).

    Examples
    --------
    A bullet loan of 10,000 yuan at 0.05% a day for January and February 2024 (31 + 29 days):

    >>> round(calendar_day_interest(10_000, 0.0005, 2, "bullet"), 2)
    300.0
    """
    if not 1 <= start_month <= 12:
        raise ModelInputError("start_month", "a month from 1 to 12", start_month)
    nominal = repayment_schedule(principal, daily_rate, term_months, method)
    balance, total = float(principal), 0.0
    for k in range(int(term_months)):
        month_index = start_month - 1 + k
        days = calendar.monthrange(year + month_index // 12, month_index % 12 + 1)[1]
        interest = balance * daily_rate * days
        total += interest
        if method == "equal_instalment":
            repaid = float(nominal.payment[0, k]) - interest if k < term_months - 1 else balance
        else:
            repaid = float(nominal.principal_repaid[0, k])
        balance -= repaid
    return total


def interest_free_saving(principal: float, daily_rate: float, free_days: int, days_per_year: int = 365) -> float:
    """What ``free_days`` interest-free days save on a one-month bullet loan (yuan).

    Examples
    --------
    Seven days at 0.03% a day on 10,000 yuan: 10,000 x 0.0003 x 7 = 21.

    >>> round(interest_free_saving(10_000, 0.0003, 7), 2)
    21.0
    """
    base = repayment_schedule(principal, daily_rate, 1, "bullet", days_per_year=days_per_year)
    free = repayment_schedule(principal, daily_rate, 1, "bullet", interest_free_days=free_days, days_per_year=days_per_year)
    return float(base.total_interest[0] - free.total_interest[0])


#: The years of the drawdowns :func:`day_count_spread` tries: a common year and a leap year.
DRAWDOWN_YEARS: tuple[int, ...] = (2023, 2024)


@dataclass(frozen=True)
class DayCountSpread:
    """One loan's total interest under the day counts lenders use (yuan).

    ``twelfth``: a month of a twelfth of 365 days (this book's convention); ``thirty``: a
    month of 30 days (a 360-day year); ``calendar_low`` and ``calendar_high``: each month's
    actual days, for the drawdown that gives the least and the most interest, on the first of
    any month of :data:`DRAWDOWN_YEARS` (a common year and a leap year).
    """

    twelfth: float
    thirty: float
    calendar_low: float
    calendar_high: float

    @property
    def low(self) -> float:
        """The least interest of any day count."""
        return min(self.twelfth, self.thirty, self.calendar_low)

    @property
    def high(self) -> float:
        """The most interest of any day count."""
        return max(self.twelfth, self.thirty, self.calendar_high)


def day_count_spread(principal: float, daily_rate: float, term_months: int, method: str = "equal_instalment") -> DayCountSpread:
    """What the day count changes in a loan's interest: the three usual conventions, calendar days by drawdown month.

    Examples
    --------
    The example loan (10,000 yuan, 12 months, equal instalments, 0.05% a day):

    >>> s = day_count_spread(10_000, 0.0005, 12)
    >>> round(s.twelfth, 2), round(s.thirty, 2), round(s.calendar_low, 2), round(s.calendar_high, 2)
    (1015.88, 1001.6, 1007.56, 1022.49)
    """
    twelfth = float(repayment_schedule(principal, daily_rate, term_months, method, days_per_year=365).total_interest[0])
    thirty = float(repayment_schedule(principal, daily_rate, term_months, method, days_per_year=360).total_interest[0])
    by_month = [
        calendar_day_interest(principal, daily_rate, term_months, method, start_month=m, year=y)
        for y in DRAWDOWN_YEARS
        for m in range(1, 13)
    ]
    return DayCountSpread(twelfth, thirty, min(by_month), max(by_month))


def main(argv: list[str] | None = None) -> int:
    """Print one loan's schedule and its rates."""
    parser = cli.parser("python -m model.rates", __doc__.splitlines()[0])
    parser.add_argument("principal", type=cli.number(1, 1e9), help="amount borrowed, yuan (1 to 1,000,000,000)")
    parser.add_argument("daily_rate", type=cli.number(0, 0.01), help="daily rate as a fraction, e.g. 0.0005 (0 to 0.01)")
    parser.add_argument("term_months", type=cli.number(1, 360, integer=True), help="term in months (1 to 360)")
    parser.add_argument("--method", default="equal_instalment", choices=REPAYMENT_METHODS, help="repayment method")
    parser.add_argument("--interest-free-days", type=cli.number(0, 366), default=0.0, help="interest-free days (0 to 366)")
    args = parser.parse_args(argv)
    try:
        s = repayment_schedule(
            args.principal, args.daily_rate, args.term_months, args.method, interest_free_days=args.interest_free_days
        )
    except ModelInputError as exc:
        parser.exit(2, f"error: {exc}\n")
    print(s.to_frame().round(2).to_string(index=False))
    print(
        f"total interest {s.total_interest[0]:.2f} yuan; nominal APR {nominal_apr_from_daily_rate(args.daily_rate):.4%}; "
        f"IRR APR {apr_by_irr(s.principal, s.payment)[0]:.4%}"
    )
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m model.rates")
