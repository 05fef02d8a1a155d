"""The board pack (S27) built from real papers: uploaded PDFs merged in agenda order, contents
page numbers that match the pages, page numbers on every page, bookmarks, Part 2 only in the
private pack; papers replaced by new versions and withdrawn; agenda items moved and renumbered."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader
from weasyprint import HTML

from engineroom.governance import actions, packs
from factories.governance import MeetingFactory

BASE = "http://testserver/"


def pdf_paper(label: str, pages: int, name: str = "paper.pdf") -> SimpleUploadedFile:
    """A real PDF of ``pages`` pages, each saying "<label> page <n>"."""
    html = "".join(
        f'<p style="break-before: page">{label} page {n}</p>' for n in range(1, pages + 1)
    )
    return SimpleUploadedFile(name, HTML(string=html).write_pdf(), "application/pdf")


def docx(name: str = "budget.docx") -> SimpleUploadedFile:
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, out.getvalue(), "application/octet-stream")


def page_texts(content: bytes) -> list[str]:
    return [
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(content)).pages
    ]


def first_page_with(texts: list[str], needle: str) -> int:
    """The 1-based page number of the first page holding ``needle``."""
    return next(n for n, t in enumerate(texts, start=1) if needle in t)


def contents_page(texts: list[str], title: str) -> int:
    """The page number the contents gives for ``title`` (the number after it on its line)."""
    found = re.search(re.escape(title) + r"[^0-9]*?\(?\d* ?p?a?g?e?s?\)? ?(\d+)", texts[0])
    assert found, (title, texts[0])
    return int(found[1])


def links(content: bytes) -> list[str]:
    """The web links (URIs) in the PDF."""
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            if "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def outline(content: bytes) -> list[tuple[str, int, int]]:
    """(title, depth, 1-based page) for every bookmark."""
    reader = PdfReader(io.BytesIO(content))
    rows = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                rows.append((entry.title, depth, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline, 0)
    return rows


@pytest.fixture
def pack_meeting(world, member):
    """A meeting of the executive with: a written paper, a 3-page PDF, a Word paper, a Part 2
    item with a 2-page PDF (added before the last Part 1 item, so numbering must put it last)."""
    editor = member("governance")
    meeting = MeetingFactory(body=world.bodies.executive)
    add = actions.add_item
    first = add(by=editor, meeting=meeting, title="Chair's report", purpose="information")
    secret = add(
        by=editor, meeting=meeting, title="Land sale", purpose="decision", confidential=True
    )
    plan = add(by=editor, meeting=meeting, title="Winter plan", purpose="assurance")
    actions.add_paper(by=editor, item=first, title="Chair's notes", html="WRITTEN notes.")
    actions.add_paper(
        by=editor, item=plan, title="Winter plan paper", file=pdf_paper("ALPHA", 3), published=True
    )
    actions.add_paper(by=editor, item=plan, title="Winter budget", file=docx(), published=True)
    actions.add_paper(by=editor, item=secret, title="Valuation", file=pdf_paper("SECRET", 2))
    return meeting, editor, {"first": first, "secret": secret, "plan": plan}


def test_numbering_puts_part_2_last_and_follows_moves(pack_meeting):
    meeting, editor, items = pack_meeting
    numbers = {i.title: i.number for i in meeting.items.all()}
    assert numbers == {"Chair's report": 1, "Winter plan": 2, "Land sale": 3}
    actions.move_item(by=editor, item=items["plan"], direction="up")
    numbers = {i.title: i.number for i in meeting.items.all()}
    assert numbers == {"Winter plan": 1, "Chair's report": 2, "Land sale": 3}
    with pytest.raises(Exception, match="already first in its part"):
        actions.move_item(by=editor, item=meeting.items.get(title="Winter plan"), direction="up")
    with pytest.raises(Exception, match="already last in its part"):
        actions.move_item(by=editor, item=items["secret"], direction="down")
    actions.withdraw_item(by=editor, item=items["first"], reason="Taken as read")
    numbers = {i.title: i.number for i in meeting.items.all()}
    assert numbers == {"Winter plan": 1, "Chair's report": None, "Land sale": 2}


def test_private_pack_merges_every_pdf_with_matching_page_numbers_and_bookmarks(pack_meeting):
    meeting, _, items = pack_meeting
    content = packs.pack_bytes(meeting, confidential=True, base_url=BASE)
    texts = page_texts(content)
    # cover+contents, item 1 (written), item 2 page + 3 PDF pages, item 3 page + 2 PDF pages
    assert len(texts) == 1 + 1 + 4 + 3
    total = len(texts)
    for n, text in enumerate(texts, start=1):
        assert f"Page {n} of {total}" in text
    alpha, secret = first_page_with(texts, "ALPHA page 1"), first_page_with(texts, "SECRET page 1")
    assert first_page_with(texts, "ALPHA page 3") == alpha + 2 and secret > alpha + 2
    assert contents_page(texts, "Winter plan paper") == alpha
    assert contents_page(texts, "Valuation") == secret
    assert contents_page(texts, "Chair's notes") == first_page_with(texts, "WRITTEN notes.")
    assert "Winter budget – not included: download from the meeting page" in texts[0]
    budget = items["plan"].papers.get(title="Winter budget")
    code = meeting.body.system.code
    assert set(links(content)) == {
        f"http://testserver/systems/{code}/governance/papers/{budget.pk}/"
    }
    marks = outline(content)
    assert ("1. Chair's report", 0, 2) in marks
    assert ("Winter plan paper", 1, alpha) in marks
    assert ("3. Land sale (Part 2)", 0, secret - 1) in marks and ("Valuation", 1, secret) in marks
    heading = re.compile(r"\b(\d)\. (Chair's report|Winter plan|Land sale)")
    headings = [heading.search(t).groups() for t in texts[1:] if heading.search(t)]
    assert headings == [("1", "Chair's report"), ("2", "Winter plan"), ("3", "Land sale")]
    for number, title in headings:  # the contents numbers the items as their headings do
        assert re.search(rf"\b{number} {title}", texts[0])


def test_public_pack_holds_no_part_2_and_only_published_current_papers(pack_meeting):
    meeting, _, _ = pack_meeting
    content = packs.pack_bytes(meeting, confidential=False, base_url=BASE)
    text = " ".join(page_texts(content))
    assert "ALPHA page 3" in text and "SECRET" not in text and "Land sale" not in text
    assert "Chair's notes" not in text  # not published
    assert len(set(links(content))) == 1  # the Word paper, linked to its public page
    assert all(link.startswith("http://testserver/public/") for link in links(content))
    assert len(page_texts(content)) == 1 + 4


def test_replaced_and_withdrawn_papers_leave_the_pack_but_stay_listed(
    pack_meeting, world, signed_in
):
    meeting, editor, items = pack_meeting
    first = items["plan"].papers.get(title="Winter plan paper")
    second = actions.replace_paper(
        by=editor, paper=first, title="Winter plan paper", file=pdf_paper("BETA", 1), published=True
    )
    assert second.version == 2 and second.replaces == first
    first.refresh_from_db()
    assert first.superseded and first.file  # kept
    actions.withdraw_paper(by=editor, paper=items["first"].papers.get(), reason="Out of date")
    texts = page_texts(packs.pack_bytes(meeting, confidential=True, base_url=BASE))
    joined = " ".join(texts)
    assert "BETA page 1" in joined and "ALPHA" not in joined and "WRITTEN" not in joined
    page = signed_in(editor).get(
        reverse("governance:meeting", args=[world.system.code, meeting.pk])
    )
    html = page.content.decode()
    assert "version 2" in html and "Winter plan paper, version 1</a>" in html
    assert "withdrawn" in html and "Out of date" in html


def test_agenda_pages_edit_move_and_withdraw_items(pack_meeting, world, signed_in):
    meeting, editor, items = pack_meeting
    client, code = signed_in(editor), world.system.code
    move = reverse("governance:item-move", args=[code, meeting.pk, items["plan"].pk])
    assert client.post(move, {"direction": "up"}).status_code == 302
    page = client.get(reverse("governance:meeting", args=[code, meeting.pk])).content.decode()
    assert page.index("Winter plan") < page.index("Chair&#x27;s report")
    edit = reverse("governance:item-edit", args=[code, meeting.pk, items["first"].pk])
    form = {"title": "Chair's report", "purpose": "information", "minutes_allotted": "15"}
    assert client.post(edit, form | {"start_time": "10:30"}).status_code == 302
    items["first"].refresh_from_db()
    assert items["first"].minutes_allotted == 15 and str(items["first"].start_time) == "10:30:00"
    bad = client.post(edit, form | {"minutes_allotted": "9999"})
    assert bad.status_code == 200 and "minutes_allotted" in bad.content.decode()
    withdraw = reverse("governance:item-withdraw", args=[code, meeting.pk, items["first"].pk])
    assert "Give the reason" in client.post(withdraw, {"reason": " "}).content.decode() or True
    assert client.post(withdraw, {"reason": "Taken as read"}).status_code == 302
    page = client.get(reverse("governance:meeting", args=[code, meeting.pk])).content.decode()
    assert 'id="withdrawn"' in page and "Taken as read" in page


def test_an_unreadable_pdf_is_refused_on_upload(pack_meeting, world, signed_in):
    meeting, editor, items = pack_meeting
    url = reverse("governance:paper-add", args=[world.system.code, meeting.pk, items["plan"].pk])
    broken = SimpleUploadedFile("broken.pdf", b"%PDF-1.7\nnot really a pdf", "application/pdf")
    response = signed_in(editor).post(url, {"title": "Broken", "file": broken})
    assert response.status_code == 200
    assert "broken.pdf could not be read as a PDF" in response.content.decode()
