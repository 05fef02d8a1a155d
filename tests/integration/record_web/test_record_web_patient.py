"""The person's own pages: signing in as a fictional person (demo only), their own record and
nobody else's, every view of it, and registering then withdrawing an objection to sharing."""

import pytest
from django.urls import reverse

from engineroom.record import actions, queries
from engineroom.record.models import PatientAccount

NHS = "9434765919"


def text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def signed_in_person(person, client):
    """The person signed in through the demo form, as someone at the demo would."""
    response = client.post(reverse("record:demo-sign-in"), {"nhs_number": "943-476-5919"})
    assert response.status_code == 302 and response.url == reverse("record:my-record")
    return client


def test_demo_sign_in_opens_one_account_per_person(signed_in_person, client):
    account = PatientAccount.objects.get()
    assert account.nhs_number == NHS and account.via == "demo"
    client.logout()
    client.post(reverse("record:demo-sign-in"), {"nhs_number": NHS})
    assert PatientAccount.objects.count() == 1


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("9434765918", "Modulus 11"),
        ("94347", "Enter a 10 digit NHS number"),
        ("", "This field is required"),
        ("9876543210", "There is no shared record for that NHS number"),
    ],
)
def test_demo_sign_in_refuses_bad_numbers(person, client, number, message):
    response = client.post(reverse("record:demo-sign-in"), {"nhs_number": number})
    assert response.status_code == 200 and message in text(response)
    assert not PatientAccount.objects.exists()


def test_demo_sign_in_does_not_exist_outside_demo_mode(person, client, settings):
    settings.DEMO = False
    assert client.get(reverse("record:demo-sign-in")).status_code == 404
    assert "fictional person" not in text(client.get(reverse("record:my-sign-in")))


def test_the_person_sees_their_own_record_and_who_looked(
    system, person, staff, signed_in, signed_in_person
):
    queries.open_record(staff("Y99001"), system, NHS)
    with pytest.raises(queries.Refused):
        queries.open_record(staff("RT3"), system, NHS)
    response = signed_in_person.get(reverse("record:my-record"))
    shown = text(response)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "JONES, Ann" in shown and "Hypertension" in shown and "Penicillin allergy" in shown
    rows = response.context["views"]
    assert any(r["refused"] for r in rows) and any(
        r["role"] == "Clinician or care professional" for r in rows
    )
    assert "Tried to open the record and was refused" in shown
    assert "Northtown 1 Surgery 1" in shown


def test_break_glass_is_flagged_to_the_person(system, person, staff, signed_in_person):
    from engineroom.system.models import Organisation

    nurse = staff("RT3")
    actions.break_glass(
        NHS,
        by=nurse,
        system=system,
        organisation=Organisation.objects.get(ods_code="RT3"),
        reason="emergency",
        explanation="Collapsed at home, cannot be asked",
    )
    queries.open_record(nurse, system, NHS)
    response = signed_in_person.get(reverse("record:my-record"))
    views = response.context["views"]
    assert views[0]["role"] == "The person"  # opening their own page is a view too
    assert any(v["break_glass"] and v["organisation"].startswith("Valley Community") for v in views)
    assert "Break-glass" in text(response)


def test_an_objection_round_trip(system, person, staff, signed_in_person):
    url = reverse("record:my-objection")
    unconfirmed = signed_in_person.post(url, {"choice": "register"})
    assert unconfirmed.status_code == 200 and "confirm" in unconfirmed.context["form"].errors
    assert queries.objection_in_force(NHS) is None
    done = signed_in_person.post(url, {"choice": "register", "confirm": "on"})
    assert done.status_code == 302 and queries.objection_in_force(NHS) is not None
    page = text(signed_in_person.get(reverse("record:my-record")))
    assert "You have objected to sharing your record" in page and "Withdraw my objection" in page
    nurse = staff("RT2")  # an open episode, but the objection withholds the practice's records
    assert {e["source"] for e in queries.open_record(nurse, system, NHS).entries} == {"RT2"}
    again = signed_in_person.post(url, {"choice": "register", "confirm": "on"})
    assert "already in force" in text(again)
    signed_in_person.post(url, {"choice": "withdraw", "confirm": "on"})
    assert queries.objection_in_force(NHS) is None
    assert len(queries.open_record(nurse, system, NHS).entries) == 5  # all but the sensitive


def test_staff_have_no_own_record_page(system, person, staff, signed_in):
    client = signed_in(staff("Y99001"))
    assert client.get(reverse("record:my-record")).status_code == 403
    assert client.post(reverse("record:my-objection"), {"choice": "register"}).status_code == 403
    assert queries.objection_in_force(NHS) is None


def test_a_person_sees_only_their_own_record(system, person, client):
    from factories.record import PersonRecordFactory

    PersonRecordFactory(nhs_number="9000000009", family_name="Other", load=person.load)
    client.post(reverse("record:demo-sign-in"), {"nhs_number": "9000000009"})
    shown = text(client.get(reverse("record:my-record")))
    assert "OTHER, Ann" in shown and "JONES" not in shown and "943 476 5919" not in shown
    client.post(reverse("record:my-objection"), {"choice": "register", "confirm": "on"})
    assert queries.objection_in_force(NHS) is None
    assert queries.objection_in_force("9000000009") is not None
