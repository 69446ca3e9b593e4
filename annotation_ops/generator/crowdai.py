"""CrowdAI: the "Download CSV" annotation feedback report and the media lineage file.

A media becomes a task; the task's phases are rows: `image_boxing` (the labeler),
`image_boxing_review` (a reviewer) and `final_review`. A row shows the phase's latest state:
`assigned` while under way, then `submitted`, `rejected` or `skipped`. Some media are
transformed copies of an uploaded parent; some are videos with a frame count.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .context import Context
from .core import (
    DONE,
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
    duration,
    export_windows,
    pick,
    plan_arrivals,
    simulate_item,
)
from .output import REJECTED, CsvOut, Family
from .people import WORKFORCE_DOMAINS, Person
from .shared import freelancers_for
from .timefmt import DAY, iso_ms_z, space_dt
from .truth import Defect

VENDOR = "crowdai"
HEADER = (
    "Workflow ID",
    "Media ID",
    "Dataset ID",
    "Task Status",
    "Task URL",
    "Phase",
    "Annotator Name",
    "Time to Complete",
    "Project Name",
    "TimeSecs",
    "Completed At",
    "Frame Count",
)
MEDIA_HEADER = ("Media ID", "Parent Media ID", "Dataset ID")
PHASES = ("annotate", "review", "final_review")
TASK_URL = "https://app.crowdai.com/projects"


@dataclass(frozen=True)
class Spec:
    name: str
    slug: str
    items: int
    labelers: int
    reviewers: int
    final_reviewers: int
    period: tuple[float, float]
    policy: Policy
    video_share: float
    phase_names: tuple[str, str, str]
    datasets: int
    transform_share: float


SPECS = (
    Spec(
        "Cars, trucks and buses",
        "cars-trucks-and-buses",
        55,
        4,
        2,
        1,
        (0.0, 0.85),
        Policy(label_secs=320, review_secs=90),
        0.35,
        ("image_boxing", "Image_boxing_review", "Final_Review"),
        2,
        0.3,
    ),
    Spec(
        "Retail shelf SKUs",
        "retail-shelf-skus",
        45,
        3,
        1,
        1,
        (0.2, 1.0),
        Policy(label_secs=240, review_secs=80),
        0.0,
        ("image_boxing", "image_boxing_review", "final_review"),
        1,
        0.2,
    ),
)


def item_count(scale: float) -> int:
    return sum(max(4, round(s.items * scale)) for s in SPECS)


@dataclass
class PhaseRow:
    phase: int
    status: str
    person: Person
    completed: int | None
    secs: int | None


def _status_text(rng: random.Random, status: str) -> str:
    """Task Status as exports write it: mostly lower case, sometimes not."""
    r = rng.random()
    if r < 0.9:
        return status
    return status.capitalize() if r < 0.97 else status.upper()


def _phases(
    rng: random.Random,
    cal: Calendar,
    life: Lifecycle,
    spec: Spec,
    finals: Pool,
    horizon: int,
) -> list[PhaseRow]:
    labeling = [s for s in life.steps if s.kind in (LABEL, REWORK)]
    if labeling:
        skipped = labeling[0].outcome == SKIP
        rows = [
            PhaseRow(
                0,
                "skipped" if skipped else "submitted",
                life.labeler,
                labeling[-1].end,
                sum(s.end - s.start for s in labeling),
            )
        ]
    else:
        return [PhaseRow(0, "assigned", life.labeler, None, None)]
    reviews = [s for s in life.steps if s.kind == REVIEW]
    if life.pending is not None and life.pending.kind == REVIEW:
        secs = sum(s.end - s.start for s in reviews) or None
        rows.append(PhaseRow(1, "assigned", life.pending.actor, None, secs))
        return rows
    if not reviews:
        return rows
    last = reviews[-1]
    rows.append(
        PhaseRow(
            1,
            "rejected" if last.outcome == REJECT else "submitted",
            last.actor,
            last.end,
            sum(s.end - s.start for s in reviews),
        )
    )
    if life.state != DONE:
        return rows
    final = pick(rng, finals)
    fdur = duration(rng, spec.policy.review_secs * 0.6, final.speed)
    fstart = cal.book(rng, final, last.end + rng.randint(3600, 2 * DAY), fdur)
    if fstart >= horizon:
        return rows
    if fstart + fdur >= horizon:
        rows.append(PhaseRow(2, "assigned", final, None, None))
    else:
        status = "rejected" if rng.random() < 0.07 else "submitted"
        rows.append(PhaseRow(2, status, final, fstart + fdur, fdur))
    return rows


def generate(ctx: Context) -> None:
    cfg = ctx.cfg
    rng = cfg.rng(VENDOR)
    ids = ctx.ids(VENDOR)
    windows = export_windows(cfg, OVERLAPPING)
    horizon = cfg.end_s
    reg, root, truth = ctx.registry, ctx.root, ctx.truth
    media = Family(
        [
            reg.add(
                CsvOut(
                    root, VENDOR, "media", f"crowdai/media/media-lineage_{w.tag}.csv", MEDIA_HEADER
                )
            )
            for w in windows
        ],
        windows,
    )
    freelancers = freelancers_for(ctx.shared, VENDOR)
    empty_media_placed = False
    for spec_index, spec in enumerate(SPECS):
        tasks = Family(
            [
                reg.add(
                    CsvOut(
                        root,
                        VENDOR,
                        "annotation_csv",
                        f"crowdai/annotation_csv/{spec.slug}_annotation-feedback_{w.tag}.csv",
                        HEADER,
                        crlf=spec_index == 1 and n == 0,
                    )
                )
                for n, w in enumerate(windows)
            ],
            windows,
        )
        labelers = ctx.roster.labelers(rng, cfg.scaled(spec.labelers, 2), WORKFORCE_DOMAINS[1])
        labelers += [p for i, p in enumerate(freelancers) if i % len(SPECS) == spec_index]
        reviewers = [
            ctx.roster.new_person(rng, "reviewer", WORKFORCE_DOMAINS[1])
            for _ in range(cfg.scaled(spec.reviewers, 1))
        ]
        finals = [
            ctx.roster.new_person(rng, "reviewer", WORKFORCE_DOMAINS[1])
            for _ in range(cfg.scaled(spec.final_reviewers, 1))
        ]
        datasets = [str(ids.seq("dataset", 88101, (7, 90))) for _ in range(spec.datasets)]
        arrivals, n_batches = plan_arrivals(rng, cfg, cfg.scaled(spec.items, 4), spec.period)
        cal = Calendar()
        pool, final_pool = Pool(labelers), Pool(finals)
        for arrival in arrivals:
            cal.watermark = arrival.time
            dataset = datasets[arrival.batch * len(datasets) // n_batches]
            upload = arrival.time - rng.randint(3600, DAY)
            if rng.random() < spec.transform_share:
                parent = str(ids.seq("media", 3100001, (1, 3)))
                media_id = str(ids.seq("media", 0, (1, 3)))
                for out, outcome in media.route(upload):
                    out.write((parent, "", dataset), outcome)
                for out, outcome in media.route(upload + 600):
                    out.write((media_id, parent, dataset), outcome)
            else:
                media_id = str(ids.seq("media", 3100001, (1, 3)))
                for out, outcome in media.route(upload):
                    out.write((media_id, "", dataset), outcome)
            video = rng.random() < spec.video_share
            frames = str(rng.choice((24, 30)) * rng.randint(5, 40)) if video else ""
            policy = spec.policy
            if video:
                policy = Policy(
                    label_secs=policy.label_secs * 2.5, review_secs=policy.review_secs * 2
                )
            labeler = pick(rng, pool)
            life = simulate_item(rng, cal, policy, arrival.time, labeler, reviewers, horizon)
            rows = _phases(rng, cal, life, spec, final_pool, horizon)
            anchor = max([arrival.time] + [r.completed or 0 for r in rows] + [life.last_time or 0])
            labeler_name = rows[0].person.name
            single = not tasks.spans_several(anchor)
            for row in rows:
                workflow_id = str(ids.seq("workflow", 51000001, (1, 4)))
                status = _status_text(rng, row.status)
                secs = "" if row.secs is None else str(row.secs)
                minutes = "" if row.secs is None else f"{row.secs / 60:.2f}"
                completed = "" if row.completed is None else space_dt(row.completed)
                defect = (
                    not empty_media_placed
                    and spec_index == 1
                    and single
                    and row.phase == 2
                    and row.completed is not None
                )
                values = (
                    workflow_id,
                    "" if defect else media_id,
                    dataset,
                    status,
                    f"{TASK_URL}/{spec.slug}/tasks/{media_id}?phase={row.phase + 1}",
                    spec.phase_names[row.phase],
                    row.person.name,
                    minutes,
                    spec.name,
                    secs,
                    completed,
                    frames,
                )
                for out, outcome in tasks.route(anchor):
                    if defect:
                        empty_media_placed = True
                        truth.defect(
                            Defect(
                                VENDOR,
                                "annotation_csv",
                                out.rel,
                                out.rows_read + 1,
                                "missing_media_id",
                                f"Media ID empty on workflow {workflow_id}",
                            )
                        )
                        outcome = REJECTED
                    out.write(values, outcome)
                if defect:
                    continue
                ctx.roster.note(row.person, VENDOR, row.person.name, "")
                completed_iso = "" if row.completed is None else iso_ms_z(row.completed * 1000)
                truth.workflow_steps.writerow(
                    (
                        spec.name,
                        media_id,
                        workflow_id,
                        PHASES[row.phase],
                        status,
                        row.person.name,
                        completed_iso,
                        secs,
                    )
                )
                normal = row.status
                if row.phase == 0 and normal in ("submitted", "skipped") and row.completed:
                    # a label: the labeling phase handed in (TimeSecs its seconds)
                    truth.seconds_per_item.label(
                        VENDOR,
                        spec.name,
                        media_id,
                        row.person.name,
                        row.completed * 1000,
                        row.secs,
                        normal == "skipped",
                    )
                if row.phase > 0 and normal in ("submitted", "rejected"):
                    truth.reviews.writerow(
                        (
                            VENDOR,
                            spec.name,
                            media_id,
                            labeler_name,
                            row.person.name,
                            "approve" if normal == "submitted" else "reject",
                            completed_iso,
                        )
                    )
            ctx.tick(1)
