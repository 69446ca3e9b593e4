"""Each sample set (conftest.SAMPLE_SETS) through the whole project: every file reaches its
source, and every record is accounted for as the generator's truth says."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import SAMPLE_DIR, DbtRun

RAW_TABLES = {
    "crowdai/annotation_csv": "crowdai__annotation_csv",
    "crowdai/media": "crowdai__media",
    "labelbox/export_v2": "labelbox__export_v2",
    "superannotate/annotation_status": "superannotate__annotation_status",
    "superannotate/editor_activity": "superannotate__editor_activity",
    "superannotate/status_daily": "superannotate__status_daily",
    "superannotate/annotations": "superannotate__annotations",
    "roboflow/annotation_insights": "roboflow__annotation_insights",
    "dataloop/items": "dataloop__items",
    "dataloop/analytics": "dataloop__analytics",
}


def landing_files(run: DbtRun, folder: str) -> list[str]:
    return sorted(
        path.relative_to(run.data_dir).as_posix()
        for path in (run.data_dir / folder).glob("*")
        if path.is_file()
    )


def test_every_sample_file_reaches_its_source(sample_build):
    for folder, table in RAW_TABLES.items():
        files = landing_files(sample_build, folder)
        assert files, f"the sample has no {folder} files"
        read = [
            row[0]
            for row in sample_build.query(
                f"select distinct source_file from raw.{table} order by source_file"
            )
        ]
        assert read == files, folder


def test_reconciliation_matches_the_generator_truth(sample_build):
    truth = {
        (row["vendor"], row["source_name"], row["file_name"]): (
            int(row["rows_read"]),
            int(row["rows_staged"]),
            int(row["rows_rejected"]),
            int(row["rows_duplicate"]),
        )
        for row in sample_build.read_truth("source_files.csv")
    }
    built = {
        (vendor, source_name, source_file): (read, staged, rejected, duplicate)
        for vendor, source_name, source_file, read, staged, rejected, duplicate in (
            sample_build.query(
                "select vendor, source_name, source_file, rows_read, rows_staged, "
                "rows_rejected, rows_duplicate from marts.audit_row_reconciliation"
            )
        )
    }
    assert built == truth


def test_the_sample_plants_each_kind_of_defect(sample_build):
    reasons = {row[0] for row in sample_build.query("select reason from marts.audit_rejected_rows")}
    assert "invalid_json" in reasons
    assert any(reason.startswith("missing_") for reason in reasons)
    assert any(reason.startswith("unparseable_") for reason in reasons)
    duplicates = sample_build.scalar(
        "select sum(rows_duplicate) from marts.audit_row_reconciliation"
    )
    assert duplicates > 0


def test_project_settings_seed_carries_the_sample_overrides():
    # The sample simulates projects whose max inactivity differs from the default; the seed
    # must know them or the sample's editor time cannot come out right.
    def read(path: Path) -> set[tuple[str, str, float]]:
        with path.open(newline="") as handle:
            return {
                (row["vendor"], row["project_id"], float(row["max_inactivity_seconds"]))
                for row in csv.DictReader(handle)
            }

    seed = read(Path(__file__).resolve().parents[2] / "seeds" / "settings" / "project_settings.csv")
    assert read(SAMPLE_DIR / "_truth" / "project_settings.csv") <= seed
