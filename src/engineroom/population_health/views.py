"""Population health pages. Thin: scope and permission, then a service read, then a template."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.generic import RedirectView, TemplateView

from engineroom.accounts.permissions import Permission
from engineroom.accounts.rules import has_permission
from engineroom.phm import segments
from engineroom.phm.frailty import CATEGORIES
from engineroom.population_health import exports, presenters, services
from engineroom.web import downloads
from engineroom.web.scoping import SystemScopedMixin

LEVELS = ("system", "place", "neighbourhood")
FORMATS = ("csv", "xlsx")


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404("exports are CSV or XLSX")


class PopulationView(SystemScopedMixin, TemplateView):
    permission = Permission.POPULATION_VIEW

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meta"] = services.meta()
        context["can_worklist"] = has_permission(
            self.request.user, Permission.WORKLIST_VIEW, system=self.system
        )
        return context


class AreaMixin:
    def get_area(self) -> dict | None:
        level = self.kwargs.get("level", "system")
        code = self.kwargs.get("code", self.system.code)
        if level not in LEVELS:
            raise Http404("unknown level")
        found = services.area(self.system, level, code)
        if found is None and level != "system" and services.meta() is not None:
            raise Http404("no published results for that area")
        return found


class Dashboard(AreaMixin, PopulationView):
    """Secondary use: pseudonymised, opt-outs applied, every number suppressed."""

    template_name = "population_health/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.get_area()
        context["area"] = area
        if area is None:
            return context
        context["children"] = services.children(self.system, area["level"], area["code"])
        parent = area["parent"]
        if parent and area["level"] != "system":
            context["parent"] = services.dashboard().get(
                f"{'system' if area['level'] == 'place' else 'place'}:{parent}"
            )
        context["pyramid"] = presenters.pyramid(area["pyramid"])
        context["segments_chart"] = presenters.segments_chart(area["segments"])
        context["frailty_chart"] = presenters.bars(
            [(c["category"], c["percent"]) for c in area["frailty"]["categories"]], suffix="%"
        )
        context["risk_chart"] = presenters.bars(
            [(r["group"], r["people"]) for r in area["risk"]], fill=presenters.DARK
        )
        context["prevalence_chart"] = presenters.grouped(
            [
                (p["label"], p["recorded_percent"], p["expected_percent"])
                for p in area["prevalence"]
            ],
            ("recorded", "expected"),
        )
        context["gradients"] = [
            {"measure": m, "chart": presenters.gradient(m)} for m in area["inequalities"]
        ]
        return context


class AreaExport(AreaMixin, PopulationView):
    """Aggregates as CSV or XLSX: the same suppressed numbers the page shows, never more."""

    def get(self, request, *args, **kwargs):
        check_format(kwargs["fmt"])
        area = self.get_area()
        if area is None:
            raise Http404("no published results yet")
        rows = exports.aggregate_rows(area)
        name = f"population-{area['level']}-{area['code']}"
        if kwargs["fmt"] == "csv":
            response = HttpResponse(exports.to_csv(exports.AGG_HEADER, rows),
                                    content_type="text/csv; charset=utf-8")  # fmt: skip
        else:
            response = HttpResponse(
                downloads.workbook_bytes(
                    [downloads.Sheet("Population health", exports.AGG_HEADER, rows)]
                ),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{kwargs["fmt"]}"'
        return response


class ModelCard(PopulationView):
    template_name = "population_health/model_card.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        card = services.model_card()
        context["card"] = card
        if card:
            metrics = card["metrics"]
            context["gbm"] = presenters.model_metrics(metrics["gbm"])
            context["logistic"] = presenters.model_metrics(metrics["logistic"])
            context["oracle_auroc"] = metrics["oracle_auroc"]
            context["calibration_chart"] = presenters.calibration(
                metrics["gbm"]["calibration"]["deciles"]
            )
        return context


class Worklist(SystemScopedMixin, TemplateView):
    """DIRECT CARE: identifiable, opt-out not applied, own practice/PCN only, audited."""

    permission = Permission.WORKLIST_VIEW
    template_name = "population_health/worklist.html"

    def get_worklist(self):
        kind = self.kwargs["kind"]
        if kind not in services.KINDS:
            raise Http404("unknown worklist")
        return services.worklist(self.request.user, self.system, kind, self.request.GET)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.get_worklist()
        services.audit_view(self.request.user, result, shown=services.PAGE_ROWS)
        practices = services.worklist_practices(self.request.user, self.system)
        context.update(
            worklist=result, kind=self.kwargs["kind"], kinds=services.KINDS, can_worklist=True,
            title=services.KINDS[self.kwargs["kind"]], practices=practices,
            practice_names={p.ods_code: p.name for p in practices},
            rows=result.rows.head(services.PAGE_ROWS).to_dict("records"), segments=segments.SEGMENTS,
            categories=CATEGORIES, sorts=list(services.SORTS), query=self.request.GET.urlencode(),
        )  # fmt: skip
        return context


class WorklistExport(Worklist):
    def get(self, request, *args, **kwargs):
        check_format(kwargs["fmt"])
        result = self.get_worklist()
        services.audit_view(request.user, result, action=f"worklist.export.{kwargs['fmt']}")
        header, rows = exports.worklist_rows(result.rows)
        name = f"worklist-{result.kind}"
        if kwargs["fmt"] == "csv":
            response = HttpResponse(exports.to_csv(header, rows),
                                    content_type="text/csv; charset=utf-8")  # fmt: skip
        else:
            response = HttpResponse(
                downloads.workbook_bytes([downloads.Sheet("Worklist", header, rows)]),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{kwargs["fmt"]}"'
        response["Cache-Control"] = "no-store"
        return response


class Worklists(SystemScopedMixin, RedirectView):
    permission = Permission.WORKLIST_VIEW

    def get_redirect_url(self, *args, **kwargs):
        return reverse("population_health:worklist", args=[self.system.code, "risk"])
