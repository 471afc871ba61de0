"""The "Scenarios compared" page: the model's comparison of the scenarios as a page of the book.

The figures come from :func:`model.scenarios.comparison`; this module only lays them out.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from model.glossary import scenario_names
from model.scenarios import DEFAULT, Scenario, ScenarioFailure, changed_by_text
from report.names import parameter_value, reader_names, reader_words
from report.precision import format_value
from report.prose import interest_free_period

if TYPE_CHECKING:
    import pandas as pd

INTRO = """\
A scenario is this book built again with some of its parameters changed: another example loan or
borrower, or another assumption behind the verdicts, such as stricter or more lenient rules of
evidence. Every figure below is computed by the model for each set of parameters.
"""


#: The closing section, for analysts: how scenarios are made and run, and how sweeps of many would run.
ANALYSTS = """\
## For analysts: scenario files, and sweeps of many

A scenario is a file of parameters, merged over the defaults of `data/params.yml` and validated like
`make book PARAMS=...`; the names its parameters take in a file are listed in {doc}`build_status`.
`make scenarios` builds the default book and one book per file of `scenarios/`, published inside
this site, and `python -m model scenarios --format json|csv|table` prints the same comparison. Each
notebook run is keyed by the notebook, the code and data it imports and the parameters it reads, so
a notebook whose inputs are the same in two scenarios runs once, and a scenario that changes only
the example loan reruns only the chapters that compute it. A scenario that changes an assumption
reruns every chapter that prints a verdict.

A sweep of many thousands of scenarios needs another shape, not a bigger version of this one:

- Most figures need no notebook. `python -m model scenarios` computes the comparison straight from
  the model, a fraction of a second per scenario, and the robustness sweep of the claims ledger
  already varies every assumption behind every verdict, each alone. A large sweep should call the
  model (the repayment schedules are vectorised over arrays of loans, in blocks of fixed size) and
  publish one table, not one book per scenario.
- Books are worth building for the few scenarios a reader will open. For those the work is a map of
  independent notebook runs (one per notebook and distinct set of the parameters it reads) followed
  by one Sphinx build per book and edition. The build runs the map in a pool of workers on one
  machine; the same jobs (a notebook, the parameters to inject, the cache path of the result) can be
  handed unchanged to a batch engine such as `dask.distributed` or Ray, with the cache on storage
  every worker can reach, since a cache key does not depend on where a notebook ran.
- What does not grow well is a Sphinx build per book and a complete site per book (each carries its
  own search index and static files): beyond a few dozen scenarios, publish the comparison and build
  books on demand.
"""


def scenario_title(name: str) -> str:
    """A scenario as readers see it: its name in the glossary, else its file's stem (an analyst's own scenario).

    Examples
    --------
    >>> scenario_title("year-360"), scenario_title("loan-50k")
    ('A 360-day year', 'loan-50k')
    """
    return scenario_names().get(name, name)


def _value_cell(row: dict[str, Any], name: str, link: str | None) -> str:
    text = html.escape(format_value(row["unit"], row[name]))
    if link is not None:
        text = f'<a href="{html.escape(link)}">{text}</a>'
    if name != DEFAULT and name in row["differs"].split(","):
        hidden = '<span class="visually-hidden"> (differs from the default)</span>'
        return f'<td class="scenario-differs" data-col="{html.escape(name)}"><strong>{text}</strong>{hidden}</td>'
    return f'<td data-col="{html.escape(name)}">{text}</td>'


def _link(name: str, row: dict[str, Any]) -> str:
    anchor = f"#{row['anchor']}" if row["anchor"] else ""
    if name == DEFAULT:
        return f"{row['chapter']}.html{anchor}"
    return f"../scenarios/{name}/book/{row['chapter']}.html{anchor}"


def comparison_table(frame: pd.DataFrame, names: list[str], *, linked: bool) -> str:
    """The comparison as an HTML table: a column per parameter set, differing values in bold and marked."""

    def heading(name: str) -> str:
        label = html.escape(name if name == DEFAULT else scenario_title(name))
        if linked:
            label = f'<a href="{html.escape(_link(name, {"chapter": "01_overview", "anchor": ""}))}">{label}</a>'
        return f'<th scope="col" data-col="{html.escape(name)}">{label}</th>'

    head = '<th scope="col" data-col="figure">Figure</th>' + "".join(heading(n) for n in [DEFAULT, *names])
    rows = []
    records: list[dict[str, Any]] = frame.to_dict(orient="records")  # type: ignore[assignment]
    for row in records:
        cells = "".join(_value_cell(row, n, _link(n, row) if linked else None) for n in [DEFAULT, *names])
        figure = f'<th scope="row" data-col="figure">{html.escape(row["figure"])}</th>'
        rows.append(f'<tr id="row-{html.escape(row["key"])}">{figure}{cells}</tr>')
    caption = "Headline figures of the defaults and of each scenario; a value in bold differs from the default"
    # A region of its own that scrolls sideways (and takes the keyboard focus to do so) when the scenarios are many.
    return (
        '<div class="scenario-comparison-scroll" role="region" aria-label="Scenarios compared" tabindex="0">'
        f'<table class="book-table scenario-comparison" id="scenario-comparison"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _changed(scenario: Scenario) -> str:
    names = reader_names()
    parts = [
        f"{names[k]}: {parameter_value(k, v)} (default {parameter_value(k, d)})" if k in names else f"`{k}` {v} (default {d})"
        for k, (d, v) in scenario.changed.items()
    ]
    return "; ".join(parts) or "no parameter differs from the defaults"


def comparison_page(
    frame: pd.DataFrame,
    scenarios: tuple[Scenario, ...],
    failures: tuple[ScenarioFailure, ...],
    *,
    folder: str,
    built: bool,
    reasons: list[dict[str, Any]] | None = None,
) -> str:
    """Markdown of the default book's page: the scenarios, the refused files, the table, why verdicts differ, downloads."""
    from model.params import load_params
    from model.rates import METHOD_NAMES_ZH

    names = [s.name for s in scenarios]
    p = load_params()
    method = f"{p.repayment_method.replace('_', ' ')} ({METHOD_NAMES_ZH[p.repayment_method]})"
    loan = (
        f"The example loan is {p.loan_amount_yuan:,.0f} yuan over {p.term_months} months, repaid by {method}, at "
        f"{p.daily_rate:.3%} a day with {interest_free_period(p.interest_free_days)} (the defaults; a scenario may change them)."
    )
    lines = ["# Scenarios compared", "", INTRO, loan, ""]
    if built:
        lines.append("Each scenario's own book is linked from its name; every figure links to the page that explains it.")
    else:
        lines.append(
            "This copy was built without the scenarios' own books: the figures are computed, "
            "but there are no links into the scenarios (`make scenarios` publishes them)."
        )
    lines += ["", "## The scenarios", ""]
    lines += [f"- **{scenario_title(s.name)}** (`{s.source}`): {_changed(s)}" for s in scenarios]
    if failures:
        lines += [
            "",
            "## Files that were refused",
            "",
            "These files did not pass validation (each with the build's own message); the other scenarios were still built.",
            "",
        ]
        # Raw HTML, escaped: a refused file's name and error quote the file, and must not be read as MyST. The message is
        # the build's own line, as it printed it (in code, in both editions).
        items = "".join(f"<li><strong>{html.escape(f.name)}</strong>: <code>{html.escape(f.error)}</code></li>" for f in failures)
        lines.append(f'<ul class="scenario-refused">{items}</ul>')
    unchanged = [n for n in names if not any(n in d.split(",") for d in frame["differs"])]
    lines += ["", "## The headline figures side by side", ""]
    if unchanged:
        which = ", ".join(f"**{scenario_title(n)}**" for n in unchanged)
        lines += [f"None of these figures changes in the scenario{'' if len(unchanged) == 1 else 's'} {which}.", ""]
    lines += [
        comparison_table(frame, names, linked=built),
        "",
        "Every claim whose verdict differs from the default's in at least one scenario has a row of its own; "
        "a claim absent from the table has the same verdict everywhere.",
        "",
    ]
    if reasons:
        lines += ["## Why verdicts differ", ""]
        lines += [
            f"- **{r['claim']}** in **{scenario_title(r['scenario'])}**: {r['verdict']}, not {r['default']}, because "
            f"{html.escape(reader_words(r['why']))}; "
            f"{html.escape(reader_words(changed_by_text(r['changed_by'], parameter_value)))}."
            for r in reasons
        ]
        lines.append("")
    lines += [
        "Download the table: {download}`scenarios.csv <scenarios.csv>` · {download}`scenarios.json <scenarios.json>`",
        "",
        ANALYSTS,
        f"The scenarios compared on this copy's page are the files of `{folder}`.",
        "",
    ]
    return "\n".join(lines)


def scenario_book_page(name: str) -> str:
    """Markdown of the same page in a scenario's own book: where the comparison lives."""
    return "\n".join(
        [
            "# Scenarios compared",
            "",
            f"This is the book of the scenario **{html.escape(scenario_title(name))}**. "
            "The comparison of every scenario with the defaults "
            'is a page of the default book: <a href="../../../book/scenarios.html">Scenarios compared</a>.',
            "",
        ]
    )


def announcement(scenario: Scenario) -> str:
    """The line shown at the top of every page of a scenario's book: its name and the parameters that differ.

    Parameters are named as readers read them; the Chinese edition translates the line whole (``outputs.po``).
    """
    names = reader_names()
    changed = "; ".join(
        f"{names.get(k, k)}: {parameter_value(k, v)} (default {parameter_value(k, d)})" for k, (d, v) in scenario.changed.items()
    )
    title = scenario_title(scenario.name)
    if not changed:
        return html.escape(f"Scenario: {title} — the same parameters as the defaults.")
    return html.escape(f"Scenario: {title} — {changed}. Figures on these pages follow these parameters, not the defaults.")
