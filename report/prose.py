"""Numbers in words a reader can use, including the degenerate values a parameter allows."""

from __future__ import annotations

import math

from report.precision import formatted


def percent(value: float, digits: int = 1) -> str:
    """A fraction as a percentage; ``not defined`` for a value that is not finite.

    Examples
    --------
    >>> percent(0.673), percent(float("nan"))
    ('67.3%', 'not defined')
    """
    if not math.isfinite(value):
        return "not defined"
    return f"{value:.{digits}%}"


def can_or_cannot(flag: bool) -> str:
    """``can`` or ``cannot``."""
    return "can" if flag else "cannot"


def series(items: list[str], conjunction: str = "and") -> str:
    """Items as a reader lists them: ``a``, ``a and b``, ``a, b and c`` (or another conjunction).

    Examples
    --------
    >>> series(["2016"]), series(["2016", "2021"]), series(["2016", "2021", "2022"])
    ('2016', '2016 and 2021', '2016, 2021 and 2022')
    >>> series(["strict", "usual"], "or")
    'strict or usual'
    """
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def count_phrase(n: int, singular: str, plural: str | None = None) -> str:
    """``1 claim``, ``3 claims``, ``no claims``.

    Examples
    --------
    >>> count_phrase(0, "claim"), count_phrase(1, "claim"), count_phrase(4, "claim")
    ('no claims', '1 claim', '4 claims')
    """
    plural = plural or singular + "s"
    if n == 0:
        return f"no {plural}"
    return f"{n} {singular if n == 1 else plural}"


def agree(n: int, singular: str, plural: str) -> str:
    """``n`` followed by the word that agrees with it.

    Examples
    --------
    >>> agree(1, "is", "are"), agree(5, "is", "are"), agree(0, "fails", "fail")
    ('1 is', '5 are', '0 fail')
    """
    return f"{n} {singular if n == 1 else plural}"


def top_finding_sentence(n_claims: int, title: str, n_findings: int) -> str:
    """The finding that decides the most claims, named only when it decides more than one.

    Examples
    --------
    >>> top_finding_sentence(6, "借呗 is Ant Group's loan.", 14)
    "The finding behind the most claims decides 6 of them: 借呗 is Ant Group's loan."
    >>> top_finding_sentence(1, "The steps leave out stages.", 10)
    'Each of the 10 findings decides one claim.'
    >>> top_finding_sentence(0, "", 0)
    'No claim is decided.'
    """
    if n_claims > 1:
        return f"The finding behind the most claims decides {n_claims} of them: {title}"
    return f"Each of the {n_findings} findings decides one claim." if n_findings else "No claim is decided."


def contradicted_basis(n_claims: int, n_sources: int, n_headers: int) -> str:
    """What the contradicted claims rest on, in a sentence whose words follow the counts.

    Examples
    --------
    >>> for part in contradicted_basis(5, 2, 4).split(", and "):
    ...     print(part)
    The 5 contradicted claims rest on 2 sources
    4 of those claims are table headers or row labels that repeat a product's name.
    >>> contradicted_basis(1, 1, 0)
    'The 1 contradicted claim rests on 1 source.'
    >>> contradicted_basis(1, 1, 1)
    "The 1 contradicted claim rests on 1 source, and it is a table header or row label that repeats a product's name."
    >>> contradicted_basis(0, 0, 0)
    'No claim is contradicted.'
    """
    if n_claims == 0:
        return "No claim is contradicted."
    claims = "claim rests" if n_claims == 1 else "claims rest"
    sentence = f"The {n_claims} contradicted {claims} on {count_phrase(n_sources, 'source')}"
    if n_claims == 1 and n_headers:
        sentence += ", and it is a table header or row label that repeats a product's name"
    elif n_headers:
        headers = "is a table header or row label" if n_headers == 1 else "are table headers or row labels"
        sentence += f", and {n_headers} of those claims {headers} that repeat{'s' if n_headers == 1 else ''} a product's name"
    return sentence + "."


def bullet_explained(bullet_irr_lower: bool, bullet_dearest: bool, term_months: int = 12) -> str:
    """Why a bullet loan's APR by IRR can be the lowest while it costs the most yuan, in words that follow the figures.

    Examples
    --------
    >>> bullet_explained(True, True).split(". ")[0]
    'Both are right'
    >>> bullet_explained(False, False, term_months=1)
    'With a term of one month every method charges the same simple interest, and their APRs by IRR agree.'
    >>> bullet_explained(False, True).split(": ")[0]
    "Here the bullet's APR by IRR is not the lowest"
    """
    if term_months == 1:
        return "With a term of one month every method charges the same simple interest, and their APRs by IRR agree."
    cost = (
        "It costs as much as any method in yuan because the whole amount stays borrowed for the whole term; the "
        "methods that repay principal month by month cost less"
        if bullet_dearest
        else "What it costs in yuan depends on how long each method keeps the money borrowed"
    )
    if not bullet_irr_lower:  # interest-free days at the start take the same yuan off every method
        return (
            "Here the bullet's APR by IRR is not the lowest: the interest-free days fall at the start of the loan, when "
            "every method owes the whole amount, so they take the same yuan off each, and that is a larger share of the "
            f"smaller interest of the methods that repay month by month. {cost}. The APR compares the price of the "
            "money; the yuan, the cost of the loan."
        )
    return (
        "Both are right. The bullet charges simple interest: the daily rate on the amount borrowed, with no interest on "
        "the interest, which is paid only at the end; the IRR method states that price as a rate compounded monthly, so "
        f"it comes out lower. {cost}. The APR compares the price of the money; the yuan, the cost of the loan."
    )


def ranks_differ(interest: list[float], apr: list[float]) -> bool:
    """Whether the APRs rank two methods the other way round from their interest in yuan (ties to the fen set aside).

    Examples
    --------
    The example loan (bullet: most yuan, lowest APR) and the top tier's (the same order both ways):

    >>> ranks_differ([1015.88, 1001.09, 1825.0, 1825.0], [0.1825, 0.1825, 0.1825, 0.1688])
    True
    >>> ranks_differ([278.04, 275.56, 526.5, 526.5], [0.0508, 0.0508, 0.0526, 0.0514])
    False
    """
    pairs = [(i, j) for i in range(len(interest)) for j in range(len(interest)) if i != j]
    return any(interest[i] < interest[j] - 0.005 and apr[i] > apr[j] + 5e-5 for i, j in pairs)


def ranking_sentence(differ: bool) -> str:
    """The sentence that opens chapter 4's comparison of the APRs with the yuan, as :func:`ranks_differ` finds them."""
    if differ:
        return "The last column ranks the methods differently from the yuan."
    return "Here the last column ranks the methods as the yuan do, ties aside."


def interest_free_period(days: int) -> str:
    """A loan's interest-free days in words, none said as none.

    Examples
    --------
    >>> interest_free_period(0), interest_free_period(1), interest_free_period(14)
    ('no interest-free days', '1 interest-free day', '14 interest-free days')
    """
    if days == 0:
        return "no interest-free days"
    return f"{days} interest-free day{'' if days == 1 else 's'}"


def value_range(low: float, high: float, spec: str) -> str:
    """``low-high`` formatted with ``spec``, or one value when both ends print the same.

    Examples
    --------
    >>> value_range(0.0002, 0.0003, ".3%"), value_range(0.00015, 0.00015, ".3%"), value_range(500, 5000, ",.0f")
    ('0.020%-0.030%', '0.015%', '500-5,000')
    >>> value_range(0.00015 * 365, 0.00015 * 365, ".2%")
    '5.48%'
    """
    shown = formatted(low, spec), formatted(high, spec)
    return shown[0] if shown[0] == shown[1] else f"{shown[0]}-{shown[1]}"
