"""What other apps may use of evaluations: the one module they may import (import-linter allows
``engineroom.programmes`` to import this and nothing else of ``evaluation``)."""

from __future__ import annotations

from collections.abc import Iterable

from engineroom.evaluation import presenters, queries


def evaluated_effects(benefit_ids: Iterable[int]) -> dict[int, list[str]]:
    """Per benefit, a line for each evaluation linked to it: "Evaluated (...): emergency
    admissions 23% lower, rate ratio 0.77 (95% CI ...)"."""
    found: dict[int, list[str]] = {}
    for evaluation in queries.linked_to(benefit_ids):
        found.setdefault(evaluation.benefit_id, []).append(presenters.evaluated(evaluation))
    return found


__all__ = ["evaluated_effects"]
