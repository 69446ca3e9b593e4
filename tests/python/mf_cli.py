"""`mf` (MetricFlow's CLI) run as a user runs it, against one build's semantic manifest and
warehouse: `mf` reads `<project dir>/target/semantic_manifest.json` (it ignores
DBT_TARGET_PATH), so a build is shown to it through a folder holding the project's
dbt_project.yml and a `target` link to that build's target folder."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from conftest import PROJECT_DIR

MF = Path(sys.executable).with_name("mf")

Figures = dict[tuple[Any, ...], dict[str, float | None]]


def key_value(value: Any) -> Any:
    """A group-by value as both sides give it: periods as dates, the rest as text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            return value
    return value


def number(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


@dataclass
class MetricFlow:
    """`mf` run as a user runs it, against one build's manifest and warehouse."""

    project_dir: Path
    env: dict[str, str]

    def run(self, *args: str) -> str:
        completed = subprocess.run(
            [str(MF), *args],
            cwd=self.project_dir,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        output = completed.stdout + completed.stderr
        assert completed.returncode == 0, output[-5000:]
        return output

    def query(self, *args: str) -> list[dict[str, str]]:
        """`mf query <args> --csv <file>`: the result's rows."""
        out = self.project_dir / "result.csv"
        out.unlink(missing_ok=True)
        self.run("query", *args, "--csv", str(out))
        with out.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    def figures(self, metrics: Iterable[str], group_by: Iterable[str], *extra: str) -> Figures:
        """{group-by values: {metric: value}} of `mf query`."""
        metrics, group_by = list(metrics), list(group_by)
        args = ["--metrics", ",".join(metrics)]
        if group_by:
            args += ["--group-by", ",".join(group_by)]
        rows = self.query(*args, *extra)
        return rows_to_figures(rows, group_by, metrics)


def rows_to_figures(rows: list[dict[str, Any]], keys: list[str], metrics: list[str]) -> Figures:
    figures: Figures = {}
    for row in rows:
        key = tuple(key_value(row[name]) for name in keys)
        assert key not in figures, f"two rows for {key}"
        figures[key] = {metric: number(row[metric]) for metric in metrics}
    return figures


def metric_project(tmp_path: Path, target_dir: Path, env: dict[str, str]) -> MetricFlow:
    """A folder where `mf` finds the project and the build's semantic manifest."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "dbt_project.yml").symlink_to(PROJECT_DIR / "dbt_project.yml")
    (tmp_path / "target").symlink_to(target_dir, target_is_directory=True)
    assert (target_dir / "semantic_manifest.json").is_file()
    return MetricFlow(tmp_path, env)
