"""Governance downloads, each a ``web.downloads.Download``: the meetings calendar (iCal), the
action log and register of interests (XLSX), the board pack and the minutes (PDF) and uploaded
papers. Packs and minutes come in a public and a confidential variant: only the confidential one
holds Part 2 items and the Part 2 minutes, and it is never cached (``no-store``)."""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.template.loader import render_to_string
from django.utils import timezone

from engineroom.governance import packs, presenters, rules
from engineroom.governance.models import Meeting, MeetingStatus, Paper
from engineroom.web import downloads
from engineroom.web.downloads import Column

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _ical_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ical_time(value: dt.datetime) -> str:
    return f"{value.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def _vevent(m: Meeting, stamp: str) -> list[str]:
    """One meeting as an event. SEQUENCE is the meeting's revision (one more at each reschedule
    and at cancellation) and LAST-MODIFIED when that last changed, so subscribed calendars
    replace the event they hold; a cancelled meeting is STATUS:CANCELLED."""
    start = m.starts_at
    cancelled = m.status == MeetingStatus.CANCELLED
    return [
        "BEGIN:VEVENT",
        f"UID:meeting-{m.pk}@engineroom",
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{m.revision}",
        f"LAST-MODIFIED:{_ical_time(m.changed_at)}",
        f"DTSTART:{_ical_time(start)}",
        f"DTEND:{_ical_time(start + dt.timedelta(hours=2))}",
        f"SUMMARY:{_ical_text(m.body.name)}",
        f"LOCATION:{_ical_text(m.location)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
    ]


def _fold(line: str) -> list[str]:
    """RFC 5545 folding: at most 75 octets a line, continuations start with a space."""
    folded = []
    while len(line.encode()) > 75:
        folded.append(line[:74])
        line = " " + line[74:]
    return [*folded, line]


def ical(meetings) -> str:
    """An RFC 5545 calendar of meetings (two hours each), lines folded at 75 octets."""
    stamp = _ical_time(timezone.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Engine Room//Governance//EN"]
    for m in meetings:
        lines += _vevent(m, stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"


def calendar(meetings, filename: str) -> downloads.Download:
    return downloads.Download(filename, ical(meetings), CALENDAR_TYPE)


def action_log(actions, system) -> downloads.Download:
    columns = [
        Column("Body"),
        Column("Meeting", "date"),
        Column("Action"),
        Column("Owner"),
        Column("Due", "date"),
        Column("Status"),
        Column("Completed", "date"),
    ]
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
    sheet = downloads.Sheet("Action log", columns, rows)
    return downloads.xlsx(f"{system.code}-action-log.xlsx", [sheet])


def interests_register(register, system, *, withheld: bool) -> downloads.Download:
    """The register; with ``withheld`` entries kept from the public, it is never cached."""
    columns = [
        Column("Name"),
        Column("Type"),
        Column("Organisation or source"),
        Column("Description"),
        Column("Value", "money"),
        Column("Arose", "date"),
        Column("Ended", "date"),
        Column("Declared", "date"),
        Column("Declared late"),
        Column("Publication"),
    ]
    rows = (
        [
            i.person.name,
            i.get_kind_display(),
            i.counterparty,
            i.description,
            i.value_pence,
            i.start_date,
            i.end_date,
            i.declared_on,
            "Yes" if rules.is_late(i.start_date, i.declared_on) else "No",
            "Published" if i.publish else f"Withheld: {i.withheld_reason}",
        ]
        for i in register
    )
    sheet = downloads.Sheet("Register of interests", columns, rows)
    return downloads.xlsx(f"{system.code}-interests.xlsx", [sheet], identifiable=withheld)


def returns_due(people, system, year: str) -> downloads.Download:
    """Members still to make this year's return (``queries.returns_due``): one row per seat."""
    columns = ["Name", "Reference", "Body", "Role", "Organisation"]
    rows = (
        [p.name, p.ref, s.body.name, s.get_role_display(), getattr(s.organisation, "name", "")]
        for p in people
        for s in p.seats
    )
    sheet = downloads.Sheet(f"Returns due {year}".replace("/", "-"), columns, rows)
    return downloads.xlsx(f"{system.code}-returns-due.xlsx", [sheet])


def board_pack(meeting: Meeting, *, confidential: bool, base_url: str) -> downloads.Download:
    """The board pack: agenda, contents, every paper merged in agenda order (``packs``)."""
    return packs.board_pack(meeting, confidential=confidential, base_url=base_url)


def public_board_pack(meeting: Meeting, *, base_url: str) -> downloads.Download:
    """The public pack, from the cache while nothing in it has changed (``packs``)."""
    return packs.public_board_pack(meeting, base_url=base_url)


def minutes(meeting: Meeting, *, confidential: bool, base_url: str) -> downloads.Download:
    """The minutes as a PDF: Part 1, then (only if ``confidential``) the Part 2 minutes on
    pages of their own."""
    record = presenters.minutes_record(meeting, confidential=confidential)
    html = render_to_string(
        "governance/minutes_pdf.html", {"record": record, "confidential": confidential}
    )
    part = "-with-part-2" if confidential and record.has_part2 else ""
    name = f"{meeting.body.code}-{meeting.starts_at:%Y-%m-%d}-minutes{part}.pdf"
    return downloads.pdf(name, html, base_url=base_url, inline=True, identifiable=confidential)


def paper_file(paper: Paper) -> downloads.Download:
    """An uploaded paper, as it was uploaded."""
    name = paper.file.name.rsplit("/", 1)[-1]
    with paper.file.open("rb") as f:
        content = f.read()
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return downloads.Download(name, content, kind)
