"""The board pack (S27): one PDF of a meeting's agenda and papers, public or private.

A cover and one contents page, then each item in agenda order with its papers: written papers
as text, uploaded PDFs merged page for page, other uploads (Word, Excel, PowerPoint, ODT, CSV,
text: no converter is packaged) listed as not included, with a link to download them. Page
numbers run through the whole pack, stamped on every page, and the contents shows where each
paper starts; PDF bookmarks lead to each item and paper. The public and private packs come from
the same code: only the private one holds Part 2 items, their papers and the Part 2 minutes.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from engineroom.governance.models import Meeting
from engineroom.governance.packs import assemble
from engineroom.governance.packs.contents import (
    NOT_INCLUDED,
    PDF,
    TEXT,
    PackItem,
    PackPaper,
    pack_context,
    pack_items,
)
from engineroom.web import downloads

__all__ = [
    "NOT_INCLUDED",
    "PDF",
    "TEXT",
    "PackItem",
    "PackPaper",
    "board_pack",
    "pack_bytes",
    "pack_context",
    "pack_items",
]


def pack_bytes(meeting: Meeting, *, confidential: bool, base_url: str) -> bytes:
    """The pack as PDF bytes (``confidential``: the private pack, with Part 2)."""
    items = pack_items(meeting, confidential=confidential, base_url=base_url)
    context = pack_context(meeting, items, confidential=confidential)
    html = render_to_string("governance/pack.html", context)
    document = assemble.render(html, base_url=base_url)
    found = assemble.marks(document)
    writer = assemble.merge(document.write_pdf(), found, items)
    assemble.stamp(writer)
    extras = [("Minutes", "minutes-section"), ("Part 2 minutes (confidential)", "part2-minutes")]
    assemble.outline(writer, found, items, extras)
    return assemble.to_bytes(writer)


def board_pack(meeting: Meeting, *, confidential: bool, base_url: str) -> downloads.Download:
    """The pack as a download; the private pack is never cached."""
    content = pack_bytes(meeting, confidential=confidential, base_url=base_url)
    name = f"{meeting.body.code}-{meeting.starts_at:%Y-%m-%d}-pack.pdf"
    return downloads.Download(
        name, content, "application/pdf", identifiable=confidential, inline=True
    )
