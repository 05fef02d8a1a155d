"""The shared care record as a FHIR R4 API (UK Core profiles), mounted at ``/fhir``.

Read only. Every request carries an OAuth2 bearer token (django-oauth-toolkit, ADR 0014) with
SMART-style scopes, and goes through the same access rules and audit as the record pages
(:mod:`engineroom.record.queries`): ``user/*.read`` acts as the token's user, ``patient/*.read``
sees only the token holder's own record. See docs/fhir.md.
"""
