"""A programme's plan in the pages: add and change projects, milestones, benefits (and record a
benefit's month) and dependencies. Each form posts to one action; what the data refuses comes
back against the field it names."""

from __future__ import annotations

from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.programmes import actions, queries
from engineroom.programmes.forms import (
    BenefitForm,
    BenefitMonthForm,
    DependencyForm,
    NewMilestoneForm,
    ProjectForm,
)
from engineroom.web import formatting
from engineroom.web.pages import ActionFormPage

EDIT = Permission.PROGRAMMES_EDIT


class PlanFormPage(ActionFormPage):
    """A form about one programme (``code`` in the address), going back to its page."""

    permission = EDIT
    template_name = "programmes/plan_form.html"
    form_kwargs_system = False
    noun = ""

    def programme(self):
        return queries.programme(self.system, self.kwargs["code"])

    def existing(self):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.existing()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        verb = "Change" if self.existing() is not None else "Add"
        context.update(programme=self.programme(), title=f"{verb} {self.noun}")
        return context

    def get_success_url(self):
        return reverse("programmes:programme", args=[self.system.code, self.kwargs["code"]])


class ProjectEdit(PlanFormPage):
    form_class = ProjectForm
    noun = "a project"

    def existing(self):
        if "pk" not in self.kwargs:
            return None
        return queries.project(self.system, self.kwargs["code"], self.kwargs["pk"])

    def perform(self, data):
        fields = {name: data[name] for name in ProjectForm.Meta.fields}
        existing = self.existing()
        if existing is None:
            project = actions.add_project(
                by=self.request.user, programme=self.programme(), **fields
            )
        else:
            project = actions.change_project(by=self.request.user, project=existing, **fields)
        return f"Project {project.name} saved."


class MilestoneNew(PlanFormPage):
    """Add a milestone to a project: due within the project's dates."""

    form_class = NewMilestoneForm
    noun = "a milestone"

    def project(self):
        return queries.project(self.system, self.kwargs["code"], self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["caption"] = self.project().name
        return context

    def perform(self, data):
        milestone = actions.add_milestone(
            by=self.request.user,
            project=self.project(),
            **{name: data[name] for name in NewMilestoneForm.Meta.fields},
        )
        return f"Milestone {milestone.name} added to {milestone.project.name}."


class BenefitEdit(PlanFormPage):
    form_class = BenefitForm
    form_kwargs_system = True
    noun = "a benefit"

    def existing(self):
        if "pk" not in self.kwargs:
            return None
        return queries.benefit(self.system, self.kwargs["code"], self.kwargs["pk"])

    def perform(self, data):
        fields = {name: data[name] for name in BenefitForm.Meta.fields}
        existing = self.existing()
        if existing is None:
            benefit = actions.add_benefit(
                by=self.request.user, programme=self.programme(), **fields
            )
        else:
            benefit = actions.change_benefit(by=self.request.user, benefit=existing, **fields)
        return f"Benefit {benefit.description} saved."


class BenefitMonthRecord(PlanFormPage):
    """Record a benefit's planned, forecast and delivered value for one month."""

    form_class = BenefitMonthForm
    noun = "a month of a benefit"

    def benefit(self):
        return queries.benefit(self.system, self.kwargs["code"], self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="Record a month of a benefit", caption=self.benefit().description)
        return context

    def perform(self, data):
        benefit = self.benefit()
        amounts = {k: data[k] for k in ("planned_pence", "forecast_pence", "delivered_pence")}
        actions.record_benefit_month(
            by=self.request.user, benefit=benefit, month=data["month"], **amounts
        )
        return f"{benefit.description}: {formatting.month(data['month'])} recorded."


class DependencyEdit(ActionFormPage):
    """Add a dependency (a project waiting on another project's milestone), or change one."""

    permission = EDIT
    template_name = "programmes/plan_form.html"
    form_class = DependencyForm

    def existing(self):
        return queries.dependency(self.system, self.kwargs["pk"]) if "pk" in self.kwargs else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.existing()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Change a dependency" if self.existing() else "Add a dependency"
        return context

    def perform(self, data):
        fields = {name: data[name] for name in DependencyForm.Meta.fields}
        existing = self.existing()
        if existing is None:
            actions.add_dependency(by=self.request.user, **fields)
        else:
            actions.change_dependency(by=self.request.user, dependency=existing, **fields)
        return "Dependency saved."

    def get_success_url(self):
        return reverse("programmes:dependencies", args=[self.system.code])
