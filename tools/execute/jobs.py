"""A notebook to run and what came of it, and the failing cell of a failed run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat


@dataclass(frozen=True)
class Job:
    """One notebook to execute: source, target in the cache, injected parameters, all values it reads."""

    name: str
    source: Path
    target: Path
    inject: dict[str, Any]
    reads: dict[str, Any]
    #: How the progress display and failures name the job (the scenarios it serves), if not by ``name``.
    label: str = ""


@dataclass(frozen=True)
class Outcome:
    """How a job ended."""

    job: Job
    ok: bool
    seconds: float
    message: str = ""


def failing_cell(path: Path, source: Path | None = None) -> tuple[int, str]:
    """The failing cell as a reader counts the cells of the committed notebook, and its error line.

    Returns the cell's position (from 1, every cell counted) in ``source`` (the committed
    notebook; by default the executed one), found by the cell's id, so the cell papermill
    injects for the parameters and its error banner are never counted. A cell that
    papermill left *running* (the kernel died in it) counts as failing. ``(0, reason)`` when
    no cell failed.
    """
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return 0, "the notebook could not be read"
    order = _cell_order(source) if source is not None else {}
    if not order or not all(c.get("id") in order for c in nb.cells if not _added_by_papermill(c)):
        # cells without ids (an older notebook format): count them, leaving out what papermill added
        order = {}
        kept = [c for c in nb.cells if not _added_by_papermill(c)]
        for i, c in enumerate(kept, start=1):
            c["id"] = c.get("id") or f"position-{i}"
            order[c["id"]] = i
    for cell in nb.cells:
        if cell.cell_type != "code" or "raises-exception" in cell.get("metadata", {}).get("tags", []):
            continue  # a cell tagged raises-exception is meant to fail and papermill goes on
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return order.get(cell.get("id"), 0), f"{out.get('ename')}: {out.get('evalue')}"
    started = [c for c in nb.cells if c.cell_type == "code" and c.get("metadata", {}).get("papermill", {}).get("start_time")]
    if started and source is not None:  # no error output: the last cell started is the one the kernel died in
        return order.get(started[-1].get("id"), 0), "the kernel died or stopped answering while this cell ran"
    return 0, "no cell reported an error"


def _added_by_papermill(cell: Any) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    return "injected-parameters" in tags or "papermill-error-cell-tag" in tags


def _cell_order(source: Path) -> dict[str | None, int]:
    try:
        nb = nbformat.read(source, as_version=4)
    except Exception:
        return {}
    return {c.get("id"): i for i, c in enumerate(nb.cells, start=1)}
