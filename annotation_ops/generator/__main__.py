"""`python -m annotation_ops.generator --out DIR`."""

from __future__ import annotations

from .runner import run

raise SystemExit(run())
