"""Writes of the evaluation app: running an evaluation and linking it to a programme benefit.

The engine (:func:`engineroom.population.evaluation.evaluate`) runs before the transaction, so
no database lock is held while it works; the evaluation and its audit entry commit together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.evaluation import queries, rules
from engineroom.evaluation.models import Evaluation, Kind, Status
from engineroom.population.evaluation import evaluate
from engineroom.system.models import System
from engineroom.web.population import var_dir


def run_evaluation(
    system: System,
    *,
    name: str,
    description: str,
    homes: Sequence[str],
    start: dt.date,
    by,
) -> Evaluation:
    """Evaluate residents of ``homes`` from ``start`` against matched residents of other care
    homes and store the (suppressed) briefing; refused with a ``ValidationError`` by field."""
    homes = sorted(set(homes))
    known = {h.home for h in queries.care_homes(system)}
    rules.check_request(homes, start, known, queries.data_window())
    result = _run(homes, start)
    return _store(system, name, description, homes, start, result, by=by)


def _run(homes: list[str], start: dt.date) -> dict:
    from engineroom.population.phm.lakeviews import NoLinkedData

    try:
        return evaluate(var_dir(), homes=homes, start=start)
    except (NoLinkedData, FileNotFoundError, ValueError) as error:
        raise ValidationError(f"The evaluation could not run: {error}") from error


@transaction.atomic
def _store(system, name, description, homes, start, result, *, by) -> Evaluation:
    found = Evaluation.objects.create(
        system=system,
        name=name.strip(),
        description=description.strip(),
        kind=Kind.CARE_HOMES,
        homes=homes,
        start=start,
        status=Status.DONE,
        result=result,
        created_by=by,
        run_at=timezone.now(),
    )
    audit.record(
        "evaluation.evaluation_run",
        audit.subject(found),
        by=by,
        reason="secondary use: evaluation (pseudonymised, opt-outs applied, suppressed)",
        details={"name": found.name, "homes": homes, "start": start.isoformat()},
    )
    return found


@transaction.atomic
def link_benefit(evaluation: Evaluation, benefit, *, by) -> Evaluation:
    """Link ``evaluation`` to a programme ``benefit`` of the same system (None unlinks), so the
    quarterly return shows the evaluated effect beside it."""
    rules.same_system(evaluation, benefit)
    evaluation.benefit = benefit
    evaluation.save(update_fields=["benefit"])
    audit.record(
        "evaluation.benefit_linked",
        audit.subject(evaluation),
        by=by,
        details={"benefit": benefit.pk if benefit else None},
    )
    return evaluation
