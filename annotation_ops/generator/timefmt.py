"""Time helpers: the simulation counts UTC epoch seconds (or milliseconds); these render them.

Formatting goes through a cached day string so that tens of millions of timestamps stay cheap.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

DAY = 86_400
_EPOCH = date(1970, 1, 1)


def epoch_day(d: date) -> int:
    """Days since 1970-01-01 of a date."""
    return (d - _EPOCH).days


def day_start(d: date) -> int:
    """Epoch seconds of a date's midnight (UTC)."""
    return epoch_day(d) * DAY


@lru_cache(maxsize=16_384)
def day_iso(day: int) -> str:
    """`YYYY-MM-DD` of an epoch day index."""
    return (_EPOCH + timedelta(days=day)).isoformat()


def weekday(day: int) -> int:
    """Monday = 0 ... Sunday = 6 of an epoch day index (1970-01-01 was a Thursday)."""
    return (day + 3) % 7


def _clock(rest: int) -> str:
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}"


def iso_z(s: int) -> str:
    """`2026-04-03T14:22:05Z`."""
    day, rest = divmod(s, DAY)
    return f"{day_iso(day)}T{_clock(rest)}Z"


def iso_ms_z(ms: int) -> str:
    """`2026-04-03T14:22:05.123Z` (the truth files' timestamp style)."""
    s, frac = divmod(ms, 1000)
    day, rest = divmod(s, DAY)
    return f"{day_iso(day)}T{_clock(rest)}.{frac:03d}Z"


def iso_ms_offset(ms: int) -> str:
    """`2026-04-03T14:22:05.123+00:00`."""
    s, frac = divmod(ms, 1000)
    day, rest = divmod(s, DAY)
    return f"{day_iso(day)}T{_clock(rest)}.{frac:03d}+00:00"


def iso_offset(s: int) -> str:
    """`2026-04-03T14:22:05+00:00`."""
    day, rest = divmod(s, DAY)
    return f"{day_iso(day)}T{_clock(rest)}+00:00"


def space_dt(s: int) -> str:
    """`2026-04-03 14:22:05` (UTC without a zone, as CrowdAI writes it)."""
    day, rest = divmod(s, DAY)
    return f"{day_iso(day)} {_clock(rest)}"
