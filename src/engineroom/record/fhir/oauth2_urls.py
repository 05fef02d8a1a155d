"""The OAuth2 endpoints that issue the FHIR API's tokens, mounted at /o/ by the web's urls:
authorisation code with PKCE, token, revocation. The toolkit's application-management pages are
not mounted (any signed-in user could register a client there): clients are registered by staff
in the admin site."""

from django.urls import path
from oauth2_provider import views

app_name = "oauth2_provider"
urlpatterns = [
    path("authorize/", views.AuthorizationView.as_view(), name="authorize"),
    path("token/", views.TokenView.as_view(), name="token"),
    path("revoke_token/", views.RevokeTokenView.as_view(), name="revoke-token"),
]
