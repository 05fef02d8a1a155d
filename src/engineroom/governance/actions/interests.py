"""Declaring interests and making annual returns (S8).

NHS guidance: declare within 28 days and at least annually (nil returns included); gifts over
£50 from one source (cumulative over 12 months) are declared, cash is refused; hospitality over
£25 is recorded. The thresholds are in ``rules``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.governance import queries, rules
from engineroom.governance.models import AnnualReturn, Interest
from engineroom.system.models import Person, System


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
    """Refuses cash, gifts without a value, dates out of order and unexplained withholding."""
    rules.check_declaration(
        kind=kind,
        value_pence=value_pence,
        cash=cash,
        start_date=start_date,
        end_date=end_date,
        declared_on=declared_on,
        publish=publish,
        withheld_reason=withheld_reason,
    )
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
    details = {"person": person.ref, "kind": kind, "late": rules.is_late(start_date, declared_on)}
    audit.record("governance.interest_declared", audit.subject(interest), by=by, details=details)
    return interest


@transaction.atomic
def submit_return(
    *, by, system: System, person: Person, year: str, nil: bool, on: dt.date
) -> AnnualReturn:
    """One return a year; a nil return only from someone with no current interest."""
    if nil:
        current = queries.register(system).filter(person=person).current_on(on).count()
        if current:
            raise ValidationError(
                {
                    "nil": f"{person.name} has {current} current "
                    f"interest{'s' if current != 1 else ''} on the register: "
                    "a nil return is only for someone with none."
                }
            )
    if queries.returns(system).filter(person=person, year=year).exists():
        raise ValidationError({"person": f"{person.name} has already made a return for {year}."})
    annual = AnnualReturn.objects.create(
        system=system, person=person, year=year, submitted_on=on, nil=nil
    )
    details = {"person": person.ref, "year": year, "nil": nil}
    audit.record(
        "governance.annual_return_submitted", audit.subject(annual), by=by, details=details
    )
    return annual
