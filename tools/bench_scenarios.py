"""Benchmark of scenarios, measured side by side in one run on copies of the repository.

1. cold: the default book with an empty cache (the unit of every ratio);
2. five inputs: five scenarios that each change one input of a calculation, built after the
   default book (what an analyst adds to a built book);
3. five assumptions: five scenarios that each change one assumption behind the verdicts
   (every chapter that prints a verdict reads them all, so each reruns most notebooks);
4. all cold: the default book and the five input scenarios from an empty cache, in one build;
5. English alone: the default book and then the five input scenarios with ``--english-only``,
   in a copy of their own, so that the cost of the scenarios' Chinese editions shows beside 2.

Beside 2 and 3 it prints their floor: the work no build of these books can skip, spread over the
cores, namely the cells of the notebooks that had to run (papermill's per-cell durations) and the
Sphinx builds of the books (the CPU seconds of each book's build, summed). Neither counts kernels, imports,
staging or publishing, so the floor is below what any build of the same books could reach.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from model import cli
from tools.bench_build import cell_seconds_of
from tools.build import copy_sources

FIVE_INPUTS: dict[str, dict[str, Any]] = {
    "loan-50k": {"loan_amount_yuan": 50_000.0},
    "term-24": {"term_months": 24},
    "score-720": {"pay_score": 720},
    "mean-500": {"population_score_mean": 500.0},
    "success-50": {"success_rate": 0.5},
}
FIVE_ASSUMPTIONS: dict[str, dict[str, Any]] = {
    "year-360": {"days_per_year": 360},
    "confidence-low": {"decisive_confidence": "low"},
    "rule-usual": {"threshold_rule": "usual"},
    "tolerance-5": {"agreement_tolerance": 0.05},
    "line-lpr": {"regulatory_line": "four_times_lpr"},
}


def _write(folder: Path, scenarios: dict[str, dict[str, Any]]) -> Path:
    folder.mkdir(parents=True)
    for name, values in scenarios.items():
        (folder / f"{name}.yml").write_text(yaml.safe_dump(values), encoding="utf-8")
    return folder


def _timed(tree: Path, *args: str, summed: list[float] | None = None) -> float:
    """Seconds of one build of ``tree``; with ``summed``, append the seconds of Sphinx summed over its books."""
    env = os.environ | {"PYTHONPATH": str(tree), "CI": "true" if summed is None else ""}  # progress lines when wanted
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tools.build", *args], cwd=tree, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"build {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    if summed is not None:
        found = re.search(r"\(all books; ([0-9.]+) s of CPU summed over them\)", proc.stdout)
        summed.append(float(found[1]) if found else 0.0)
    return elapsed


def _floor(tree: Path, before: set[Path], sphinx_summed: float) -> float:
    """The cells of the notebooks run since ``before`` plus Sphinx summed over the books, spread over the cores."""
    ran = set((tree / "_build" / "cache").glob("*.ipynb")) - before
    return (cell_seconds_of(ran) + sphinx_summed) / (os.cpu_count() or 1)


def run(workdir: Path) -> dict[str, float]:
    """The four measurements, in seconds."""
    ours = copy_sources(workdir / "ours")
    inputs = _write(workdir / "inputs", FIVE_INPUTS)
    assumptions = _write(workdir / "assumptions", FIVE_ASSUMPTIONS)
    cold = _timed(ours)
    summed: list[float] = []
    before = set((ours / "_build" / "cache").glob("*.ipynb"))
    five_inputs = _timed(ours, "--scenarios", str(inputs), summed=summed)
    inputs_floor = _floor(ours, before, summed[-1])
    before = set((ours / "_build" / "cache").glob("*.ipynb"))
    five_assumptions = _timed(ours, "--scenarios", str(assumptions), summed=summed)
    assumptions_floor = _floor(ours, before, summed[-1])
    fresh = copy_sources(workdir / "fresh")
    all_cold = _timed(fresh, "--scenarios", str(inputs))
    english = copy_sources(workdir / "english")
    cold_english = _timed(english, "--english-only")
    five_inputs_english = _timed(english, "--english-only", "--scenarios", str(inputs))
    return {
        "cold": cold,
        "five_inputs": five_inputs,
        "five_assumptions": five_assumptions,
        "all_cold": all_cold,
        "cold_english": cold_english,
        "five_inputs_english": five_inputs_english,
        "inputs_floor": inputs_floor,
        "assumptions_floor": assumptions_floor,
    }


def report(t: dict[str, float]) -> str:
    """The figures as printed lines, ratios against the cold build of the default book."""
    rows = [
        ("default book, cold (empty cache)", t["cold"], "", ""),
        ("+ five scenarios, one input each", t["five_inputs"], t["five_inputs"] / t["cold"], "goal: <= 1.5 x"),
        (
            "  its floor: cells and Sphinx over the cores",
            t["inputs_floor"],
            t["inputs_floor"] / t["cold"],
            "no build of these books does less",
        ),
        (
            "+ five scenarios, one assumption each",
            t["five_assumptions"],
            t["five_assumptions"] / t["cold"],
            "goal: <= 1.5 x (every verdict chapter reruns)",
        ),
        (
            "  its floor: cells and Sphinx over the cores",
            t["assumptions_floor"],
            t["assumptions_floor"] / t["cold"],
            "no build of these books does less",
        ),
        ("default and five input scenarios, all cold", t["all_cold"], t["all_cold"] / t["cold"], "six books from nothing"),
        ("English alone: default book, cold", t["cold_english"], 0.0, ""),
        (
            "English alone: + five scenarios, one input each",
            t["five_inputs_english"],
            t["five_inputs_english"] / t["cold"],
            "without the scenarios' Chinese editions",
        ),
    ]
    lines = ["scenarios (all measured in this run, on copies of the repository)"]
    for label, seconds, ratio, goal in rows:
        shown = f"this/cold = {ratio:.2f} x" if ratio else ""
        lines.append(f"  {label:44} {seconds:6.1f} s   {shown:20}   {goal}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Benchmark scenario builds and print the figures."""
    cli.parser("python -m tools.bench_scenarios", "Scenario benchmarks: five scenarios against one cold build.").parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-scenarios-") as tmp:
        print(report(run(Path(tmp))), flush=True)
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m tools.bench_scenarios")
