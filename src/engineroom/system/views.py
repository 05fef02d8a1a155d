"""System pages: the map, the organisation directory, leadership and partnerships."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView

from engineroom.accounts.permissions import Permission
from engineroom.system import presenters, queries, rules
from engineroom.system.forms import OrganisationSearchForm
from engineroom.web.pages import SystemPage

DIRECTORY_ROWS = 500


class SystemMapView(SystemPage):
    permission = Permission.SYSTEM_VIEW
    template_name = "system/map.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            map=queries.system_map(self.system),
            place_range=presenters.place_range(),
            can_load=self.allowed(Permission.SYSTEM_LOAD),
            **kwargs,
        )


class OrganisationDirectory(SystemPage):
    permission = Permission.SYSTEM_VIEW

    def get_template_names(self):
        if self.request.htmx:
            return ["system/_organisation_results.html"]
        return ["system/organisations.html"]

    def get_context_data(self, **kwargs):
        form = OrganisationSearchForm(self.request.GET or None, system=self.system)
        search = form.cleaned_data if form.is_valid() else {}
        found = queries.search_organisations(
            self.system,
            text=search.get("q", ""),
            kind=search.get("kind", ""),
            place=search.get("place"),
        )
        return super().get_context_data(
            form=form, organisations=found[:DIRECTORY_ROWS], total=found.count(), **kwargs
        )


class OrganisationDetail(SystemPage):
    permission = Permission.SYSTEM_VIEW
    template_name = "system/organisation.html"

    def get_context_data(self, **kwargs):
        detail = queries.organisation_detail(self.system, kwargs["ods_code"])
        return super().get_context_data(**detail, **kwargs)


class LeadershipRegister(SystemPage):
    permission = Permission.SYSTEM_VIEW
    template_name = "system/leadership.html"

    def get_context_data(self, **kwargs):
        register = queries.leadership_register(self.system)
        register["leaders"] = presenters.leaders(register["leaders"])
        return super().get_context_data(**register, **kwargs)


class PartnershipList(SystemPage):
    permission = Permission.SYSTEM_VIEW
    template_name = "system/partnerships.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            icps=queries.icps(self.system),
            place_range=presenters.place_range(),
            others=queries.other_partnerships(self.system),
            **kwargs,
        )


class RegionLeadership(LoginRequiredMixin, TemplateView):
    """A region page (not in one system): leadership across the region's systems, for those
    holding ``region.view`` in one of them."""

    template_name = "system/region_leadership.html"

    def get_context_data(self, **kwargs):
        region = queries.region(kwargs.pop("region"))
        if not rules.may_view_region(self.request.user, region):
            raise PermissionDenied("You do not have a regional view of this region.")
        return super().get_context_data(
            region=region, **queries.region_leadership(region), **kwargs
        )
