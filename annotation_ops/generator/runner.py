"""Entry points: `generate()` for Python callers, `run()` for the command line."""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tqdm import tqdm

from . import crowdai, dataloop, labelbox, roboflow, superannotate
from .context import Context
from .core import SimConfig
from .output import Registry
from .people import FREELANCE_DOMAIN, LABELER_MIX, Roster
from .truth import IDENTITY_FILE, Truth

DEFAULT_START = date(2026, 4, 1)
DEFAULT_END = date(2026, 11, 15)
MIN_DAYS = 28
VENDOR_DIRS = (
    "crowdai",
    "dataloop",
    "identity",
    "labelbox",
    "roboflow",
    "superannotate",
    "_truth",
)
IDENTITY_HEADER = ("vendor", "user", "person_key", "person_name")
# Simulated in alphabetical order so that the truth files come out sorted by vendor.
MODULES: tuple[tuple[str, Callable[[float], int], Callable[[Context], None]], ...] = (
    ("crowdai", crowdai.item_count, crowdai.generate),
    ("dataloop", dataloop.item_count, dataloop.generate),
    ("labelbox", labelbox.item_count, labelbox.generate),
    ("roboflow", roboflow.item_count, roboflow.generate),
    ("superannotate", superannotate.item_count, superannotate.generate),
)


@dataclass(frozen=True)
class FileSummary:
    vendor: str
    source_name: str
    path: str
    rows: int
    bytes: int


@dataclass(frozen=True)
class GenerationSummary:
    """What a run wrote: every export file with its record count, and the truth files."""

    out_dir: Path
    files: tuple[FileSummary, ...]
    truth_files: tuple[FileSummary, ...]

    @property
    def total_rows(self) -> int:
        return sum(f.rows for f in self.files)

    @property
    def total_bytes(self) -> int:
        return sum(f.bytes for f in self.files) + sum(f.bytes for f in self.truth_files)

    def rows_by_source(self) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        for f in self.files:
            out[(f.vendor, f.source_name)] = out.get((f.vendor, f.source_name), 0) + f.rows
        return out

    def report(self) -> str:
        lines = [f"Wrote sample landing zone to {self.out_dir}", ""]
        lines.append(f"  {'vendor':<14}{'source':<20}{'files':>7}{'rows':>12}{'size':>11}")
        groups: dict[tuple[str, str], list[FileSummary]] = {}
        for f in self.files:
            groups.setdefault((f.vendor, f.source_name), []).append(f)
        for (vendor, source), files in sorted(groups.items()):
            rows, size = sum(f.rows for f in files), sum(f.bytes for f in files)
            lines.append(f"  {vendor:<14}{source:<20}{len(files):>7}{rows:>12,}{_size(size):>11}")
        truth_rows = sum(f.rows for f in self.truth_files)
        truth_size = sum(f.bytes for f in self.truth_files)
        lines.append(
            f"  {'_truth':<14}{'(expected figures)':<20}{len(self.truth_files):>7}"
            f"{truth_rows:>12,}{_size(truth_size):>11}"
        )
        n_files = len(self.files) + len(self.truth_files)
        lines.append(
            f"  {'total':<34}{n_files:>7}{self.total_rows + truth_rows:>12,}"
            f"{_size(self.total_bytes):>11}"
        )
        lines += ["", f"Truth files and their meaning: {self.out_dir / '_truth' / 'README.md'}"]
        return "\n".join(lines)


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def _prepare(out_dir: Path) -> None:
    """Empty the generator's own folders; refuse to write over a landing zone it did not make."""
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (out_dir / "_truth").is_dir():
            raise FileExistsError(
                f"{out_dir} is not empty and was not made by the generator (no _truth/ folder); "
                "choose an empty or new directory"
            )
        for name in VENDOR_DIRS:
            if (out_dir / name).exists():
                shutil.rmtree(out_dir / name)
    out_dir.mkdir(parents=True, exist_ok=True)


def _write_identity(out_dir: Path, roster: Roster) -> FileSummary:
    """The landing zone's identity file: who is who where emails cannot tell."""
    path = out_dir / IDENTITY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = roster.identity_map()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(IDENTITY_HEADER)
        writer.writerows(rows)
    return FileSummary("identity", "people", IDENTITY_FILE, len(rows), path.stat().st_size)


def _line_count(path: Path) -> int:
    with path.open("rb") as fh:
        return max(0, sum(1 for _ in fh) - 1)


def generate(
    out_dir: Path,
    seed: int = 7,
    scale: float = 1.0,
    start_date: date = DEFAULT_START,
    end_date: date = DEFAULT_END,
    progress: bool = True,
) -> GenerationSummary:
    """Simulate one labeling operation and write every vendor's exports plus `_truth/`."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    if (end_date - start_date).days + 1 < MIN_DAYS:
        raise ValueError(f"the period must span at least {MIN_DAYS} days")
    out_dir = Path(out_dir)
    _prepare(out_dir)
    cfg = SimConfig(seed=seed, scale=scale, start=start_date, end=end_date)
    registry = Registry(out_dir)
    truth = Truth(out_dir, as_of=end_date)
    roster = Roster(cfg.rng("people"))
    people_rng = cfg.rng("people/freelancers")
    shared = [
        roster.new_person(people_rng, LABELER_MIX[(i + 2) % len(LABELER_MIX)], FREELANCE_DOMAIN)
        for i in range(cfg.scaled(3, 3))
    ]
    total = sum(count(scale) for _, count, _ in MODULES)
    with tqdm(total=total, unit="item", disable=not progress, desc="simulating") as bar:
        ctx = Context(cfg, out_dir, registry, truth, roster, shared, bar.update)
        for name, _, run_vendor in MODULES:
            bar.set_postfix_str(name)
            run_vendor(ctx)
    registry.close()
    truth.close(registry, roster)
    identity = _write_identity(out_dir, roster)
    files = tuple(
        sorted(
            [
                FileSummary(o.vendor, o.source_name, o.rel, o.rows_read, o.path.stat().st_size)
                for o in registry.outs
            ]
            + [identity],
            key=lambda f: f.path,
        )
    )
    truth_files = tuple(
        FileSummary(
            "_truth",
            p.stem,
            p.relative_to(out_dir).as_posix(),
            _line_count(p) if p.suffix == ".csv" else 0,
            p.stat().st_size,
        )
        for p in sorted(truth.dir.iterdir())
    )
    return GenerationSummary(out_dir, files, truth_files)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from exc


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from exc
    if value <= 0:
        raise argparse.ArgumentTypeError("scale must be positive")
    return value


def build_parser() -> argparse.ArgumentParser:
    invoked = Path(sys.argv[0]).name
    parser = argparse.ArgumentParser(
        prog=f"{invoked} generate"
        if invoked == "annotation-ops"
        else "python -m annotation_ops.generator",
        description="Write a simulated landing zone of labeling vendors' exports plus _truth/.",
    )
    parser.add_argument("--out", required=True, type=Path, help="output directory")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--scale",
        type=_scale,
        default=1.0,
        help="size multiplier: items, people, activity (default 1)",
    )
    parser.add_argument(
        "--start-date",
        type=_date,
        default=DEFAULT_START,
        help=f"first simulated day (default {DEFAULT_START})",
    )
    parser.add_argument(
        "--end-date",
        type=_date,
        default=DEFAULT_END,
        help=f"last simulated day (default {DEFAULT_END})",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def run(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if (args.end_date - args.start_date).days + 1 < MIN_DAYS:
        parser.error(f"--end-date must be at least {MIN_DAYS - 1} days after --start-date")
    try:
        summary = generate(
            args.out,
            seed=args.seed,
            scale=args.scale,
            start_date=args.start_date,
            end_date=args.end_date,
            progress=not args.no_progress,
        )
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary.report())
    return 0
