"""NHS CIS2 sign-in: an OIDC backend that only admits users already known to Engine Room.

Memberships (and so what a person sees) are managed here, not inferred from CIS2 claims, so a
CIS2 identity without an Engine Room account is refused.
"""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class CIS2Backend(OIDCAuthenticationBackend):
    def create_user(self, claims):
        return None

    def filter_users_by_claims(self, claims):
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)
