"""Governance pages for signed-in users. Thin: scope, permission, a service, a template."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from engineroom.accounts.permissions import Permission
from engineroom.accounts.rules import has_permission
from engineroom.governance import (
    decisions,
    exports,
    health,
    interests,
    ratification,
    services,
    structure_chart,
)
from engineroom.governance.forms import (
    ActionForm,
    BodyForm,
    DateForm,
    DecisionForm,
    DelegationForm,
    InterestForm,
    ItemForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    PaperForm,
    PartnerDecisionForm,
    ReturnForm,
    RouteForm,
    WithdrawForm,
    pence,
)
from engineroom.governance.models import (
    EXTERNAL_KINDS,
    Action,
    AgendaItem,
    AnnualReturn,
    AttendanceStatus,
    Body,
    BodyKind,
    Category,
    Decision,
    Delegation,
    Meeting,
    Paper,
)
from engineroom.governance.presenters import financial_year
from engineroom.governance.routing import route_proposal
from engineroom.web.scoping import SystemScopedMixin, add_validation_errors

VIEW, EDIT = Permission.GOVERNANCE_VIEW, Permission.GOVERNANCE_EDIT


class GovView(SystemScopedMixin, TemplateView):
    permission = VIEW

    @property
    def can_edit(self) -> bool:
        return has_permission(self.request.user, EDIT, system=self.system)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = self.can_edit
        return context

    def body(self) -> Body:
        return get_object_or_404(Body, system=self.system, code=self.kwargs["body"])

    def meeting(self) -> Meeting:
        meeting = get_object_or_404(
            Meeting.objects.select_related("body"), body__system=self.system, pk=self.kwargs["pk"]
        )
        return meeting

    def decision(self) -> Decision:
        return get_object_or_404(
            Decision.objects.select_related("body", "delegation"),
            body__system=self.system,
            pk=self.kwargs["pk"],
        )


def chart_nodes(system) -> list[structure_chart.ChartNode]:
    """The system's bodies and current delegations, as the structure chart needs them."""
    bodies = Body.objects.filter(system=system).select_related(
        "reports_to", "place", "neighbourhood"
    )
    delegated: dict[int, list[tuple[str, str, int]]] = {}
    for d in (
        Delegation.objects.current()
        .filter(body__system=system)
        .select_related("delegated_by", "source_organisation")
    ):
        delegated.setdefault(d.body_id, []).append(
            (d.delegator, Category(d.category).label.lower(), d.limit_pence)
        )
    joint = {BodyKind.JOINT_COMMITTEE, BodyKind.COMMITTEE_IN_COMMON}
    return [
        structure_chart.ChartNode(
            id=b.pk,
            name=b.name,
            kind=b.get_kind_display(),
            level=b.level,
            parent=b.reports_to_id,
            style=(
                structure_chart.EXTERNAL
                if b.kind in EXTERNAL_KINDS
                else structure_chart.JOINT
                if b.kind in joint
                else structure_chart.BODY
            ),
            href=reverse("governance:body", args=[system.code, b.code]),
            area=", ".join(a.name for a in (b.place, b.neighbourhood) if a),
            detail=b.get_cadence_display(),
            delegation=structure_chart.delegation_label(
                delegated.get(b.pk, []),
                parent=b.reports_to.name if b.reports_to else None,
                every=len(Category.choices),
            ),
        )
        for b in bodies
    ]


class Index(GovView):
    template_name = "governance/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bodies = Body.objects.filter(system=self.system).prefetch_related("members", "decisions")
        context["chart"] = structure_chart.layout(chart_nodes(self.system))
        context["bodies"] = bodies.select_related("reports_to", "place")
        context["treacle"] = ratification.treacle(bodies)
        return context


class BodyDetail(GovView):
    template_name = "governance/body.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        body = self.body()
        context["body"] = body
        context["members"] = body.members.current().select_related("person", "organisation")
        context["past_members"] = body.members.exclude(
            pk__in=body.members.current().values("pk")
        ).select_related("person")
        context["delegations"] = body.delegations.current().select_related(
            "delegated_by", "source_organisation"
        )
        context["meetings"] = body.meetings.order_by("-starts_at")
        rows = decisions.decisions_in(self.system).filter(body=body)
        context["decisions"] = rows if self.can_edit else rows.filter(confidential=False)
        context["treacle"] = ratification.treacle([body])[0]
        context["history"] = services.history(body, *body.members.all(), *body.delegations.all())
        return context


class Matrix(GovView):
    """The decision matrix, and routing a proposal to the lowest level that may decide it (S7)."""

    template_name = "governance/matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = RouteForm(self.request.GET or None, system=self.system)
        if form.is_valid():
            hood = form.cleaned_data["neighbourhood"]
            context["route"] = route_proposal(
                self.system,
                category=form.cleaned_data["category"],
                value_pence=pence(form.cleaned_data["value"]),
                places=list(form.cleaned_data["places"]),
                neighbourhoods=[hood] if hood else [],
            )
        context["form"] = form
        context["delegations"] = (
            Delegation.objects.current()
            .filter(body__system=self.system)
            .select_related("body", "delegated_by", "source_organisation")
            .order_by("category", "limit_pence")
        )
        return context


class Meetings(GovView):
    template_name = "governance/meetings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = Meeting.objects.filter(body__system=self.system).select_related("body")
        today = dt.date.today()
        context["upcoming"] = meetings.filter(starts_at__date__gte=today)
        context["past"] = meetings.filter(starts_at__date__lt=today).order_by("-starts_at")
        return context


class MeetingDetail(GovView):
    template_name = "governance/meeting.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting()
        items = meeting.items.prefetch_related("organisations", "papers", "declarations__person")
        if not self.can_edit:
            items = items.filter(confidential=False)
        flagged = interests.conflicts(meeting)
        visible = {i.pk for i in items}
        context.update(
            meeting=meeting,
            items=items,
            conflicts=[
                c for c in flagged if c.item.pk in visible and (self.can_edit or c.interest.publish)
            ],
            quorum=services.quorum(meeting),
            attendance=meeting.attendance.select_related("person"),
            members=services.voting_members(meeting).select_related("person", "organisation"),
            actions=meeting.actions.select_related("owner"),
            statuses=AttendanceStatus.choices,
            minutes_form=MinutesForm(initial={"text": meeting.minutes}),
        )
        return context


class ActionLog(GovView):
    template_name = "governance/actions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = services.actions_in(self.system)
        context["today"] = dt.date.today()
        return context


class ForwardPlan(GovView):
    template_name = "governance/forward_plan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = services.forward_plan(self.system)
        context["plan"] = plan if self.can_edit else [p for p in plan if not p.item.confidential]
        context["notice_days"] = services.FORWARD_PLAN_NOTICE_DAYS
        return context


class Decisions(GovView):
    template_name = "governance/decisions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = decisions.decisions_in(self.system)
        context["decisions"] = rows if self.can_edit else rows.filter(confidential=False)
        context["treacle"] = [
            t for t in ratification.treacle(Body.objects.filter(system=self.system)) if t.count
        ]
        return context


class DecisionDetail(GovView):
    template_name = "governance/decision.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = self.decision()
        if decision.confidential and not self.can_edit:
            raise PermissionDenied("This decision is confidential.")
        context.update(
            decision=decision,
            partners=decision.partners.select_related("organisation"),
            blockers=ratification.blockers(decision),
            history=services.history(decision),
            partner_form=PartnerDecisionForm(system=self.system, prefix="partner"),
            date_form=DateForm(initial={"on": dt.date.today()}, prefix="agree"),
            withdraw_form=WithdrawForm(initial={"on": dt.date.today()}, prefix="withdraw"),
        )
        return context


class Interests(GovView):
    template_name = "governance/interests.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = interests.register(self.system, public=not self.can_edit)
        context["rows"] = [
            (i, interests.is_late(i.start_date, i.declared_on), interests.threshold_note(i))
            for i in rows
        ]
        context["returns"] = AnnualReturn.objects.filter(system=self.system).select_related(
            "person"
        )
        context["due"] = interests.returns_due(self.system)
        context["year"] = financial_year(dt.date.today())
        return context


class Health(GovView):
    template_name = "governance/health.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["checks"] = health.checks(self.system)
        return context


class Calendar(GovView):
    def get(self, request, *args, **kwargs):
        meetings = Meeting.objects.filter(body__system=self.system).select_related("body")
        return exports.ical_response(meetings, f"{self.system.code}-governance.ics")


class ActionsXlsx(GovView):
    def get(self, request, *args, **kwargs):
        return exports.actions_xlsx(services.actions_in(self.system), self.system)


class InterestsXlsx(GovView):
    def get(self, request, *args, **kwargs):
        rows = interests.register(self.system, public=not self.can_edit)
        return exports.interests_xlsx(rows, self.system)


class Pack(GovView):
    def get(self, request, *args, **kwargs):
        return exports.board_pack(request, self.meeting(), confidential=self.can_edit)


class PaperView(GovView):
    def get(self, request, *args, **kwargs):
        paper = get_object_or_404(
            Paper.objects.select_related("item__meeting__body"),
            item__meeting__body__system=self.system,
            pk=kwargs["pk"],
        )
        if paper.is_confidential and not self.can_edit:
            raise PermissionDenied("This paper is confidential (Part 2).")
        return exports.paper_response(request, paper)


# --- Writes -------------------------------------------------------------------------------------
class Write(SystemScopedMixin, FormView):
    """A form that calls one service; the service's ValidationError becomes form errors."""

    permission = EDIT
    template_name = "governance/form.html"
    title = ""
    scoped = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.scoped:
            kwargs["system"] = self.system
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.get_title()
        context["back"] = self.get_success_url()
        return context

    def get_title(self) -> str:
        return self.title

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.get_success_url())

    def perform(self, data: dict) -> None:
        """Call the service that makes the change; every subclass names its own."""
        raise NotImplementedError(f"{type(self).__name__} must say which service it calls")


class BodyScoped(Write):
    def get_body(self) -> Body:
        return get_object_or_404(Body, system=self.system, code=self.kwargs["body"])

    def get_success_url(self):
        return reverse("governance:body", args=[self.system.code, self.kwargs["body"]])


class AddMember(BodyScoped):
    form_class = MemberForm

    def get_title(self):
        return f"Add a member to {self.get_body().name}"

    def perform(self, d):
        services.add_member(by=self.request.user, body=self.get_body(), **d)


class AddDelegation(BodyScoped):
    form_class = DelegationForm

    def get_title(self):
        return f"Add a delegation to {self.get_body().name}"

    def perform(self, d):
        d["limit_pence"] = pence(d.pop("limit"))
        services.add_delegation(by=self.request.user, body=self.get_body(), **d)


class EditBody(BodyScoped):
    form_class = BodyForm

    def get_title(self):
        return f"Change {self.get_body().name}"

    def get_initial(self):
        b = self.get_body()
        return {f: getattr(b, f) for f in BodyForm.base_fields}

    def perform(self, d):
        services.save_body(by=self.request.user, system=self.system, body=self.get_body(), **d)
        self.kwargs["body"] = d["code"]


class NewBody(Write):
    form_class = BodyForm
    title = "Add a body"

    def get_success_url(self):
        return reverse("governance:index", args=[self.system.code])

    def perform(self, d):
        services.save_body(by=self.request.user, system=self.system, **d)


class NewMeeting(BodyScoped):
    form_class = MeetingForm
    scoped = False

    def get_title(self):
        return f"Schedule a meeting of {self.get_body().name}"

    def perform(self, d):
        services.schedule_meeting(by=self.request.user, body=self.get_body(), **d)


class MeetingScoped(Write):
    def get_meeting(self) -> Meeting:
        return get_object_or_404(Meeting, body__system=self.system, pk=self.kwargs["pk"])

    def get_success_url(self):
        return reverse("governance:meeting", args=[self.system.code, self.kwargs["pk"]])


class AddItem(MeetingScoped):
    form_class = ItemForm
    title = "Add an agenda item"

    def perform(self, d):
        services.add_item(by=self.request.user, meeting=self.get_meeting(), **d)


class AddPaper(MeetingScoped):
    form_class = PaperForm
    scoped = False
    title = "Add a paper"

    def perform(self, d):
        item = get_object_or_404(AgendaItem, meeting=self.get_meeting(), pk=self.kwargs["item"])
        services.add_paper(by=self.request.user, item=item, **d)


class Minutes(MeetingScoped):
    form_class = MinutesForm
    scoped = False
    title = "Draft the minutes"

    def perform(self, d):
        services.save_minutes(by=self.request.user, meeting=self.get_meeting(), text=d["text"])


class MinutesStep(MeetingScoped):
    form_class = DateForm
    scoped = False

    def get_title(self):
        return f"{self.kwargs['step'].title()} the minutes"

    def perform(self, d):
        step = {"approve": services.approve_minutes, "publish": services.publish_minutes}
        if self.kwargs["step"] not in step:
            raise Http404
        step[self.kwargs["step"]](by=self.request.user, meeting=self.get_meeting(), on=d["on"])


class Attendance(MeetingScoped):
    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        allowed = {c for c, _ in AttendanceStatus.choices}
        statuses = {
            m.person: request.POST[f"person-{m.person_id}"]
            for m in services.voting_members(meeting).select_related("person")
            if request.POST.get(f"person-{m.person_id}") in allowed
        }
        services.record_attendance(by=request.user, meeting=meeting, statuses=statuses)
        return HttpResponseRedirect(self.get_success_url())


class AddAction(MeetingScoped):
    form_class = ActionForm
    scoped = False
    title = "Add an action"

    def perform(self, d):
        services.add_action(by=self.request.user, meeting=self.get_meeting(), **d)


class CompleteAction(Write):
    form_class = DateForm
    scoped = False
    title = "Mark the action done"

    def get_success_url(self):
        return reverse("governance:actions", args=[self.system.code])

    def perform(self, d):
        action = get_object_or_404(Action, meeting__body__system=self.system, pk=self.kwargs["pk"])
        services.complete_action(by=self.request.user, action=action, on=d["on"])


class NewDecision(Write):
    form_class = DecisionForm
    title = "Propose a decision"

    def get_success_url(self):
        return reverse("governance:decisions", args=[self.system.code])

    def perform(self, d):
        d["value_pence"] = pence(d.pop("value"))
        decisions.propose_decision(by=self.request.user, **d)


class DecisionScoped(Write):
    def get_decision(self) -> Decision:
        return get_object_or_404(Decision, body__system=self.system, pk=self.kwargs["pk"])

    def get_success_url(self):
        return reverse("governance:decision", args=[self.system.code, self.kwargs["pk"]])


class AgreeDecision(DecisionScoped):
    form_class = DateForm
    scoped = False
    title = "Record the body's agreement"
    prefix = "agree"

    def perform(self, d):
        decisions.agree_decision(by=self.request.user, decision=self.get_decision(), on=d["on"])


class PartnerDecide(DecisionScoped):
    form_class = PartnerDecisionForm
    title = "Record a partner board's decision"
    prefix = "partner"

    def perform(self, d):
        decisions.record_partner_decision(by=self.request.user, decision=self.get_decision(), **d)


class Withdraw(DecisionScoped):
    form_class = WithdrawForm
    scoped = False
    title = "Withdraw the decision"
    prefix = "withdraw"

    def perform(self, d):
        decisions.withdraw_decision(by=self.request.user, decision=self.get_decision(), **d)


class DeclareInterest(Write):
    form_class = InterestForm
    title = "Declare an interest"

    def get_success_url(self):
        return reverse("governance:interests", args=[self.system.code])

    def perform(self, d):
        d["value_pence"] = pence(d.pop("value"))
        interests.declare_interest(by=self.request.user, system=self.system, **d)


class SubmitReturn(DeclareInterest):
    form_class = ReturnForm
    title = "Record an annual return"

    def perform(self, d):
        today = dt.date.today()
        interests.submit_return(
            by=self.request.user, system=self.system, year=financial_year(today), on=today, **d
        )
