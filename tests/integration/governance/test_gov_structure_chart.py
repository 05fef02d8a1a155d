"""S4: the structure page draws every body of the demo system and lists the same structure."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from engineroom.governance import services
from engineroom.governance.models import Body
from engineroom.governance.views import chart_nodes

MAIN = "vale-downs"


def sections(page: str) -> tuple[str, str]:
    svg = page[
        page.index('<svg class="er-chart__svg"') : page.index("</svg>", page.index("er-chart__svg"))
    ]
    start = page.index('id="structure"')
    return svg, page[start : page.index("</div>", start)]


def test_the_structure_page_draws_every_body_in_the_svg_and_the_list(client_for, main_system):
    page = client_for("system_leader").get(reverse("governance:index", args=[MAIN]))
    assert page.status_code == 200
    text = page.content.decode()
    svg, listing = sections(text)
    assert 'role="group"' in svg and '<title id="structure-chart-title">' in svg and "<desc" in svg
    bodies = Body.objects.filter(system__code=MAIN)
    assert bodies.count() >= 15
    for body in bodies:
        name = html.escape(body.name)
        href = reverse("governance:body", args=[MAIN, body.code])
        assert f'<a href="{href}" class="er-chart__box' in svg, body.name
        assert f"<title>{name} (" in svg, body.name
        assert f'<a href="{href}">{name}</a>' in listing, body.name
    # Shape plus words, never colour alone.
    assert svg.count('stroke-dasharray="7 4"') == 2  # health and wellbeing board, scrutiny
    assert "External: Health and" in svg and "External: Overview and" in svg
    assert svg.count("er-chart__box--joint") == 2 and ">Joint committee</text>" in svg
    assert ">Committees in common</text>" in svg
    # Delegations are labelled arrows; the list says the same.
    assert "marker-end=" in svg and "Funding allocation up to £2m" in svg
    assert "Delegated authority: Funding allocation up to £2m" in listing
    assert "all categories up to £50m" in svg
    # Level bands, and a viewBox so it scales to the page and to A4 landscape.
    for band in ("System level", "Place level", "Neighbourhood level"):
        assert band in svg
    assert re.search(r'viewBox="0 0 [\d.]+ [\d.]+"', svg)
    assert "governance/structure.css" in text
    # Nesting in the list follows reports-to.
    lg, ue = listing.index("System Leadership Group"), listing.index("Unified Executive Group")
    assert lg < ue < listing.index("Finance Group")


def test_chart_nodes_follow_the_model(main_system):
    nodes = {n.name: n for n in chart_nodes(main_system)}
    ue = nodes["Unified Executive Group"]
    assert nodes["Finance Group"].parent == Body.objects.get(code="unified-executive").pk
    assert ue.style == "body" and ue.detail == "Monthly"
    assert nodes["Joint Committee of Commissioners"].style == "joint"
    assert nodes["Shire Health and Wellbeing Board"].style == "external"
    assert nodes["Finance Group"].delegation == "Funding allocation up to £2m"
    place = next(n for n in nodes.values() if n.level == "place")
    assert place.area and place.delegation.endswith("up to £1m")


def test_the_model_refuses_a_cycle_so_the_chart_never_meets_one(main_system, user_for):
    lg = Body.objects.get(system=main_system, code="leadership-group")
    nt = Body.objects.get(system=main_system, level="neighbourhood")
    with pytest.raises(ValidationError, match="already reports, directly or indirectly"):
        services.save_body(by=user_for("governance"), system=main_system, body=lg, reports_to=nt)
    with pytest.raises(ValidationError, match="already reports, directly or indirectly"):
        services.save_body(by=user_for("governance"), system=main_system, body=lg, reports_to=lg)
