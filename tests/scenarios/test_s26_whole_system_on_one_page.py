"""S26 The whole system on one page: the system leader signs in and sees the finance position
against the control total, programmes by RAG, decisions waiting on sovereign boards, the
population headline and oversight flags, each linking to its detail; every other role lands on the page made for
its day."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from engineroom.home import rules

MAIN = "vale-downs"
PANEL_LINKS = {
    "finance": "The system's finance position",
    "programmes": "The portfolio",
    "ratifications": "All decisions",
    "population": "Population health",
    "oversight": "Oversight against the national standards",
}


def _links(html: str, section: str) -> dict[str, str]:
    """The links inside one panel, by their text."""
    start = html.index(f'id="panel-{section}"')
    block = html[start : html.index("</section>", start)]
    return {
        " ".join(re.sub("<[^>]+>", "", text).split()): href
        for href, text in re.findall(r'<a[^>]* href="([^"]+)"[^>]*>(.*?)</a>', block, re.S)
    }


def test_s26_the_system_leader_sees_the_whole_system_on_one_page(client_for, phm_site):
    leader = client_for("system_leader")
    response = leader.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("system-home", args=[MAIN])
    panels = response.context["panels"]
    assert list(panels) == list(PANEL_LINKS)
    position = panels["finance"].position
    assert position.control_total != 0 and position.forecast != 0
    assert sum(panels["programmes"].by_rag.values()) + panels["programmes"].unreported >= 5
    assert panels["ratifications"], "the demo has decisions waiting on partners' boards"
    assert all(w.blockers for w in panels["ratifications"])
    assert panels["population"].area["population"] not in (None, 0)
    assert "sample of the" in panels["population"].sample_note  # the demo's people are a sample
    assert panels["oversight"].segment and panels["oversight"].measures >= 25
    html = response.content.decode()
    for section, label in PANEL_LINKS.items():
        links = _links(html, section)
        assert label in links, (section, links)
        for href in links.values():  # every panel links to pages that open
            assert leader.get(href).status_code == 200, href


LANDS_ON = {
    "pmo": ("system-home", [MAIN]),
    "finance": ("system-home", [MAIN]),
    "governance": ("system-home", [MAIN]),
    "data_manager": ("system-home", [MAIN]),
    "analyst": ("population_health:index", [MAIN]),
    "clinician": ("population_health:worklist", [MAIN, "risk"]),
    "caldicott": ("record:review", [MAIN]),  # break-glass uses to review
    "public": ("governance:public-systems", []),
    "regulator": ("oversight:region", ["demo-region"]),  # across the region's systems
}


@pytest.mark.parametrize("role", sorted(LANDS_ON))
def test_s26_every_other_role_lands_on_the_page_made_for_its_day(client_for, role, phm_site):
    response = client_for(role).get("/", follow=True)
    name, args = LANDS_ON[role]
    assert response.status_code == 200
    final = response.redirect_chain[-1][0] if response.redirect_chain else "/"
    assert final == reverse(name, args=args)
    if name == "system-home":  # the panels made for that role, in page order
        assert list(response.context["panels"]) == rules.panels_for({role})
        assert set(response.context["panels"]) == set(rules.PANELS_BY_ROLE[role])
    assert set(LANDS_ON) | {"system_leader"} == set(ROLES)
