"""``python -m tools.build``: arguments, exit statuses, and one line for every way a build can stop."""

from __future__ import annotations

import os
import sys
from typing import Any

from model.errors import ModelInputError, printable
from model.params import load_params
from model.scenarios import load_scenarios
from tools.build.common import COMMAND, PUBLISHED, BuildError
from tools.build.inputs import check_inputs
from tools.build.pipeline import build, update_committed
from tools.execute import KERNELS, WarmKernel
from tools.lock import BuildLock, LockBusyError
from tools.notebooks import (
    ROOT,
)


def _keep_going_on_closed_pipe() -> None:
    original = sys.stdout

    class Stdout:
        def write(self, text: str) -> int:
            try:
                return original.write(text)
            except BrokenPipeError:
                sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the rest of the build)
                return len(text)

        def flush(self) -> None:
            try:
                original.flush()
            except BrokenPipeError:
                sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

        def __getattr__(self, name: str) -> Any:
            return getattr(original, name)

    sys.stdout = Stdout()


def arguments_problem(args: Any) -> str:
    """What is wrong with a combination of arguments, in words, or "" when nothing is."""
    if args.update_committed and (args.params is not None or args.scenarios is not None):
        return "--update-committed writes the default outputs; run it without --params or --scenarios"
    if args.params is not None and args.scenarios is not None:
        return (
            "--scenarios builds the default book beside the scenarios, each merged over data/params.yml; "
            "put the parameters of --params in a scenario file instead"
        )
    if args.jobs is not None and not 1 <= args.jobs <= 64:
        return f"--jobs: expected a whole number from 1 to 64, got {args.jobs}"
    return ""


def os_error_line(exc: OSError | UnicodeError) -> str:
    """An error of the file system or of decoding as one printable line naming the file.

    Examples
    --------
    >>> os_error_line(NotADirectoryError(20, "Not a directory", "_build/cache"))
    'NotADirectoryError: Not a directory (_build/cache)'
    """
    filename = getattr(exc, "filename", None)
    where = f" ({printable(str(filename))})" if filename else ""
    return f"{type(exc).__name__}: {printable(getattr(exc, 'strerror', None) or str(exc))}{where}"


def main(argv: list[str] | None = None) -> int:
    """Build the book; exit status 0 built, 2 refused (bad parameters or arguments), 1 failed, 130 interrupted."""
    from model.cli import OneLineParser
    from model.cli import path as cli_path

    _keep_going_on_closed_pipe()
    parser = OneLineParser(prog="python -m tools.build", description="Build the book into _build/html.")
    parser.add_argument("--params", type=cli_path, help="YAML file of parameters merged over data/params.yml")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default: one per core)")
    parser.add_argument("--update-committed", action="store_true", help="write default outputs into book/*.ipynb")
    parser.add_argument("--english-only", action="store_true", help="build the English book without the Chinese edition")
    parser.add_argument(
        "--scenarios",
        type=cli_path,
        metavar="DIR",
        help="also build one book per scenario file of DIR into _build/html/scenarios/",
    )
    args = parser.parse_args(argv)
    if args.scenarios is not None:
        COMMAND[0] = "make scenarios"
    problem = arguments_problem(args)
    if problem:
        parser.error(problem)
    quiet = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    warm: WarmKernel | None = None
    try:
        load_params(args.params)  # a bad file is refused before anything starts
        warm = WarmKernel(ROOT)  # a kernel starts while the rest is checked: the first notebook's head start
        check_inputs(args.params)  # refused here, before anything is written (the lock file included)
        if args.scenarios is not None:
            load_scenarios(args.scenarios)  # a missing or empty folder is refused here too; bad files later, by name
        with BuildLock(ROOT / "_build" / ".build.lock"):
            result = build(
                args.params, jobs=args.jobs, quiet=quiet, scenarios=args.scenarios, warm=warm, chinese=not args.english_only
            )
            if args.update_committed:
                update_committed()
        if result["refused"]:
            refused = ", ".join(result["refused"])
            print(f"{COMMAND[0]}: built, but {len(result['refused'])} scenario file(s) refused: {refused}", file=sys.stderr)
            return 2
    except ModelInputError as exc:
        print(f"{COMMAND[0]}: error: {exc}", file=sys.stderr)
        return 2
    except LockBusyError as exc:
        print(f"{COMMAND[0]}: error: {exc}", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"{COMMAND[0]}: error: {exc}", file=sys.stderr)
        print(f"{COMMAND[0]}: the previous _build/html is unchanged", file=sys.stderr)
        return 1
    except (OSError, UnicodeError) as exc:  # a damaged or unwritable _build, a file that is not text: one line
        print(f"{COMMAND[0]}: error: {os_error_line(exc)}", file=sys.stderr)
        print(f"{COMMAND[0]}: the previous _build/html is unchanged", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        KERNELS.kill_all()
        print(f"{COMMAND[0]}: {interrupted_message()}", file=sys.stderr)
        return 130
    finally:
        if warm is not None and not KERNELS.stopping:
            warm.discard()  # refused, failed or nothing to run: the unused kernel is shut down
    return 0


def interrupted_message() -> str:
    """What an interruption leaves, said truly: the old book, or the new one if it was already published."""
    if PUBLISHED:
        return "interrupted after the new book was published in _build/html"
    return "interrupted; the previous _build/html is unchanged"


def _interrupt(signum: int, frame: object) -> None:
    """SIGINT and SIGTERM: stop the kernels at once, then unwind as an interrupt."""
    KERNELS.kill_all()
    raise KeyboardInterrupt


def _quiet_interrupts_in_finalizers(unraisable: Any) -> None:
    """An interrupt raised inside a finalizer cannot unwind: the build stops at its next check, silently here."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt) and KERNELS.stopping:
        return
    sys.__unraisablehook__(unraisable)
