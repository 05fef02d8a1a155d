"""The public pages: readable without signing in; only published, non-confidential material.

Deliberately not ``SystemPage``s (nobody signs in); each reads through ``queries.public_*``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.views.generic import TemplateView, View

from engineroom.governance import exports, history, presenters, queries, rules
from engineroom.governance.models import MeetingStatus, MinutesStatus
from engineroom.web import downloads

RECENT_PAPERS = 20


class InPublicSystem:
    """The system named in the URL, for anyone (Http404 when there is none)."""

    def dispatch(self, request, *args, **kwargs):
        self.system = queries.public_system(kwargs["system"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"system": self.system}


class PublicSystems(TemplateView):
    """Every system, each linking to its public governance pages: where the public starts."""

    template_name = "governance/public_systems.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"systems": queries.public_systems()}


class PublicIndex(InPublicSystem, TemplateView):
    """A system's public record: bodies, the next 28 days' meetings and key decisions, recent
    papers and decisions (dated, each with its own page) and the published register."""

    template_name = "governance/public_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        ahead = now + dt.timedelta(days=rules.FORWARD_PLAN_NOTICE_DAYS)
        context.update(
            bodies=queries.public_bodies(self.system),
            meetings=queries.public_forthcoming(self.system, now, ahead),
            cancelled=MeetingStatus.CANCELLED,
            days_ahead=rules.FORWARD_PLAN_NOTICE_DAYS,
            plan=queries.forward_plan(self.system, public=True),
            papers=queries.public_papers(self.system)[:RECENT_PAPERS],
            decisions=queries.recent_public_decisions(self.system),
            register=queries.register(self.system, public=True),
        )
        return context


class PublicDecision(InPublicSystem, TemplateView):
    """One public decision: what it is, where it stands and its dated steps; never a
    confidential decision or a mere proposal (Http404), and no names of staff who recorded it."""

    template_name = "governance/public_decision.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = queries.public_decision(self.system, kwargs["pk"])
        partners = list(queries.partners(decision))
        context.update(
            decision=decision,
            partners=partners,
            timeline=history.timeline(decision, partners),
            timeline_chart=history.chart(decision, partners, dt.date.today()),
            waiting=queries.blockers(decision) if rules.awaits_partners(decision) else [],
        )
        return context


class PublicBody(InPublicSystem, TemplateView):
    template_name = "governance/public_body.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        body = queries.public_body(self.system, kwargs["body"])
        members = queries.current_members(body)
        context.update(
            body=body,
            members=members,
            meetings=presenters.public_meetings(queries.public_meetings(body)),
            decisions=queries.recent_public_body_decisions(self.system, body),
            register=queries.public_register(self.system, [m.person_id for m in members]),
        )
        return context


class PublicMeeting(InPublicSystem, TemplateView):
    """A meeting's Part 1 agenda and papers, and its Part 1 minutes once they are published.
    The minutes record is built without Part 2 access, so Part 2 minutes are never in it."""

    template_name = "governance/public_meeting.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = queries.public_meeting(self.system, kwargs["pk"])
        published = meeting.minutes_status == MinutesStatus.PUBLISHED
        context.update(
            meeting=meeting,
            agenda=presenters.public_agenda(queries.agenda(meeting, confidential=False)),
            minutes=presenters.minutes_record(meeting, confidential=False) if published else None,
        )
        return context


class PublicPaper(InPublicSystem, TemplateView):
    """A published paper: its file as uploaded, or its text as a page."""

    template_name = "governance/paper.html"

    def get(self, request, *args, **kwargs):
        self.paper = queries.public_paper(self.system, kwargs["pk"])
        if self.paper.file:
            return downloads.response(exports.paper_file(self.paper))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"paper": self.paper}


class PublicCalendar(InPublicSystem, View):
    def get(self, request, *args, **kwargs):
        body = queries.public_body(self.system, kwargs["body"])
        return downloads.response(exports.calendar(queries.body_meetings(body), f"{body.code}.ics"))


class PublicSystemCalendar(InPublicSystem, View):
    """Every public meeting of the system (cancelled ones marked so), as one iCal feed."""

    def get(self, request, *args, **kwargs):
        meetings = queries.public_system_meetings(self.system)
        return downloads.response(exports.calendar(meetings, f"{self.system.code}-public.ics"))


class PublicPack(InPublicSystem, View):
    """The public board pack: no Part 2 items, only published papers, no conflicts."""

    def get(self, request, *args, **kwargs):
        meeting = queries.public_meeting(self.system, kwargs["pk"])
        base_url = request.build_absolute_uri("/")
        return downloads.response(exports.public_board_pack(meeting, base_url=base_url))


class PublicMinutes(InPublicSystem, View):
    """The published minutes as a PDF: Part 1 only (Http404 until they are published)."""

    def get(self, request, *args, **kwargs):
        meeting = queries.public_minuted_meeting(self.system, kwargs["pk"])
        base_url = request.build_absolute_uri("/")
        return downloads.response(exports.minutes(meeting, confidential=False, base_url=base_url))
