"""Writes around the shared record: break-glass and its review, objections, care teams,
referrals and patient accounts. Each is atomic and audited with the person's NHS number."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from engineroom.accounts.permissions import Permission
from engineroom.accounts.rules import has_permission
from engineroom.audit import actions as audit
from engineroom.record import queries, rules
from engineroom.record.models import (
    BreakGlass,
    BreakGlassReason,
    CareTeamMember,
    ObjectionVia,
    PatientAccount,
    Referral,
    SharingObjection,
)
from engineroom.system.models import Organisation, System

MIN_EXPLANATION = 10


def _log(event: str, nhs_number: str, *, by, reason: str, **details) -> None:
    audit.record(
        f"record.{event}",
        f"record.person:{nhs_number}",
        by=by,
        reason=reason,
        details={"nhs_numbers": [nhs_number], **details},
    )


def _known(nhs_number: str):
    found = queries.person(nhs_number)
    if found is None:
        raise ValidationError("There is no shared record for that NHS number.")
    return found


@transaction.atomic
def break_glass(
    nhs_number: str,
    *,
    by,
    system: System,
    organisation: Organisation,
    reason: str,
    explanation: str,
) -> BreakGlass:
    """Open a person's record without a legitimate relationship, for BREAK_GLASS_HOURS. Only
    for an emergency while the person's objection to sharing is in force."""
    _known(nhs_number)
    if organisation not in rules.record_organisations(by, system):
        raise PermissionDenied("You cannot open records for that organisation.")
    if reason not in BreakGlassReason.values:
        raise ValidationError({"reason": "Choose a reason."})
    if len(explanation.strip()) < MIN_EXPLANATION:
        raise ValidationError({"explanation": "Say why, in at least 10 characters."})
    if queries.objection_in_force(nhs_number) and reason != BreakGlassReason.EMERGENCY:
        raise ValidationError(
            {"reason": "The person has objected to sharing: break-glass is for emergencies only."}
        )
    now = timezone.now()
    glass = BreakGlass.objects.create(
        nhs_number=nhs_number,
        user=by,
        organisation=organisation,
        reason=reason,
        explanation=explanation.strip(),
        started_at=now,
        expires_at=rules.break_glass_expiry(now),
    )
    _log(
        "break_glass_opened",
        nhs_number,
        by=by,
        reason=f"break-glass: {glass.get_reason_display()}: {glass.explanation}",
        organisation=organisation.ods_code,
        expires_at=glass.expires_at.isoformat(),
        system=system.code,
    )
    return glass


@transaction.atomic
def review_break_glass(glass: BreakGlass, *, by, outcome: str, note: str = "") -> BreakGlass:
    """The Caldicott Guardian of the organisation records whether a break-glass was appropriate."""
    if not has_permission(
        by, Permission.RECORD_REVIEW, organisation=glass.organisation, own_organisation=True
    ):
        raise PermissionDenied(
            "Only the organisation's Caldicott Guardian reviews its break-glass."
        )
    if glass.user_id == by.pk:
        raise PermissionDenied("No one reviews their own break-glass.")
    glass = BreakGlass.objects.select_for_update().get(pk=glass.pk)  # one review, not two
    if glass.reviewed_at is not None:
        raise ValidationError("This break-glass has been reviewed already.")
    glass.outcome, glass.review_note = outcome, note.strip()
    glass.reviewed_by, glass.reviewed_at = by, timezone.now()
    glass.full_clean(exclude=["user", "organisation"])
    glass.save()
    _log(
        "break_glass_reviewed",
        glass.nhs_number,
        by=by,
        reason=f"Caldicott review: {glass.get_outcome_display()}",
        break_glass=glass.pk,
        note=glass.review_note,
    )
    return glass


def _may_record_objection(nhs_number: str, by, via: str, system: System | None) -> None:
    """The person themselves, or a care professional with a legitimate relationship with them
    (recording it at their request)."""
    if via == ObjectionVia.PERSON:
        account = getattr(by, "patient_account", None)
        if account is None or account.nhs_number != nhs_number:
            raise PermissionDenied("Only the person can register their own objection.")
    elif system is None:
        raise PermissionDenied("Staff record an objection from the person's record, in a system.")
    else:
        _related(by, system, nhs_number, "objection")


def register_objection(
    nhs_number: str, *, by, via: str, system: System | None = None
) -> SharingObjection:
    """The person objects to sharing their record beyond the organisations that recorded it."""
    _may_record_objection(nhs_number, by, via, system)
    if queries.objection_in_force(nhs_number):
        raise ValidationError("An objection to sharing is already in force.")
    try:
        with transaction.atomic():  # a second objection at the same moment: one stands
            found = SharingObjection.objects.create(
                nhs_number=nhs_number, registered_by=by, via=via
            )
            _log("objection_added", nhs_number, by=by, reason="objection registered", via=via)
    except IntegrityError as error:
        raise ValidationError("An objection to sharing is already in force.") from error
    return found


def withdraw_objection(
    nhs_number: str, *, by, via: str, system: System | None = None
) -> SharingObjection:
    """The person withdraws their objection: the record is shared again from now."""
    _may_record_objection(nhs_number, by, via, system)
    with transaction.atomic():
        found = queries.objection_in_force(nhs_number)
        if found is None:
            raise ValidationError("There is no objection to sharing in force.")
        found.withdrawn_at, found.withdrawn_by = timezone.now(), by
        found.save(update_fields=["withdrawn_at", "withdrawn_by"])
        _log("objection_withdrawn", nhs_number, by=by, reason="objection withdrawn", via=via)
    return found


def _related(by, system: System, nhs_number: str, what: str) -> rules.Basis:
    """A legitimate relationship of ``by`` (not break-glass): needed to change who may see the
    record; a refusal is audited, naming the person (so callers check before their atomic write,
    or the refusal's entry would be rolled back with it)."""
    found = _known(nhs_number)
    basis = rules.relationship(by, system, found, on=queries.extract_date(found.load))
    if basis is None:
        reason = "You need a legitimate relationship with the person for this."
        _log(f"{what}_refused", nhs_number, by=by, reason=reason, system=system.code)
        raise PermissionDenied(reason)
    return basis


def add_to_care_team(
    nhs_number: str, *, by, system: System, user, organisation: Organisation, reason: str
) -> CareTeamMember:
    """Add a colleague (who may open records through ``organisation``) to the care team."""
    _related(by, system, nhs_number, "care_team")
    if organisation not in rules.record_organisations(user, system):
        raise ValidationError({"user": "That person cannot open records for that organisation."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why they join the care team."})
    with transaction.atomic():
        member = CareTeamMember.objects.create(
            nhs_number=nhs_number, user=user, organisation=organisation, added_by=by, reason=reason
        )
        _log("care_team_added", nhs_number, by=by, reason=reason, member=str(user))
    return member


def refer(
    nhs_number: str,
    *,
    by,
    system: System,
    to_organisation: Organisation,
    reason: str,
) -> Referral:
    """Refer the person to another organisation in the system, opening their record to it."""
    basis = _related(by, system, nhs_number, "referral")
    if not system.footprints.filter(organisation=to_organisation).exists():
        raise ValidationError({"to_organisation": "Refer to an organisation in this system."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why you refer the person."})
    with transaction.atomic():
        found = Referral.objects.create(
            nhs_number=nhs_number,
            from_organisation=basis.organisation,
            to_organisation=to_organisation,
            made_by=by,
            reason=reason,
        )
        _log("referral_added", nhs_number, by=by, reason=reason, to=to_organisation.ods_code)
    return found


@transaction.atomic
def open_patient_account(nhs_number: str, *, via: str, user=None) -> PatientAccount:
    """The person's account (one per NHS number); a demo account gets a user of its own."""
    existing = PatientAccount.objects.filter(nhs_number=nhs_number).select_related("user").first()
    if existing is not None:
        return existing
    person = _known(nhs_number)
    try:
        with transaction.atomic():
            if user is None:
                user = get_user_model().objects.create_user(
                    username=f"person-{nhs_number}",
                    full_name=f"{person.given_name} {person.family_name}".strip(),
                )
            account = PatientAccount.objects.create(user=user, nhs_number=nhs_number, via=via)
    except IntegrityError:  # the same person signing in twice at once: the first account
        return PatientAccount.objects.select_related("user").get(nhs_number=nhs_number)
    _log("patient_account_opened", nhs_number, by=user, reason="person's own account", via=via)
    return account
