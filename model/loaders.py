"""Reading the model's data files: every file the model reads lives in ``data/``.

:func:`load_yaml` reads a YAML file and turns any parse failure into a one-line
:class:`~model.errors.ModelInputError`; :func:`records_by_id` validates a list of records
with pydantic models and unique ids.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from model.errors import ModelInputError, from_validation_error

RowModel = TypeVar("RowModel", bound=BaseModel)

#: The one folder the model reads.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load_yaml(path: Path) -> Any:
    """Read a YAML data file, turning a parse failure into a one-line ModelInputError."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ModelInputError(path.name, f"well-formed YAML{where}", "a parse error") from exc


def records_by_id(records: object, model: type[RowModel], source: str, what: str) -> dict[str, RowModel]:
    """Validate a list of records with an ``id`` field into a mapping; ids must be unique.

    Raises
    ------
    ModelInputError
        Naming ``source[index].field`` and what is allowed.
    """
    if not isinstance(records, list):
        raise ModelInputError(source, f"a list of {what} records", type(records).__name__)
    out: dict[str, RowModel] = {}
    for i, raw in enumerate(records):
        try:
            record = model.model_validate(raw)
        except ValidationError as exc:
            raise from_validation_error(f"{source}[{i}]", exc) from exc
        record_id = str(record.model_dump(include={"id"})["id"])
        if record_id in out:
            raise ModelInputError(f"{source}[{i}].id", "an id not used before", record_id)
        out[record_id] = record
    return out
