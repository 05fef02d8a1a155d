"""What goes in a board pack, in agenda order: each item with the current version of each paper
the pack may hold, and how it goes in (written text, the pages of an uploaded PDF, or listed as
not included with a link, for a document no packaged converter can turn into pages)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.urls import reverse

from engineroom.governance import presenters, queries, rules
from engineroom.governance.models import Meeting, MinutesStatus, Paper

TEXT, PDF, NOT_INCLUDED = "text", "pdf", "not_included"
# Within an item: written papers and the notes of papers not included come before the uploaded
# PDFs, whose pages each start a page of their own, so nothing lands on a page that is replaced.
ORDER = {TEXT: 0, NOT_INCLUDED: 1, PDF: 2}


@dataclass
class PackPaper:
    paper: Paper
    kind: str
    link: str = ""
    reader: object = None  # the pypdf reader of an uploaded PDF
    note: str = ""

    @property
    def pages(self) -> int:
        return len(self.reader.pages) if self.reader is not None else 0

    @property
    def stand_ins(self) -> range:
        """One blank page per page of the uploaded PDF, in the rendered pack (replaced later)."""
        return range(self.pages)


@dataclass
class PackItem:
    item: object
    timing: presenters.Timing
    papers: list[PackPaper] = field(default_factory=list)

    @property
    def has_pages(self) -> bool:
        return any(p.kind != NOT_INCLUDED for p in self.papers)


def paper_link(paper: Paper, *, confidential: bool, base_url: str) -> str:
    """Where to download a paper: the signed-in page in the private pack, else the public one."""
    name = "governance:paper" if confidential else "governance:public-paper"
    path = reverse(name, args=[paper.item.meeting.body.system.code, paper.pk])
    return base_url.rstrip("/") + path


def _open_pdf(paper: Paper):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        with paper.file.open("rb") as f:
            reader = PdfReader(io.BytesIO(f.read()))
        return reader if len(reader.pages) else None
    except (PdfReadError, OSError, ValueError, KeyError, TypeError):
        return None


def pack_paper(paper: Paper, *, confidential: bool, base_url: str) -> PackPaper:
    link = paper_link(paper, confidential=confidential, base_url=base_url)
    if not paper.file:
        return PackPaper(paper, TEXT, link)
    if paper.is_pdf:
        reader = _open_pdf(paper)
        if reader is not None:
            return PackPaper(paper, PDF, link, reader)
        return PackPaper(paper, NOT_INCLUDED, link, note="the PDF could not be read")
    return PackPaper(paper, NOT_INCLUDED, link)


def pack_items(meeting: Meeting, *, confidential: bool, base_url: str) -> list[PackItem]:
    """The agenda (Part 2 only if ``confidential``) with the papers the pack holds."""
    items = list(queries.agenda(meeting, confidential=confidential))
    timings = presenters.timings(meeting, items)
    rows = []
    for item in items:
        papers = [
            pack_paper(p, confidential=confidential, base_url=base_url)
            for p in item.papers.all()
            if rules.paper_in_pack(p, confidential=confidential)
        ]
        papers.sort(key=lambda p: ORDER[p.kind])  # stable: each kind keeps its own order
        rows.append(PackItem(item, timings[item.pk], papers))
    return rows


def pack_context(meeting: Meeting, items: list[PackItem], *, confidential: bool) -> dict:
    """The template's context: Part 2 items, their papers and minutes, and conflicts only if
    ``confidential``; the public pack has the minutes only once they are published."""
    shown = confidential or meeting.minutes_status == MinutesStatus.PUBLISHED
    minutes = presenters.minutes_record(meeting, confidential=confidential) if shown else None
    return {
        "meeting": meeting,
        "items": items,
        "conflicts": queries.conflicts(meeting) if confidential else [],
        "confidential": confidential,
        "minutes": minutes if minutes and minutes.recorded else None,
    }
