"""System pages. Views are thin: scope and permission, then a service, then a template."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from engineroom.accounts.permissions import Permission
from engineroom.accounts.queries import visible_systems
from engineroom.accounts.rules import has_permission
from engineroom.system import presenters, services
from engineroom.system.forms import OrganisationSearchForm
from engineroom.system.models import Region, System
from engineroom.web.scoping import SystemScopedMixin


class SystemMapView(SystemScopedMixin, TemplateView):
    permission = Permission.SYSTEM_VIEW
    template_name = "system/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map"] = services.system_map(self.system)
        context["place_range"] = presenters.population_range(*settings.PLACE_POPULATION_RANGE)
        context["can_load"] = has_permission(
            self.request.user, Permission.SYSTEM_LOAD, system=self.system
        )
        return context


class OrganisationDirectory(SystemScopedMixin, TemplateView):
    permission = Permission.SYSTEM_VIEW

    def get_template_names(self):
        if self.request.htmx:
            return ["system/_organisation_results.html"]
        return ["system/organisations.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = OrganisationSearchForm(self.request.GET or None, system=self.system)
        organisations = services.organisations_in(System.objects.filter(pk=self.system.pk))
        if form.is_valid():
            organisations = services.search_organisations(
                organisations,
                text=form.cleaned_data["q"],
                kind=form.cleaned_data["kind"],
                place=form.cleaned_data["place"],
            )
        context["form"] = form
        context["organisations"] = organisations.select_related("parent")[:500]
        context["total"] = organisations.count()
        return context


class OrganisationDetail(SystemScopedMixin, TemplateView):
    permission = Permission.SYSTEM_VIEW
    template_name = "system/organisation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        in_system = services.organisations_in(System.objects.filter(pk=self.system.pk))
        organisation = get_object_or_404(in_system, ods_code=kwargs["ods_code"])
        context["organisation"] = organisation
        context["footprints"] = organisation.footprints.select_related(
            "system", "place", "neighbourhood"
        ).order_by("-start_date")
        context["children"] = organisation.children.order_by("name")
        context["roles"] = organisation.roles.current().select_related("person")
        context["partnerships"] = organisation.partnership_memberships.current().select_related(
            "partnership"
        )
        return context


class LeadershipRegister(SystemScopedMixin, TemplateView):
    permission = Permission.SYSTEM_VIEW
    template_name = "system/leadership.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = services.leadership(self.system)
        context["leaders"] = [(r, presenters.tenure(r.tenure_days)) for r in rows]
        context["roles"] = services.roles_in(self.system)
        context["dual_hatted"] = services.dual_hatted_ids()
        context["vacancies"] = services.vacancies(System.objects.filter(pk=self.system.pk))
        return context


class PartnershipList(SystemScopedMixin, TemplateView):
    permission = Permission.SYSTEM_VIEW
    template_name = "system/partnerships.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["icps"] = services.icps(self.system)
        context["place_range"] = presenters.population_range(*settings.PLACE_POPULATION_RANGE)
        context["others"] = self.system.partnerships.exclude(kind="icp")
        return context


class RegionLeadership(LoginRequiredMixin, TemplateView):
    """Leadership stability, chairs, vacancies and dual-hatting across a region's systems."""

    template_name = "system/region_leadership.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = get_object_or_404(Region, code=kwargs["region"])
        if (
            not visible_systems(self.request.user, Permission.REGION_VIEW)
            .filter(region=region)
            .exists()
        ):
            raise PermissionDenied("You do not have a regional view of this region.")
        systems = region.systems.all()
        context["region"] = region
        context["stability"] = services.stability(systems)
        context["rows"] = [(s, services.leadership(s)) for s in systems]
        context["vacancies"] = services.vacancies(systems)
        return context
