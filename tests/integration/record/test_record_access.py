"""Who may open a shared record, and what they see: every relationship granted, every refusal
refused and audited, objections and sensitive entries withheld, break-glass bounded."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from engineroom.audit.models import AuditEvent, PersonAccess
from engineroom.record import actions, queries
from engineroom.record.models import BreakGlassReason, ObjectionVia, ReviewOutcome
from engineroom.system.models import Organisation
from factories.accounts import UserFactory
from factories.record import PersonRecordFactory, entry
from factories.system import practices_system

pytestmark = pytest.mark.django_db
NHS = "9434765919"


@pytest.fixture
def system():
    return practices_system()


@pytest.fixture
def person():
    entries = [
        entry("encounter", "ae", "2025-03-20", "RT2", "ae1", status="finished"),
        entry("condition", "gp", "2024-06-01", "Y99001", "38341003", display="Hypertension"),
        entry("condition", "gp", "2023-01-01", "Y99001", "x1", sensitive="sexual_health"),
        entry("encounter", "outpatient", "2023-02-01", "RT1", "360", sensitive="sexual_health"),
        entry("medication", "gp", "2025-01-10", "Y99001", "m1", kind_detail=None),
        entry("encounter", "community", "2024-01-05", "RT3", "dn"),
    ]
    return PersonRecordFactory(nhs_number=NHS, document={"entries": entries})


def clinician(system, ods: str, role: str = "clinician"):
    return UserFactory.with_role(
        role, system=system, organisation=Organisation.objects.get(ods_code=ods)
    )


def last_event():
    return AuditEvent.objects.order_by("-seq").first()


def test_registered_practice_sees_everything_it_may_and_the_view_is_audited(system, person):
    gp = clinician(system, "Y99001")
    opened = queries.open_record(gp, system, NHS)
    assert opened.basis.kind == "registered"
    assert len(opened.entries) == 5 and opened.withheld == {"sensitive:sexual_health": 1}
    event = last_event()
    assert (event.action, event.details["basis"], event.details["organisation"]) == (
        "record.viewed",
        "registered",
        "Y99001",
    )
    assert PersonAccess.objects.filter(event=event, nhs_number=NHS).exists()
    assert event.reason.startswith("direct care:")


def test_pcn_colleague_and_open_episode_are_relationships(system, person):
    assert queries.open_record(clinician(system, "Y99002"), system, NHS).basis.kind == "pcn"
    acute = queries.open_record(clinician(system, "RT2"), system, NHS)  # A&E 11 days before
    assert acute.basis.kind == "episode"


def test_no_relationship_is_refused_audited_and_offers_break_glass(system, person):
    far = clinician(system, "RT3")  # community contact 15 months before the extract: closed
    with pytest.raises(queries.Refused) as refused:
        queries.open_record(far, system, NHS)
    assert refused.value.can_break_glass and not refused.value.emergency_only
    event = last_event()
    assert event.action == "record.viewed_refused" and event.details["nhs_numbers"] == [NHS]


def test_other_practices_and_roles_without_record_view_are_refused(system, person):
    with pytest.raises(queries.Refused):
        queries.open_record(clinician(system, "Y99005"), system, NHS)  # another PCN
    analyst = UserFactory.with_role("analyst", system=system)
    with pytest.raises(queries.Refused) as refused:
        queries.open_record(analyst, system, NHS)
    assert not refused.value.can_break_glass
    assert last_event().action == "record.viewed_refused"


def test_unknown_person_is_not_found_and_the_attempt_audited(system, person):
    with pytest.raises(Http404):
        queries.open_record(clinician(system, "Y99001"), system, "9876543210")
    assert last_event().details["nhs_numbers"] == ["9876543210"]


def test_care_team_and_referral_open_the_record(system, person):
    gp = clinician(system, "Y99001")
    nurse = clinician(system, "RT3")
    actions.add_to_care_team(
        NHS,
        by=gp,
        system=system,
        user=nurse,
        organisation=nurse.memberships.get().organisation,
        reason="district nursing",
    )
    assert queries.open_record(nurse, system, NHS).basis.kind == "care_team"
    mh = clinician(system, "RT4")
    actions.refer(
        NHS,
        by=gp,
        system=system,
        to_organisation=Organisation.objects.get(ods_code="RT4"),
        reason="memory assessment",
    )
    assert queries.open_record(mh, system, NHS).basis.kind == "referral"


def test_care_team_needs_a_relationship_of_whoever_adds(system, person):
    stranger = clinician(system, "RT3")
    with pytest.raises(PermissionDenied):
        actions.refer(
            NHS,
            by=stranger,
            system=system,
            to_organisation=Organisation.objects.get(ods_code="RT3"),
            reason="x",
        )


def test_break_glass_opens_for_a_time_and_is_reviewed(system, person):
    far = clinician(system, "RT3")
    org = Organisation.objects.get(ods_code="RT3")
    with pytest.raises(ValidationError):
        actions.break_glass(
            NHS, by=far, system=system, organisation=org, reason="emergency", explanation="short"
        )
    glass = actions.break_glass(
        NHS,
        by=far,
        system=system,
        organisation=org,
        reason=BreakGlassReason.UNPLANNED,
        explanation="Seen at home, confused, no records",
    )
    opened = queries.open_record(far, system, NHS)
    assert opened.basis.kind == "break_glass"
    assert opened.withheld == {"sensitive:sexual_health": 2}  # break-glass never lifts these
    assert last_event().reason.startswith("break-glass:")
    guardian = clinician(system, "RT3", role="caldicott")
    assert queries.break_glasses_to_review(guardian) == [glass]
    with pytest.raises(PermissionDenied):
        actions.review_break_glass(
            glass, by=clinician(system, "RT1", "caldicott"), outcome=ReviewOutcome.APPROPRIATE
        )
    actions.review_break_glass(glass, by=guardian, outcome=ReviewOutcome.APPROPRIATE, note="ok")
    glass.refresh_from_db()
    assert glass.reviewed_by == guardian


def test_expired_break_glass_no_longer_opens(system, person):
    far = clinician(system, "RT3")
    glass = actions.break_glass(
        NHS,
        by=far,
        system=system,
        organisation=Organisation.objects.get(ods_code="RT3"),
        reason=BreakGlassReason.EMERGENCY,
        explanation="Collapsed in clinic waiting room",
    )
    type(glass).objects.filter(pk=glass.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(queries.Refused):
        queries.open_record(far, system, NHS)


def test_objection_withholds_other_organisations_records_except_in_an_emergency(system, person):
    gp = clinician(system, "Y99001")
    actions.register_objection(NHS, by=gp, via=ObjectionVia.STAFF, system=system)
    own = queries.open_record(gp, system, NHS)
    assert {e["source"] for e in own.entries} == {"Y99001"}
    assert own.withheld == {"objection": 2, "sensitive:sexual_health": 1}
    far = clinician(system, "RT3")
    org = Organisation.objects.get(ods_code="RT3")
    with pytest.raises(queries.Refused) as refused:
        queries.open_record(far, system, NHS)
    assert refused.value.emergency_only
    with pytest.raises(ValidationError):
        actions.break_glass(
            NHS,
            by=far,
            system=system,
            organisation=org,
            reason=BreakGlassReason.UNPLANNED,
            explanation="wants to look at it",
        )
    actions.break_glass(
        NHS,
        by=far,
        system=system,
        organisation=org,
        reason=BreakGlassReason.EMERGENCY,
        explanation="Unconscious, needs care now",
    )
    assert queries.open_record(far, system, NHS).withheld == {"sensitive:sexual_health": 2}
    actions.withdraw_objection(NHS, by=gp, via=ObjectionVia.STAFF, system=system)
    assert queries.open_record(gp, system, NHS).withheld == {"sensitive:sexual_health": 1}


def test_person_sees_who_looked_and_only_they_register_their_objection(system, person):
    gp = clinician(system, "Y99001")
    queries.open_record(gp, system, NHS)
    with pytest.raises(queries.Refused):
        queries.open_record(clinician(system, "RT3"), system, NHS)
    account = actions.open_patient_account(NHS, via="demo")
    own = queries.patient_record(account)
    assert len(own.entries) == 6 and own.basis.kind == "own_record"
    views = queries.views_of(NHS)
    assert [v["activity"] for v in views[:4]] == [
        "Opened the record",
        "Opened the person's own account",
        "Tried to open the record and was refused",
        "Opened the record",
    ]
    assert views[0]["own"] and not views[3]["own"]
    assert views[3]["organisation"].endswith("Surgery 1") and views[3]["role"]
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        actions.register_objection(NHS, by=stranger, via=ObjectionVia.PERSON)
    actions.register_objection(NHS, by=account.user, via=ObjectionVia.PERSON)
    assert queries.objection_in_force(NHS) is not None


def test_search_by_number_or_name_and_birth_date_is_audited(system, person):
    gp = clinician(system, "RT3")
    assert queries.find(gp, system, nhs_number=NHS) == [person]
    assert queries.find(gp, system, family="JONES", birth_date=dt.date(1940, 5, 2)) == [person]
    assert queries.find(gp, system, family="Jones", birth_date=dt.date(1941, 5, 2)) == []
    with pytest.raises(ValueError):
        queries.find(gp, system, family="Jones")
    assert last_event().action == "record.searched"


def test_staff_record_an_objection_only_with_a_relationship_and_a_refusal_is_audited(
    system, person
):
    far = clinician(system, "RT3")
    with pytest.raises(PermissionDenied):
        actions.register_objection(NHS, by=far, via=ObjectionVia.STAFF, system=system)
    assert last_event().action == "record.objection_refused"
    assert last_event().details["nhs_numbers"] == [NHS]
    with pytest.raises(PermissionDenied):
        actions.register_objection(NHS, by=far, via=ObjectionVia.STAFF)  # no system: no record


def test_a_typed_in_number_that_is_not_an_nhs_number_is_not_found_and_not_indexed(system, person):
    gp = clinician(system, "Y99001")
    for typed in ("12345678901234", "９４３４７６５９１９"):
        with pytest.raises(Http404):
            queries.open_record(gp, system, typed)
    assert not PersonAccess.objects.exclude(nhs_number=NHS).exists()


def test_only_one_objection_is_ever_in_force(system, person):
    from django.db import IntegrityError, transaction

    from engineroom.record.models import SharingObjection

    SharingObjection.objects.create(nhs_number=NHS, via=ObjectionVia.STAFF)
    with pytest.raises(IntegrityError), transaction.atomic():
        SharingObjection.objects.create(nhs_number=NHS, via=ObjectionVia.STAFF)
