"""S27 (in part): Part 2 items and their minutes appear only in the private pack; the public sees
the Part 1 minutes once they are published, and never the Part 2 minutes."""

import io

from django.urls import reverse
from pypdf import PdfReader

from engineroom.governance.models import Meeting

MAIN = "vale-downs"
PART2 = "the negotiating range and the walk-away point"  # the demo's Part 2 minutes
PART1 = "members' questions were answered"  # the demo's Part 1 minutes


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def _published():
    meetings = Meeting.objects.filter(body__code="unified-executive", minutes_status="published")
    return meetings.order_by("-starts_at").first()


def test_part_2_minutes_only_in_the_private_pack(client_for, client):
    meeting = _published()
    lead = client_for("governance")
    private = _pdf_text(lead.get(reverse("governance:pack", args=[MAIN, meeting.pk])))
    assert "Part 2 minutes (confidential)" in private and PART2 in private
    page = lead.get(reverse("governance:meeting", args=[MAIN, meeting.pk])).content.decode()
    assert page.index('id="part2-minutes"') < page.index("walk-away point")
    reader = client_for("regulator")
    page = reader.get(reverse("governance:meeting", args=[MAIN, meeting.pk])).content.decode()
    assert PART1.replace("'", "&#x27;") in page and "walk-away point" not in page
    client.logout()
    public = _pdf_text(client.get(reverse("governance:public-pack", args=[MAIN, meeting.pk])))
    assert PART1 in public and "walk-away point" not in public
    assert "Contract negotiations" not in public
    page = client.get(reverse("governance:public-meeting", args=[MAIN, meeting.pk]))
    text = page.content.decode()
    assert PART1.replace("'", "&#x27;") in text and "walk-away point" not in text
    minutes = client.get(reverse("governance:public-minutes-pdf", args=[MAIN, meeting.pk]))
    assert "walk-away point" not in _pdf_text(minutes) and PART1 in _pdf_text(minutes)
