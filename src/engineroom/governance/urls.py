from django.urls import path

from engineroom.governance import public, views

app_name = "governance"
S = "systems/<slug:system>/governance/"
P = "public/<slug:system>/governance/"
urlpatterns = [
    path(S, views.Index.as_view(), name="index"),
    path(S + "bodies/new/", views.NewBody.as_view(), name="body-new"),
    path(S + "bodies/<slug:body>/", views.BodyDetail.as_view(), name="body"),
    path(S + "bodies/<slug:body>/edit/", views.EditBody.as_view(), name="body-edit"),
    path(S + "bodies/<slug:body>/members/add/", views.AddMember.as_view(), name="member-add"),
    path(
        S + "bodies/<slug:body>/delegations/add/",
        views.AddDelegation.as_view(),
        name="delegation-add",
    ),
    path(S + "bodies/<slug:body>/meetings/new/", views.NewMeeting.as_view(), name="meeting-new"),
    path(S + "matrix/", views.Matrix.as_view(), name="matrix"),
    path(S + "meetings/", views.Meetings.as_view(), name="meetings"),
    path(S + "meetings/calendar.ics", views.Calendar.as_view(), name="calendar"),
    path(S + "meetings/<int:pk>/", views.MeetingDetail.as_view(), name="meeting"),
    path(S + "meetings/<int:pk>/pack.pdf", views.Pack.as_view(), name="pack"),
    path(S + "meetings/<int:pk>/items/add/", views.AddItem.as_view(), name="item-add"),
    path(
        S + "meetings/<int:pk>/items/<int:item>/papers/add/",
        views.AddPaper.as_view(),
        name="paper-add",
    ),
    path(S + "meetings/<int:pk>/attendance/", views.Attendance.as_view(), name="attendance"),
    path(S + "meetings/<int:pk>/minutes/", views.Minutes.as_view(), name="minutes"),
    path(
        S + "meetings/<int:pk>/minutes/<slug:step>/",
        views.MinutesStep.as_view(),
        name="minutes-step",
    ),
    path(S + "meetings/<int:pk>/actions/add/", views.AddAction.as_view(), name="action-add"),
    path(S + "papers/<int:pk>/", views.PaperView.as_view(), name="paper"),
    path(S + "actions/", views.ActionLog.as_view(), name="actions"),
    path(S + "actions.xlsx", views.ActionsXlsx.as_view(), name="actions-xlsx"),
    path(S + "actions/<int:pk>/done/", views.CompleteAction.as_view(), name="action-done"),
    path(S + "forward-plan/", views.ForwardPlan.as_view(), name="forward-plan"),
    path(S + "decisions/", views.Decisions.as_view(), name="decisions"),
    path(S + "decisions/new/", views.NewDecision.as_view(), name="decision-new"),
    path(S + "decisions/<int:pk>/", views.DecisionDetail.as_view(), name="decision"),
    path(S + "decisions/<int:pk>/agree/", views.AgreeDecision.as_view(), name="decision-agree"),
    path(S + "decisions/<int:pk>/partner/", views.PartnerDecide.as_view(), name="decision-partner"),
    path(S + "decisions/<int:pk>/withdraw/", views.Withdraw.as_view(), name="decision-withdraw"),
    path(S + "interests/", views.Interests.as_view(), name="interests"),
    path(S + "interests.xlsx", views.InterestsXlsx.as_view(), name="interests-xlsx"),
    path(S + "interests/declare/", views.DeclareInterest.as_view(), name="interest-add"),
    path(S + "interests/returns/", views.SubmitReturn.as_view(), name="return-add"),
    path(S + "health/", views.Health.as_view(), name="health"),
    path(P, public.PublicIndex.as_view(), name="public"),
    path(P + "<slug:body>/", public.PublicBody.as_view(), name="public-body"),
    path(P + "<slug:body>/calendar.ics", public.PublicCalendar.as_view(), name="public-calendar"),
    path(P + "papers/<int:pk>/", public.PublicPaper.as_view(), name="public-paper"),
    path(P + "meetings/<int:pk>/pack.pdf", public.PublicPack.as_view(), name="public-pack"),
]
