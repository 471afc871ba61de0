"""Benchmark: vectorised repayment schedules against a per-loan loop calling numpy-financial.

Both compute equal-instalment loans (payment, interest and principal of every month) for the
same random loans, in one run. The vectorised side is :func:`model.rates.schedule_totals`,
which works in blocks of loans so that its memory does not grow with their number; its
peak memory is measured with ``tracemalloc`` (numpy reports its allocations to it) in a
separate call, so that tracing does not slow the timed ones. The loop is timed on a sample of
the loans (all of them with ``--loop-loans 1000000``) and its per-loan time scaled to the full
count; the printed figures say which.
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
import numpy_financial as npf

from model import cli
from model.rates import monthly_rate_from_daily_rate, schedule_totals


def random_loans(n: int, seed: int = 20231) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` loans: 500-200,000 yuan, 0.015%-0.08% a day, 1-36 months."""
    rng = np.random.default_rng(seed)
    return rng.uniform(500, 200_000, n).round(2), rng.uniform(0.00015, 0.0008, n), rng.integers(1, 37, n)


def loop_schedules(p: np.ndarray, d: np.ndarray, n: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """One numpy-financial call set per loan: pmt, ipmt and ppmt over its months."""
    out = []
    for pi, di, ni in zip(p, d, n, strict=True):
        r = float(monthly_rate_from_daily_rate(di))
        per = np.arange(1, ni + 1)
        out.append((np.full(ni, -npf.pmt(r, ni, pi)), -npf.ipmt(r, per, ni, pi), -npf.ppmt(r, per, ni, pi)))
    return out


def peak_memory_mb(p: np.ndarray, d: np.ndarray, n: np.ndarray) -> float:
    """Peak memory of one :func:`schedule_totals` call over the loans, inputs excluded, in MB."""
    tracemalloc.start()
    try:
        schedule_totals(p, d, n)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def run(loans: int, loop_loans: int, repeat: int = 3) -> dict[str, float]:
    """Time both, measure the vectorised side's peak memory, and compare their results.

    The vectorised call is timed ``repeat`` times; the first call of the process is reported
    too (it used to pay for a gigabyte of fresh pages before the work was done in blocks).
    The ratio uses the best, as ``timeit`` does, and the loop is warmed up too.
    """
    p, d, n = random_loans(loans)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        totals = schedule_totals(p, d, n)
        times.append(time.perf_counter() - t0)
    peak = peak_memory_mb(p, d, n)
    vector_s = min(times)
    k = min(loop_loans, loans)
    loop_schedules(p[:100], d[:100], n[:100])
    t0 = time.perf_counter()
    looped = loop_schedules(p[:k], d[:k], n[:k])
    loop_s = time.perf_counter() - t0
    diff = 0.0
    for i, (pay, interest, _principal) in enumerate(looped):
        diff = max(
            diff,
            abs(float(totals.total_interest[i]) - float(interest.sum())),
            abs(float(totals.total_paid[i]) - float(pay.sum())),
            abs(float(totals.first_payment[i]) - float(pay[0])),
        )
    loop_full = loop_s / k * loans
    return {
        "loans": loans,
        "loop_loans": k,
        "vector_s": vector_s,
        "vector_first_s": times[0],
        "loop_s": loop_s,
        "loop_full_s": loop_full,
        "ratio": loop_full / vector_s,
        "ratio_first": loop_full / times[0],
        "max_diff_yuan": diff,
        "peak_mb": peak,
    }


def report(r: dict[str, float]) -> str:
    """The figures as printed lines."""
    scaled = "" if r["loop_loans"] == r["loans"] else f" (timed on {r['loop_loans']:,.0f} loans: {r['loop_s']:.2f} s, scaled)"
    return "\n".join(
        [
            f"repayment schedules, {r['loans']:,.0f} equal-instalment loans of 1-36 months",
            f"  vectorised, in blocks (model.rates) {r['vector_s']:8.2f} s   (best of 3; first call {r['vector_first_s']:.2f} s)",
            f"  per-loan loop (numpy-financial)     {r['loop_full_s']:8.2f} s{scaled}",
            f"  speed-up                            {r['ratio']:8.1f} x   (goal: >= 50 x; "
            f"against the first call {r['ratio_first']:.1f} x)",
            f"  peak memory of the vectorised call  {r['peak_mb']:8.1f} MB  (goal: <= 300 MB for 1,000,000 loans)",
            f"  largest difference                  {r['max_diff_yuan']:.2e} yuan   (goal: < 1e-6)",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("python -m tools.bench_schedules", __doc__.splitlines()[0])
    parser.add_argument("--loans", type=cli.number(1, 10_000_000, integer=True), default=1_000_000)
    parser.add_argument("--loop-loans", type=cli.number(1, 10_000_000, integer=True), default=50_000)
    args = parser.parse_args(argv)
    print(report(run(int(args.loans), int(args.loop_loans))))
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m tools.bench_schedules")
