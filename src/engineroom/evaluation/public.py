"""What other apps may use of evaluations: the one module they may import (import-linter allows
``engineroom.programmes`` and ``engineroom.spread`` to import this and nothing else of
``evaluation``)."""

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


def system_evaluations(system) -> list[tuple[int, str]]:
    """(id, name) of the system's evaluations, newest first: what a model of care's evidence
    may link to."""
    return [(e.pk, e.name) for e in queries.evaluations_in(system)]


def findings(evaluation_ids: Iterable[int], system) -> dict[int, str]:
    """The one-line finding of each of these evaluations that belongs to ``system`` (another
    system's evaluation is not shown: its analysts' work is theirs to publish)."""
    chosen = queries.evaluations_in(system).filter(pk__in=list(evaluation_ids))
    return {e.pk: presenters.evaluated(e) for e in chosen}


__all__ = ["evaluated_effects", "findings", "system_evaluations"]
