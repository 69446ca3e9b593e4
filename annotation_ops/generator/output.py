"""Export files as they are written, with the bookkeeping of every record's fate.

Each output file counts its records as the warehouse must: `staged`, `duplicate` (the same
natural key is also in a file whose name sorts later) or `rejected` (a deliberate defect).
A `Family` is a set of overlapping downloads of one source: a record goes to every file whose
date window holds its anchor time; the copy in the file that sorts last is the staged one.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from .core import Window, route

STAGED, DUPLICATE, REJECTED = "staged", "duplicate", "rejected"


def dumps(obj: Any, indent: int | None = None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent)


class Out:
    """One file of one vendor source, with its record counters."""

    def __init__(self, root: Path, vendor: str, source_name: str, rel: str) -> None:
        self.vendor = vendor
        self.source_name = source_name
        self.rel = rel
        self.path = root / rel
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.counts = {STAGED: 0, DUPLICATE: 0, REJECTED: 0}

    @property
    def rows_read(self) -> int:
        return sum(self.counts.values())

    def _count(self, outcome: str) -> None:
        self.counts[outcome] += 1

    def close(self) -> None:
        """Finish the file (subclasses flush their handles)."""


class CsvOut(Out):
    def __init__(
        self,
        root: Path,
        vendor: str,
        source_name: str,
        rel: str,
        header: Sequence[str],
        *,
        crlf: bool = False,
        bom: bool = False,
    ) -> None:
        super().__init__(root, vendor, source_name, rel)
        self._fh = self.path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="")
        self._writer = csv.writer(self._fh, lineterminator="\r\n" if crlf else "\n")
        self._writer.writerow(header)

    def write(self, row: Sequence[object], outcome: str) -> None:
        self._writer.writerow(row)
        self._count(outcome)

    def close(self) -> None:
        self._fh.close()


class NdjsonOut(Out):
    def __init__(self, root: Path, vendor: str, source_name: str, rel: str) -> None:
        super().__init__(root, vendor, source_name, rel)
        self._fh = self.path.open("w", encoding="utf-8", newline="\n")

    def write(self, line: str, outcome: str) -> None:
        self._fh.write(line + "\n")
        self._count(outcome)

    def close(self) -> None:
        self._fh.close()


class JsonListOut(Out):
    """A JSON array written one element at a time."""

    def __init__(self, root: Path, vendor: str, source_name: str, rel: str) -> None:
        super().__init__(root, vendor, source_name, rel)
        self._fh = self.path.open("w", encoding="utf-8", newline="\n")
        self._fh.write("[")

    def write(self, obj: Any, outcome: str) -> None:
        self._fh.write(("\n" if self.rows_read == 0 else ",\n") + dumps(obj))
        self._count(outcome)

    def close(self) -> None:
        self._fh.write("\n]\n" if self.rows_read else "]\n")
        self._fh.close()


class JsonDocOut(Out):
    """A file that holds one JSON document, the record."""

    def __init__(
        self,
        root: Path,
        vendor: str,
        source_name: str,
        rel: str,
        obj: Any,
        outcome: str,
        indent: int | None = None,
    ) -> None:
        super().__init__(root, vendor, source_name, rel)
        self.path.write_text(dumps(obj, indent) + "\n", encoding="utf-8")
        self._count(outcome)


class AnalyticsOut(Out):
    """One saved call of Dataloop's analytics API: `{"request": ..., "response": [...]}`.

    Rows of each measure are spooled to a side file while the simulation runs, then the
    document is assembled in the request's measure order (one record per row).
    """

    def __init__(
        self, root: Path, vendor: str, source_name: str, rel: str, request: dict[str, Any]
    ) -> None:
        super().__init__(root, vendor, source_name, rel)
        self._request = request
        n = len(request["measures"])
        self._spools = [self.path.with_name(f".{self.path.name}.{i}.part") for i in range(n)]
        self._handles = [p.open("w", encoding="utf-8", newline="\n") for p in self._spools]
        self._sizes = [0] * n

    def write(self, measure: int, row: dict[str, Any], outcome: str) -> None:
        self._handles[measure].write(dumps(row) + "\n")
        self._sizes[measure] += 1
        self._count(outcome)

    def close(self) -> None:
        for fh in self._handles:
            fh.close()
        with self.path.open("w", encoding="utf-8", newline="\n") as out:
            out.write('{"request": ' + dumps(self._request) + ',\n "response": [')
            for i, spool in enumerate(self._spools):
                out.write("\n  " if i == 0 else ",\n  ")
                out.write('{"response": [')
                with spool.open(encoding="utf-8") as fh:
                    for j, line in enumerate(fh):
                        out.write(("\n    " if j == 0 else ",\n    ") + line.rstrip("\n"))
                out.write(("\n  " if self._sizes[i] else "") + '], "hasNext": false}')
                spool.unlink()
            out.write("\n ]\n}\n")


OutT = TypeVar("OutT", bound=Out)


class Family(Generic[OutT]):
    """Overlapping downloads of one source, one file per window, sorted by file name."""

    def __init__(self, outs: list[OutT], windows: list[Window]) -> None:
        order = sorted(range(len(outs)), key=lambda i: outs[i].rel)
        if order != list(range(len(outs))):
            raise ValueError("a later export must sort later by file name")
        self.outs = outs
        self.windows = windows

    def route(self, anchor: int) -> Iterator[tuple[OutT, str]]:
        """Each file the record goes to with its fate: duplicates, then the staged copy."""
        hits = route(self.windows, anchor)
        for n, i in enumerate(hits):
            yield self.outs[i], STAGED if n == len(hits) - 1 else DUPLICATE

    def spans_several(self, anchor: int) -> bool:
        return len(route(self.windows, anchor)) > 1


class Registry:
    """Every output file of a run, for closing and for `_truth/source_files.csv`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.outs: list[Out] = []

    def add(self, out: OutT) -> OutT:
        self.outs.append(out)
        return out

    def close(self) -> None:
        for out in self.outs:
            out.close()
