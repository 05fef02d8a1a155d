"""The funding mix of the engine room (S11) and the funding and contract cliff at 3/6/12 months."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from engineroom.system.models import System
from engineroom.web.periods import add_months
from engineroom.workforce.models import Appointment, AppointmentKind, FundingLine, FundingSource
from engineroom.workforce.services import posts_with_current

HORIZONS = (3, 6, 12)


def percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class MixRow:
    source: str
    label: str
    amount_pence: int
    share: Decimal
    posts: int
    wte: Decimal


def funding_mix(system: System, on: dt.date | None = None) -> list[MixRow]:
    """Current annual funding by source, with its share, posts and WTE (by each post's main source)."""
    amounts = {s: 0 for s in FundingSource.values}
    posts = {s: 0 for s in FundingSource.values}
    wte = {s: Decimal(0) for s in FundingSource.values}
    for post, _, lines in posts_with_current(system, on):
        for line in lines:
            amounts[line.source] += line.annual_amount_pence
        if lines:
            main = max(lines, key=lambda f: f.annual_amount_pence).source
            posts[main] += 1
            wte[main] += post.wte
    total = sum(amounts.values())
    labels = dict(FundingSource.choices)
    return [
        MixRow(s, labels[s], amounts[s], percent(amounts[s], total), posts[s], wte[s])
        for s in FundingSource.values
    ]


@dataclass
class CliffItem:
    post: object
    appointment: Appointment | None
    funding_ends: list[FundingLine]
    contract_ends: dt.date | None

    @property
    def date(self) -> dt.date:
        dates = [f.end_date for f in self.funding_ends]
        if self.contract_ends:
            dates.append(self.contract_ends)
        return min(dates)

    @property
    def cost_at_risk_pence(self) -> int:
        ending = sum(f.annual_amount_pence for f in self.funding_ends)
        return max(ending, self.post.annual_cost_pence if self.contract_ends else 0)

    @property
    def reasons(self) -> list[str]:
        out = [f"{f.get_source_display()} ends {f.end_date:%-d %B %Y}" for f in self.funding_ends]
        if self.contract_ends:
            kind = self.appointment.get_kind_display().lower()
            out.append(f"{kind} contract ends {self.contract_ends:%-d %B %Y}")
        return out


@dataclass
class Cliff:
    months: int
    until: dt.date
    items: list[CliffItem] = field(default_factory=list)

    @property
    def people(self) -> int:
        return len({i.appointment.person_id for i in self.items if i.appointment})

    @property
    def posts(self) -> int:
        return len(self.items)

    @property
    def cost_at_risk_pence(self) -> int:
        return sum(i.cost_at_risk_pence for i in self.items)


def months_after(day: dt.date, months: int) -> dt.date:
    first = add_months(day.replace(day=1), months)
    return first.replace(day=min(day.day, calendar.monthrange(first.year, first.month)[1]))


def _continued(line: FundingLine, lines: list[FundingLine]) -> bool:
    """A line is continued if another of the post's lines starts by the day after it ends."""
    day_after = line.end_date + dt.timedelta(days=1)
    return any(
        o.pk != line.pk
        and o.start_date <= day_after
        and (o.end_date is None or o.end_date > line.end_date)
        for o in lines
    )


def cliff(system: System, months: int, on: dt.date | None = None) -> Cliff:
    """Posts that lose funding or whose fixed-term, secondment, gifted or aligned contract ends
    between today and ``months`` months from today, with people and annual cost at risk."""
    on = on or dt.date.today()
    until = months_after(on, months)
    result = Cliff(months, until)
    for post, current, _ in posts_with_current(system, on):
        every_line = list(post.funding_lines.all())
        ending = [
            f
            for f in every_line
            if f.end_date and on <= f.end_date <= until and not _continued(f, every_line)
        ]
        contract = None
        if (
            current
            and current.kind != AppointmentKind.PERMANENT
            and current.end_date
            and current.end_date <= until
        ):
            contract = current.end_date
        if ending or contract:
            result.items.append(CliffItem(post, current, ending, contract))
    result.items.sort(key=lambda i: (i.date, i.post.title))
    return result


def cliffs(system: System, on: dt.date | None = None) -> list[Cliff]:
    return [cliff(system, m, on) for m in HORIZONS]
