"""The pandas baseline computes the same SuperAnnotate figures as the marts: each of its three
results equals the marts' SuperAnnotate rows of a warehouse built from the same landing zone."""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import SAMPLE_AS_OF_DATE, DbtRun, run_dbt

from annotation_ops.generator import generate
from annotation_ops.pandas_baseline import superannotate_figures

SELECTION = "+fct_daily_status_flow +fct_editor_time_daily +fct_annotator_performance"
FLOW_SQL = """
    select date, vendor, project_id, folder_id, status, item_count_in, item_count_out,
        item_count_eop
    from marts.fct_daily_status_flow where vendor = 'superannotate'
"""
EDITOR_SQL = """
    select activity_date, vendor, project_id, annotator_id, item_id, active_seconds, sample_count
    from marts.fct_editor_time_daily where vendor = 'superannotate'
"""
# Annotators without a reviewed item have a NULL rate; their rows come from every other kind
# of activity (fct_annotator_daily), which is not one of the three figures.
APPROVAL_SQL = """
    select vendor, project_id, annotator_id, items_reviewed, first_pass_approved_items,
        first_pass_approval_rate
    from marts.fct_annotator_performance
    where vendor = 'superannotate' and first_pass_approval_rate is not null
"""


def normalized(value: Any) -> Any:
    """Dates as ISO text, numbers to 9 significant digits, NULL and NaN as None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, (date, pd.Timestamp)):
        return value.isoformat()[:10]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{float(value):.9g}"
    if hasattr(value, "item"):  # a numpy scalar
        return normalized(value.item())
    return str(value)


def rows_of(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    return sorted(tuple(normalized(value) for value in row) for row in frame.itertuples(False))


def rows_from(run: DbtRun, sql: str) -> list[tuple[Any, ...]]:
    return sorted(tuple(normalized(value) for value in row) for row in run.query(sql))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtRun, tuple[pd.DataFrame, ...]]:
    """A generated landing zone (scale 1: SuperAnnotate status changes across the window's
    start, reviews, idle gaps), the marts the three figures come from, and pandas' figures."""
    work_dir = tmp_path_factory.mktemp("pandas_baseline")
    zone = work_dir / "landing"
    generate(zone, seed=5, scale=1, progress=False)
    command = ["build", "--select", *SELECTION.split(), "--indirect-selection", "cautious"]
    run = run_dbt(work_dir / "dbt", command, zone)
    assert run.ok, run.output[-5000:]
    return run, superannotate_figures(Path(zone), SAMPLE_AS_OF_DATE)


def test_daily_status_flow_equals_the_mart(built) -> None:
    run, (flow, _, _) = built
    expected = rows_from(run, FLOW_SQL)
    assert len(expected) > 100, "too few rows to compare"
    assert rows_of(flow) == expected


def test_editor_time_equals_the_mart(built) -> None:
    run, (_, editor, _) = built
    expected = rows_from(run, EDITOR_SQL)
    assert len(expected) > 100, "too few rows to compare"
    assert rows_of(editor) == expected


def test_first_pass_approval_equals_the_mart(built) -> None:
    run, (_, _, approval) = built
    expected = rows_from(run, APPROVAL_SQL)
    assert len(expected) >= 5, "too few rows to compare"
    # the rates are not all 1: a rejection must be able to change the figure
    assert any(row[-1] != normalized(1.0) for row in expected)
    assert rows_of(approval) == expected
