"""Roboflow: Annotation Insights "Labeler Statistics" CSV exports, one row per labeler and
project over each export's date range.

Three consecutive, non-overlapping ranges in three styles: date columns and `87.5%`; date
columns first and `87.5`; no date columns (range in the file name) and `0.875`. An image counts
in the range of its first labeling, its reviews with it. Approval Rate = images approved without
ever being rejected / images reviewed; Rejected counts rejection events.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .context import Context
from .core import (
    APPROVE,
    REJECT,
    REVIEW,
    REWORK,
    Calendar,
    Policy,
    Pool,
    Step,
    Window,
    pick,
    plan_arrivals,
    simulate_item,
)
from .output import CsvOut
from .people import WORKFORCE_DOMAINS
from .shared import freelancers_for
from .timefmt import day_iso, epoch_day

VENDOR = "roboflow"
HEADER = (
    "Labeler",
    "Project",
    "Images Labeled",
    "Net Annotations",
    "Total Annotations Added",
    "Total Annotations Removed",
    "Total Annotations Updated",
    "Model Assisted",
    "Marked Null",
    "Approved",
    "Rejected",
    "Approval Rate",
)
DATES = ("Start Date", "End Date")
FIELDS = (
    "images_labeled",
    "added",
    "removed",
    "updated",
    "model_assisted",
    "marked_null",
    "approved",
    "rejected",
    "reviewed",
    "first_pass",
)


@dataclass(frozen=True)
class Spec:
    name: str
    items: int
    labelers: int
    reviewers: int
    period: tuple[float, float]
    policy: Policy


SPECS = (
    Spec(
        "hard-hat-workers",
        70,
        3,
        1,
        (0.0, 1.0),
        Policy(label_secs=95, review_secs=30, skip_scale=0.0),
    ),
    Spec(
        "forklift-pallets",
        55,
        3,
        1,
        (0.2, 1.0),
        Policy(label_secs=130, review_secs=40, skip_scale=0.0),
    ),
)
CUTS = (0.4, 0.8)


def item_count(scale: float) -> int:
    return sum(max(4, round(s.items * scale)) for s in SPECS)


@dataclass(frozen=True)
class Style:
    prefix: str
    dates: str  # "end", "front" or "" (range only in the file name)
    rate: str  # "percent", "number" or "fraction"
    bom: bool = False


STYLES = (
    Style("labeler-statistics", "end", "percent", bom=True),
    Style("labeler-statistics", "front", "number"),
    Style("annotation-insights-export", "", "fraction"),
)


def _rate(style: Style, first_pass: int, reviewed: int) -> tuple[str, str]:
    """(text written, the fraction it means) of an Approval Rate."""
    if not reviewed:
        return "", ""
    fraction = first_pass / reviewed
    if style.rate == "fraction":
        text = f"{fraction:.3f}".rstrip("0").rstrip(".")
        return text, text
    text = f"{fraction * 100:.1f}".removesuffix(".0")
    meaning = f"{round(float(text) / 100, 6):.6g}"
    return (text + "%" if style.rate == "percent" else text), meaning


def _ranges(ctx: Context) -> list[Window]:
    first = epoch_day(ctx.cfg.start)
    last = epoch_day(ctx.cfg.end)
    n = ctx.cfg.span_days
    cuts = [first] + [first + round(c * n) for c in CUTS] + [last + 1]
    return [Window(cuts[i], cuts[i + 1] - 1) for i in range(len(cuts) - 1)]


def generate(ctx: Context) -> None:
    cfg = ctx.cfg
    rng = cfg.rng(VENDOR)
    ranges = _ranges(ctx)
    horizon = cfg.end_s
    stats: dict[tuple[int, str, str], dict[str, int]] = {}
    freelancers = freelancers_for(ctx.shared, VENDOR)
    for spec_index, spec in enumerate(SPECS):
        labelers = ctx.roster.labelers(rng, cfg.scaled(spec.labelers, 2), WORKFORCE_DOMAINS[0])
        labelers += [p for i, p in enumerate(freelancers) if i % len(SPECS) == spec_index]
        reviewers = [
            ctx.roster.new_person(rng, "reviewer", WORKFORCE_DOMAINS[0])
            for _ in range(cfg.scaled(spec.reviewers, 1))
        ]
        assist = {p.key: rng.choice((0.05, 0.3, 0.6)) for p in labelers}
        arrivals, _ = plan_arrivals(rng, cfg, cfg.scaled(spec.items, 4), spec.period)
        cal = Calendar()
        pool = Pool(labelers)
        for arrival in arrivals:
            cal.watermark = arrival.time
            labeler = pick(rng, pool)
            life = simulate_item(rng, cal, spec.policy, arrival.time, labeler, reviewers, horizon)
            ctx.tick(1)
            if not life.steps:
                continue
            submitted = life.steps[0].end
            period = next(i for i, w in enumerate(ranges) if w.holds(submitted))
            acc = stats.setdefault((period, spec.name, labeler.email), dict.fromkeys(FIELDS, 0))
            _count(rng, acc, life.steps, assist[labeler.key])
            ctx.roster.note(labeler, VENDOR, labeler.email, labeler.email)
    _write(ctx, ranges, stats)


def _count(rng: random.Random, acc: dict[str, int], steps: list[Step], assist: float) -> None:
    null = rng.random() < 0.08
    assisted = not null and rng.random() < assist
    acc["images_labeled"] += 1
    acc["marked_null"] += null
    acc["model_assisted"] += assisted
    if not null:
        acc["added"] += rng.randint(1, 9)
        acc["removed"] += rng.randint(0, 2) if assisted else 0
        acc["updated"] += rng.randint(0, 3)
    reviews = [s for s in steps if s.kind == REVIEW]
    rejections = sum(s.outcome == REJECT for s in reviews)
    for s in steps:
        if s.kind == REWORK:
            acc["added"] += rng.randint(0, 2)
            acc["removed"] += rng.randint(0, 1)
            acc["updated"] += rng.randint(1, 3)
    approved = any(s.outcome == APPROVE for s in reviews)
    acc["rejected"] += rejections
    acc["reviewed"] += bool(reviews)
    acc["approved"] += approved
    acc["first_pass"] += approved and rejections == 0


def _write(
    ctx: Context, ranges: list[Window], stats: dict[tuple[int, str, str], dict[str, int]]
) -> None:
    for period, (window, style) in enumerate(zip(ranges, STYLES, strict=True)):
        start, end = day_iso(window.first_day), day_iso(window.last_day)
        header: tuple[str, ...] = HEADER
        if style.dates == "end":
            header = HEADER + DATES
        elif style.dates == "front":
            header = DATES + HEADER
        rel = f"roboflow/annotation_insights/{style.prefix}_{start}_{end}.csv"
        out = ctx.registry.add(
            CsvOut(ctx.root, VENDOR, "annotation_insights", rel, header, bom=style.bom)
        )
        for (p, project, labeler), acc in sorted(stats.items()):
            if p != period:
                continue
            text, fraction = _rate(style, acc["first_pass"], acc["reviewed"])
            values = (
                labeler,
                project,
                acc["images_labeled"],
                acc["added"] - acc["removed"],
                acc["added"],
                acc["removed"],
                acc["updated"],
                acc["model_assisted"],
                acc["marked_null"],
                acc["approved"],
                acc["rejected"],
                text,
            )
            if style.dates == "end":
                values = values + (start, end)
            elif style.dates == "front":
                values = (start, end) + values
            out.write(values, "staged")
            ctx.truth.roboflow.append(
                (
                    labeler,
                    project,
                    start,
                    end,
                    str(acc["images_labeled"]),
                    str(acc["added"] - acc["removed"]),
                    str(acc["added"]),
                    str(acc["removed"]),
                    str(acc["updated"]),
                    str(acc["model_assisted"]),
                    str(acc["marked_null"]),
                    str(acc["approved"]),
                    str(acc["rejected"]),
                    str(acc["reviewed"]),
                    str(acc["first_pass"]),
                    fraction,
                    rel,
                )
            )
