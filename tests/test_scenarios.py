"""Named scenarios: loading and refusing files, the headline figures, the comparison and its command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.claims import load_claims
from model.errors import ModelInputError
from model.params import load_params, validate_params
from model.scenarios import (
    DEFAULT,
    MAX_SCENARIOS,
    Scenario,
    changed_by_text,
    comparison,
    comparison_json,
    default_folder,
    headline_figures,
    load_scenarios,
    verdict_reasons,
)
from report.precision import format_value

ROOT = Path(__file__).resolve().parents[1]


def folder_with(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


class TestLoading:
    def test_the_committed_scenarios_are_valid(self) -> None:
        good, bad = load_scenarios(default_folder())
        assert bad == ()
        assert len(good) >= 5
        assert all(s.changed for s in good), "a committed scenario that changes nothing compares nothing"

    def test_a_bad_file_is_reported_by_name_and_the_others_kept(self, tmp_path: Path) -> None:
        folder = folder_with(
            tmp_path, {"good.yml": "term_months: 6\n", "bad.yml": "term_months: 48\n", "Bad Name.yml": "seed: 1\n"}
        )
        good, bad = load_scenarios(folder)
        assert [s.name for s in good] == ["good"]
        errors = {f.name: f.error for f in bad}
        assert errors["bad"] == "bad.yml: term_months: expected an integer from 1 to 36, got 48"
        assert "lower-case letters" in errors["Bad Name"]
        assert all("\n" not in e for e in errors.values())

    def test_a_yaml_spelling_is_named_not_skipped(self, tmp_path: Path) -> None:
        good, bad = load_scenarios(folder_with(tmp_path, {"a.yml": "seed: 1\n", "b.yaml": "seed: 2\n"}))
        assert [s.name for s in good] == ["a"]
        assert [(f.name, f.error) for f in bad] == [("b", "b.yaml: expected a scenario file ending in .yml, got .yaml")]

    def test_entries_that_are_not_files_are_named_not_fatal(self, tmp_path: Path) -> None:
        folder = folder_with(tmp_path, {"good.yml": "seed: 1\n"})
        (folder / "dir.yml").mkdir()
        (folder / "dangling.yml").symlink_to(folder / "nowhere.yml")
        (folder / "loop.yml").symlink_to(folder / "loop.yml")
        good, bad = load_scenarios(folder)
        assert [s.name for s in good] == ["good"]
        assert {f.name: f.error for f in bad} == {
            n: f"{n}.yml: expected a regular file, got another kind of entry" for n in ("dangling", "dir", "loop")
        }

    def test_default_is_not_a_scenario_name(self, tmp_path: Path) -> None:
        good, bad = load_scenarios(folder_with(tmp_path, {"default.yml": "seed: 1\n"}))
        assert good == ()
        assert "other than 'default'" in bad[0].error

    @pytest.mark.parametrize(
        ("files", "message"),
        [({}, "at least one scenario file"), ({f"s{i}.yml": "seed: 1\n" for i in range(MAX_SCENARIOS + 1)}, "at most")],
    )
    def test_an_empty_or_huge_folder_is_refused(self, tmp_path: Path, files: dict[str, str], message: str) -> None:
        with pytest.raises(ModelInputError, match=message):
            load_scenarios(folder_with(tmp_path, files))

    def test_a_missing_folder_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(ModelInputError, match="a folder of scenario files"):
            load_scenarios(tmp_path / "nowhere")


def scenario(name: str, **changes: object) -> Scenario:
    return Scenario(name, f"{name}.yml", validate_params(load_params().model_dump() | changes))


class TestHeadlineFigures:
    def test_loan_figures_match_numpy_financial(self) -> None:
        # Hand-worked: 0.05% a day over a 360-day year is 1.5% a month; numpy-financial's pmt is the reference.
        h = headline_figures(scenario("y", days_per_year=360).params)
        payment = float(npf.pmt(0.015, 12, -10_000))
        assert h["loan_total_paid_yuan"] == pytest.approx(12 * payment, rel=1e-12)
        assert h["loan_interest_yuan"] == pytest.approx(12 * payment - 10_000, rel=1e-12)
        assert h["loan_apr_irr"] == pytest.approx(0.18, rel=1e-9)  # 1.5% a month times 12
        assert h["daily_rate_nominal_apr"] == pytest.approx(0.18)

    def test_bounds_of_the_550_rule_hand_worked(self) -> None:
        h = headline_figures(scenario("r", pass_rate_above_threshold=0.8).params)
        assert h["strict_max_success"] == pytest.approx((1 - 0.82) * 0.8)  # 14.4%
        assert h["usual_min_pass_below"] == pytest.approx((0.673 - 0.18 * 0.8) / 0.82)  # 64.51%

    def test_verdicts_are_the_models(self) -> None:
        h = headline_figures(load_params())
        assert h["verdicts"] == {c.id: c.verdict.value for c in load_claims()}

    @settings(max_examples=25, deadline=None)
    @given(amount=st.floats(100, 1_000_000), months=st.integers(1, 36))
    def test_paid_is_amount_plus_interest(self, amount: float, months: int) -> None:
        h = headline_figures(scenario("x", loan_amount_yuan=amount, term_months=months).params)
        assert h["loan_total_paid_yuan"] == pytest.approx(amount + h["loan_interest_yuan"], rel=1e-12)


class TestComparison:
    def test_only_what_differs_is_marked(self) -> None:
        year = scenario("year-360", days_per_year=360)
        same = scenario("same", seed=2023)  # the default seed: nothing differs
        frame = comparison((year, same)).set_index("key")
        assert frame.loc["loan_interest_yuan", "differs"] == "year-360"
        assert frame.loc["simulated_success_rate", "differs"] == ""
        assert "same" not in ",".join(frame["differs"])

    def test_counts_add_up_and_differing_claims_have_rows(self) -> None:
        lenient = scenario(
            "lenient", max_standing_age_years=1.0
        )  # strict, in fact: brand owners reported in 2021 no longer decide
        frame = comparison((lenient,))
        counts = frame[frame["unit"] == "count"]
        n = len(load_claims())
        assert counts[DEFAULT].sum() == n
        assert counts["lenient"].sum() == n
        verdict_rows = frame[frame["unit"] == "verdict"]
        assert len(verdict_rows) > 0
        assert (verdict_rows[DEFAULT] != verdict_rows["lenient"]).all()  # a claim has a row only when it differs
        assert set(verdict_rows["anchor"]) == {k.removeprefix("verdict_") for k in verdict_rows["key"]}

    def test_every_differing_verdict_has_its_reason(self) -> None:
        strict = scenario("strict", max_standing_age_years=1.0)
        frame = comparison((strict,))
        flipped = {r["anchor"] for r in frame.to_dict(orient="records") if r["unit"] == "verdict"}
        reasons = verdict_reasons((strict,))
        assert {r["claim"] for r in reasons} == flipped
        assert all("other period" in r["why"] for r in reasons)  # a brand owner reported before the allowed age
        assert all(r["changed_by"] == [{"assumption": "max_standing_age_years", "value": 1.0, "default": 10.0}] for r in reasons)

    def test_a_verdict_changed_only_by_assumptions_together_says_so(self) -> None:
        # C48 (the article's 8亿 users) flips under a high decisive confidence alone and under a zero figure gap alone;
        # with both, each is named. A scenario that changes an assumption C48 never reads does not name it.
        both = scenario("both", decisive_confidence="high", max_figure_gap_years=0.0, usually_share=0.6)
        c48 = next(r for r in verdict_reasons((both,)) if r["claim"] == "C48")
        assert [c["assumption"] for c in c48["changed_by"]] == ["decisive_confidence", "max_figure_gap_years"]
        assert changed_by_text(c48["changed_by"]).startswith("each of these alone changes it: decisive_confidence (high")

    def test_printed_precision_decides_what_differs(self) -> None:
        assert format_value("fraction", 0.182500001) == format_value("fraction", 0.1825)

    def test_halves_round_up_as_the_other_tables_print_them(self) -> None:
        assert format_value("fraction", 0.00015 * 365) == "5.48%"  # stored as 0.05474999999999999; the tier table says 5.475%
        assert format_value("yuan", 0.125) == "0.13"

    def test_json_matches_the_frame(self) -> None:
        year = scenario("year-360", days_per_year=360)
        record = comparison_json((year,), ())
        frame = comparison((year,))
        assert [r["key"] for r in record["rows"]] == list(frame["key"])
        assert record["scenarios"][0]["changed"] == {"days_per_year": {"default": 365, "value": 360}}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "model", "scenarios", *args], capture_output=True, text=True, check=False, cwd=ROOT
    )


class TestCommandLine:
    def test_json_csv_and_table_agree_with_the_model(self, tmp_path: Path) -> None:
        folder = folder_with(tmp_path, {"year-360.yml": "days_per_year: 360\n", "broken.yml": "days_per_year: 364\n"})
        as_json = run_cli("--dir", str(folder), "--format", "json")
        assert as_json.returncode == 2
        assert as_json.stderr.strip().splitlines() == [
            "python -m model scenarios: broken: refused: broken.yml: days_per_year: expected one of 360, 365, got 364"
        ]
        good, bad = load_scenarios(folder)
        assert json.loads(as_json.stdout) == json.loads(json.dumps(comparison_json(good, bad)))
        as_csv = run_cli("--dir", str(folder), "--format", "csv")
        assert as_csv.stdout == comparison(good).to_csv(index=False)
        table = run_cli("--dir", str(folder)).stdout
        assert "1,001.60 *" in table  # the 360-day year's interest, marked as differing
        assert "broken" not in table

    def test_counts_print_as_whole_numbers_when_no_verdict_differs(self, tmp_path: Path) -> None:
        table = run_cli("--dir", str(folder_with(tmp_path, {"a.yml": "term_months: 24\n"}))).stdout
        assert re.search(r"Claims judged unverifiable\s+(\d+)\s+\1\s", table), table
        as_csv = run_cli("--dir", str(tmp_path / "scenarios"), "--format", "csv").stdout
        assert "Claims judged consistent,count,01_overview,,1,1," in as_csv

    def test_a_folder_of_good_files_exits_0(self, tmp_path: Path) -> None:
        assert run_cli("--dir", str(folder_with(tmp_path, {"a.yml": "seed: 7\n"}))).returncode == 0


def test_a_file_name_with_a_line_break_is_reported_on_one_line(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"ok.yml": "seed: 1\n", "nl\nx.yml": "seed: 1\n", "evil\rFAKE.yml": "seed: 1\n"})
    good, bad = load_scenarios(folder)
    assert [s.name for s in good] == ["ok"]
    assert len(bad) == 2
    for failure in bad:
        printed = f"scenario {failure.name} refused: {failure.error} ({failure.source})"
        assert printed.isprintable(), printed  # a name cannot forge a second line or overwrite this one
