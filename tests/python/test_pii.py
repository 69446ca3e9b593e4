"""pii_mode hash: the marts show no email, name or vendor user ID, only keyed hashes that
still join across marts and vendors; without a key the build stops and says why."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_DIR, DbtRun, run_dbt

KEY = "a-test-key-of-some-length"


def text_values(run: DbtRun) -> set[str]:
    """Every distinct text value of every mart."""
    columns = run.query(
        "select table_name, column_name from information_schema.columns"
        " where table_schema = 'marts' and data_type = 'VARCHAR'"
    )
    values: set[str] = set()
    for table, column in columns:
        rows = run.query(
            f'select distinct "{column}" from marts."{table}" where "{column}" is not null'
        )
        values.update(value for (value,) in rows)
    return values


def people(run: DbtRun) -> set[str]:
    """The user IDs, emails and names the clear marts show (lower-cased)."""
    rows = run.query(
        "select vendor_user_id from marts.dim_annotators"
        " union select email from marts.dim_annotators"
        " union select person_id from marts.dim_annotators"
    )
    return {value.lower() for (value,) in rows if value}


@pytest.fixture(scope="module")
def hashed_build(tmp_path_factory) -> DbtRun:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANNOTATION_OPS_PII_KEY", KEY)
        run = run_dbt(
            tmp_path_factory.mktemp("pii_hash"), ["build"], SAMPLE_DIR, {"pii_mode": "hash"}
        )
    assert run.ok, run.output[-4000:]
    return run


def test_hashed_marts_show_no_person(hashed_build, duckdb_build):
    clear_people = people(duckdb_build)
    assert any("@" in person for person in clear_people)  # the sample does name people
    shown = {value.lower() for value in text_values(hashed_build)}
    assert not any("@" in value for value in shown)
    assert clear_people.isdisjoint(shown)
    assert (
        hashed_build.scalar(
            "select count(*) from marts.audit_rejected_rows where raw_record is not null"
        )
        == 0
    )
    assert hashed_build.scalar("select count(*) from marts.audit_rejected_rows") > 0


def test_hashes_still_join_like_the_clear_values(hashed_build, duckdb_build):
    def figures(run: DbtRun) -> tuple:
        return run.query(
            """
            select
                (select count(*) from marts.dim_annotators),
                (select count(distinct person_id) from marts.dim_annotators),
                (select count(*) from marts.fct_reviews as r
                    join marts.dim_annotators as a on r.reviewer_id = a.annotator_id
                    where lower(r.reviewer_user_id) = lower(a.vendor_user_id)),
                (select count(*) from marts.fct_labels as l
                    join marts.dim_annotators as a on l.labeler_id = a.annotator_id
                    where lower(l.labeler_user_id) = lower(a.vendor_user_id)),
                (select count(*) from marts.fct_status_transitions as t
                    join marts.dim_annotators as a on t.changed_by = a.annotator_id
                    where lower(t.changed_by_user_id) = lower(a.vendor_user_id)),
                (select count(*) from marts.fct_annotator_performance)
            """
        )[0]

    clear = figures(duckdb_build)
    assert all(count > 0 for count in clear), clear
    assert figures(hashed_build) == clear
    # one person with accounts at two vendors keeps one person_id
    assert hashed_build.scalar(
        "select count(*) from (select person_id from marts.dim_annotators"
        " group by person_id having count(distinct vendor) > 1)"
    ) == duckdb_build.scalar(
        "select count(*) from (select person_id from marts.dim_annotators"
        " group by person_id having count(distinct vendor) > 1)"
    )


def test_the_key_changes_every_hash(hashed_build, tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATION_OPS_PII_KEY", KEY + "-other")
    other = run_dbt(
        tmp_path / "w",
        [
            "build",
            "--select",
            "+dim_annotators",
            "resource_type:seed",
            "--indirect-selection",
            "cautious",
        ],
        SAMPLE_DIR,
        {"pii_mode": "hash"},
    )
    assert other.ok, other.output[-4000:]
    first = {value for (value,) in hashed_build.query("select email from marts.dim_annotators")}
    second = {value for (value,) in other.query("select email from marts.dim_annotators")}
    assert len(first) == len(second) > 1
    assert first.isdisjoint(second - {None})


def test_hash_mode_without_a_key_stops(landing_zone, tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATION_OPS_PII_KEY", raising=False)
    run = run_dbt(tmp_path / "w", ["build"], landing_zone, {"pii_mode": "hash"})
    assert not run.ok
    assert "ANNOTATION_OPS_PII_KEY" in run.output


def test_unknown_pii_mode_is_refused(landing_zone, tmp_path):
    run = run_dbt(
        tmp_path / "w", ["run-operation", "validate_vars"], landing_zone, {"pii_mode": "mask"}
    )
    assert not run.ok
    assert "Invalid value for var 'pii_mode'" in run.output
