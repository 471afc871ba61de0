"""Readers' names: no page of either edition shows a key of the code outside code (report/names.py)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from model.checks import CHECKS
from model.glossary import english_names
from model.params import BookParameters
from model.references import load_references
from report.names import KEY, reader_names, reader_words
from report.render import with_reader_words

#: A key of the code in a text: snake_case words (a web address is set aside first).
SNAKE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])")
ADDRESS = re.compile(r"https?://\S+")
ROOT = Path(__file__).resolve().parents[1]
#: The committed scenarios' file stems (rule-usual): pages name them by their glossary names.
STEMS = re.compile(
    r"(?<![\w./-])(?:" + "|".join(re.escape(p.stem) for p in sorted((ROOT / "scenarios").glob("*.yml"))) + r")(?![\w-])"
)


def test_every_committed_scenario_has_a_readers_name() -> None:
    from model.glossary import scenario_names
    from model.scenarios import scenario_entries

    assert {p.stem for p in scenario_entries(ROOT / "scenarios")} <= set(scenario_names())


def test_every_check_assumption_and_source_has_a_readers_name() -> None:
    names = reader_names()
    assert set(CHECKS) <= set(names)
    assert set(load_references()) <= set(names)
    assert {n for n, f in BookParameters.model_fields.items() if (f.json_schema_extra or {}).get("kind") == "assumption"} <= set(
        names
    )
    assert all(not SNAKE.search(name) for name in names.values())


def test_a_check_without_a_glossary_name_is_refused_in_one_line() -> None:
    from model.errors import ModelInputError

    with pytest.raises(ModelInputError, match="check entries") as caught:
        english_names("check", [*sorted(CHECKS), "a_new_check"])
    assert "\n" not in str(caught.value)


def test_reader_words_replaces_known_keys_only() -> None:
    assert reader_words("check:no_public_source") == "check: no public source"
    assert reader_words("jiebei_brand_ant: other period") == "Yicai Global, 2021: other period"
    assert reader_words("window_guidance_24") == "China Banking News, 2021"  # the longer key, not window_guidance in it
    assert reader_words("regulatory_line = four_times_lpr") == "regulatory line = four times the LPR"
    assert reader_words("an_unknown_key stays") == "an_unknown_key stays"
    assert KEY.fullmatch("check:user_base")


def test_chart_data_is_in_readers_words() -> None:
    spec = {"datasets": {"d": [{"row": "C01 · max_standing_age_years", "n": 1}]}, "data": {"name": "d"}}
    assert with_reader_words(spec)["datasets"]["d"] == [{"row": "C01 · age limit in years for a standing fact", "n": 1}]
    assert spec["datasets"]["d"][0]["row"] == "C01 · max_standing_age_years"  # the caller's spec is left alone


def json_strings(value: object) -> list[str]:
    """Every string value of a JSON document (a ClaimReview's review body is what a reader's tool shows)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def keys_shown(page: Path) -> list[str]:
    """The code keys a page shows a reader: in its article outside code, in its charts' data and its ClaimReview records."""
    source = page.read_text(encoding="utf-8")
    body = source[source.find("<article") : source.find("</article>")]
    found = []
    for spec in re.findall(r"var spec = (\{.*?\});\n", body):
        data = json.loads(spec)
        for rows in data.get("datasets", {}).values():
            found += [m for row in rows for v in row.values() if isinstance(v, str) for m in SNAKE.findall(ADDRESS.sub(" ", v))]
    for payload in re.findall(r'<script type="application/ld\+json">(.*?)</script>', source, flags=re.DOTALL):
        found += [m for text in json_strings(json.loads(payload)) for m in SNAKE.findall(ADDRESS.sub(" ", text))]
    body = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", body, flags=re.DOTALL)
    text = ADDRESS.sub(" ", html.unescape(re.sub(r"<[^>]+>", " ", body)))
    return found + SNAKE.findall(text) + STEMS.findall(text)


@pytest.mark.book
def test_no_page_of_either_edition_shows_a_key_of_the_code(built_tree: Path) -> None:
    site = built_tree / "_build" / "html"
    pages = [p for p in sorted(site.rglob("*.html")) if not {"_static", "_sources", "scenarios"} & set(p.relative_to(site).parts)]
    assert len([p for p in pages if p.relative_to(site).parts[0] == "zh"]) >= 10
    shown = {str(p.relative_to(site)): keys for p in pages if (keys := keys_shown(p))}
    assert shown == {}


#: A citation's label on a page: sphinxcontrib-bibtex's author-year link into the bibliography.
CITATION = re.compile(r'<a class="reference internal" href="[^"]*#id\d+"[^>]*>([^<\[]+?)</a>')


@pytest.mark.book
def test_a_source_is_named_alike_in_its_citations_and_in_the_ledger(built_tree: Path) -> None:
    """Every citation label on a page of either edition is the name the ledger gives the same source (report.names)."""
    from report.names import source_name
    from tools.i18n import output_catalogue

    names = {source_name(ref) for ref in load_references().values() if ref.bibkey}
    chinese = {output_catalogue(built_tree).translate(name) for name in names}
    for edition, expected in (("book", names), ("zh/book", chinese)):
        labels = set()
        for page in (built_tree / "_build" / "html" / edition).glob("*.html"):
            labels |= {html.unescape(label) for label in CITATION.findall(page.read_text(encoding="utf-8"))}
        assert labels, edition
        assert labels <= expected, (edition, sorted(labels - expected))


def test_every_share_parameter_is_a_parameter_between_0_and_1() -> None:
    from model.params import PERCENT_PARAMETERS

    for name in PERCENT_PARAMETERS:
        field = BookParameters.model_fields[name]
        bounds = {type(m).__name__: m for m in field.metadata}
        assert field.annotation is float, name
        assert getattr(bounds.get("Le"), "le", 2) <= 1, name  # a share or a rate, never above 100%


@pytest.mark.parametrize("name", sorted(BookParameters.model_fields))
def test_a_parameters_value_reads_back_as_the_value(name: str) -> None:
    """Whatever a parameter holds, the page's text of it is plain (no exponent, no float noise) and means the value."""
    from decimal import Decimal

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from model.params import PARAMETER_UNITS, PERCENT_PARAMETERS
    from report.names import parameter_value

    field = BookParameters.model_fields[name]
    if field.annotation not in (int, float):
        return  # a choice: its reader's name (tested with the glossary)
    bounds = {type(m).__name__: m for m in field.metadata}
    low = getattr(bounds.get("Ge"), "ge", getattr(bounds.get("Gt"), "gt", 0))
    high = getattr(bounds.get("Le"), "le", 1e9)
    values = st.integers(int(low), int(high)) if field.annotation is int else st.floats(low, high, allow_nan=False)

    @settings(max_examples=60, deadline=None)
    @given(values)
    def reads_back(value: float) -> None:
        text = parameter_value(name, value)
        unit = PARAMETER_UNITS.get(name)
        if unit is not None:  # a count in its unit: 5 years, 1 year
            assert text.endswith(f" {unit}" if text.split()[0] == "1" else f" {unit}s"), text
            text = text.split()[0]
        assert "e" not in text.lower().replace("yuan", ""), text
        number = Decimal(text.removesuffix(" yuan").removesuffix("%").replace(",", ""))
        if name in PERCENT_PARAMETERS:
            number /= 100
        assert abs(float(number) - value) <= 1e-11 * max(1.0, abs(value)), (value, text)

    reads_back()
