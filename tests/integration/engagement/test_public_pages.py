"""The public pages: anyone can read open and published consultations and answer an open one
without JavaScript; drafts and closed ones are not found; published results show suppressed
counts and "you said, we did" with links to the public decision pages."""

import pytest
from django.urls import reverse

from engineroom.engagement.actions import consultations, influence
from engineroom.engagement.models import Answer, Response, Status
from engineroom.governance.models import DecisionStatus
from factories.governance import BodyFactory, DecisionFactory

pytestmark = pytest.mark.django_db


def _url(name, consultation, *more):
    return reverse(f"engagement:{name}", args=[consultation.system.code, consultation.slug, *more])


def _set(consultation, status):
    consultation.status = status
    consultation.save()


def test_drafts_and_closed_consultations_are_not_public(client, consulted):
    for status in (Status.DRAFT, Status.CLOSED):
        _set(consulted, status)
        index = reverse("engagement:public-index", args=[consulted.system.code])
        assert consulted.title not in client.get(index).content.decode()
        for name in ("public-detail", "public-respond", "public-report"):
            assert client.get(_url(name, consulted)).status_code == 404


def test_an_open_consultation_takes_a_response_without_javascript(client, consulted):
    consultations.add_question(
        consulted, kind="demographic", text="Age", demographic="age_band", by=None
    )
    _set(consulted, Status.OPEN)
    form = client.get(_url("public-respond", consulted)).content.decode()
    assert "<script" not in form.split("<main", 1)[-1]
    assert 'type="radio"' in form and "<textarea" in form and "Prefer not to say" in form
    keys = {q.demographic or q.kind: q.key for q in consulted.questions.all()}
    data = {
        keys["free_text"]: "Call me on 07700 900123 about the bus.",
        keys["closed"]: "Agree",
        keys["age_band"]: "",
    }
    response = client.post(_url("public-respond", consulted), data)
    assert response.status_code == 302 and response.url == _url("public-thanks", consulted)
    newest = Response.objects.filter(consultation=consulted).order_by("-number").first()
    assert newest.channel == "online" and newest.age_band == ""
    text = Answer.objects.get(response=newest).text
    assert "07700" not in text
    assert client.get(_url("public-thanks", consulted)).status_code == 200


def test_a_closed_answer_that_is_not_an_option_is_a_form_error(client, consulted):
    _set(consulted, Status.OPEN)
    closed = consulted.questions.get(kind="closed")
    before = consulted.responses.count()
    response = client.post(_url("public-respond", consulted), {closed.key: "Maybe"})
    assert response.status_code == 200 and b"nhsuk-error-summary" in response.content
    assert consulted.responses.count() == before


def test_published_results_show_suppressed_counts_and_you_said_we_did(client, consulted):
    decision = DecisionFactory(
        body=BodyFactory(system=consulted.system), status=DecisionStatus.EFFECTIVE
    )
    influence.record(consulted, decision=decision, you_said="Too far.", we_did="Nearer.", by=None)
    consulted.summary = "Travel worried people."
    _set(consulted, Status.PUBLISHED)
    html = client.get(_url("public-detail", consulted)).content.decode()
    assert "Travel worried people." in html and "Nearer." in html
    link = reverse("governance:public-decision", args=[consulted.system.code, decision.pk])
    assert f'href="{link}"' in html
    assert ">10<" in html  # Staffing: 12 answers shown rounded
    assert ">12<" not in html
    assert "[name]" in html  # quotes are the redacted text


def test_the_public_report_is_a_pdf_once_published(client, consulted):
    _set(consulted, Status.PUBLISHED)
    response = client.get(_url("public-report", consulted))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_about_you_answer_the_rules_refuse_is_a_form_error_not_a_failure(client, consulted):
    """Review 17: a question saved before custom "About you" options were refused (so made
    here directly) offered answers the register has no category for; sending one was a 500."""
    from engineroom.engagement.models import Question

    age = Question.objects.create(
        consultation=consulted,
        key="age",
        position=9,
        kind="demographic",
        text="How old?",
        demographic="age_band",
        options=["Under 18", "18-24"],
    )
    _set(consulted, Status.OPEN)
    before = consulted.responses.count()
    response = client.post(_url("public-respond", consulted), {age.key: "Under 18"})
    assert response.status_code == 200 and b"nhsuk-error-summary" in response.content
    assert b"Choose one of the answers given" in response.content
    assert consulted.responses.count() == before
