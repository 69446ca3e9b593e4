"""The duckdb target bounds memory, spills to disk and writes without keeping row order, and
a connection that has spilled keeps working: dbt-duckdb opens a cursor per model, and DuckDB
refuses to set temp_directory again once it has been used, so the limits must be connection
options."""

from __future__ import annotations

import os
from argparse import Namespace

from conftest import PROJECT_DIR


def duckdb_credentials(environment: dict[str, str]):
    """The duckdb target of profiles.yml rendered the way dbt renders it."""
    from dbt.config.profile import Profile, read_profile
    from dbt.config.renderer import ProfileRenderer
    from dbt.flags import set_from_args
    from dbt_common.context import set_invocation_context

    set_from_args(Namespace(), None)
    set_invocation_context(environment)
    raw = read_profile(str(PROJECT_DIR))
    profile = Profile.from_raw_profiles(
        raw, "annotation_ops", ProfileRenderer({}), target_override="duckdb"
    )
    return profile.credentials


def test_a_build_that_spilled_opens_its_next_cursor(tmp_path):
    from dbt.adapters.duckdb.environments import create

    database = tmp_path / "warehouse.duckdb"
    credentials = duckdb_credentials(
        {**os.environ, "DBT_DUCKDB_PATH": str(database), "DBT_DUCKDB_MEMORY_LIMIT": "100MB"}
    )
    environment = create(credentials)
    cursor = environment.handle().cursor()
    limit, spill_folder, keeps_order = cursor.execute(
        "select current_setting('memory_limit'), current_setting('temp_directory'),"
        " current_setting('preserve_insertion_order')"
    ).fetchone()
    assert limit.startswith("95")  # 100 MB in MiB
    assert spill_folder == f"{database}.tmp"
    assert keeps_order is False  # big tables are written without holding batches back
    # A sort of about 320 MB under a 100 MB limit: DuckDB must spill to finish it.
    cursor.execute("create table numbers as select range as n, random() as r from range(20000000)")
    cursor.execute("create table sorted as select * from numbers order by r")
    next_cursor = environment.handle().cursor()  # what dbt-duckdb does for the next model
    assert next_cursor.execute("select count(*) from sorted").fetchone() == (20000000,)
