"""The board pack (S27): one PDF of a meeting's agenda and papers, public or private.

A cover and one contents page, then each item in agenda order with its papers: written papers
as text, uploaded PDFs merged page for page, other uploads (Word, Excel, PowerPoint, ODT, CSV,
text: no converter is packaged) listed as not included, with a link to download them. Page
numbers run through the whole pack, stamped on every page, and the contents shows where each
paper starts; PDF bookmarks lead to each item and paper. The public and private packs come from
the same code: only the private one holds Part 2 items, their papers and the Part 2 minutes.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string

from engineroom.governance import queries
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

PUBLIC_PACK_SECONDS = 24 * 60 * 60  # a day: an unchanged pack outlives no deploy by much

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
    "public_board_pack",
    "public_pack_key",
]


def pack_bytes(meeting: Meeting, *, confidential: bool, base_url: str) -> bytes:
    """The pack as PDF bytes (``confidential``: the private pack, with Part 2)."""
    items = pack_items(meeting, confidential=confidential, base_url=base_url)
    context = pack_context(meeting, items, confidential=confidential)
    html = render_to_string("governance/pack.html", context)
    document = downloads.render_pdf_document(html, base_url=base_url)
    found = assemble.marks(document)
    writer = assemble.merge(document.write_pdf(), found, items)
    assemble.stamp(writer)
    extras = [("Minutes", "minutes-section"), ("Part 2 minutes (confidential)", "part2-minutes")]
    assemble.outline(writer, found, items, extras)
    return assemble.to_bytes(writer)


def _filename(meeting: Meeting) -> str:
    return f"{meeting.body.code}-{meeting.starts_at:%Y-%m-%d}-pack.pdf"


def board_pack(meeting: Meeting, *, confidential: bool, base_url: str) -> downloads.Download:
    """The pack as a download; the private pack is never cached."""
    content = pack_bytes(meeting, confidential=confidential, base_url=base_url)
    return downloads.pdf_file(_filename(meeting), content, identifiable=confidential, inline=True)


def public_pack_key(meeting: Meeting, base_url: str) -> str:
    """The cache key of the public pack: the meeting, and a fingerprint of everything the pack
    is made from (``queries.public_pack_versions``) and of the site it links to."""
    versions = repr([base_url, *queries.public_pack_versions(meeting)])
    return f"governance:public-pack:{meeting.pk}:{hashlib.sha256(versions.encode()).hexdigest()}"


def public_board_pack(meeting: Meeting, *, base_url: str) -> downloads.Download:
    """The public pack, built once for each version of what it is made from and then served
    from the cache (anyone may ask for it, and building it takes seconds)."""
    key = public_pack_key(meeting, base_url)
    content = cache.get(key)
    if content is None:
        content = pack_bytes(meeting, confidential=False, base_url=base_url)
        cache.set(key, content, PUBLIC_PACK_SECONDS)
    return downloads.pdf_file(_filename(meeting), content, inline=True)
