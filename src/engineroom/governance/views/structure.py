"""The structure (S4), a body's page and the edits to it, and the decision matrix (S7)."""

from __future__ import annotations

from django.urls import reverse

from engineroom.governance import actions, presenters, queries, routing, rules
from engineroom.governance.forms import (
    BodyForm,
    DelegationForm,
    MeetingForm,
    MemberForm,
    RouteForm,
)
from engineroom.governance.views.base import EDIT, VIEW, FormPage, OfBody
from engineroom.web.pages import SystemPage


class Index(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "governance/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bodies = queries.bodies_with_decisions(self.system)
        context.update(
            structure=presenters.structure(self.system),
            bodies=bodies,
            treacle=[t for t in rules.treacle(bodies) if t.has_decisions],
        )
        return context


class BodyDetail(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "governance/body.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        body = queries.body(self.system, self.kwargs["body"])
        context.update(
            body=body,
            members=queries.current_members(body),
            past_members=queries.past_members(body),
            delegations=queries.body_delegations(body),
            meetings=queries.body_meetings(body),
            decisions=queries.decisions(self.system, confidential=self.can_edit, body=body),
            treacle=rules.treacle([body])[0],
            history=queries.body_history(body),
        )
        return context


class Matrix(SystemPage):
    """The decision matrix, and routing a proposal to the lowest level that may decide it."""

    permission = VIEW
    template_name = "governance/matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = RouteForm(self.request.GET or None, system=self.system)
        if form.is_valid():
            hood = form.cleaned_data["neighbourhood"]
            context["route"] = routing.route_proposal(
                self.system,
                category=form.cleaned_data["category"],
                value_pence=form.cleaned_data["value"],
                places=list(form.cleaned_data["places"]),
                neighbourhoods=[hood] if hood else [],
            )
        context.update(form=form, delegations=queries.current_delegations(self.system))
        return context


class NewBody(FormPage):
    form_class = BodyForm
    title = "Add a body"

    def get_success_url(self):
        return reverse("governance:index", args=[self.system.code])

    def perform(self, data):
        actions.create_body(by=self.request.user, system=self.system, **data)


class EditBody(OfBody):
    form_class = BodyForm

    def get_title(self):
        return f"Change {self.body.name}"

    def get_initial(self):
        return {name: getattr(self.body, name) for name in BodyForm.base_fields}

    def perform(self, data):
        actions.change_body(by=self.request.user, body=self.body, **data)
        self.kwargs["body"] = data["code"]


class AddMember(OfBody):
    form_class = MemberForm

    def get_title(self):
        return f"Add a member to {self.body.name}"

    def perform(self, data):
        actions.add_member(by=self.request.user, body=self.body, **data)


class AddDelegation(OfBody):
    form_class = DelegationForm

    def get_title(self):
        return f"Add a delegation to {self.body.name}"

    def perform(self, data):
        data["limit_pence"] = data.pop("limit")
        actions.add_delegation(by=self.request.user, body=self.body, **data)


class NewMeeting(OfBody):
    form_class = MeetingForm
    form_kwargs_system = False

    def get_title(self):
        return f"Schedule a meeting of {self.body.name}"

    def perform(self, data):
        actions.schedule_meeting(by=self.request.user, body=self.body, **data)
