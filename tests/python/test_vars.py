"""Vars that reach SQL are validated: a bad value stops the run with a clear message."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT_DIR, run_dbt
from dbt.cli.main import dbtRunner


def test_malformed_date_stops_the_build(landing_zone, tmp_path):
    run = run_dbt(tmp_path / "w", ["build"], landing_zone, {"as_of_date": "2026-13-01"})
    assert not run.ok
    assert "Invalid value for var 'as_of_date': 2026-13-01" in run.output


@pytest.fixture(scope="module")
def validate_vars(tmp_path_factory) -> Iterator[Callable[[dict[str, Any]], tuple[bool, str]]]:
    """`dbt run-operation validate_vars` with the given vars, in this process on a manifest
    parsed once: new vars would make every subprocess parse the project again (about 20 s),
    and the macro reads the vars when it runs, not when the project is parsed."""
    work_dir: Path = tmp_path_factory.mktemp("vars")
    common = [
        *("--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)),
        *("--target", "duckdb"),
        *("--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs")),
    ]
    base_vars = {"data_dir": str(work_dir / "landing")}
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DBT_DUCKDB_PATH", str(work_dir / "warehouse.duckdb"))
        env.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        parsed = dbtRunner().invoke(["parse", *common, "--vars", json.dumps(base_vars)])
        assert parsed.success, parsed.exception

        def run(variables: dict[str, Any]) -> tuple[bool, str]:
            messages: list[str] = []
            result = dbtRunner(
                manifest=parsed.result, callbacks=[lambda event: messages.append(event.info.msg)]
            ).invoke(
                ["run-operation", "validate_vars", *common]
                + ["--vars", json.dumps({**base_vars, **variables})]
            )
            return result.success, "\n".join(str(message) for message in messages)

        yield run


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
def test_bad_var_is_refused_with_its_name(validate_vars, name, value, expected):
    ok, output = validate_vars({name: value})
    assert not ok
    assert f"Invalid value for var '{name}'" in output
    assert expected in output


def test_good_vars_pass(validate_vars):
    variables = {
        "as_of_date": "2024-02-29",
        "retention_days": 30,
        "quality_threshold": 0.5,
        "stuck_after_hours": 36.5,
    }
    ok, output = validate_vars(variables)
    assert ok, output[-2000:]
