"""A model's adoption view as XLSX and as an A4 PDF, through the one export path
(``web.downloads``): the adoption table, the outcomes already suppressed by the engine, and the
peers. Nothing here is person-level."""

from __future__ import annotations

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from engineroom.population.phm.suppression import publishable
from engineroom.web import downloads
from engineroom.web.downloads import Column

FORMATS = ("xlsx", "pdf")
ADOPTION_COLUMNS = [
    Column(h)
    for h in (
        "Place",
        "Neighbourhood",
        "Status",
        "Owner",
        "Organisation",
        "Planned start",
        "Started on",
        "Fidelity",
        "Adaptations",
        "Overdue",
    )
]
OUTCOME_COLUMNS = [
    Column("Place"),
    Column("Period starting"),
    Column("Emergency admissions", "number"),
    Column("People", "number"),
    Column("Rate per 1,000", "number"),
]


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404("the adoption view downloads as XLSX or PDF")


def filename(system, model, fmt: str) -> str:
    return f"spread-{system.code}-{model.slug}.{fmt}"


def adoption_rows(rows: list[dict]) -> list[list]:
    keys = ("place", "neighbourhood", "status", "owner", "organisation", "due_on")
    return [
        [
            *(r[k] for k in keys),
            r["adopted_on"],
            r["fidelity"],
            r["adaptations"],
            "Yes" if r["overdue"] else "No",
        ]
        for r in rows
    ]


def outcome_rows(run, names: dict[str, str]) -> list[list]:
    if run is None:
        return []
    return [
        [
            names.get(code, code),
            p["period"],
            publishable(p["events"]),
            publishable(p["people"]),
            p["rate"],
        ]
        for code, series in run.result.get("places", {}).items()
        for p in series["points"]
    ]


def sheets(context: dict, names: dict[str, str]) -> list[downloads.Sheet]:
    model, evaluation = context["model"], context["evaluation"] or {}
    about = [["Model of care", model.name], ["Summary", model.summary]]
    about += [["Core component", c.name] for c in context["components"]]
    about += [["Adaptation allowed", a] for a in model.adaptations_allowed]
    about += [
        ["Evidence", f"{e['title']} {e['url']} {e['finding']}".strip()] for e in context["evidence"]
    ]
    about += [
        [
            "Evaluation against places not adopting",
            evaluation.get("key_point") or evaluation.get("why", "Not computed yet"),
        ]
    ]
    peers = [
        [p["system"], "; ".join(p["places"]), p["since"], "; ".join(p["who"])]
        for p in context["peers"]
    ]
    return [
        downloads.Sheet("Model", [Column("Item"), Column("Detail")], about),
        downloads.Sheet("Adoption", ADOPTION_COLUMNS, adoption_rows(context["rows"])),
        downloads.Sheet("Outcomes", OUTCOME_COLUMNS, outcome_rows(context["run"], names)),
        downloads.Sheet(
            "Who else does this",
            [Column("System"), Column("Where (fidelity)"), Column("Since"), Column("Owners")],
            peers,
        ),
    ]


def xlsx(system, context: dict, names: dict[str, str]) -> downloads.Download:
    name = filename(system, context["model"], "xlsx")
    return downloads.xlsx(name, sheets(context, names))


def pdf(system, context: dict, *, base_url: str) -> downloads.Download:
    """The adoption view as an A4 PDF (WeasyPrint, through ``web.downloads``)."""
    html = render_to_string(
        "spread/model_pdf.html", {**context, "system": system, "produced": timezone.localdate()}
    )
    name = filename(system, context["model"], "pdf")
    return downloads.pdf(name, html, base_url=base_url, stylesheets=[downloads.PAPER_CSS])
