"""Rules of the feeds app: when a partner's feed is due, and which feeds are late or missing.

**The feed calendar.** Every partner feed kind in ``MONTHLY`` is expected once a month, from the
month of the first extract a partner sent of it (its history says it sends that feed), by the
``DUE_WORKING_DAY``-th working day of the following month (Monday to Friday; England's bank
holidays in ``BANK_HOLIDAYS``). An extract counts for the month it was taken in, or for the month
before when it was taken on or before that month's due date (an extract of 3 November is
October's). Received after its due date: *late*; not received by it: *missing*. Public
reference data (deprivation lookups) is published irregularly and expected at no fixed time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

DUE_WORKING_DAY = 10  # the SUS and most national returns' convention: 10th working day
MONTHLY = frozenset(
    {
        *("gp_patients", "gp_events", "gp_medications"),
        *("sus_apc", "ecds", "sus_op", "csds", "fhir", "mhsds"),
        *("asc_cld", "asc_carehome", "ndop"),
    }
)
KIND_NAMES = {
    "gp_patients": "GP registered list",
    "gp_events": "GP coded events",
    "gp_medications": "GP medicines",
    "sus_apc": "SUS admitted patient care",
    "ecds": "ECDS",
    "sus_op": "SUS outpatients",
    "csds": "CSDS",
    "fhir": "FHIR bulk export",
    "mhsds": "MHSDS",
    "asc_cld": "Adult social care client level data",
    "asc_carehome": "Care home placements",
    "ndop": "National data opt-out list",
    "lsoa_imd": "Deprivation by area",
}
# England and Wales bank holidays (GOV.UK), 2024 to 2027.
BANK_HOLIDAYS = frozenset(
    dt.date.fromisoformat(d)
    for d in (
        *("2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26"),
        *("2024-12-25", "2024-12-26", "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05"),
        *("2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26", "2026-01-01", "2026-04-03"),
        *("2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"),
        *("2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30"),
        *("2027-12-27", "2027-12-28"),
    )
)

RECEIVED, LATE, MISSING, NOT_DUE = "received", "late", "missing", "not yet due"


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def working_day(month: dt.date, n: int) -> dt.date:
    """The ``n``-th working day of ``month``."""
    day, count = month_start(month), 0
    while True:
        if day.weekday() < 5 and day not in BANK_HOLIDAYS:
            count += 1
            if count == n:
                return day
        day += dt.timedelta(days=1)


def due_date(month: dt.date, n: int = DUE_WORKING_DAY) -> dt.date:
    """When the feed for ``month`` is due: the ``n``-th working day of the month after."""
    return working_day(next_month(month_start(month)), n)


def feed_month(extract: dt.date, n: int = DUE_WORKING_DAY) -> dt.date:
    """The month an extract is for (see the module's rule)."""
    this = month_start(extract)
    before = month_start(this - dt.timedelta(days=1))
    return before if extract <= due_date(before, n) else this


@dataclass(frozen=True)
class Expected:
    """One feed a partner owes for one month, and what became of it."""

    source: str
    partner: str
    kind: str
    month: dt.date
    due: dt.date
    received: dt.date | None
    status: str
    months_missing: int = 0  # on a late feed: how many of the stream's months are missing

    def __str__(self) -> str:
        return self.message

    @property
    def feed(self) -> str:
        return kind_name(self.kind)

    @property
    def message(self) -> str:
        """ "Vale Hospitals NHS FT: ECDS for October 2026 not received; due 10 November"."""
        head = f"{self.partner}: {self.feed} for {self.month:%B %Y}"
        due = (
            f"{self.due.day} {self.due:%B}"  # always the month after: the year goes without saying
        )
        if self.status == LATE and self.received:
            return f"{head} received {self.received.day} {self.received:%B} (late); due {due}"
        if self.status == MISSING:
            return f"{head} not received; due {due}"
        return f"{head} {self.status}; due {due}"


def expected_feeds(
    history: list[tuple[str, str, str, dt.date, dt.date]],
    today: dt.date,
    n: int = DUE_WORKING_DAY,
) -> list[Expected]:
    """Every feed expected of every partner stream, month by month, from its first extract to
    the month whose feed is due next. ``history`` holds (source, partner name, kind, extract
    date, date received) per file received."""
    streams: dict[tuple[str, str], dict] = {}
    for source, partner, kind, extract, received in history:
        if kind not in MONTHLY:
            continue
        stream = streams.setdefault((source, kind), {"partner": partner, "months": {}})
        month = feed_month(extract, n)
        got = stream["months"].get(month)
        stream["months"][month] = min(got, received) if got else received
    out = []
    for (source, kind), stream in sorted(streams.items(), key=lambda s: (s[1]["partner"], s[0])):
        month = min(stream["months"])
        while due_date(month, n) <= today or month in stream["months"]:
            received = stream["months"].get(month)
            out.append(
                Expected(
                    source,
                    stream["partner"],
                    kind,
                    month,
                    due_date(month, n),
                    received,
                    _status(received, due_date(month, n), today),
                )
            )
            month = next_month(month)
    return out


def _status(received: dt.date | None, due: dt.date, today: dt.date) -> str:
    if received is None:
        return MISSING if today > due else NOT_DUE
    return LATE if received > due else RECEIVED


def outstanding(expected: list[Expected]) -> list[Expected]:
    """Per partner stream, its latest missing feed, with how many of its months are missing."""
    latest: dict[tuple[str, str], Expected] = {}
    counts: dict[tuple[str, str], int] = {}
    for e in expected:
        if e.status == MISSING:
            key = (e.source, e.kind)
            counts[key] = counts.get(key, 0) + 1
            if key not in latest or e.month > latest[key].month:
                latest[key] = e
    return [replace(e, months_missing=counts[key]) for key, e in latest.items()]
