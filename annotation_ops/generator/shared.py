"""Freelancers who work for several vendors under the same email."""

from __future__ import annotations

from .people import Person

VENDORS = ("crowdai", "dataloop", "labelbox", "roboflow", "superannotate")
_FIXED = (
    VENDORS,
    ("crowdai", "labelbox", "superannotate"),
    ("dataloop", "labelbox", "roboflow"),
)


def vendors_of(index: int) -> tuple[str, ...]:
    """The vendors the `index`-th freelancer works for (the first one works for all five)."""
    if index < len(_FIXED):
        return _FIXED[index]
    return (VENDORS[index % 5], VENDORS[(index + 2) % 5])


def freelancers_for(shared: list[Person], vendor: str) -> list[Person]:
    return [p for i, p in enumerate(shared) if vendor in vendors_of(i)]
