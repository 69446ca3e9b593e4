"""Labelbox: Export v2 NDJSON, one data row per line (Catalog exports: all projects on a line).

Projects: a benchmark image project, a video project and a consensus project. Each label goes
Initial labeling task -> Initial review task -> Done, or to the Rework task on Reject; admins
send a few Done rows back with `Rework`. One data row belongs to two projects.

The consensus project's labels (skipped ones aside) answer global classifications shaped like
the real export: a radio question, a checklist (sometimes left empty), a radio question with a
radio question nested under one answer, and sometimes a free-text note.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

from .agreement import pick_one, pick_set, set_answer, true_set
from .context import Context
from .core import (
    APPROVE,
    DONE,
    IN_REVIEW,
    IN_REWORK,
    LABEL,
    OVERLAPPING,
    REVIEW,
    REWORK,
    SENDBACK,
    SKIP,
    Calendar,
    Lifecycle,
    Policy,
    Pool,
    Step,
    duration,
    export_windows,
    pick,
    plan_arrivals,
    simulate_item,
)
from .ids import IdFactory
from .output import REJECTED, Family, NdjsonOut
from .people import CLIENT_DOMAIN, WORKFORCE_DOMAINS, Person
from .shared import freelancers_for
from .timefmt import DAY, iso_ms_z
from .truth import Defect, fmt_seconds

VENDOR = "labelbox"
LABELING, REVIEWING, REWORKING, FINISHED = (
    "Initial labeling task",
    "Initial review task",
    "Rework task",
    "Done",
)
QUEUE_STATUS = {
    LABELING: "TO_LABEL",
    REVIEWING: "IN_REVIEW",
    REWORKING: "IN_REWORK",
    FINISHED: "DONE",
}
CANONICAL = {
    LABELING: "not_started",
    REVIEWING: "in_review",
    REWORKING: "in_rework",
    FINISHED: "done",
}
# Timestamp styles of a line: (milliseconds written, zone suffix), with weights.
STYLES = ((True, "+00:00"), (False, "Z"), (True, "Z"), (False, "+00:00"))
STYLE_WEIGHTS = (55, 15, 15, 15)


@dataclass(frozen=True)
class Spec:
    name: str
    prefix: str
    media: str
    mode: str
    items: int
    labelers: int
    reviewers: int
    period: tuple[float, float]
    policy: Policy
    approve_action: str
    objects: tuple[str, ...]


SPECS = (
    Spec(
        "Street scenes - vehicles",
        "street",
        "image",
        "benchmark",
        45,
        4,
        2,
        (0.0, 0.8),
        Policy(label_secs=260, review_secs=75, review_skips=True, sendback_prob=0.05),
        "Approve",
        ("car", "truck", "bus", "bicycle"),
    ),
    Spec(
        "Dashcam clips - tracking",
        "dashcam",
        "video",
        "plain",
        24,
        3,
        1,
        (0.15, 0.95),
        Policy(label_secs=900, review_secs=200, review_skips=True),
        "Accept",
        ("vehicle", "pedestrian"),
    ),
    Spec(
        "Product attributes consensus",
        "product",
        "image",
        "consensus",
        30,
        4,
        1,
        (0.35, 1.0),
        Policy(label_secs=150, review_secs=60, review_skips=True),
        "Approve",
        ("logo", "price_tag"),
    ),
)
CONSENSUS_LABELS = 3
SHARED_ROW_INDEX = 2

# The consensus project's classification ontology.
PACKAGING = ("box", "bag", "bottle", "can", "jar")
CLAIMS = ("organic", "vegan", "gluten_free", "sugar_free")
LEGIBLE = ("yes", "partly", "no")
LEGIBLE_WEIGHTS = (6, 3, 1)
LANGUAGE = ("english", "spanish", "french", "german")
NESTED = "label_legible/yes/language"
NOTES = ("price sticker covers the brand", "photo is blurred", "two products in view")
SCHEMA_NODES = (
    "packaging",
    *(f"packaging/{o}" for o in PACKAGING),
    "claims",
    *(f"claims/{o}" for o in CLAIMS),
    "label_legible",
    *(f"label_legible/{o}" for o in LEGIBLE),
    NESTED,
    *(f"{NESTED}/{o}" for o in LANGUAGE),
    "notes",
)


def item_count(scale: float) -> int:
    return sum(max(4, round(s.items * scale)) for s in SPECS)


@dataclass
class Label:
    id: str
    creator: Person
    created_ms: int
    updated_ms: int
    seconds_to_create: float
    seconds_to_review: float = 0.0
    skipped: bool = False
    benchmark_reference: str | None = None
    benchmark_score: float | None = None
    consensus_score: float | None = None
    is_reference: bool = False
    # global classifications as exported, and the answers they give: (question, answer)
    classifications: list[dict[str, Any]] = field(default_factory=list)
    answers: list[tuple[str, str]] = field(default_factory=list)


def _label(
    rng: random.Random, ids: IdFactory, person: Person, at: int, seconds: float, **kw: Any
) -> Label:
    ms = at * 1000 + rng.randrange(1000)
    return Label(ids.cuid(), person, ms, ms, float(seconds), **kw)


@dataclass
class History:
    action: str
    at_ms: int
    by: Person
    prev: str | None
    next: str


@dataclass
class ProjectCtx:
    spec: Spec
    project_id: str
    ontology_id: str
    task_ids: dict[str, str]
    dataset_id: str
    dataset_name: str
    team_labelers: Pool
    reviewers: list[Person]
    admin: Person


@dataclass
class RowPart:
    """One data row's entry in one project, plus the times that matter for the line."""

    labels: list[Label] = field(default_factory=list)
    history: list[History] = field(default_factory=list)
    queue: str = LABELING
    batch: tuple[str, str, int] = ("", "", 1)
    last_activity: int = 0


def _score(rng: random.Random, person: Person, created: int, horizon: int) -> float:
    if created > horizon - 2 * DAY or rng.random() < 0.1:
        return -1.0
    return round(min(1.0, max(0.0, person.accuracy + rng.gauss(-0.04, 0.08))), 4)


def _sentinel(score: float | None) -> float | int | None:
    """Scores as Labelbox writes them: -1 (an integer) when not computed yet."""
    return -1 if score == -1.0 else score


def _others(rng: random.Random, team: list[Person], labeler: Person, k: int) -> list[Person]:
    """`k` team members other than `labeler` (fewer if the team is small)."""
    others: list[Person] = []
    while len(others) < min(k, len(team) - 1):
        person = rng.choice(team)
        if person is not labeler and person not in others:
            others.append(person)
    return others


def _part(
    rng: random.Random,
    cal: Calendar,
    ids: IdFactory,
    pc: ProjectCtx,
    arrival: int,
    created: int,
    horizon: int,
) -> RowPart:
    spec = pc.spec
    part = RowPart()
    labeler = pick(rng, pc.team_labelers)
    extras: list[Person] = []
    reference: Label | None = None
    if spec.mode == "consensus":
        extras = _others(rng, pc.team_labelers.people, labeler, CONSENSUS_LABELS - 1)
    elif spec.mode == "benchmark" and rng.random() < 0.25:
        extras = _others(rng, pc.team_labelers.people, labeler, 1)
        t = created + (arrival - created) // 3
        reference = _label(
            rng, ids, pc.admin, t, duration(rng, spec.policy.label_secs, 1.1), is_reference=True
        )
        part.labels.append(reference)
    start_after = arrival
    for person in extras:
        dur = duration(rng, spec.policy.label_secs, person.speed)
        s = cal.book(rng, person, arrival + rng.randint(60, 4 * 3600), dur)
        if s + dur < horizon:
            part.labels.append(_label(rng, ids, person, s + dur, dur))
            start_after = max(start_after, s + dur)
    life = simulate_item(
        rng, cal, spec.policy, start_after, labeler, pc.reviewers, horizon, pc.admin
    )
    _apply(rng, ids, part, life, spec)
    scored = [lb for lb in part.labels if not lb.is_reference]
    for lb in scored:
        if spec.mode == "consensus" and len(scored) > 1:
            lb.consensus_score = _score(rng, lb.creator, lb.created_ms // 1000, horizon)
        elif reference is not None:
            lb.benchmark_reference = reference.id
            lb.benchmark_score = _score(rng, lb.creator, lb.created_ms // 1000, horizon)
    times = [lb.updated_ms // 1000 for lb in part.labels] + [h.at_ms // 1000 for h in part.history]
    part.last_activity = max(times) if times else created
    return part


class _Features:
    """Feature IDs of one label's classifications (unique within the label) and schema IDs of
    the ontology's nodes."""

    def __init__(self, label_id: str) -> None:
        self._prefix = "cm" + label_id[2:21]
        self._count = 0

    def __call__(self, node: str) -> dict[str, str]:
        self._count += 1
        return {
            "feature_id": f"{self._prefix}q{self._count:03d}",
            "feature_schema_id": "clx23qhv40ecm07zw" + f"{SCHEMA_NODES.index(node):08d}",
        }

    def radio(self, question: str, answer: str, nested: list[dict[str, Any]]) -> dict[str, Any]:
        name = question.rsplit("/", 1)[-1]
        return {
            **self(question),
            "name": name,
            "radio_answer": {
                "classifications": nested,
                **self(f"{question}/{answer}"),
                "name": answer,
                "value": answer,
            },
            "value": name,
        }

    def checklist(self, question: str, answers: frozenset[str]) -> dict[str, Any]:
        return {
            "checklist_answers": [
                {"classifications": [], **self(f"{question}/{o}"), "name": o, "value": o}
                for o in sorted(answers)
            ],
            **self(question),
            "name": question,
            "value": question,
        }


def _classify(rng: random.Random, part: RowPart) -> None:
    """Each consensus label's answers: the data row's hidden true answer with probability the
    labeler's accuracy, else another option."""
    packaging = rng.choice(PACKAGING)
    claims = true_set(rng, CLAIMS, 0.25)
    legible = rng.choices(LEGIBLE, weights=LEGIBLE_WEIGHTS)[0]
    language = rng.choice(LANGUAGE)
    for lb in part.labels:
        if lb.skipped or lb.is_reference:
            continue
        accuracy, features = lb.creator.accuracy, _Features(lb.id)
        pk = pick_one(rng, accuracy, packaging, PACKAGING)
        cl = pick_set(rng, accuracy, claims, CLAIMS)
        lg = pick_one(rng, accuracy, legible, LEGIBLE)
        lb.answers = [("packaging", pk), ("claims", set_answer(cl)), ("label_legible", lg)]
        nested: list[dict[str, Any]] = []
        if lg == "yes":
            lang = pick_one(rng, accuracy, language, LANGUAGE)
            nested.append(features.radio(NESTED, lang, []))
            lb.answers.append((NESTED, lang))
        lb.classifications = [
            features.radio("packaging", pk, []),
            features.radio("label_legible", lg, nested),
            features.checklist("claims", cl),
        ]
        if rng.random() < 0.3:
            lb.classifications.append(
                {
                    **features("notes"),
                    "name": "notes",
                    "text_answer": {"content": rng.choice(NOTES)},
                    "value": "notes",
                }
            )


def _apply(rng: random.Random, ids: IdFactory, part: RowPart, life: Lifecycle, spec: Spec) -> None:
    main: Label | None = None

    def move(step: Step, action: str, prev: str, nxt: str) -> None:
        part.history.append(
            History(action, step.end * 1000 + rng.randrange(1000), step.actor, prev, nxt)
        )
        part.queue = nxt

    for step in life.steps:
        if step.kind == LABEL:
            main = _label(
                rng, ids, step.actor, step.end, step.end - step.start, skipped=step.outcome == SKIP
            )
            part.labels.append(main)
            move(step, "Move", LABELING, REVIEWING)
        elif step.kind == REVIEW and main is not None:
            main.seconds_to_review += step.end - step.start
            if step.outcome == APPROVE:
                move(step, spec.approve_action, REVIEWING, FINISHED)
            else:
                move(step, "Reject", REVIEWING, REWORKING)
        elif step.kind == SENDBACK:
            move(step, "Rework", FINISHED, REWORKING)
        elif step.kind == REWORK and main is not None:
            main.seconds_to_create += step.end - step.start
            main.updated_ms = step.end * 1000 + rng.randrange(1000)
            move(step, "Move", REWORKING, REVIEWING)
    part.queue = {IN_REVIEW: REVIEWING, IN_REWORK: REWORKING, DONE: FINISHED}.get(
        life.state, LABELING
    )


class _Stamp:
    """Renders the timestamps of one line in one style; returns the value as written."""

    def __init__(self, rng: random.Random) -> None:
        self.with_ms, self.zone = rng.choices(STYLES, weights=STYLE_WEIGHTS)[0]

    def written_ms(self, ms: int) -> int:
        return ms if self.with_ms else ms // 1000 * 1000

    def __call__(self, ms: int) -> str:
        text = iso_ms_z(self.written_ms(ms))[:-1]
        if not self.with_ms:
            text = text[:-4]
        return text + self.zone


def _label_json(
    lb: Label,
    spec: Spec,
    stamp: _Stamp,
    rng: random.Random,
    n_labels: int,
    label_ids: list[str],
    frames: int,
) -> dict[str, Any]:
    perf: dict[str, Any] = {
        "seconds_to_create": lb.seconds_to_create,
        "seconds_to_review": lb.seconds_to_review,
        "skipped": lb.skipped,
    }
    if lb.benchmark_reference is not None:
        perf["benchmark_reference_label"] = lb.benchmark_reference
        perf["benchmark_score"] = _sentinel(lb.benchmark_score)
    if lb.consensus_score is not None:
        perf["consensus_score"] = _sentinel(lb.consensus_score)
        perf["consensus_label_count"] = n_labels
        perf["consensus_labels"] = label_ids
    objects = []
    if not lb.skipped:
        for _ in range(rng.randint(1, 3)):
            name = rng.choice(spec.objects)
            objects.append(
                {
                    "annotation_kind": "ImageBoundingBox"
                    if spec.media == "image"
                    else "VideoBoundingBox",
                    "bounding_box": {
                        "height": float(rng.randint(20, 400)),
                        "left": float(rng.randint(0, 1800)),
                        "top": float(rng.randint(0, 1000)),
                        "width": float(rng.randint(20, 500)),
                    },
                    "classifications": [],
                    "feature_id": "cm" + lb.id[2:21] + f"{len(objects):04d}",
                    "feature_schema_id": "clx23qhv30ece07zw" + f"{spec.objects.index(name):08d}",
                    "name": name,
                    "value": name,
                }
            )
    annotations: dict[str, Any] = {
        "classifications": lb.classifications,
        "objects": [],
        "relationships": [],
    }
    if spec.media == "video" and objects:
        keys = sorted({1, rng.randint(2, frames)})
        annotations["frames"] = {
            str(k): {"objects": {o["feature_id"]: o for o in objects}, "classifications": []}
            for k in keys
        }
        annotations["segments"] = {o["feature_id"]: [[keys[0], keys[-1]]] for o in objects}
        annotations["key_frame_feature_map"] = {o["feature_id"]: keys for o in objects}
    else:
        annotations["objects"] = objects
    return {
        "annotations": annotations,
        "id": lb.id,
        "label_details": {
            "content_last_updated_at": stamp(lb.updated_ms),
            "created_at": stamp(lb.created_ms),
            "created_by": lb.creator.email,
            "reviews": [],
            "updated_at": stamp(lb.updated_ms),
        },
        "label_kind": "Video" if spec.media == "video" else "Default",
        "performance_details": perf,
        "version": "1.0.0",
    }


def _history_json(
    entries: list[History], pc: ProjectCtx, stamp: _Stamp, rng: random.Random
) -> list[dict[str, Any]]:
    ordered = sorted(entries, key=lambda h: h.at_ms, reverse=True)
    r = rng.random()
    if r < 0.25:
        ordered.reverse()
    elif r < 0.4 and len(ordered) >= 3:
        shuffled = ordered[:]
        while shuffled == ordered or shuffled == ordered[::-1]:
            rng.shuffle(shuffled)
        ordered = shuffled
    out = []
    for h in ordered:
        entry: dict[str, Any] = {
            "action": h.action,
            "created_at": stamp(h.at_ms),
            "created_by": h.by.email,
        }
        if h.prev is not None:
            entry["previous_task_id"] = pc.task_ids[h.prev]
            entry["previous_task_name"] = h.prev
        entry["next_task_id"] = pc.task_ids[h.next]
        entry["next_task_name"] = h.next
        out.append(entry)
    return out


class _Line:
    """A data row and its entries in one or more projects, written as one NDJSON line."""

    def __init__(
        self,
        rng: random.Random,
        dr_id: str,
        pc: ProjectCtx,
        external_id: str,
        created: int,
        media: dict[str, Any],
    ) -> None:
        self.dr_id = dr_id
        self.home = pc
        self.external_id = external_id
        self.created = created
        self.media = media
        self.stamp = _Stamp(rng)
        self.parts: list[tuple[ProjectCtx, RowPart]] = []

    @property
    def last_activity(self) -> int:
        return max([self.created] + [p.last_activity for _, p in self.parts])


class _Writer:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        windows = export_windows(ctx.cfg, OVERLAPPING)
        self.family = Family(
            [
                ctx.registry.add(
                    NdjsonOut(
                        ctx.root,
                        VENDOR,
                        "export_v2",
                        f"labelbox/export_v2/export-v2_{w.tag}.ndjson",
                    )
                )
                for w in windows
            ],
            windows,
        )
        self.truncated = False

    def truth(self, pc: ProjectCtx, line: _Line, part: RowPart) -> None:
        """Labels, transitions and reviews of one data row in one project, as written."""
        truth, roster, stamp = self.ctx.truth, self.ctx.roster, line.stamp
        created = {lb.id: stamp.written_ms(lb.created_ms) for lb in part.labels}
        for lb in sorted(part.labels, key=lambda x: x.id):
            roster.note(lb.creator, VENDOR, lb.creator.email, lb.creator.email)
            truth.labels.writerow(
                (
                    pc.project_id,
                    line.dr_id,
                    lb.id,
                    lb.creator.email,
                    iso_ms_z(created[lb.id]),
                    fmt_seconds(lb.seconds_to_create),
                    fmt_seconds(lb.seconds_to_review),
                    "true" if lb.skipped else "false",
                    "" if lb.benchmark_score in (None, -1.0) else lb.benchmark_score,
                    "" if lb.consensus_score in (None, -1.0) else lb.consensus_score,
                    "true" if lb.is_reference else "false",
                )
            )
            truth.seconds_per_item.label(
                VENDOR,
                pc.project_id,
                line.dr_id,
                lb.creator.email,
                created[lb.id],
                lb.seconds_to_create,
                lb.skipped,
            )
            for question, answer in lb.answers:
                truth.agreement.answer(
                    VENDOR,
                    pc.project_id,
                    line.dr_id,
                    lb.creator.email,
                    question,
                    answer,
                    (created[lb.id], lb.id),
                )
        for h in sorted(part.history, key=lambda x: x.at_ms):
            at = stamp.written_ms(h.at_ms)
            roster.note(h.by, VENDOR, h.by.email, h.by.email)
            truth.transitions.writerow(
                (
                    VENDOR,
                    pc.project_id,
                    part.batch[0],
                    line.dr_id,
                    CANONICAL[h.prev] if h.prev else "",
                    CANONICAL[h.next],
                    iso_ms_z(at),
                    h.by.email,
                    h.prev or "",
                    h.next,
                )
            )
            if h.action in ("Reject", "Accept", "Approve"):
                before = [lb for lb in part.labels if created[lb.id] < at]
                if before:
                    labeler = max(before, key=lambda lb: (created[lb.id], lb.id)).creator.email
                    truth.reviews.writerow(
                        (
                            VENDOR,
                            pc.project_id,
                            line.dr_id,
                            labeler,
                            h.by.email,
                            "reject" if h.action == "Reject" else "approve",
                            iso_ms_z(at),
                        )
                    )

    def write(self, rng: random.Random, line: _Line) -> None:
        text = json.dumps(_render(rng, line), ensure_ascii=False)
        anchor = line.last_activity
        truncate = not self.truncated and self.family.spans_several(anchor)
        for n, (out, outcome) in enumerate(self.family.route(anchor)):
            if truncate and n == 0:
                self.truncated = True
                out.write(text[: len(text) * 3 // 5], REJECTED)
                self.ctx.truth.defect(
                    Defect(
                        VENDOR,
                        "export_v2",
                        out.rel,
                        out.rows_read,
                        "invalid_json",
                        f"line cut short (data row {line.dr_id}; full copy in a later export)",
                    )
                )
            else:
                out.write(text, outcome)


def _render(rng: random.Random, line: _Line) -> dict[str, Any]:
    home, stamp = line.home, line.stamp
    last_ms = line.last_activity * 1000 + 999
    details = {
        "dataset_id": home.dataset_id,
        "dataset_name": home.dataset_name,
        "created_at": stamp(line.created * 1000),
        "updated_at": stamp(max(line.created * 1000, last_ms - 5000)),
        "last_activity_at": stamp(last_ms),
        "created_by": home.admin.email,
    }
    projects: dict[str, Any] = {}
    for pc, part in line.parts:
        scored_ids = [lb.id for lb in part.labels if not lb.is_reference]
        frames = int(line.media.get("frame_count", 1))
        labels = [
            _label_json(lb, pc.spec, stamp, rng, len(scored_ids), scored_ids, frames)
            for lb in part.labels
        ]
        with_consensus = [lb for lb in part.labels if lb.consensus_score not in (None, -1.0)]
        selected = (
            max(with_consensus, key=lambda lb: lb.consensus_score or 0.0).id
            if with_consensus
            else (scored_ids[-1] if scored_ids else None)
        )
        batch_id, batch_name, priority = part.batch
        project_details: dict[str, Any] = {
            "ontology_id": pc.ontology_id,
            "task_id": pc.task_ids[part.queue],
            "task_name": part.queue,
            "batch_id": batch_id,
            "batch_name": batch_name,
            "workflow_status": QUEUE_STATUS[part.queue],
            "priority": priority,
            "consensus_expected_label_count": (
                CONSENSUS_LABELS if pc.spec.mode == "consensus" else 1
            ),
            "workflow_history": _history_json(part.history, pc, stamp, rng),
        }
        if selected is not None:
            project_details["selected_label_id"] = selected
        key = "name" if rng.random() < 0.85 else "project_name"
        projects[pc.project_id] = {
            key: pc.spec.name,
            "labels": labels,
            "project_details": project_details,
        }
    bucket = "https://storage.googleapis.com/northwind-labeling"
    row: dict[str, Any] = {
        "data_row": {
            "id": line.dr_id,
            "global_key": f"{home.dataset_name}/{line.external_id}",
            "external_id": line.external_id,
            "row_data": f"{bucket}/{home.dataset_name}/{line.external_id}",
            "details": details,
        },
    }
    if line.media["asset_type"] == "video" or rng.random() < 0.9:
        row["media_attributes"] = line.media
        row["attachments"] = []
        row["metadata_fields"] = []
    row["projects"] = projects
    return row


def _media(rng: random.Random, spec: Spec) -> dict[str, Any]:
    if spec.media == "video":
        fps, seconds = rng.choice((25, 30)), rng.randint(8, 40)
        return {
            "asset_type": "video",
            "mime_type": "video/mp4",
            "height": 1080,
            "width": 1920,
            "frame_rate": fps,
            "frame_count": fps * seconds,
            "duration": seconds,
        }
    return {
        "asset_type": "image",
        "mime_type": "image/jpeg",
        "height": rng.choice((1080, 1200, 2160)),
        "width": rng.choice((1920, 1600, 3840)),
    }


def generate(ctx: Context) -> None:
    cfg = ctx.cfg
    rng = cfg.rng(VENDOR)
    ids = ctx.ids(VENDOR)
    writer = _Writer(ctx)
    horizon = cfg.end_s
    answers_rng = cfg.rng(f"{VENDOR}/classifications")
    admin = ctx.roster.new_person(rng, "admin", CLIENT_DOMAIN)
    ctx.roster.note(admin, VENDOR, admin.email, admin.email)
    freelancers = freelancers_for(ctx.shared, VENDOR)
    shared_line: _Line | None = None
    for spec_index, spec in enumerate(SPECS):
        labelers = ctx.roster.labelers(rng, cfg.scaled(spec.labelers, 2), WORKFORCE_DOMAINS[1])
        labelers += [p for i, p in enumerate(freelancers) if i % len(SPECS) == spec_index]
        reviewers = [
            ctx.roster.new_person(rng, "reviewer", WORKFORCE_DOMAINS[1])
            for _ in range(cfg.scaled(spec.reviewers, 1))
        ]
        pc = ProjectCtx(
            spec=spec,
            project_id=ids.cuid(),
            ontology_id=ids.cuid(),
            task_ids={q: ids.uuid() for q in (LABELING, REVIEWING, REWORKING, FINISHED)},
            dataset_id=ids.cuid(),
            dataset_name=f"{spec.prefix}-{spec.media}s",
            team_labelers=Pool(labelers),
            reviewers=reviewers,
            admin=admin,
        )
        arrivals, _ = plan_arrivals(rng, cfg, cfg.scaled(spec.items, 4), spec.period)
        batches: dict[int, tuple[str, str, int]] = {}
        cal = Calendar()
        if spec.mode == "consensus" and shared_line is not None:
            # A data row of another project's dataset, labeled here too (first in the queue,
            # so that its ID, older than this project's own rows, keeps the truth sorted).
            first = arrivals[0]
            cal.watermark = first.time
            part = _part(rng, cal, ids, pc, first.time, shared_line.created, horizon)
            _classify(answers_rng, part)
            part.batch = (ids.cuid(), f"{spec.prefix}-catalog-picks", 2)
            shared_line.parts.append((pc, part))
            writer.truth(pc, shared_line, part)
        for arrival in arrivals:
            cal.watermark = arrival.time
            if arrival.batch not in batches:
                batches[arrival.batch] = (
                    ids.cuid(),
                    f"{spec.prefix}-batch-{arrival.batch + 1:03d}",
                    rng.randint(1, 5),
                )
            created = arrival.time - rng.randint(2 * 3600, 3 * DAY)
            ext = "mp4" if spec.media == "video" else "jpg"
            line = _Line(
                rng,
                ids.cuid(),
                pc,
                f"{spec.prefix}_{arrival.index + 1:06d}.{ext}",
                created,
                _media(rng, spec),
            )
            part = _part(rng, cal, ids, pc, arrival.time, created, horizon)
            if spec.mode == "consensus":
                _classify(answers_rng, part)
            part.batch = batches[arrival.batch]
            line.parts.append((pc, part))
            writer.truth(pc, line, part)
            if spec_index == 0 and arrival.index == SHARED_ROW_INDEX:
                shared_line = line
            else:
                writer.write(rng, line)
            ctx.tick(1)
    if shared_line is not None:
        writer.write(rng, shared_line)
