"""The portfolio (S9), a programme and its plan, the dependency map, the single project document
(S13) and the registers download."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.programmes import actions, exports, presenters, queries
from engineroom.programmes.forms import MilestoneForm, ProgrammeForm
from engineroom.programmes.models import LTPArea
from engineroom.programmes.presenters import programme_charts
from engineroom.web.pages import ActionFormPage, DownloadPage, SystemPage

VIEW, EDIT = Permission.PROGRAMMES_VIEW, Permission.PROGRAMMES_EDIT


class Portfolio(SystemPage):
    """S9: every programme's plan and progress, visible to all partners."""

    permission, edit_permission = VIEW, EDIT
    template_name = "programmes/portfolio.html"
    extra_context = presenters.TAGS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.request.GET.get("area", "")
        if area not in LTPArea.values:
            area = ""
        context.update(
            rows=queries.portfolio(self.system, area=area),
            area=area,
            areas=LTPArea.choices,
            benefits=queries.benefits_rollup(self.system),
            escalated=queries.escalated_to_system(self.system),
        )
        return context


class ProgrammeDetail(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "programmes/programme.html"
    extra_context = presenters.TAGS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = queries.programme(self.system, self.kwargs["code"])
        projects = queries.projects_of(programme)
        benefits = queries.benefits_rollup(self.system, programme=programme)
        today = dt.date.today()
        context.update(
            programme=programme,
            projects=projects,
            timeline=programme_charts.milestone_timeline(
                programme,
                projects,
                today=today,
                system_code=self.system.code,
                can_edit=self.can_edit,
            ),
            benefits_chart=programme_charts.benefits_chart(benefits, today=today),
            delivered_spc=programme_charts.delivered_spc(benefits, today=today),
            plan_benefits=queries.benefits_of(programme),
            dependencies=queries.dependencies_of(programme),
            due_months=queries.due_months(programme),
            risks=programme.risks.all(),
            issues=programme.issues.all(),
            reports=programme.reports.all(),
            benefits=benefits,
            resources=queries.resources(programme),
        )
        return context


class ProgrammeEdit(ActionFormPage):
    """Add a programme, or change one (``code`` in the address)."""

    permission = EDIT
    template_name = "programmes/form.html"
    form_class = ProgrammeForm

    def existing(self):
        if "code" not in self.kwargs:
            return None
        return queries.programme(self.system, self.kwargs["code"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.existing()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Change the programme" if "code" in self.kwargs else "Add a programme"
        return context

    def perform(self, data):
        fields = {name: data[name] for name in ProgrammeForm.Meta.fields}
        existing = self.existing()
        if existing is None:
            self.saved = actions.add_programme(by=self.request.user, system=self.system, **fields)
        else:
            self.saved = actions.change_programme(
                by=self.request.user, programme=existing, **fields
            )
        return f"{self.saved.name} saved."

    def get_success_url(self):
        return reverse("programmes:programme", args=[self.system.code, self.saved.code])


class MilestoneEdit(ActionFormPage):
    """Update a milestone's forecast or record when it was achieved; the baseline stays."""

    permission = EDIT
    template_name = "programmes/form.html"
    form_class = MilestoneForm
    form_kwargs_system = False

    def milestone(self):
        return queries.milestone(self.system, self.kwargs["code"], self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.milestone()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        m = self.milestone()
        context["title"] = f"Update {m.name.lower()}: {m.project.name} (baseline {m.baseline_date})"
        return context

    def perform(self, data):
        milestone = actions.update_milestone(
            by=self.request.user,
            milestone=self.milestone(),
            name=data["name"] or None,
            forecast_date=data["forecast_date"],
            actual_date=data["actual_date"],
        )
        return f"{milestone.name} updated."

    def get_success_url(self):
        return reverse("programmes:programme", args=[self.system.code, self.kwargs["code"]])


class DependencyMapView(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "programmes/dependencies.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        graph = queries.dependency_map(self.system)
        context.update(graph=graph, chart=presenters.dependency_chart(graph, self.system))
        return context


class ProjectDocument(DependencyMapView):
    """S13: one document covering every programme's plan, milestones, risks and decisions."""

    template_name = "programmes/document.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programmes"] = queries.document(self.system)
        return context


class ExportRegisters(DownloadPage):
    permission = VIEW

    def download(self, **kwargs):
        return exports.registers(self.system)
