"""Run notebooks with papermill, in parallel, with a progress display and clear failures.

Each notebook runs in its own ``papermill`` process (its own kernel). Results are written
to the cache only when the whole notebook succeeded; a failed run leaves its partial
notebook under ``_build/failed/`` and is reported with the failing cell and the parameters.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import yaml


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


def run_one(job: Job, workdir: Path, failed_dir: Path, timeout: int, root: Path) -> Outcome:
    """Execute one notebook with papermill; move the result into the cache on success."""
    start = time.perf_counter()
    job.target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{job.name}-", dir=job.target.parent) as tmp:
        out = Path(tmp) / f"{job.name}.ipynb"
        params_file = Path(tmp) / "params.yml"
        params_file.write_text(yaml.safe_dump(job.inject), encoding="utf-8")
        cmd = [
            sys.executable,
            "-m",
            "papermill",
            str(job.source),
            str(out),
            "-f",
            str(params_file),
            "--cwd",
            str(workdir),
            "-k",
            "python3",
            "--no-progress-bar",
            "--log-level",
            "ERROR",
            "--execution-timeout",
            str(timeout),
        ]
        # The kernel imports the model of the tree being built, not whatever is installed.
        path = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH", "")]))
        env = os.environ | {"PYDEVD_DISABLE_FILE_VALIDATION": "1", "PYTHONHASHSEED": "0", "PYTHONPATH": path}
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        seconds = time.perf_counter() - start
        if proc.returncode == 0 and out.exists():
            os.replace(out, job.target)
            return Outcome(job, True, seconds)
        failed_dir.mkdir(parents=True, exist_ok=True)
        kept = failed_dir / f"{job.name}.ipynb"
        if out.exists():
            shutil.copyfile(out, kept)
        cell, error = failing_cell(kept) if kept.exists() else (0, (proc.stderr.strip().splitlines() or ["?"])[-1])
        where = f"code cell {cell}" if cell else "before any cell ran"
        message = (
            f"{job.name}.ipynb failed at {where}: {error}\n"
            f"  parameters it reads: {job.reads}\n"
            f"  partially executed notebook kept at {kept}"
        )
        return Outcome(job, False, seconds, message)


def run_all(
    jobs: list[Job], *, workdir: Path, failed_dir: Path, root: Path, max_workers: int, timeout: int = 600, quiet: bool = False
) -> list[Outcome]:
    """Run jobs in parallel (``max_workers`` at once), printing one progress line per finished notebook."""
    if not jobs:
        return []
    start = time.perf_counter()
    outcomes: list[Outcome] = []
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(run_one, job, workdir, failed_dir, timeout, root) for job in jobs]
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
