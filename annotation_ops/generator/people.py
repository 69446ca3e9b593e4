"""People: annotators with their own speed and accuracy, reviewers and admins.

A person has one email across vendors; each vendor shows them its own way (CrowdAI only by
display name). The roster remembers every vendor identity that was written to a file, which
becomes `_truth/people.csv`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .timefmt import DAY, weekday

FIRST_NAMES = (
    "Maria",
    "Jamal",
    "Aiko",
    "Lukas",
    "Priya",
    "Tomasz",
    "Amara",
    "Diego",
    "Sofia",
    "Kwame",
    "Elena",
    "Ravi",
    "Hannah",
    "Mateo",
    "Yuki",
    "Omar",
    "Ingrid",
    "Chen",
    "Fatima",
    "Noah",
    "Leila",
    "Samuel",
    "Zara",
    "Ivan",
    "Grace",
    "Tariq",
    "Nina",
    "Felipe",
    "Mei",
    "Oskar",
    "Ayesha",
    "Daniel",
    "Chiara",
    "Kofi",
    "Lena",
    "Arjun",
    "Rosa",
    "Emre",
    "Hana",
    "Victor",
    "Nadia",
    "Pedro",
    "Sunita",
    "Jonas",
    "Adaeze",
    "Marco",
    "Freya",
    "Hiro",
    "Lucia",
    "Bilal",
)
LAST_NAMES = (
    "Lopez",
    "Okafor",
    "Tanaka",
    "Weber",
    "Sharma",
    "Nowak",
    "Mensah",
    "Garcia",
    "Rossi",
    "Boateng",
    "Petrova",
    "Iyer",
    "Schmidt",
    "Fernandez",
    "Sato",
    "Haddad",
    "Larsen",
    "Wang",
    "Rahman",
    "Nguyen",
    "Karimi",
    "Adeyemi",
    "Ali",
    "Volkov",
    "Kim",
    "Aziz",
    "Novak",
    "Costa",
    "Lin",
    "Berg",
    "Siddiqui",
    "Cohen",
    "Romano",
    "Asante",
    "Fischer",
    "Menon",
    "Silva",
    "Yilmaz",
    "Park",
    "Dubois",
    "Hassan",
    "Oliveira",
    "Reddy",
    "Jensen",
    "Eze",
    "Bianchi",
    "Holm",
    "Yamamoto",
    "Moreno",
    "Chaudhry",
)

WORKFORCE_DOMAINS = ("labelcrew.example", "pixelforce.example")
CLIENT_DOMAIN = "northwind.example"
FREELANCE_DOMAIN = "freelance.example"


@dataclass(frozen=True)
class Person:
    """One human. Speed multiplies task durations (below 1 = fast); accuracy drives reviews."""

    key: str
    name: str
    email: str
    profile: str
    speed: float
    accuracy: float
    skip_rate: float
    shift_start: int
    shift_len: int
    weekends: bool

    def works_on(self, day: int) -> bool:
        return self.weekends or weekday(day) < 5

    def next_work_time(self, t: int) -> int:
        """`t` when inside a shift (shifts may cross midnight), else the next shift start."""
        rel = t - self.shift_start
        day, within = divmod(rel, DAY)
        if within < self.shift_len and self.works_on(day):
            return t
        day += 1
        while not self.works_on(day):
            day += 1
        return day * DAY + self.shift_start


PROFILES: dict[str, tuple[tuple[float, float], tuple[float, float], tuple[float, float]]] = {
    # profile: (speed range, accuracy range, skip-rate range)
    "fast_sloppy": ((0.5, 0.65), (0.70, 0.80), (0.04, 0.08)),
    "slow_accurate": ((1.35, 1.7), (0.95, 0.99), (0.005, 0.015)),
    "steady": ((0.85, 1.15), (0.85, 0.93), (0.01, 0.03)),
    "reviewer": ((0.8, 1.2), (0.96, 0.99), (0.0, 0.0)),
    "admin": ((0.9, 1.1), (0.98, 0.99), (0.0, 0.0)),
}
LABELER_MIX = ("fast_sloppy", "slow_accurate", "steady", "steady", "steady")
DAY_SHIFTS = (6, 7, 8, 9, 10, 13, 14)


@dataclass(frozen=True)
class Identity:
    person_key: str
    vendor: str
    vendor_user_id: str
    display_name: str
    email: str


class Roster:
    """Creates people with unique names and records how each vendor shows them."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._names: set[str] = set()
        self._count = 0
        self._identities: dict[tuple[str, str], Identity] = {}

    def _unique_name(self, rng: random.Random) -> str:
        for attempt in range(12):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = (
                f"{first} {last}" if attempt < 6 else f"{first} {rng.choice(LAST_NAMES)[0]}. {last}"
            )
            if name not in self._names:
                return name
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {self._count + 1}"

    def new_person(
        self,
        rng: random.Random,
        profile: str,
        domain: str,
        *,
        shift_hour: int | None = None,
        weekends: bool | None = None,
    ) -> Person:
        name = self._unique_name(rng)
        self._names.add(name)
        self._count += 1
        speed, accuracy, skip = PROFILES[profile]
        hour = rng.choice(DAY_SHIFTS) if shift_hour is None else shift_hour
        local = name.lower().replace(".", "").replace(" ", ".")
        return Person(
            key=f"P{self._count:05d}",
            name=name,
            email=f"{local}@{domain}",
            profile=profile,
            speed=round(rng.uniform(*speed), 3),
            accuracy=round(rng.uniform(*accuracy), 3),
            skip_rate=round(rng.uniform(*skip), 4),
            shift_start=hour * 3600 + rng.randrange(0, 3600, 60),
            shift_len=rng.choice((7, 8, 8, 9)) * 3600,
            weekends=rng.random() < 0.15 if weekends is None else weekends,
        )

    def labelers(self, rng: random.Random, n: int, domain: str) -> list[Person]:
        return [self.new_person(rng, LABELER_MIX[i % len(LABELER_MIX)], domain) for i in range(n)]

    def note(self, person: Person, vendor: str, vendor_user_id: str, email: str) -> None:
        """Remember that `vendor` shows `person` as `vendor_user_id` (and `email`, '' if none)."""
        key = (vendor, vendor_user_id)
        if key not in self._identities:
            self._identities[key] = Identity(person.key, vendor, vendor_user_id, person.name, email)

    def identities(self) -> list[Identity]:
        return sorted(self._identities.values(), key=lambda i: (i.person_key, i.vendor))

    def identity_map(self) -> list[tuple[str, str, str, str]]:
        """(vendor, user, person_key, person_name) of every identity of every person seen at
        CrowdAI, whose display names no email can tie to the person's other accounts."""
        identities = self.identities()
        at_crowdai = {i.person_key for i in identities if i.vendor == "crowdai"}
        return [
            (i.vendor, i.vendor_user_id, i.person_key, i.display_name)
            for i in identities
            if i.person_key in at_crowdai
        ]
