"""Reads of the spread app. The library of models of care is shared by every system; adoptions,
the plan and outcome runs are always read for one system, and other systems' adoptions only
within the same region (for peer learning: who runs it, since when, with what fidelity)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from engineroom.spread.models import Adoption, Component, ModelOfCare, OutcomeRun
from engineroom.spread.rules import UNDER_WAY
from engineroom.system.models import Neighbourhood, Place, System


def library(system: System) -> QuerySet[ModelOfCare]:
    """Every model with ``places_here`` (this system's places under way) and ``systems`` (the
    region's systems running it)."""
    running = Q(adoptions__status__in=UNDER_WAY)
    region = Q(adoptions__system__region_id=system.region_id)
    return ModelOfCare.objects.annotate(
        places_here=Count(
            "adoptions__place", filter=running & Q(adoptions__system=system), distinct=True
        ),
        systems=Count("adoptions__system", filter=running & region, distinct=True),
        components_count=Count("components", filter=Q(components__retired=False), distinct=True),
    )


def model_named(slug: str) -> ModelOfCare:
    found = ModelOfCare.objects.filter(slug=slug).select_related("origin").first()
    if found is None:
        raise Http404("No such model of care.")
    return found


def current_components(model: ModelOfCare) -> QuerySet[Component]:
    """The model's current core components (retired ones live on only in adoptions' records)."""
    return model.components.filter(retired=False)


def components(model: ModelOfCare) -> list[Component]:
    return list(current_components(model))


def _current_parts() -> Prefetch:
    """``adoption.model.components.all()`` as the current components: fidelity's total."""
    return Prefetch("model__components", queryset=Component.objects.filter(retired=False))


def evidence(model: ModelOfCare) -> list:
    return list(model.evidence.select_related("evaluation"))


def adoptions(system: System, model: ModelOfCare | None = None) -> QuerySet[Adoption]:
    """The system's adoptions (of ``model``, or of every model: the plan), with what the
    tables show loaded in the same few queries."""
    found = Adoption.objects.filter(system=system)
    if model is not None:
        found = found.filter(model=model)
    return found.select_related(
        "model", "place", "neighbourhood", "owner_organisation"
    ).prefetch_related("components", _current_parts())


def plan(system: System) -> QuerySet[Adoption]:
    """Every adoption of the system across models, the soonest planned start first."""
    return adoptions(system).order_by("due_on", "model__name", "place__name", "pk")


def adoption(system: System, model: ModelOfCare, pk: int) -> Adoption:
    """One adoption of ``model`` in ``system``; another system's, or none, is not found (404)."""
    found = adoptions(system, model).filter(pk=pk).first()
    if found is None:
        raise Http404("No such adoption.")
    return found


def peers(system: System, model: ModelOfCare) -> QuerySet[Adoption]:
    """Other systems of the region running ``model``: for peer-to-peer learning."""
    return (
        Adoption.objects.filter(
            model=model, system__region_id=system.region_id, status__in=UNDER_WAY
        )
        .exclude(system=system)
        .select_related("system", "place", "neighbourhood", "owner_organisation")
        .prefetch_related("components", _current_parts())
        .order_by("system__name", "adopted_on", "place__name")
    )


def places(system: System) -> list[Place]:
    """The system's places with their neighbourhoods, in code order (the map's rows)."""
    hoods = Prefetch("neighbourhoods", queryset=Neighbourhood.objects.order_by("code"))
    return list(system.places.order_by("code").prefetch_related(hoods))


def neighbourhoods(system: System) -> QuerySet[Neighbourhood]:
    """The system's neighbourhoods with their place, by place and name (the adoption form)."""
    found = Neighbourhood.objects.filter(place__system=system).select_related("place")
    return found.order_by("place__name", "name")


def organisations(system: System) -> QuerySet:
    """The organisations of the system an adoption's owner may belong to."""
    organisation = Adoption._meta.get_field("owner_organisation").related_model
    return organisation.objects.filter(footprints__system=system).distinct().order_by("name")


def latest_run(system: System, model: ModelOfCare) -> OutcomeRun | None:
    return OutcomeRun.objects.filter(system=system, model=model).order_by("-run_at", "-pk").first()
