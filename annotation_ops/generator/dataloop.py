"""Dataloop: item JSON exports (a list of items per file, or one item per file) and saved
responses of the analytics query API.

One project has an annotation task followed by a QA task: the labeler's `completed` entry is
followed by the reviewer's `approved` entry, and a rejection marks one annotation `issue`
before the labeler completes the item again. The other project has no QA task.

Analytics rows (durations in milliseconds):
- `itemAnnotationDuration`: `{"itemId", "userId", "duration"}`, one per item and labeler;
- `userStatsActivityTimeByField` grouped by taskId, itemId, userId:
  `{"taskId", "itemId", "userId", "activityStatus": "active"|"idle", "duration"}`;
- `activeUsers`: `{"time": <epoch ms of the UTC day's start>, "userId": <email>}`, one per user
  and day with any activity (the request asks for `timeGranularity: ["day"]`).
Item-level rows are anchored at the item's first activity, `activeUsers` rows at their day; a
response holds the rows whose anchor lies in the request's range.

Most labeled items are also classified: the labeler and one or two other annotators add
`type: "class"` annotations (two labels by one annotator make a multi-label answer). A second
annotator's pass is a label of theirs with its own duration; class annotations carry no review
status.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .agreement import set_answer
from .context import Context
from .core import (
    APPROVE,
    IN_REVIEW,
    IN_REWORK,
    LABEL,
    OVERLAPPING,
    REJECT,
    REVIEW,
    REWORK,
    SKIP,
    Calendar,
    Lifecycle,
    Policy,
    Pool,
    Window,
    duration,
    export_windows,
    pick,
    plan_arrivals,
    simulate_item,
)
from .ids import IdFactory
from .output import AnalyticsOut, Family, JsonDocOut, JsonListOut
from .people import WORKFORCE_DOMAINS, Person
from .shared import freelancers_for
from .timefmt import DAY, iso_ms_z

VENDOR = "dataloop"
GATE = "https://gate.dataloop.ai/api/v1"
SINGLE_FILE_CAP = 40
ITEMS = "dataloop/items"
CLASSIFIED_SHARE = 0.8
CLASSIFY_SECS = 45


@dataclass(frozen=True)
class Spec:
    name: str
    slug: str
    prefix: str
    items: int
    labelers: int
    reviewers: int
    period: tuple[float, float]
    policy: Policy
    labels: tuple[str, ...]
    single_files: bool
    classes: tuple[str, ...]


SPECS = (
    Spec(
        "Fruit quality grading",
        "fruit-quality-grading",
        "fruit",
        36,
        3,
        1,
        (0.0, 0.8),
        Policy(label_secs=220, review_secs=70, review_delay=(1800, 20 * 3600)),
        ("apple", "banana", "orange", "bruise"),
        single_files=False,
        classes=("grade_a", "grade_b", "grade_c", "reject"),
    ),
    Spec(
        "Pallet inventory",
        "pallet-inventory",
        "pallet",
        30,
        3,
        0,
        (0.25, 1.0),
        Policy(label_secs=280, review_secs=0, has_review=False),
        ("pallet", "box", "forklift"),
        single_files=True,
        classes=("intact", "damaged", "overloaded"),
    ),
)


def item_count(scale: float) -> int:
    return sum(max(4, round(s.items * scale)) for s in SPECS)


@dataclass
class Annotation:
    id: str
    creator: Person
    created_ms: int
    label: str
    automated: bool
    box: tuple[float, float, float, float] | None  # None: a class annotation (the whole item)
    updated_by: Person
    updated_ms: int
    digest: str
    status: str | None = None


@dataclass
class LogEntry:
    task_id: str
    assignment_id: str
    status: str
    creator: Person
    at_ms: int


@dataclass
class ItemStory:
    annotations: list[Annotation] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)
    issues: list[tuple[Annotation, Person, int]] = field(default_factory=list)


@dataclass
class Project:
    spec: Spec
    id: str
    dataset_id: str
    annotation_task: str
    qa_task: str | None
    assignments: dict[tuple[str, str], str]
    labelers: list[Person]
    reviewers: list[Person]


def _assignment(ids: IdFactory, project: Project, task: str, person: Person, t: int) -> str:
    key = (task, person.email)
    if key not in project.assignments:
        project.assignments[key] = ids.object_id(t)
    return project.assignments[key]


def _annotations(
    rng: random.Random,
    ids: IdFactory,
    story: ItemStory,
    spec: Spec,
    person: Person,
    start: int,
    end: int,
    count: int,
    automated: int,
) -> None:
    for i in range(count):
        ms = (start + int(rng.random() * max(1, end - start))) * 1000 + rng.randrange(1000)
        x, y = round(rng.uniform(0, 300), 1), round(rng.uniform(0, 300), 1)
        box = (x, y, round(x + rng.uniform(20, 200), 1), round(y + rng.uniform(20, 200), 1))
        story.annotations.append(
            Annotation(
                ids.object_id(ms // 1000),
                person,
                ms,
                rng.choice(spec.labels),
                i < automated,
                box,
                person,
                ms,
                f"{rng.getrandbits(160):040x}",
            )
        )


def _class_answer(
    rng: random.Random, accuracy: float, true: frozenset[str], classes: tuple[str, ...]
) -> frozenset[str]:
    """The true class set with probability `accuracy`, else another set of one or two classes."""
    if rng.random() < accuracy:
        return true
    others = [frozenset({c}) for c in classes] + [
        frozenset({a, b}) for i, a in enumerate(classes) for b in classes[i + 1 :]
    ]
    return rng.choice([o for o in others if o != true and (len(o) == 1 or rng.random() < 0.2)])


def _classify(
    rng: random.Random,
    ann_ids: IdFactory,
    project: Project,
    story: ItemStory,
    life: Lifecycle,
    horizon: int,
) -> dict[str, tuple[int, int]]:
    """Class annotations on a submitted item by its labeler (during labeling) and one or two
    other annotators (later). Returns the other annotators' passes: email -> (start, seconds)."""
    first = life.steps[0] if life.steps else None
    if first is None or first.kind != LABEL or first.outcome == SKIP:
        return {}
    if rng.random() >= CLASSIFIED_SHARE:
        return {}
    classes = project.spec.classes
    true = {rng.choice(classes)}
    if rng.random() < 0.15:
        true.add(rng.choice(classes))
    others = [p for p in project.labelers if p is not life.labeler]
    chosen = rng.sample(others, min(len(others), 1 if rng.random() < 0.6 else 2))
    passes: dict[str, tuple[int, int]] = {}
    for person in [life.labeler, *chosen]:
        if person is life.labeler:
            start, end = first.start, first.end
        else:
            secs = duration(rng, CLASSIFY_SECS, person.speed)
            start = first.end + rng.randint(1800, 3 * DAY)
            end = start + secs
            if end >= horizon:
                continue
            passes[person.email] = (start, secs)
        for label in sorted(_class_answer(rng, person.accuracy, frozenset(true), classes)):
            ms = (start + int(rng.random() * max(1, end - start))) * 1000 + rng.randrange(1000)
            story.annotations.append(
                Annotation(
                    ann_ids.object_id(ms // 1000),
                    person,
                    ms,
                    label,
                    False,
                    None,
                    person,
                    ms,
                    f"{rng.getrandbits(160):040x}",
                )
            )
    return passes


def _story(
    rng: random.Random,
    ids: IdFactory,
    ann_ids: IdFactory,
    project: Project,
    life: Lifecycle,
    horizon: int,
) -> ItemStory:
    story = ItemStory()
    spec = project.spec
    keep_log = not (project.qa_task and life.state in (IN_REVIEW, IN_REWORK))
    steps = life.steps + ([life.pending] if life.pending is not None else [])
    model_assisted = rng.random() < 0.3
    for step in steps:
        finished = step is not life.pending
        end = step.end if finished else horizon - 1
        if step.kind == LABEL:
            _annotations(
                rng,
                ann_ids,
                story,
                spec,
                step.actor,
                step.start,
                end,
                rng.randint(1, 4),
                rng.randint(1, 2) if model_assisted else 0,
            )
            if finished and keep_log:
                status = "discard" if step.outcome == SKIP else "completed"
                story.log.append(
                    LogEntry(
                        project.annotation_task,
                        _assignment(ids, project, project.annotation_task, step.actor, step.start),
                        status,
                        step.actor,
                        step.end * 1000 + rng.randrange(1000),
                    )
                )
        elif step.kind == REVIEW and finished and keep_log and project.qa_task:
            at_ms = step.end * 1000 + rng.randrange(1000)
            if step.outcome == REJECT:
                open_ones = [a for a in story.annotations if a.status is None]
                if open_ones:
                    flagged = rng.choice(open_ones)
                    flagged.status, flagged.updated_by, flagged.updated_ms = (
                        "issue",
                        step.actor,
                        at_ms,
                    )
                    story.issues.append((flagged, step.actor, at_ms))
            elif step.outcome == APPROVE:
                story.log.append(
                    LogEntry(
                        project.qa_task,
                        _assignment(ids, project, project.qa_task, step.actor, step.start),
                        "approved",
                        step.actor,
                        at_ms,
                    )
                )
                for a in story.annotations:
                    if a.status is None:
                        a.status = "approved"
        elif step.kind == REWORK:
            _annotations(rng, ann_ids, story, spec, step.actor, step.start, end, 1, 0)
            if finished and keep_log:
                story.log.append(
                    LogEntry(
                        project.annotation_task,
                        _assignment(ids, project, project.annotation_task, step.actor, step.start),
                        "completed",
                        step.actor,
                        step.end * 1000 + rng.randrange(1000),
                    )
                )
    return story


def _item_json(
    project: Project,
    item_id: str,
    created: int,
    filename: str,
    story: ItemStory,
    inline_dataset: bool,
) -> dict[str, Any]:
    ds = project.dataset_id
    annotations = []
    for a in story.annotations:
        coordinates: list[dict[str, float]] = []
        if a.box is not None:
            x1, y1, x2, y2 = a.box
            coordinates = [{"x": x1, "y": y1, "z": 0}, {"x": x2, "y": y2, "z": 0}]
        annotations.append(
            {
                "id": a.id,
                "url": f"{GATE}/annotations/{a.id}",
                "creator": a.creator.email,
                "createdAt": iso_ms_z(a.created_ms),
                "updatedBy": a.updated_by.email,
                "updatedAt": iso_ms_z(a.updated_ms),
                "metadata": {"system": {"status": a.status, "automated": a.automated}},
                "hash": a.digest,
                "itemId": item_id,
                "item": f"{GATE}/items/{item_id}",
                "label": a.label,
                "attributes": [],
                "dataset": f"{GATE}/datasets/{ds}",
                "datasetId": ds,
                "type": "class" if a.box is None else "box",
                "coordinates": coordinates,
            }
        )
    refs = [{"type": "task", "id": project.annotation_task}]
    if project.qa_task:
        refs.append({"type": "task", "id": project.qa_task})
    log = [
        {
            "action": "create",
            "status": {
                "taskId": e.task_id,
                "assignmentId": e.assignment_id,
                "status": e.status,
                "creator": e.creator.email,
                "timestamp": iso_ms_z(e.at_ms),
            },
        }
        for e in story.log
    ]
    doc: dict[str, Any] = {"id": item_id}
    if inline_dataset:
        doc["dataset"] = ds
    else:
        doc["datasetId"] = ds
    name = filename.rsplit("/", 1)[-1]
    doc.update(
        {
            "createdAt": iso_ms_z(created * 1000),
            "dir": filename.rsplit("/", 1)[0],
            "filename": filename,
            "name": name,
            "type": "file",
            "annotated": bool(story.annotations),
            "annotationsCount": len(story.annotations),
            "metadata": {
                "system": {
                    "originalname": name,
                    "mimetype": "image/jpeg",
                    "encoding": "7bit",
                    "height": 349,
                    "width": 349,
                    "refs": refs,
                    "taskStatusLog": log,
                }
            },
            "annotations": annotations,
        }
    )
    return doc


def _truth(
    ctx: Context,
    project: Project,
    item_id: str,
    story: ItemStory,
    life: Lifecycle,
    passes: dict[str, tuple[int, int]],
) -> None:
    truth = ctx.truth
    # a label per annotation creator, dated by their first annotation; its seconds are the
    # user's itemAnnotationDuration (their finished labeling and rework steps and
    # classification passes, as _analytics)
    labeling: dict[str, int] = {}
    for step in life.steps:
        if step.kind in (LABEL, REWORK):
            labeling[step.actor.email] = labeling.get(step.actor.email, 0) + step.end - step.start
    for email, (_, secs) in passes.items():
        labeling[email] = labeling.get(email, 0) + secs
    classes: dict[str, list[str]] = {}
    for a in story.annotations:
        if a.box is None:
            classes.setdefault(a.creator.email, []).append(a.label)
    for email, labels in sorted(classes.items()):
        truth.agreement.answer(VENDOR, project.id, item_id, email, "class", set_answer(labels))
    first_annotation: dict[str, int] = {}
    for a in story.annotations:
        email = a.creator.email
        first_annotation[email] = min(first_annotation.get(email, a.created_ms), a.created_ms)
    for email, created_ms in sorted(first_annotation.items()):
        truth.seconds_per_item.label(
            VENDOR, project.id, item_id, email, created_ms, labeling.get(email), False
        )
    completed_status = "in_review" if project.qa_task else "done"
    canonical = {"completed": completed_status, "approved": "done", "discard": "skipped"}
    prev, prev_raw = "not_started", ""
    for e in sorted(story.log, key=lambda x: x.at_ms):
        to = canonical[e.status]
        truth.transitions.writerow(
            (
                VENDOR,
                project.id,
                project.dataset_id,
                item_id,
                prev,
                to,
                iso_ms_z(e.at_ms),
                e.creator.email,
                prev_raw,
                e.status,
            )
        )
        prev, prev_raw = to, e.status
    events = [(e.at_ms, "approve", e.creator) for e in story.log if e.status == "approved"]
    events += [(at, "reject", reviewer) for _, reviewer, at in story.issues]
    for at, outcome, reviewer in sorted(events, key=lambda x: x[0]):
        done = [e for e in story.log if e.status == "completed" and e.at_ms < at]
        if done:
            labeler = max(done, key=lambda e: e.at_ms).creator.email
        else:
            labeler = story.annotations[0].creator.email
        truth.reviews.writerow(
            (VENDOR, project.id, item_id, labeler, reviewer.email, outcome, iso_ms_z(at))
        )


def _analytics_family(
    ctx: Context, project: Project, windows: list[Window]
) -> Family[AnalyticsOut]:
    outs = []
    for w in windows:
        request = {
            "startTime": w.first_day * DAY * 1000,
            "endTime": w.end_s * 1000,
            "context": {"projectId": [project.id]},
            "measures": [
                {"measureType": "itemAnnotationDuration", "pageSize": 1000, "page": 0},
                {
                    "measureType": "userStatsActivityTimeByField",
                    "page": 0,
                    "pageSize": 1000,
                    "params": {"groupByFields": ["taskId", "itemId", "userId"]},
                    "sortDirection": "descending",
                },
                {
                    "measureType": "activeUsers",
                    "timeGranularity": ["day"],
                    "sortDirection": "descending",
                },
            ],
        }
        outs.append(
            ctx.registry.add(
                AnalyticsOut(
                    ctx.root,
                    VENDOR,
                    "analytics",
                    f"dataloop/analytics/analytics_{project.spec.slug}_{w.tag}.json",
                    request,
                )
            )
        )
    return Family(outs, windows)


def _analytics(
    rng: random.Random,
    fam: Family[AnalyticsOut],
    project: Project,
    item_id: str,
    life: Lifecycle,
    active_days: set[tuple[int, str]],
    passes: dict[str, tuple[int, int]],
) -> None:
    if not life.steps:
        return
    anchor = life.steps[0].start
    labeling: dict[str, int] = {}
    by_task: dict[tuple[str, str], int] = {}
    for step in life.steps:
        if step.kind in (LABEL, REWORK):
            labeling[step.actor.email] = labeling.get(step.actor.email, 0) + step.end - step.start
            key = (project.annotation_task, step.actor.email)
        elif step.kind == REVIEW and project.qa_task:
            key = (project.qa_task, step.actor.email)
        else:
            continue
        by_task[key] = by_task.get(key, 0) + step.end - step.start
        active_days.add((step.start // DAY, step.actor.email))
    for email, (start, secs) in passes.items():
        labeling[email] = labeling.get(email, 0) + secs
        active_days.add((start // DAY, email))
    rows: list[tuple[int, dict[str, Any]]] = [
        (0, {"itemId": item_id, "userId": user, "duration": secs * 1000})
        for user, secs in labeling.items()
    ]
    for (task, user), secs in by_task.items():
        active = int(secs * 1000 * rng.uniform(0.72, 0.95))
        for status, ms in (("active", active), ("idle", secs * 1000 - active)):
            if ms > 0:
                rows.append(
                    (
                        1,
                        {
                            "taskId": task,
                            "itemId": item_id,
                            "userId": user,
                            "activityStatus": status,
                            "duration": ms,
                        },
                    )
                )
    for out, outcome in fam.route(anchor):
        for measure, row in rows:
            out.write(measure, row, outcome)


def generate(ctx: Context) -> None:
    cfg = ctx.cfg
    rng = cfg.rng(VENDOR)
    ids = ctx.ids(VENDOR)
    ann_ids = IdFactory(cfg.rng(f"{VENDOR}/annotation-ids"))
    class_rng = cfg.rng(f"{VENDOR}/classes")
    class_ids = IdFactory(cfg.rng(f"{VENDOR}/class-annotation-ids"))
    windows = export_windows(cfg, OVERLAPPING)
    horizon = cfg.end_s
    freelancers = freelancers_for(ctx.shared, VENDOR)
    for spec_index, spec in enumerate(SPECS):
        t0 = cfg.at(spec.period[0]) - 5 * DAY
        labelers = ctx.roster.labelers(rng, cfg.scaled(spec.labelers, 2), WORKFORCE_DOMAINS[0])
        labelers += [p for i, p in enumerate(freelancers) if i % len(SPECS) == spec_index]
        reviewers = [
            ctx.roster.new_person(rng, "reviewer", WORKFORCE_DOMAINS[0])
            for _ in range(cfg.scaled(spec.reviewers, 1) if spec.reviewers else 0)
        ]
        project = Project(
            spec=spec,
            id=ids.object_id(t0),
            dataset_id=ids.object_id(t0 + 60),
            annotation_task=ids.object_id(t0 + 600),
            qa_task=ids.object_id(t0 + 660) if spec.policy.has_review else None,
            assignments={},
            labelers=labelers,
            reviewers=reviewers,
        )
        n_items = cfg.scaled(spec.items, 4)
        lists: Family[JsonListOut] | None = None
        if not spec.single_files or n_items > SINGLE_FILE_CAP:
            lists = Family(
                [
                    ctx.registry.add(
                        JsonListOut(
                            ctx.root, VENDOR, "items", f"{ITEMS}/{spec.slug}_items_{w.tag}.json"
                        )
                    )
                    for w in windows
                ],
                windows,
            )
        item_ids = IdFactory(cfg.rng(f"{VENDOR}/items/{spec_index}"))
        lags: dict[int, int] = {}
        analytics = _analytics_family(ctx, project, windows)
        active_days: set[tuple[int, str]] = set()
        arrivals, _ = plan_arrivals(rng, cfg, n_items, spec.period)
        cal = Calendar()
        pool = Pool(labelers)
        for arrival in arrivals:
            cal.watermark = arrival.time
            if arrival.batch not in lags:  # a batch is uploaded some hours before it is queued
                lags[arrival.batch] = rng.randint(3600, 2 * DAY)
            created = arrival.time - lags[arrival.batch]
            item_id = item_ids.object_id(created)
            labeler = pick(rng, pool)
            life = simulate_item(
                rng, cal, spec.policy, arrival.time, labeler, reviewers or [labeler], horizon
            )
            story = _story(rng, ids, ann_ids, project, life, horizon)
            passes = _classify(class_rng, class_ids, project, story, life, horizon)
            folder = f"/batch-{arrival.batch + 1:02d}" if not spec.single_files else "/dock-cam"
            filename = f"{folder}/{spec.prefix}_{arrival.index + 1:06d}.jpg"
            single = spec.single_files and arrival.index < SINGLE_FILE_CAP
            doc = _item_json(project, item_id, created, filename, story, inline_dataset=single)
            if single:
                ctx.registry.add(
                    JsonDocOut(
                        ctx.root,
                        VENDOR,
                        "items",
                        f"{ITEMS}/{spec.slug}_item_{item_id}.json",
                        doc,
                        "staged",
                        indent=2,
                    )
                )
            elif lists is not None:
                anchor = max(
                    [created]
                    + [e.at_ms // 1000 for e in story.log]
                    + [a.updated_ms // 1000 for a in story.annotations]
                )
                for out, outcome in lists.route(anchor):
                    out.write(doc, outcome)
            _truth(ctx, project, item_id, story, life, passes)
            _analytics(rng, analytics, project, item_id, life, active_days, passes)
            people = {a.creator for a in story.annotations} | {e.creator for e in story.log}
            people |= {r for _, r, _ in story.issues}
            for person in sorted(people, key=lambda p: p.key):
                ctx.roster.note(person, VENDOR, person.email, person.email)
            ctx.tick(1)
        for day, user in sorted(active_days):
            for out, outcome in analytics.route(day * DAY):
                out.write(2, {"time": day * DAY * 1000, "userId": user}, outcome)
