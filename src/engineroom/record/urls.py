"""The shared care record's pages: the clinician's under a system, the person's own under
``my-record/`` (the FHIR API is mounted at /fhir by the web's urls)."""

from django.conf import settings
from django.urls import path

from engineroom.record import patient_views, views

app_name = "record"
R = "systems/<slug:system>/record"
N = f"{R}/<str:nhs_number>"
urlpatterns = [
    path(f"{R}/", views.Find.as_view(), name="find"),
    path(f"{R}/break-glass-review/", views.Review.as_view(), name="review"),
    path(f"{N}/", views.PersonRecord.as_view(), name="record"),
    path(f"{N}/print/", views.PrintRecord.as_view(), name="print"),
    path(f"{N}/break-glass/", views.BreakGlass.as_view(), name="break-glass"),
    path(f"{N}/care-team/", views.AddToCareTeam.as_view(), name="care-team"),
    path(f"{N}/refer/", views.Refer.as_view(), name="refer"),
    path("my-record/", patient_views.MyRecord.as_view(), name="my-record"),
    path("my-record/objection/", patient_views.Objection.as_view(), name="my-objection"),
    path("my-record/sign-in/", patient_views.SignIn.as_view(), name="my-sign-in"),
    path("my-record/demo-sign-in/", patient_views.DemoSignIn.as_view(), name="demo-sign-in"),
]
if getattr(settings, "NHS_LOGIN_ENABLED", False):
    from engineroom.record import nhslogin

    urlpatterns += [
        path("my-record/nhs-login/", nhslogin.Start.as_view(), name="nhs-login"),
        path(
            "my-record/nhs-login/callback/", nhslogin.Callback.as_view(), name="nhs-login-callback"
        ),
    ]
