"""Command line: ``python -m model claims|params|robustness|coverage [--format ...]``.

- ``claims --format json|csv|table [--params FILE]``: the registry with computed verdicts
  (under the assumptions of FILE merged over the defaults, if given).
- ``params --format json|table``: every parameter of the book: kind (assumption or input),
  default, type, allowed range, and rationale or description.
- ``params --check FILE``: validate an overrides file merged over the defaults.
- ``robustness --format json|table``: for every claim, its verdict under the defaults and
  each assumption value at which it flips.
- ``coverage --format json|table``: every span of the article, with the claims that cover
  it or the reason it is not checkable.
- ``scenarios --format json|csv|table [--dir DIR]``: the headline figures of the defaults and
  of every scenario file in DIR (default ``scenarios/``) side by side; a refused file is
  reported on stderr in one line by name, the others are still compared, and the exit
  status is then 2.

Bad arguments give a one-line error on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from model import cli
from model.errors import ModelInputError
from model.params import assumptions_of, load_params, parameter_table


def _build_parser() -> argparse.ArgumentParser:
    parser = cli.OneLineParser(prog="python -m model", description="The verified model of the article's claims.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=cli.OneLineParser)
    claims = sub.add_parser("claims", help="print the claims registry with verdicts")
    claims.add_argument("--format", choices=("json", "csv", "table"), default="table")
    claims.add_argument("--params", type=cli.path, metavar="FILE", help="assumptions of FILE merged over the defaults")
    robust = sub.add_parser("robustness", help="sweep every assumption and show where verdicts flip")
    robust.add_argument("--format", choices=("json", "table"), default="table")
    cover = sub.add_parser("coverage", help="every span of the article and what accounts for it")
    cover.add_argument("--format", choices=("json", "table"), default="table")
    scen = sub.add_parser("scenarios", help="compare the headline figures of every scenario with the defaults")
    scen.add_argument("--format", choices=("json", "csv", "table"), default="table")
    scen.add_argument("--dir", type=cli.path, metavar="DIR", default=None, help="folder of scenario files (default: scenarios/)")
    params = sub.add_parser("params", help="list the book's parameters")
    params.add_argument("--format", choices=("json", "table"), default="table")
    params.add_argument("--check", type=cli.path, metavar="FILE", help="validate FILE merged over the defaults")
    return parser


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0912 (one branch per command and format)
    """Run the command line; return the exit status."""
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "robustness":
            from model.robustness import robustness, robustness_table

            results = robustness()
            if args.format == "json":
                print(json.dumps([r.to_record() for r in results], ensure_ascii=False, indent=1))
            else:
                for row in robustness_table(results):
                    print(f"{row['id']}  {row['verdict']:13}  {row['robustness']}")
            return 0
        if args.command == "coverage":
            from model.coverage import coverage

            spans = coverage()
            if args.format == "json":
                print(json.dumps([s.to_record() for s in spans], ensure_ascii=False, indent=1))
            else:
                for span in spans:
                    what = ", ".join(span.claims) or f"not checkable: {span.reason}"
                    print(f"{span.section:6} {span.kind:13} {span.text[:40]:42} {what}")
            return 0
        if args.command == "scenarios":
            return _scenarios(args.dir, args.format)
        if args.command == "claims":
            assumptions = assumptions_of(load_params(args.params)) if args.params is not None else None
            from model.claims import claims_frame  # pandas and the registry: only the commands that need them load them

            frame = claims_frame(assumptions=assumptions)
            if args.format == "json":
                print(json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=1))
            elif args.format == "csv":
                sys.stdout.write(frame.to_csv(index=False))
            else:
                print(frame[["id", "section", "verdict", "confidence", "paraphrase"]].to_string(index=False))
        else:
            if args.check is not None:
                print(json.dumps(load_params(args.check).model_dump(), ensure_ascii=False, indent=1))
                return 0
            rows = parameter_table()
            if args.format == "json":
                print(json.dumps(rows, ensure_ascii=False, indent=1))
            else:
                width = max(len(r["name"]) for r in rows)
                for r in rows:
                    print(f"{r['name']:{width}}  {r['kind']:10}  {r['type']:6}  {r['default']!s:18}  {r['allowed']}")
                    print(f"{'':{width}}  {r['description']}")
    except ModelInputError as exc:
        print(f"python -m model: error: {exc}", file=sys.stderr)
        return 2
    return 0


def _scenarios(folder: Path | None, fmt: str) -> int:
    from model import scenarios as sc

    good, bad = sc.load_scenarios(folder if folder is not None else sc.default_folder())
    for failure in bad:
        print(f"python -m model scenarios: {failure.name}: refused: {failure.error}", file=sys.stderr)
    if fmt == "json":
        print(json.dumps(sc.comparison_json(good, bad), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        sys.stdout.write(sc.comparison(good).to_csv(index=False))
    else:
        rows = sc.comparison_table(sc.comparison(good), [s.name for s in good])
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for r in rows:
            print(
                "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths, strict=True)))
            )
        print("* differs from the default")
    return 2 if bad else 0


if __name__ == "__main__":
    cli.run(main, "python -m model")
