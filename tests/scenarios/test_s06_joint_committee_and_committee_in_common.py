"""S6: a joint committee decides within delegation; committees in common decide in parallel."""

import datetime as dt

from django.urls import reverse

from engineroom.governance.models import Body, Decision
from engineroom.system.models import Organisation

MAIN = "vale-downs"
TODAY = dt.date.today().isoformat()


def propose(client, body, reference, **extra):
    return client.post(
        reverse("governance:decision-new", args=[MAIN]),
        {
            "body": body.pk,
            "reference": reference,
            "title": f"Decision {reference}",
            "category": "funding",
            "value": "2000000",
            "proposed_on": TODAY,
            "organisations": [Organisation.objects.get(ods_code="QZ1").pk],
            **extra,
        },
    )


def test_a_joint_committee_decision_in_its_delegation_needs_no_ratification(client_for):
    client = client_for("governance")
    jc = Body.objects.get(system__code=MAIN, code="joint-committee")
    assert propose(client, jc, "JC-1").status_code == 302
    decision = Decision.objects.get(reference="JC-1")
    client.post(reverse("governance:decision-agree", args=[MAIN, decision.pk]), {"agree-on": TODAY})
    page = client.get(reverse("governance:decision", args=[MAIN, decision.pk])).content.decode()
    assert 'id="status">Effective<' in page and "No partner needs to ratify" in page


def test_committees_in_common_record_each_members_decision(client_for):
    client = client_for("governance")
    cic = Body.objects.get(system__code=MAIN, code="acute-cic")
    cic_page = client.get(reverse("governance:body", args=[MAIN, "acute-cic"])).content.decode()
    assert "cannot take a joint decision" in cic_page
    propose(client, cic, "CIC-1")
    decision = Decision.objects.get(reference="CIC-1")
    refused = client.post(
        reverse("governance:decision-agree", args=[MAIN, decision.pk]), {"agree-on": TODAY}
    )
    assert "cannot take a joint decision" in refused.content.decode()
    for org in cic.parties.all():
        client.post(
            reverse("governance:decision-partner", args=[MAIN, decision.pk]),
            {"partner-organisation": org.pk, "partner-outcome": "ratified", "partner-on": TODAY},
        )
    page = client.get(reverse("governance:decision", args=[MAIN, decision.pk])).content.decode()
    assert "Each member's own decision" in page and 'id="status">Effective<' in page


def test_the_two_cannot_take_a_joint_decision_together(client_for):
    client = client_for("governance")
    jc = Body.objects.get(system__code=MAIN, code="joint-committee")
    cic = Body.objects.get(system__code=MAIN, code="acute-cic")
    response = propose(client, jc, "JOINT-1", joint_with=cic.pk)
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert "cannot take a joint decision together" in text
    assert not Decision.objects.filter(reference="JOINT-1").exists()
