"""What the governance form pages share: the edit permission, the form template, the object."""

from __future__ import annotations

from functools import cached_property

from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.governance import queries
from engineroom.governance.models import Body, Decision, Meeting
from engineroom.web.pages import ActionFormPage

VIEW, EDIT = Permission.GOVERNANCE_VIEW, Permission.GOVERNANCE_EDIT


class FormPage(ActionFormPage):
    """A governance edit: ``perform`` calls one action; the page says what it changes."""

    permission = EDIT
    template_name = "governance/form.html"
    title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.get_title(), back=self.get_success_url())
        return context

    def get_title(self) -> str:
        return self.title


class OfBody(FormPage):
    """A change to the body named in the URL; back to its page."""

    @cached_property
    def body(self) -> Body:
        return queries.body(self.system, self.kwargs["body"])

    def get_success_url(self):
        return reverse("governance:body", args=[self.system.code, self.kwargs["body"]])


class OfMeeting(FormPage):
    """A change to the meeting in the URL; back to its page."""

    @cached_property
    def meeting(self) -> Meeting:
        return queries.meeting(self.system, self.kwargs["pk"])

    def get_success_url(self):
        return reverse("governance:meeting", args=[self.system.code, self.kwargs["pk"]])


class OfDecision(FormPage):
    """A step in the life of the decision in the URL; back to its page."""

    @cached_property
    def decision(self) -> Decision:
        return queries.decision(self.system, self.kwargs["pk"])

    def get_success_url(self):
        return reverse("governance:decision", args=[self.system.code, self.kwargs["pk"]])
