from django.urls import path

from engineroom.feeds import views

app_name = "feeds"
S = "systems/<slug:system>"
F = f"{S}/feeds"
ROW = f"{F}/<slug:load_id>/rows/<int:row>"
RECORD = f"{F}/unlinked/<str:source>/<str:record_id>"
urlpatterns = [
    path(f"{S}/load/", views.ExtractUpload.as_view(), name="load"),
    path(f"{F}/", views.FeedList.as_view(), name="index"),
    path(f"{F}/calendar/", views.FeedCalendar.as_view(), name="calendar"),
    path(f"{F}/quarantine/", views.QuarantineList.as_view(), name="quarantine"),
    path(f"{F}/resubmissions/", views.Resubmissions.as_view(), name="resubmissions"),
    path(f"{F}/unlinked/", views.UnlinkedQueue.as_view(), name="unlinked"),
    path(f"{RECORD}/", views.UnlinkedRecord.as_view(), name="unlinked-record"),
    path(f"{RECORD}/new-person/", views.UnlinkedNewPerson.as_view(), name="unlinked-new"),
    path(f"{F}/<slug:load_id>/", views.FeedDetail.as_view(), name="feed"),
    path(f"{ROW}/", views.RowCorrect.as_view(), name="row"),
    path(f"{ROW}/release/", views.RowRelease.as_view(), name="row-release"),
    path(f"{ROW}/resubmit/", views.RowResubmit.as_view(), name="row-resubmit"),
]
