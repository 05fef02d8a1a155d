"""S4: the structure page draws every body of the system and lists the same structure."""

from __future__ import annotations

import html
import re

from django.urls import reverse

from engineroom.governance import presenters, queries
from engineroom.web import charts


def sections(page: str) -> tuple[str, str]:
    """The chart's SVG and the structure list of the page."""
    figure = page.index('<figure class="er-chart" id="structure-chart">')
    svg = page[page.index("<svg", figure) : page.index("</svg>", figure)]
    start = page.index('id="structure"')
    return svg, page[start : page.index("</div>", start)]


def test_the_structure_page_draws_every_body_in_the_svg_and_the_list(world, member, signed_in):
    code = world.system.code
    page = signed_in(member("system_leader")).get(reverse("governance:index", args=[code]))
    assert page.status_code == 200
    text = page.content.decode()
    svg, listing = sections(text)
    assert 'role="group"' in svg and '<title id="structure-chart-title">' in svg
    assert f"Structure chart of {html.escape(world.system.name)}" in svg
    assert '<desc id="structure-chart-desc">9 bodies in 3 level bands' in svg
    assert 'aria-describedby="structure-chart-desc"' in svg
    bodies = queries.bodies(world.system)
    assert bodies.count() == 9
    for body in bodies:
        name = html.escape(body.name)
        href = reverse("governance:body", args=[code, body.code])
        assert f'<a href="{href}" aria-label="{name} (' in svg, body.name  # a named link
        assert f"<title>{name} (" in svg, body.name
        assert f'<a href="{href}">{name}</a>' in listing, body.name
    # Shape plus words, never colour alone.
    assert svg.count('stroke-dasharray="7 4"') == 2  # health and wellbeing board, scrutiny
    assert "External: Health and" in svg and "External: Overview and" in svg
    assert svg.count("er-chart__box--joint") == 2 and ">Joint committee</text>" in svg
    assert ">Committees in common</text>" in svg
    # Delegations are labelled arrows; the list says the same.
    arrows = svg.count('class="er-chart__arrow"')
    assert arrows == 6  # leadership (from the ICB), executive, finance, place, hood, joint
    assert "<title>Delegated authority: Funding allocation up to £2m</title>" in svg
    assert "Funding allocation up to £2m" in svg
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


def test_chart_nodes_follow_the_model(world):
    bodies, delegations = queries.structure(world.system)
    nodes = {n.name: n for n in presenters.chart_nodes(world.system, bodies, delegations)}
    ue = nodes["Unified Executive Group"]
    assert nodes["Finance Group"].parent == world.bodies.executive.pk
    assert ue.style == "body" and ue.detail == "Monthly"
    assert ue.delegation == "Funding allocation, service change up to £10m"
    assert nodes["Joint Committee of Commissioners"].style == "joint"
    assert nodes["Provider Committees in Common"].style == "joint"
    assert nodes["Shire Health and Wellbeing Board"].style == "external"
    assert nodes["Finance Group"].delegation == "Funding allocation up to £2m"
    assert nodes["System Leadership Group"].delegation == (
        "From NHS Vale ICB: all categories up to £50m"
    )
    place = next(n for n in nodes.values() if n.level == "place")
    assert place.area == "Ashby" and place.delegation.endswith("up to £1m")
    hood = next(n for n in nodes.values() if n.level == "neighbourhood")
    assert hood.area == "Ashby, Ashby North" and hood.delegation.endswith("up to £100k")


def test_the_structure_chart_is_drawn_whole_with_text_of_12_px_or_more(world):
    chart = presenters.structure(world.system).chart
    right, bottom = chart.x0 + chart.width, chart.y0 + chart.height
    for shape in chart.shapes:
        left, top, far, low = charts.bounds(shape)
        assert chart.x0 <= left and chart.y0 <= top and far <= right and low <= bottom, shape
    sizes = [float(s.attrs["font-size"]) for s in chart.shapes if s.kind == "text"]
    assert len(sizes) > 30 and min(sizes) >= 12
