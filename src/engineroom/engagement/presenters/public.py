"""What the public page of a consultation shows: once results are published, the summary, the
themes and agreement (counts suppressed), who answered, and "you said, we did" with the public
decision each links to. Before then, only what the consultation is about."""

from __future__ import annotations

from engineroom.engagement.models import Consultation, Status
from engineroom.engagement.presenters import results
from engineroom.engagement.queries import public as queries


def page(consultation: Consultation) -> dict:
    published = consultation.status == Status.PUBLISHED
    context = {"consultation": consultation, "published": published, "report": None}
    if published:
        context["report"] = results.report(consultation, quotes=True)
        context["influences"] = queries.influences(consultation)
    return context
