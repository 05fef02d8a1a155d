"""Registers of interests, gifts and hospitality thresholds, and conflicts on agendas (S8).

NHS guidance: declare within 28 days and at least annually (nil returns included); gifts over
£50 from one source (cumulative over 12 months) are declared, cash is refused; hospitality over
£25 is recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum

from engineroom.governance.models import (
    AgendaItem,
    AnnualReturn,
    AttendanceStatus,
    Declaration,
    Interest,
    InterestKind,
    Meeting,
    Member,
)
from engineroom.governance.presenters import financial_year
from engineroom.governance.services import log
from engineroom.system.models import Person, System

DECLARE_WITHIN_DAYS = 28
GIFT_THRESHOLD_PENCE = 50_00
HOSPITALITY_THRESHOLD_PENCE = 25_00
GIFT_WINDOW_DAYS = 365


def is_late(arose: dt.date, declared: dt.date) -> bool:
    return (declared - arose).days > DECLARE_WITHIN_DAYS


def gift_must_be_declared(value_pence: int, earlier_from_source_pence: int) -> bool:
    """Gifts are declared once one source's gifts over 12 months exceed £50."""
    return value_pence + earlier_from_source_pence > GIFT_THRESHOLD_PENCE


def hospitality_must_be_recorded(value_pence: int) -> bool:
    return value_pence > HOSPITALITY_THRESHOLD_PENCE


def earlier_gifts(person: Person, counterparty: str, on: dt.date, exclude=None) -> int:
    rows = Interest.objects.filter(
        person=person,
        kind=InterestKind.GIFT,
        counterparty__iexact=counterparty,
        start_date__gt=on - dt.timedelta(days=GIFT_WINDOW_DAYS),
        start_date__lte=on,
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.aggregate(s=Sum("value_pence"))["s"] or 0


def threshold_note(interest: Interest) -> str:
    if interest.kind == InterestKind.GIFT:
        earlier = earlier_gifts(
            interest.person, interest.counterparty, interest.start_date, interest
        )
        if gift_must_be_declared(interest.value_pence or 0, earlier):
            return "Over £50 from this source in 12 months: declared"
        return "Under the £50 threshold: recorded voluntarily"
    if interest.kind == InterestKind.HOSPITALITY:
        if hospitality_must_be_recorded(interest.value_pence or 0):
            return "Over £25: recorded"
        return "Under the £25 threshold: recorded voluntarily"
    return ""


@transaction.atomic
def declare_interest(
    *,
    by,
    system: System,
    person: Person,
    kind: str,
    counterparty: str,
    description: str,
    start_date: dt.date,
    declared_on: dt.date,
    organisation=None,
    value_pence: int | None = None,
    cash: bool = False,
    end_date: dt.date | None = None,
    publish: bool = True,
    withheld_reason: str = "",
    mitigation: str = "",
) -> Interest:
    errors = {}
    if kind in (InterestKind.GIFT, InterestKind.HOSPITALITY):
        if cash:
            errors["cash"] = "Cash and vouchers must be refused and returned, not declared."
        if value_pence is None:
            errors["value"] = "Give the value of the gift or hospitality in pounds."
    if end_date is not None and end_date < start_date:
        errors["end_date"] = "The end date must be on or after the date the interest arose."
    if declared_on < start_date:
        errors["declared_on"] = "An interest cannot be declared before it arose."
    if declared_on > dt.date.today():
        errors["declared_on"] = "The declaration date cannot be in the future."
    if not publish and not withheld_reason.strip():
        errors["withheld_reason"] = "Give the privacy or legal reason for withholding this entry."
    if errors:
        raise ValidationError(errors)
    interest = Interest.objects.create(
        system=system,
        person=person,
        kind=kind,
        organisation=organisation,
        counterparty=counterparty or (organisation.name if organisation else ""),
        description=description,
        value_pence=value_pence,
        start_date=start_date,
        end_date=end_date,
        declared_on=declared_on,
        publish=publish,
        withheld_reason=withheld_reason,
        mitigation=mitigation,
    )
    log(
        by,
        "interest_declared",
        interest,
        person=person.ref,
        kind=kind,
        late=is_late(start_date, declared_on),
    )
    return interest


@transaction.atomic
def submit_return(
    *, by, system: System, person: Person, year: str, nil: bool, on: dt.date
) -> AnnualReturn:
    if nil:
        current = register(system).filter(person=person).current_on(on).count()
        if current:
            raise ValidationError(
                {
                    "nil": f"{person.name} has {current} current interest{'s' if current != 1 else ''} "
                    "on the register: a nil return is only for someone with none."
                }
            )
    if AnnualReturn.objects.filter(system=system, person=person, year=year).exists():
        raise ValidationError({"person": f"{person.name} has already made a return for {year}."})
    annual = AnnualReturn.objects.create(
        system=system, person=person, year=year, submitted_on=on, nil=nil
    )
    log(by, "annual_return", annual, person=person.ref, year=year, nil=nil)
    return annual


class InterestQuerySet(QuerySet):
    def current_on(self, on: dt.date):
        return self.filter(
            Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on)
        ).exclude(kind__in=[InterestKind.GIFT, InterestKind.HOSPITALITY])


def register(system: System, *, public: bool = False) -> InterestQuerySet:
    rows = InterestQuerySet(Interest).filter(system=system).select_related("person", "organisation")
    return rows.filter(publish=True) if public else rows


def returns_due(system: System, on: dt.date | None = None) -> list[Person]:
    """Current members of the system's bodies without a return for this financial year."""
    on = on or dt.date.today()
    year = financial_year(on)
    done = AnnualReturn.objects.filter(system=system, year=year).values_list("person_id", flat=True)
    people = (
        Person.objects.filter(
            body_memberships__in=Member.objects.current(on).filter(body__system=system)
        )
        .exclude(pk__in=done)
        .distinct()
        .order_by("name")
    )
    return list(people)


@dataclass
class Conflict:
    item: AgendaItem
    person: Person
    interest: Interest
    declared: bool


def conflicts(meeting: Meeting) -> list[Conflict]:
    """Members, presenters and attendees with a current interest in an organisation an item concerns."""
    on = meeting.starts_at.date()
    people = set(meeting.body.members.current(on).values_list("person_id", flat=True)) | set(
        meeting.attendance.values_list("person_id", flat=True)
    )
    items = list(meeting.items.prefetch_related("organisations"))
    people |= {i.presenter_id for i in items if i.presenter_id}
    interests = list(
        register(meeting.body.system)
        .filter(person_id__in=people, organisation__isnull=False)
        .current_on(on)
    )
    declared = set(
        Declaration.objects.filter(item__meeting=meeting).values_list(
            "item_id", "person_id", "interest_id"
        )
    )
    found = []
    for item in items:
        organisations = {o.pk for o in item.organisations.all()}
        for interest in interests:
            if interest.organisation_id in organisations:
                found.append(
                    Conflict(
                        item,
                        interest.person,
                        interest,
                        (item.pk, interest.person_id, interest.pk) in declared,
                    )
                )
    return found


@transaction.atomic
def record_declaration(
    *, by, item: AgendaItem, person: Person, interest: Interest, action: str
) -> Declaration:
    if interest.person_id != person.pk:
        raise ValidationError({"interest": "That interest belongs to someone else."})
    declaration, _ = Declaration.objects.update_or_create(
        item=item, person=person, interest=interest, defaults={"action": action, "recorded_by": by}
    )
    log(by, "declaration_recorded", declaration, item=item.pk, person=person.ref, action=action)
    return declaration


def default_action(interest: Interest) -> str:
    if interest.kind == InterestKind.FINANCIAL:
        return "Declared a financial interest and left the meeting for the item."
    return "Declared the interest, took part in the discussion and did not vote."


def record_flagged_declarations(*, by, meeting: Meeting) -> int:
    """Record in the minutes every flagged conflict of someone present, once."""
    present = set(
        meeting.attendance.filter(status=AttendanceStatus.PRESENT).values_list(
            "person_id", flat=True
        )
    )
    count = 0
    for c in conflicts(meeting):
        if not c.declared and c.person.pk in present:
            record_declaration(
                by=by,
                item=c.item,
                person=c.person,
                interest=c.interest,
                action=c.interest.mitigation or default_action(c.interest),
            )
            count += 1
    return count
