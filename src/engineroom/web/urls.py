from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from engineroom.web import views

urlpatterns = [
    path("", include("engineroom.home.urls")),
    path("sign-in/", views.Login.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", views.AuditIntegrity.as_view(), name="audit"),
    path("", include("engineroom.system.urls")),
    path("admin/", admin.site.urls),
    path("fhir/", include("engineroom.record.fhir.urls")),  # the FHIR R4 API (docs/fhir.md)
    path("o/", include("engineroom.record.fhir.oauth2_urls")),  # OAuth2 tokens for it (ADR 0014)
]
# Each domain app's urls.py is mounted at the root; its paths start with systems/<system>/<app>/.
urlpatterns += [path("", include(f"{app}.urls")) for app in settings.DOMAIN_APPS]
