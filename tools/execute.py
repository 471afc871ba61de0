"""Run notebooks with papermill, in parallel, with a progress display and clear failures.

Notebooks run through papermill's API in worker threads, each in its own kernel process.
Results are written to the cache only when the whole notebook succeeded; a failed run leaves
its partial notebook under ``_build/failed/`` and is reported with the failing cell and the
parameters.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
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


@dataclass(frozen=True)
class Outcome:
    """How a job ended."""

    job: Job
    ok: bool
    seconds: float
    message: str = ""


def failing_cell(path: Path) -> tuple[int, str]:
    """Index (among code cells, from 1) and error line of the first cell with an error output."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return 0, "the notebook could not be read"
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        n += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return n, f"{out.get('ename')}: {out.get('evalue')}"
    return 0, "no cell reported an error (the kernel may have died or timed out)"


def run_one(job: Job, workdir: Path, failed_dir: Path, timeout: int) -> Outcome:
    """Execute one notebook with papermill; move the result into the cache on success."""
    import papermill

    start = time.perf_counter()
    job.target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{job.name}-", dir=job.target.parent) as tmp:
        out = Path(tmp) / f"{job.name}.ipynb"
        error: BaseException | None = None
        try:
            papermill.execute_notebook(
                str(job.source),
                str(out),
                parameters=job.inject,
                kernel_name="python3",
                cwd=str(workdir),
                progress_bar=False,
                log_output=False,
                execution_timeout=timeout,
                extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no start-up chatter on the build's stderr
            )
        except Exception as exc:
            error = exc
        seconds = time.perf_counter() - start
        if error is None:
            os.replace(out, job.target)
            return Outcome(job, True, seconds)
        failed_dir.mkdir(parents=True, exist_ok=True)
        kept = failed_dir / f"{job.name}.ipynb"
        kept.unlink(missing_ok=True)  # never report a previous run's partial notebook
        if out.exists():
            shutil.copyfile(out, kept)
        cell, message = failing_cell(kept) if kept.exists() else (0, "")
        if cell == 0:
            last_line = (str(error).strip().splitlines() or [""])[-1]
            message = f"{type(error).__name__}: {last_line}"
        where = f"code cell {cell}" if cell else "before any cell ran"
        text = (
            f"{job.name}.ipynb failed at {where}: {message}\n"
            f"  parameters it reads: {job.reads}\n"
            f"  partially executed notebook kept at {kept}"
        )
        return Outcome(job, False, seconds, text)


def python_path_with(root: Path) -> str:
    """PYTHONPATH with ``root`` first, so child processes import the tree being built, not an installed copy."""
    path = os.environ.get("PYTHONPATH", "")
    if str(root) in path.split(os.pathsep):
        return path
    return os.pathsep.join(filter(None, [str(root), path]))


def kernel_environment(root: Path) -> None:
    """Make the kernels papermill starts import the model of the tree being built, not an installed one."""
    os.environ["PYTHONPATH"] = python_path_with(root)
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    os.environ["PYTHONHASHSEED"] = "0"


def import_execution_stack() -> None:
    """Import what the worker threads use, in this thread, so no two threads ever import the same modules at once."""
    import jupyter_client.asynchronous
    import jupyter_client.blocking
    import jupyter_client.manager
    import jupyter_client.provisioning.local_provisioner  # noqa: F401
    import nbclient  # noqa: F401
    import papermill.engines  # noqa: F401


def run_all(
    jobs: list[Job],
    *,
    workdir: Path,
    failed_dir: Path,
    root: Path,
    max_workers: int,
    timeout: int = 600,
    quiet: bool = False,
    while_running: Callable[[], None] | None = None,
) -> list[Outcome]:
    """Run jobs in parallel (``max_workers`` at once), printing one progress line per finished notebook."""
    if not jobs:
        return []
    kernel_environment(root)
    import_execution_stack()
    start = time.perf_counter()
    outcomes: list[Outcome] = []
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(run_one, job, workdir, failed_dir, timeout) for job in jobs]
        if while_running is not None:
            while_running()
        for done, future in enumerate(as_completed(futures), start=1):
            outcome = future.result()
            outcomes.append(outcome)
            if not quiet:
                state = "ok" if outcome.ok else "FAILED"
                print(
                    f"  [{done}/{len(jobs)}] {outcome.job.name:20} {state:6} {outcome.seconds:5.1f} s"
                    f"   (elapsed {time.perf_counter() - start:5.1f} s)",
                    flush=True,
                )
    return outcomes
