"""Reading the engine room, always within one system: posts with their holders and funding,
vacancies and skills gaps, the funding mix and cliff (S11), pooled budgets reconciled (S12) and
their funding sources (S17)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from engineroom.system.models import Organisation, System
from engineroom.web import formatting
from engineroom.workforce import rules
from engineroom.workforce.models import (
    Appointment,
    AppointmentKind,
    BudgetPartner,
    ContributionKind,
    FunderCategory,
    FundingLine,
    FundingSource,
    PooledBudget,
    Post,
    Skill,
)

# --- Posts, people and skills --------------------------------------------------------------


def posts_in(system: System) -> QuerySet[Post]:
    return Post.objects.filter(system=system).select_related("host_employer", "programme")


def post(system: System, ref: str) -> Post:
    return get_object_or_404(posts_in(system), ref=ref)


def ref_taken(system: System, ref: str) -> bool:
    return posts_in(system).filter(ref=ref).exists()


def appointments_of(post: Post) -> QuerySet[Appointment]:
    return post.appointments.select_related("person", "from_organisation")


def funding_lines_of(post: Post) -> QuerySet[FundingLine]:
    return post.funding_lines.select_related("funder")


def organisations_of(system: System) -> QuerySet[Organisation]:
    """Organisations with a footprint in the system: employers, funders, secondees' homes."""
    return Organisation.objects.filter(footprints__system=system).distinct().order_by("name")


def skills_in(system: System) -> QuerySet[Skill]:
    return Skill.objects.filter(system=system)


def secondments_in(system: System) -> QuerySet[Appointment]:
    return Appointment.objects.filter(
        post__system=system, kind=AppointmentKind.SECONDMENT
    ).select_related("person", "post")


def current_appointment(post: Post, on: dt.date) -> Appointment | None:
    return next((a for a in post.appointments.all() if a.is_current(on)), None)


def posts_with_current(system: System, on: dt.date | None = None):
    """(post, current appointment or None, current funding lines) for every post, prefetched."""
    on = on or dt.date.today()
    posts = posts_in(system).prefetch_related(
        "appointments__person",
        "appointments__skills_held",
        "funding_lines__funder",
        "skills_needed",
    )
    return [
        (
            post,
            current_appointment(post, on),
            [f for f in post.funding_lines.all() if rules.is_current(f, on)],
        )
        for post in posts
    ]


def vacancies(system: System, on: dt.date | None = None) -> list[Post]:
    return [post for post, current, _ in posts_with_current(system, on) if current is None]


@dataclass
class SkillGap:
    skill: Skill
    needed: int  # posts needing it
    held: int  # of those, filled by someone who holds it
    posts_without: list[Post]

    @property
    def gap(self) -> int:
        return self.needed - self.held


def skills_gaps(system: System, on: dt.date | None = None) -> list[SkillGap]:
    """For each skill posts need: how many posts' current holders lack it (vacancies included)."""
    needed = defaultdict(list)
    held = defaultdict(int)
    skills = {}
    for post, current, _ in posts_with_current(system, on):
        have = {s.pk for s in current.skills_held.all()} if current else set()
        for skill in post.skills_needed.all():
            skills[skill.pk] = skill
            if skill.pk in have:
                held[skill.pk] += 1
            else:
                needed[skill.pk].append(post)
    gaps = [
        SkillGap(skill, held[pk] + len(needed[pk]), held[pk], needed[pk])
        for pk, skill in skills.items()
    ]
    return sorted(gaps, key=lambda g: (-g.gap, g.skill.name))


# --- The funding mix and the cliff ---------------------------------------------------------


@dataclass
class MixRow:
    source: str
    label: str
    amount_pence: int
    share: Decimal  # percentage, one decimal place
    posts: int
    wte: Decimal

    @property
    def share_of_one(self) -> Decimal:
        return self.share / 100


def funding_mix(system: System, on: dt.date | None = None) -> list[MixRow]:
    """Current annual funding by source, with its share, posts and WTE (by each post's main source)."""
    amounts = dict.fromkeys(FundingSource.values, 0)
    posts = dict.fromkeys(FundingSource.values, 0)
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
        MixRow(s, labels[s], amounts[s], rules.share_percent(amounts[s], total), posts[s], wte[s])
        for s in FundingSource.values
    ]


@dataclass
class CliffItem:
    post: Post
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
        out = [
            f"{f.get_source_display()} ends {formatting.date(f.end_date)}"
            for f in self.funding_ends
        ]
        if self.contract_ends:
            kind = self.appointment.get_kind_display().lower()
            out.append(f"{kind} contract ends {formatting.date(self.contract_ends)}")
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


def _contract_end(current: Appointment | None, until: dt.date) -> dt.date | None:
    """When a current non-permanent contract ends, if it ends by ``until``."""
    if (
        current
        and current.kind != AppointmentKind.PERMANENT
        and current.end_date
        and current.end_date <= until
    ):
        return current.end_date
    return None


def cliff(system: System, months: int, on: dt.date | None = None) -> Cliff:
    """Posts that lose funding or whose fixed-term, secondment, gifted or aligned contract ends
    between today and ``months`` months from today, with people and annual cost at risk."""
    on = on or dt.date.today()
    result = Cliff(months, rules.months_after(on, months))
    for post, current, _ in posts_with_current(system, on):
        every_line = list(post.funding_lines.all())
        ending = [
            f
            for f in every_line
            if f.end_date
            and on <= f.end_date <= result.until
            and not rules.continued(f, every_line)
        ]
        contract = _contract_end(current, result.until)
        if ending or contract:
            result.items.append(CliffItem(post, current, ending, contract))
    result.items.sort(key=lambda i: (i.date, i.post.title))
    return result


def cliffs(system: System, on: dt.date | None = None) -> list[Cliff]:
    return [cliff(system, m, on) for m in rules.HORIZONS]


# --- Pooled budgets ------------------------------------------------------------------------


def budgets_in(system: System) -> QuerySet[PooledBudget]:
    return PooledBudget.objects.filter(system=system)


def budget(system: System, code: str) -> PooledBudget:
    return get_object_or_404(budgets_in(system), code=code)


def partners_of(budget: PooledBudget) -> QuerySet[BudgetPartner]:
    return budget.partners.all()


@dataclass
class PartnerLine:
    partner: BudgetPartner
    expected_pence: int
    cash_pence: int
    in_kind_pence: int

    @property
    def total_pence(self) -> int:
        return self.cash_pence + self.in_kind_pence

    @property
    def difference_pence(self) -> int:
        """Positive: paid more than its share; negative: still owes."""
        return self.total_pence - self.expected_pence


@dataclass
class Reconciliation:
    budget: PooledBudget
    lines: list[PartnerLine]

    @property
    def cash_pence(self) -> int:
        return sum(line.cash_pence for line in self.lines)

    @property
    def in_kind_pence(self) -> int:
        return sum(line.in_kind_pence for line in self.lines)

    @property
    def total_pence(self) -> int:
        return self.cash_pence + self.in_kind_pence

    @property
    def expected_pence(self) -> int:
        return sum(line.expected_pence for line in self.lines)

    @property
    def headroom_pence(self) -> int:
        """Cap minus contributions: negative when contributions exceed the cap."""
        return self.budget.cap_pence - self.total_pence

    @property
    def reconciles(self) -> bool:
        cap = self.budget.cap_pence
        return self.total_pence == cap and self.expected_pence == cap


def reconcile(budget: PooledBudget) -> Reconciliation:
    """Each partner's expected share against what it has put in, in cash and in kind."""
    partners = list(
        budget.partners.select_related("organisation").prefetch_related(
            "contributions__appointment__person"
        )
    )
    lines = []
    for partner, expected in zip(partners, rules.expected_shares(budget, partners), strict=True):
        given = partner.contributions.all()
        cash = sum(c.amount_pence for c in given if c.kind == ContributionKind.CASH)
        kind = sum(c.amount_pence for c in given if c.kind == ContributionKind.IN_KIND)
        lines.append(PartnerLine(partner, expected, cash, kind))
    return Reconciliation(budget, lines)


def reconciliations(system: System) -> list[Reconciliation]:
    return [reconcile(b) for b in budgets_in(system)]


@dataclass
class SourceRow:
    category: str
    label: str
    cash_pence: int
    in_kind_pence: int
    share: Decimal  # percentage, one decimal place

    @property
    def total_pence(self) -> int:
        return self.cash_pence + self.in_kind_pence

    @property
    def share_of_one(self) -> Decimal:
        return self.share / 100


def sources(reconciliation: Reconciliation) -> list[SourceRow]:
    """Contributions by kind of funder (commissioners, central, providers, councils, other)."""
    cash = dict.fromkeys(FunderCategory.values, 0)
    kind = dict.fromkeys(FunderCategory.values, 0)
    for line in reconciliation.lines:
        cash[line.partner.category] += line.cash_pence
        kind[line.partner.category] += line.in_kind_pence
    total = reconciliation.total_pence
    labels = dict(FunderCategory.choices)
    return [
        SourceRow(c, labels[c], cash[c], kind[c], rules.share_percent(cash[c] + kind[c], total))
        for c in FunderCategory.values
        if cash[c] or kind[c]
    ]
