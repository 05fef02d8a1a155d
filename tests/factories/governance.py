"""Factories for governance: bodies, members, delegations, meetings, decisions and interests.

Each builds a row that passes ``full_clean()``; related rows default to new ones in the same
system, so ``MeetingFactory(body=body)`` is all a test about one meeting needs.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from engineroom.governance import models
from factories.accounts import UserFactory
from factories.system import LONG_AGO, OrganisationFactory, PersonFactory, SystemFactory


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Body
        skip_postgeneration_save = True

    system = factory.SubFactory(SystemFactory)
    code = factory.Sequence(lambda n: f"body-{n}")
    name = factory.Sequence(lambda n: f"Body {n}")
    kind = models.BodyKind.PROGRAMME_BOARD
    terms_of_reference = "Terms of reference."
    terms_published = True

    @factory.post_generation
    def parties(self, create, organisations, **kwargs):
        if create and organisations:
            self.parties.set(organisations)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Member

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory)
    role = models.MemberRole.MEMBER
    start_date = LONG_AGO


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Delegation

    body = factory.SubFactory(BodyFactory)
    category = models.Category.FUNDING
    limit_pence = 1_000_000_00
    source_organisation = factory.SubFactory(OrganisationFactory)
    source = "Scheme of reservation and delegation"
    start_date = LONG_AGO


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    location = "Board room"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AgendaItem
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")
    notice_given_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=60))

    @factory.post_generation
    def organisations(self, create, organisations, **kwargs):
        if create and organisations:
            self.organisations.set(organisations)


class ItemMinuteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ItemMinute

    item = factory.SubFactory(AgendaItemFactory)
    discussion = factory.Sequence(lambda n: f"Discussion of item {n}.")
    resolved = "Noted."


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Paper

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")
    html = "The paper's text."
    published = True


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = models.AttendanceStatus.PRESENT


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Action

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(PersonFactory)
    due_on = factory.LazyAttribute(lambda a: a.meeting.starts_at.date() + dt.timedelta(days=28))


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Decision
        skip_postgeneration_save = True

    body = factory.SubFactory(BodyFactory)
    reference = factory.Sequence(lambda n: f"D-{n:03d}")
    title = factory.Sequence(lambda n: f"Decision {n}")
    category = models.Category.FUNDING
    value_pence = 100_000_00
    proposed_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=90))

    @factory.post_generation
    def organisations(self, create, organisations, **kwargs):
        if create and organisations:
            self.organisations.set(organisations)


class PartnerDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartnerDecision

    decision = factory.SubFactory(DecisionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = models.PartnerDecisionKind.RATIFICATION


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Interest

    person = factory.SubFactory(PersonFactory)
    system = factory.SubFactory(SystemFactory)
    kind = models.InterestKind.PROFESSIONAL
    counterparty = factory.Sequence(lambda n: f"Counterparty {n}")
    description = factory.Sequence(lambda n: f"Interest {n}")
    start_date = dt.date(2024, 4, 1)
    declared_on = dt.date(2024, 4, 10)


class AnnualReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AnnualReturn

    person = factory.SubFactory(PersonFactory)
    system = factory.SubFactory(SystemFactory)
    year = "2024/25"
    submitted_on = dt.date(2024, 5, 1)


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Declaration

    item = factory.SubFactory(AgendaItemFactory)
    interest = factory.SubFactory(InterestFactory)
    person = factory.SelfAttribute("interest.person")
    action = "Declared the interest and left the meeting for the item."
    recorded_by = factory.SubFactory(UserFactory)
