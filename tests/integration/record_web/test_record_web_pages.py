"""The clinician's pages: finding a person, the record (basis, withheld entries in words,
summary, timeline filters and pages, print view), a refusal that offers break-glass, break-glass
itself, the Caldicott Guardian's review, and the care team and referral forms."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from engineroom.audit.models import AuditEvent
from engineroom.record import actions, presenters
from engineroom.record.models import BreakGlass, CareTeamMember, ObjectionVia, Referral
from engineroom.system.models import Organisation
from factories.record import PersonRecordFactory

NHS = "9434765919"


def page(client, name, system, *args, **params):
    return client.get(reverse(name, args=[system.code, *args]), params)


def last_event():
    return AuditEvent.objects.order_by("-seq").first()


def text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def gp(system, person, staff, signed_in):
    return signed_in(staff("Y99001"))


def test_find_by_nhs_number_lists_the_name_beside_the_number(system, gp):
    found = page(gp, "record:find", system, nhs_number="943 476 5919")
    shown = text(found)
    assert "1 person found" in shown and "JONES, Ann" in shown and "943 476 5919" in shown
    assert "2 May 1940" in shown and "(Y99001)" in shown
    assert reverse("record:record", args=[system.code, NHS]) in shown
    assert last_event().action == "record.searched"


def test_find_by_name_and_date_of_birth(system, gp):
    shown = text(page(gp, "record:find", system, family="jones", birth_date="1940-05-02"))
    assert "1 person found" in shown
    assert "0 people found" in text(
        page(gp, "record:find", system, family="jones", birth_date="1941-05-02")
    )


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"nhs_number": "9434765918"}, "nhs_number", "fails the Modulus 11 check"),
        ({"nhs_number": "12345"}, "nhs_number", "Enter a 10 digit NHS number"),
        ({"family": "Jones"}, "birth_date", "Enter the date of birth as well"),
        ({"birth_date": "1940-05-02"}, "family", "Enter the family name as well"),
        ({"family": "Jones", "birth_date": "2999-01-01"}, "birth_date", ""),
        ({"family": "Jones", "birth_date": "not a date"}, "birth_date", ""),
        ({"gender": "X", "family": "Jones", "birth_date": "1940-05-02"}, "gender", ""),
    ],
)
def test_find_refuses_bad_input_on_the_form(system, gp, params, field, message):
    before = AuditEvent.objects.count()
    response = page(gp, "record:find", system, **params)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert response.context["people"] is None
    assert AuditEvent.objects.count() == before  # nothing searched


def test_an_empty_search_asks_for_a_number_or_a_name(system, gp):
    response = page(gp, "record:find", system, family="", nhs_number="")
    assert "Enter an NHS number, or a family name and date of birth" in text(response)


def test_the_record_shows_why_what_is_withheld_the_summary_and_every_source(system, gp):
    response = page(gp, "record:record", system, NHS)
    shown = text(response)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "You are seeing this record because: <strong>The person is registered with your" in shown
    assert "1 entry about sexual health is withheld" in shown
    for words in ("Hypertension", "Ramipril 5mg capsules", "Penicillin allergy"):
        assert words in shown
    assert "Southtown General (RT2)" in shown and "Valley Community Health (RT3)" in shown
    assert response.context["timeline"].total == 6
    assert last_event().action == "record.viewed"


def test_an_objection_is_said_in_words(system, person, staff, signed_in):
    gp = staff("Y99001")
    actions.register_objection(NHS, by=gp, via=ObjectionVia.STAFF, system=system)
    shown = text(signed_in(gp).get(reverse("record:record", args=[system.code, NHS])))
    assert (
        "2 entries from other organisations are withheld because the person has objected" in shown
    )


def test_the_timeline_filters_by_setting_and_dates(system, gp):
    def total(**params):
        return page(gp, "record:record", system, NHS, **params).context["timeline"].total

    assert total(setting="gp") == 4  # the sensitive entry is the practice's own
    assert total(start="2024-01-01") == 5
    assert total(start="2024-01-01", end="2024-12-31") == 3
    assert total(setting="ae", end="2024-12-31") == 0


def test_bad_filters_are_errors_and_the_whole_timeline_shows(system, gp):
    response = page(gp, "record:record", system, NHS, start="2025-01-01", end="2024-01-01")
    assert "end" in response.context["filters"].errors
    assert response.context["timeline"].total == 6
    response = page(gp, "record:record", system, NHS, setting="space", start="x")
    assert {"setting", "start"} <= set(response.context["filters"].errors)


def test_a_long_timeline_is_paged(system, person, gp):
    entries = [
        {
            "id": str(n),
            "kind": "observation",
            "setting": "gp",
            "date": f"2020-01-{n % 28 + 1:02d}",
            "source": "Y99001",
            "display": f"Reading {n}",
        }
        for n in range(presenters.PAGE_ENTRIES + 5)
    ]
    PersonRecordFactory(
        nhs_number="9000000009",
        registered_practice="Y99001",
        document={"entries": entries},
        load=person.load,
    )
    first = page(gp, "record:record", system, "9000000009")
    assert len(first.context["timeline"].rows) == presenters.PAGE_ENTRIES
    assert "page=2" in text(first)
    second = page(gp, "record:record", system, "9000000009", page="2")
    assert len(second.context["timeline"].rows) == 5
    assert page(gp, "record:record", system, "9000000009", page="99x").context["timeline"].page == 1
    last = page(gp, "record:record", system, "9000000009", page="999")  # past the end: the last
    assert last.context["timeline"].page == 2


def test_the_print_view_has_the_record_and_its_filters(system, gp):
    response = page(gp, "record:print", system, NHS, setting="gp")
    shown = text(response)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "record/print" in shown and "Confidential: for direct care only" in shown
    assert "Filtered: GP practice." in shown and "JONES, Ann" in shown
    assert response.context["timeline"].total == 4
    assert last_event().action == "record.viewed"


def test_a_refusal_says_why_offers_break_glass_and_is_audited(system, person, staff, signed_in):
    nurse = signed_in(staff("RT3"))
    response = nurse.get(reverse("record:record", args=[system.code, NHS]))
    shown = text(response)
    assert response.status_code == 403 and "no-store" in response["Cache-Control"]
    assert "You have no legitimate relationship with this person" in shown
    assert reverse("record:break-glass", args=[system.code, NHS]) in shown
    assert "JONES" not in shown and "Hypertension" not in shown
    assert last_event().action == "record.viewed_refused"


def test_an_unknown_person_is_not_found(system, gp):
    assert page(gp, "record:record", system, "9876543210").status_code == 404
    assert page(gp, "record:break-glass", system, "9876543210").status_code == 404


def test_break_glass_opens_the_record_for_hours_and_shows_it(system, person, staff, signed_in):
    nurse = signed_in(staff("RT3"))
    url = reverse("record:break-glass", args=[system.code, NHS])
    form = nurse.get(url)
    assert "Access lasts 4 hours" in text(form)
    response = nurse.post(url, {"reason": "unplanned", "explanation": "Seen at home, confused"})
    assert response.status_code == 302
    assert response.url == reverse("record:record", args=[system.code, NHS])
    glass = BreakGlass.objects.get()
    assert glass.expires_at - glass.started_at == dt.timedelta(hours=4)
    shown = text(nurse.get(response.url))
    assert "Break-glass access you made" in shown and "reviewed by your Caldicott Guardian" in shown
    assert "Add a colleague to the care team" not in shown  # break-glass changes nothing


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"explanation": "Seen at home, confused"}, "reason"),
        ({"reason": "unplanned", "explanation": "too short"}, "explanation"),
        ({"reason": "unplanned", "explanation": "   "}, "explanation"),
        ({"reason": "made-up", "explanation": "Seen at home, confused"}, "reason"),
        ({"reason": "unplanned", "explanation": "x" * 501}, "explanation"),
    ],
)
def test_break_glass_needs_a_reason_chosen_and_written(
    system, person, staff, signed_in, data, field
):
    nurse = signed_in(staff("RT3"))
    response = nurse.post(reverse("record:break-glass", args=[system.code, NHS]), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not BreakGlass.objects.exists()


def test_after_an_objection_break_glass_is_for_emergencies_only(system, person, staff, signed_in):
    actions.register_objection(NHS, by=staff("Y99001"), via=ObjectionVia.STAFF, system=system)
    nurse = signed_in(staff("RT3"))
    refused = text(nurse.get(reverse("record:record", args=[system.code, NHS])))
    assert "only in an emergency" in refused
    url = reverse("record:break-glass", args=[system.code, NHS])
    form = nurse.get(url).context["form"]
    assert [k for k, _ in form.fields["reason"].choices] == ["emergency"]
    response = nurse.post(url, {"reason": "unplanned", "explanation": "Seen at home, confused"})
    assert "reason" in response.context["form"].errors and not BreakGlass.objects.exists()
    nurse.post(url, {"reason": "emergency", "explanation": "Collapsed, cannot be asked"})
    assert nurse.get(reverse("record:record", args=[system.code, NHS])).status_code == 200


def test_the_guardian_reviews_break_glass_unreviewed_first(system, person, staff, signed_in):
    nurse = staff("RT3")
    org = Organisation.objects.get(ods_code="RT3")
    made = [
        actions.break_glass(
            NHS,
            by=nurse,
            system=system,
            organisation=org,
            reason="unplanned",
            explanation=f"Home visit number {n}",
        )
        for n in range(2)
    ]
    BreakGlass.objects.filter(pk=made[0].pk).update(expires_at=timezone.now())
    guardian = signed_in(staff("RT3", "caldicott"))
    url = reverse("record:review", args=[system.code])
    shown = text(guardian.get(url))
    assert "943 476 5919" in shown and "Home visit number 0" in shown
    assert "expired" in shown and "active now" in shown
    missing = guardian.post(url, {"break_glass": made[0].pk, "outcome": "inappropriate"})
    assert "note" in missing.context["form"].errors
    done = guardian.post(url, {"break_glass": made[0].pk, "outcome": "appropriate", "note": ""})
    assert done.status_code == 302
    uses = guardian.get(url).context["uses"]
    assert [u["reviewed"] for u in uses] == [False, True]


def test_a_guardian_cannot_review_another_organisations_break_glass(
    system, person, staff, signed_in
):
    nurse = staff("RT3")
    glass = actions.break_glass(
        NHS,
        by=nurse,
        system=system,
        organisation=Organisation.objects.get(ods_code="RT3"),
        reason="unplanned",
        explanation="Home visit, confused",
    )
    other = signed_in(staff("RT1", "caldicott"))
    url = reverse("record:review", args=[system.code])
    assert other.get(url).context["uses"] == []
    response = other.post(url, {"break_glass": glass.pk, "outcome": "appropriate"})
    assert response.status_code == 403
    glass.refresh_from_db()
    assert glass.reviewed_at is None


def test_adding_a_colleague_to_the_care_team_opens_the_record_to_them(
    system, person, staff, signed_in
):
    nurse = staff("RT3")
    gp = signed_in(staff("Y99001"))
    url = reverse("record:care-team", args=[system.code, NHS])
    member = nurse.memberships.get()
    assert member in gp.get(url).context["form"].fields["member"].queryset
    assert "member" in gp.post(url, {"reason": "district nursing"}).context["form"].errors
    assert gp.post(url, {"member": member.pk, "reason": "district nursing"}).status_code == 302
    assert CareTeamMember.objects.get().user == nurse
    gp.logout()
    assert (
        signed_in(nurse).get(reverse("record:record", args=[system.code, NHS])).status_code == 200
    )


def test_referring_opens_the_record_to_the_organisation(system, person, staff, signed_in):
    gp = signed_in(staff("Y99001"))
    url = reverse("record:refer", args=[system.code, NHS])
    rt4 = Organisation.objects.get(ods_code="RT4")
    assert "reason" in gp.post(url, {"to_organisation": rt4.pk}).context["form"].errors
    assert (
        "to_organisation"
        in gp.post(url, {"to_organisation": "x", "reason": "y"}).context["form"].errors
    )
    assert gp.post(url, {"to_organisation": rt4.pk, "reason": "memory clinic"}).status_code == 302
    assert Referral.objects.get().to_organisation == rt4


def test_without_a_relationship_nobody_changes_the_care_team(system, person, staff, signed_in):
    stranger = signed_in(staff("RT3"))
    url = reverse("record:refer", args=[system.code, NHS])
    rt4 = Organisation.objects.get(ods_code="RT4")
    response = stranger.post(url, {"to_organisation": rt4.pk, "reason": "memory clinic"})
    assert response.status_code == 403 and not Referral.objects.exists()
