"""S27 The board pack. A board secretary builds a meeting's agenda, collects papers (uploaded
documents and written papers), publishes the public pack and the private pack: every paper merged
in agenda order with one contents page and page numbers that match the agenda; Part 2 items and
their minutes appear only in the private pack."""

import datetime as dt
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from weasyprint import HTML

from engineroom.governance.models import Meeting

MAIN = "vale-downs"


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def _published():
    meetings = Meeting.objects.filter(body__code="unified-executive", minutes_status="published")
    return meetings.order_by("-starts_at").first()


def _html(text: str) -> str:
    return text.replace("'", "&#x27;")


def _minutes(meeting) -> tuple[str, str]:
    """What the demo minuted: the first (Part 1) item's resolution, and the start of the Part 2
    item's confidential discussion."""
    part2 = meeting.items.get(confidential=True).minute.discussion
    return meeting.items.get(number=1).minute.resolved, " ".join(part2.split()[:6])


def test_part_2_minutes_only_in_the_private_pack(client_for, client):
    meeting = _published()
    part1, part2 = _minutes(meeting)
    lead = client_for("governance")
    private = _pdf_text(lead.get(reverse("governance:pack", args=[MAIN, meeting.pk])))
    assert "Part 2 minutes (confidential)" in private and part2 in private
    page = lead.get(reverse("governance:meeting", args=[MAIN, meeting.pk])).content.decode()
    assert page.index('id="part2-minutes"') < page.index(_html(part2))
    reader = client_for("regulator")
    page = reader.get(reverse("governance:meeting", args=[MAIN, meeting.pk])).content.decode()
    assert _html(part1) in page and _html(part2) not in page
    client.logout()
    public = _pdf_text(client.get(reverse("governance:public-pack", args=[MAIN, meeting.pk])))
    assert part1 in public and part2 not in public
    assert "Contract negotiations" not in public
    page = client.get(reverse("governance:public-meeting", args=[MAIN, meeting.pk]))
    text = page.content.decode()
    assert _html(part1) in text and _html(part2) not in text
    minutes = client.get(reverse("governance:public-minutes-pdf", args=[MAIN, meeting.pk]))
    assert part2 not in _pdf_text(minutes) and part1 in _pdf_text(minutes)


# --- The whole story: build the agenda, collect papers, publish both packs -----------------------
def _report(label: str, pages: int) -> SimpleUploadedFile:
    """A real PDF paper, "<label> page <n>" on each page."""
    html = "".join(
        f'<p style="break-before: page">{label} page {n}</p>' for n in range(1, pages + 1)
    )
    return SimpleUploadedFile(
        f"{label.lower()}.pdf", HTML(string=html).write_pdf(), "application/pdf"
    )


def _texts(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return [" ".join((p.extract_text() or "").split()) for p in pages]


def _bookmarks(response) -> dict[str, int]:
    reader = PdfReader(io.BytesIO(response.content))
    marks = {}

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                marks[entry.title] = reader.get_destination_page_number(entry) + 1

    walk(reader.outline)
    return marks


def _contents_page(texts: list[str], title: str) -> int:
    found = re.search(re.escape(title) + r" (?:\(\d+ pages?\) )?(\d+)\b", texts[0])
    assert found, (title, texts[0])
    return int(found[1])


def _build_agenda(lead, meeting: Meeting) -> dict:
    """The secretary adds three items (one Part 2) and their papers, then moves one up."""
    code = meeting.body.system.code
    add = reverse("governance:item-add", args=[code, meeting.pk])
    for title, part2 in (("Quality report", False), ("Estate sale", True), ("Winter plan", False)):
        form = {"title": title, "purpose": "decision", "minutes_allotted": "20"}
        assert lead.post(add, form | ({"confidential": "on"} if part2 else {})).status_code == 302
    items = {i.title: i for i in meeting.items.all()}
    papers = {
        "Quality report": {
            "title": "Quality summary",
            "html": "QUALITY written summary.",
            "published": "on",
        },
        "Winter plan": {
            "title": "Winter plan paper",
            "file": _report("WINTER", 3),
            "published": "on",
        },
        "Estate sale": {"title": "Valuation report", "file": _report("ESTATE", 2)},
    }
    for title, form in papers.items():
        url = reverse("governance:paper-add", args=[code, meeting.pk, items[title].pk])
        assert lead.post(url, form).status_code == 302, title
    move = reverse("governance:item-move", args=[code, meeting.pk, items["Winter plan"].pk])
    assert lead.post(move, {"direction": "up"}).status_code == 302
    return {i.title: i.number for i in meeting.items.all()}


def test_the_secretary_builds_the_agenda_and_publishes_both_packs(client_for, client):
    lead = client_for("governance")
    body = Meeting.objects.filter(body__code="unified-executive").first().body
    new = reverse("governance:meeting-new", args=[MAIN, body.code])
    when = (timezone.localtime() + dt.timedelta(days=45)).replace(hour=10, minute=0)
    form = {"starts_at": when.strftime("%Y-%m-%dT%H:%M"), "location": "Council chamber"}
    assert lead.post(new, form).status_code == 302
    meeting = Meeting.objects.get(body=body, location="Council chamber")
    numbers = _build_agenda(lead, meeting)
    assert numbers == {"Winter plan": 1, "Quality report": 2, "Estate sale": 3}  # Part 2 last
    page = lead.get(reverse("governance:meeting", args=[MAIN, meeting.pk])).content.decode()
    page = page[page.index('id="agenda"') :]
    assert page.index("Winter plan") < page.index("Quality report") < page.index("Estate sale")
    assert "PDF, 3 pages" in page and "10:00, 20 minutes" in page and "10:20, 20 minutes" in page

    private = lead.get(reverse("governance:pack", args=[MAIN, meeting.pk]))
    texts = _texts(private)
    # contents, item 1's page + 3 PDF pages, item 2 (written), item 3's page + 2 PDF pages
    assert len(texts) == 1 + 4 + 1 + 3
    assert all(f"Page {n} of {len(texts)}" in t for n, t in enumerate(texts, start=1))
    winter = next(n for n, t in enumerate(texts, start=1) if "WINTER page 1" in t)
    estate = next(n for n, t in enumerate(texts, start=1) if "ESTATE page 1" in t)
    quality = next(n for n, t in enumerate(texts, start=1) if "QUALITY written" in t)
    assert winter < quality < estate  # agenda order
    assert _contents_page(texts, "Winter plan paper") == winter
    assert _contents_page(texts, "Valuation report") == estate
    assert _contents_page(texts, "Quality summary") == quality
    marks = _bookmarks(private)
    assert marks["1. Winter plan"] == winter - 1 and marks["Winter plan paper"] == winter
    assert marks["3. Estate sale (Part 2)"] == estate - 1 and marks["Valuation report"] == estate
    assert private["Cache-Control"] == "no-store"

    client.logout()
    public = client.get(reverse("governance:public-pack", args=[MAIN, meeting.pk]))
    texts = _texts(public)
    joined = " ".join(texts)
    assert len(texts) == 1 + 4 + 1 and "ESTATE" not in joined and "Estate sale" not in joined
    assert "WINTER page 3" in joined and "Part 2" not in _bookmarks(public)
    assert _contents_page(texts, "Winter plan paper") == next(
        n for n, t in enumerate(texts, start=1) if "WINTER page 1" in t
    )
