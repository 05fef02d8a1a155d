"""Demo spread of good practice (S25): the library of models of care, the main system's adoption
plan (enhanced health in care homes adopted early and fully in its first place, partly in the
second, planned with owners and dates for every other place), and the region's other systems
running it too, so "who else does this" has answers. Written through the app's own actions.

Outcomes need the linked lake: :func:`refresh_outcomes` computes them once it exists (the
population step of the demo calls it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError

from engineroom.demo import files
from engineroom.demo.structure import main_system_code
from engineroom.spread import actions, queries
from engineroom.spread.models import Adoption, ModelOfCare
from engineroom.system.models import Organisation, System


def generate(*, seed: int) -> dict[str, int]:
    """Idempotent: models and adoptions already there are kept as they are."""
    data = files.load("spread.yaml")
    main = System.objects.get(code=main_system_code())
    models = {m["slug"]: _model(m, main) for m in data["models"]}
    made = 0
    for key, rows in data["adoptions"].items():
        system = main if key == "main" else System.objects.get(code=key)
        made += sum(_adoption(system, models[row["model"]], row) for row in rows)
    return {"spread models": len(models), "spread adoptions": made}


def _model(entry: dict, main: System) -> ModelOfCare:
    found = ModelOfCare.objects.filter(slug=entry["slug"]).first()
    if found is not None:
        return found
    text = actions.ModelText(
        name=entry["name"],
        slug=entry["slug"],
        summary=entry["summary"],
        description=entry["description"],
        population=entry["population"],
        components=entry["components"],
        adaptations=entry["adaptations"],
        evidence=[(e["title"], e["url"], e["finding"]) for e in entry["evidence"]],
    )
    return actions.save_model(text, system=main, by=None)


def _adoption(system: System, model: ModelOfCare, row: dict) -> int:
    place = list(system.places.order_by("pk"))[row["place"]]
    hood = None
    if "neighbourhood" in row:
        hood = list(place.neighbourhoods.order_by("code"))[row["neighbourhood"]]
    if Adoption.objects.filter(model=model, place=place, neighbourhood=hood).exists():
        return 0
    parts = queries.components(model)  # the current ones: a retired one is not offered
    chosen = (
        parts if row.get("components") == "all" else [parts[i] for i in row.get("components", [])]
    )
    text = actions.AdoptionText(
        place=place,
        neighbourhood=hood,
        status=row["status"],
        owner=row["owner"],
        owner_organisation=_organisation(system, row.get("organisation")),
        due_on=_date(row),
        adopted_on=dt.date.fromisoformat(row["adopted_on"]) if row.get("adopted_on") else None,
        components=chosen,
        adaptations=row.get("adaptations", ""),
    )
    actions.save_adoption(system, model, text, by=None)
    return 1


def _date(row: dict) -> dt.date:
    if "due_in_days" in row:
        return dt.date.today() + dt.timedelta(days=row["due_in_days"])
    return dt.date.fromisoformat(row["due_on"])


def _organisation(system: System, kind: str | None):
    if kind is None:
        return None
    found = Organisation.objects.filter(footprints__system=system, kind=kind)
    return found.order_by("ods_code").first()


def refresh_outcomes(system: System, var: str | Path) -> dict[str, str]:
    """Outcomes of every model some place of ``system`` has started, from the lake under
    ``var``; a model the data cannot evaluate says why instead of stopping the demo."""
    done = {}
    for model in ModelOfCare.objects.filter(adoptions__system=system).distinct():
        try:
            actions.refresh_outcomes(system, model, var, by=None)
            done[model.slug] = "computed"
        except ValidationError as error:
            done[model.slug] = "; ".join(error.messages)
    return done
