"""The raw layer: every file kind reaches its source; bad CSV shapes get a clear answer."""

from __future__ import annotations

from conftest import write_file

CROWDAI_HEADER = (
    "Workflow ID,Media ID,Dataset ID,Task Status,Task URL,Phase,Annotator Name,"
    "Time to Complete,Project Name,TimeSecs,Completed At,Frame Count"
)


def test_empty_landing_zone_builds_empty_models(landing_zone, build):
    run = build(landing_zone, select="path:models/staging")
    assert run.ok, run.output[-3000:]
    assert run.scalar("select count(*) from raw.crowdai__annotation_csv") == 0
    assert run.scalar("select count(*) from staging.stg_crowdai__workflow_phases") == 0


def test_csv_header_variants_parse_as_a_person_expects(landing_zone, build):
    # BOM, CRLF, header case and spaces, reordered and extra columns, quoted commas.
    write_file(
        landing_zone,
        "crowdai/annotation_csv/a.csv",
        "\ufeff PHASE ,workflow id,Media ID,Task Status,Project Name,Extra,TimeSecs\r\n"
        'image_boxing,w1,m1,submitted,"Cars, trucks",x,12\r\n',
    )
    write_file(landing_zone, "crowdai/annotation_csv/b.csv", CROWDAI_HEADER + "\n")
    run = build(landing_zone, select="path:models/staging/crowdai")
    assert run.ok, run.output[-3000:]
    rows = run.query(
        "select workflow_id, media_id, project_id, phase, work_seconds, source_file, source_row "
        "from staging.stg_crowdai__workflow_phases"
    )
    assert rows == [
        ("w1", "m1", "Cars, trucks", "annotate", 12.0, "crowdai/annotation_csv/a.csv", 1)
    ]


def test_missing_required_column_fails_naming_file_and_column(landing_zone, build):
    write_file(
        landing_zone,
        "crowdai/annotation_csv/broken.csv",
        "Workflow ID,Task Status,Phase,Project Name\nw1,submitted,image_boxing,P\n",
    )
    run = build(landing_zone, select="path:models/staging/crowdai")
    assert not run.ok
    assert "crowdai/annotation_csv/broken.csv" in run.output
    assert "'Media ID'" in run.output


def test_quoted_newline_and_short_row(landing_zone, build):
    # A task URL with a line break inside quotes stays one field; a row cut short is read
    # with the missing fields empty and rejected for its missing required field.
    write_file(
        landing_zone,
        "crowdai/annotation_csv/a.csv",
        "Workflow ID,Media ID,Task Status,Phase,Project Name,Task URL\n"
        'w1,m1,submitted,image_boxing,P,"https://x/1\nsecond line"\n'
        "w2,m2,submitted\n",
    )
    run = build(landing_zone, select="path:models/staging/crowdai")
    assert run.ok, run.output[-3000:]
    assert run.query("select workflow_id, task_url from staging.stg_crowdai__workflow_phases") == [
        ("w1", "https://x/1\nsecond line")
    ]
    assert run.query(
        "select source_row, rejection_reason from staging.base_crowdai__annotation_csv "
        "where rejection_reason is not null"
    ) == [(2, "missing_project_name")]
