from django.urls import path

from engineroom.system import views

app_name = "system"
urlpatterns = [
    path("systems/<slug:system>/", views.SystemMapView.as_view(), name="map"),
    path(
        "systems/<slug:system>/organisations/",
        views.OrganisationDirectory.as_view(),
        name="organisations",
    ),
    path(
        "systems/<slug:system>/organisations/<str:ods_code>/",
        views.OrganisationDetail.as_view(),
        name="organisation",
    ),
    path(
        "systems/<slug:system>/leadership/", views.LeadershipRegister.as_view(), name="leadership"
    ),
    path(
        "systems/<slug:system>/partnerships/", views.PartnershipList.as_view(), name="partnerships"
    ),
    path(
        "regions/<slug:region>/leadership/",
        views.RegionLeadership.as_view(),
        name="region-leadership",
    ),
]
