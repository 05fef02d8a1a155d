"""Rules of the feeds app: when a partner's feed is due, and which feeds are late or missing.

**The feed calendar.** Every partner feed kind in ``MONTHLY`` is expected once a month, from the
month of the first extract a partner sent of it (its history says it sends that feed), by the
``DUE_WORKING_DAY``-th working day of the following month (``web.periods.working_day``: Monday
to Friday, less bank holidays). An extract counts for the month it was taken in, or for the month
before when it was taken on or before that month's due date (an extract of 3 November is
October's). Received after its due date: *late*; not received by it: *missing*. Public
reference data (deprivation lookups) is published irregularly and expected at no fixed time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from engineroom.web import formatting
from engineroom.web.periods import add_months, first_of_month, working_day

PENDING_GRACE = dt.timedelta(minutes=5)  # a decision pending longer was left by a crash
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
RECEIVED, LATE, MISSING, NOT_DUE = "received", "late", "missing", "not yet due"


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def due_date(month: dt.date, n: int = DUE_WORKING_DAY) -> dt.date:
    """When the feed for ``month`` is due: the ``n``-th working day of the month after."""
    return working_day(add_months(month, 1), n)


def feed_month(extract: dt.date, n: int = DUE_WORKING_DAY) -> dt.date:
    """The month an extract is for (see the module's rule)."""
    this = first_of_month(extract)
    before = add_months(this, -1)
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
        head = f"{self.partner}: {self.feed} for {formatting.month(self.month)}"
        due = formatting.day_month(self.due)  # the month after: the year goes without saying
        if self.status == LATE and self.received:
            received = formatting.day_month(self.received)
            return f"{head} received {received} (late); due {due}"
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
    streams = _streams(history, n)
    out = []
    for (source, kind), stream in sorted(streams.items(), key=lambda s: (s[1]["partner"], s[0])):
        out += _stream_months(source, kind, stream, today, n)
    return out


def _streams(history, n: int) -> dict[tuple[str, str], dict]:
    """(source, kind) -> its partner's name and, per feed month, the first date received."""
    streams: dict[tuple[str, str], dict] = {}
    for source, partner, kind, extract, received in history:
        if kind not in MONTHLY:
            continue
        stream = streams.setdefault((source, kind), {"partner": partner, "months": {}})
        month = feed_month(extract, n)
        got = stream["months"].get(month)
        stream["months"][month] = min(got, received) if got else received
    return streams


def _stream_months(source: str, kind: str, stream: dict, today: dt.date, n: int) -> list:
    """One stream's expected feeds, from its first month to the one due next."""
    out = []
    month = min(stream["months"])
    while due_date(month, n) <= today or month in stream["months"]:
        received, due = stream["months"].get(month), due_date(month, n)
        out.append(
            Expected(
                source, stream["partner"], kind, month, due, received, _status(received, due, today)
            )
        )
        month = add_months(month, 1)
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
