"""The public news feed of a system's governance (Atom, through ``django.contrib.syndication``):
its latest public decisions and its public meetings, newest first. Only what the public pages
show: published bodies, no proposals, nothing confidential, no Part 2 items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from engineroom.governance import queries
from engineroom.governance.models import Decision, Meeting, MeetingStatus
from engineroom.system.models import System
from engineroom.web.formatting import date, date_time

ENTRIES = 40


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    description: str
    when: dt.datetime


def _aware(on: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(on, dt.time(9)))


def decision_entry(system: System, d: Decision) -> Entry:
    link = reverse("governance:public-decision", args=[system.code, d.pk])
    status = d.get_status_display()
    return Entry(
        f"Decision {d.reference}: {d.title} – {status}",
        link,
        f"{d.body.name}. {status} (latest step {date(d.moved_on)}). {d.summary}".strip(),
        _aware(d.moved_on),
    )


def meeting_entry(system: System, m: Meeting) -> Entry:
    link = reverse("governance:public-meeting", args=[system.code, m.pk])
    cancelled = " – cancelled" if m.status == MeetingStatus.CANCELLED else ""
    where = f" at {m.location}" if m.location else ""
    return Entry(
        f"Meeting of the {m.body.name}, {date(m.starts_at)}{cancelled}",
        link,
        f"{m.body.name} meets on {date_time(m.starts_at)}{where}.{cancelled and ' Cancelled.'}",
        m.starts_at,
    )


class PublicFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, system):
        return queries.public_system(system)

    def title(self, system):
        return f"Decisions and meetings of {system.name}"

    def subtitle(self, system):
        return "Public decisions and meetings, from the public governance pages."

    def link(self, system):
        return reverse("governance:public", args=[system.code])

    def items(self, system):
        decisions = [decision_entry(system, d) for d in queries.recent_public_decisions(system)]
        meetings = queries.public_system_meetings(system).order_by("-starts_at")[:ENTRIES]
        entries = decisions + [meeting_entry(system, m) for m in meetings]
        return sorted(entries, key=lambda e: e.when, reverse=True)[:ENTRIES]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_pubdate(self, item):
        return item.when

    def item_updateddate(self, item):
        return item.when
