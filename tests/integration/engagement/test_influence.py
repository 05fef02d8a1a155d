"""You said, we did: only a public decision of the consultation's own system can be linked,
recording again changes the words, removing unlinks; each is audited and done through the page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.engagement.actions import influence as actions
from engineroom.governance.models import DecisionStatus
from factories.governance import BodyFactory, DecisionFactory
from factories.system import SystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(system):
    return DecisionFactory(body=BodyFactory(system=system), status=DecisionStatus.EFFECTIVE)


def _record(consultation, decision, said="Buses are too slow."):
    return actions.record(
        consultation, decision=decision, you_said=said, we_did="We added transport.", by=None
    )


def test_a_public_decision_is_linked_and_recording_again_changes_the_words(consulted, decision):
    first = _record(consulted, decision)
    again = _record(consulted, decision, said="Travel is hard.")
    assert first.pk == again.pk and again.you_said == "Travel is hard."
    assert AuditEvent.objects.filter(action="engagement.influence_recorded").count() == 2


@pytest.mark.parametrize(
    "made",
    [
        {"confidential": True, "status": DecisionStatus.EFFECTIVE},
        {"status": DecisionStatus.PROPOSED},
    ],
    ids=["confidential", "only-proposed"],
)
def test_a_decision_the_public_cannot_read_is_refused(consulted, system, made):
    hidden = DecisionFactory(body=BodyFactory(system=system), **made)
    with pytest.raises(ValidationError, match="public decision"):
        _record(consulted, hidden)


def test_another_systems_decision_is_refused(consulted):
    theirs = DecisionFactory(
        body=BodyFactory(system=SystemFactory()), status=DecisionStatus.EFFECTIVE
    )
    with pytest.raises(ValidationError):
        _record(consulted, theirs)


def test_blank_words_are_refused(consulted, decision):
    with pytest.raises(ValidationError) as refused:
        actions.record(consulted, decision=decision, you_said=" ", we_did="", by=None)
    assert set(refused.value.message_dict) == {"you_said", "we_did"}


def test_the_page_links_lists_and_removes_a_decision(consulted, decision, member, signed_in):
    client = signed_in(member("governance"))
    page = reverse("engagement:influence", args=[consulted.system.code, consulted.slug])
    assert decision.reference in client.get(page).content.decode()  # offered to link
    data = {"decision": decision.pk, "you_said": "Too far.", "we_did": "Closer clinics."}
    assert client.post(page, data).status_code == 302
    (linked,) = consulted.influences.all()
    assert "Closer clinics." in client.get(page).content.decode()
    remove = reverse(
        "engagement:influence-remove", args=[consulted.system.code, consulted.slug, linked.pk]
    )
    assert client.post(remove).status_code == 302
    assert not consulted.influences.exists()
    assert AuditEvent.objects.filter(action="engagement.influence_removed").exists()


def test_a_confidential_decision_is_not_offered(consulted, system, member, signed_in):
    secret = DecisionFactory(
        body=BodyFactory(system=system), status=DecisionStatus.EFFECTIVE, confidential=True
    )
    client = signed_in(member("governance"))
    page = reverse("engagement:influence", args=[consulted.system.code, consulted.slug])
    assert secret.title not in client.get(page).content.decode()
    data = {"decision": secret.pk, "you_said": "x", "we_did": "y"}
    assert client.post(page, data).status_code == 200  # a form error, nothing linked
    assert not consulted.influences.exists()
