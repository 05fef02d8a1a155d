"""Calendar (iCal), XLSX registers and action logs, and the PDF board pack (WeasyPrint)."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from engineroom.governance import interests
from engineroom.governance.presenters import money
from engineroom.web import downloads

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ical_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ical(meetings) -> str:
    """An RFC 5545 calendar of meetings (one hour each), lines folded at 75 octets."""
    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Engine Room//Governance//EN"]
    for m in meetings:
        start = m.starts_at.astimezone(dt.UTC)
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{m.pk}@engineroom",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{start + dt.timedelta(hours=2):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{_ical_text(m.body.name)}",
            f"LOCATION:{_ical_text(m.location)}",
            f"STATUS:{'CANCELLED' if m.status == 'cancelled' else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    folded = []
    for line in lines:
        while len(line.encode()) > 75:
            folded.append(line[:74])
            line = " " + line[74:]
        folded.append(line)
    return "\r\n".join(folded) + "\r\n"


def ical_response(meetings, filename: str) -> HttpResponse:
    response = HttpResponse(ical(meetings), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _workbook(title: str, header: list[str], rows, filename: str) -> HttpResponse:
    response = HttpResponse(
        downloads.workbook_bytes([downloads.Sheet(title, header, rows)]), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def actions_xlsx(actions, system) -> HttpResponse:
    rows = (
        [
            a.meeting.body.name,
            a.meeting.starts_at.date(),
            a.description,
            a.owner.name,
            a.due_on,
            a.get_status_display(),
            a.completed_on,
        ]
        for a in actions
    )
    header = ["Body", "Meeting", "Action", "Owner", "Due", "Status", "Completed"]
    return _workbook("Action log", header, rows, f"{system.code}-action-log.xlsx")


def interests_xlsx(register, system) -> HttpResponse:
    rows = (
        [
            i.person.name,
            i.get_kind_display(),
            i.counterparty,
            i.description,
            money(i.value_pence) if i.value_pence is not None else "",
            i.start_date,
            i.end_date,
            i.declared_on,
            "Yes" if interests.is_late(i.start_date, i.declared_on) else "No",
            "Published" if i.publish else f"Withheld: {i.withheld_reason}",
        ]
        for i in register
    )
    header = [
        "Name",
        "Type",
        "Organisation or source",
        "Description",
        "Value",
        "Arose",
        "Ended",
        "Declared",
        "Declared late",
        "Publication",
    ]
    return _workbook("Register of interests", header, rows, f"{system.code}-interests.xlsx")


def pack_context(meeting, *, confidential: bool) -> dict:
    items = meeting.items.prefetch_related("papers", "organisations")
    if not confidential:
        items = items.filter(confidential=False)
    flagged = interests.conflicts(meeting) if confidential else []
    return {"meeting": meeting, "items": items, "conflicts": flagged, "confidential": confidential}


def board_pack(request, meeting, *, confidential: bool) -> HttpResponse:
    """The agenda and HTML papers as one PDF with contents and page numbers."""
    from weasyprint import HTML

    html = render_to_string(
        "governance/pack.html", pack_context(meeting, confidential=confidential)
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{meeting.body.code}-{meeting.starts_at:%Y-%m-%d}-pack.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def paper_response(request, paper) -> HttpResponse:
    if paper.file:
        return FileResponse(
            paper.file.open("rb"), as_attachment=True, filename=paper.file.name.rsplit("/", 1)[-1]
        )
    return HttpResponse(
        render_to_string("governance/paper.html", {"paper": paper}, request=request)
    )
