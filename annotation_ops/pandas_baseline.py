"""The three SuperAnnotate figures in plain pandas, the baseline the benchmark times dbt against.

From a landing zone's SuperAnnotate files (annotation_status and editor_activity CSVs) and the
project's seeds, the same rows as the marts' SuperAnnotate rows:
- fct_daily_status_flow: items in, out and at the end of each day per folder and status;
- fct_editor_time_daily: editor seconds and samples per day, annotator and item;
- fct_annotator_performance: items reviewed, first-pass approved and their rate, for each
  annotator with a reviewed item in the window.
The rules are the marts' (marts.md): records that are not valid are left out, a record exported
twice counts once (the file whose name sorts last wins), statuses map through
seeds/vocabularies/status_map.csv, an editor gap counts up to the project's max inactivity
(seeds/settings/project_settings.csv, else max_inactivity_seconds).

`python -m annotation_ops.pandas_baseline ZONE --as-of-date D` computes them and prints the row
counts as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from annotation_ops.generator.superannotate import STATUS_HEADER

PROJECT_DIR = Path(__file__).resolve().parents[1]
SEEDS_DIR = PROJECT_DIR / "seeds"
VENDOR = "superannotate"

# The annotation-status export's columns up to status_to (the assignment columns are optional).
STATUS_COLUMNS = list(STATUS_HEADER[: STATUS_HEADER.index("status_to") + 1])
EDITOR_COLUMNS = ["time", "user_id", "item_id", "project_id"]
FLOW_KEYS = ["project_id", "folder_id", "status"]


def read_csv_folder(folder: Path, columns: list[str]) -> pd.DataFrame:
    """Every CSV of a folder as text, headers matched case-insensitively, with each row's
    file (relative to the landing zone) and row number."""
    frames = []
    for path in sorted(folder.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        frame.columns = [str(column).strip().lower() for column in frame.columns]
        frame = frame.reindex(columns=columns)
        frame["source_file"] = f"{folder.parent.name}/{folder.name}/{path.name}"
        frame["source_row"] = range(1, len(frame) + 1)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=[*columns, "source_file", "source_row"])
    return pd.concat(frames, ignore_index=True)


def trimmed(values: pd.Series) -> pd.Series:
    return values.fillna("").astype(str).str.strip(" ")


def parse_time(values: pd.Series) -> pd.Series:
    """ISO-8601 text as naive UTC timestamps; NaT where it does not parse."""
    parsed = pd.to_datetime(trimmed(values), format="ISO8601", utc=True, errors="coerce")
    return parsed.dt.tz_convert(None)


def normalize_enum(values: pd.Series) -> pd.Series:
    """A vocabulary key: lower case without spaces, underscores or hyphens."""
    return trimmed(values).str.replace(r"[ _-]", "", regex=True).str.lower()


def annotator_id(users: pd.Series) -> pd.Series:
    """The warehouse's annotator surrogate: md5 of `vendor|lower(trim(user))`."""
    return (
        trimmed(users)
        .str.lower()
        .map(lambda user: hashlib.md5(f"{VENDOR}|{user}".encode()).hexdigest())
    )


def status_changes(zone: Path) -> pd.DataFrame:
    """Valid status changes, one per event, with canonical statuses."""
    raw = read_csv_folder(zone / "superannotate" / "annotation_status", STATUS_COLUMNS)
    for column in STATUS_COLUMNS:
        raw[column] = trimmed(raw[column])
    raw["changed_at"] = parse_time(raw["time"])
    role = pd.to_numeric(raw["user_role"], errors="coerce")
    raw["user_role_id"] = role.where(role == role.round())
    valid = raw[(raw[STATUS_COLUMNS] != "").all(axis=1)]
    valid = valid[valid["changed_at"].notna() & valid["user_role_id"].notna()].copy()

    valid["from_key"] = normalize_enum(valid["status_from"])
    valid["to_key"] = normalize_enum(valid["status_to"])
    key = ["changed_at", "project_id", "folder_id", "item_id", "source", "user_id"]
    key += ["user_role_id", "from_key", "to_key"]
    valid = valid.sort_values(["source_file", "source_row"])
    changes = valid.drop_duplicates(key, keep="last")

    vocabulary = pd.read_csv(SEEDS_DIR / "vocabularies" / "status_map.csv", dtype=str)
    vocabulary = vocabulary[vocabulary["vendor"] == VENDOR]
    mapping = dict(zip(vocabulary["status_key"], vocabulary["status"], strict=True))
    changes = changes.assign(
        from_status=changes["from_key"].map(mapping).fillna("custom"),
        to_status=changes["to_key"].map(mapping).fillna("custom"),
        change_date=changes["changed_at"].dt.date,
    )
    columns = ["project_id", "folder_id", "item_id", "from_status", "to_status", "changed_at"]
    return changes[[*columns, "change_date", "user_id", "source_file", "source_row"]]


def daily_status_flow(changes: pd.DataFrame, window: list[date]) -> pd.DataFrame:
    """fct_daily_status_flow's rows of the window."""
    start, end = window[0], window[-1]
    moved = changes[changes["from_status"] != changes["to_status"]]
    flow_in = (
        moved.groupby(["change_date", "project_id", "folder_id", "to_status"])
        .size()
        .rename("item_count_in")
        .rename_axis(["date", *FLOW_KEYS])
    )
    flow_out = (
        moved.groupby(["change_date", "project_id", "folder_id", "from_status"])
        .size()
        .rename("item_count_out")
        .rename_axis(["date", *FLOW_KEYS])
    )

    # Each item's folder and status at the end of every day it changed, then +1 where a
    # (folder, status) begins and -1 where the previous one ends.
    day_end = changes.sort_values(
        ["project_id", "item_id", "change_date", "changed_at", "source_file", "source_row"]
    ).drop_duplicates(["project_id", "item_id", "change_date"], keep="last")
    items = day_end.groupby(["project_id", "item_id"])
    day_end = day_end.assign(
        previous_status=items["to_status"].shift(), previous_folder=items["folder_id"].shift()
    )
    changed = (day_end["previous_status"] != day_end["to_status"]) | (
        day_end["previous_folder"] != day_end["folder_id"]
    )
    begins = day_end[changed].assign(delta=1)
    ends = day_end[changed & day_end["previous_status"].notna()].assign(
        folder_id=lambda frame: frame["previous_folder"],
        to_status=lambda frame: frame["previous_status"],
        delta=-1,
    )
    deltas = (
        pd.concat([begins, ends])
        .rename(columns={"change_date": "date", "to_status": "status"})
        .groupby(["date", *FLOW_KEYS])["delta"]
        .sum()
        .reset_index()
    )

    statuses = pd.concat([deltas[FLOW_KEYS], flow_out.reset_index()[FLOW_KEYS]]).drop_duplicates()
    first_dates = changes.groupby(["project_id", "folder_id"])["change_date"].min()
    grid = statuses.merge(first_dates.rename("first_date").reset_index())
    grid = grid.merge(pd.DataFrame({"date": window}), how="cross")
    grid = grid[grid["date"] >= grid["first_date"]]

    opening = (
        deltas[deltas["date"] < start]
        .groupby(FLOW_KEYS)["delta"]
        .sum()
        .rename("opening")
        .reset_index()
    )
    in_window = deltas[(deltas["date"] >= start) & (deltas["date"] <= end)]
    flow = (
        grid.merge(in_window, how="left", on=["date", *FLOW_KEYS])
        .merge(opening, how="left", on=FLOW_KEYS)
        .merge(flow_in.reset_index(), how="left", on=["date", *FLOW_KEYS])
        .merge(flow_out.reset_index(), how="left", on=["date", *FLOW_KEYS])
        .fillna({"delta": 0, "opening": 0, "item_count_in": 0, "item_count_out": 0})
        .sort_values([*FLOW_KEYS, "date"])
    )
    flow["item_count_eop"] = flow["opening"] + flow.groupby(FLOW_KEYS)["delta"].cumsum()
    flow = flow[
        (flow["item_count_in"] != 0) | (flow["item_count_out"] != 0) | (flow["item_count_eop"] != 0)
    ]
    flow = flow.assign(vendor=VENDOR).astype(
        {"item_count_in": "int64", "item_count_out": "int64", "item_count_eop": "int64"}
    )
    columns = ["date", "vendor", *FLOW_KEYS, "item_count_in", "item_count_out", "item_count_eop"]
    return flow[columns].reset_index(drop=True)


def editor_time_daily(
    zone: Path, window: list[date], max_inactivity_seconds: float
) -> pd.DataFrame:
    """fct_editor_time_daily's SuperAnnotate rows of the window."""
    raw = read_csv_folder(zone / "superannotate" / "editor_activity", EDITOR_COLUMNS)
    for column in EDITOR_COLUMNS:
        raw[column] = trimmed(raw[column])
    raw["sampled_at"] = parse_time(raw["time"])
    valid = raw[(raw[EDITOR_COLUMNS] != "").all(axis=1) & raw["sampled_at"].notna()]
    samples = valid.drop_duplicates(["project_id", "user_id", "item_id", "sampled_at"])
    samples = samples.sort_values(["project_id", "user_id", "item_id", "sampled_at"])

    settings = pd.read_csv(SEEDS_DIR / "settings" / "project_settings.csv", dtype=str)
    settings = settings[settings["vendor"] == VENDOR]
    limits = dict(
        zip(settings["project_id"], settings["max_inactivity_seconds"].astype(float), strict=True)
    )
    next_sample = samples.groupby(["project_id", "user_id", "item_id"])["sampled_at"].shift(-1)
    gap = (next_sample - samples["sampled_at"]).dt.total_seconds()
    limit = samples["project_id"].map(limits).fillna(max_inactivity_seconds)
    samples = samples.assign(
        credited_seconds=gap.where(gap <= limit, 0.0),
        activity_date=samples["sampled_at"].dt.date,
        annotator_id=annotator_id(samples["user_id"]),
    )
    samples = samples[samples["activity_date"].between(window[0], window[-1])]
    daily = (
        samples.groupby(["activity_date", "project_id", "annotator_id", "item_id"])
        .agg(active_seconds=("credited_seconds", "sum"), sample_count=("sampled_at", "size"))
        .reset_index()
        .assign(vendor=VENDOR)
    )
    columns = ["activity_date", "vendor", "project_id", "annotator_id", "item_id"]
    return daily[[*columns, "active_seconds", "sample_count"]]


def first_pass_approval(changes: pd.DataFrame, window: list[date]) -> pd.DataFrame:
    """fct_annotator_performance's review figures: per labeler, the items reviewed in the
    window, those approved there and never rejected up to its end, and their ratio."""
    reviews = changes[
        (changes["from_status"] == "in_review") & changes["to_status"].isin(["done", "in_rework"])
    ]
    submissions = changes[
        (changes["to_status"] == "in_review") & (changes["from_status"] != "in_review")
    ]
    # the labeler: who last moved the item into review at or before the review
    matched = reviews.merge(
        submissions[["project_id", "item_id", "changed_at", "user_id"]],
        on=["project_id", "item_id"],
        suffixes=("", "_submitted"),
    )
    matched = matched[matched["changed_at"] >= matched["changed_at_submitted"]]
    matched = matched.sort_values(
        ["changed_at_submitted", "user_id_submitted"], ascending=[False, True]
    ).drop_duplicates(["source_file", "source_row"])
    matched = matched[matched["change_date"] <= window[-1]]
    matched = matched.assign(
        annotator_id=annotator_id(matched["user_id_submitted"]),
        in_window=matched["change_date"] >= window[0],
        is_reject=matched["to_status"] == "in_rework",
    )
    matched["approved_in_window"] = matched["in_window"] & ~matched["is_reject"]

    items = (
        matched.groupby(["project_id", "annotator_id", "item_id"])
        .agg(
            reviewed=("in_window", "any"),
            approved=("approved_in_window", "any"),
            rejected=("is_reject", "any"),
        )
        .reset_index()
    )
    items["first_pass"] = items["approved"] & ~items["rejected"]
    figures = (
        items.groupby(["project_id", "annotator_id"])
        .agg(items_reviewed=("reviewed", "sum"), first_pass_approved_items=("first_pass", "sum"))
        .reset_index()
    )
    figures = figures[figures["items_reviewed"] > 0].assign(vendor=VENDOR)
    figures["first_pass_approval_rate"] = (
        figures["first_pass_approved_items"] / figures["items_reviewed"]
    )
    columns = ["vendor", "project_id", "annotator_id", "items_reviewed"]
    return figures[[*columns, "first_pass_approved_items", "first_pass_approval_rate"]]


def retention_window(as_of_date: str, retention_days: int) -> list[date]:
    end = date.fromisoformat(as_of_date)
    return [end - timedelta(days=offset) for offset in range(retention_days - 1, -1, -1)]


def superannotate_figures(
    zone: Path,
    as_of_date: str,
    retention_days: int = 183,
    max_inactivity_seconds: float = 60,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(status flow, editor time, first-pass approval) of a landing zone, as the marts'
    SuperAnnotate rows (fct_annotator_performance: the rows with a first-pass rate)."""
    window = retention_window(as_of_date, retention_days)
    changes = status_changes(Path(zone))
    return (
        daily_status_flow(changes, window),
        editor_time_daily(Path(zone), window, max_inactivity_seconds),
        first_pass_approval(changes, window),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotation_ops.pandas_baseline")
    parser.add_argument("zone", type=Path, help="landing zone root")
    parser.add_argument("--as-of-date", required=True)
    parser.add_argument("--retention-days", type=int, default=183)
    parser.add_argument("--max-inactivity-seconds", type=float, default=60)
    args = parser.parse_args(argv)
    flow, editor, approval = superannotate_figures(
        args.zone, args.as_of_date, args.retention_days, args.max_inactivity_seconds
    )
    counts = {
        "fct_daily_status_flow": len(flow),
        "fct_editor_time_daily": len(editor),
        "fct_annotator_performance": len(approval),
    }
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
