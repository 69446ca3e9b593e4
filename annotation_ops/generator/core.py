"""The shared simulation core: configuration, export windows, calendars and item lifecycles.

An item arrives in a batch, a labeler labels it (or skips it), a reviewer approves or rejects
it, a rejection sends it back to the labeler for rework, and so on until it is approved or the
simulated period ends. Each vendor module turns these generic steps into its own records.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate

from .people import Person
from .timefmt import DAY, day_iso, day_start, epoch_day, weekday

# Step kinds and outcomes.
LABEL, REVIEW, REWORK, SENDBACK = "label", "review", "rework", "sendback"
SUBMIT, SKIP, APPROVE, REJECT = "submit", "skip", "approve", "reject"
# Lifecycle states at the end of the simulated period.
NOT_STARTED, LABELING, IN_REVIEW, IN_REWORK, DONE, SKIPPED = (
    "not_started",
    "labeling",
    "in_review",
    "in_rework",
    "done",
    "skipped",
)


@dataclass(frozen=True)
class SimConfig:
    """What one generation run simulates."""

    seed: int
    scale: float
    start: date
    end: date

    @property
    def start_s(self) -> int:
        return day_start(self.start)

    @property
    def end_s(self) -> int:
        """The horizon: midnight after the last simulated day (exclusive)."""
        return day_start(self.end) + DAY

    @property
    def span_days(self) -> int:
        return (self.end - self.start).days + 1

    def at(self, frac: float) -> int:
        """The instant at fraction `frac` of the simulated period."""
        return self.start_s + int(frac * (self.end_s - self.start_s))

    def rng(self, name: str) -> random.Random:
        """An independent, reproducible random stream per purpose."""
        return random.Random(f"{self.seed}/{name}")

    def scaled(self, base: float, minimum: int = 1) -> int:
        return max(minimum, round(base * self.scale))


@dataclass(frozen=True)
class Window:
    """The date range of one export download (both ends included)."""

    first_day: int
    last_day: int

    @property
    def tag(self) -> str:
        """`YYYY-MM-DD_YYYY-MM-DD`, used in file names so that later exports sort later."""
        return f"{day_iso(self.first_day)}_{day_iso(self.last_day)}"

    @property
    def end_s(self) -> int:
        return (self.last_day + 1) * DAY

    def holds(self, s: int) -> bool:
        return self.first_day <= s // DAY <= self.last_day


# Two downloads whose ranges overlap by about a tenth of the period.
OVERLAPPING = ((0.0, 0.66), (0.55, 1.0))


def export_windows(cfg: SimConfig, bounds: tuple[tuple[float, float], ...]) -> list[Window]:
    first = epoch_day(cfg.start)
    n = cfg.span_days - 1
    return [Window(first + round(a * n), first + round(b * n)) for a, b in bounds]


def route(windows: list[Window], s: int) -> list[int]:
    """Indexes of the windows (exports) that hold instant `s`; the nearest one if none does."""
    hits = [i for i, w in enumerate(windows) if w.holds(s)]
    if hits:
        return hits
    return [0] if s < windows[0].end_s else [len(windows) - 1]


class Calendar:
    """Busy intervals of each person of one project, so nobody does two things at once.

    Items are simulated in arrival order; intervals that ended before the current arrival
    (the watermark) can no longer matter and are dropped, which keeps memory flat.
    """

    BREAK = 60

    def __init__(self) -> None:
        self._busy: dict[str, list[tuple[int, int]]] = {}
        self.watermark = 0

    def book(self, rng: random.Random, person: Person, earliest: int, duration: int) -> int:
        """Reserve `duration` seconds for `person` at the first free working time; the start."""
        ivs = self._busy.setdefault(person.key, [])
        stale = 0
        while stale < len(ivs) and ivs[stale][1] < self.watermark:
            stale += 1
        if stale:
            del ivs[:stale]
        t = self._open(rng, person, earliest)
        i = bisect_left(ivs, (t, t))
        if i and ivs[i - 1][1] + self.BREAK > t:
            t = self._open(rng, person, ivs[i - 1][1] + self.BREAK)
        while i < len(ivs):
            s, e = ivs[i]
            if t + duration + self.BREAK <= s:
                break
            t = self._open(rng, person, max(t, e + self.BREAK))
            i += 1
        ivs.insert(i, (t, t + duration))
        return t

    @staticmethod
    def _open(rng: random.Random, person: Person, t: int) -> int:
        moved = person.next_work_time(t)
        return moved if moved == t else moved + rng.randrange(0, 1800)


@dataclass(frozen=True)
class Policy:
    """How a project's workflow behaves."""

    label_secs: float
    review_secs: float
    has_review: bool = True
    review_skips: bool = False
    reject_scale: float = 1.6
    max_rejections: int = 2
    skip_scale: float = 1.0
    rework_factor: float = 0.45
    sendback_prob: float = 0.0
    review_delay: tuple[int, int] = (1_800, 30 * 3600)
    rework_delay: tuple[int, int] = (600, 20 * 3600)


@dataclass(frozen=True)
class Step:
    kind: str
    actor: Person
    start: int
    end: int
    outcome: str


@dataclass
class Lifecycle:
    """What happened to one item: finished steps, the step under way at the horizon, state."""

    labeler: Person
    steps: list[Step] = field(default_factory=list)
    pending: Step | None = None
    state: str = NOT_STARTED

    @property
    def last_time(self) -> int | None:
        times = [s.end for s in self.steps]
        if self.pending is not None:
            times.append(self.pending.start)
        return max(times) if times else None


def duration(rng: random.Random, mean: float, speed: float, sigma: float = 0.4) -> int:
    """A log-normal task duration in seconds around `mean * speed`."""
    value = mean * speed * math.exp(rng.gauss(-sigma * sigma / 2, sigma))
    return int(min(max(value, 20.0), 4 * 3600))


def simulate_item(
    rng: random.Random,
    cal: Calendar,
    policy: Policy,
    arrival: int,
    labeler: Person,
    reviewers: list[Person],
    horizon: int,
    admin: Person | None = None,
) -> Lifecycle:
    """Label -> review -> (reject -> rework -> review)* -> done, cut at `horizon`."""
    life = Lifecycle(labeler=labeler)
    dur = duration(rng, policy.label_secs, labeler.speed)
    start = cal.book(rng, labeler, arrival + rng.randint(60, 4 * 3600), dur)
    if start >= horizon:
        return life
    if start + dur >= horizon:
        life.pending, life.state = Step(LABEL, labeler, start, start + dur, SUBMIT), LABELING
        return life
    skipped = rng.random() < labeler.skip_rate * policy.skip_scale
    life.steps.append(Step(LABEL, labeler, start, start + dur, SKIP if skipped else SUBMIT))
    if skipped and not policy.review_skips:
        life.state = SKIPPED
        return life
    if not policy.has_review:
        life.state = DONE
        return life
    t, rejections, sent_back = start + dur, 0, False
    while True:
        reviewer = rng.choice(reviewers)
        rdur = duration(rng, policy.review_secs, reviewer.speed)
        rstart = cal.book(rng, reviewer, t + rng.randint(*policy.review_delay), rdur)
        if rstart >= horizon:
            life.state = IN_REVIEW
            return life
        if rstart + rdur >= horizon:
            life.pending, life.state = Step(REVIEW, reviewer, rstart, rstart + rdur, ""), IN_REVIEW
            return life
        p_reject = 0.0
        if not skipped and rejections < policy.max_rejections:
            p_reject = min(0.9, policy.reject_scale * (1 - labeler.accuracy) * 0.5**rejections)
        t = rstart + rdur
        if rng.random() < p_reject:
            life.steps.append(Step(REVIEW, reviewer, rstart, t, REJECT))
            rejections += 1
        else:
            life.steps.append(Step(REVIEW, reviewer, rstart, t, APPROVE))
            life.state = DONE
            if skipped or sent_back or admin is None or rng.random() >= policy.sendback_prob:
                return life
            sendback = t + rng.randint(DAY // 2, 5 * DAY)
            if sendback >= horizon:
                return life
            life.steps.append(Step(SENDBACK, admin, sendback, sendback, REJECT))
            sent_back, t = True, sendback
        wdur = duration(rng, policy.label_secs * policy.rework_factor, labeler.speed)
        wstart = cal.book(rng, labeler, t + rng.randint(*policy.rework_delay), wdur)
        if wstart >= horizon:
            life.state = IN_REWORK
            return life
        if wstart + wdur >= horizon:
            life.pending, life.state = Step(REWORK, labeler, wstart, wstart + wdur, ""), IN_REWORK
            return life
        life.steps.append(Step(REWORK, labeler, wstart, wstart + wdur, SUBMIT))
        t = wstart + wdur


@dataclass(frozen=True)
class Arrival:
    index: int
    time: int
    batch: int


def plan_arrivals(
    rng: random.Random, cfg: SimConfig, n: int, period: tuple[float, float]
) -> tuple[list[Arrival], int]:
    """`n` items arriving in batches on weekday mornings inside `period`; (arrivals, batches).

    When the period runs to the end, a sixth of the items trickles in over the last three days,
    so that the exports end with work under way (queued, in review, in rework).
    """
    first, last = cfg.at(period[0]) // DAY, max(cfg.at(period[0]), cfg.at(period[1]) - 1) // DAY
    open_end = period[1] >= 1.0 and n >= 2
    tail = max(2, n // 6) if open_end else 0
    stop = last - 7 if open_end else last
    days: list[int] = []
    d = first
    while d <= stop:
        while weekday(d) >= 5:
            d += 1
        if d > stop:
            break
        days.append(d)
        d += rng.randint(5, 14)
    days = days[: max(1, n - tail)] or [first]
    offsets = [7 * 3600 + rng.randrange(0, 3 * 3600) for _ in days]
    body = n - tail
    arrivals = [
        Arrival(
            i,
            days[i * len(days) // body] * DAY + offsets[i * len(days) // body] + i % 5000,
            i * len(days) // body,
        )
        for i in range(body)
    ]
    late = sorted(
        rng.randint(last - 2, last) * DAY + rng.randrange(7 * 3600, 20 * 3600) for _ in range(tail)
    )
    arrivals += [Arrival(body + k, t, len(days)) for k, t in enumerate(late)]
    return arrivals, len(days) + (1 if tail else 0)


class Pool:
    """Team members who pick up work, faster people proportionally more often."""

    def __init__(self, people: list[Person]) -> None:
        self.people = people
        self.cum_weights = list(accumulate(1.0 / p.speed for p in people))


def pick(rng: random.Random, pool: Pool) -> Person:
    """A team member drawn by speed (constant time in the team's size: scale-safe)."""
    return rng.choices(pool.people, cum_weights=pool.cum_weights)[0]
