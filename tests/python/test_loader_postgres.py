"""The loader (`annotation-ops load`) against a real PostgreSQL server: the raw tables hold
exactly what DuckDB's raw views read from the same files, and loading is idempotent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import SAMPLE_DIR, run_dbt, write_file
from postgres_server import PostgresServer, postgres_server  # noqa: F401 (the fixture)

from annotation_ops.loader import LoaderError, load, read_sources

SOURCES = read_sources()

CROWDAI_HEADER = (
    "Workflow ID,Media ID,Dataset ID,Task Status,Task URL,Phase,Annotator Name,"
    "Time to Complete,Project Name,TimeSecs,Completed At,Frame Count"
)


def duckdb_raw_views(work_dir: Path, zone: Path) -> Path:
    """DuckDB's raw views over zone (the on-run-start macro, run on its own)."""
    run = run_dbt(work_dir, ["run-operation", "create_landing_zone_views"], zone)
    assert run.ok, run.output[-3000:]
    return run.database


def duckdb_rows(database: Path, identifier: str, columns: list[str]) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.sql(f"select {', '.join(columns)} from raw.{identifier}").fetchall()
    return sorted(rows, key=repr)


def postgres_rows(server: PostgresServer, dbname: str, identifier: str, columns: list[str]):
    rows = server.execute(f"select {', '.join(columns)} from raw.{identifier}", dbname)
    return sorted(rows, key=repr)


def count(server: PostgresServer, dbname: str, identifier: str) -> int:
    return server.execute(f"select count(*) from raw.{identifier}", dbname)[0][0]


def assert_same_as_duckdb(server, dbname: str, database: Path) -> set[str]:
    """Every raw table equals its DuckDB view, row for row and column for column; returns
    the identifiers of the non-empty ones."""
    filled = set()
    for source in SOURCES:
        columns = [column.name for column in source.columns]
        expected = duckdb_rows(database, source.identifier, columns)
        actual = postgres_rows(server, dbname, source.identifier, columns)
        assert actual == expected, source.identifier
        if expected:
            filled.add(source.identifier)
    return filled


@pytest.fixture
def database(postgres_server: PostgresServer, request) -> str:  # noqa: F811
    return postgres_server.create_database(f"loader_{request.node.name[:40].lower()}")


def test_sample_loads_exactly_what_duckdb_reads(postgres_server, database, tmp_path):  # noqa: F811
    report = load(SAMPLE_DIR, postgres_server.connect_params(database), progress=False)
    assert report.rows_loaded > 0
    assert report.files_skipped == 0
    filled = assert_same_as_duckdb(
        postgres_server, database, duckdb_raw_views(tmp_path, SAMPLE_DIR)
    )
    # The sample has files of every kind, so no comparison passes on two empty relations.
    assert filled == {source.identifier for source in SOURCES}
    types = postgres_server.execute(
        "select table_name, column_name, data_type from information_schema.columns"
        " where table_schema = 'raw' and table_name = 'crowdai__media'"
        " order by ordinal_position",
        database,
    )
    assert types == [
        ("crowdai__media", "media_id", "text"),
        ("crowdai__media", "parent_media_id", "text"),
        ("crowdai__media", "dataset_id", "text"),
        ("crowdai__media", "source_file", "text"),
        ("crowdai__media", "source_row", "bigint"),
    ]


def test_awkward_files_load_as_duckdb_reads_them(postgres_server, database, landing_zone, tmp_path):  # noqa: F811
    # CSV: BOM, CRLF, header case and spaces, reordered/extra/missing optional columns,
    # quoted commas, quotes and newlines, a short row, empty fields.
    write_file(
        landing_zone,
        "crowdai/annotation_csv/a.csv",
        "\ufeff PHASE ,workflow id,Media ID,Task Status,Project Name,Extra,TimeSecs\r\n"
        'image_boxing,w1,m1,submitted,"Cars, trucks",x,12\r\n'
        'final_review,w2,m2,"sub""mitted","two\r\nlines",,\r\n'
        "image_boxing,w3,m3,submitted\r\n",
    )
    write_file(landing_zone, "crowdai/annotation_csv/b.csv", CROWDAI_HEADER + "\n")
    write_file(
        landing_zone,
        "crowdai/media/m.csv",
        "media id,parent media id\nm1,\nm2,m1\n",
    )
    # NDJSON: BOM, CRLF, blank and space-only lines, a line that is not JSON.
    write_file(
        landing_zone,
        "labelbox/export_v2/e.ndjson",
        '\ufeff{"a": 1}\r\n\r\n   \r\n{"b": "x\\ny"}\r\nnot json\n',
    )
    # JSON: a list of items is one record per item (BOM and CRLF around it), any other file
    # one record.
    write_file(landing_zone, "dataloop/items/one.json", '\ufeff{\r\n  "id": "i1"\r\n}\r\n')
    write_file(
        landing_zone, "dataloop/items/list.json", '\ufeff[{"id": "i2"},\r\n {"id": "i3"}]\r\n'
    )
    load(landing_zone, postgres_server.connect_params(database), progress=False)
    assert count(postgres_server, database, "crowdai__annotation_csv") == 3
    assert count(postgres_server, database, "labelbox__export_v2") == 3
    assert count(postgres_server, database, "dataloop__items") == 3
    assert count(postgres_server, database, "roboflow__annotation_insights") == 0
    assert_same_as_duckdb(postgres_server, database, duckdb_raw_views(tmp_path, landing_zone))


def test_identity_files_load_like_duckdb(postgres_server, database, landing_zone, tmp_path):  # noqa: F811
    # The optional identity kind, loaded like the vendors' CSVs: header in another case and
    # order, a BOM, CRLF, an extra column, person_name missing from one file.
    write_file(
        landing_zone,
        "identity/people.csv",
        "\ufeff Person_Key ,USER,Vendor,note,person_name\r\n"
        'K1,Kofi Novak,crowdai,x,"Novak, Kofi"\r\n'
        "K1,,labelbox,,\r\n",
    )
    write_file(landing_zone, "identity/more.csv", "vendor,user,person_key\nroboflow,a@x.io,K2\n")
    report = load(landing_zone, postgres_server.connect_params(database), progress=False)
    identity = next(item for item in report.sources if item.source.key == "identity.people")
    assert (identity.files_loaded, identity.rows_loaded) == (2, 3)
    assert postgres_server.execute(
        "select account_vendor, account_user, person_key, person_name, source_file, source_row"
        " from raw.identity__people order by source_file, source_row",
        database,
    ) == [
        ("roboflow", "a@x.io", "K2", None, "identity/more.csv", 1),
        ("crowdai", "Kofi Novak", "K1", "Novak, Kofi", "identity/people.csv", 1),
        ("labelbox", None, "K1", None, "identity/people.csv", 2),
    ]
    assert_same_as_duckdb(postgres_server, database, duckdb_raw_views(tmp_path, landing_zone))

    broken = write_file(landing_zone, "identity/broken.csv", "vendor,user\ncrowdai,A\n")
    with pytest.raises(LoaderError) as raised:
        load(landing_zone, postgres_server.connect_params(database), progress=False)
    assert str(broken) in str(raised.value)
    assert "'person_key'" in str(raised.value)


def test_loading_is_idempotent_and_incremental(postgres_server, database, landing_zone):  # noqa: F811
    params = postgres_server.connect_params(database)
    write_file(landing_zone, "crowdai/media/m1.csv", "Media ID,Parent Media ID\nm1,\nm2,m1\n")
    write_file(landing_zone, "labelbox/export_v2/e1.ndjson", '{"a": 1}\n{"a": 2}\n')
    first = load(landing_zone, params, progress=False)
    assert (first.files_loaded, first.rows_loaded) == (2, 4)

    again = load(landing_zone, params, progress=False)
    assert (again.files_loaded, again.files_skipped, again.rows_loaded) == (0, 2, 0)
    assert count(postgres_server, database, "crowdai__media") == 2

    # A new export adds only its rows.
    write_file(landing_zone, "crowdai/media/m2.csv", "Media ID,Parent Media ID\nm3,m1\n")
    new = load(landing_zone, params, progress=False)
    assert (new.files_loaded, new.files_skipped, new.rows_loaded) == (1, 2, 1)
    assert count(postgres_server, database, "crowdai__media") == 3

    # A changed file replaces its own rows.
    write_file(landing_zone, "labelbox/export_v2/e1.ndjson", '{"a": 1}\n{"a": 2}\n{"a": 3}\n')
    changed = load(landing_zone, params, progress=False)
    assert (changed.files_loaded, changed.rows_loaded) == (1, 3)
    assert count(postgres_server, database, "labelbox__export_v2") == 3
    loaded = postgres_server.execute(
        "select source, source_file, row_count from raw._loaded_files order by 1, 2", database
    )
    assert loaded == [
        ("crowdai.media", "crowdai/media/m1.csv", 2),
        ("crowdai.media", "crowdai/media/m2.csv", 1),
        ("labelbox.export_v2", "labelbox/export_v2/e1.ndjson", 3),
    ]

    # Files gone from the zone keep their rows unless pruned.
    (landing_zone / "crowdai/media/m1.csv").unlink()
    load(landing_zone, params, progress=False)
    assert count(postgres_server, database, "crowdai__media") == 3
    pruned = load(landing_zone, params, progress=False, prune=True)
    assert sum(item.files_pruned for item in pruned.sources) == 1
    assert count(postgres_server, database, "crowdai__media") == 1


def test_missing_required_column_names_file_and_column(postgres_server, database, landing_zone):  # noqa: F811
    write_file(landing_zone, "crowdai/media/ok.csv", "Media ID,Parent Media ID\nm1,\n")
    broken = write_file(
        landing_zone,
        "crowdai/annotation_csv/broken.csv",
        "Workflow ID,Task Status,Phase,Project Name\nw1,submitted,image_boxing,P\n",
    )
    with pytest.raises(LoaderError) as raised:
        load(landing_zone, postgres_server.connect_params(database), progress=False)
    assert str(broken) in str(raised.value)
    assert "'Media ID'" in str(raised.value)
    # Nothing of the broken file was kept, so fixing it and loading again works.
    assert count(postgres_server, database, "crowdai__annotation_csv") == 0


def test_text_postgresql_cannot_hold_names_the_file(postgres_server, database, landing_zone):  # noqa: F811
    # DuckDB reads a NUL character; PostgreSQL text cannot hold one.
    broken = write_file(landing_zone, "crowdai/media/nul.csv", "Media ID,Parent Media ID\nm\x00,\n")
    with pytest.raises(LoaderError) as raised:
        load(landing_zone, postgres_server.connect_params(database), progress=False)
    assert str(broken) in str(raised.value)
    assert count(postgres_server, database, "crowdai__media") == 0


def test_cli_load_reads_the_profile_env_vars(postgres_server, database, landing_zone):  # noqa: F811
    write_file(landing_zone, "crowdai/media/m.csv", "Media ID,Parent Media ID\nm1,\n")
    env = {
        **os.environ,
        **postgres_server.dbt_env(database),
    }
    command = [
        str(Path(sys.executable).with_name("annotation-ops")),
        "load",
        "--data-dir",
        str(landing_zone),
    ]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert "raw.crowdai__media" in completed.stdout
    assert count(postgres_server, database, "crowdai__media") == 1
