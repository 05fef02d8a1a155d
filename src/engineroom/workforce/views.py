"""Engine-room pages: funding mix and cliff (S11), posts, vacancies, skills, pooled budgets (S12)
and the PMO's funding sources (S17). Each is a ``web.pages`` page: one permission, reads through
``queries``, writes through one function of ``actions``."""

from __future__ import annotations

from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.web.pages import ActionFormPage, DownloadPage, SystemPage
from engineroom.workforce import actions, exports, presenters, queries, rules
from engineroom.workforce.forms import (
    AppointmentForm,
    ContributionForm,
    FundingLineForm,
    PostForm,
)

VIEW, EDIT = Permission.WORKFORCE_VIEW, Permission.WORKFORCE_EDIT


class Index(SystemPage):
    """S11: the funding mix and the cliff at 3, 6 and 12 months."""

    permission, edit_permission = VIEW, EDIT
    template_name = "workforce/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mix = queries.funding_mix(self.system)
        context.update(
            mix=mix,
            mix_total=sum(r.amount_pence for r in mix),
            chart=presenters.mix_chart(mix),
            cliffs=queries.cliffs(self.system),
            vacancies=queries.vacancies(self.system),
            gaps=[g for g in queries.skills_gaps(self.system) if g.gap],
        )
        return context


class CliffView(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "workforce/cliff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = self.request.GET.get("months", "12")
        months = int(months) if months in {str(h) for h in rules.HORIZONS} else 12
        context.update(cliff=queries.cliff(self.system, months), horizons=rules.HORIZONS)
        return context


class Posts(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "workforce/posts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rows=queries.posts_with_current(self.system),
            gaps=queries.skills_gaps(self.system),
        )
        return context


class PostNew(ActionFormPage):
    permission = EDIT
    template_name = "workforce/form.html"
    form_class = PostForm
    extra_context = {"title": "Add a post"}

    def perform(self, data):
        fields = {name: data[name] for name in PostForm.Meta.fields}
        self.post_added = actions.add_post(
            by=self.request.user,
            system=self.system,
            annual_cost_pence=data["annual_cost"],
            skills_needed=data["skills_needed"],
            **fields,
        )
        return f"{self.post_added.title} added."

    def get_success_url(self):
        return reverse("workforce:post", args=[self.system.code, self.post_added.ref])


class PostDetail(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "workforce/post.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = queries.post(self.system, self.kwargs["ref"])
        context.update(
            post=post,
            appointments=queries.appointments_of(post),
            lines=queries.funding_lines_of(post),
        )
        return context


class Appoint(ActionFormPage):
    """Appoint someone to a post."""

    permission = EDIT
    template_name = "workforce/form.html"
    form_class = AppointmentForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Appoint someone: {queries.post(self.system, self.kwargs['ref']).title}"
        return context

    def perform(self, data):
        fields = {name: data[name] for name in AppointmentForm.Meta.fields}
        actions.appoint(
            by=self.request.user,
            post=queries.post(self.system, self.kwargs["ref"]),
            person_name=data["person_name"],
            skills_held=data["skills_held"],
            **fields,
        )
        return f"{data['person_name']} appointed."

    def get_success_url(self):
        return reverse("workforce:post", args=[self.system.code, self.kwargs["ref"]])


class AddFunding(ActionFormPage):
    """Add a funding line to a post."""

    permission = EDIT
    template_name = "workforce/form.html"
    form_class = FundingLineForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = queries.post(self.system, self.kwargs["ref"])
        context["title"] = f"Add a funding line: {post.title}"
        return context

    def perform(self, data):
        fields = {name: data[name] for name in FundingLineForm.Meta.fields}
        actions.add_funding_line(
            by=self.request.user,
            post=queries.post(self.system, self.kwargs["ref"]),
            annual_amount_pence=data["annual_amount"],
            **fields,
        )
        return "Funding line added."

    def get_success_url(self):
        return reverse("workforce:post", args=[self.system.code, self.kwargs["ref"]])


class BudgetList(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "workforce/budgets.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["budgets"] = queries.reconciliations(self.system)
        return context


class BudgetDetail(SystemPage):
    """S12 reconciliation of contributions to the cap; S17 funding sources."""

    permission, edit_permission = VIEW, EDIT
    template_name = "workforce/budget.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rec = queries.reconcile(queries.budget(self.system, self.kwargs["code"]))
        sources = queries.sources(rec)
        context.update(
            rec=rec,
            status=presenters.reconciliation_status(rec),
            sources=sources,
            chart=presenters.sources_chart(sources),
        )
        return context


class Contribute(ActionFormPage):
    permission = EDIT
    template_name = "workforce/form.html"
    form_class = ContributionForm
    form_kwargs_system = False

    def budget(self):
        return queries.budget(self.system, self.kwargs["code"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "budget": self.budget()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Record a contribution to the {self.budget().name}"
        return context

    def perform(self, data):
        actions.add_contribution(
            by=self.request.user,
            partner=data["partner"],
            kind=data["kind"],
            amount_pence=data["amount"],
            description=data["description"],
            appointment=data["appointment"],
        )
        return f"Contribution from {data['partner'].name} recorded."

    def get_success_url(self):
        return reverse("workforce:budget", args=[self.system.code, self.kwargs["code"]])


class Export(DownloadPage):
    permission = VIEW

    def download(self, **kwargs):
        return exports.registers(self.system)
