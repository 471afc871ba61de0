"""The book's notebooks: which exist, which parameters each reads, what each depends on.

A notebook's cache key is a SHA-256 over everything that can change its outputs: its cells'
sources and tags (not its outputs), the values of the parameters it declares in its
``parameters`` cell, the source of every project module it imports (followed through the
imports of those modules), the data files the model reads, and the lock file.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import nbformat

from model.loaders import load_yaml
from model.params import BookParameters
from tools.digest import of_file, of_record

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("model", "tools", "report")
#: Files every model-importing notebook depends on besides Python modules (the model reads them; CITATION.cff
#: gives the ClaimReview records their publisher and date).
MODEL_DATA = ("data", "CITATION.cff")


@dataclass(frozen=True)
class NotebookInfo:
    """One chapter notebook: its path, the parameters it declares and the modules it imports."""

    path: Path
    parameters: dict[str, Any]
    modules: tuple[str, ...]

    @property
    def name(self) -> str:
        """The file's stem, e.g. ``03_eligibility``."""
        return self.path.stem


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks listed in ``_toc.yml``, in reading order."""
    return [root / f"{f}.ipynb" for f in toc_files(root) if (root / f"{f}.ipynb").exists()]


def toc_files(root: Path = ROOT) -> list[str]:
    """Every page ``_toc.yml`` lists (``book/01_overview``: a notebook or a Markdown page), in reading order."""
    toc = load_yaml(root / "_toc.yml")
    files: list[str] = [toc["root"]]

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))

    walk(toc.get("chapters", []))
    return files


def parameters_cell(nb: nbformat.NotebookNode) -> tuple[int, dict[str, Any]]:
    """Index and literal assignments of the cell tagged ``parameters``."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            values: dict[str, Any] = {}
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    values[node.targets[0].id] = ast.literal_eval(node.value)
            return i, values
    raise ValueError("no cell tagged 'parameters'")


#: Import statements, parenthesised continuation lines included: only these are parsed, not the whole source.
IMPORT_STATEMENT = re.compile(r"^[ \t]*(?:from[ \t]+\S+[ \t]+import[ \t]*(?:\([^)]*\)|[^\n]*)|import[ \t]+[^\n]*)", re.MULTILINE)


def imported_project_modules(source: str) -> set[str]:
    r"""Project modules (``model.x``, ``tools.y``) that a piece of Python source imports.

    Examples
    --------
    >>> sorted(imported_project_modules("import numpy\nfrom model import (rates,\n    tiers)\n"))
    ['model', 'model.rates', 'model.tiers']
    """
    found: set[str] = set()
    statements = [textwrap.dedent(m.group(0)) for m in IMPORT_STATEMENT.finditer(source)]
    nodes: list[ast.AST] = []
    for statement in statements:
        try:
            nodes.extend(ast.parse(statement).body)
        except SyntaxError:  # e.g. "import" inside a string: not an import statement
            continue
    for node in nodes:
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        found.update(n for n in names if n.split(".")[0] in PROJECT_PACKAGES and module_file(n) is not None)
    return found


def load_notebook(path: Path) -> nbformat.NotebookNode:
    """A notebook file as version 4, read without nbformat's schema validation.

    ``nbformat.read`` validates every notebook against the JSON schema (about 20 ms each, and a build read each one
    several times). The build validates once where a notebook can be damaged, in :func:`tools.cache.problem`; a
    committed notebook that is broken fails in papermill or Sphinx, with their own message.
    """
    nb: nbformat.NotebookNode = nbformat.reader.reads(path.read_text(encoding="utf-8"))
    if nb.get("nbformat") != 4:
        nb = nbformat.convert(nb, 4)
    return nb


def write_notebook_text(nb: nbformat.NotebookNode) -> str:
    """The text ``nbformat.writes`` gives for a version-4 notebook, without validating it again."""
    text: str = nbformat.v4.writes(nb)
    return text


def module_file(module: str, root: Path = ROOT) -> Path | None:
    """The file of a project module, or None if the name is not a module (e.g. a function)."""
    base = root.joinpath(*module.split("."))
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


@cache
def module_closure(modules: frozenset[str]) -> tuple[str, ...]:
    """The modules given plus everything they import from the project, and their packages' ``__init__``."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        parts = mod.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)) if ".".join(parts[:i]) not in seen)
        todo.extend(_module_imports(mod) - seen)
    return tuple(sorted(seen))


@cache
def _module_imports(module: str) -> frozenset[str]:
    """The project modules one module imports (each file parsed once per process, not once per notebook)."""
    path = module_file(module)
    return frozenset(imported_project_modules(path.read_text(encoding="utf-8"))) if path is not None else frozenset()


def read_notebook(path: Path) -> NotebookInfo:
    """Parse a notebook's parameters cell and its project imports (once per version of the file in a process)."""
    stat = path.stat()
    return _read_notebook(path, stat.st_mtime_ns, stat.st_size)


@cache
def _read_notebook(path: Path, mtime_ns: int, size: int) -> NotebookInfo:
    nb = load_notebook(path)
    _, params = parameters_cell(nb)
    sources = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return NotebookInfo(path=path, parameters=params, modules=module_closure(frozenset(imported_project_modules(sources))))


def _tree_digest(path: Path) -> list[tuple[str, str]]:
    if path.is_file():
        return [(str(path.relative_to(ROOT)), of_file(path))]
    return [(str(p.relative_to(ROOT)), of_file(p)) for p in sorted(path.rglob("*")) if p.is_file()]


def notebook_source_digest(path: Path) -> str:
    """Digest of what a notebook *is*: cell types, sources and tags; outputs and counts excluded."""
    nb = load_notebook(path)
    cells = [
        (c.cell_type, c.source, sorted(c.get("metadata", {}).get("tags", [])), c.get("metadata", {}).get("mystnb"))
        for c in nb.cells
    ]
    return of_record(cells, ascii_only=False)


def code_and_data_digest(modules: tuple[str, ...], root: Path = ROOT) -> dict[str, Any]:
    """Digests of the given project modules' files and, if any is a model module, of the model's data."""
    parts: dict[str, Any] = {"modules": [(m, of_file(p)) for m in modules if (p := module_file(m, root)) is not None]}
    if any(m.startswith("model") for m in modules):
        parts["data"] = [d for item in MODEL_DATA for d in _tree_digest(root / item)]
    return parts


def cache_key(info: NotebookInfo, params: BookParameters, root: Path = ROOT) -> str:
    """The cache key of one notebook executed with the merged, validated ``params``."""
    values = params.model_dump()
    parts: dict[str, Any] = {
        "notebook": notebook_source_digest(info.path),
        "parameters": {name: values[name] for name in sorted(info.parameters)},
        "lock": of_file(root / "requirements.lock"),
        **code_and_data_digest(info.modules, root),
    }
    return of_record(parts, length=20)


def overrides_for(info: NotebookInfo, values: dict[str, Any]) -> dict[str, Any]:
    """The parameters papermill must inject: declared by the notebook, with a value other than its own default."""
    return {k: values[k] for k in info.parameters if values[k] != info.parameters[k]}
