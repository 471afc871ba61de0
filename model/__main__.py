"""Command line: ``python -m model claims|params [--format ...]``.

- ``claims --format json|csv|table``: the registry with computed verdicts.
- ``params --format json|table``: every parameter of the book, its default, type and range.
- ``params --check FILE``: validate an overrides file merged over the defaults.

Bad arguments give a one-line error on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from model.claims import claims_frame
from model.errors import ModelInputError
from model.params import load_params, parameter_table


class _OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="python -m model", description="The verified model of the article's claims.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_OneLineParser)
    claims = sub.add_parser("claims", help="print the claims registry with verdicts")
    claims.add_argument("--format", choices=("json", "csv", "table"), default="table")
    params = sub.add_parser("params", help="list the book's parameters")
    params.add_argument("--format", choices=("json", "table"), default="table")
    params.add_argument("--check", type=Path, metavar="FILE", help="validate FILE merged over the defaults")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "claims":
            frame = claims_frame()
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
                    print(f"{r['name']:{width}}  {r['type']:6}  {r['default']!s:18}  {r['allowed']}")
    except ModelInputError as exc:
        print(f"python -m model: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
