"""The offer calculator in the page prices offers as the model does, to the fen, and refuses bad input beside the field.

Hypothesis draws random offers; each is priced by the page's own script (``window.BookCalculator``
in ``_static/calculator.js``, loaded from the built book with the network blocked) and by
:func:`model.offers.price_offer`. Payments, totals and the cash received must agree to the fen
and the APR by IRR to a millionth.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.offers import offer, price_offer
from tests.test_browser import browser, contexts, open_page, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
RATE_RANGE = {"day": 0.001, "month": 0.05, "year": 0.5}
#: The largest differences seen, for the closing note (yuan, and APR as a fraction).
LARGEST: dict[str, float] = {"yuan": 0.0, "apr": 0.0, "offers": 0}


@st.composite
def offers(draw: st.DrawFn) -> dict[str, Any]:
    per = draw(st.sampled_from(["day", "month", "year"]))
    method = draw(st.sampled_from(["equal_instalment", "equal_principal", "flat"]))
    return {
        "amount": draw(st.floats(100, 5_000_000, allow_nan=False)),
        "rate": draw(st.floats(0, RATE_RANGE[per], allow_nan=False)),
        "per": per,
        "method": method,
        "term": draw(st.integers(1, 60)),
        "upfrontFeeRate": draw(st.sampled_from([0.0, 0.01, 0.03, 0.1])),
        "monthlyFeeRate": draw(st.sampled_from([0.0, 0.003, 0.006, 0.01])),
        "freeDays": 0 if method == "flat" else draw(st.integers(0, 45)),
        "daysPerYear": 365,
    }


@pytest.fixture(scope="module")
def calculator_page(browser: object, server: str) -> Iterator[object]:  # noqa: F811
    opened: list[object] = []
    page, problems, outside = open_page(browser, server, "08_borrowers", opened)
    page.wait_for_function("window.BookCalculator !== undefined")  # type: ignore[attr-defined]
    yield page
    print(
        f"\ncalculator: {LARGEST['offers']:.0f} offers compared; largest difference {LARGEST['yuan']:.1e} yuan, {LARGEST['apr']:.1e} in APR"
    )
    assert problems == []
    assert outside == []
    for context in opened:
        context.close()  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(o=offers())
def test_the_page_prices_random_offers_as_the_model_does(calculator_page: object, o: dict[str, Any]) -> None:
    page = calculator_page
    got = page.evaluate("o => window.BookCalculator.priceOffer(o)", o)  # type: ignore[attr-defined]
    want = price_offer(
        offer(
            amount_yuan=o["amount"],
            rate=o["rate"],
            rate_per=o["per"],
            method=o["method"],
            term_months=o["term"],
            upfront_fee_rate=o["upfrontFeeRate"],
            monthly_fee_rate=o["monthlyFeeRate"],
            interest_free_days=o["freeDays"],
        )
    )
    yuan = max(
        abs(got["totalCost"] - want.total_cost_yuan),
        abs(got["totalPaid"] - want.total_paid_yuan),
        abs(got["received"] - want.received_yuan),
        *(abs(a - b) for a, b in zip(got["payment"], want.payment, strict=True)),
    )
    apr = abs(got["aprByIrr"] - want.apr_by_irr)
    LARGEST.update(yuan=max(LARGEST["yuan"], yuan), apr=max(LARGEST["apr"], apr), offers=LARGEST["offers"] + 1)
    assert yuan < 0.005, (o, yuan)
    assert apr < 1e-6, (o, apr)


def test_the_example_loan_on_the_page_is_the_models(calculator_page: object) -> None:
    page = calculator_page
    assert page.locator('[data-out="apr"]').inner_text() == "18.25%"  # type: ignore[attr-defined]
    want = price_offer(offer(amount_yuan=10_000, rate=0.0005, term_months=12))
    assert page.locator('[data-out="cost"]').inner_text() == f"{want.total_cost_yuan:,.2f}"  # type: ignore[attr-defined]
    assert page.locator(".calc-schedule tbody tr").count() == 12  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("rate", "-1"),
        ("term", "0"),
        ("amount", "abc"),
        ("term", "2.5"),
        ("freeDays", "400"),
        ("rate", ""),
        ("amount", "2,0,0,0,0"),
        ("amount", "0.5"),
        ("rate", "1.000,50"),
    ],
)
def test_bad_input_gets_a_message_beside_its_field_and_no_result(calculator_page: object, field: str, text: str) -> None:
    page = calculator_page
    box = page.locator(f"#calc-{field}")  # type: ignore[attr-defined]
    before = box.input_value()
    box.fill(text)
    box.press("Enter")  # submitting shows every error and moves the focus to the first field in error
    try:
        assert page.locator(f"#calc-{field}-error").inner_text().strip() != ""  # type: ignore[attr-defined]
        assert box.get_attribute("aria-invalid") == "true"
        assert page.locator(".calc-result").is_hidden()  # type: ignore[attr-defined]
        assert page.evaluate("document.activeElement.id") == f"calc-{field}"  # type: ignore[attr-defined]
        assert "No result" in page.locator(".calc-status").inner_text()  # type: ignore[attr-defined]
    finally:
        box.fill(before)
        box.press("Enter")
    assert page.locator(".calc-result").is_visible()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("typed", "apr"), [("０.０５", "18.25%"), ("0.05%", "18.25%"), ("0.05 ％", "18.25%")])
def test_a_rate_typed_as_a_chinese_keyboard_or_a_quote_types_it_is_read(calculator_page: object, typed: str, apr: str) -> None:
    page = calculator_page
    box = page.locator("#calc-rate")  # type: ignore[attr-defined]
    box.fill(typed)
    box.press("Enter")
    try:
        assert page.locator('[data-out="apr"]').inner_text() == apr  # type: ignore[attr-defined]
        assert page.locator("#calc-rate-error").inner_text() == ""  # type: ignore[attr-defined]
    finally:
        box.fill("0.05")
        box.press("Enter")


def test_the_page_refuses_what_the_model_refuses(calculator_page: object) -> None:
    page = calculator_page
    bad = [{"term": 0}, {"term": 2.5}, {"per": "week"}, {"amount": -5}, {"method": "flat", "freeDays": 3}]
    for change in bad:
        o = {"amount": 10_000, "rate": 0.0005, "per": "day", "method": "equal_instalment", "term": 12, "freeDays": 0} | change
        threw = page.evaluate("o => { try { window.BookCalculator.priceOffer(o); return false; } catch (e) { return true; } }", o)  # type: ignore[attr-defined]
        assert threw, change


def test_every_field_is_labelled_and_reached_by_keyboard(calculator_page: object) -> None:
    page = calculator_page
    names = ["amount", "rate", "per", "method", "term", "upfront", "monthlyFee", "freeDays"]
    for name in names:
        assert page.locator(f'label[for="calc-{name}"]').count() == 1  # type: ignore[attr-defined]
    page.locator("#calc-amount").focus()  # type: ignore[attr-defined]
    reached = []
    for _ in names:
        reached.append(page.evaluate("document.activeElement.id"))  # type: ignore[attr-defined]
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert reached == [f"calc-{n}" for n in names]


def test_the_chinese_page_speaks_chinese(browser: object, server: str) -> None:  # noqa: F811
    opened: list[object] = []
    page, problems, outside = open_page(browser, server, "zh/book/08_borrowers", opened)
    try:
        page.locator("#calc-rate").fill("-1")  # type: ignore[attr-defined]
        page.locator("#calc-rate").press("Enter")  # type: ignore[attr-defined]
        message = page.locator("#calc-rate-error").inner_text()  # type: ignore[attr-defined]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
        assert page.locator('label[for="calc-amount"]').inner_text() != "Amount borrowed (yuan)"  # type: ignore[attr-defined]
        page.locator("#calc-rate").fill("0.05")  # type: ignore[attr-defined]
        page.locator("#calc-rate").press("Enter")  # type: ignore[attr-defined]
        # Chinese sets no space before 元 or after a full-width colon (the lines and the screen reader's status)
        shown = [page.locator(s).inner_text() for s in ('[data-out="lines"]', ".calc-status")]  # type: ignore[attr-defined]
        assert all(text.strip() for text in shown), shown
        assert [text for text in shown if re.search(r" 元|： |(?<=[\u4e00-\u9fff]) (?=[0-9])", text)] == []
        assert problems == []
        assert outside == []
    finally:
        for context in opened:
            context.close()  # type: ignore[attr-defined]
