"""The clinician's shared care record: find a person, read their record (summary, timeline,
population health flags), print it, break the glass, and the Caldicott Guardian's review.

DIRECT CARE: every page is identifiable (never cached), every view and refusal is audited by
``record.queries``; the only writes (break-glass, care team, referral, review) go through
``record.actions``. A refused record is a 403 page that says why and offers break-glass.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.population_health import public as population
from engineroom.record import actions, presenters, queries, rules
from engineroom.record.forms import (
    BreakGlassForm,
    CareTeamForm,
    FindForm,
    ReferralForm,
    ReviewForm,
    TimelineForm,
)
from engineroom.system import queries as system_queries
from engineroom.web import formatting
from engineroom.web.pages import ActionFormPage, SystemPage

PRINT_ENTRIES = 1000  # a printed record has the filtered timeline up to this many entries


class RecordPage(SystemPage):
    """A page about the shared record: identifiable, refused and audited without record.view."""

    permission = Permission.RECORD_VIEW
    identifiable = True

    def refusal_details(self) -> dict:
        nhs_number = self.kwargs.get("nhs_number")
        return {"nhs_numbers": [nhs_number]} if nhs_number else {}


class Find(RecordPage):
    """Find a person by NHS number, or family name with date of birth (a GET form)."""

    template_name = "record/find.html"

    def get_context_data(self, **kwargs):
        asked = bool(self.request.GET)
        form = FindForm(self.request.GET or None)
        people = None
        if asked and form.is_valid():
            found = queries.find(self.request.user, self.system, **form.criteria())
            names = system_queries.organisation_names({p.registered_practice for p in found})
            people = presenters.found_rows(found, names)
        return super().get_context_data(form=form, people=people, **kwargs)


class PersonRecord(RecordPage):
    """One person's record as this user may see it; a 403 page saying why when refused."""

    template_name = "record/record.html"
    per_page = presenters.PAGE_ENTRIES

    def get(self, request, *args, **kwargs):
        try:
            self.opened = queries.open_record(request.user, self.system, kwargs["nhs_number"])
        except queries.Refused as refusal:
            return self.refused(refusal)
        return super().get(request, *args, **kwargs)

    def refused(self, refusal: queries.Refused):
        nhs_number = self.kwargs["nhs_number"]
        context = super().get_context_data(
            refusal=refusal, nhs_number=nhs_number, nhs_display=formatting.nhs_number(nhs_number)
        )
        return self.response_class(
            request=self.request, template="record/refused.html", context=context, status=403
        )

    def get_context_data(self, **kwargs):
        opened = self.opened
        names = system_queries.organisation_names(
            presenters.sources(opened.person.document.get("entries", []))
            | {opened.person.registered_practice}
        )
        filters = TimelineForm(self.request.GET or None)
        chosen = filters.filters()
        page = presenters.page_number(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            banner=presenters.banner(opened.person, names, opened.on),
            basis=presenters.basis(opened.basis),
            withheld=presenters.withheld(opened.withheld),
            objection=opened.objection,
            summary=presenters.summary(opened.summary, names),
            filters=filters,
            timeline=presenters.timeline(
                opened.entries, chosen, names, page=page, per_page=self.per_page
            ),
            filtered_by=presenters.filter_words(chosen),
            query=query.urlencode(),
            flags=population.flags(opened.person.nhs_number, only_from=_own_only(opened)),
            can_change=opened.basis.kind not in {"break_glass", "own_record"},
            on=opened.on,
            **kwargs,
        )


class PrintRecord(PersonRecord):
    """The record laid out for paper (print stylesheet), with the timeline's filters applied."""

    template_name = "record/print.html"
    per_page = PRINT_ENTRIES


class BreakGlass(ActionFormPage):
    """Open a record without a relationship: a reason chosen and written, audited, reviewed by
    the organisation's Caldicott Guardian, for a few hours; emergencies only after an objection."""

    permission = Permission.RECORD_VIEW
    identifiable = True
    form_class = BreakGlassForm
    form_kwargs_system = False
    template_name = "record/break_glass.html"

    def get_form_kwargs(self):
        if queries.person(self.kwargs["nhs_number"]) is None:  # after the permission check
            raise Http404("There is no shared record for that NHS number.")
        self.organisations = rules.record_organisations(self.request.user, self.system)
        if not self.organisations:
            self.refuse("Your account is not linked to an organisation that may open records.")
        objection = queries.objection_in_force(self.kwargs["nhs_number"]) is not None
        return super().get_form_kwargs() | {
            "organisations": self.organisations,
            "emergency_only": objection,
        }

    def perform(self, data):
        glass = actions.break_glass(
            self.kwargs["nhs_number"],
            by=self.request.user,
            system=self.system,
            organisation=data["organisation"],
            reason=data["reason"],
            explanation=data["explanation"],
        )
        until = presenters.basis(rules.Basis("break_glass", glass.organisation, glass))
        return f"Break-glass recorded: you may see this record until {until['expires']}."

    def get_success_url(self):
        return reverse("record:record", args=[self.system.code, self.kwargs["nhs_number"]])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            nhs_display=formatting.nhs_number(self.kwargs["nhs_number"]),
            hours=rules.BREAK_GLASS_HOURS,
            **kwargs,
        )


class ChangeOnRecord(ActionFormPage):
    """A write about a person from their record page (care team, referral): the action checks
    the user's own legitimate relationship; break-glass alone is not enough."""

    permission = Permission.RECORD_VIEW
    identifiable = True
    form_kwargs_system = False

    def get_success_url(self):
        return reverse("record:record", args=[self.system.code, self.kwargs["nhs_number"]])

    def get_context_data(self, **kwargs):
        nhs_number = self.kwargs["nhs_number"]
        return super().get_context_data(
            nhs_number=nhs_number, nhs_display=formatting.nhs_number(nhs_number), **kwargs
        )


class AddToCareTeam(ChangeOnRecord):
    form_class = CareTeamForm
    template_name = "record/care_team.html"

    def get_form_kwargs(self):
        colleagues = queries.colleagues(self.request.user, self.system)
        return super().get_form_kwargs() | {"colleagues": colleagues}

    def perform(self, data):
        member = actions.add_to_care_team(
            self.kwargs["nhs_number"],
            by=self.request.user,
            system=self.system,
            user=data["user"],
            organisation=data["organisation"],
            reason=data["reason"],
        )
        return f"{member.user.get_full_name() or member.user.username} joined the care team."


class Refer(ChangeOnRecord):
    form_class = ReferralForm
    template_name = "record/refer.html"

    def get_form_kwargs(self):
        organisations = system_queries.organisations(self.system).order_by("name")
        return super().get_form_kwargs() | {"organisations": organisations}

    def perform(self, data):
        referral = actions.refer(
            self.kwargs["nhs_number"],
            by=self.request.user,
            system=self.system,
            to_organisation=data["to_organisation"],
            reason=data["reason"],
        )
        return f"Referred to {referral.to_organisation.name}."


class Review(ActionFormPage):
    """The Caldicott Guardian's review of break-glass uses by their organisation's staff,
    unreviewed first, with a form per use to record the outcome."""

    permission = Permission.RECORD_REVIEW
    identifiable = True
    form_class = ReviewForm
    form_kwargs_system = False
    template_name = "record/review.html"

    def get_uses(self):
        if not hasattr(self, "uses"):
            self.uses = queries.break_glasses_to_review(self.request.user)
        return self.uses

    def perform(self, data):
        try:
            chosen = queries.break_glass_for_review(self.request.user, data["break_glass"])
        except Http404:
            self.refuse("That break-glass was not made by your organisation's staff.")
        actions.review_break_glass(
            chosen, by=self.request.user, outcome=data["outcome"], note=data["note"]
        )
        who = chosen.user.get_full_name() or chosen.user.get_username()
        return f"Review recorded for the break-glass by {who}."

    def get_success_url(self):
        return reverse("record:review", args=[self.system.code])

    def get_context_data(self, **kwargs):
        form = kwargs.get("form")
        failed = form.data.get("break_glass") if form is not None and form.is_bound else None
        return super().get_context_data(
            uses=presenters.break_glass_rows(self.get_uses()), failed=str(failed or ""), **kwargs
        )


def _own_only(opened) -> set[str] | None:
    """With an objection in force (and no emergency), only the viewer's own organisation's
    readings show as evidence, as on the timeline."""
    if not opened.objection or opened.basis.emergency or opened.basis.organisation is None:
        return None
    return {opened.basis.organisation.ods_code}
