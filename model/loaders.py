"""Reading the model's data files: every file the model reads lives in ``data/``.

:func:`load_yaml` reads a YAML file and turns any parse failure into a one-line
:class:`~model.errors.ModelInputError`; :func:`records_by_id` validates a list of records
with pydantic models and unique ids.
"""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from model.errors import ModelInputError, excerpt, from_validation_error

RowModel = TypeVar("RowModel", bound=BaseModel)

#: The one folder the model reads.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


#: Limits every YAML file the project reads must keep (data files and parameter files alike).
MAX_YAML_BYTES = 1_048_576
MAX_YAML_DEPTH = 12
MAX_SCALAR_DIGITS = 40

#: YAML 1.2 (core schema) integers: decimal (``012`` is twelve), ``0o`` octal, ``0x`` hexadecimal; ``1_000`` is text.
_INT_12 = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
#: The most nodes (scalars, lists, mappings) a YAML file may hold.
MAX_YAML_NODES = 200_000
#: YAML 1.2 numbers: ``1e6`` and ``1.5E-3`` are numbers, as a reader expects (YAML 1.1 reads them as text).
_FLOAT_12 = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")


class YamlLimitError(yaml.YAMLError):
    """A YAML document that breaks one of the project's limits (aliases, depth, digits, key type)."""

    def __init__(self, problem: str, mark: Any, allowed: str = "") -> None:  # PyYAML's Mark or libyaml's: .line
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark
        self.allowed = allowed or "YAML within the limits (no anchors, aliases or repeated keys; bounded size)"


#: libyaml's parser where PyYAML was built with it (the wheels are), else PyYAML's own: the same events and nodes.
_PARSER_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_limits(text: str) -> None:
    r"""Refuse anchors, aliases, deep nesting and too many values before anything is composed.

    One pass over the parser's events (libyaml's, when present: a few milliseconds for the book's largest file): an
    alias is refused before it could be expanded, so a few lines of aliases never become gigabytes.

    Examples
    --------
    >>> check_limits("a: [1, 2]")
    >>> check_limits("a: &x 1\nb: *x")
    Traceback (most recent call last):
    ...
    model.loaders.YamlLimitError: an anchor (&name); anchors and aliases are not allowed
    """
    open_collections = 0
    nodes = 0
    for event in yaml.parse(text, Loader=_PARSER_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise YamlLimitError("an alias (*name); anchors and aliases are not allowed", event.start_mark)
        if isinstance(event, yaml.NodeEvent):
            if event.anchor is not None:
                raise YamlLimitError("an anchor (&name); anchors and aliases are not allowed", event.start_mark)
            nodes += 1
            if nodes > MAX_YAML_NODES:
                raise YamlLimitError(f"more than {MAX_YAML_NODES:,} values", event.start_mark)
            if open_collections + 1 > MAX_YAML_DEPTH:  # the document's top value is at depth 1
                raise YamlLimitError(f"nesting deeper than {MAX_YAML_DEPTH} levels", event.start_mark)
            if isinstance(event, yaml.CollectionStartEvent):
                open_collections += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            open_collections -= 1


class LimitedLoader(_PARSER_LOADER):  # type: ignore[valid-type,misc]
    """A safe loader with limits: text keys, bounded digits, real dates, YAML 1.2 floats.

    Use it through :func:`load_yaml`, which first refuses anchors, aliases, deep nesting and too many values
    (:func:`check_limits`).
    """

    yaml_implicit_resolvers = {k: list(v) for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}  # noqa: RUF012

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Construct a mapping whose keys are all text."""
        seen: set[str] = set()
        for key_node, _ in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:str"):
                raise YamlLimitError(f"a key that is not text ({excerpt(getattr(key_node, 'value', '?'))})", key_node.start_mark)
            if key_node.value in seen:
                raise YamlLimitError(f"the key {excerpt(key_node.value)} given twice", key_node.start_mark)
            seen.add(key_node.value)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_number(self, node: yaml.ScalarNode) -> Any:
        """Construct an int or float of bounded length."""
        if len(str(node.value)) > MAX_SCALAR_DIGITS:
            raise YamlLimitError(f"a number longer than {MAX_SCALAR_DIGITS} characters", node.start_mark)
        if node.tag.endswith(":int"):
            text = str(node.value).replace("+", "")
            if text.startswith(("0o", "0x")):
                return int(text[2:], 8 if text[1] == "o" else 16)
            return int(text, 10)
        return super().construct_yaml_float(node)

    def construct_date(self, node: yaml.ScalarNode) -> Any:
        """Construct a date or time stamp, refusing one the calendar does not have (2023-02-30) at its line."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise YamlLimitError(node.value, node.start_mark, "a date the calendar has (YYYY-MM-DD)") from exc


LimitedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:int"]
    for first, resolvers in LimitedLoader.yaml_implicit_resolvers.items()
}
LimitedLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT_12, list("-+0123456789"))
LimitedLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_12, list("-+0123456789."))
for _tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
    LimitedLoader.add_constructor(_tag, LimitedLoader.construct_number)
LimitedLoader.add_constructor("tag:yaml.org,2002:timestamp", LimitedLoader.construct_date)


#: Parsed YAML by the SHA-256 of its bytes: the model reads the same data files many times in one process.
_PARSED: dict[bytes, Any] = {}


def load_yaml(path: Path, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """Read a YAML file within the project's limits; any problem is a one-line ModelInputError.

    The limits: at most ``max_bytes`` bytes of UTF-8 text; no anchors or aliases (a few lines
    of aliases can expand to gigabytes); at most :data:`MAX_YAML_DEPTH` levels of nesting;
    numbers of at most :data:`MAX_SCALAR_DIGITS` characters; mapping keys that are text.
    Numbers are read as YAML 1.2 reads them (``1e6`` is a number).
    """
    try:
        resolved = path.resolve()
        size = path.stat().st_size
    except (OSError, RuntimeError) as exc:
        raise ModelInputError(excerpt(str(path), 80), "a readable file", getattr(exc, "strerror", None) or "unreadable") from exc
    if resolved.parts[1:2] in (("proc",), ("sys",), ("dev",)) or not resolved.is_file():
        raise ModelInputError(excerpt(str(path), 80), "a regular file (not a device, a pipe or a system file)", "another kind")
    if size > max_bytes:
        raise ModelInputError(path.name, f"a YAML file of at most {max_bytes:,} bytes", f"{size:,} bytes")
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ModelInputError(excerpt(str(path), 80), "a readable file", exc.strerror or "unreadable") from exc
    if len(raw) > max_bytes:
        raise ModelInputError(path.name, f"a YAML file of at most {max_bytes:,} bytes", "more")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelInputError(path.name, "UTF-8 text", f"byte 0x{raw[exc.start]:02x} at offset {exc.start}") from exc
    digest = hashlib.sha256(raw).digest()
    if digest in _PARSED:  # the same bytes parse to the same value: a copy, so no caller can change another's
        return copy.deepcopy(_PARSED[digest])
    try:
        check_limits(text)
        _PARSED[digest] = yaml.load(text, Loader=LimitedLoader)
        return copy.deepcopy(_PARSED[digest])
    except YamlLimitError as exc:
        mark = exc.problem_mark
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ModelInputError(f"{path.name}{where}", exc.allowed, exc.problem) from exc
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ModelInputError(
            f"{path.name}{where}", "well-formed YAML", getattr(exc, "problem", None) or "a parse error"
        ) from exc


def yaml_line(path: Path, location: tuple[str | int, ...]) -> int | None:
    """The line (1-based) of ``path`` where the value at ``location`` (keys and list indices) starts.

    The deepest part of ``location`` that exists is used, so a missing field gives its record's
    line; None when the file cannot be read or parsed.

    Examples
    --------
    >>> yaml_line(DATA_DIR / "article_tables.yaml", ("tiers", 0, "min_score")) > 1
    True
    """
    try:
        text = path.read_text(encoding="utf-8")
        check_limits(text)
        node = yaml.compose(text, Loader=LimitedLoader)
    except (OSError, UnicodeError, yaml.YAMLError, ValueError, RecursionError):
        return None
    if node is None:
        return None
    for part in location:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if getattr(k, "value", None) == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
    return int(node.start_mark.line) + 1


def records_by_id(
    records: object, model: type[RowModel], source: str, what: str, *, path: Path | None = None, under: tuple[str, ...] = ()
) -> dict[str, RowModel]:
    """Validate a list of records with an ``id`` field into a mapping; ids must be unique.

    ``path`` is the file the records were read from (``under`` the keys that lead to the list in
    it): a refusal then names the line of the record or field at fault too.

    Raises
    ------
    ModelInputError
        Naming ``source[index].field`` (and its line) and what is allowed.
    """

    def at_line(index: int, *loc: str | int) -> str:
        line = yaml_line(path, (*under, index, *loc)) if path is not None else None
        return f" (line {line})" if line else ""

    if not isinstance(records, list):
        raise ModelInputError(source, f"a list of {what} records", type(records).__name__)
    out: dict[str, RowModel] = {}
    for i, raw in enumerate(records):
        try:
            record = model.model_validate(raw)
        except ValidationError as exc:
            error = from_validation_error(f"{source}[{i}]", exc)
            loc = tuple(exc.errors()[0]["loc"])
            raise ModelInputError(f"{error.field}{at_line(i, *loc)}", error.allowed, error.got) from exc
        record_id = str(record.model_dump(include={"id"})["id"])
        if record_id in out:
            raise ModelInputError(f"{source}[{i}].id{at_line(i, 'id')}", "an id not used before", record_id)
        out[record_id] = record
    return out
