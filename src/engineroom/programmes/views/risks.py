"""The risk register with its 5×5 matrix, adding and changing risks, a risk becoming an issue, and
the issue register."""

from __future__ import annotations

from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.programmes import actions, presenters, queries, rules
from engineroom.programmes.forms import RiskForm, RiskToIssueForm
from engineroom.programmes.models import Escalation, RiskStatus
from engineroom.web.pages import ActionFormPage, SystemPage

VIEW, EDIT = Permission.PROGRAMMES_VIEW, Permission.PROGRAMMES_EDIT
SCORES = set("12345")


class RiskRegister(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "programmes/risks.html"

    def filters(self) -> dict:
        q = self.request.GET
        return {
            "likelihood": int(q["likelihood"]) if q.get("likelihood") in SCORES else None,
            "impact": int(q["impact"]) if q.get("impact") in SCORES else None,
            "escalation": q.get("escalation") if q.get("escalation") in Escalation.values else "",
            "overdue": q.get("overdue") == "1",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chosen = self.filters()
        everything = queries.risks_in(self.system)
        risks = queries.filter_risks(everything.filter(status=RiskStatus.OPEN), **chosen)
        context.update(
            chosen,
            risks=presenters.risk_rows(risks),
            matrix=queries.risk_matrix(everything),
            impacts=list(rules.IMPACT.items()),
            filtered=any(chosen.values()),
            escalations=Escalation.choices,
        )
        return context


class RiskEdit(ActionFormPage):
    """Add a risk (it gets the next reference), or change one."""

    permission = EDIT
    template_name = "programmes/form.html"
    form_class = RiskForm

    def existing(self):
        return queries.risk(self.system, self.kwargs["pk"]) if "pk" in self.kwargs else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.existing()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        risk = self.existing()
        context.update(
            title=f"Change risk {risk.ref}" if risk else "Add a risk",
            risk=risk,
            can_become_issue=risk is not None and rules.can_become_issue(risk),
        )
        return context

    def perform(self, data):
        fields = {name: data[name] for name in RiskForm.Meta.fields}
        programme = fields.pop("programme")
        existing = self.existing()
        if existing is None:
            risk = actions.add_risk(by=self.request.user, programme=programme, **fields)
        else:
            risk = actions.change_risk(
                by=self.request.user, risk=existing, programme=programme, **fields
            )
        return f"Risk {risk.ref} saved."

    def get_success_url(self):
        return reverse("programmes:risks", args=[self.system.code])


class RiskToIssue(ActionFormPage):
    permission = EDIT
    template_name = "programmes/risk_to_issue.html"
    form_class = RiskToIssueForm
    form_kwargs_system = False

    def risk(self):
        return queries.risk(self.system, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["risk"] = self.risk()
        return context

    def perform(self, data):
        risk = self.risk()
        issue = actions.risk_to_issue(
            by=self.request.user, risk=risk, resolve_by=data["resolve_by"]
        )
        return f"Risk {risk.ref} is now issue {issue.ref}."

    def get_success_url(self):
        return reverse("programmes:issues", args=[self.system.code])


class IssueRegister(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "programmes/issues.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["issues"] = queries.issues_in(self.system)
        return context
