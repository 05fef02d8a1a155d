from django.urls import path

from engineroom.governance.syndication import PublicFeed
from engineroom.governance.views import agenda, decisions, interests, meetings, public, structure

app_name = "governance"
S = "systems/<slug:system>/governance/"
P = "public/<slug:system>/governance/"
urlpatterns = [
    path(S, structure.Index.as_view(), name="index"),
    path(S + "bodies/new/", structure.NewBody.as_view(), name="body-new"),
    path(S + "bodies/<slug:body>/", structure.BodyDetail.as_view(), name="body"),
    path(S + "bodies/<slug:body>/edit/", structure.EditBody.as_view(), name="body-edit"),
    path(S + "bodies/<slug:body>/members/add/", structure.AddMember.as_view(), name="member-add"),
    path(
        S + "bodies/<slug:body>/delegations/add/",
        structure.AddDelegation.as_view(),
        name="delegation-add",
    ),
    path(
        S + "bodies/<slug:body>/meetings/new/", structure.NewMeeting.as_view(), name="meeting-new"
    ),
    path(S + "matrix/", structure.Matrix.as_view(), name="matrix"),
    path(S + "meetings/", meetings.Meetings.as_view(), name="meetings"),
    path(S + "meetings/calendar.ics", meetings.Calendar.as_view(), name="calendar"),
    path(S + "meetings/<int:pk>/", meetings.MeetingDetail.as_view(), name="meeting"),
    path(S + "meetings/<int:pk>/pack.pdf", meetings.Pack.as_view(), name="pack"),
    path(S + "meetings/<int:pk>/minutes.pdf", meetings.MinutesPdf.as_view(), name="minutes-pdf"),
    path(S + "meetings/<int:pk>/items/add/", agenda.AddItem.as_view(), name="item-add"),
    path(S + "meetings/<int:pk>/items/<int:item>/", agenda.EditItem.as_view(), name="item-edit"),
    path(
        S + "meetings/<int:pk>/items/<int:item>/move/", agenda.MoveItem.as_view(), name="item-move"
    ),
    path(
        S + "meetings/<int:pk>/items/<int:item>/withdraw/",
        agenda.WithdrawItem.as_view(),
        name="item-withdraw",
    ),
    path(
        S + "meetings/<int:pk>/items/<int:item>/papers/add/",
        agenda.AddPaper.as_view(),
        name="paper-add",
    ),
    path(
        S + "meetings/<int:pk>/papers/<int:paper>/replace/",
        agenda.ReplacePaper.as_view(),
        name="paper-replace",
    ),
    path(
        S + "meetings/<int:pk>/papers/<int:paper>/withdraw/",
        agenda.WithdrawPaper.as_view(),
        name="paper-withdraw",
    ),
    path(
        S + "meetings/<int:pk>/reschedule/",
        meetings.Reschedule.as_view(),
        name="meeting-reschedule",
    ),
    path(S + "meetings/<int:pk>/cancel/", meetings.Cancel.as_view(), name="meeting-cancel"),
    path(S + "meetings/<int:pk>/attendance/", meetings.Attendance.as_view(), name="attendance"),
    path(S + "meetings/<int:pk>/minutes/", meetings.Minutes.as_view(), name="minutes"),
    path(
        S + "meetings/<int:pk>/minutes/<slug:step>/",
        meetings.MinutesStep.as_view(),
        name="minutes-step",
    ),
    path(S + "meetings/<int:pk>/actions/add/", meetings.AddAction.as_view(), name="action-add"),
    path(S + "papers/<int:pk>/", meetings.PaperView.as_view(), name="paper"),
    path(S + "actions/", meetings.ActionLog.as_view(), name="actions"),
    path(S + "actions.xlsx", meetings.ActionsXlsx.as_view(), name="actions-xlsx"),
    path(S + "actions/<int:pk>/done/", meetings.CompleteAction.as_view(), name="action-done"),
    path(S + "forward-plan/", meetings.ForwardPlan.as_view(), name="forward-plan"),
    path(S + "decisions/", decisions.Decisions.as_view(), name="decisions"),
    path(S + "decisions/new/", decisions.NewDecision.as_view(), name="decision-new"),
    path(S + "decisions/<int:pk>/", decisions.DecisionDetail.as_view(), name="decision"),
    path(S + "decisions/<int:pk>/agree/", decisions.AgreeDecision.as_view(), name="decision-agree"),
    path(
        S + "decisions/<int:pk>/partner/",
        decisions.PartnerDecide.as_view(),
        name="decision-partner",
    ),
    path(
        S + "decisions/<int:pk>/withdraw/", decisions.Withdraw.as_view(), name="decision-withdraw"
    ),
    path(S + "interests/", interests.Interests.as_view(), name="interests"),
    path(S + "interests.xlsx", interests.InterestsXlsx.as_view(), name="interests-xlsx"),
    path(S + "interests/declare/", interests.DeclareInterest.as_view(), name="interest-add"),
    path(S + "interests/returns/", interests.SubmitReturn.as_view(), name="return-add"),
    path(S + "interests/returns-due.xlsx", interests.ReturnsDueXlsx.as_view(), name="due-xlsx"),
    path(S + "health/", interests.Health.as_view(), name="health"),
    path("public/", public.PublicSystems.as_view(), name="public-systems"),
    path(P, public.PublicIndex.as_view(), name="public"),
    path(P + "calendar.ics", public.PublicSystemCalendar.as_view(), name="public-system-calendar"),
    path(P + "feed.atom", PublicFeed(), name="public-feed"),
    path(P + "decisions/<int:pk>/", public.PublicDecision.as_view(), name="public-decision"),
    path(P + "<slug:body>/", public.PublicBody.as_view(), name="public-body"),
    path(P + "<slug:body>/calendar.ics", public.PublicCalendar.as_view(), name="public-calendar"),
    path(P + "papers/<int:pk>/", public.PublicPaper.as_view(), name="public-paper"),
    path(P + "meetings/<int:pk>/", public.PublicMeeting.as_view(), name="public-meeting"),
    path(P + "meetings/<int:pk>/pack.pdf", public.PublicPack.as_view(), name="public-pack"),
    path(
        P + "meetings/<int:pk>/minutes.pdf",
        public.PublicMinutes.as_view(),
        name="public-minutes-pdf",
    ),
]
