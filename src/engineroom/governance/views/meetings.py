"""Meetings: the list and calendar, a meeting's page, rescheduling and cancelling, attendance,
minutes and actions (the agenda's items and papers: ``agenda``)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from engineroom.governance import actions, exports, presenters, queries, rules
from engineroom.governance.forms import DateForm
from engineroom.governance.meeting_forms import (
    ApprovalForm,
    DraftMinutesForm,
    MeetingActionForm,
    MeetingAttendanceForm,
    ReasonForm,
    RescheduleForm,
)
from engineroom.governance.views.base import EDIT, VIEW, FormPage, OfMeeting
from engineroom.web import downloads
from engineroom.web.pages import DownloadPage, SystemPage


class Meetings(SystemPage):
    permission = VIEW
    template_name = "governance/meetings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings, today = queries.meetings(self.system), dt.date.today()
        context["upcoming"] = meetings.filter(starts_at__date__gte=today)
        context["past"] = meetings.filter(starts_at__date__lt=today).order_by("-starts_at")
        return context


class MeetingDetail(SystemPage):
    """The agenda with flagged conflicts (S8), attendance and quorum, minutes and actions."""

    permission, edit_permission = VIEW, EDIT
    template_name = "governance/meeting.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = queries.meeting(self.system, self.kwargs["pk"])
        items = list(queries.agenda(meeting, confidential=self.can_edit, withdrawn=True))
        visible = {i.pk for i in items}
        quorum = queries.quorum(meeting)
        context.update(
            meeting=meeting,
            agenda=presenters.agenda(
                [i for i in items if not i.is_withdrawn], confidential=self.can_edit
            ),
            withdrawn=[i for i in items if i.is_withdrawn],
            conflicts=[
                c
                for c in queries.conflicts(meeting)
                if c.item.pk in visible and (self.can_edit or c.interest.publish)
            ],
            quorum=quorum,
            quorum_sentence=presenters.quorum_sentence(meeting, quorum),
            minutes=presenters.minutes_record(meeting, confidential=self.can_edit),
            minutes_steps=presenters.minutes_steps(meeting),
            actions=queries.meeting_actions(meeting, confidential=self.can_edit),
            editable=self.can_edit and rules.agenda_editable(meeting),
            changeable=self.can_edit and rules.meeting_changeable(meeting, timezone.localdate()),
        )
        members = context["members"] = queries.members_at(meeting)
        if self.can_edit and not meeting.is_cancelled:
            attendance = queries.attendance(meeting)
            context["attendance_form"] = MeetingAttendanceForm(
                members=members, attendance=attendance
            )
        return context


class ActionLog(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "governance/actions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = queries.actions_in(self.system, confidential=self.can_edit)
        context["rows"] = presenters.action_rows(rows)
        return context


class ForwardPlan(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "governance/forward_plan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = queries.forward_plan(self.system, confidential=self.can_edit)
        context["notice_days"] = rules.FORWARD_PLAN_NOTICE_DAYS
        return context


class Calendar(DownloadPage):
    permission = VIEW

    def download(self, **kwargs):
        return exports.calendar(queries.meetings(self.system), f"{self.system.code}-governance.ics")


class ActionsXlsx(DownloadPage):
    """The action log; actions arising from Part 2 items only for those who may see them."""

    permission, edit_permission = VIEW, EDIT

    def download(self, **kwargs):
        rows = queries.actions_in(self.system, confidential=self.can_edit)
        return exports.action_log(rows, self.system)


class Pack(DownloadPage):
    """The board pack; Part 2 items only for those who may edit (governance leads)."""

    permission, edit_permission = VIEW, EDIT

    def download(self, **kwargs):
        meeting = queries.meeting(self.system, kwargs["pk"])
        base_url = self.request.build_absolute_uri("/")
        return exports.board_pack(meeting, confidential=self.can_edit, base_url=base_url)


class MinutesPdf(DownloadPage):
    """The minutes as a PDF; the Part 2 minutes only for those who may edit (governance leads)."""

    permission, edit_permission = VIEW, EDIT

    def download(self, **kwargs):
        meeting = queries.meeting(self.system, kwargs["pk"])
        base_url = self.request.build_absolute_uri("/")
        return exports.minutes(meeting, confidential=self.can_edit, base_url=base_url)


class PaperView(SystemPage):
    """A paper: its file as uploaded, or its text as a page. Part 2 papers for editors only."""

    permission, edit_permission = VIEW, EDIT
    template_name = "governance/paper.html"

    def get(self, request, *args, **kwargs):
        self.paper = queries.paper(self.system, kwargs["pk"])
        if not rules.paper_readable(self.paper, confidential=self.can_edit):
            self.require(EDIT)
        if self.paper.file:
            return downloads.response(exports.paper_file(self.paper))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"paper": self.paper}


class Reschedule(OfMeeting):
    form_class = RescheduleForm
    form_kwargs_system = False
    title = "Reschedule the meeting"

    def perform(self, data):
        actions.reschedule_meeting(by=self.request.user, meeting=self.meeting, **data)
        return "The meeting is rescheduled; its earlier date is shown with the reason."


class Cancel(OfMeeting):
    form_class = ReasonForm
    form_kwargs_system = False
    title = "Cancel the meeting"

    def perform(self, data):
        actions.cancel_meeting(by=self.request.user, meeting=self.meeting, reason=data["reason"])
        return "The meeting is cancelled."


class Attendance(OfMeeting):
    form_class = MeetingAttendanceForm
    form_kwargs_system = False
    title = "Record attendance"

    def get_form_kwargs(self):
        members, attendance = queries.members_at(self.meeting), queries.attendance(self.meeting)
        return super().get_form_kwargs() | {"members": members, "attendance": attendance}

    def perform(self, data):
        actions.record_attendance(
            by=self.request.user,
            meeting=self.meeting,
            statuses=data["statuses"],
            others=data["others"],
        )


class Minutes(OfMeeting):
    """The minutes, item by item, drafted from the agenda; Part 2 items are marked and their
    minutes kept apart."""

    form_class = DraftMinutesForm
    form_kwargs_system = False
    template_name = "governance/minutes_form.html"
    title = "Draft the minutes"

    def get_form_kwargs(self):
        items = queries.agenda(self.meeting, confidential=True)
        written = {m.item_id: m for m in queries.item_minutes(self.meeting, confidential=True)}
        return super().get_form_kwargs() | {"items": items, "minutes": written}

    def get_initial(self):
        return {"notes": self.meeting.notes, "notes_confidential": self.meeting.notes_confidential}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"meeting": self.meeting}

    def perform(self, data):
        actions.draft_minutes(
            by=self.request.user,
            meeting=self.meeting,
            items=data["items"],
            notes=data["notes"],
            notes_confidential=data["notes_confidential"],
        )


class MinutesStep(OfMeeting):
    """Approve the minutes (on the date of a later meeting of the body) or publish them."""

    form_kwargs_system = False
    steps = {"approve": actions.approve_minutes, "publish": actions.publish_minutes}

    def dispatch(self, request, *args, **kwargs):
        if kwargs["step"] not in self.steps:
            raise Http404("No such step.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return ApprovalForm if self.kwargs["step"] == "approve" else DateForm

    def get_initial(self):
        if self.kwargs["step"] != "approve":
            return {"on": timezone.localdate()}
        later = [d for d in queries.later_meeting_dates(self.meeting) if d <= timezone.localdate()]
        return {"on": later[0]} if later else {}

    def get_title(self):
        return f"{self.kwargs['step'].title()} the minutes"

    def perform(self, data):
        self.steps[self.kwargs["step"]](by=self.request.user, meeting=self.meeting, on=data["on"])


class AddAction(OfMeeting):
    form_class = MeetingActionForm
    form_kwargs_system = False
    title = "Add an action"

    def get_form_kwargs(self):
        items = queries.agenda(self.meeting, confidential=True)
        return super().get_form_kwargs() | {"items": items}

    def perform(self, data):
        actions.add_action(by=self.request.user, meeting=self.meeting, **data)


class CompleteAction(FormPage):
    form_class = DateForm
    form_kwargs_system = False
    title = "Mark the action done"

    def get_success_url(self):
        return reverse("governance:actions", args=[self.system.code])

    def perform(self, data):
        action = queries.action(self.system, self.kwargs["pk"])
        actions.complete_action(by=self.request.user, action=action, on=data["on"])
