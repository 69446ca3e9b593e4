"""SuperAnnotate: telemetry status log, editor activity samples, the vendor's own daily status
aggregation, and item annotation JSON exports.

Per item the story is: Not Started -> In Progress (labeler opens it in the editor) -> Quality
Check -> Returned (QA rejects) -> In Progress -> Quality Check -> Completed (QA approves), with
skips, SDK pre-annotations, admin actions in Explore, same-status SDK re-sets and, in one
project, a custom status between Quality Check and Completed. Every minute spent in the editor
leaves one sample per active 10-second interval.

In the project whose annotations are exported, many submitted items also get a whole-image
`tag` instance with attribute groups (two single-choice, one multi-choice) from the labeler at
submission and from a second annotator later.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .agreement import pick_one, pick_set, true_set
from .context import Context
from .core import (
    LABEL,
    OVERLAPPING,
    REJECT,
    REVIEW,
    REWORK,
    SENDBACK,
    SKIP,
    Arrival,
    Calendar,
    Policy,
    Pool,
    Window,
    duration,
    export_windows,
    pick,
    plan_arrivals,
    simulate_item,
)
from .output import REJECTED, CsvOut, Family, JsonDocOut
from .people import CLIENT_DOMAIN, WORKFORCE_DOMAINS, Person
from .shared import freelancers_for
from .timefmt import DAY, day_iso, iso_ms_z, iso_z
from .truth import Defect

VENDOR = "superannotate"
TEAM_ID = "41207"
ORG_ID = "org_6c1e2a90f4"

NOT_STARTED = "Not Started"
IN_PROGRESS = "In Progress"
QUALITY_CHECK = "Quality Check"
RETURNED = "Returned"
COMPLETED = "Completed"
SKIPPED = "Skipped"
CUSTOM = "Needs Client Review"
SYSTEM = (NOT_STARTED, IN_PROGRESS, QUALITY_CHECK, RETURNED, COMPLETED, SKIPPED)
SYSTEM_IDS = {name: str(i) for i, name in enumerate(SYSTEM, start=1)}
STATUS_ORDER = (*SYSTEM, CUSTOM)
CANONICAL = {
    NOT_STARTED: "not_started",
    IN_PROGRESS: "in_progress",
    QUALITY_CHECK: "in_review",
    RETURNED: "in_rework",
    COMPLETED: "done",
    SKIPPED: "skipped",
    CUSTOM: "custom",
}
VARIANTS = {NOT_STARTED: "NotStarted", IN_PROGRESS: "InProgress", QUALITY_CHECK: "QualityCheck"}
JSON_STATUS = {**{s: s.replace(" ", "") for s in SYSTEM}, CUSTOM: CUSTOM}

ANNOTATOR = (1, "Annotator")
QA = (2, "QA")
PROJECT_ADMIN = (3, "Project Admin")
TEAM_OWNER = (3, "Team Owner")
CLIENT_ROLE = (7, "Client Reviewer")
JSON_ROLE = {1: "Annotator", 2: "QA", 3: "Admin", 7: "Client Reviewer"}
NO_ASSIGNEE = ("", "")

STATUS_HEADER = (
    "time",
    "item_id",
    "item_name",
    "folder_id",
    "project_id",
    "team_id",
    "organization_id",
    "source",
    "user_id",
    "user_role",
    "user_role_name",
    "status_from",
    "status_to",
    "assignment_from_role",
    "assignment_from_id",
    "assignment_to_role",
    "assignment_to_id",
)
EDITOR_HEADER = ("time", "user_id", "item_id", "project_id", "folder_id", "team_id")
DAILY_HEADER = (
    "id",
    "date",
    "folder_id",
    "project_id",
    "team_id",
    "organization_id",
    "status",
    "item_count_in",
    "item_count_out",
    "item_count_eop",
)
ANNOTATION_EXPORT_CAP = 1500
ANNOTATIONS_DIR = "superannotate/annotations"
OLD_EXPORT_DAYS = 30  # the earlier annotation export holds the items uploaded in its last 30 days
DUPLICATE_SAMPLE_RATE = 0.0004
# The whole-image tag class and its attribute groups: (group, multi-choice, options).
TAG_CLASS = "roof_assessment"
TAG_GROUPS = (
    ("condition", False, ("good", "worn", "damaged", "critical")),
    ("material", False, ("shingle", "tile", "metal", "membrane")),
    ("hazards", True, ("moss", "debris", "ponding", "exposed_nails")),
)
TAGGED_SHARE = 0.5


@dataclass(frozen=True)
class Spec:
    name: str
    prefix: str
    items: int
    folders: int
    labelers: int
    reviewers: int
    period: tuple[float, float]
    policy: Policy
    classes: tuple[str, ...]
    custom_status: bool = False
    max_inactivity: int | None = None
    export_annotations: bool = False
    night_shift: bool = False


SPECS = (
    Spec(
        "Drone roof inspection",
        "roof",
        145,
        2,
        4,
        2,
        (0.0, 0.86),
        Policy(label_secs=840, review_secs=190),
        ("roof_damage", "solar_panel", "chimney", "skylight"),
        custom_status=True,
        export_annotations=True,
        night_shift=True,
    ),
    Spec(
        "Retail receipts OCR",
        "receipt",
        125,
        2,
        3,
        1,
        (0.3, 1.0),
        Policy(label_secs=660, review_secs=150, sendback_prob=0.06),
        ("merchant", "total", "line_item", "date"),
        max_inactivity=120,
    ),
)


def item_count(cfg_scale: float) -> int:
    return sum(max(4, round(s.items * cfg_scale)) for s in SPECS)


@dataclass
class Change:
    t_ms: int
    frm: str
    to: str
    user: Person
    role: tuple[int, str]
    source: str
    assign_from: tuple[str, str]
    assign_to: tuple[str, str]


@dataclass
class Instance:
    created_ms: int
    creator: Person
    role: str
    creation_type: str
    class_index: int
    box: tuple[float, float, float, float]
    updated_ms: int
    updater: Person
    updater_role: str
    # a tag instance's attributes, (group, option) pairs; None for a shape
    tag: list[tuple[str, str]] | None = None


@dataclass
class Story:
    """Everything that happened to one item."""

    changes: list[Change] = field(default_factory=list)
    sessions: list[tuple[Person, int, int, int]] = field(default_factory=list)
    instances: list[Instance] = field(default_factory=list)
    updates: list[tuple[int, int, Person]] = field(default_factory=list)
    predicted: bool = False

    def add(
        self,
        rng: random.Random,
        t: int,
        frm: str,
        to: str,
        user: Person,
        role: tuple[int, str],
        source: str,
        assign_from: tuple[str, str],
        assign_to: tuple[str, str],
    ) -> None:
        t_ms = t * 1000 + rng.randrange(1000)
        if self.changes:
            t_ms = max(t_ms, self.changes[-1].t_ms + 1)
        self.changes.append(Change(t_ms, frm, to, user, role, source, assign_from, assign_to))


@dataclass
class Team:
    labelers: Pool
    reviewers: Pool
    owner: Person
    admin: Person
    client: Person


class StatusFlow:
    """SuperAnnotate's daily aggregation per (date, folder, status), from the true history.

    `in`/`out` count transitions of the day between different statuses; `eop` counts items
    whose status at the end of the day is the status, from each item's first transition on.
    """

    def __init__(self) -> None:
        self.inout: dict[tuple[str, int, str], list[int]] = {}
        self.diff: dict[tuple[str, str], dict[int, int]] = {}
        self.first_day: dict[str, int] = {}
        self.project_of: dict[str, str] = {}

    def add_item(self, folder: str, project: str, changes: list[tuple[int, str, str]]) -> None:
        if not changes:
            return
        self.project_of[folder] = project
        ends: list[tuple[int, str]] = []
        for t, frm, to in changes:
            day = t // DAY
            if frm != to:
                self.inout.setdefault((folder, day, to), [0, 0])[0] += 1
                self.inout.setdefault((folder, day, frm), [0, 0])[1] += 1
            if ends and ends[-1][0] == day:
                ends[-1] = (day, to)
            else:
                ends.append((day, to))
        self.first_day[folder] = min(self.first_day.get(folder, ends[0][0]), ends[0][0])
        for k, (day, status) in enumerate(ends):
            diff = self.diff.setdefault((folder, status), {})
            diff[day] = diff.get(day, 0) + 1
            if k + 1 < len(ends):
                nxt = ends[k + 1][0]
                diff[nxt] = diff.get(nxt, 0) - 1

    def rows(self, last_day: int) -> list[tuple[int, str, str, str, int, int, int]]:
        """(day, folder, project, status, in, out, eop) for every non-zero combination."""
        if not self.first_day:
            return []
        folders = sorted(self.first_day)
        eop = {(f, s): 0 for f in folders for s in STATUS_ORDER}
        out = []
        for day in range(min(self.first_day.values()), last_day + 1):
            for folder in folders:
                if day < self.first_day[folder]:
                    continue
                for status in STATUS_ORDER:
                    eop[(folder, status)] += self.diff.get((folder, status), {}).get(day, 0)
                    n_in, n_out = self.inout.get((folder, day, status), (0, 0))
                    count = eop[(folder, status)]
                    if n_in or n_out or count:
                        out.append(
                            (day, folder, self.project_of[folder], status, n_in, n_out, count)
                        )
        return out


def _samples(rng: random.Random, start: int, end: int) -> list[int]:
    """Editor activity samples: one per active 10-second interval, with idle gaps."""
    times = [start]
    t = start
    while True:
        r = rng.random()
        if r < 0.86:
            gap = 10
        elif r < 0.945:
            gap = rng.choice((20, 30, 40, 50))
        elif r < 0.975:
            gap = 60
        else:
            gap = rng.choice((70, 90, 120, 180, 300))
        t += gap
        if t > end:
            return times
        times.append(t)


def _styled(rng: random.Random, frm: str, to: str) -> tuple[str, str]:
    """Status values as the log writes them: names, spelling variants or system IDs."""
    r = rng.random()
    if r < 0.84:
        return frm, to
    if r < 0.92:
        return VARIANTS.get(frm, frm), VARIANTS.get(to, to)
    return SYSTEM_IDS.get(frm, frm), SYSTEM_IDS.get(to, to)


def _new_instances(
    rng: random.Random,
    story: Story,
    spec: Spec,
    person: Person,
    role: str,
    start: int,
    end: int,
    kind: str,
    count: int,
) -> None:
    for _ in range(count):
        t_ms = (start + int(rng.random() * max(1, end - start))) * 1000 + rng.randrange(1000)
        x, y = rng.uniform(0, 5200), rng.uniform(0, 3400)
        box = (
            round(x, 2),
            round(y, 2),
            round(x + rng.uniform(40, 600), 2),
            round(y + rng.uniform(40, 400), 2),
        )
        story.instances.append(
            Instance(
                t_ms, person, role, kind, rng.randrange(len(spec.classes)), box, t_ms, person, role
            )
        )


def _tag_answers(
    rng: random.Random, accuracy: float, true: dict[str, frozenset[str]]
) -> list[tuple[str, str]]:
    attributes: list[tuple[str, str]] = []
    for group, multi, options in TAG_GROUPS:
        if multi:
            chosen = pick_set(rng, accuracy, true[group], options)
        else:
            (value,) = true[group]
            chosen = frozenset({pick_one(rng, accuracy, value, options)})
        attributes += [(group, option) for option in options if option in chosen]
    return attributes


def _tag(rng: random.Random, story: Story, team: Team, horizon: int) -> None:
    """Tags on a submitted item: the labeler's as they submit it, a second annotator's later.
    A hidden true answer per group; each annotator gives it with probability their accuracy."""
    submit = next((c for c in story.changes if c.to == QUALITY_CHECK and c.role == ANNOTATOR), None)
    if submit is None or rng.random() >= TAGGED_SHARE:
        return
    true = {
        group: true_set(rng, options, 0.3) if multi else frozenset({rng.choice(options)})
        for group, multi, options in TAG_GROUPS
    }
    others = [p for p in team.labelers.people if p is not submit.user]
    second = rng.choice(others) if others else None
    for person in (submit.user, second):
        if person is None:
            continue
        if person is submit.user:
            t_ms = submit.t_ms - rng.randint(2_000, 60_000)
        else:
            t_ms = submit.t_ms + rng.randint(3600, 3 * DAY) * 1000
            if t_ms >= (horizon - 1) * 1000:
                continue
        story.instances.append(
            Instance(
                t_ms,
                person,
                "Annotator",
                "Manual",
                0,
                (0.0, 0.0, 0.0, 0.0),
                t_ms,
                person,
                "Annotator",
                tag=_tag_answers(rng, person.accuracy, true),
            )
        )


def _tag_json(inst: Instance, spec: Spec) -> dict[str, Any]:
    """A tag instance with the keys of the real export's tag (no shape, no points)."""
    attributes = []
    for group, option in inst.tag or []:
        g = next(i for i, (name, _, _) in enumerate(TAG_GROUPS) if name == group)
        o = TAG_GROUPS[g][2].index(option)
        attributes.append(
            {"id": 1710830 + 10 * g + o, "groupId": 391880 + g, "name": option, "groupName": group}
        )
    return {
        "type": "tag",
        "classId": 1115463 + len(spec.classes),
        "probability": 100,
        "attributes": attributes,
        "createdAt": iso_ms_z(inst.created_ms),
        "createdBy": {"email": inst.creator.email, "role": inst.role},
        "creationType": inst.creation_type,
        "updatedAt": iso_ms_z(inst.updated_ms),
        "updatedBy": {"email": inst.updater.email, "role": inst.updater_role},
        "className": TAG_CLASS,
    }


def _story(
    rng: random.Random,
    cal: Calendar,
    spec: Spec,
    arrival: Arrival,
    team: Team,
    horizon: int,
) -> Story:
    story = Story()
    policy = spec.policy
    kind = rng.random()
    if kind < 0.035:  # an admin discards a broken image in Explore
        t = arrival.time + rng.randint(3600, 2 * DAY)
        if t < horizon:
            story.add(
                rng,
                t,
                NOT_STARTED,
                SKIPPED,
                team.admin,
                PROJECT_ADMIN,
                "Explore",
                NO_ASSIGNEE,
                NO_ASSIGNEE,
            )
        return story
    if kind < 0.085:  # pre-annotated through the SDK, straight to Quality Check
        t = arrival.time + rng.randint(300, 3 * 3600)
        if t >= horizon:
            return story
        reviewer = pick(rng, team.reviewers)
        story.predicted = True
        _new_instances(
            rng, story, spec, team.owner, "Admin", t - 120, t - 60, "Prediction", rng.randint(2, 4)
        )
        story.add(
            rng,
            t,
            NOT_STARTED,
            QUALITY_CHECK,
            team.owner,
            TEAM_OWNER,
            "SDK",
            ("Annotator", ""),
            ("QA", reviewer.email),
        )
        rdur = duration(rng, policy.review_secs, reviewer.speed)
        rstart = cal.book(rng, reviewer, t + rng.randint(*policy.review_delay), rdur)
        if rstart < horizon:
            story.sessions.append((reviewer, rstart, min(rstart + rdur, horizon - 1), QA[0]))
        if rstart + rdur < horizon:
            story.add(
                rng,
                rstart + rdur,
                QUALITY_CHECK,
                COMPLETED,
                reviewer,
                QA,
                "Editor",
                ("QA", reviewer.email),
                NO_ASSIGNEE,
            )
        return story

    labeler = pick(rng, team.labelers)
    life = simulate_item(
        rng, cal, policy, arrival.time, labeler, team.reviewers.people, horizon, team.admin
    )
    steps = life.steps + ([life.pending] if life.pending is not None else [])
    if rng.random() < 0.12:  # model pre-annotations the labeler then corrects
        story.predicted = True
        _new_instances(
            rng,
            story,
            spec,
            team.owner,
            "Admin",
            arrival.time - 600,
            arrival.time - 300,
            "Prediction",
            rng.randint(1, 3),
        )
    me = ("Annotator", labeler.email)
    for k, step in enumerate(steps):
        finished = step is not life.pending
        end = step.end if finished else horizon - 1
        nxt = next((s.actor.email for s in steps[k + 1 :] if s.kind == REVIEW), "")
        if step.kind == LABEL:
            story.add(
                rng, step.start, NOT_STARTED, IN_PROGRESS, labeler, ANNOTATOR, "Editor", me, me
            )
            story.sessions.append((labeler, step.start, end, ANNOTATOR[0]))
            if rng.random() < 0.2:
                _new_instances(rng, story, spec, labeler, "Annotator", step.start, end, "Model", 1)
            _new_instances(
                rng, story, spec, labeler, "Annotator", step.start, end, "Manual", rng.randint(1, 4)
            )
            if finished and rng.random() < 0.05:  # a script re-sets the status it already has
                t = step.start + (step.end - step.start) // 3
                story.add(rng, t, IN_PROGRESS, IN_PROGRESS, team.owner, TEAM_OWNER, "SDK", me, me)
            if finished and step.outcome == SKIP:
                story.add(
                    rng,
                    step.end,
                    IN_PROGRESS,
                    SKIPPED,
                    labeler,
                    ANNOTATOR,
                    "Editor",
                    me,
                    NO_ASSIGNEE,
                )
            elif finished:
                story.add(
                    rng,
                    step.end,
                    IN_PROGRESS,
                    QUALITY_CHECK,
                    labeler,
                    ANNOTATOR,
                    "Editor",
                    me,
                    ("QA", nxt),
                )
        elif step.kind == REVIEW:
            reviewer = step.actor
            mine = ("QA", reviewer.email)
            story.sessions.append((reviewer, step.start, end, QA[0]))
            if not finished:
                continue
            if step.outcome == REJECT:
                story.add(rng, step.end, QUALITY_CHECK, RETURNED, reviewer, QA, "Editor", mine, me)
            elif spec.custom_status and rng.random() < 0.3:
                story.add(
                    rng, step.end, QUALITY_CHECK, CUSTOM, reviewer, QA, "Editor", mine, NO_ASSIGNEE
                )
                t = step.end + rng.randint(4 * 3600, 3 * DAY)
                if t < horizon:
                    story.add(
                        rng,
                        t,
                        CUSTOM,
                        COMPLETED,
                        team.client,
                        CLIENT_ROLE,
                        "Explore",
                        NO_ASSIGNEE,
                        NO_ASSIGNEE,
                    )
            else:
                story.add(
                    rng,
                    step.end,
                    QUALITY_CHECK,
                    COMPLETED,
                    reviewer,
                    QA,
                    "Editor",
                    mine,
                    NO_ASSIGNEE,
                )
        elif step.kind == SENDBACK:
            story.add(
                rng,
                step.start,
                COMPLETED,
                RETURNED,
                step.actor,
                PROJECT_ADMIN,
                "Explore",
                NO_ASSIGNEE,
                me,
            )
        elif step.kind == REWORK:
            story.add(rng, step.start, RETURNED, IN_PROGRESS, labeler, ANNOTATOR, "Editor", me, me)
            story.sessions.append((labeler, step.start, end, ANNOTATOR[0]))
            for inst in rng.sample(story.instances, min(len(story.instances), rng.randint(1, 2))):
                story.updates.append(
                    (
                        story.instances.index(inst),
                        (step.start + (end - step.start) // 2) * 1000,
                        labeler,
                    )
                )
            if finished:
                story.add(
                    rng,
                    step.end,
                    IN_PROGRESS,
                    QUALITY_CHECK,
                    labeler,
                    ANNOTATOR,
                    "Editor",
                    me,
                    ("QA", nxt),
                )
    return story


def _annotation_doc(
    story: Story, spec: Spec, project_id: str, name: str, upload_ms: int, owner: Person, t_ms: int
) -> dict[str, Any]:
    """The item's annotation JSON as an export taken at `t_ms` would show it."""
    seen = [c for c in story.changes if c.t_ms <= t_ms]
    status = JSON_STATUS[seen[-1].to] if seen else JSON_STATUS[NOT_STARTED]
    last = (
        {"email": seen[-1].user.email, "timestamp": seen[-1].t_ms}
        if seen
        else {"email": owner.email, "timestamp": upload_ms}
    )
    annotator = next(
        (p.email for p, s, _, r in story.sessions if r == 1 and s * 1000 <= t_ms), None
    )
    qa = [p.email for p, s, _, r in story.sessions if r == 2 and s * 1000 <= t_ms]
    instances = []
    for i, inst in enumerate(story.instances):
        if inst.created_ms > t_ms:
            continue
        if inst.tag is not None:
            instances.append(_tag_json(inst, spec))
            continue
        updated_ms, updater, updater_role = inst.updated_ms, inst.updater, inst.updater_role
        for index, u_ms, person in story.updates:
            if index == i and updated_ms < u_ms <= t_ms:
                updated_ms, updater, updater_role = u_ms, person, "Annotator"
        x1, y1, x2, y2 = inst.box
        instances.append(
            {
                "type": "bbox",
                "classId": 1115463 + inst.class_index,
                "probability": 100 if inst.creation_type == "Manual" else 87,
                "points": {"x1": x1, "x2": x2, "y1": y1, "y2": y2},
                "groupId": 0,
                "pointLabels": {},
                "locked": False,
                "attributes": [],
                "trackingId": None,
                "error": None,
                "createdAt": iso_ms_z(inst.created_ms),
                "createdBy": {"email": inst.creator.email, "role": inst.role},
                "creationType": inst.creation_type,
                "updatedAt": iso_ms_z(updated_ms),
                "updatedBy": {"email": updater.email, "role": updater_role},
                "className": spec.classes[inst.class_index],
            }
        )
    return {
        "metadata": {
            "height": 3840,
            "width": 5760,
            "name": name,
            "lastAction": last,
            "projectId": int(project_id),
            "isPredicted": story.predicted,
            "status": status,
            "pinned": False,
            "annotatorEmail": annotator,
            "qaEmail": qa[-1] if qa else None,
        },
        "instances": instances,
        "comments": [],
        "tags": [],
    }


class _Writer:
    """The SuperAnnotate files of one run and the state shared by its projects."""

    def __init__(self, ctx: Context, windows: list[Window]) -> None:
        self.ctx = ctx
        self.windows = windows
        reg, root = ctx.registry, ctx.root
        self.status = Family(
            [
                reg.add(
                    CsvOut(
                        root,
                        VENDOR,
                        "annotation_status",
                        f"superannotate/annotation_status/raw-data-annotation-status_{w.tag}.csv",
                        STATUS_HEADER,
                    )
                )
                for w in windows
            ],
            windows,
        )
        self.editor = Family(
            [
                reg.add(
                    CsvOut(
                        root,
                        VENDOR,
                        "editor_activity",
                        f"superannotate/editor_activity/editor-time-tracking_{w.tag}.csv",
                        EDITOR_HEADER,
                    )
                )
                for w in windows
            ],
            windows,
        )
        self.flow = StatusFlow()
        self.bad_time_placed = False
        self.duplicate_placed = False

    def note(self, person: Person) -> None:
        self.ctx.roster.note(person, VENDOR, person.email, person.email)

    def status_rows(
        self, rng: random.Random, story: Story, spec_index: int, item: tuple[str, str, str, str]
    ) -> None:
        project_id, folder_id, item_id, name = item
        truth = self.ctx.truth
        last_into_qc: Person | None = None
        for ch in story.changes:
            t_s = ch.t_ms // 1000
            frm_raw, to_raw = _styled(rng, ch.frm, ch.to)
            time_text = iso_ms_z(ch.t_ms)
            defect = (
                not self.bad_time_placed
                and spec_index == 0
                and ch.frm == ch.to
                and not self.status.spans_several(t_s)
            )
            if defect:
                self.bad_time_placed = True
                time_text = time_text[:8] + "32" + time_text[10:]  # day 32: no such date
            row = (
                time_text,
                item_id,
                name,
                folder_id,
                project_id,
                TEAM_ID,
                ORG_ID,
                ch.source,
                ch.user.email,
                ch.role[0],
                ch.role[1],
                frm_raw,
                to_raw,
                *ch.assign_from,
                *ch.assign_to,
            )
            for out, outcome in self.status.route(t_s):
                if defect:
                    outcome = REJECTED
                    truth.defect(
                        Defect(
                            VENDOR,
                            "annotation_status",
                            out.rel,
                            out.rows_read + 1,
                            "unparseable_time",
                            f"time {time_text!r} is not a date (same-status SDK re-set, {item_id})",
                        )
                    )
                out.write(row, outcome)
            if defect:
                continue
            self.note(ch.user)
            truth.transitions.writerow(
                (
                    VENDOR,
                    project_id,
                    folder_id,
                    item_id,
                    CANONICAL[ch.frm],
                    CANONICAL[ch.to],
                    iso_ms_z(ch.t_ms),
                    ch.user.email,
                    frm_raw,
                    to_raw,
                )
            )
            if ch.to == QUALITY_CHECK and ch.frm != QUALITY_CHECK:
                last_into_qc = ch.user
            elif ch.frm == QUALITY_CHECK and ch.to in (RETURNED, COMPLETED) and last_into_qc:
                truth.reviews.writerow(
                    (
                        VENDOR,
                        project_id,
                        item_id,
                        last_into_qc.email,
                        ch.user.email,
                        "reject" if ch.to == RETURNED else "approve",
                        iso_ms_z(ch.t_ms),
                    )
                )
        self.flow.add_item(
            folder_id, project_id, [(c.t_ms // 1000, c.frm, c.to) for c in story.changes]
        )

    def editor_rows(
        self, rng: random.Random, story: Story, max_inactivity: int, item: tuple[str, str, str, str]
    ) -> None:
        project_id, folder_id, item_id, _ = item
        by_user: dict[str, list[int]] = {}
        for person, start, end, _role in story.sessions:
            times = _samples(rng, start, end)
            self.note(person)
            for t in times:
                row = (iso_z(t), person.email, item_id, project_id, folder_id, TEAM_ID)
                copies = 1
                if rng.random() < DUPLICATE_SAMPLE_RATE or not self.duplicate_placed:
                    copies, self.duplicate_placed = 2, True
                for _ in range(copies):
                    for out, outcome in self.editor.route(t):
                        out.write(row, outcome)
            by_user.setdefault(person.email, []).extend(times)
        for user in sorted(by_user):
            times = sorted(set(by_user[user]))
            per_day: dict[int, list[int]] = {}
            for i, t in enumerate(times):
                acc = per_day.setdefault(t // DAY, [0, 0])
                acc[1] += 1
                if i + 1 < len(times) and times[i + 1] - t <= max_inactivity:
                    acc[0] += times[i + 1] - t
            for day in sorted(per_day):
                active, count = per_day[day]
                self.ctx.truth.editor_time.writerow(
                    (VENDOR, project_id, user, item_id, day_iso(day), active, count)
                )

    def status_daily(self) -> None:
        last_day = self.windows[-1].last_day
        family = Family(
            [
                self.ctx.registry.add(
                    CsvOut(
                        self.ctx.root,
                        VENDOR,
                        "status_daily",
                        f"superannotate/status_daily/status-daily_{w.tag}.csv",
                        DAILY_HEADER,
                    )
                )
                for w in self.windows
            ],
            self.windows,
        )
        for n, (day, folder, project, status, n_in, n_out, eop) in enumerate(
            self.flow.rows(last_day), start=1
        ):
            row = (n, day_iso(day), folder, project, TEAM_ID, ORG_ID, status, n_in, n_out, eop)
            for out, outcome in family.route(day * DAY):
                out.write(row, outcome)


def _tag_truth(ctx: Context, project_id: str, item_id: str, tags: list[Instance]) -> None:
    """The answers of the tags in the export that stages: per annotator and attribute group."""
    answers: dict[tuple[str, str], set[str]] = {}
    for inst in tags:
        for group, option in inst.tag or []:
            answers.setdefault((inst.creator.email, group), set()).add(option)
    for (email, group), options in sorted(answers.items()):
        ctx.truth.agreement.answer(
            VENDOR, project_id, item_id, email, f"{TAG_CLASS}/{group}", "|".join(sorted(options))
        )


def _team(
    ctx: Context,
    rng: random.Random,
    spec: Spec,
    first: bool,
    owner: Person,
    admin: Person,
    client: Person,
) -> Team:
    cfg, roster = ctx.cfg, ctx.roster
    labelers = roster.labelers(rng, cfg.scaled(spec.labelers, 2), WORKFORCE_DOMAINS[0])
    if spec.night_shift:
        labelers.append(
            roster.new_person(rng, "steady", WORKFORCE_DOMAINS[0], shift_hour=23, weekends=False)
        )
    if first:
        labelers += freelancers_for(ctx.shared, VENDOR)
    reviewers = [
        roster.new_person(rng, "reviewer", WORKFORCE_DOMAINS[0])
        for _ in range(cfg.scaled(spec.reviewers, 1))
    ]
    return Team(Pool(labelers), Pool(reviewers), owner, admin, client)


def generate(ctx: Context) -> None:
    cfg = ctx.cfg
    rng = cfg.rng(VENDOR)
    ids = ctx.ids(VENDOR)
    windows = export_windows(cfg, OVERLAPPING)
    writer = _Writer(ctx, windows)
    owner = ctx.roster.new_person(rng, "admin", CLIENT_DOMAIN)
    admin = ctx.roster.new_person(rng, "admin", CLIENT_DOMAIN)
    client = ctx.roster.new_person(rng, "admin", CLIENT_DOMAIN)
    horizon = cfg.end_s
    snapshot_times = [windows[0].end_s - 1, horizon - 1]
    tag_rng = cfg.rng(f"{VENDOR}/tags")
    for spec_index, spec in enumerate(SPECS):
        project_id = str(ids.seq("project", 190233, (300, 900)))
        team = _team(ctx, rng, spec, spec_index == 0, owner, admin, client)
        n_folders = max(1, round(spec.folders * cfg.scale**0.5))
        folders = [str(ids.seq("folder", 2741101, (3, 40))) for _ in range(n_folders)]
        max_inactivity = spec.max_inactivity or 60
        if spec.max_inactivity:
            ctx.truth.project_settings.append((VENDOR, project_id, spec.max_inactivity))
        arrivals, n_batches = plan_arrivals(rng, cfg, cfg.scaled(spec.items, 4), spec.period)
        cal = Calendar()
        for arrival in arrivals:
            cal.watermark = arrival.time
            item_id = str(ids.seq("item", 58120001, (1, 3)))
            name = f"{spec.prefix}_{arrival.index + 1:06d}.jpg"
            folder_id = folders[min(n_folders - 1, arrival.batch * n_folders // n_batches)]
            item = (project_id, folder_id, item_id, name)
            story = _story(rng, cal, spec, arrival, team, horizon)
            if spec.export_annotations:
                _tag(tag_rng, story, team, horizon)
            writer.status_rows(rng, story, spec_index, item)
            writer.editor_rows(rng, story, max_inactivity, item)
            if spec.export_annotations and arrival.index < ANNOTATION_EXPORT_CAP:
                upload_ms = (arrival.time - 3600) * 1000
                for t in snapshot_times:
                    latest = t == snapshot_times[-1]
                    if arrival.time > t or (
                        not latest and arrival.time < t - OLD_EXPORT_DAYS * DAY
                    ):
                        continue
                    doc = _annotation_doc(story, spec, project_id, name, upload_ms, owner, t * 1000)
                    ctx.registry.add(
                        JsonDocOut(
                            ctx.root,
                            VENDOR,
                            "annotations",
                            f"{ANNOTATIONS_DIR}/{project_id}_{day_iso(t // DAY)}_{name}.json",
                            doc,
                            "staged" if latest else "duplicate",
                        )
                    )
                    writer.note(owner)
                    tags = [
                        i for i in story.instances if i.tag is not None and i.created_ms <= t * 1000
                    ]
                    for inst in tags:
                        writer.note(inst.creator)
                    if latest:
                        _tag_truth(ctx, project_id, item_id, tags)
            ctx.tick(1)
    writer.status_daily()
    ctx.truth.defect(
        Defect(
            VENDOR,
            "annotation_status",
            "*",
            0,
            "unknown_status",
            f"custom status {CUSTOM!r} (no vocabulary row knows it; canonical status custom)",
        )
    )
