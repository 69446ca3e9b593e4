"""Deterministic vendor-style identifiers.

Every generator is monotonic in creation order, so that the truth files, written while items are
simulated one after the other, come out sorted by ID without a sort step.
"""

from __future__ import annotations

import random

_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(n: int, width: int) -> str:
    chars = []
    while n:
        n, r = divmod(n, 36)
        chars.append(_B36[r])
    return "".join(reversed(chars)).rjust(width, "0")


class IdFactory:
    """Makes IDs from one random stream; each kind increases with every call."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._cuid = 36**8 * 3 + rng.randrange(36**7)
        self._oid_time = 0
        self._oid_counter = rng.randrange(0x100000)
        self._seqs: dict[str, int] = {}

    def cuid(self) -> str:
        """A 25-character Labelbox-style ID (`cl...`), increasing."""
        self._cuid += self._rng.randint(1, 4000)
        tail = "".join(self._rng.choice(_B36) for _ in range(14))
        return "cl" + _base36(self._cuid, 9) + tail

    def object_id(self, created_s: int) -> str:
        """A 24-hex Dataloop/MongoDB-style ObjectId: creation time, counter, random; increasing."""
        self._oid_time = max(self._oid_time, created_s)
        self._oid_counter = (self._oid_counter + 1) % 0x1000000
        return f"{self._oid_time:08x}{self._oid_counter:06x}{self._rng.getrandbits(40):010x}"

    def uuid(self) -> str:
        """A random version-4 style UUID (not monotonic; used where order does not matter)."""
        h = f"{self._rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def seq(self, kind: str, start: int, step: tuple[int, int] = (1, 1)) -> int:
        """The next number of a named sequence (first value `start`, then random steps)."""
        if kind in self._seqs:
            self._seqs[kind] += self._rng.randint(*step)
        else:
            self._seqs[kind] = start
        return self._seqs[kind]
