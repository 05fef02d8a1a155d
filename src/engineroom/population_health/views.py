"""Population health pages: dashboards by area and the model card (secondary use: pseudonymised,
opt-outs applied, suppressed) and worklists (direct care: identifiable, audited)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.population.phm import casefinding, segments
from engineroom.population.phm.frailty import CATEGORIES
from engineroom.population_health import (
    actions,
    card_presenters,
    exports,
    presenters,
    queries,
    register_presenters,
)
from engineroom.population_health.forms import MarkForm
from engineroom.population_health.rules import KINDS, worklist_practices
from engineroom.system import queries as system_queries
from engineroom.web.pages import ActionFormPage, DownloadPage, SystemPage


class PopulationPage(SystemPage):
    """A secondary-use page; the worklist links show only for those who may open them."""

    permission = Permission.POPULATION_VIEW

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meta=queries.meta(),
            can_worklist=self.allowed(Permission.WORKLIST_VIEW),
            sample_note=presenters.sample_note(queries.area(self.system), self.system),
            **kwargs,
        )


class Dashboard(PopulationPage):
    """An area's published aggregates: every number suppressed."""

    template_name = "population_health/dashboard.html"

    def get_context_data(self, **kwargs):
        area = queries.area(self.system, kwargs.get("level", "system"), kwargs.get("code"))
        shown = {"area": area}
        if area is not None:
            shown |= {
                "children": queries.children(self.system, area),
                "parent": queries.parent(area),
                **presenters.dashboard_charts(area),
            }
        return super().get_context_data(**shown, **kwargs)


class AreaExport(DownloadPage):
    """Aggregates as CSV or XLSX: the same suppressed numbers the page shows, never more."""

    permission = Permission.POPULATION_VIEW

    def download(self, **kwargs):
        exports.check_format(kwargs["fmt"])
        area = queries.area(self.system, kwargs.get("level", "system"), kwargs.get("code"))
        if area is None:
            raise Http404("no published results yet")
        return exports.area_download(area, kwargs["fmt"])


class Registers(PopulationPage):
    """QOF-style disease registers by practice: recorded against expected prevalence and a
    funnel plot per condition (secondary use, suppressed)."""

    template_name = "population_health/registers.html"

    def get_context_data(self, **kwargs):
        found = queries.registers(self.system)
        shown = None
        if found is not None:
            shown = register_presenters.registers(
                found, system_queries.organisation_names(_practices(found))
            )
        return super().get_context_data(registers=shown, **kwargs)


class RegistersExport(DownloadPage):
    """The disease registers as XLSX or CSV: the page's suppressed numbers, never more."""

    permission = Permission.POPULATION_VIEW

    def download(self, **kwargs):
        exports.check_format(kwargs["fmt"])
        found = queries.registers(self.system)
        if found is None:
            raise Http404("no published results yet")
        names = system_queries.organisation_names(_practices(found))
        return exports.registers_download(found, names, kwargs["fmt"])


def _practices(registers: list[dict]) -> set[str]:
    return {p["practice"] for r in registers for p in r["practices"]}


class ModelCard(PopulationPage):
    template_name = "population_health/model_card.html"

    def get_context_data(self, **kwargs):
        card = queries.model_card()
        shown = card_presenters.model_card(card) if card else {}
        return super().get_context_data(card=card, **shown, **kwargs)


class Worklist(SystemPage):
    """DIRECT CARE: identifiable, opt-out not applied, own practice/PCN only, audited, never
    cached."""

    permission = Permission.WORKLIST_VIEW
    identifiable = True
    template_name = "population_health/worklist.html"

    def get_context_data(self, **kwargs):
        kind = kwargs.pop("kind")
        result = queries.worklist(self.system, kind, self.request.GET, by=self.request.user)
        practices = worklist_practices(self.request.user, self.system)
        return super().get_context_data(
            worklist=result,
            kind=kind,
            kinds=KINDS,
            can_worklist=True,
            title=KINDS[kind],
            practices=practices,
            rows=self.rows(result),
            page_rows=queries.PAGE_ROWS,
            segments=segments.SEGMENTS,
            conditions=casefinding.LABELS.items(),
            categories=CATEGORIES,
            sorts=presenters.SORT_LABELS.items(),
            mark_filters=presenters.MARK_FILTERS,
            mark_form=MarkForm(),
            query=self.request.GET.urlencode(),
            **kwargs,
        )

    def rows(self, result: queries.Worklist) -> list[dict]:
        """The people on this page in words, with the readings behind their flags."""
        shown = result.rows.head(queries.PAGE_ROWS).to_dict("records")
        flagged = [r["nhs_number"] for r in shown if r.get("case_finding")]
        evidence = queries.evidence(flagged)
        codes = {r["practice"] for r in shown} | set(evidence.get("source", []))
        places = system_queries.organisation_names(codes)
        return presenters.worklist_rows(self.system, shown, result.marks, evidence, places)


class MarkPerson(ActionFormPage):
    """DIRECT CARE: mark a person on a worklist reviewed, contacted, booked or not appropriate
    (POST only, from the worklist's own row forms; refused and audited outside the user's
    practice or PCN)."""

    permission = Permission.WORKLIST_VIEW
    identifiable = True
    http_method_names = ["post"]
    form_class = MarkForm
    form_kwargs_system = False
    template_name = "population_health/worklist_mark.html"

    def perform(self, data):
        kind = self.kwargs["kind"]
        mark = actions.mark_person(
            self.system,
            kind,
            data["nhs_number"],
            data["status"],
            data["note"],
            by=self.request.user,
        )
        self.back = data["back"]
        # No NHS number or name here: messages travel in a cookie. The row shows the mark.
        return f"Mark saved: {mark.get_status_display().lower()}, by you, now."

    def get_success_url(self):
        url = reverse("population_health:worklist", args=[self.system.code, self.kwargs["kind"]])
        return f"{url}?{self.back}" if self.back else url

    def get_context_data(self, **kwargs):
        kind = self.kwargs["kind"]
        if kind not in KINDS:
            raise Http404("unknown worklist")
        return super().get_context_data(title=f"Mark a person: {KINDS[kind]}", kind=kind, **kwargs)


class WorklistExport(DownloadPage):
    """Everyone on a worklist as CSV or XLSX: audited with every NHS number, never cached."""

    permission = Permission.WORKLIST_VIEW
    identifiable = True

    def download(self, **kwargs):
        exports.check_format(kwargs["fmt"])
        result = queries.worklist_download(
            self.system, kwargs["kind"], self.request.GET, kwargs["fmt"], by=self.request.user
        )
        return exports.worklist_download(result, kwargs["fmt"])


class Worklists(SystemPage):
    """The worklists' entry point: the risk worklist."""

    permission = Permission.WORKLIST_VIEW

    def get(self, request, *args, **kwargs):
        return redirect("population_health:worklist", self.system.code, "risk")
