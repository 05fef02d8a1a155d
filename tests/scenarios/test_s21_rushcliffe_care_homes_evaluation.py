"""S21 Rushcliffe care homes evaluation: enhanced support for care home residents is evaluated
against a matched comparison group [A&E attendances -29%, emergency admissions -23%, no change in
length of stay]; the method recovers a known effect planted in synthetic data.

Told through the pages: an analyst chooses the homes the generator gave enhanced support, from
its start date, reads the briefing, links it to a programme benefit, and the quarterly return
shows the evaluated effect."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from engineroom.evaluation.models import Evaluation
from engineroom.population.evaluation.planted import truth
from engineroom.programmes.models import Benefit
from engineroom.web.periods import Quarter, add_months

MAIN = "vale-downs"


@pytest.fixture
def planted(phm_site):
    return truth(phm_site)


def _full_quarter() -> Quarter:
    """The most recent quarter whose three months all have demo reports (as S10 finds it)."""
    q = Quarter.of(add_months(dt.date.today().replace(day=1), -1))
    return q.previous() if q.months[-1] >= dt.date.today().replace(day=1) else q


def _run(client, planted) -> Evaluation:
    form = client.get(reverse("evaluation:new", args=[MAIN]))
    offered = {value for value, _ in form.context["form"].fields["homes"].choices}
    assert set(planted["homes"]) <= offered  # the planted homes are there to choose
    response = client.post(
        reverse("evaluation:new", args=[MAIN]),
        {
            "name": "Enhanced health in care homes",
            "description": "Enhanced support: a named GP practice, weekly rounds, training.",
            "homes": planted["homes"],
            "start": planted["start"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Evaluation.objects.get(system__code=MAIN, name="Enhanced health in care homes")


def test_an_analyst_recovers_the_planted_effect_through_the_pages(client_for, planted):
    client = client_for("analyst")
    evaluation = _run(client, planted)
    page = client.get(reverse("evaluation:result", args=[MAIN, evaluation.pk]))
    html = page.content.decode()
    for heading in ("Key points", "Method", "Cohort", "Balance", "Results", "Limitations"):
        assert f"<h2>{heading}</h2>" in html
    assert page.context["love_plot"] is not None and page.context["forest_plot"] is not None
    results = evaluation.result["results"]
    for outcome in ("ae_attendances", "emergency_admissions"):
        est, truth_rr = results[outcome], planted["effects"][outcome]
        assert est["ci_low"] <= truth_rr <= est["ci_high"], (outcome, est)
        assert est["rate_ratio"] < 1, (outcome, est)
    print(json.dumps({k: results[k] for k in planted["effects"]}, indent=1))


def test_the_evaluated_effect_shows_beside_the_linked_benefit(client_for, planted, main_system):
    client = client_for("analyst")
    evaluation = _run(client, planted)
    benefit = Benefit.objects.filter(programme__system=main_system, programme__code="uec").first()
    link = reverse("evaluation:link-benefit", args=[MAIN, evaluation.pk])
    assert client.post(link, {"benefit": benefit.pk}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.benefit == benefit
    quarter = _full_quarter()
    ret = client_for("regulator").get(reverse("programmes:quarterly", args=[MAIN, quarter.slug]))
    html = ret.content.decode()
    rr = evaluation.result["results"]["emergency_admissions"]["rate_ratio"]
    assert f"{benefit.description}: Evaluated (Enhanced health in care homes" in html
    assert f"rate ratio {rr:.2f} (95% CI" in html
