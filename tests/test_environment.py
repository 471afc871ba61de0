"""The lock file, environment.yml and pyproject.toml agree."""

import re
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_lock_is_fully_pinned() -> None:
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        assert line.startswith("#") or re.fullmatch(r"[A-Za-z0-9_.\-]+==[^\s]+", line), line


def test_environment_yml_matches_lock() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    pip = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    pins = lock()
    for entry in pip:
        if entry.startswith("-r"):
            assert entry.split()[1] == "requirements.lock"
            continue
        name, _, version = entry.partition("==")
        assert pins[name.lower().replace("_", "-")] == version, entry


def test_every_direct_dependency_is_pinned_everywhere() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    in_env = {_name(e) for e in pip if not e.startswith("-r")}
    assert direct <= set(lock())
    assert direct == in_env


def test_running_python_matches() -> None:
    assert sys.version_info[:2] == (3, 11)


def test_one_version_everywhere() -> None:
    import tomllib

    import yaml

    import model

    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))["version"]
    assert project == model.__version__ == str(citation)
