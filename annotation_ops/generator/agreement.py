"""Classification answers and the annotator agreement they give.

Each classified item has a hidden true answer per question; an annotator gives it with a
probability equal to their accuracy, else another option, so agreement follows accuracy.
The vendor modules record every answer they write; `AgreementTruth.rows()` turns them into
Cohen's kappa per (vendor, project, question, pair of annotators).

Answers are compared as strings: a set of options is its distinct values, sorted, joined
with '|' (the empty set is ''). These answers are drawn from random streams of their own, so
adding them leaves every other figure of a generation as it was.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

AGREEMENT = (
    "vendor",
    "project_id",
    "question",
    "annotator_a",
    "annotator_b",
    "items_in_common",
    "answers_agreed",
    "observed_agreement",
    "expected_agreement",
    "cohens_kappa",
)


def set_answer(options: Sequence[str]) -> str:
    """A multi-select answer as compared: distinct options, sorted, joined with '|'."""
    return "|".join(sorted(set(options)))


def pick_one(rng: random.Random, accuracy: float, true: str, options: Sequence[str]) -> str:
    """The true option with probability `accuracy`, else one of the others."""
    if rng.random() < accuracy:
        return true
    return rng.choice([o for o in options if o != true])


def pick_set(
    rng: random.Random, accuracy: float, true: frozenset[str], options: Sequence[str]
) -> frozenset[str]:
    """The true set with probability `accuracy`, else the true set with one option toggled."""
    if rng.random() < accuracy:
        return true
    return true ^ {rng.choice(options)}


def true_set(rng: random.Random, options: Sequence[str], p: float) -> frozenset[str]:
    """Each option independently with probability `p` (the empty set included)."""
    return frozenset(o for o in options if rng.random() < p)


def _figure(value: Fraction) -> str:
    """A ratio to six decimals, trailing zeros dropped."""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


@dataclass
class AgreementTruth:
    """Answers as the warehouse keys them: (vendor, project, item, annotator, question); when an
    annotator answers one question of an item twice (Labelbox: several labels on a data row),
    the answer with the greatest `order` (the label's created_at as written, then its ID) wins."""

    _answers: dict[tuple[str, str, str, str, str], tuple[tuple[object, ...], str]] = field(
        default_factory=dict
    )

    def answer(
        self,
        vendor: str,
        project_id: str,
        item_id: str,
        annotator: str,
        question: str,
        answer: str,
        order: tuple[object, ...] = (),
    ) -> None:
        key = (vendor, project_id, item_id, annotator, question)
        held = self._answers.get(key)
        if held is None or held[0] <= order:
            self._answers[key] = (order, answer)

    def rows(self) -> list[tuple[object, ...]]:
        by_question: dict[tuple[str, str, str], dict[str, dict[str, str]]] = {}
        for (vendor, project_id, item_id, annotator, question), (_, ans) in self._answers.items():
            per_annotator = by_question.setdefault((vendor, project_id, question), {})
            per_annotator.setdefault(annotator, {})[item_id] = ans
        out: list[tuple[object, ...]] = []
        for (vendor, project_id, question), per_annotator in sorted(by_question.items()):
            annotators = sorted(per_annotator, key=lambda a: (a.lower(), a))
            for a, b in combinations(annotators, 2):
                common = sorted(per_annotator[a].keys() & per_annotator[b].keys())
                if not common:
                    continue
                answers_a = [per_annotator[a][i] for i in common]
                answers_b = [per_annotator[b][i] for i in common]
                n = len(common)
                agreed = sum(x == y for x, y in zip(answers_a, answers_b, strict=True))
                observed = Fraction(agreed, n)
                expected = sum(
                    (
                        Fraction(answers_a.count(c), n) * Fraction(answers_b.count(c), n)
                        for c in set(answers_a) | set(answers_b)
                    ),
                    Fraction(0),
                )
                kappa = "" if expected == 1 else _figure((observed - expected) / (1 - expected))
                out.append(
                    (
                        vendor,
                        project_id,
                        question,
                        a,
                        b,
                        n,
                        agreed,
                        _figure(observed),
                        _figure(expected),
                        kappa,
                    )
                )
        return out
