"""Sample-data generator: simulates a labeling operation across five vendors and writes their
exports in the landing-zone layout of the warehouse, plus `_truth/` with the true figures.

    python -m annotation_ops.generator --out data/sample --seed 7 --scale 1
"""

from __future__ import annotations

from .runner import FileSummary, GenerationSummary, generate, run

__all__ = ["FileSummary", "GenerationSummary", "generate", "run"]
