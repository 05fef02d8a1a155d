"""Programme pages. Views are thin: scope and permission, then a service, then a template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView

from engineroom.accounts.permissions import Permission
from engineroom.programmes import exports, imports, scoring, services
from engineroom.programmes.forms import (
    ImportForm,
    MilestoneForm,
    ProgrammeForm,
    RiskForm,
    RiskToIssueForm,
)
from engineroom.programmes.models import (
    Escalation,
    ImportBatch,
    LTPArea,
    Milestone,
    Risk,
    RiskStatus,
)
from engineroom.web.scoping import EditableMixin

VIEW, EDIT = Permission.PROGRAMMES_VIEW, Permission.PROGRAMMES_EDIT


class Base(EditableMixin):
    permission, edit_permission = VIEW, EDIT

    def programme(self):
        return get_object_or_404(services.programmes_in(self.system), code=self.kwargs["code"])


class Portfolio(Base, TemplateView):
    """S9: every programme's plan and progress, visible to all partners."""

    template_name = "programmes/portfolio.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.request.GET.get("area", "")
        if area not in LTPArea.values:
            area = ""
        rows = services.portfolio(self.system, area=area)
        context.update(
            rows=rows,
            area=area,
            areas=LTPArea.choices,
            benefits=services.benefits_rollup(self.system),
            escalated=services.escalated_to_system(self.system),
        )
        return context


class ProgrammeDetail(Base, TemplateView):
    template_name = "programmes/programme.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.programme()
        context.update(
            programme=programme,
            projects=programme.projects.prefetch_related("milestones"),
            risks=programme.risks.all(),
            issues=programme.issues.all(),
            reports=programme.reports.all(),
            benefits=services.benefits_rollup(self.system, programme=programme),
            resources=services.resources(programme),
        )
        return context


class ProgrammeEdit(Base, FormView):
    permission = EDIT
    template_name = "programmes/form.html"
    form_class = ProgrammeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["system"] = self.system
        if "code" in self.kwargs:
            kwargs["instance"] = self.programme()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Change the programme" if "code" in self.kwargs else "Add a programme"
        return context

    def form_valid(self, form):
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        existing = self.programme() if "code" in self.kwargs else None
        try:
            programme = services.save_programme(
                by=self.request.user, system=self.system, programme=existing, **fields
            )
        except ValidationError as error:
            return self.form_errors(form, error)
        messages.success(self.request, f"{programme.name} saved.")
        return redirect("programmes:programme", self.system.code, programme.code)


class MilestoneEdit(Base, FormView):
    """Update a milestone's forecast or record when it was achieved; the baseline stays."""

    permission = EDIT
    template_name = "programmes/form.html"
    form_class = MilestoneForm

    def milestone(self):
        return get_object_or_404(
            Milestone.objects.filter(project__programme__system=self.system).select_related(
                "project__programme"
            ),
            project__programme__code=self.kwargs["code"],
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.milestone()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        m = self.milestone()
        context["title"] = f"Update {m.name.lower()}: {m.project.name} (baseline {m.baseline_date})"
        return context

    def form_valid(self, form):
        m = self.milestone()
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        try:
            services.save_milestone(by=self.request.user, project=m.project, milestone=m, **fields)
        except ValidationError as error:
            return self.form_errors(form, error)
        messages.success(self.request, f"{m.name} updated.")
        return redirect("programmes:programme", self.system.code, self.kwargs["code"])


class RiskRegister(Base, TemplateView):
    template_name = "programmes/risks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET
        likelihood = int(q["likelihood"]) if q.get("likelihood") in list("12345") else None
        impact = int(q["impact"]) if q.get("impact") in list("12345") else None
        escalation = q.get("escalation") if q.get("escalation") in Escalation.values else ""
        overdue = q.get("overdue") == "1"
        everything = services.risks_in(self.system)
        risks = services.filter_risks(
            everything.filter(status=RiskStatus.OPEN),
            likelihood=likelihood,
            impact=impact,
            escalation=escalation,
            overdue=overdue,
        )
        context.update(
            risks=[(r, scoring.band(r.current_score)) for r in risks],
            matrix=services.risk_matrix(everything),
            likelihood_labels=scoring.LIKELIHOOD,
            impact_labels=scoring.IMPACT,
            impacts=list(scoring.IMPACT.items()),
            filtered=bool(likelihood or impact or escalation or overdue),
            likelihood=likelihood,
            impact=impact,
            escalation=escalation,
            overdue=overdue,
            escalations=Escalation.choices,
        )
        return context


class RiskEdit(Base, FormView):
    permission = EDIT
    template_name = "programmes/form.html"
    form_class = RiskForm

    def risk(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(services.risks_in(self.system), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["system"] = self.system
        kwargs["instance"] = self.risk()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        risk = self.risk()
        context["title"] = f"Change risk {risk.ref}" if risk else "Add a risk"
        context["risk"] = risk
        if risk and risk.status == RiskStatus.OPEN:
            context["to_issue_form"] = RiskToIssueForm()
        return context

    def form_valid(self, form):
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        risk = self.risk()
        programme = fields.pop("programme")
        if risk is None:
            fields["ref"] = services.next_ref(programme, "R", Risk)
        try:
            risk = services.save_risk(
                by=self.request.user, programme=programme, risk=risk, **fields
            )
        except ValidationError as error:
            return self.form_errors(form, error)
        messages.success(self.request, f"Risk {risk.ref} saved.")
        return redirect("programmes:risks", self.system.code)


class RiskToIssue(Base, FormView):
    permission = EDIT
    template_name = "programmes/risk_to_issue.html"
    form_class = RiskToIssueForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["risk"] = get_object_or_404(services.risks_in(self.system), pk=self.kwargs["pk"])
        return context

    def form_valid(self, form):
        risk = get_object_or_404(services.risks_in(self.system), pk=self.kwargs["pk"])
        try:
            issue = services.risk_to_issue(
                by=self.request.user, risk=risk, resolve_by=form.cleaned_data["resolve_by"]
            )
        except ValidationError as error:
            return self.form_errors(form, error)
        messages.success(self.request, f"Risk {risk.ref} is now issue {issue.ref}.")
        return redirect("programmes:issues", self.system.code)


class IssueRegister(Base, TemplateView):
    template_name = "programmes/issues.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["issues"] = services.issues_in(self.system)
        return context


class DependencyMapView(Base, TemplateView):
    template_name = "programmes/dependencies.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["graph"] = services.dependency_map(self.system)
        return context


class ProjectDocument(Base, TemplateView):
    """S13: one document covering every programme's plan, milestones, risks and decisions."""

    template_name = "programmes/document.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = services.portfolio(self.system)
        context["rows"] = rows
        context["programmes"] = services.programmes_in(self.system).prefetch_related(
            "projects__milestones", "risks", "issues"
        )
        context["graph"] = services.dependency_map(self.system)
        return context


class ExportRegisters(Base, TemplateView):
    def get(self, request, *args, **kwargs):
        content = exports.workbook(exports.registers(self.system))
        response = HttpResponse(content, content_type=exports.XLSX)
        name = f"{self.system.code}-programme-registers.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ImportUpload(Base, FormView):
    permission = EDIT
    template_name = "programmes/import.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tracker_columns"] = imports.COLUMNS["tracker"]
        context["risk_columns"] = imports.COLUMNS["risks"]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            batch = imports.upload(
                by=self.request.user,
                system=self.system,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content=upload.read(),
            )
        except imports.UnreadableFile as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return redirect("programmes:import-preview", self.system.code, batch.pk)


class ImportPreview(Base, TemplateView):
    permission = EDIT
    template_name = "programmes/import_preview.html"

    def batch(self):
        return get_object_or_404(
            ImportBatch, pk=self.kwargs["pk"], system=self.system, uploaded_by=self.request.user
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.batch()
        context["batch"] = batch
        context["columns"] = imports.COLUMNS[batch.kind]
        context["preview"] = [[row.get(c) or "" for c in context["columns"]] for row in batch.rows]
        return context

    def post(self, request, *args, **kwargs):
        batch = self.batch()
        try:
            counts = imports.apply(by=request.user, batch=batch)
        except imports.NotReady as error:
            messages.error(request, str(error))
            return redirect("programmes:import-preview", self.system.code, batch.pk)
        done = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
        messages.success(request, f"Imported {batch.filename}: {done}.")
        return redirect("programmes:portfolio", self.system.code)
