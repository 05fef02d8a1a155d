"""What other apps may use of governance: the one module they may import (import-linter allows
``engineroom.engagement`` to import this and nothing else of ``governance``).

Engagement links a consultation to the decisions it informed ("you said, we did"), so it needs
the system's decisions to choose from and, for its public page, only those the public may read.
"""

from __future__ import annotations

from django.db.models import QuerySet

from engineroom.governance import queries
from engineroom.governance.models import Decision
from engineroom.system.models import System


def public_system(code: str) -> System:
    """The system named in a public URL, for anyone (Http404 when there is none)."""
    return queries.public_system(code)


def decisions_to_link(system: System) -> QuerySet[Decision]:
    """Decisions a consultation can be said to have informed, newest step first: the public
    ones only, because "you said, we did" is published and must never name a confidential
    decision (nor one still a mere proposal, which the public pages do not show either)."""
    return queries.recent_public_decisions(system, limit=None)


def is_public(decision: Decision) -> bool:
    """Whether the public decision page (``governance:public-decision``) shows this decision."""
    return queries.decisions(decision.system, public=True).filter(pk=decision.pk).exists()


__all__ = ["Decision", "decisions_to_link", "is_public", "public_system"]
