"""The offer calculator's page element: a form that prices a loan offer in the page (``_static/calculator.js``).

The arithmetic runs in the reader's browser and mirrors :func:`model.offers.price_offer`; the
form's words, its messages (``data-msg`` elements the script reads) and the lines an offer is
held against come from here, so the Chinese edition translates them with the rest of the page.
"""

from __future__ import annotations

import html
import json

import pandas as pd

#: The messages the script shows, by key: beside a field in error, in the status line, in the chart.
MESSAGES: dict[str, str] = {
    "amount": "Enter an amount from 1 to 1,000,000,000 yuan, in ordinary digits.",
    "rate": "Enter a rate of 0 or more, and not above 1% a day, 30% a month or 365% a year.",
    "term": "Enter a whole number of months from 1 to 360.",
    "upfront": "Enter a fee from 0 up to, but not including, 100% of the amount.",
    "monthlyFee": "Enter a monthly fee from 0% to 30% of the amount.",
    "freeDays": "Enter a whole number of days from 0 to 366; a flat-rate offer has none.",
    "invalid": "No result: correct the fields marked.",
    "result": "APR by IRR",
    "cost": "total cost",
    "yuan": "yuan",
    "above": "Above the lines of",
    "below": "Not above the lines of",
    "series-balance": "balance owed",
    "series-paid": "paid so far",
    "axis-month": "Month",
    "axis-yuan": "Yuan",
}


def _field(name: str, label: str, value: str, hint: str) -> str:
    fid = f"calc-{name}"
    return (
        f'<div class="calc-field"><label for="{fid}">{html.escape(label)}</label>'
        f'<input id="{fid}" name="{name}" type="text" inputmode="decimal" value="{html.escape(value)}" '
        f'aria-describedby="{fid}-hint {fid}-error" autocomplete="off">'
        f'<span class="calc-hint" id="{fid}-hint">{html.escape(hint)}</span>'
        f'<span class="calc-error" id="{fid}-error" role="alert"></span></div>'
    )


def _select(name: str, label: str, options: list[tuple[str, str]], chosen: str) -> str:
    items = "".join(
        f'<option value="{v}"{" selected" if v == chosen else ""}>{html.escape(text)}</option>' for v, text in options
    )
    return (
        f'<div class="calc-field"><label for="calc-{name}">{html.escape(label)}</label>'
        f'<select id="calc-{name}" name="{name}">{items}</select></div>'
    )


def calculator_html(
    amount_yuan: float,
    term_months: int,
    daily_rate: float,
    lines: pd.DataFrame,
    *,
    interest_free_days: int = 0,
    method: str = "equal_instalment",
) -> str:
    """The calculator, starting from the book's example loan; ``lines`` (rate, line) are the annual rates it compares with.

    The example loan's method is chosen when the calculator offers it (a bullet or interest-only
    loan is not among its methods: equal payments are then chosen).
    """
    line_data = json.dumps([{"rate": float(r)} for r in lines.rate])
    messages = "".join(f'<span data-msg="{k}">{html.escape(v)}</span>' for k, v in MESSAGES.items())
    fields = "".join(
        [
            _field("amount", "Amount borrowed (yuan)", f"{amount_yuan:g}", "At least 1"),
            _field("rate", "Interest rate as quoted (%)", f"{daily_rate * 100:g}", "0.05 means 0.05%"),
            _select(
                "per", "Kind of rate", [("day", "a daily rate"), ("month", "a monthly rate"), ("year", "an annual rate")], "day"
            ),
            _select(
                "method",
                "Interest is charged",
                [
                    ("equal_instalment", "on the balance, equal payments (等额本息)"),
                    ("equal_principal", "on the balance, equal principal (等额本金)"),
                    ("flat", "flat on the amount borrowed (等本等息)"),
                ],
                method if method in ("equal_instalment", "equal_principal") else "equal_instalment",
            ),
            _field("term", "Term (months)", str(term_months), "From 1 to 360"),
            _field("upfront", "Fee at drawdown (% of the amount)", "0", "Kept back from what you receive"),
            _field("monthlyFee", "Monthly fee (% of the amount)", "0", "As card instalments charge it"),
            _field("freeDays", "Interest-free days", str(interest_free_days), "From the day of drawdown"),
        ]
    )
    result = (
        '<div class="calc-result" hidden><dl>'
        '<dt>APR by the IRR method (compound interest)</dt><dd data-out="apr"></dd>'
        '<dt>Simple annualised rate (cost over the principal used)</dt><dd data-out="simple"></dd>'
        '<dt>Total cost: interest and fees (yuan)</dt><dd data-out="cost"></dd>'
        '<dt>Total repaid, fees kept back at drawdown included (yuan)</dt><dd data-out="paid"></dd>'
        '<dt>Cash you receive (yuan)</dt><dd data-out="received"></dd>'
        '<dt>Against the lines</dt><dd data-out="lines"></dd></dl>'
        '<div class="calc-chart" role="img" aria-label="Line chart of the balance owed and the total paid so far, '
        'month by month, for the offer entered."></div>'
        '<div class="calc-table-scroll" tabindex="0" role="region" aria-label="Schedule of the offer entered">'
        '<table class="calc-schedule book-table">'
        "<caption>Schedule of the offer entered (yuan)</caption>"
        '<thead><tr><th scope="col">Month</th><th scope="col">Payment</th><th scope="col">Interest</th><th scope="col">Fee</th>'
        '<th scope="col">Principal repaid</th><th scope="col">Balance after payment</th></tr></thead>'
        "<tbody></tbody></table></div></div>"
    )
    return (
        '<p class="calc-print-note">The calculator works in the web edition of this book; printed, the reference '
        "offers above stand in for it.</p>"
        f'<div class="offer-calculator" data-lines="{html.escape(line_data)}">'
        f'<div hidden class="calc-messages">{messages}</div>'
        f'<form class="calc-form" novalidate aria-label="Offer calculator">{fields}'
        '<button type="submit">Price the offer</button></form>'
        '<p class="calc-status" role="status" aria-live="polite"></p>'
        f"{result}</div>"
    )
