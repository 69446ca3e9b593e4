"""The identity files (identity/*.csv) on crafted landing zones: optional, header matched as a
person expects, a missing column stops the build naming the file and the column, bad rows are
quarantined with a reason, the mapping ties accounts across vendors (by account, then by
email), and one account given two person keys fails a test that names both rows."""

from __future__ import annotations

from conftest import write_file

CROWDAI = (
    "Workflow ID,Media ID,Task Status,Phase,Annotator Name,Project Name,TimeSecs,Completed At\n"
    "w1,m1,submitted,image_boxing,Kofi Novak,P,60,2026-11-01 10:00:00\n"
    "w2,m2,submitted,image_boxing,Rosa Eze,P,60,2026-11-02 10:00:00\n"
)
EDITOR = (
    "time,user_id,item_id,project_id,folder_id,team_id\n"
    "2026-11-03T10:00:00Z,Kofi@X.io,i1,p1,f1,t1\n"
    "2026-11-04T10:00:00Z,ann@x.io,i2,p1,f1,t1\n"
)
ROBOFLOW = (
    "Labeler,Project,Images Labeled,Approved,Rejected,Approval Rate,Start Date,End Date\n"
    "kofi@x.io,Cars,4,4,0,100,2026-11-01,2026-11-10\n"
)
# Header in another case, with spaces, reordered, an extra column; rows 2-6 are bad.
IDENTITY = (
    "\ufeff Person_Key ,USER,Vendor,note,person_name\r\n"
    "K1, kofi novak ,CrowdAI,x,Kofi Novak\r\n"  # 1: matches CrowdAI's `Kofi Novak`
    "K1,,labelbox,,\r\n"  # 2: missing_user
    ",ann@x.io,superannotate,,\r\n"  # 3: missing_person_key
    "K9,ann@x.io,,,\r\n"  # 4: missing_vendor
    "K9,ann@x.io,scale,,\r\n"  # 5: unknown_vendor
    "k1,KOFI@x.io,roboflow,,\r\n"  # 6: ties the email (SuperAnnotate's account too)
)
SELECT = "+dim_people +dim_annotators +audit_rejected_rows +audit_row_reconciliation"


def write_zone(zone) -> None:
    write_file(zone, "crowdai/annotation_csv/a.csv", CROWDAI)
    write_file(zone, "superannotate/editor_activity/e.csv", EDITOR)
    write_file(zone, "roboflow/annotation_insights/r.csv", ROBOFLOW)


def test_a_zone_without_identity_files_builds(landing_zone, build):
    write_zone(landing_zone)
    run = build(landing_zone, select=SELECT)
    assert run.ok, run.output[-3000:]
    assert run.scalar("select count(*) from staging.stg_identity__people") == 0
    assert sorted(
        run.query("select vendor, lower(vendor_user_id), person_id from marts.dim_annotators")
    ) == [
        ("crowdai", "kofi novak", "crowdai:kofi novak"),
        ("crowdai", "rosa eze", "crowdai:rosa eze"),
        ("roboflow", "kofi@x.io", "kofi@x.io"),
        ("superannotate", "ann@x.io", "ann@x.io"),
        ("superannotate", "kofi@x.io", "kofi@x.io"),
    ]


def test_missing_column_fails_naming_file_and_column(landing_zone, build):
    write_zone(landing_zone)
    write_file(landing_zone, "identity/people.csv", "vendor,user,person_name\ncrowdai,A,B\n")
    run = build(landing_zone, select=SELECT)
    assert not run.ok
    assert "identity/people.csv" in run.output
    assert "'person_key'" in run.output


def test_identity_file_ties_accounts_and_quarantines_bad_rows(landing_zone, build):
    write_zone(landing_zone)
    write_file(landing_zone, "identity/people.csv", IDENTITY)
    run = build(landing_zone, select=SELECT)
    assert run.ok, run.output[-3000:]
    assert sorted(
        run.query(
            "select source_name, source_file, source_row, reason from marts.audit_rejected_rows"
            " where vendor = 'identity'"
        )
    ) == [
        ("people", "identity/people.csv", 2, "missing_user"),
        ("people", "identity/people.csv", 3, "missing_person_key"),
        ("people", "identity/people.csv", 4, "missing_vendor"),
        ("people", "identity/people.csv", 5, "unknown_vendor"),
    ]
    assert run.query(
        "select rows_read, rows_staged, rows_rejected, rows_duplicate"
        " from marts.audit_row_reconciliation where vendor = 'identity'"
    ) == [(6, 2, 4, 0)]
    assert sorted(
        run.query(
            "select vendor, lower(vendor_user_id), person_id, person_id_source"
            " from marts.dim_annotators"
        )
    ) == [
        ("crowdai", "kofi novak", "k1", "identity_file"),
        ("crowdai", "rosa eze", "crowdai:rosa eze", "vendor"),
        ("roboflow", "kofi@x.io", "k1", "identity_file"),
        ("superannotate", "ann@x.io", "ann@x.io", "email"),
        ("superannotate", "kofi@x.io", "k1", "identity_file_email"),
    ]
    assert sorted(
        run.query(
            "select person_id, person_name, vendors, annotator_accounts from marts.dim_people"
        )
    ) == [
        ("ann@x.io", "ann@x.io", "superannotate", 1),
        ("crowdai:rosa eze", "Rosa Eze", "crowdai", 1),
        ("k1", "Kofi Novak", "crowdai,roboflow,superannotate", 3),
    ]


def test_one_account_with_two_person_keys_fails_naming_both_rows(landing_zone, build):
    write_zone(landing_zone)
    write_file(
        landing_zone,
        "identity/a.csv",
        "vendor,user,person_key\ncrowdai,Rosa Eze,R1\ncrowdai,Kofi Novak,K1\n",
    )
    # the same mapping again is a duplicate, not a conflict; another key for Kofi is one
    write_file(
        landing_zone,
        "identity/b.csv",
        "vendor,user,person_key\ncrowdai,Rosa Eze,r1\ncrowdai,kofi novak,K2\n",
    )
    run = build(
        landing_zone,
        args=["build", "--select", SELECT, "resource_type:seed", "--store-failures"],
    )
    assert not run.ok
    assert "identity_account_has_one_person" in run.output
    table = run.scalar(
        "select table_schema || '.' || table_name from information_schema.tables"
        " where table_name = 'identity_account_has_one_person'"
    )
    assert run.query(
        "select vendor, user_key, person_key_a, source_file_a, source_row_a,"
        f" person_key_b, source_file_b, source_row_b from {table}"
    ) == [("crowdai", "kofi novak", "K1", "identity/a.csv", 2, "K2", "identity/b.csv", 2)]
    assert run.query(
        "select source_file, source_row, is_duplicate from staging.base_identity__people"
        " order by 1, 2"
    ) == [
        ("identity/a.csv", 1, True),
        ("identity/a.csv", 2, False),
        ("identity/b.csv", 1, False),
        ("identity/b.csv", 2, False),
    ]
    # Meanwhile (built without tests) every account keeps one row: the newest row's key.
    run = build(
        landing_zone,
        args=[
            "build",
            "--select",
            "+dim_annotators",
            "--resource-type",
            "model",
            "--resource-type",
            "seed",
        ],
    )
    assert run.ok, run.output[-3000:]
    assert sorted(
        run.query("select lower(vendor_user_id), person_id from marts.dim_annotators")
    ) == [
        ("ann@x.io", "ann@x.io"),
        ("kofi novak", "k2"),
        ("kofi@x.io", "kofi@x.io"),
        ("kofi@x.io", "kofi@x.io"),
        ("rosa eze", "r1"),
    ]
