"""Putting a pack together: one WeasyPrint render (``web.downloads.render_pdf_document``), then
pypdf.

The cover, contents, item pages, written papers and minutes are rendered once, with one blank
stand-in page for every page of every uploaded PDF, so the contents' page numbers
(``target-counter``) already count those pages. Each stand-in is then swapped for the real page,
every page is stamped "Page n of N" (one shared font and a few bytes of content per page, never a
re-render), and the outline (PDF bookmarks) is added: one per item, one per paper under it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from engineroom.governance.packs.contents import PDF, PackItem

PLACEHOLDER = re.compile(r"^pp-(\d+)-(\d+)$")
FONT = "/ERPageNo"
# Helvetica's widths (thousandths of an em) for the characters of "Page 12 of 345".
WIDTHS = {" ": 278, "P": 667, "a": 556, "g": 556, "e": 556, "o": 556, "f": 278} | {
    d: 556 for d in "0123456789"
}
SIZE, MARGIN = 9, 36  # points: the stamp's size, and its distance from the page's edges


@dataclass(frozen=True)
class Marks:
    """Where the rendered document's anchors fell: page index of each anchor, and which
    (paper, page) each stand-in page stands for."""

    anchors: dict[str, int]
    stand_ins: dict[int, tuple[int, int]]


def marks(document) -> Marks:
    anchors, stand_ins = {}, {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
            found = PLACEHOLDER.match(name)
            if found:
                stand_ins[index] = (int(found[1]), int(found[2]))
    return Marks(anchors, stand_ins)


def _external_links_only(page) -> None:
    """Keep a rendered page's web links; its links within the document pointed at pages that
    are replaced, so they go (the outline is how to move around the pack)."""
    from pypdf.generic import ArrayObject, NameObject

    annots = page.get("/Annots")
    if annots is None:
        return
    kept = [a for a in annots.get_object() if "/URI" in a.get_object().get("/A", {})]
    page[NameObject("/Annots")] = ArrayObject(kept)


def merge(rendered: bytes, found: Marks, items: list[PackItem]):
    """The pack's pages in order: rendered pages, with each stand-in swapped for its page."""
    from pypdf import PdfReader, PdfWriter

    readers = {p.paper.pk: p.reader for i in items for p in i.papers if p.kind == PDF}
    writer = PdfWriter()
    for index, page in enumerate(PdfReader(io.BytesIO(rendered)).pages):
        if index in found.stand_ins:
            paper, number = found.stand_ins[index]
            writer.add_page(readers[paper].pages[number])
        else:
            _external_links_only(page)
            writer.add_page(page)
    return writer


def _text_width(text: str) -> float:
    return sum(WIDTHS.get(c, 556) for c in text) * SIZE / 1000


def stamp(writer) -> None:
    """ "Page n of N" at the foot of every page, on top of what is there (its graphics state saved
    and restored around the page's own content)."""
    font, save = _shared_font(writer), _shared_save(writer)
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        if page.get("/Rotate", 0) % 360:
            page.transfer_rotation_to_content()
        _add_font(page, font)
        mark = _page_number(writer, page, f"Page {number} of {total}")
        _wrap_contents(page, save, mark)


def _shared_font(writer):
    """Helvetica, added to the PDF once and used by every page's stamp."""
    from pypdf.generic import DictionaryObject, NameObject

    return writer._add_object(  # pypdf has no public call for adding a shared object
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )


def _shared_save(writer):
    """One shared content stream saving the graphics state ("q") before a page's own content."""
    from pypdf.generic import DecodedStreamObject

    save = DecodedStreamObject()
    save.set_data(b"q\n")
    return writer._add_object(save)


def _page_number(writer, page, text: str):
    """A content stream restoring the page's graphics state, then drawing ``text`` at the foot,
    right-aligned within the margin."""
    from pypdf.generic import DecodedStreamObject

    box = page.cropbox
    x = float(box.right) - MARGIN - _text_width(text)
    y = float(box.bottom) + MARGIN / 2
    mark = DecodedStreamObject()
    mark.set_data(
        f"Q q BT {FONT} {SIZE} Tf 0.13 0.17 0.2 rg {x:.2f} {y:.2f} Td ({text}) Tj ET Q\n".encode()
    )
    return writer._add_object(mark)


def _wrap_contents(page, save, mark) -> None:
    """The page's contents become: save, its own content, the stamp."""
    from pypdf.generic import ArrayObject, NameObject

    contents = page.get("/Contents")
    existing = [] if contents is None else contents.get_object()
    existing = list(existing) if isinstance(existing, list) else [page.raw_get("/Contents")]
    page[NameObject("/Contents")] = ArrayObject([save, *existing, mark])


def _add_font(page, font) -> None:
    from pypdf.generic import DictionaryObject, NameObject

    if "/Resources" not in page:
        page[NameObject("/Resources")] = DictionaryObject()
    resources = page["/Resources"].get_object()
    if "/Font" not in resources:
        resources[NameObject("/Font")] = DictionaryObject()
    resources["/Font"].get_object()[NameObject(FONT)] = font


def outline(writer, found: Marks, items: list[PackItem], extras: list[tuple[str, str]]) -> None:
    """Bookmarks: the contents, each item (its papers under it), then ``extras`` (title, anchor)."""
    writer.add_outline_item(title="Contents", page_number=found.anchors.get("contents", 0))
    for row in items:
        # An item with no pages of its own (no papers, or none included) leads to the contents.
        at = found.anchors.get(f"item-{row.item.pk}", found.anchors.get("contents", 0))
        parent = writer.add_outline_item(title=_item_title(row), page_number=at)
        for p in row.papers:
            start = found.anchors.get(f"paper-{p.paper.pk}")
            if start is not None:
                writer.add_outline_item(title=p.paper.title, page_number=start, parent=parent)
    for title, anchor in extras:
        if anchor in found.anchors:
            writer.add_outline_item(title=title, page_number=found.anchors[anchor])


def _item_title(row: PackItem) -> str:
    part2 = " (Part 2)" if row.item.confidential else ""
    return f"{row.item.number}. {row.item.title}{part2}"


def to_bytes(writer) -> bytes:
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
