"""The FHIR API's URLs, mounted at /fhir/ by the web's urls (the OAuth2 endpoints that issue
its tokens are :mod:`.oauth2_urls`, at /o/)."""

from django.urls import path, re_path

from engineroom.record.fhir import views
from engineroom.record.fhir.resources import TYPES

app_name = "fhir"
ENTRY_TYPES = "|".join(TYPES)
urlpatterns = [
    path("metadata", views.Metadata.as_view(), name="metadata"),
    path("openapi.json", views.OpenApi.as_view(), name="openapi"),
    path("Patient", views.PatientSearch.as_view(), name="patient-search"),
    path("Patient/<str:nhs_number>", views.PatientRead.as_view(), name="patient-read"),
    path("Patient/<str:nhs_number>/$everything", views.Everything.as_view(), name="everything"),
    re_path(rf"^(?P<resource_type>{ENTRY_TYPES})$", views.EntrySearch.as_view(), name="search"),
    re_path(
        rf"^(?P<resource_type>{ENTRY_TYPES})/(?P<resource_id>[A-Za-z0-9.\-]{{1,64}})$",
        views.EntryRead.as_view(),
        name="read",
    ),
    path("Consent", views.ConsentSearch.as_view(), name="consent-search"),
    path("AuditEvent", views.AuditEventSearch.as_view(), name="auditevent-search"),
    re_path(r"^[\s\S]*$", views.NotFound.as_view(), name="not-found"),  # newlines too
]
