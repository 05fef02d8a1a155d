"""Public pages: readable without signing in; only published, non-confidential material."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView, View

from engineroom.governance import decisions, exports, interests, services
from engineroom.governance.models import Body, Meeting, MinutesStatus, Paper
from engineroom.system.models import System


class PublicMixin:
    def dispatch(self, request, *args, **kwargs):
        self.system = get_object_or_404(System, code=kwargs["system"])
        return super().dispatch(request, *args, **kwargs)

    def bodies(self):
        return Body.objects.filter(system=self.system, published=True)


class PublicIndex(PublicMixin, TemplateView):
    template_name = "governance/public_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            system=self.system,
            bodies=self.bodies(),
            decisions=decisions.decisions_in(self.system, public=True)[:50],
            plan=services.forward_plan(self.system, public=True),
        )
        return context


class PublicBody(PublicMixin, TemplateView):
    template_name = "governance/public_body.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        body = get_object_or_404(self.bodies(), code=kwargs["body"])
        members = body.members.current().select_related("person", "organisation")
        people = {m.person_id for m in members}
        context.update(
            system=self.system,
            body=body,
            members=members,
            meetings=body.meetings.order_by("-starts_at").prefetch_related("items__papers"),
            published_minutes=MinutesStatus.PUBLISHED,
            decisions=decisions.decisions_in(self.system, public=True).filter(body=body),
            register=interests.register(self.system, public=True).filter(person_id__in=people),
        )
        return context


class PublicPaper(PublicMixin, View):
    def get(self, request, *args, **kwargs):
        paper = get_object_or_404(
            Paper.objects.select_related("item__meeting__body"),
            item__meeting__body__in=self.bodies(),
            pk=kwargs["pk"],
            published=True,
        )
        if paper.is_confidential:
            raise Http404("No such public paper.")
        return exports.paper_response(request, paper)


class PublicCalendar(PublicMixin, View):
    def get(self, request, *args, **kwargs):
        body = get_object_or_404(self.bodies(), code=kwargs["body"])
        return exports.ical_response(body.meetings.select_related("body"), f"{body.code}.ics")


class PublicPack(PublicMixin, View):
    def get(self, request, *args, **kwargs):
        meeting = get_object_or_404(Meeting, body__in=self.bodies(), pk=kwargs["pk"])
        return exports.board_pack(request, meeting, confidential=False)
