from django.urls import path

from engineroom.feeds import views

app_name = "feeds"
S = "systems/<slug:system>"
urlpatterns = [
    path(f"{S}/load/", views.ExtractUpload.as_view(), name="load"),
    path(f"{S}/feeds/", views.FeedList.as_view(), name="index"),
    path(f"{S}/feeds/unlinked/", views.UnlinkedQueue.as_view(), name="unlinked"),
    path(f"{S}/feeds/<slug:load_id>/", views.FeedDetail.as_view(), name="feed"),
]
