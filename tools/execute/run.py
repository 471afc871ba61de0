"""Running notebooks with papermill in worker threads, with a progress display and clear failures."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import nbformat

from tools import cache
from tools.execute.jobs import Job, Outcome, failing_cell
from tools.execute.kernels import (
    KERNEL_ARGUMENTS,
    KERNELS,
    KernelPool,
    WarmKernel,
    import_execution_stack,
    ipc_kernel_manager,
    kernel_environment,
    papermill_engine,
)


def run_pooled(job: Job, workdir: Path, failed_dir: Path, timeout: int, pool: KernelPool) -> Outcome:
    """:func:`run_one` in a kernel of ``pool``, given back to it afterwards."""
    manager = pool.take()
    outcome: Outcome | None = None
    try:
        outcome = run_one(job, workdir, failed_dir, timeout, manager)
        return outcome
    finally:
        pool.give_back(manager, reusable=outcome is not None and outcome.ok)


def run_one(job: Job, workdir: Path, failed_dir: Path, timeout: int, manager: Any = None) -> Outcome:
    """Execute one notebook with papermill (in ``manager``'s kernel if given); move the result into the cache on success.

    A kernel given is left running: its owner (:class:`KernelPool`) decides whether it serves another notebook.
    """
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
                # No cwd: papermill would chdir the whole process, and with notebooks running in threads the
                # process could be left in another folder. The kernels start in the tree's root instead.
                progress_bar=False,
                log_output=False,
                execution_timeout=timeout,
                request_save_on_cell_execute=True,  # a kernel that dies leaves the cell it was running marked
                engine_name=papermill_engine(),  # ... written once, when the run ends (not at every cell)
                kernel_manager_class=ipc_kernel_manager(),
                extra_arguments=KERNEL_ARGUMENTS,
                **({"km": manager} if manager is not None else {}),
            )
        except BaseException as exc:  # a kernel killed on Ctrl-C surfaces as any exception, KeyboardInterrupt included
            error = exc
        seconds = time.perf_counter() - start
        if error is None:
            os.replace(out, job.target)
            cache.record(job.target)
            return Outcome(job, True, seconds)
        failed_dir.mkdir(parents=True, exist_ok=True)
        # one copy per run: a run serving scenarios is named by them, so two books' copies never overwrite each other
        kept = failed_dir / (re.sub(r"[^\w.-]+", "_", job.label).strip("_") + ".ipynb" if job.label else f"{job.name}.ipynb")
        kept.unlink(missing_ok=True)  # never report a previous run's partial notebook
        if out.exists():
            shutil.copyfile(out, kept)
        if KERNELS.stopping:
            return Outcome(job, False, seconds, f"{job.name}.ipynb: stopped")
        cell, message = failing_cell(kept, job.source) if kept.exists() else (0, "")
        last_line = (str(error).strip().splitlines() or [""])[-1]
        if type(error).__name__ == "DeadKernelError":
            message = f"the kernel died ({last_line})"
        elif cell == 0:
            message = f"{type(error).__name__}: {last_line}"
        ran = kept.exists() and any(
            c.get("metadata", {}).get("papermill", {}).get("start_time") for c in nbformat.read(kept, as_version=4).cells
        )
        where = f"cell {cell}" if cell else ("before any cell ran" if not ran else "after its last cell")
        text = (
            f"{job.label or job.name}.ipynb failed at {where}: {message}\n"
            f"  parameters it reads: {job.reads}\n"
            f"  partially executed notebook kept at {kept}"
        )
        return Outcome(job, False, seconds, text)


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
    warm: WarmKernel | None = None,
) -> list[Outcome]:
    """Run jobs in parallel (``max_workers`` at once), printing one progress line per finished notebook.

    ``warm``, if given, is a kernel already starting: the first job runs in it.
    """
    if not jobs:
        if warm is not None:
            warm.discard()
        return []
    kernel_environment(root)
    import_execution_stack()
    import logging

    for name in ("papermill", "nbclient", "traitlets"):  # failures are reported by the build, one line each
        logging.getLogger(name).setLevel(logging.CRITICAL)
    start = time.perf_counter()
    outcomes: list[Outcome] = []
    kernels = KernelPool(root, warm)
    with contextlib.ExitStack() as stack, ThreadPoolExecutor(max_workers=max_workers) as pool:
        stack.callback(kernels.close)
        futures = [pool.submit(run_pooled, job, workdir, failed_dir, timeout, kernels) for job in jobs]
        if while_running is not None:
            while_running()
        for done, future in enumerate(as_completed(futures), start=1):
            outcome = future.result()
            outcomes.append(outcome)
            if not quiet:
                state = "ok" if outcome.ok else "FAILED"
                print(
                    f"  [{done}/{len(jobs)}] {outcome.job.label or outcome.job.name:20} {state:6} {outcome.seconds:5.1f} s"
                    f"   (elapsed {time.perf_counter() - start:5.1f} s)",
                    flush=True,
                )
    return outcomes
