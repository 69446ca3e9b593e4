"""The sample-data generator: deterministic, in the landing-zone formats of inputs.md, shaped
like the real vendor samples, and with truth files that agree with the files it wrote."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import pytest

from annotation_ops.generator import GenerationSummary, generate, run

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "data" / "sample"
SAMPLES = Path(
    os.environ.get(
        "ANNOTATION_OPS_SAMPLES", Path(__file__).resolve().parents[3] / "shared" / "samples"
    )
)

# Column sets of inputs.md, written out here rather than imported from the generator.
CROWDAI = (
    "workflow id,media id,dataset id,task status,task url,phase,annotator name,time to complete,"
    "project name,timesecs,completed at,frame count"
)
HEADERS = {
    "crowdai/annotation_csv": CROWDAI,
    "crowdai/media": "media id,parent media id,dataset id",
    "superannotate/annotation_status": (
        "time,item_id,item_name,folder_id,project_id,team_id,organization_id,source,user_id,"
        "user_role,user_role_name,status_from,status_to,assignment_from_role,assignment_from_id,"
        "assignment_to_role,assignment_to_id"
    ),
    "superannotate/editor_activity": "time,user_id,item_id,project_id,folder_id,team_id",
    "identity": "vendor,user,person_key,person_name",
    "superannotate/status_daily": (
        "id,date,folder_id,project_id,team_id,organization_id,status,item_count_in,"
        "item_count_out,item_count_eop"
    ),
    "roboflow/annotation_insights": (
        "labeler,project,images labeled,net annotations,total annotations added,"
        "total annotations removed,total annotations updated,model assisted,marked null,"
        "approved,rejected,approval rate"
    ),
}
CANONICAL_STATUSES = {
    "not_started",
    "in_progress",
    "in_review",
    "in_rework",
    "done",
    "skipped",
    "custom",
}
SA_STATUS = {
    "notstarted": "Not Started", "1": "Not Started", "inprogress": "In Progress",
    "2": "In Progress", "qualitycheck": "Quality Check", "3": "Quality Check",
    "returned": "Returned", "4": "Returned", "completed": "Completed", "5": "Completed",
    "skipped": "Skipped", "6": "Skipped",
}  # fmt: skip


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh generation with the default options (the bundled sample's)."""
    out = tmp_path_factory.mktemp("default") / "landing"
    generate(out, progress=False)
    return out


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def truth(root: Path, name: str) -> list[dict[str, str]]:
    return read_csv(root / "_truth" / name)


def csv_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.csv") if "_truth" not in p.parts)


def kind_of(root: Path, path: Path) -> str:
    rel = path.relative_to(root).parts
    return rel[0] if len(rel) == 2 else f"{rel[0]}/{rel[1]}"


def norm(name: str) -> str:
    return name.replace("\ufeff", "").strip().lower()


def records(root: Path, rel: str) -> list[Any]:
    """The records of one export file as the warehouse counts them (None = unparseable)."""
    path = root / rel
    if path.suffix == ".csv":
        return read_csv(path)
    if path.suffix == ".ndjson":
        out: list[Any] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:
                    out.append(None)
        return out
    doc = json.loads(path.read_text(encoding="utf-8"))
    if "dataloop/analytics" in rel:
        return [
            (doc["request"]["measures"][i]["measureType"], row)
            for i, part in enumerate(doc["response"])
            for row in part["response"]
        ]
    return doc if isinstance(doc, list) else [doc]


def natural_key(source: str, rec: Any) -> Any:
    """The natural keys of the spec (source_files.csv in the brief)."""
    if rec is None:
        return None
    if source == "annotation_csv":
        return rec["Workflow ID"] if rec["Media ID"] else None
    if source == "media":
        return rec["Media ID"]
    if source == "export_v2":
        return rec["data_row"]["id"]
    if source == "annotation_status":
        return tuple(rec.values())
    if source == "editor_activity":
        return (rec["time"], rec["user_id"], rec["item_id"], rec["project_id"])
    if source == "status_daily":
        return (rec["date"], rec["folder_id"], rec["status"])
    if source == "annotations":
        return (rec["metadata"]["projectId"], rec["metadata"]["name"])
    if source == "annotation_insights":
        return (rec["Labeler"], rec["Project"], rec.get("Start Date"), rec.get("End Date"))
    if source == "items":
        return rec["id"]
    if source == "analytics":
        return json.dumps(rec, sort_keys=True)
    if source == "people":
        return (rec["vendor"], rec["user"].strip().lower(), rec["person_key"].lower())
    raise AssertionError(source)


def parse_ts(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def editor_samples(root: Path) -> Iterator[dict[str, str]]:
    for path in sorted((root / "superannotate" / "editor_activity").glob("*.csv")):
        yield from read_csv(path)


# --------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_bytes_and_another_seed_differs(
    sample: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    generate(again, progress=False)
    first, second = tree(sample), tree(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []

    other = tmp_path / "other"
    generate(other, seed=8, progress=False)
    third = tree(other)
    assert set(first) != set(third) or any(first[n] != third[n] for n in first)


def test_bundled_sample_equals_a_fresh_default_generation(sample: Path) -> None:
    assert BUNDLED.is_dir(), "data/sample is missing: run python -m annotation_ops.generator"
    bundled, fresh = tree(BUNDLED), tree(sample)
    assert sorted(bundled) == sorted(fresh), "files differ: regenerate data/sample"
    stale = [name for name in fresh if bundled[name] != fresh[name]]
    assert stale == [], f"regenerate data/sample; stale: {stale[:5]}"


def test_bundled_sample_is_small(sample: Path) -> None:
    size = sum(len(b) for b in tree(sample).values())
    assert size <= 4 * 1024 * 1024


# --------------------------------------------------------------------------- formats


def test_every_csv_reads_with_duckdb_and_has_the_spec_columns(sample: Path) -> None:
    kinds_seen = set()
    for path in csv_files(sample):
        kind = kind_of(sample, path)
        kinds_seen.add(kind)
        rel = duckdb.connect().sql(
            f"select * from read_csv('{path.as_posix()}', all_varchar=true, header=true)"
        )
        columns = [norm(c) for c in rel.columns]
        expected = HEADERS[kind].split(",")
        if kind == "roboflow/annotation_insights":
            assert sorted(columns) in (
                sorted(expected),
                sorted(expected + ["start date", "end date"]),
            )
        else:
            assert sorted(columns) == sorted(expected), path.name
        assert len(rel.fetchall()) == len(read_csv(path)), path.name
    assert kinds_seen == set(HEADERS)


def test_csv_quirks_of_real_downloads(sample: Path) -> None:
    raw = {p.name: p.read_bytes() for p in csv_files(sample)}
    assert sum(b"\r\n" in b for b in raw.values()) == 1, "one CSV with CRLF line ends"
    assert sum(b.startswith(b"\xef\xbb\xbf") for b in raw.values()) == 1, "one CSV with a BOM"
    assert any(b'"Cars, trucks and buses"' in b for b in raw.values()), "a quoted comma"


def test_ndjson_lines_are_json_with_a_data_row_id_except_the_truncated_one(sample: Path) -> None:
    bad = []
    for path in sorted((sample / "labelbox" / "export_v2").glob("*.ndjson")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            try:
                assert json.loads(line)["data_row"]["id"]
            except json.JSONDecodeError:
                bad.append((path.relative_to(sample).as_posix(), n))
    defects = [
        (d["file_name"], int(d["record"]))
        for d in truth(sample, "defects.csv")
        if d["kind"] == "invalid_json"
    ]
    assert bad == defects and len(bad) == 1


def test_json_files_have_the_keys_inputs_md_names(sample: Path) -> None:
    for path in (sample / "superannotate" / "annotations").glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        meta = doc["metadata"]
        assert {"name", "status", "annotatorEmail", "qaEmail", "lastAction", "projectId"} <= set(
            meta
        )
        assert {"email", "timestamp"} <= set(meta["lastAction"])
        ts = meta["lastAction"]["timestamp"]
        assert isinstance(ts, int) and 1.7e12 < ts < 1.9e12, "epoch milliseconds"
        for inst in doc["instances"]:
            assert {"createdAt", "createdBy", "updatedAt", "updatedBy", "creationType"} <= set(inst)
            assert {"email", "role"} <= set(inst["createdBy"])
    items = [
        r
        for p in (sample / "dataloop" / "items").glob("*.json")
        for r in records(sample, p.relative_to(sample).as_posix())
    ]
    assert items
    for item in items:
        assert {"id", "filename", "annotations", "metadata"} <= set(item)
        assert "dataset" in item or "datasetId" in item
        for ann in item["annotations"]:
            assert {"id", "creator", "createdAt", "updatedBy", "updatedAt", "label", "type"} <= set(
                ann
            )
            assert {"status", "automated"} <= set(ann["metadata"]["system"])
        for entry in item["metadata"]["system"]["taskStatusLog"]:
            assert entry["action"] in ("create", "delete")
            assert {"taskId", "assignmentId", "status", "creator", "timestamp"} <= set(
                entry["status"]
            )
    fields = {
        "itemAnnotationDuration": {"itemId", "userId", "duration"},
        "userStatsActivityTimeByField": {
            "taskId",
            "itemId",
            "userId",
            "activityStatus",
            "duration",
        },
        "activeUsers": {"time", "userId"},
    }
    for path in (sample / "dataloop" / "analytics").glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert {"startTime", "endTime", "context", "measures"} <= set(doc["request"])
        assert len(doc["response"]) == len(doc["request"]["measures"])
        for measure, row in records(sample, path.relative_to(sample).as_posix()):
            assert set(row) == fields[measure]


def _key_paths(obj: Any, prefix: str = "") -> set[str]:
    paths = set()
    if isinstance(obj, dict):
        for key, value in obj.items():
            paths.add(prefix + key)
            paths |= _key_paths(value, prefix + key + ".")
    return paths


def _sample_file(name: str) -> Path:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"real vendor sample not available: {path}")
    return path


def test_labelbox_label_objects_have_the_real_samples_key_paths(sample: Path) -> None:
    real = json.loads(
        _sample_file("labelbox/export_v2_label_object_with_performance_details.json").read_text()
    )
    wanted = {
        p for p in _key_paths(real) if p.startswith(("label_details.", "performance_details."))
    }
    wanted |= {k for k in real}
    labels = [
        label
        for path in sorted((sample / "labelbox" / "export_v2").glob("*.ndjson"))
        for rec in records(sample, path.relative_to(sample).as_posix())
        if rec is not None
        for project in rec["projects"].values()
        for label in project["labels"]
    ]
    assert labels
    for label in labels:
        assert wanted <= _key_paths(label), wanted - _key_paths(label)


def test_superannotate_annotation_json_has_the_real_samples_metadata_keys(sample: Path) -> None:
    real = json.loads(
        _sample_file(
            "superannotate/annotation_json_image_with_lastAction_and_instance_audit.json"
        ).read_text()
    )
    files = sorted((sample / "superannotate" / "annotations").glob("*.json"))
    assert files
    # the keys of the real instances of each type (a tag has no shape, no points)
    instance_keys: dict[str, set[str]] = defaultdict(set)
    for inst in real["instances"]:
        instance_keys[inst["type"]] |= set(inst)
    attribute_keys = {key for i in real["instances"] for a in i["attributes"] for key in a}
    types = set()
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert set(real["metadata"]) <= set(doc["metadata"])
        assert set(real["metadata"]["lastAction"]) == set(doc["metadata"]["lastAction"])
        for inst in doc["instances"]:
            types.add(inst["type"])
            assert instance_keys[inst["type"]] <= set(inst), inst["type"]
            if inst["type"] == "tag":
                assert set(inst) == instance_keys["tag"]
            for attribute in inst["attributes"]:
                assert set(attribute) <= attribute_keys
    assert types == {"bbox", "tag"}


def test_dataloop_annotations_have_the_real_samples_keys(sample: Path) -> None:
    real = json.loads(_sample_file("dataloop/export_item_json_FruitImage_apple_1.json").read_text())
    wanted = _key_paths(real["annotations"][0])
    annotations = [
        ann
        for path in (sample / "dataloop" / "items").glob("*.json")
        for item in records(sample, path.relative_to(sample).as_posix())
        for ann in item["annotations"]
    ]
    assert annotations
    for ann in annotations:
        assert wanted <= _key_paths(ann), wanted - _key_paths(ann)


# --------------------------------------------------------------------------- truth vs files


def test_source_files_truth_recounts_records_and_duplicates(sample: Path) -> None:
    rows = truth(sample, "source_files.csv")
    exported = sorted(
        p.relative_to(sample).as_posix()
        for p in sample.rglob("*")
        if p.is_file() and "_truth" not in p.parts
    )
    assert sorted(r["file_name"] for r in rows) == exported
    keys: dict[str, list[Any]] = {}
    for r in rows:
        recs = records(sample, r["file_name"])
        assert int(r["rows_read"]) == len(recs), r["file_name"]
        parts = int(r["rows_staged"]) + int(r["rows_rejected"]) + int(r["rows_duplicate"])
        assert int(r["rows_read"]) == parts
        keys[r["file_name"]] = [natural_key(r["source_name"], rec) for rec in recs]
    # A record is a duplicate when its key is also in a later-sorting file of its source.
    by_source: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        by_source[f"{r['vendor']}/{r['source_name']}"].append(r["file_name"])
    for files in by_source.values():
        files.sort()
        for i, name in enumerate(files):
            later = set().union(*(set(keys[f]) for f in files[i + 1 :]))
            dup = sum(1 for k in keys[name] if k is not None and k in later)
            rejected = sum(1 for k in keys[name] if k is None)
            row = next(r for r in rows if r["file_name"] == name)
            assert int(row["rows_duplicate"]) == dup, name
            if row["source_name"] in ("export_v2", "annotation_csv"):
                assert int(row["rows_rejected"]) == rejected, name
    assert sum(int(r["rows_duplicate"]) for r in rows) > 0, "overlapping exports"


def test_defects_are_few_and_are_the_rejected_records(sample: Path) -> None:
    defects = truth(sample, "defects.csv")
    assert 3 <= len(defects) < 10
    rejected = {r["file_name"]: int(r["rows_rejected"]) for r in truth(sample, "source_files.csv")}
    located = defaultdict(int)
    for d in defects:
        if int(d["record"]) > 0:
            located[d["file_name"]] += 1
    assert {f: n for f, n in rejected.items() if n} == dict(located)
    assert {d["kind"] for d in defects} >= {
        "invalid_json",
        "unparseable_time",
        "missing_media_id",
        "unknown_status",
    }
    bad_time = next(d for d in defects if d["kind"] == "unparseable_time")
    row = read_csv(sample / bad_time["file_name"])[int(bad_time["record"]) - 1]
    with pytest.raises(ValueError):
        parse_ts(row["time"])


def test_editor_time_truth_recomputed_from_the_raw_samples(sample: Path) -> None:
    settings = {
        r["project_id"]: int(r["max_inactivity_seconds"])
        for r in truth(sample, "project_settings.csv")
    }
    assert 120 in settings.values()
    samples: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for r in editor_samples(sample):
        t = int(parse_ts(r["time"]).timestamp())
        samples[(r["project_id"], r["user_id"], r["item_id"])].add(t)
    expected: dict[tuple[str, str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (project, user, item), times in samples.items():
        limit = settings.get(project, 60)
        ordered = sorted(times)
        for i, t in enumerate(ordered):
            day = datetime.fromtimestamp(t, timezone.utc).date().isoformat()
            acc = expected[(project, user, item, day)]
            acc[1] += 1
            if i + 1 < len(ordered) and ordered[i + 1] - t <= limit:
                acc[0] += ordered[i + 1] - t
    got = {
        (r["project_id"], r["user_id"], r["item_id"], r["activity_date"]): [
            int(r["active_seconds"]),
            int(r["sample_count"]),
        ]
        for r in truth(sample, "editor_time_daily.csv")
    }
    assert got == dict(expected)
    assert sum(v[1] for v in got.values()) >= 1000, "thousands of editor samples"


def test_status_daily_agrees_with_the_status_log(sample: Path) -> None:
    rows: dict[tuple[str, ...], dict[str, str]] = {}
    for path in sorted((sample / "superannotate" / "annotation_status").glob("*.csv")):
        for r in read_csv(path):
            rows[tuple(r.values())] = r  # whole-row key: one copy
    changes = []
    for r in rows.values():
        try:
            at = parse_ts(r["time"])
        except ValueError:
            assert r["status_from"] == r["status_to"], "the bad row changes nothing"
            continue
        frm = SA_STATUS.get(r["status_from"].replace(" ", "").lower(), r["status_from"])
        to = SA_STATUS.get(r["status_to"].replace(" ", "").lower(), r["status_to"])
        changes.append((at, r["folder_id"], r["item_id"], frm, to))
    flow: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    last: dict[tuple[str, str], str] = {}
    status_at_day_end: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for at, folder, item, frm, to in sorted(changes):
        day = at.date().isoformat()
        if frm != to:
            flow[(day, folder, to)][0] += 1
            flow[(day, folder, frm)][1] += 1
        last[(folder, item)] = to
        status_at_day_end[(folder, item)][day] = to
    vendor: dict[tuple[str, str, str], dict[str, str]] = {}
    for path in sorted((sample / "superannotate" / "status_daily").glob("*.csv")):
        for r in read_csv(path):
            vendor[(r["date"], r["folder_id"], r["status"])] = r
    assert vendor
    for key, (n_in, n_out) in flow.items():
        if key[0] in {k[0] for k in vendor}:
            r = vendor[key]
            assert (int(r["item_count_in"]), int(r["item_count_out"])) == (n_in, n_out), key
    for (day, folder, status), r in vendor.items():
        assert (int(r["item_count_in"]), int(r["item_count_out"])) == tuple(
            flow.get((day, folder, status), (0, 0))
        )
        eop = 0
        for (f, _item), by_day in status_at_day_end.items():
            if f != folder:
                continue
            before = [d for d in by_day if d <= day]
            if before and by_day[max(before)] == status:
                eop += 1
        assert int(r["item_count_eop"]) == eop, (day, folder, status)
    assert "Needs Client Review" in {k[2] for k in vendor}


def test_transitions_and_reviews_truth(sample: Path) -> None:
    transitions = truth(sample, "transitions.csv")
    assert {r["vendor"] for r in transitions} == {"dataloop", "labelbox", "superannotate"}
    assert {r["to_status"] for r in transitions} <= CANONICAL_STATUSES
    assert {r["from_status"] for r in transitions} <= CANONICAL_STATUSES
    assert "custom" in {r["to_status"] for r in transitions}
    reviews = truth(sample, "reviews.csv")
    for vendor in ("crowdai", "dataloop", "labelbox", "superannotate"):
        outcomes = {r["review_outcome"] for r in reviews if r["vendor"] == vendor}
        assert outcomes == {"approve", "reject"}, vendor
    assert all(r["labeler"] and r["reviewer"] and r["labeler"] != r["reviewer"] for r in reviews)
    # SuperAnnotate: each review is a Quality Check -> Returned/Completed row of the log.
    log = set()
    for path in (sample / "superannotate" / "annotation_status").glob("*.csv"):
        for r in read_csv(path):
            frm = SA_STATUS.get(r["status_from"].replace(" ", "").lower())
            to = SA_STATUS.get(r["status_to"].replace(" ", "").lower())
            if frm == "Quality Check" and to in ("Returned", "Completed"):
                log.add((r["item_id"], r["user_id"], r["time"][:19]))
    sa = {
        (r["item_id"], r["reviewer"], r["reviewed_at"][:19])
        for r in reviews
        if r["vendor"] == "superannotate"
    }
    assert sa == log


def test_truth_files_are_sorted(sample: Path) -> None:
    def check(name: str, key: tuple[str, ...]) -> None:
        rows = truth(sample, name)
        values = [tuple(r[k] for k in key) for r in rows]
        assert values == sorted(values), name

    check("transitions.csv", ("vendor", "project_id", "item_id", "changed_at"))
    check("reviews.csv", ("vendor", "project_id", "item_id", "reviewed_at"))
    check("editor_time_daily.csv", ("project_id", "item_id", "user_id", "activity_date"))
    check("labels.csv", ("project_id", "data_row_id", "label_id"))
    check("workflow_steps.csv", ("project", "media_id", "workflow_id"))
    check("people.csv", ("person_key", "vendor"))


def test_labelbox_truth_matches_the_export(sample: Path) -> None:
    newest: dict[str, Any] = {}
    for path in sorted((sample / "labelbox" / "export_v2").glob("*.ndjson")):
        for rec in records(sample, path.relative_to(sample).as_posix()):
            if rec is not None:
                newest[rec["data_row"]["id"]] = rec
    labels = {}
    for rec in newest.values():
        for project_id, project in rec["projects"].items():
            for label in project["labels"]:
                perf = label["performance_details"]
                scores = [perf.get("benchmark_score"), perf.get("consensus_score")]
                labels[label["id"]] = (
                    project_id,
                    rec["data_row"]["id"],
                    label["label_details"]["created_by"],
                    parse_ts(label["label_details"]["created_at"]),
                    perf["skipped"],
                    tuple(None if s in (None, -1) else float(s) for s in scores),
                )
    got = {
        r["label_id"]: (
            r["project_id"],
            r["data_row_id"],
            r["created_by"],
            parse_ts(r["created_at"]),
            r["is_skipped"] == "true",
            tuple(float(s) if s else None for s in (r["benchmark_score"], r["consensus_score"])),
        )
        for r in truth(sample, "labels.csv")
    }
    assert got == labels
    multi = [rec for rec in newest.values() if len(rec["projects"]) > 1]
    assert len(multi) == 1


def test_crowdai_truth_matches_the_export(sample: Path) -> None:
    rows: dict[str, dict[str, str]] = {}
    for path in sorted((sample / "crowdai" / "annotation_csv").glob("*.csv")):
        for r in read_csv(path):
            if r["Media ID"]:
                rows[r["Workflow ID"]] = r
    got = {r["workflow_id"]: r for r in truth(sample, "workflow_steps.csv")}
    assert sorted(got) == sorted(rows)
    for wid, r in rows.items():
        t = got[wid]
        assert (t["media_id"], t["annotator"], t["status"], t["time_secs"]) == (
            r["Media ID"],
            r["Annotator Name"],
            r["Task Status"],
            r["TimeSecs"],
        )
        if r["TimeSecs"]:
            assert abs(float(r["Time to Complete"]) * 60 - int(r["TimeSecs"])) <= 0.6


def test_roboflow_rows_and_their_truth(sample: Path) -> None:
    files = sorted((sample / "roboflow" / "annotation_insights").glob("*.csv"))
    assert len(files) == 3
    styles = set()
    for path in files:
        for r in read_csv(path):
            rate = r["Approval Rate"]
            styles.add(
                "%"
                if rate.endswith("%")
                else "frac"
                if "." in rate and float(rate) <= 1 and "Start Date" not in r
                else "num"
            )
            assert int(r["Net Annotations"]) == int(r["Total Annotations Added"]) - int(
                r["Total Annotations Removed"]
            )
    assert styles == {"%", "frac", "num"}
    assert any("Start Date" not in read_csv(p)[0] for p in files)
    for t in truth(sample, "roboflow_labeler_stats.csv"):
        if t["approval_rate"]:
            expected = int(t["first_pass_approved"]) / int(t["images_reviewed"])
            assert abs(float(t["approval_rate"]) - expected) < 0.001
        assert t["file_name"].endswith(f"_{t['start_date']}_{t['end_date']}.csv")


def test_the_story_has_every_feature_the_warehouse_must_handle(sample: Path) -> None:
    status_rows = [
        r
        for p in (sample / "superannotate" / "annotation_status").glob("*.csv")
        for r in read_csv(p)
    ]
    assert {r["source"] for r in status_rows} == {"Editor", "SDK", "Explore"}
    assert {"1", "2", "3"} <= {r["user_role"] for r in status_rows}
    raw = {r["status_to"] for r in status_rows} | {r["status_from"] for r in status_rows}
    assert {"In Progress", "InProgress", "2", "Needs Client Review"} <= raw
    # editor samples: a session across midnight, exact 60 s gaps, identical duplicates
    per: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    duplicates = 0
    for path in (sample / "superannotate" / "editor_activity").glob("*.csv"):
        rows = [tuple(r.values()) for r in read_csv(path)]
        duplicates += len(rows) - len(set(rows))  # identical samples within one file
    for r in editor_samples(sample):
        per[(r["user_id"], r["item_id"])].append(parse_ts(r["time"]))
    gaps, midnight = set(), False
    for times in per.values():
        ordered = sorted(set(times))
        for a, b in zip(ordered, ordered[1:], strict=False):
            gaps.add(int((b - a).total_seconds()))
            midnight |= a.date() != b.date() and (b - a).total_seconds() <= 60
    assert 60 in gaps and {10, 20} <= gaps and max(gaps) > 120
    assert midnight, "a session crossing midnight UTC"
    assert duplicates > 0
    # Labelbox variety
    actions, name_keys, shuffled, video = set(), set(), False, False
    for path in (sample / "labelbox" / "export_v2").glob("*.ndjson"):
        for rec in records(sample, path.relative_to(sample).as_posix()):
            if rec is None:
                continue
            video |= "frame_count" in rec.get("media_attributes", {})
            for project in rec["projects"].values():
                name_keys |= {"name", "project_name"} & set(project)
                history = project["project_details"]["workflow_history"]
                actions |= {h["action"] for h in history}
                stamps = [parse_ts(h["created_at"]) for h in history]
                shuffled |= len(stamps) > 2 and stamps not in (sorted(stamps), sorted(stamps)[::-1])
    assert {"Move", "Reject", "Approve", "Accept"} <= actions
    assert name_keys == {"name", "project_name"} and shuffled and video
    text = "".join(p.read_text() for p in (sample / "labelbox" / "export_v2").glob("*.ndjson"))
    for needle in (
        '"benchmark_score": 0.',
        '"consensus_score": 0.',
        '_score": -1,',
        "+00:00",
        'Z"',
    ):
        assert needle in text, needle
    # CrowdAI: transformed media, videos, phases in several spellings
    media = [r for p in (sample / "crowdai" / "media").glob("*.csv") for r in read_csv(p)]
    assert any(r["Parent Media ID"] for r in media)
    tasks = [r for p in (sample / "crowdai" / "annotation_csv").glob("*.csv") for r in read_csv(p)]
    assert any(r["Frame Count"] for r in tasks)
    assert {"image_boxing", "Image_boxing_review", "final_review"} <= {r["Phase"] for r in tasks}
    # model assistance in three vendors, Dataloop item files of both shapes
    sa_json = "".join(
        p.read_text() for p in (sample / "superannotate" / "annotations").glob("*.json")
    )
    assert '"Prediction"' in sa_json and '"Model"' in sa_json
    dl_files = list((sample / "dataloop" / "items").glob("*.json"))
    shapes = {type(json.loads(p.read_text())).__name__ for p in dl_files}
    assert shapes == {"list", "dict"}
    dl_text = "".join(p.read_text() for p in dl_files)
    assert '"automated": true' in dl_text and '"issue"' in dl_text and '"discard"' in dl_text
    people = truth(sample, "people.csv")
    vendors_per_person: dict[str, set[str]] = defaultdict(set)
    for p in people:
        vendors_per_person[p["person_key"]].add(p["vendor"])
    assert max(len(v) for v in vendors_per_person.values()) == 5
    assert all(p["email"] == "" for p in people if p["vendor"] == "crowdai")


# --------------------------------------------------------------------------- agreement


def _labelbox_label_answers(
    classifications: list[dict[str, Any]], prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """(question, answer) of a label's classifications: radio and checklist answers, those
    nested one level under an answer as `<question>/<answer>/<nested>`; free text skipped."""
    for c in classifications:
        question = prefix + (c.get("value") or c["name"])
        if "radio_answer" in c:
            chosen = [c["radio_answer"]]
            yield question, chosen[0].get("value") or chosen[0]["name"]
        elif "checklist_answers" in c:
            chosen = c["checklist_answers"]
            yield question, "|".join(sorted({o.get("value") or o["name"] for o in chosen}))
        else:
            continue
        if not prefix:
            for option in chosen:
                value = option.get("value") or option["name"]
                yield from _labelbox_label_answers(
                    option.get("classifications", []), f"{question}/{value}/"
                )


def export_answers(root: Path) -> dict[tuple[str, str, str, str, str], str]:
    """(vendor, project, item, annotator, question) -> answer, read from the export files as
    the agreement definition says (the newest copy of each record)."""
    answers: dict[tuple[str, str, str, str, str], str] = {}
    # Labelbox: each annotator's latest label on a data row in a project
    rows: dict[str, Any] = {}
    for path in sorted((root / "labelbox" / "export_v2").glob("*.ndjson")):
        for rec in records(root, path.relative_to(root).as_posix()):
            if rec is not None:
                rows[rec["data_row"]["id"]] = rec
    latest: dict[tuple[str, str, str], tuple[tuple[datetime, str], dict[str, Any]]] = {}
    for row_id, rec in rows.items():
        for project_id, project in rec["projects"].items():
            for label in project["labels"]:
                details = label["label_details"]
                key = (project_id, row_id, details["created_by"])
                order = (parse_ts(details["created_at"]), label["id"])
                if key not in latest or latest[key][0] < order:
                    latest[key] = (order, label)
    for (project_id, row_id, user), (_, label) in latest.items():
        for question, answer in _labelbox_label_answers(label["annotations"]["classifications"]):
            answers[("labelbox", project_id, row_id, user, question)] = answer
    # Dataloop: an item's project from the analytics rows about it
    item_project: dict[str, str] = {}
    for path in sorted((root / "dataloop" / "analytics").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        (project_id,) = doc["request"]["context"]["projectId"]
        for part in doc["response"]:
            for row in part["response"]:
                if "itemId" in row:
                    item_project[row["itemId"]] = min(
                        project_id, item_project.get(row["itemId"], project_id)
                    )
    items: dict[str, Any] = {}
    for path in sorted((root / "dataloop" / "items").glob("*.json")):
        for item in records(root, path.relative_to(root).as_posix()):
            items[item["id"]] = item
    for item_id, item in items.items():
        labels: dict[str, set[str]] = defaultdict(set)
        for ann in item["annotations"]:
            if ann["type"] == "class":
                labels[ann["creator"]].add(ann["label"])
        for user, chosen in labels.items():
            key = ("dataloop", item_project[item_id], item_id, user, "class")
            answers[key] = "|".join(sorted(chosen))
    # SuperAnnotate: tag attribute groups in the newest export of each item
    docs: dict[tuple[str, str], Any] = {}
    for path in sorted((root / "superannotate" / "annotations").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        docs[(str(doc["metadata"]["projectId"]), doc["metadata"]["name"])] = doc
    for (project_id, name), doc in docs.items():
        groups: dict[tuple[str, str], set[str]] = defaultdict(set)
        for inst in doc["instances"]:
            if inst["type"] == "tag":
                for attribute in inst["attributes"]:
                    question = f"{inst['className']}/{attribute['groupName']}"
                    groups[(inst["createdBy"]["email"], question)].add(str(attribute["name"]))
        for (user, question), chosen in groups.items():
            answers[("superannotate", project_id, name, user, question)] = "|".join(sorted(chosen))
    return answers


def kappas(
    answers: dict[tuple[str, str, str, str, str], str],
) -> dict[tuple[str, str, str, str, str], tuple[int, int, float, float, float | None]]:
    """Cohen's kappa per (vendor, project, question, annotator a, annotator b)."""
    by_question: dict[tuple[str, str, str], dict[str, dict[str, str]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for (vendor, project_id, item_id, user, question), answer in answers.items():
        by_question[(vendor, project_id, question)][user][item_id] = answer
    out = {}
    for (vendor, project_id, question), per_user in by_question.items():
        users = sorted(per_user, key=str.lower)
        for i, a in enumerate(users):
            for b in users[i + 1 :]:
                common = sorted(per_user[a].keys() & per_user[b].keys())
                if not common:
                    continue
                n = len(common)
                xs = [per_user[a][item] for item in common]
                ys = [per_user[b][item] for item in common]
                agreed = sum(x == y for x, y in zip(xs, ys, strict=True))
                observed = agreed / n
                expected = sum(xs.count(c) / n * ys.count(c) / n for c in set(xs) | set(ys))
                kappa = (
                    None if math.isclose(expected, 1.0) else (observed - expected) / (1 - expected)
                )
                out[(vendor, project_id, question, a, b)] = (
                    n,
                    agreed,
                    observed,
                    expected,
                    kappa,
                )
    return out


def truth_kappas(
    root: Path,
) -> dict[tuple[str, str, str, str, str], tuple[int, int, float, float, float | None]]:
    return {
        (r["vendor"], r["project_id"], r["question"], r["annotator_a"], r["annotator_b"]): (
            int(r["items_in_common"]),
            int(r["answers_agreed"]),
            float(r["observed_agreement"]),
            float(r["expected_agreement"]),
            float(r["cohens_kappa"]) if r["cohens_kappa"] else None,
        )
        for r in truth(root, "annotator_agreement.csv")
    }


def test_classification_answers_have_the_real_samples_shape(sample: Path) -> None:
    real = json.loads(
        _sample_file("labelbox/export_v2_label_object_with_performance_details.json").read_text()
    )
    real_keys = {}
    for c in real["annotations"]["classifications"]:
        kind = next(k for k in ("radio_answer", "checklist_answers", "text_answer") if k in c)
        real_keys[kind] = set(c)
        if kind == "radio_answer":
            real_keys["radio_option"] = set(c["radio_answer"])
        elif kind == "checklist_answers":
            real_keys["checklist_option"] = set(c["checklist_answers"][0])
    kinds: set[str] = set()
    nested = empty_checklist = False
    radio_options: dict[str, set[str]] = defaultdict(set)
    for path in sorted((sample / "labelbox" / "export_v2").glob("*.ndjson")):
        for rec in records(sample, path.relative_to(sample).as_posix()):
            for project in (rec or {"projects": {}})["projects"].values():
                for label in project["labels"]:
                    annotations = label["annotations"]
                    if not annotations["classifications"]:
                        continue
                    # classified labels are neither skipped nor marked null
                    assert not label["performance_details"]["skipped"]
                    assert annotations["objects"]
                    for c in annotations["classifications"]:
                        kind = next(k for k in real_keys if k in c)
                        kinds.add(kind)
                        assert set(c) == real_keys[kind]
                        if kind == "radio_answer":
                            assert set(c["radio_answer"]) == real_keys["radio_option"]
                            radio_options[c["value"]].add(c["radio_answer"]["value"])
                            for sub in c["radio_answer"]["classifications"]:
                                nested = True
                                assert set(sub) == real_keys["radio_answer"]
                        elif kind == "checklist_answers":
                            empty_checklist |= not c["checklist_answers"]
                            for option in c["checklist_answers"]:
                                assert set(option) == real_keys["checklist_option"]
    assert kinds == {"radio_answer", "checklist_answers", "text_answer"}
    assert nested and empty_checklist
    assert max(len(options) for options in radio_options.values()) >= 3
    # Dataloop class annotations: whole-item labels without a review status
    classes = [
        ann
        for path in (sample / "dataloop" / "items").glob("*.json")
        for item in records(sample, path.relative_to(sample).as_posix())
        for ann in item["annotations"]
        if ann["type"] == "class"
    ]
    assert classes
    assert all(
        a["coordinates"] == [] and a["metadata"]["system"]["status"] is None for a in classes
    )


def test_agreement_truth_recomputed_from_the_exports(sample: Path) -> None:
    expected = kappas(export_answers(sample))
    got = truth_kappas(sample)
    assert got.keys() == expected.keys()
    for key, (n, agreed, observed, chance, kappa) in expected.items():
        assert got[key][:2] == (n, agreed), key
        assert got[key][2:4] == pytest.approx((observed, chance), abs=1e-6), key
        if kappa is None:
            assert got[key][4] is None, key
        else:
            assert got[key][4] == pytest.approx(kappa, abs=1e-6), key
    # answers in common by the same few people: pairs with five items or more at each vendor,
    # and pairs whose expected agreement is 1 (no kappa)
    for vendor in ("labelbox", "dataloop", "superannotate"):
        assert sum(k[0] == vendor and v[0] >= 5 for k, v in got.items()) >= 3, vendor
    assert any(v[4] is None for v in got.values())
    questions = {(k[0], k[2]) for k in got}
    assert ("labelbox", "label_legible/yes/language") in questions
    assert ("labelbox", "notes") not in questions
    for _, _, _, a, b in got:
        assert a.lower() < b.lower()


def test_agreement_rises_with_accuracy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pairs of two accurate annotators agree beyond chance more than pairs with a sloppy one.
    The generator writes no accuracy anywhere: the people are caught as they are made."""
    from annotation_ops.generator import people

    accuracy: dict[str, float] = {}
    make = people.Roster.new_person

    def caught(self: Any, *args: Any, **kwargs: Any) -> people.Person:
        person = make(self, *args, **kwargs)
        accuracy[person.email] = person.accuracy
        return person

    monkeypatch.setattr(people.Roster, "new_person", caught)
    out = tmp_path / "x2"
    generate(out, seed=11, scale=2, progress=False)
    accurate: dict[str, list[float]] = defaultdict(list)
    sloppy: dict[str, list[float]] = defaultdict(list)
    for (vendor, _, _, a, b), (n, _, _, _, kappa) in truth_kappas(out).items():
        if kappa is None or n < 3:
            continue
        if min(accuracy[a], accuracy[b]) >= 0.9:
            accurate[vendor].append(kappa)
        elif min(accuracy[a], accuracy[b]) < 0.8:
            sloppy[vendor].append(kappa)

    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    for vendor in ("labelbox", "dataloop", "superannotate"):
        assert accurate[vendor] and sloppy[vendor], vendor
        assert mean(accurate[vendor]) > mean(sloppy[vendor]), vendor
    overall_accurate = mean([k for v in accurate.values() for k in v])
    overall_sloppy = mean([k for v in sloppy.values() for k in v])
    assert overall_accurate > overall_sloppy + 0.15


def test_identity_file_ties_every_crowdai_identity_to_its_person(sample: Path) -> None:
    path = sample / "identity" / "people.csv"
    assert path.read_text(encoding="utf-8").splitlines()[0] == "vendor,user,person_key,person_name"
    rows = read_csv(path)
    mapped = {(r["vendor"], r["user"]): (r["person_key"], r["person_name"]) for r in rows}
    assert len(mapped) == len(rows)
    identities = truth(sample, "people.csv")
    at_crowdai = {i["person_key"] for i in identities if i["vendor"] == "crowdai"}
    expected = {
        (i["vendor"], i["vendor_user_id"]): (i["person_key"], i["display_name"])
        for i in identities
        if i["person_key"] in at_crowdai
    }
    assert mapped == expected
    # every CrowdAI identity, and people who also work elsewhere under their email
    assert {key for key in mapped if key[0] == "crowdai"} == {
        ("crowdai", i["vendor_user_id"]) for i in identities if i["vendor"] == "crowdai"
    }
    assert {vendor for vendor, _ in mapped} == {
        "crowdai",
        "dataloop",
        "labelbox",
        "roboflow",
        "superannotate",
    }
    # a person's name is one across their rows, and the display name CrowdAI shows
    names = defaultdict(set)
    for key, name in mapped.values():
        names[key].add(name)
    assert all(len(found) == 1 for found in names.values())
    assert all(
        user == mapped[("crowdai", user)][1] for vendor, user in mapped if vendor == "crowdai"
    )


# --------------------------------------------------------------------------- scale and CLI


def test_a_larger_scale_gives_proportionally_more_rows_quickly(
    sample: Path, tmp_path: Path
) -> None:
    base = {(r["vendor"], r["source_name"]): 0 for r in truth(sample, "source_files.csv")}
    for r in truth(sample, "source_files.csv"):
        base[(r["vendor"], r["source_name"])] += int(r["rows_read"])
    started = time.monotonic()
    summary = generate(tmp_path / "x5", scale=5, progress=False)
    elapsed = time.monotonic() - started
    assert isinstance(summary, GenerationSummary)
    bigger = summary.rows_by_source()
    for key in (
        ("superannotate", "editor_activity"),
        ("superannotate", "annotation_status"),
        ("labelbox", "export_v2"),
        ("crowdai", "annotation_csv"),
        ("dataloop", "items"),
    ):
        assert 3.5 * base[key] <= bigger[key] <= 7 * base[key], key
    assert summary.total_rows > 4 * sum(base.values())
    assert elapsed < 20


def test_run_writes_reports_and_refuses_a_foreign_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "zone"
    assert run(["--out", str(out), "--scale", "0.3", "--no-progress", "--seed", "3"]) == 0
    printed = capsys.readouterr().out
    assert str(out) in printed and "editor_activity" in printed and "total" in printed
    assert (out / "_truth" / "README.md").exists()
    assert run(["--out", str(out), "--scale", "0.3", "--no-progress", "--seed", "3"]) == 0

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("user data")
    assert run(["--out", str(foreign), "--no-progress"]) == 2
    assert (foreign / "keep.txt").read_text() == "user data"
    with pytest.raises(SystemExit):
        run(["--out", str(out), "--start-date", "2026-05-01", "--end-date", "2026-05-03"])


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "annotation_ops.generator", "--out", str(tmp_path / "m"),
         "--scale", "0.2", "--no-progress"],
        capture_output=True, text=True, cwd=REPO, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Wrote sample landing zone" in done.stdout
