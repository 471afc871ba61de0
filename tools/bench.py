"""``make bench``: every benchmark, figures printed side by side (no timed assertions anywhere)."""

from __future__ import annotations

from model import cli


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark and print the figures."""
    cli.parser("python -m tools.bench", "Every benchmark, figures printed side by side.").parse_args(argv)
    from tools import bench_build, bench_robustness, bench_scenarios, bench_schedules  # after --help, which needs none

    print(bench_schedules.report(bench_schedules.run(1_000_000, 50_000)), flush=True)
    print(flush=True)
    print(bench_robustness.report(bench_robustness.run()), flush=True)
    print(flush=True)
    bench_build.main()
    print(flush=True)
    bench_scenarios.main()
    return 0


if __name__ == "__main__":
    cli.run(main, "python -m tools.bench")
