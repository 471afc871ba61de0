"""Benchmark: the robustness sweep, beside one evaluation of the whole registry, in one run.

The sweep runs every claim's check over every allowed value of each assumption it reads
(grid plus bisection), in this process, without notebooks. Both figures are the best of
``repeat`` runs with the registry's records already loaded.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from model import checks, cli
from model.claims import assertion_of, registry_records
from model.params import default_assumptions
from model.robustness import robustness


def run(repeat: int = 3) -> dict[str, float]:
    """Time one evaluation of every claim and the full sweep; count the (claim, assumption) pairs swept."""
    records = registry_records()
    base = default_assumptions()

    def evaluate_all() -> None:
        for r in records.values():
            checks.run_check(r.check, r.check_args, checks.CheckContext(base, assertion_of(r)))

    one = min(_timed(evaluate_all) for _ in range(repeat))
    sweep = min(_timed(robustness) for _ in range(repeat))
    results = robustness()
    return {
        "claims": len(records),
        "one_evaluation_s": one,
        "sweep_s": sweep,
        "pairs": sum(len(r.reads) for r in results),
        "robust": sum(r.robust for r in results),
    }


def _timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def report(r: dict[str, float]) -> str:
    """The figures, side by side."""
    return "\n".join(
        [
            "robustness sweep (model.robustness), best of 3",
            f"  every claim once, default assumptions: {r['one_evaluation_s'] * 1000:8.1f} ms  ({r['claims']:.0f} claims)",
            f"  full sweep of every assumption:        {r['sweep_s'] * 1000:8.1f} ms  ({r['pairs']:.0f} claim-assumption pairs)",
            f"  ratio sweep / one evaluation:          {r['sweep_s'] / r['one_evaluation_s']:8.1f}x",
            f"  verdicts robust under every allowed assumption: {r['robust']:.0f} of {r['claims']:.0f}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Run the robustness benchmark and print the figures."""
    cli.parser("python -m tools.bench_robustness", __doc__.splitlines()[0]).parse_args(argv)
    print(report(run()))
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m tools.bench_robustness")
