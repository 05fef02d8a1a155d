"""Running a consultation: created with the standard "About you" questions, questions added,
opened, closed and published (each audited), and a response through the public form checked,
redacted and stored with the register's categories."""

import pytest
from django.core.exceptions import ValidationError

from engineroom.audit.models import AuditEvent
from engineroom.engagement import rules
from engineroom.engagement.actions import consultations, responses
from engineroom.engagement.models import Answer, Response, Status

pytestmark = pytest.mark.django_db
SCALE = ["Agree", "Disagree"]


@pytest.fixture
def consultation(system):
    from factories.system import PlaceFactory

    PlaceFactory(system=system, code="mid-dorset", name="Mid Dorset")
    return consultations.create_consultation(
        system,
        title="Urgent care",
        slug="urgent-care",
        description="Our plans.",
        standard_questions=True,
        by=None,
    )


@pytest.fixture
def open_consultation(consultation):
    consultations.add_question(
        consultation, kind="closed", text="Do you agree?", options=SCALE, required=True, by=None
    )
    consultations.add_question(consultation, kind="free_text", text="Tell us more", by=None)
    return consultations.set_status(consultation, Status.OPEN, by=None)


def test_standard_questions_ask_the_registers_fields(consultation):
    asked = {q.demographic: q for q in consultation.questions.all()}
    assert set(asked) == {"age_band", "sex", "ethnicity", "place", "postcode_district"}
    assert asked["place"].options == ["Mid Dorset", rules.PREFER_NOT]
    assert asked["sex"].options == ["Female", "Male", rules.PREFER_NOT]
    assert AuditEvent.objects.filter(action="engagement.consultation_created").exists()


def test_a_slug_is_one_consultations_and_dates_run_forwards(consultation, system):
    import datetime as dt

    with pytest.raises(ValidationError) as taken:
        consultations.create_consultation(
            system, title="Again", slug="urgent-care", description="x", by=None
        )
    assert "slug" in taken.value.message_dict
    with pytest.raises(ValidationError) as backwards:
        consultations.create_consultation(
            system,
            title="Backwards",
            slug="backwards",
            description="x",
            opens_on=dt.date(2026, 3, 1),
            closes_on=dt.date(2026, 2, 1),
            by=None,
        )
    assert "closes_on" in backwards.value.message_dict


def test_questions_are_checked_before_they_are_added(consultation, member):
    governance = member("governance")
    with pytest.raises(ValidationError, match="two options"):
        consultations.add_question(
            consultation, kind="closed", text="Yes?", options=["Yes"], by=governance
        )
    with pytest.raises(ValidationError, match="already asks"):
        consultations.add_question(
            consultation,
            kind="demographic",
            text="Your age?",
            demographic="age_band",
            by=governance,
        )
    added = consultations.add_question(
        consultation,
        kind="closed",
        text="Do you agree?",
        options=["Agree", " Agree", "No"],
        by=governance,
    )
    assert added.key == "do-you-agree" and added.options == ["Agree", "No"]
    assert added.position == 6
    event = AuditEvent.objects.get(action="engagement.question_added")
    assert event.actor_id == governance.pk


def test_status_moves_one_step_at_a_time_and_publishing_needs_a_summary(open_consultation):
    with pytest.raises(ValidationError, match="cannot be made"):
        consultations.set_status(open_consultation, Status.PUBLISHED, by=None)
    closed = consultations.set_status(open_consultation, Status.CLOSED, by=None)
    with pytest.raises(ValidationError, match="summary"):
        consultations.set_status(closed, Status.PUBLISHED, by=None)
    closed.summary = "People told us about travel."
    closed.save()
    published = consultations.set_status(closed, Status.PUBLISHED, by=None)
    assert published.status == Status.PUBLISHED and published.published_at is not None
    changes = AuditEvent.objects.filter(action="engagement.consultation_status_changed")
    assert [e.details["after"] for e in changes.order_by("seq")] == ["open", "closed", "published"]


def test_a_draft_without_questions_cannot_open(system):
    empty = consultations.create_consultation(
        system, title="Empty", slug="empty", description="x", by=None
    )
    with pytest.raises(ValidationError, match="at least one question"):
        consultations.set_status(empty, Status.OPEN, by=None)


def test_a_public_response_is_redacted_and_described_in_the_registers_terms(open_consultation):
    found = responses.respond(
        open_consultation,
        answers={
            "do-you-agree": "Agree",
            "tell-us-more": "Call Mrs Jones on 07700 900123 about the bus.",
            "age-band": "75-84",
            "sex": "Female",
            "ethnicity": "White",
            "place": "Mid Dorset",
            "postcode-district": "dt1 1aa",
        },
    )
    assert (found.age_band, found.sex, found.ethnicity) == ("75-84", "F", "White")
    assert found.place.name == "Mid Dorset" and found.postcode_district == "DT1"
    assert found.quintile is None  # no linked population published here
    assert found.closed == {"do-you-agree": "Agree"} and found.number == 1
    answer = Answer.objects.get(response=found)
    assert "Jones" not in answer.text and "07700" not in answer.text
    assert answer.redactions == {"name": 1, "phone": 1}
    event = AuditEvent.objects.get(action="engagement.response_received")
    assert event.actor_id is None and "Jones" not in str(event.details)


def test_a_public_response_is_refused_question_by_question(open_consultation):
    with pytest.raises(ValidationError) as refused:
        responses.respond(
            open_consultation,
            answers={"do-you-agree": "Maybe", "sex": "Robot", "postcode-district": "nowhere"},
        )
    assert set(refused.value.message_dict) == {"do-you-agree", "sex", "postcode-district"}
    with pytest.raises(ValidationError) as missing:
        responses.respond(open_consultation, answers={})
    assert "do-you-agree" in missing.value.message_dict
    assert not Response.objects.exists()


def test_prefer_not_to_say_is_not_stated_and_closed_consultations_take_nothing(open_consultation):
    found = responses.respond(
        open_consultation, answers={"do-you-agree": "Disagree", "sex": rules.PREFER_NOT}
    )
    assert found.sex == "" and found.place is None
    consultations.set_status(open_consultation, Status.CLOSED, by=None)
    open_consultation.refresh_from_db()
    with pytest.raises(ValidationError, match="not open"):
        responses.respond(open_consultation, answers={"do-you-agree": "Agree"})


@pytest.mark.parametrize(
    ("reader", "text", "expected"),
    [
        (rules.age_band, "16 to 24", "16-24"),
        (rules.age_band, "85 or over", "85+"),
        (rules.sex, "Woman", "F"),
        (rules.sex, "man", "M"),
        (rules.sex, "Non-binary", ""),
        (rules.ethnicity, "Asian or Asian British: Indian", "Asian"),
        (rules.ethnicity, "White and Black Caribbean", "Mixed"),
        (rules.ethnicity, "Black, Black British, Caribbean or African", "Black"),
        (rules.quintile, "1 (most deprived)", 1),
        (rules.postcode_district, "BH12 3AB", "BH12"),
        (rules.postcode_district, "Prefer not to say", ""),
    ],
)
def test_common_spellings_become_the_registers_categories(reader, text, expected):
    assert reader(text) == expected


@pytest.mark.parametrize(
    ("reader", "text"),
    [
        (rules.age_band, "12-15"),
        (rules.sex, "Robot"),
        (rules.ethnicity, "Martian"),
        (rules.quintile, "7"),
    ],
)
def test_answers_no_category_fits_are_problems(reader, text):
    with pytest.raises(rules.NotACategory):
        reader(text)


@pytest.mark.parametrize(
    ("demographic", "options"),
    [("age_band", ["Under 18", "18-24", "25-34"]), ("ethnicity", ["Gypsy or Irish Traveller"])],
)
def test_an_about_you_question_offers_only_the_register_categories(
    consultation, demographic, options
):
    """Review 17: custom "About you" options the register cannot compare made the public form
    fail; they are refused with a message naming them, and blank options take the register's."""
    consultation.questions.filter(demographic=demographic).delete()
    with pytest.raises(ValidationError) as refused:
        consultations.add_question(
            consultation,
            kind="demographic",
            text="About you",
            demographic=demographic,
            options=options,
            by=None,
        )
    assert options[0] in refused.value.message_dict["options"][0]
    added = consultations.add_question(
        consultation,
        kind="demographic",
        text="About you",
        demographic=demographic,
        options=["prefer not to say"],
        by=None,
    )
    assert "Prefer not to say" in added.options and len(added.options) > 2
