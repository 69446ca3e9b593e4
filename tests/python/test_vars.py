"""Vars that reach SQL are validated: a bad value stops the run with a clear message."""

from __future__ import annotations

import pytest
from conftest import run_dbt


def test_malformed_date_stops_the_build(landing_zone, tmp_path):
    run = run_dbt(tmp_path / "w", ["build"], landing_zone, {"as_of_date": "2026-13-01"})
    assert not run.ok
    assert "Invalid value for var 'as_of_date': 2026-13-01" in run.output


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("as_of_date", "2026-02-30", "a real calendar date"),
        ("as_of_date", "yesterday", "YYYY-MM-DD"),
        ("retention_days", -1, "a non-negative whole number"),
        ("retention_days", 0, "at least 1"),
        ("max_inactivity_seconds", -5, "at least 0"),
        ("quality_threshold", 1.5, "at most 1"),
        ("quality_threshold", "high", "a number"),
        ("data_dir", "data/x'; drop table y", "without quotes"),
        ("bi_reader_role", "bi; drop role x", "a lower-case SQL identifier"),
        ("bi_reader_role", "BI_Reader", "a lower-case SQL identifier"),
        ("bi_reader_role", "public", "naming one role"),
        ("stuck_after_hours", -2, "at least 0"),
        ("stuck_after_hours", "two days", "a number"),
    ],
)
def test_bad_var_is_refused_with_its_name(landing_zone, tmp_path, name, value, expected):
    run = run_dbt(tmp_path / "w", ["run-operation", "validate_vars"], landing_zone, {name: value})
    assert not run.ok
    assert f"Invalid value for var '{name}'" in run.output
    assert expected in run.output


def test_good_vars_pass(landing_zone, tmp_path):
    variables = {
        "as_of_date": "2024-02-29",
        "retention_days": 30,
        "quality_threshold": 0.5,
        "stuck_after_hours": 36.5,
    }
    run = run_dbt(tmp_path / "w", ["run-operation", "validate_vars"], landing_zone, variables)
    assert run.ok, run.output[-2000:]
