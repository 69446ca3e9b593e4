"""What every vendor module receives: configuration, outputs, truth and people."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .core import SimConfig
from .ids import IdFactory
from .output import Registry
from .people import Person, Roster
from .truth import Truth


@dataclass
class Context:
    cfg: SimConfig
    root: Path
    registry: Registry
    truth: Truth
    roster: Roster
    shared: list[Person]
    tick: Callable[[int], None]

    def ids(self, vendor: str) -> IdFactory:
        return IdFactory(self.cfg.rng(f"{vendor}/ids"))
