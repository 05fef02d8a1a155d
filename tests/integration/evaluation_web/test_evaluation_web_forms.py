"""A new evaluation through its form: bad input gets a clear message and nothing is stored; a
good one runs the engine over the published lake, is stored and audited; linking to a benefit
stays inside the system."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.evaluation import actions, queries
from engineroom.evaluation.models import Evaluation
from engineroom.web.periods import Quarter
from factories.evaluation import EvaluationFactory
from factories.programmes import BenefitFactory, HighlightReportFactory, ProgrammeFactory
from factories.system import SystemFactory


def new(system) -> str:
    return reverse("evaluation:new", args=[system.code])


def _post(client, system, **fields):
    data = {"name": "Enhanced support", "description": "", "homes": [], "start": ""} | fields
    return client.post(new(system), data)


def test_the_form_offers_the_lakes_care_homes_with_place_and_suppressed_residents(
    system, analyst, planted
):
    form = analyst.get(new(system)).context["form"]
    labels = dict(form.fields["homes"].choices)
    assert set(planted["homes"]) <= set(labels)
    homes = {h.home: h for h in queries.care_homes(system)}
    for home in planted["homes"]:
        assert homes[home].place in planted["places"]
        shown = homes[home].residents
        assert shown == "*" or (shown % 5 == 0 and shown >= 10) or shown == 0


def test_no_homes_chosen_says_so_and_stores_nothing(system, analyst, planted):
    response = _post(analyst, system, start=planted["start"])
    assert response.status_code == 200
    assert "Choose at least one care home." in response.content.decode()
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("start", ["2019-01-01", "2025-03-30", "2030-01-01"])
def test_a_start_outside_the_data_says_which_dates_will_do(system, analyst, planted, start):
    response = _post(analyst, system, homes=planted["homes"], start=start)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a start date between" in html and "the linked data run from" in html
    assert not Evaluation.objects.exists()


def test_a_home_not_in_the_lake_and_a_nonsense_date_are_refused(system, analyst):
    response = _post(analyst, system, homes=["1-0000000001"], start="31/02/2024")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in html and "Enter a real date" in html


def test_a_start_outside_the_data_is_refused_by_the_action_too(system, member, planted):
    with pytest.raises(ValidationError) as refused:
        actions.run_evaluation(
            system,
            name="x",
            description="",
            homes=planted["homes"],
            start=dt.date(2010, 1, 1),
            by=member("analyst"),
        )
    assert "start" in refused.value.message_dict


def test_running_an_evaluation_stores_the_briefing_and_audits_it(
    system, member, signed_in, planted
):
    user = member("analyst")
    before = AuditEvent.objects.count()
    response = _post(signed_in(user), system, homes=planted["homes"], start=planted["start"])
    found = Evaluation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("evaluation:result", args=[system.code, found.pk])
    assert found.homes == sorted(planted["homes"]) and found.created_by == user
    assert set(found.result) >= {"key_points", "balance", "results", "limitations"}
    event = AuditEvent.objects.filter(seq__gt=before).get()
    assert event.action == "evaluation.evaluation_run"
    assert event.subject == f"evaluation.evaluation:{found.pk}"
    page = signed_in(user).get(response.url).content.decode()
    assert "Key points" in page and "Limitations" in page


def test_linking_to_a_benefit_is_audited_and_stays_in_the_system(system, member, signed_in):
    user = member("analyst")
    evaluation = EvaluationFactory(system=system)
    ours = BenefitFactory(programme=ProgrammeFactory(system=system))
    theirs = BenefitFactory(programme=ProgrammeFactory(system=SystemFactory()))
    link = reverse("evaluation:link-benefit", args=[system.code, evaluation.pk])
    refused = signed_in(user).post(link, {"benefit": theirs.pk})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    with pytest.raises(ValidationError):
        actions.link_benefit(evaluation, theirs, by=user)
    before = AuditEvent.objects.count()
    assert signed_in(user).post(link, {"benefit": ours.pk}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.benefit == ours
    assert AuditEvent.objects.filter(seq__gt=before).get().action == "evaluation.benefit_linked"


def test_the_quarterly_return_shows_the_evaluated_effect_beside_the_benefit(
    system, member, signed_in
):
    programme = ProgrammeFactory(system=system)
    benefit = BenefitFactory(programme=programme, description="Fewer care home admissions")
    quarter = Quarter.of(dt.date(2025, 5, 1))
    HighlightReportFactory(programme=programme, month=quarter.months[-1], approved=True)
    EvaluationFactory(system=system, name="Care homes", benefit=benefit)
    url = reverse("programmes:quarterly", args=[system.code, quarter.slug])
    html = signed_in(member("regulator")).get(url).content.decode()
    assert (
        "Fewer care home admissions: Evaluated (Care homes, from 2 October 2023): A&amp;E "
        "attendances 29% lower, rate ratio 0.71 (95% CI 0.60 to 0.84); emergency admissions 23% "
        "lower, rate ratio 0.77 (95% CI 0.65 to 0.91); no evidence of a difference in length of "
        "stay, rate ratio 1.00 (95% CI 0.80 to 1.25)."
    ) in html
