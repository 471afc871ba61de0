"""The "How this copy was built" page: what the build records, as Markdown a reader reads.

The build gathers the rows (:mod:`tools.build`: parameter values, the executed notebooks'
papermill records, the version and the software); this module only writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from report.names import parameter_value, reader_names


@dataclass(frozen=True)
class ParameterRow:
    """One parameter: its name, value and default as the parameter file holds them, and what it is."""

    name: str
    value: object
    default: object
    kind: str
    description: str


@dataclass(frozen=True)
class NotebookRow:
    """One executed notebook: the parameters it reads, its cache key, when it ran and for how long."""

    name: str
    reads: tuple[str, ...]
    key: str
    started: str
    seconds: float


def status_page(parameters: list[ParameterRow], notebooks: list[NotebookRow], version: list[str], software: str) -> str:
    r"""Markdown for the status page.

    Examples
    --------
    >>> page = status_page(
    ...     [ParameterRow("daily_rate", 0.0003, 0.0005, "input", "rate per day")],
    ...     [NotebookRow("04_tiers_rates", ("daily_rate",), "abc", "2026-12-03T04:00:00.123", 1.5)],
    ...     ["Version `1`."],
    ...     "`Python 3.11`",
    ... )
    >>> print("\n".join(line for line in page.splitlines() if line.startswith(("| `daily", "| 04"))))
    | `daily_rate` | daily rate of the example loan | 0.03% (changed) | 0.05% | rate per day |
    | 04_tiers_rates | `daily_rate` | `abc` | 2026-12-03T04:00:00 | 1.5 s |
    """
    lines = [
        "# How this copy was built",
        "",
        "This page is written by the build (`python -m tools.build`). It records the parameters that built "
        "this copy of the book, when each notebook was executed and how long it took, and the software that ran it.",
        "",
        "## Parameters",
        "",
        "| parameter | name | value | default | what it is |",
        "|---|---|---|---|---|",
    ]
    names = reader_names()
    for row in parameters:
        changed = " (changed)" if row.value != row.default else ""
        what = f"{row.kind}: {row.description}" if row.kind == "assumption" else row.description
        shown, default = parameter_value(row.name, row.value), parameter_value(row.name, row.default)  # as readers read them
        lines.append(f"| `{row.name}` | {names.get(row.name, row.name)} | {shown}{changed} | {default} | {what} |")
    lines += [
        "",
        "## Notebooks",
        "",
        "| notebook | parameters it reads | cache key | executed at (UTC) | execution time |",
        "|---|---|---|---|---|",
    ]
    for nb in notebooks:
        reads = ", ".join(f"`{p}`" for p in sorted(nb.reads)) or "none"
        lines.append(f"| {nb.name} | {reads} | `{nb.key}` | {nb.started[:19]} | {nb.seconds:.1f} s |")
    lines += [
        "",
        "## Version",
        "",
        *version,
        "",
        "## Software",
        "",
        f"{software}. Every version is pinned in `requirements.lock`.",
        "",
        "## Rebuilding",
        "",
        "The first command builds the book with the defaults of `data/params.yml`; the second with `my.yml` merged over them.",
        "",
        "```sh",
        "make book",
        "make book PARAMS=my.yml",
        "```",
        "",
    ]
    return "\n".join(lines)
