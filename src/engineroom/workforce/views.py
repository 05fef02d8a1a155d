"""Engine-room pages: funding mix and cliff (S11), posts, vacancies, skills, pooled budgets
(S12) and the PMO's funding sources (S17)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView

from engineroom.accounts.permissions import Permission
from engineroom.programmes import presenters
from engineroom.programmes.exports import XLSX
from engineroom.web.scoping import EditableMixin
from engineroom.workforce import exports, funding, pooled, services
from engineroom.workforce.forms import (
    AppointmentForm,
    ContributionForm,
    FundingLineForm,
    PostForm,
)
from engineroom.workforce.models import PooledBudget

VIEW, EDIT = Permission.WORKFORCE_VIEW, Permission.WORKFORCE_EDIT


class Base(EditableMixin):
    permission, edit_permission = VIEW, EDIT

    def post_obj(self):
        return get_object_or_404(services.posts_in(self.system), ref=self.kwargs["ref"])


class Index(Base, TemplateView):
    """S11: the funding mix and the cliff at 3, 6 and 12 months."""

    template_name = "workforce/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mix = funding.funding_mix(self.system)
        largest = max((r.amount_pence for r in mix), default=0)
        context.update(
            mix=mix,
            mix_total=sum(r.amount_pence for r in mix),
            bars=[
                (r, presenters.bar_width(r.amount_pence, largest), 40 + i * 40)
                for i, r in enumerate(mix)
            ],
            cliffs=funding.cliffs(self.system),
            vacancies=services.vacancies(self.system),
            gaps=[g for g in services.skills_gaps(self.system) if g.gap],
        )
        return context


class CliffView(Base, TemplateView):
    template_name = "workforce/cliff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = self.request.GET.get("months", "12")
        months = int(months) if months in {"3", "6", "12"} else 12
        context["cliff"] = funding.cliff(self.system, months)
        context["horizons"] = funding.HORIZONS
        return context


class Posts(Base, TemplateView):
    template_name = "workforce/posts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = services.posts_with_current(self.system)
        context["gaps"] = services.skills_gaps(self.system)
        return context


class PostNew(Base, FormView):
    permission = EDIT
    template_name = "workforce/form.html"
    form_class = PostForm
    extra_context = {"title": "Add a post"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "system": self.system}

    def form_valid(self, form):
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        try:
            post = services.save_post(
                by=self.request.user,
                system=self.system,
                annual_cost_pence=form.cleaned_data["annual_cost"],
                skills_needed=form.cleaned_data["skills_needed"],
                **fields,
            )
        except ValidationError as error:
            return self.form_errors(form, error)
        messages.success(self.request, f"{post.title} added.")
        return redirect("workforce:post", self.system.code, post.ref)


class PostDetail(Base, TemplateView):
    template_name = "workforce/post.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.post_obj()
        context.update(
            post=post,
            appointments=post.appointments.select_related("person", "from_organisation"),
            lines=post.funding_lines.select_related("funder"),
            today=dt.date.today(),
        )
        return context


class PostChild(Base, FormView):
    """Appoint someone to a post, or add a funding line to it."""

    permission = EDIT
    template_name = "workforce/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "system": self.system}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{self.title}: {self.post_obj().title}"
        return context


class Appoint(PostChild):
    form_class = AppointmentForm
    title = "Appoint someone"

    def form_valid(self, form):
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        post = self.post_obj()
        try:
            services.appoint(
                by=self.request.user,
                post=post,
                person_name=form.cleaned_data["person_name"],
                skills_held=form.cleaned_data["skills_held"],
                **fields,
            )
        except ValidationError as error:
            return self.form_errors(form, error)
        messages.success(self.request, f"{form.cleaned_data['person_name']} appointed.")
        return redirect("workforce:post", self.system.code, post.ref)


class AddFunding(PostChild):
    form_class = FundingLineForm
    title = "Add a funding line"

    def form_valid(self, form):
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        post = self.post_obj()
        try:
            services.add_funding_line(
                by=self.request.user,
                post=post,
                annual_amount_pence=form.cleaned_data["annual_amount"],
                **fields,
            )
        except ValidationError as error:
            return self.form_errors(form, error)
        messages.success(self.request, "Funding line added.")
        return redirect("workforce:post", self.system.code, post.ref)


class BudgetList(Base, TemplateView):
    template_name = "workforce/budgets.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["budgets"] = [pooled.reconcile(b) for b in self.system.pooled_budgets.all()]
        return context


class BudgetMixin(Base):
    def budget(self) -> PooledBudget:
        return get_object_or_404(self.system.pooled_budgets, code=self.kwargs["code"])


class BudgetDetail(BudgetMixin, TemplateView):
    """S12 reconciliation of contributions to the cap; S17 funding sources."""

    template_name = "workforce/budget.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rec = pooled.reconcile(self.budget())
        sources = pooled.sources(rec)
        largest = max((s.total_pence for s in sources), default=0)
        context.update(
            rec=rec,
            sources=sources,
            bars=[
                (s, presenters.bar_width(s.total_pence, largest), 40 + i * 40)
                for i, s in enumerate(sources)
            ],
        )
        return context


class Contribute(BudgetMixin, FormView):
    permission = EDIT
    template_name = "workforce/form.html"
    form_class = ContributionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "budget": self.budget()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Record a contribution to the {self.budget().name}"
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        budget = self.budget()
        try:
            pooled.add_contribution(
                by=self.request.user,
                partner=data["partner"],
                kind=data["kind"],
                amount_pence=data["amount"],
                description=data["description"],
                appointment=data["appointment"],
            )
        except ValidationError as error:
            return self.form_errors(form, error)
        messages.success(self.request, f"Contribution from {data['partner'].name} recorded.")
        return redirect("workforce:budget", self.system.code, budget.code)


class Export(Base, TemplateView):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(exports.workbook_for(self.system), content_type=XLSX)
        name = f"{self.system.code}-engine-room.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
