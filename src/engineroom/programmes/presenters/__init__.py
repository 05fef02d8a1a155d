"""How the portfolio looks: tag classes for ratings and risk bands, risk rows ready to show, the
text a new monthly report starts from (``presenters.reports``) and the dependency map drawn with
``web.charts`` (``presenters.dependency_map``). Money and dates use ``web.formatting``."""

from __future__ import annotations

from dataclasses import dataclass

from engineroom.programmes import rules
from engineroom.programmes.models import Risk
from engineroom.programmes.presenters.dependency_map import dependency_chart
from engineroom.programmes.presenters.reports import report_initial

GREY_TAG = "nhsuk-tag--grey"
RAG_TAG = {"green": "nhsuk-tag--green", "amber": "nhsuk-tag--orange", "red": "nhsuk-tag--red"}
BAND_TAG = {
    "low": "nhsuk-tag--green",
    "moderate": "nhsuk-tag--yellow",
    "high": "nhsuk-tag--orange",
    "extreme": "nhsuk-tag--red",
}
# Given to every programme page: ``{{ rag_tags|get:report.overall_rag }}``.
TAGS = {"rag_tags": RAG_TAG}

__all__ = ["BAND_TAG", "RAG_TAG", "TAGS", "Tag", "dependency_chart", "report_initial", "risk_rows"]


@dataclass(frozen=True)
class Tag:
    text: str
    css: str


def risk_rows(risks) -> list[tuple[Risk, Tag]]:
    """Each risk with its current score as a tag coloured by band: ``12 High``."""
    rows = []
    for risk in risks:
        band = rules.band(risk.current_score)
        rows.append((risk, Tag(f"{risk.current_score} {band.label}", BAND_TAG[band.key])))
    return rows
