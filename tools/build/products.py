"""What the build makes besides the executed notebooks: the status page, the ledger's downloads, the Vega bundle."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from model.errors import ModelInputError
from model.params import BookParameters, assumptions_of, default_values, parameter_table
from model.scenarios import Scenario, ScenarioFailure, load_scenarios, scenario_entries
from tools import cache
from tools.build.common import REPORTED_PACKAGES, BuildError
from tools.digest import of_file
from tools.execute import KERNELS, python_path_with
from tools.notebooks import (
    ROOT,
    NotebookInfo,
    code_and_data_digest,
    load_notebook,
    module_closure,
    write_notebook_text,
)


def executed_copy(path: Path) -> bytes:
    """A cached executed notebook as staged: papermill's run metadata removed so identical runs stage identically."""
    return _executed_copy(path, of_file(path))


@lru_cache(maxsize=128)
def _executed_copy(path: Path, digest: str) -> bytes:
    """:func:`executed_copy` once per content (the books of a build share most of their notebooks)."""
    nb = load_notebook(path)  # tools.cache validated it when it was taken from the cache
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:  # hidden like the parameters cell it overrides
            cell.metadata["tags"] = [*tags, "remove-cell"]
    return write_notebook_text(nb).encode()


def status_page(params: BookParameters, infos: list[NotebookInfo], keys: dict[str, str], cache_dir: Path) -> str:
    """Markdown for the "How this copy was built" page (:func:`report.status.status_page`) from what this build recorded."""
    from report.status import NotebookRow, ParameterRow
    from report.status import status_page as page

    defaults, values = default_values(), params.model_dump()
    parameters = [
        ParameterRow(row["name"], values[row["name"]], defaults[row["name"]], row["kind"], row["description"])
        for row in parameter_table()
    ]
    notebooks = []
    for info in infos:
        pm = load_notebook(cache.notebook_entry(cache_dir, info.name, keys[info.name])).metadata.get("papermill", {})
        started, seconds = str(pm.get("start_time", "?")), float(pm.get("duration") or 0)
        notebooks.append(NotebookRow(info.name, tuple(info.parameters), keys[info.name], started, seconds))
    versions = ", ".join(f"`{p} {metadata.version(p)}`" for p in REPORTED_PACKAGES)
    software = f"`Python {platform.python_version()}` on `{platform.system()}`; {versions}"
    return page(parameters, notebooks, version_lines(), software)


def version_lines(root: Path = ROOT) -> list[str]:
    """The book's version, the commit it was built from and whether the tree had uncommitted changes."""
    import model

    lines = [f"Version `{model.__version__}`."]
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return [*lines, "Not built from a git checkout, so no commit is recorded."]
    state = "with uncommitted changes in the working tree" if dirty.strip() else "with no uncommitted changes"
    return [*lines, f"Built from commit `{commit}`, {state}."]


def registry_downloads(cache_dir: Path, params: BookParameters, root: Path = ROOT) -> dict[str, bytes]:
    """claims.csv and claims.json for the ledger page under this build's assumptions, cached by model, data and assumptions."""
    assumptions = assumptions_of(params)
    assumed = assumptions.model_dump()
    inputs = code_and_data_digest(module_closure(frozenset({"model.robustness"})), root) | {"assumptions": assumed}

    def make() -> dict[str, bytes]:
        from model.robustness import ledger_frame  # imports pandas and runs every check: only when needed

        ledger = ledger_frame(assumptions)
        records = json.dumps(ledger.to_dict(orient="records"), ensure_ascii=False, indent=1)
        return {"claims.csv": ledger.to_csv(index=False).encode("utf-8"), "claims.json": records.encode("utf-8")}

    return cache.Entry.of(cache_dir, inputs, ("claims.csv", "claims.json")).read_or_make(make)


def vega_bundle_path(cache_dir: Path) -> Path:
    """Where the Vega bundle of this vl-convert version is kept in the cache."""
    return cache_dir / f"vega-bundle-{metadata.version('vl-convert-python')}.js"


def start_vega_bundle(cache_dir: Path, root: Path = ROOT) -> subprocess.Popen[bytes] | None:
    """Start making the Vega bundle in another process (vl-convert holds the GIL for a second); None if cached and sound."""
    report: list[str] = []
    if cache.usable(vega_bundle_path(cache_dir), report):
        return None
    for line in report:
        print(line, file=sys.stderr, flush=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    env = os.environ | {"PYTHONPATH": python_path_with(root)}
    return subprocess.Popen([sys.executable, "-m", "tools.vega", str(vega_bundle_path(cache_dir))], env=env)


def comparison_pages(
    cache_dir: Path, folder: Path | None, good: tuple[Scenario, ...], bad: tuple[ScenarioFailure, ...], root: Path
) -> dict[str, bytes]:
    """The scenarios page of the default book and its downloads, cached by code, data and scenario files.

    ``folder`` is the scenarios this build publishes; without it the page compares the
    committed ``scenarios/`` (figures only, no books to link to).
    """
    built = folder is not None
    folder = folder if folder is not None else root / "scenarios"
    entries = scenario_entries(folder) if folder.is_dir() else []
    inputs = code_and_data_digest(module_closure(frozenset({"model.scenarios", "report.scenarios"})), root) | {
        # every entry listed or refused: a file by its digest, anything else (a folder, a broken link) by its name only
        "scenarios": [(e.name, cache.sha256(e) if e.is_file() else "not a file") for e in entries],
        "built": built,
        "folder": folder.name,
    }

    def make() -> dict[str, bytes]:
        from model.scenarios import comparison, comparison_json
        from report.scenarios import comparison_page

        shown, refused = good, bad
        if not built:  # the committed scenarios, compared without their books
            try:
                shown, refused = load_scenarios(folder) if entries else ((), ())
            except ModelInputError:
                shown, refused = (), ()
        frame = comparison(shown)
        record = comparison_json(shown, refused)
        label = str(folder.relative_to(root)) if folder.is_relative_to(root) else folder.name
        page = comparison_page(frame, shown, refused, folder=label + "/", built=built, reasons=record["verdict_reasons"])
        return {
            "scenarios.md": page.encode(),
            "scenarios.csv": frame.to_csv(index=False).encode(),
            "scenarios.json": json.dumps(record, ensure_ascii=False, indent=1).encode(),
        }

    return cache.Entry.of(cache_dir, inputs, ("scenarios.md", "scenarios.csv", "scenarios.json")).read_or_make(make)


def finish_vega_bundle(bundle: subprocess.Popen[bytes] | None, cache_dir: Path) -> None:
    """Wait for the Vega bundle (kill it if the build is stopping) and record its digest."""
    if bundle is None:
        return
    if KERNELS.stopping:
        bundle.kill()
        bundle.wait()
        return
    if bundle.wait() != 0:
        raise BuildError("making the Vega bundle with vl-convert failed")
    cache.record(vega_bundle_path(cache_dir))
