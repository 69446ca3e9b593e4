"""The truth files: the figures the simulation really produced, written beside the exports.

Event files (transitions, reviews, editor time, labels, workflow steps) are written while the
items are simulated. Vendors are simulated in alphabetical order, projects by ascending ID and
items by ascending ID, so these files come out sorted without holding them in memory. The small
files (people, source files, defects, settings) are written at the end.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

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
"""


class RowWriter(Protocol):
    def writerow(self, row: Sequence[object], /) -> object: ...


def fmt_seconds(value: float) -> str:
    """Seconds as written in the truth files: an integer when whole, else one decimal."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


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

    def __init__(self, out_dir: Path) -> None:
        self.dir = out_dir / "_truth"
        self.dir.mkdir(parents=True, exist_ok=True)
        self._handles: list[IO[str]] = []
        self.transitions = self._open("transitions.csv", TRANSITIONS)
        self.reviews = self._open("reviews.csv", REVIEWS)
        self.editor_time = self._open("editor_time_daily.csv", EDITOR_TIME)
        self.labels = self._open("labels.csv", LABELS)
        self.workflow_steps = self._open("workflow_steps.csv", WORKFLOW_STEPS)
        self.defects: list[Defect] = []
        self.project_settings: list[tuple[str, str, int]] = []
        self.roboflow: list[tuple[str, ...]] = []

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
        for fh in self._handles:
            fh.close()
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
        (self.dir / "README.md").write_text(README, encoding="utf-8")
