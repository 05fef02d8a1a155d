"""Published figures the platform sets its own beside (``REFERENCE.md``): the generator's
realism table and the dashboard's case-finding estimates read them from here."""

from __future__ import annotations

# Bedfordshire, Luton and Milton Keynes' estimates of people undiagnosed, for about a million.
BLMK_UNDIAGNOSED_PER_MILLION = {"hypertension": 89_900, "af": 7_200}
