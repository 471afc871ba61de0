"""Tests of the command line, run as a real subprocess."""

import json
import subprocess
import sys

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
    [(("claims", "--format", "xml"), "invalid choice: 'xml'"), (("frobnicate",), "invalid choice"), ((), "required")],
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


@pytest.mark.parametrize(
    "module", ["article", "references", "tiers", "weights", "competitors", "consistency", "claims", "checks"]
)
def test_module_clis_run(module: str) -> None:
    out = subprocess.run([sys.executable, "-m", f"model.{module}"], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip()
