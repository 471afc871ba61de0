"""Benchmark of the build loop, measured side by side in one run on copies of the repository.

0. editions: a cold and a warm build of the English edition alone (``--english-only``) beside
   the same builds of both editions (the Chinese edition adds a second Sphinx build, not a
   second execution);
1. cold: our build with an empty cache (parallel papermill runs, then Jupyter Book);
2. baseline: ``jupyter-book build`` of the same staged book with its own execution forced
   (``execute_notebooks: force``, notebooks run one after another by myst-nb);
3. warm: our build again, nothing changed;
4. one parameter: our build after changing a parameter that one chapter reads;
5. floor: the sum of the notebooks' own cell execution times in the cold build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

from model import cli
from model.loaders import load_yaml
from tools.build import copy_sources

#: Read only by chapter 3 (03_eligibility).
ONE_PARAMETER = {"population_score_sd": 60.0}


def _timed(cmd: list[str], cwd: Path, env: dict[str, str], output: list[str] | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    if output is not None:
        output.extend(proc.stdout.splitlines())
    return elapsed


def _seconds(lines: list[str], pattern: str) -> float:
    """The seconds a progress line of the build reports (0 when absent)."""
    for line in lines:
        found = re.search(pattern, line)
        if found:
            return float(found.group(1))
    return 0.0


def cell_seconds(cache_dir: Path) -> float:
    """Sum of papermill's per-cell durations over the executed notebooks."""
    return cell_seconds_of(set(cache_dir.glob("*.ipynb")))


def cell_seconds_of(paths: set[Path]) -> float:
    """Sum of papermill's per-cell durations over the given executed notebooks."""
    total = 0.0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        total += sum(float(c.metadata.get("papermill", {}).get("duration") or 0) for c in nb.cells)
    return total


def run(workdir: Path) -> dict[str, float]:
    """Run the five measurements in ``workdir``; return the timings in seconds."""
    ours = copy_sources(workdir / "ours")
    english = copy_sources(workdir / "english")
    env = os.environ | {"PYTHONPATH": str(ours), "CI": "true"}
    build = [sys.executable, "-m", "tools.build"]
    english_only = [*build, "--english-only"]
    english_env = env | {"PYTHONPATH": str(english)}
    cold_english = _timed(english_only, english, english_env)
    cold = _timed(build, ours, env)
    warm_english = _timed(english_only, english, english_env)
    floor = cell_seconds(ours / "_build" / "cache")

    baseline = workdir / "baseline"
    shutil.copytree(ours / "_build" / "stage", baseline, ignore=shutil.ignore_patterns("_build"))
    config = load_yaml(baseline / "_config.yml")
    config["execute"] = {"execute_notebooks": "force", "timeout": 600}
    (baseline / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    jupyter_book = str(Path(sys.executable).with_name("jupyter-book"))
    base = _timed([jupyter_book, "build", str(baseline), "--builder", "html", "-W", "-n", "--keep-going"], baseline, env)

    warm = _timed(build, ours, env)
    (ours / "one.yml").write_text(yaml.safe_dump(ONE_PARAMETER), encoding="utf-8")
    lines: list[str] = []
    before = set((ours / "_build" / "cache").glob("*.ipynb"))
    one = _timed([*build, "--params", "one.yml"], ours, env | {"CI": ""}, lines)  # with its progress lines
    rerun = cell_seconds_of(set((ours / "_build" / "cache").glob("*.ipynb")) - before)
    return {
        "cold_english": cold_english,
        "warm_english": warm_english,
        "cold": cold,
        "baseline": base,
        "warm": warm,
        "one_parameter": one,
        "floor": floor,
        "one_notebook": _seconds(lines, r"\] \S+\s+ok\s+([0-9.]+) s"),
        "one_cells": rerun,
        "one_sphinx": _seconds(lines, r"jupyter-book build: ([0-9.]+) s"),
    }


def report(t: dict[str, float]) -> str:
    """The figures as printed lines, ratios against our cold build."""
    cores = os.cpu_count() or 1
    rows = [
        ("cold build, English edition alone", t["cold_english"], "", ""),
        (
            "cold build, English and Chinese editions",
            t["cold"],
            f"this/English = {t['cold'] / t['cold_english']:.2f} x",
            "goal: <= 1.5 x (one execution, two Sphinx builds)",
        ),
        ("warm rebuild, English edition alone", t["warm_english"], "", ""),
        (
            "warm rebuild, both editions",
            t["warm"],
            f"this/English = {t['warm'] / t['warm_english']:.2f} x",
            "goal: adds nothing when no text changed",
        ),
        ("our cold build (empty cache, both editions)", t["cold"], "", ""),
        (
            "jupyter-book build, its execution forced",
            t["baseline"],
            f"cold/this = {t['cold'] / t['baseline']:.2f} x",
            "goal: <= 1.0 x",
        ),
        ("our warm rebuild, nothing changed", t["warm"], f"this/cold = {t['warm'] / t['cold']:.2f} x", "goal: <= 0.15 x"),
        (
            f"our rebuild, {next(iter(ONE_PARAMETER))} changed",
            t["one_parameter"],
            f"this/cold = {t['one_parameter'] / t['cold']:.2f} x",
            "goal: <= 0.3 x (only chapter 3 reads it)",
        ),
        ("  of which: its notebook, kernel included", t["one_notebook"], "", ""),
        ("  of which: that notebook's own cells", t["one_cells"], "", "the rest of it is kernel start and imports"),
        ("  of which: Sphinx, incremental", t["one_sphinx"], "", ""),
        (
            "  the floor: cells and Sphinx alone",
            t["one_cells"] + t["one_sphinx"],
            f"this/cold = {(t['one_cells'] + t['one_sphinx']) / t['cold']:.2f} x",
            "a warm kernel could save at most the rest of the notebook",
        ),
        ("notebooks' own cell time, summed", t["floor"], f"this/cold = {t['floor'] / t['cold']:.2f} x", ""),
        (
            f"the floor: that sum over {cores} cores",
            t["floor"] / cores,
            f"this/cold = {t['floor'] / cores / t['cold']:.2f} x",
            "the rest is kernels, papermill, Sphinx",
        ),
    ]
    from tools.notebooks import toc_notebooks

    lines = [
        f"book build, {len(toc_notebooks())} notebooks, {cores} cores (all measured in this run, on copies of the repository)"
    ]
    lines += [f"  {label:42} {seconds:6.1f} s   {ratio:20}   {goal}" for label, seconds, ratio, goal in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Benchmark the build and print the figures."""
    cli.parser("python -m tools.bench_build", "Build benchmarks: cold, warm and one-parameter rebuilds.").parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        print(report(run(Path(tmp))), flush=True)
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m tools.bench_build")
