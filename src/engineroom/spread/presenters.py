"""What the spread pages show: the library and the plan, a model's adoption as a tile map and a
table, its outcomes as control charts recalculated at each place's adoption, and its peers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from engineroom.population.spc.result import SpcOptions
from engineroom.population.spc.xmr import xmr
from engineroom.spread import rules
from engineroom.spread.models import AdoptionStatus, Population
from engineroom.web import charts, formatting
from engineroom.web.charts.spc import SpcFigure

# Status -> (fill, stroke): pale fills so the words on a tile keep their contrast.
STATUS_COLOURS = {
    AdoptionStatus.ADOPTED: ("#cce5d8", charts.GREEN),
    AdoptionStatus.STARTED: ("#c6dcf2", charts.BLUE),
    AdoptionStatus.PLANNED: ("#fff1c7", "#7a5b00"),
    AdoptionStatus.STOPPED: ("#f6d4d1", charts.RED),
    rules.NOT_PLANNED: ("#ffffff", charts.GREY),
}
PERIOD_WORDS = {"month": "by month", "quarter": "by quarter"}


def library_rows(models: Iterable, places: int) -> list[dict]:
    return [
        {
            "model": m,
            "places": f"{m.places_here} of {places}",
            "systems": formatting.number(m.systems),
        }
        for m in models
    ]


def adoption_row(adoption, today: dt.date) -> dict:
    """One adoption as the tables show it (the plan, the model's adoption, the exports)."""
    total = len(adoption.model.components.all())
    return {
        "adoption": adoption,
        "model": adoption.model.name,
        "place": adoption.place.name,
        "neighbourhood": adoption.neighbourhood.name if adoption.neighbourhood else "Whole place",
        "status": adoption.get_status_display(),
        "owner": adoption.owner,
        "organisation": str(adoption.owner_organisation or ""),
        "due_on": formatting.date(adoption.due_on),
        "adopted_on": formatting.date(adoption.adopted_on) if adoption.adopted_on else "Not yet",
        "fidelity": rules.fidelity(adoption.components.all(), total),
        "adaptations": adoption.adaptations or "None",
        "overdue": rules.is_overdue(adoption.status, adoption.due_on, today),
    }


def adoption_rows(adoptions: Iterable, today: dt.date) -> list[dict]:
    return [adoption_row(a, today) for a in adoptions]


def adoption_map(model, places: Sequence, adoptions: Sequence) -> charts.Chart:
    """Every neighbourhood of every place, by the status of the model there."""
    own = {a.neighbourhood_id: a.status for a in adoptions if a.neighbourhood_id}
    whole = {a.place_id: a.status for a in adoptions if a.neighbourhood_id is None}
    rows = []
    for place in places:
        tiles = []
        for hood in place.neighbourhoods.all():
            status = rules.tile_status(own.get(hood.pk), whole.get(place.pk))
            fill, stroke = STATUS_COLOURS[status]
            tiles.append(charts.Tile(hood.name, rules.STATUS_WORDS[status], fill, stroke))
        rows.append(charts.TileRow(place.name, tiles))
    legend = [(rules.STATUS_WORDS[s], fill) for s, (fill, _) in STATUS_COLOURS.items()]
    return charts.tile_map(
        f"{model.name}: adoption by place and neighbourhood",
        rows,
        legend=legend,
        headers=("Place", "Neighbourhood", "Status"),
    )


def outcome_charts(run, model, place_names: dict[str, str]) -> list[dict]:
    """Each adopting place's rate as an XmR chart with limits recalculated from its adoption."""
    if run is None:
        return []
    who = "care home residents" if model.population == Population.CARE_HOME_RESIDENTS else ""
    shown = []
    for code, series in run.result.get("places", {}).items():
        name, start = place_names.get(code, code), dt.date.fromisoformat(series["start"])
        found = {"place": name, "start": formatting.date(start), "figure": None}
        found["id"] = f"outcome-{code}"
        if series["period"] is None:
            shown.append(found | {"note": series.get("note", "no data")})
            continue
        found["figure"] = place_chart(name, series, start, who)
        found["period"] = PERIOD_WORDS[series["period"]]
        shown.append(found)
    return shown


def place_chart(name: str, series: dict, start: dt.date, who: str) -> SpcFigure:
    """One place's published rate, recalculated at the first period on or after ``start``."""
    points = series["points"]
    dates = [dt.date.fromisoformat(p["period"]) for p in points]
    at = [i for i, d in enumerate(dates) if d >= start.replace(day=1) and i > 0][:1]
    if series["period"] == "quarter":
        quarter = start.replace(month=(start.month - 1) // 3 * 3 + 1, day=1)
        at = [i for i, d in enumerate(dates) if d >= quarter and i > 0][:1]
    result = xmr(
        [p["rate"] for p in points], options=SpcOptions(improvement="decrease"), rebase_at=at
    )
    per = f"per 1,000 {who}".strip() if who else "per 1,000 people"
    chart = charts.spc_chart(
        f"{name}: emergency admissions {per}, {PERIOD_WORDS[series['period']]}",
        dates,
        result,
        axis_label=f"Admissions {per}",
        tick_format=lambda v: formatting.number(v, 1),
        value_format=lambda v: formatting.number(v, 2),
        caption_detail=f"Limits recalculated from {formatting.month(start)}, when it started. "
        "Rates are built on counts rounded to the nearest 5.",
    )
    return SpcFigure(chart, result)


def evaluation_summary(run) -> dict | None:
    """The difference-in-differences against the places not adopting, or why it did not run."""
    if run is None:
        return None
    found = run.result.get("evaluation") or {}
    if not found.get("ran"):
        return {"ran": False, "why": found.get("why", "not run")}
    did = found["did"]
    return {
        "ran": True,
        "key_point": found["key_point"],
        "start": formatting.date(dt.date.fromisoformat(found["start"])),
        "adopting": found["practices"]["adopting"],
        "comparison": found["practices"]["units"] - found["practices"]["adopting"],
        "left_out": found["practices"].get("left_out", 0),
        "rate_ratio": _ratio(did.get("rate_ratio")),
        "ci": f"{_ratio(did.get('ci_low'))} to {_ratio(did.get('ci_high'))}",
    }


def _ratio(value) -> str:
    return "no estimate" if value is None else formatting.number(value, places=2)


def peer_rows(adoptions: Iterable) -> list[dict]:
    """Other systems running the model, one row per system: places, since, fidelity, owners."""
    systems: dict[int, dict] = {}
    for a in adoptions:
        row = systems.setdefault(
            a.system_id, {"system": a.system.name, "places": [], "since": a.adopted_on, "who": []}
        )
        total = len(a.model.components.all())
        where = a.neighbourhood.name if a.neighbourhood else a.place.name
        row["places"].append(f"{where} ({rules.fidelity(a.components.all(), total)})")
        row["since"] = min((d for d in (row["since"], a.adopted_on) if d), default=None)
        org = f", {a.owner_organisation}" if a.owner_organisation else ""
        row["who"].append(f"{a.owner}{org}")
    return [
        r | {"since": _since(r["since"]), "who": sorted(set(r["who"]))} for r in systems.values()
    ]


def _since(day: dt.date | None) -> str:
    """A peer's earliest start; one under way without a start date (recorded before dates were
    required, or by another route) says so rather than guessing."""
    return formatting.date(day) if day else "date not recorded"


def evidence_rows(evidence: Iterable, findings: dict[int, str]) -> list[dict]:
    """Published studies with their links, and this system's evaluations with their finding."""
    rows = []
    for e in evidence:
        if e.evaluation_id is None:
            rows.append({"title": e.title, "url": e.url, "finding": e.finding, "evaluation": None})
        elif e.evaluation_id in findings:
            rows.append(
                {
                    "title": e.title,
                    "url": "",
                    "finding": findings[e.evaluation_id],
                    "evaluation": e.evaluation_id,
                }
            )
    return rows


def model_context(system, model, today: dt.date) -> dict:
    """Everything the model page, its XLSX and its PDF show, read once."""
    from engineroom.evaluation.public import findings
    from engineroom.spread import queries

    adoptions = list(queries.adoptions(system, model))
    places = queries.places(system)
    evidence = queries.evidence(model)
    run = queries.latest_run(system, model)
    ids = [e.evaluation_id for e in evidence if e.evaluation_id]
    return {
        "model": model,
        "can_change_model": rules.may_change_model(model, system),
        "components": queries.components(model),
        "evidence": evidence_rows(evidence, findings(ids, system)),
        "rows": adoption_rows(adoptions, today),
        "adoption_map": adoption_map(model, places, adoptions),
        "run": run,
        "outcomes": outcome_charts(run, model, {p.code: p.name for p in places}),
        "evaluation": evaluation_summary(run),
        "peers": peer_rows(queries.peers(system, model)),
    }
