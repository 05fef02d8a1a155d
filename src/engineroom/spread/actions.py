"""Writes of the spread app: the library of models of care, adoptions (which are also the plan)
and the outcome run. Each is atomic and audited.

Only the system that added a model to the (shared) library changes it. Editing a model keeps
the components whose names are unchanged, so the fidelity adoptions have recorded against them
survives a reworded description or a new component; a component dropped while some adoption
records delivering it is retired rather than deleted (see ``Component``), and comes back if it
is named again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.spread import queries, rules
from engineroom.spread.models import Adoption, Component, Evidence, ModelOfCare, OutcomeRun
from engineroom.system import queries as system_queries
from engineroom.system.models import System

RESERVED = {"new"}  # S/new/ adds a model: no model may be called that


@dataclass(frozen=True)
class ModelText:
    """What a model of care says: its words, components, adaptations and evidence."""

    name: str
    slug: str
    summary: str
    description: str
    population: str
    components: Sequence[str] = ()
    adaptations: Sequence[str] = ()
    evidence: Sequence[tuple[str, str, str]] = ()  # (title, url, finding)
    evaluations: Sequence[int] = ()  # Engine Room evaluations of the editing system


@transaction.atomic
def save_model(
    text: ModelText, *, model: ModelOfCare | None = None, system: System, by
) -> ModelOfCare:
    """Add ``text`` to the library (``model`` None) or rewrite ``model`` with it (only the
    system that added ``model`` may)."""
    if model is not None and not rules.may_change_model(model, system):
        raise PermissionDenied("Only the system that added this model of care changes it.")
    clash = ModelOfCare.objects.filter(slug=text.slug).exclude(pk=getattr(model, "pk", None))
    if clash.exists() or text.slug in RESERVED:
        raise ValidationError({"slug": "Another model of care or a page has this short name."})
    created = model is None
    model = model or ModelOfCare(origin=system)
    for field in ("name", "slug", "summary", "description", "population"):
        setattr(model, field, getattr(text, field).strip())
    model.adaptations_allowed = list(text.adaptations)
    model.full_clean(exclude=["origin"])
    model.save()
    _components(model, text.components)
    _evidence(model, text, system)
    event = "spread.model_added" if created else "spread.model_changed"
    audit.record(event, audit.subject(model), by=by, details={"slug": model.slug})
    return model


def _components(model: ModelOfCare, names: Sequence[str]) -> None:
    """Keep the components named again (in the new order; a retired one comes back), add new
    ones, and drop the rest: retired if an adoption records delivering it, else deleted."""
    held = {c.name: c for c in model.components.all()}
    for position, name in enumerate(names):
        found = held.pop(name[:200], None) or Component(model=model, name=name[:200])
        found.position, found.retired = position, False
        found.save()
    dropped = Component.objects.filter(pk__in=[c.pk for c in held.values()])
    dropped.filter(delivered_by__isnull=False).update(retired=True)
    dropped.filter(delivered_by__isnull=True).delete()


def _evidence(model: ModelOfCare, text: ModelText, system: System) -> None:
    """Published studies as given; Engine Room evaluations of ``system`` as chosen (another
    system's linked evaluations are theirs and stay)."""
    own = {pk for pk, _ in _evaluations(system)}
    unknown = set(text.evaluations) - own
    if unknown:
        raise ValidationError({"evaluations": "Choose evaluations of this system."})
    model.evidence.filter(evaluation=None).delete()
    model.evidence.filter(evaluation_id__in=own).delete()
    Evidence.objects.bulk_create(
        [Evidence(model=model, title=t, url=u, finding=f) for t, u, f in text.evidence]
    )
    names = dict(_evaluations(system))
    Evidence.objects.bulk_create(
        [Evidence(model=model, title=names[pk], evaluation_id=pk) for pk in text.evaluations]
    )


def _evaluations(system: System) -> list[tuple[int, str]]:
    from engineroom.evaluation.public import system_evaluations

    return system_evaluations(system)


@dataclass(frozen=True)
class AdoptionText:
    place: object
    status: str
    owner: str
    due_on: dt.date
    neighbourhood: object = None
    owner_organisation: object = None
    adopted_on: dt.date | None = None
    components: Sequence[Component] = ()
    adaptations: str = ""
    notes: str = ""


@transaction.atomic
def save_adoption(
    system: System, model: ModelOfCare, text: AdoptionText, *, adoption=None, by
) -> Adoption:
    """Plan an adoption (status planned, an owner and a planned start) or record its progress."""
    rules.check_adoption(
        system=system,
        place=text.place,
        neighbourhood=text.neighbourhood,
        status=text.status,
        adopted_on=text.adopted_on,
        components=text.components,
        model=model,
    )
    _check_unique(system, model, text, adoption)
    created = adoption is None
    adoption = adoption or Adoption(model=model, system=system)
    for field in ("place", "neighbourhood", "status", "owner_organisation", "due_on"):
        setattr(adoption, field, getattr(text, field))
    adoption.adopted_on = text.adopted_on
    adoption.owner, adoption.adaptations = text.owner.strip(), text.adaptations.strip()
    adoption.notes, adoption.updated_by, adoption.updated_at = (
        text.notes.strip(),
        by,
        timezone.now(),
    )
    adoption.save()
    kept = adoption.components.filter(retired=True) if not created else []
    adoption.components.set([*text.components, *kept])  # the form offers current ones only
    audit.record(
        "spread.adoption_planned" if created else "spread.adoption_changed",
        audit.subject(adoption),
        by=by,
        details={"model": model.slug, "place": text.place.code, "status": text.status},
    )
    return adoption


def _check_unique(system, model, text: AdoptionText, adoption) -> None:
    same = queries.adoptions(system, model).filter(
        place=text.place, neighbourhood=text.neighbourhood
    )
    if same.exclude(pk=getattr(adoption, "pk", None)).exists():
        where = text.neighbourhood or text.place
        raise ValidationError({"place": f"{where.name} already has this model in the plan."})


def refresh_outcomes(system: System, model: ModelOfCare, var, *, by) -> OutcomeRun:
    """Compute outcomes before and after adoption from the linked lake under ``var`` (outside
    the transaction: no lock is held while the engine reads) and store them, suppressed."""
    from engineroom.population.evaluation.places import outcomes
    from engineroom.population.phm.lakeviews import NoLinkedData

    starts = _starts(system, model)
    if not starts:
        raise ValidationError("No place of this system has started the model yet.")
    practices = system_queries.practice_areas(system)
    treated, left_out = rules.arms(practices, queries.adoptions(system, model))
    try:
        result = outcomes(
            var,
            practice_place={code: place for code, (place, _) in practices.items()},
            starts=starts,
            population=model.population,
            treated=treated,
            left_out=left_out,
        )
    except (NoLinkedData, FileNotFoundError, ValueError) as error:
        raise ValidationError(f"The outcomes could not be computed: {error}") from error
    return _store_run(system, model, result, by=by)


def _starts(system: System, model: ModelOfCare) -> dict[str, dt.date]:
    """Each place's first start of the model (a neighbourhood's start counts for its place)."""
    starts: dict[str, dt.date] = {}
    for a in queries.adoptions(system, model).filter(status__in=rules.UNDER_WAY):
        if a.adopted_on and (a.place.code not in starts or a.adopted_on < starts[a.place.code]):
            starts[a.place.code] = a.adopted_on
    return starts


@transaction.atomic
def _store_run(system, model, result: dict, *, by) -> OutcomeRun:
    run = OutcomeRun.objects.create(model=model, system=system, result=result, run_by=by)
    audit.record(
        "spread.outcomes_refreshed",
        audit.subject(run),
        by=by,
        reason="secondary use: outcomes by place (pseudonymised, opt-outs applied, suppressed)",
        details={"model": model.slug, "places": sorted(result["places"])},
    )
    return run
