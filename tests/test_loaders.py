"""YAML is read within limits everywhere: bad files give one printable line, quickly, in little memory."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.errors import ModelInputError, excerpt
from model.loaders import load_yaml
from model.params import load_params

BOMB = (
    "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
        for prev, name in zip(["", "a", "b", "c", "d", "e", "f", "g"], "abcdefgh", strict=True)
    )
    + "seed: *h\n"
)


def one_line_error(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "my.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(ModelInputError) as info:
        load_params(path)
    message = str(info.value)
    assert "\n" not in message
    assert all(c.isprintable() for c in message)
    assert len(message) < 1000  # the longest lists every parameter name
    return message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (BOMB, "anchors and aliases are not allowed"),
        ("seed: " + "[" * 50 + "]" * 50 + "\n", "nesting deeper than"),
        ("seed: " + "9" * 400 + "\n", "a number longer than 40 characters"),
        ("seed: " + "9" * 5000 + "\n", "a number longer than 40 characters"),
        ("1: 2\nfoo: 3\n", "a key that is not text"),
        (b'seed: "caf\xe9"\n', "expected UTF-8 text"),
        ('"bad\\nbuild succeeded\\x1b[2J": 1\n', r"bad\nbuild succeeded\x1b[2J: expected a known parameter"),
        ('repayment_method: "' + "x" * 50_000 + '"\n', "(50000 characters)"),  # the value's own length (50002 counted its quotes)
        ('repayment_method: "' + "x" * 200_000 + '"\n', "expected a YAML file of at most 65,536 bytes"),
        ("term_months: 6\nterm_months: 7\n", "the key 'term_months' given twice"),
        ("seed: 1_000\n", "got '1_000'"),
        ("seed: [unclosed\n", "(line 2): expected well-formed YAML, got"),
    ],
)
def test_bad_files_give_one_short_line(tmp_path: Path, text: str | bytes, fragment: str) -> None:
    assert fragment in one_line_error(tmp_path, text)


def test_yaml_12_numbers(tmp_path: Path) -> None:
    path = tmp_path / "my.yml"
    path.write_text(
        "loan_amount_yuan: 5e4\ndaily_rate: 4.5E-4\nterm_months: 012\npopulation_size: 1e5\nseed: 0o17\n", encoding="utf-8"
    )
    params = load_params(path)
    assert (params.loan_amount_yuan, params.daily_rate) == (50_000.0, 0.00045)
    assert (params.term_months, params.population_size, params.seed) == (12, 100_000, 15)  # YAML 1.2: 012 is twelve


def test_system_files_are_refused_without_reading_them() -> None:
    with pytest.raises(ModelInputError, match="a regular file"):
        load_params(Path("/proc/kmsg"))


def peak_memory_of_params_check(path: Path) -> tuple[str, int, str]:
    """Exit code, peak resident memory (kB) and stderr of ``python -m model params --check path`` in a fresh interpreter."""
    probe = (
        "import resource, runpy, sys\n"
        f"sys.argv = ['python -m model', 'params', '--check', {str(path)!r}]\n"
        "code = 0\n"
        "try:\n    runpy.run_module('model', run_name='__main__')\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stdout)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], check=False, capture_output=True, text=True)
    code, peak_kb = result.stdout.split()[-2:]
    return code, int(peak_kb), result.stderr


def test_the_alias_bomb_is_refused_fast_in_little_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yml"
    bomb.write_text(BOMB, encoding="utf-8")
    benign = tmp_path / "benign.yml"
    benign.write_text("seed: 1\n", encoding="utf-8")
    # Measured side by side: the interpreter and the model's imports cost the same in both runs, so the
    # difference is what the bomb itself costs (9.3 GB before the loader refused aliases).
    start = time.perf_counter()
    code, bomb_kb, stderr = peak_memory_of_params_check(bomb)
    seconds = time.perf_counter() - start
    benign_code, benign_kb, _ = peak_memory_of_params_check(benign)
    assert (code, benign_code) == ("2", "0")
    assert len(stderr.strip().splitlines()) == 1
    assert (bomb_kb - benign_kb) / 1024 < 20  # memory, not time, is asserted
    print(f"alias bomb refused in {seconds:.2f} s, peak {bomb_kb / 1024:.0f} MB against {benign_kb / 1024:.0f} MB")


def test_data_files_obey_the_same_limits(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("- &a {id: C01}\n- *a\n", encoding="utf-8")
    with pytest.raises(ModelInputError, match="anchors and aliases are not allowed"):
        load_yaml(path)


def test_excerpt_escapes_and_cuts() -> None:
    assert excerpt("a\nb") == r"'a\nb'"
    assert excerpt("y" * 100).endswith("(100 characters)")


def params_refusal(content: bytes) -> str:
    """What ``load_params`` says about a file holding ``content``: its one-line refusal, or "" when it accepts it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "my.yml"
        path.write_bytes(content)
        try:
            load_params(path)
        except ModelInputError as exc:
            return str(exc)
        return ""


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_accepted_or_refused_in_one_line(text: str) -> None:
    message = params_refusal(text.encode("utf-8", errors="replace"))
    assert "\n" not in message
    assert all(c.isprintable() for c in message)
    assert len(message) < 1000  # the longest lists every parameter name


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["seed", "term_months", "loan_amount_yuan", "days_per_year", "repayment_method", "x"]),
        st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=20), st.booleans(), st.none()),
        max_size=4,
    )
)
def test_any_mapping_is_accepted_or_refused_in_one_line(values: dict[str, object]) -> None:
    import yaml

    message = params_refusal(yaml.safe_dump(values).encode("utf-8"))
    assert "\n" not in message


def test_a_pattern_in_a_message_keeps_its_case() -> None:
    # lowercasing pydantic's whole message once turned the pattern's \S (not a space) into \s (a space)
    from pydantic import BaseModel, Field, ValidationError

    from model.errors import from_validation_error

    class Source(BaseModel):
        url: str = Field(pattern=r"^https?://\S+$")

    with pytest.raises(ValidationError) as caught:
        Source(url="not a url")
    message = str(from_validation_error("references.yaml[0]", caught.value))
    assert r"\S+" in message
    assert message.startswith("references.yaml[0].url: expected string should match pattern")


def test_a_bad_record_of_a_data_file_is_named_with_its_line(tmp_path: Path) -> None:
    from pydantic import BaseModel

    from model.errors import ModelInputError
    from model.loaders import load_yaml, records_by_id

    class Row(BaseModel):
        id: str
        share: float

    path = tmp_path / "rows.yaml"
    path.write_text("- id: a\n  share: 0.5\n- id: b\n  share: lots\n", encoding="utf-8")
    with pytest.raises(ModelInputError, match=r"^rows\.yaml\[1\]\.share \(line 4\): expected ") as caught:
        records_by_id(load_yaml(path), Row, path.name, "row", path=path)
    assert "'lots'" in str(caught.value)
