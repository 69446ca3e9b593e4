"""The truth files: the figures the simulation really produced, written beside the exports.

Event files (transitions, reviews, editor time, labels, workflow steps) are written while the
items are simulated. Vendors are simulated in alphabetical order, projects by ascending ID and
items by ascending ID, so these files come out sorted without holding them in memory. The small
files (people, source files, defects, settings) are written at the end.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Protocol

from .agreement import AGREEMENT, AgreementTruth
from .output import Registry
from .people import Roster

TRANSITIONS = (
    "vendor",
    "project_id",
    "folder_id",
    "item_id",
    "from_status",
    "to_status",
    "changed_at",
    "changed_by",
    "from_status_raw",
    "to_status_raw",
)
REVIEWS = (
    "vendor",
    "project_id",
    "item_id",
    "labeler",
    "reviewer",
    "review_outcome",
    "reviewed_at",
)
EDITOR_TIME = (
    "vendor",
    "project_id",
    "user_id",
    "item_id",
    "activity_date",
    "active_seconds",
    "sample_count",
)
LABELS = (
    "project_id",
    "data_row_id",
    "label_id",
    "created_by",
    "created_at",
    "seconds_to_create",
    "seconds_to_review",
    "is_skipped",
    "benchmark_score",
    "consensus_score",
    "is_benchmark_reference",
)
WORKFLOW_STEPS = (
    "project",
    "media_id",
    "workflow_id",
    "phase",
    "status",
    "annotator",
    "completed_at",
    "time_secs",
)
ROBOFLOW = (
    "labeler",
    "project",
    "start_date",
    "end_date",
    "images_labeled",
    "net_annotations",
    "annotations_added",
    "annotations_removed",
    "annotations_updated",
    "model_assisted",
    "marked_null",
    "approved",
    "rejected",
    "images_reviewed",
    "first_pass_approved",
    "approval_rate",
    "file_name",
)

ITEM_CURRENT_STATUS = (
    "vendor",
    "project_id",
    "folder_id",
    "item_id",
    "current_status",
    "status_since",
    "last_changed_at",
    "last_changed_by",
    "transition_count",
    "rework_count",
)
# The landing zone's identity file (written by the runner, listed in source_files.csv).
IDENTITY_FILE = "identity/people.csv"
SECONDS_PER_ITEM = (
    "vendor",
    "project_id",
    "labeler",
    "items_labeled",
    "median_seconds_per_item",
    "p90_seconds_per_item",
)
# The warehouse's default retention window (dbt var retention_days): the per-item seconds are
# those of the RETENTION_DAYS dates ending at the last simulated day.
RETENTION_DAYS = 183

README = """\
# Truth files

What the simulation really produced, computed in Python from the simulated events (never from
SQL) after the defect rules: a rejected record contributes nothing, a duplicate counts once,
the copy in the file whose name sorts last wins. Timestamps are UTC, `YYYY-MM-DDTHH:MM:SS.fffZ`.

- `source_files.csv`: one row per generated export file (path relative to the landing zone).
  rows_read = rows_staged + rows_rejected + rows_duplicate, as audit_row_reconciliation must show.
- `defects.csv`: every deliberate defect (file, 1-based record number, what is wrong); record 0
  marks a note on a whole source (a custom status: kept, not rejected). Overlap duplicates are
  counted in source_files.csv, not listed here. The records named here are the rejected ones.
- `people.csv`: every vendor identity written to a file, tied to one person_key per human.
  email is what the vendor shows (empty for CrowdAI, which shows only a display name).
- `project_settings.csv`: per-project max inactivity overrides (SuperAnnotate editor time).
  Projects not listed use the default of 60 seconds.
- `transitions.csv`: fct_status_transitions for SuperAnnotate, Labelbox and Dataloop, sorted by
  (vendor, project_id, item_id, changed_at); statuses canonical, raw values beside them.
- `reviews.csv`: fct_reviews for CrowdAI, Labelbox, SuperAnnotate and Dataloop, one row per review
  event, sorted by (vendor, project_id, item_id, reviewed_at).
- `editor_time_daily.csv`: fct_editor_time_daily for SuperAnnotate (gap rule, distinct samples),
  sorted by (project_id, item_id, user_id, activity_date).
- `labels.csv`: fct_labels for Labelbox; a -1 "not computed" score is empty here.
  Sorted by (project_id, data_row_id, label_id).
- `workflow_steps.csv`: the CrowdAI workflow rows that stage (phase canonical, status as written),
  sorted by (project, media_id, workflow_id).
- `roboflow_labeler_stats.csv`: the Roboflow rows with the approval rate as a fraction and the
  date range resolved from columns or file name; sorted by (start_date, project, labeler).
- `item_current_status.csv`: fct_item_current_status as of the end of the last simulated day (the
  `as_of_date` that day): per item with transitions, its status after the last one, since when
  (its last move into a status other than the one before: a same-status entry does not reset
  it), the last transition's time and user, the number of transitions (same-status ones
  included) and of entries into in_rework from another status. Sorted like transitions.csv.
- `seconds_per_item.csv`: per vendor, project and labeler (lower-cased user ID) with labeling
  seconds (CrowdAI, Labelbox, Dataloop), over the 183 days ending at the last simulated day
  (the default retention window with that day as `as_of_date`): the items labeled (a label that
  is not a skip) and the median and 90th percentile of the seconds per labeled item - all the
  labeler's label seconds on the item in that window, a skipped attempt included, a label
  without seconds as 0 - interpolated linearly at position p * (n - 1) of the sorted values.
  Sorted by (vendor, project_id, labeler).
- `annotator_agreement.csv`: fct_annotator_agreement - per vendor, project, classification
  question and pair of annotators (vendor user IDs as written, annotator_a before annotator_b
  by their lower-cased text) with at least one item both answered: items_in_common,
  answers_agreed (equal answers), observed_agreement = agreed / in common, expected_agreement =
  the sum over answers of the product of the two annotators' shares of that answer over their
  common items, cohens_kappa = (observed - expected) / (1 - expected), empty when expected is
  1. Ratios to six decimals, the whole history. An answer is one string: a set of options
  (Labelbox checklist, Dataloop class labels, a SuperAnnotate attribute group) is its distinct
  options sorted and joined with '|' (the empty checklist is ''). Questions:
  Labelbox - each classification of a consensus label by its `value`, a classification nested
  under a radio answer as `<question>/<answer>/<nested question>`, free text not compared; of
  an annotator's several labels on one data row the latest (created_at as written, then label
  ID) answers. Dataloop - `class`: the labels of the creator's `type: "class"` annotations on the
  item. SuperAnnotate - `<className>/<groupName>` of each attribute group of the creator's
  `type: "tag"` instances (a group without attributes is no answer), from the export that
  stages. Sorted by (vendor, project_id, question, annotator_a, annotator_b).

Outside `_truth/`, `identity/people.csv` (header `vendor,user,person_key,person_name`) is part of
the landing zone: who is who for the people email matching cannot tie. One row per vendor
identity (`user` as that vendor writes it: the display name at CrowdAI, the email elsewhere) of
every person who appears at CrowdAI, with the person_key of `people.csv` and the full name.
People who never appear at CrowdAI share one email across vendors and have no row. It is a
landing-zone file like the exports: `source_files.csv` lists it (every row stages).

How the generator reads the vendors where the spec leaves a choice:
- Labelbox workflow tasks are `Initial labeling task` (not_started), `Initial review task`
  (in_review), `Rework task` (in_rework) and `Done` (done); each history entry is one transition
  from its previous task's status to its next task's status.
- Dataloop: each `create` entry of `metadata.system.taskStatusLog` is one transition from the
  item's previous entry's status (`not_started` before the first); `completed` is `in_review`
  in a project with a QA task (every completed item there is later approved) and `done` in one
  without.
- Dataloop analytics `activeUsers` rows are `{"time": <bucket start, epoch ms>, "userId": <email>}`
  with a day granularity; analytics `userId` values are emails.
- Roboflow rows count each image in the range of its first labeling (reviews included).
- Dataloop `type: "class"` annotations carry no review status (`metadata.system.status` null):
  a rejection flags a box annotation. A second annotator's classification of an item is a label
  of theirs with its own `itemAnnotationDuration` row and activity day, like any creator's.
- SuperAnnotate tags (`type: "tag"`) are written in the roof project's annotation exports, on
  items an annotator submitted: by that annotator and by a second one (role `Annotator`).
"""


class RowWriter(Protocol):
    def writerow(self, row: Sequence[object], /) -> object: ...


def fmt_seconds(value: float) -> str:
    """Seconds as written in the truth files: an integer when whole, else one decimal."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def percentile(values: Sequence[float], fraction: float) -> float:
    """The continuous percentile: position fraction * (n - 1) of the sorted values, linearly
    interpolated between its neighbours."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def fmt_figure(value: float) -> str:
    """A computed figure to the thousandth (trailing zeros dropped)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass
class _ItemStatus:
    folder_id: str
    status: str
    since: str
    changed_at: str
    changed_by: str
    transitions: int = 0
    reworks: int = 0


class ItemStatusTruth:
    """Writes transitions.csv and, from the same rows, item_current_status.csv: an item's rows
    come one after the other (sorted by item, then time), so one item is held at a time."""

    def __init__(self, transitions: RowWriter, statuses: RowWriter, as_of: date) -> None:
        self._transitions = transitions
        self._statuses = statuses
        # transition times are ISO strings, so the end of as_of compares as text
        self._end = (as_of + timedelta(days=1)).isoformat()
        self._key: tuple[str, str, str] | None = None
        self._item: _ItemStatus | None = None

    def writerow(self, row: Sequence[object], /) -> object:
        result = self._transitions.writerow(row)
        vendor, project_id, folder_id, item_id, from_status, to_status, changed_at, changed_by = (
            str(value) for value in row[:8]
        )
        if changed_at >= self._end:
            return result
        if (vendor, project_id, item_id) != self._key:
            self.flush()
            self._key = (vendor, project_id, item_id)
        item = self._item
        if item is None or item.status != to_status:
            # a move into another status (the first transition too); same-status ones keep it
            since = changed_at
        else:
            since = item.since
        self._item = _ItemStatus(
            folder_id,
            to_status,
            since,
            changed_at,
            changed_by,
            (item.transitions if item else 0) + 1,
            (item.reworks if item else 0)
            + (to_status == "in_rework" and from_status != "in_rework"),
        )
        return result

    def flush(self) -> None:
        if self._key is not None and self._item is not None:
            vendor, project_id, item_id = self._key
            item = self._item
            self._statuses.writerow(
                (
                    vendor,
                    project_id,
                    item.folder_id,
                    item_id,
                    item.status,
                    item.since,
                    item.changed_at,
                    item.changed_by,
                    item.transitions,
                    item.reworks,
                )
            )
        self._key, self._item = None, None


@dataclass
class SecondsPerItem:
    """Labels with seconds, one item at a time (a vendor's labels of an item come together),
    gathered into each labeler's seconds per labeled item over the retention window."""

    first_day: str
    last_day: str
    per_labeler: dict[tuple[str, str, str], list[float]] = field(default_factory=dict)
    _item: tuple[str, str, str] | None = None
    _seconds: dict[str, list[float]] = field(default_factory=dict)

    def label(
        self,
        vendor: str,
        project_id: str,
        item_id: str,
        labeler: str,
        created_ms: int,
        seconds: float | None,
        skipped: bool,
    ) -> None:
        day = datetime.fromtimestamp(created_ms / 1000, timezone.utc).date().isoformat()
        if not self.first_day <= day <= self.last_day:
            return
        if (vendor, project_id, item_id) != self._item:
            self.flush()
            self._item = (vendor, project_id, item_id)
        # [seconds, 1 when some label is not a skip]
        entry = self._seconds.setdefault(labeler.strip().lower(), [0.0, 0.0])
        entry[0] += seconds or 0.0
        if not skipped:
            entry[1] = 1.0

    def flush(self) -> None:
        if self._item is not None:
            vendor, project_id, _ = self._item
            for labeler, (seconds, labeled) in self._seconds.items():
                if labeled:
                    self.per_labeler.setdefault((vendor, project_id, labeler), []).append(seconds)
        self._item = None
        self._seconds = {}

    def rows(self) -> list[tuple[object, ...]]:
        self.flush()
        return [
            (
                *key,
                len(values),
                fmt_figure(percentile(values, 0.5)),
                fmt_figure(percentile(values, 0.9)),
            )
            for key, values in sorted(self.per_labeler.items())
        ]


@dataclass(frozen=True)
class Defect:
    vendor: str
    source_name: str
    file_name: str
    record: int
    kind: str
    description: str


class Truth:
    """Streams the event truth files and collects the small ones."""

    def __init__(self, out_dir: Path, as_of: date) -> None:
        """`as_of`: the last simulated day, the as_of_date of the truths that need one."""
        self.dir = out_dir / "_truth"
        self.dir.mkdir(parents=True, exist_ok=True)
        self._handles: list[IO[str]] = []
        self._statuses = ItemStatusTruth(
            self._open("transitions.csv", TRANSITIONS),
            self._open("item_current_status.csv", ITEM_CURRENT_STATUS),
            as_of,
        )
        self.transitions: RowWriter = self._statuses
        self.seconds_per_item = SecondsPerItem(
            (as_of - timedelta(days=RETENTION_DAYS - 1)).isoformat(), as_of.isoformat()
        )
        self.reviews = self._open("reviews.csv", REVIEWS)
        self.editor_time = self._open("editor_time_daily.csv", EDITOR_TIME)
        self.labels = self._open("labels.csv", LABELS)
        self.workflow_steps = self._open("workflow_steps.csv", WORKFLOW_STEPS)
        self.defects: list[Defect] = []
        self.project_settings: list[tuple[str, str, int]] = []
        self.roboflow: list[tuple[str, ...]] = []
        self.agreement = AgreementTruth()

    def _open(self, name: str, header: Sequence[str]) -> RowWriter:
        fh = (self.dir / name).open("w", encoding="utf-8", newline="")
        self._handles.append(fh)
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        return writer

    def defect(self, defect: Defect) -> None:
        self.defects.append(defect)

    def _write(self, name: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        with (self.dir / name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)

    def close(self, registry: Registry, roster: Roster) -> None:
        self._statuses.flush()
        for fh in self._handles:
            fh.close()
        self._write("seconds_per_item.csv", SECONDS_PER_ITEM, self.seconds_per_item.rows())
        identities = len(roster.identity_map())
        self._write(
            "source_files.csv",
            (
                "vendor",
                "source_name",
                "file_name",
                "rows_read",
                "rows_staged",
                "rows_rejected",
                "rows_duplicate",
            ),
            sorted(
                [
                    *(
                        (
                            o.vendor,
                            o.source_name,
                            o.rel,
                            o.rows_read,
                            o.counts["staged"],
                            o.counts["rejected"],
                            o.counts["duplicate"],
                        )
                        for o in registry.outs
                    ),
                    # the identity file: every mapping stages, none repeats
                    ("identity", "people", IDENTITY_FILE, identities, identities, 0, 0),
                ]
            ),
        )
        self._write(
            "defects.csv",
            ("vendor", "source_name", "file_name", "record", "kind", "description"),
            sorted(
                (d.vendor, d.source_name, d.file_name, d.record, d.kind, d.description)
                for d in self.defects
            ),
        )
        self._write(
            "people.csv",
            ("person_key", "vendor", "vendor_user_id", "display_name", "email"),
            [
                (i.person_key, i.vendor, i.vendor_user_id, i.display_name, i.email)
                for i in roster.identities()
            ],
        )
        self._write(
            "project_settings.csv",
            ("vendor", "project_id", "max_inactivity_seconds"),
            sorted(self.project_settings),
        )
        self._write(
            "roboflow_labeler_stats.csv",
            ROBOFLOW,
            sorted(self.roboflow, key=lambda r: (r[2], r[1], r[0], r[-1])),
        )
        self._write("annotator_agreement.csv", AGREEMENT, self.agreement.rows())
        (self.dir / "README.md").write_text(README, encoding="utf-8")
