"""Tests of the command line, run as a real subprocess (``python -m``).

Every command's ``--help`` and its refusal of an unknown option are checked in this process instead
(:func:`run_in_process`): the same ``__main__`` code, without a Python start and imports per command.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "model", *args], capture_output=True, text=True, check=False)


def test_claims_json() -> None:
    out = run("claims", "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) >= 40
    assert {"id", "section", "quote", "verdict", "finding"} <= set(rows[0])


def test_claims_csv_and_table() -> None:
    assert run("claims", "--format", "csv").stdout.startswith("id,section,kind,quote")
    assert "C01" in run("claims").stdout


def test_params_json() -> None:
    rows = json.loads(run("params", "--format", "json").stdout)
    assert {"name", "type", "default", "allowed"} <= set(rows[0])


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("claims", "--format", "xml"), "invalid choice: 'xml'"),
        (("frobnicate",), "invalid choice"),
        ((), "required"),
        (("scenarios", "--dir", ""), "expected a path, got an empty one"),  # not silently the current folder
        (("params", "--check", " "), "expected a path, got an empty one"),
    ],
)
def test_bad_arguments_one_line(args: tuple[str, ...], fragment: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert fragment in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_bad_params_file_one_line(tmp_path: pytest.TempPathFactory) -> None:
    bad = tmp_path / "bad.yml"  # type: ignore[operator]
    bad.write_text("seed: -1\n", encoding="utf-8")
    out = run("params", "--check", str(bad))
    assert out.returncode == 2
    assert out.stderr.strip() == "python -m model: error: bad.yml: seed: expected an integer from 0 to 4294967295, got -1"


@pytest.mark.parametrize("text", ["[]\n", "[1, 2]\n", "just text\n"])
def test_a_params_file_that_is_not_a_mapping_is_refused(tmp_path: Path, text: str) -> None:
    odd = tmp_path / "odd.yml"
    odd.write_text(text, encoding="utf-8")
    out = run("params", "--check", str(odd))
    assert out.returncode == 2
    assert out.stderr.strip().startswith("python -m model: error: odd.yml: expected a mapping of parameter names to values")


@pytest.mark.parametrize(
    "module", ["article", "references", "tiers", "weights", "competitors", "consistency", "claims", "checks"]
)
def test_module_clis_run(module: str) -> None:
    out = subprocess.run([sys.executable, "-m", f"model.{module}"], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip()


MODULES = [
    "model",
    "model.article",
    "model.checks",
    "model.claims",
    "model.competitors",
    "model.consistency",
    "model.references",
    "model.weights",
    "model.rates",
    "model.offers",
    "model.tiers",
    "tools.vega",
    "tools.bench",
    "tools.bench_build",
    "tools.bench_schedules",
    "tools.bench_scenarios",
    "tools.bench_robustness",
    "tools.build",
    "tools.pdf",
    "tools.linkcheck",
    "model.corrections",
]


def run_module(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, check=False, timeout=120)


def run_in_process(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m module args`` run here: its ``__main__`` block with that command line, output and exit status captured."""
    import contextlib
    import io
    import runpy
    import warnings

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = [module, *args]
    code: object = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*found in sys.modules after import of package", category=RuntimeWarning)
            runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.argv = argv
    status = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess([module, *args], status, out.getvalue(), err.getvalue())


@pytest.mark.parametrize("module", MODULES)
def test_every_cli_answers_help_and_refuses_what_it_does_not_take(module: str) -> None:
    helped = run_in_process(module, "--help")
    assert helped.returncode == 0, helped.stderr
    assert "usage:" in helped.stdout
    refused = run_in_process(module, "--no-such-option")
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("1e308", "0.0005", "12"), "argument principal: expected a finite number from 1 to 1e+09, got '1e308'"),
        (("10000", "nan", "12"), "argument daily_rate: expected a finite number"),
        (("10000", "0.0005", "0"), "argument term_months: expected a whole number from 1 to 360"),
        (("10000", "0.0005", "12", "--method", "pawn"), "invalid choice: 'pawn'"),
    ],
)
def test_rates_cli_validates_numbers(args: tuple[str, ...], fragment: str) -> None:
    out = run_module("model.rates", *args)
    assert out.returncode == 2
    assert fragment in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_a_closed_pipe_ends_quietly() -> None:
    command = f"{sys.executable} -m model claims --format json | head -c 10 >/dev/null"
    out = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, check=False)
    assert out.stderr == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [("model", "scenarios", "--format", "csv"), ("model", "claims", "--format", "json")])
def test_output_that_cannot_be_written_is_one_line(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", *args], stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == ["python -m model: error: could not write the output: No space left on device"]


def test_vega_help_writes_no_file(tmp_path: pytest.TempPathFactory) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tools.vega", "--help"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0
    assert list(tmp_path.iterdir()) == []  # type: ignore[attr-defined]


def test_linkcheck_offline_says_so_and_passes() -> None:
    out = run_module("tools.linkcheck")
    assert out.returncode in (0, 1)
    if "offline" in out.stdout:
        assert out.returncode == 0
        assert len(out.stdout.strip().splitlines()) == 1


@pytest.mark.parametrize("url", ["http://[::1", "https://", "http:///nohost"])
def test_linkcheck_reports_a_malformed_address_as_a_broken_link(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from types import SimpleNamespace

    from tools import linkcheck

    monkeypatch.setattr(linkcheck, "load_references", lambda: {"bad": SimpleNamespace(id="bad", url=url)})
    assert linkcheck.main([]) == 1  # offline here, yet a malformed address needs no network to be broken
    out = capsys.readouterr().out
    assert "bad:" in out
    assert "malformed address" in out
    assert len(out.strip().splitlines()) == 1
