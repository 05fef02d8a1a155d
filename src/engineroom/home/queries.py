"""What each home panel shows, read through the owning app's own ``queries`` (never its models).

Each panel function takes the system (and the user where the answer depends on who asks) and
returns a small record for ``templates/home/_<panel>.html``; ``None`` when there is nothing to
show yet (no plans, no published results), which the page says in words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from engineroom.accounts.permissions import Permission
from engineroom.accounts.rules import has_permission, memberships
from engineroom.feeds import queries as feeds
from engineroom.finance import position as finance_position
from engineroom.finance import queries as finance
from engineroom.governance import queries as governance
from engineroom.home import rules
from engineroom.oversight import presenters as oversight_presenters
from engineroom.oversight import queries as oversight
from engineroom.population_health import presenters as population_presenters
from engineroom.population_health import queries as population
from engineroom.programmes import queries as programmes
from engineroom.system.models import System
from engineroom.web import periods


def starts_in_region(user) -> bool:
    """Whether the user's only roles start the day on a region page (the regulator's)."""
    roles = {m.role for m in memberships(user)}
    return rules.start_elsewhere(roles) in rules.TAKES_REGION


def roles_in(user, system: System) -> set[str]:
    """The roles the user holds in this system (through the system, an organisation or region)."""
    return {
        m.role
        for m in memberships(user)
        if (m.system_id == system.pk) or (m.region_id and m.region_id == system.region_id)
    }


@dataclass
class FinancePanel:
    year: int
    position: finance_position.SystemPosition

    @property
    def as_at(self) -> str:
        """The month of the latest returns, e.g. "June 2025"; blank before any return."""
        month = self.position.month
        return periods.month_label(self.year, month) if month else ""


def finance_panel(system: System, user) -> FinancePanel | None:
    years = finance.years_with_plans(system)
    if not years:
        return None
    year = years[-1]
    return FinancePanel(year, finance_position.position(system, year))


@dataclass
class ProgrammesPanel:
    by_rag: dict[str, int]
    unreported: int
    red: list = field(default_factory=list)  # portfolio rows rated red, for the page to name


def programmes_panel(system: System, user) -> ProgrammesPanel:
    rows = programmes.portfolio(system)
    rags = Counter(r.latest.overall_rag for r in rows if r.latest)
    red = [r for r in rows if r.latest and r.latest.overall_rag == "red"]
    return ProgrammesPanel(
        {rag: rags.get(rag, 0) for rag in ("red", "amber", "green")},
        sum(1 for r in rows if r.latest is None),
        red,
    )


@dataclass
class Waiting:
    decision: object
    blockers: list


def ratifications_panel(system: System, user) -> list[Waiting]:
    """Decisions agreed by a system body and waiting on partners' sovereign boards."""
    see_part2 = has_permission(user, Permission.GOVERNANCE_EDIT, system=system)
    waiting = governance.awaiting_ratification(system, confidential=see_part2)
    found = [Waiting(d, governance.blockers(d)) for d in waiting]
    return [w for w in found if w.blockers]


def meetings_needing_papers_panel(system: System, user) -> list:
    """Scheduled meetings in the forward plan window with current items that have no paper."""
    return governance.meetings_needing_papers(system, within_days=rules.PAPERS_WINDOW_DAYS)


def minutes_overdue_panel(system: System, user) -> list:
    """Meetings held more than two weeks ago whose minutes are not yet approved."""
    return governance.minutes_overdue(system, after_days=rules.MINUTES_DUE_DAYS)


def returns_missing_panel(system: System, user) -> list:
    """Current members of the system's bodies without this year's declaration of interests."""
    return governance.returns_due(system)


def rounds_panel(system: System, user) -> list:
    years = finance.years_with_plans(system)
    return list(finance.rounds(system, years[-1])) if years else []


@dataclass
class LateFeeds:
    shown: list  # the longest-missing first, at most ``rules.LATE_FEEDS_SHOWN``
    total: int


def late_feeds_panel(system: System, user) -> LateFeeds:
    late = sorted(feeds.late_feeds(system), key=lambda e: (-e.months_missing, e.partner))
    return LateFeeds(late[: rules.LATE_FEEDS_SHOWN], len(late))


def quarantine_panel(system: System, user) -> int:
    return feeds.quarantine_to_work(system)


@dataclass
class PopulationPanel:
    area: dict
    sample_note: str


def population_panel(system: System, user) -> PopulationPanel | None:
    area = population.area(system)
    return PopulationPanel(area, population_presenters.sample_note(area, system)) if area else None


@dataclass
class OversightPanel:
    segment: object
    fired: list[dict]
    concerns: list[dict]  # measures whose latest month is special cause concern
    measures: int


def oversight_panel(system: System, user) -> OversightPanel:
    rows = oversight_presenters.summary_table(oversight.summary_rows(system), "variation")
    segments = oversight.segments(system)
    return OversightPanel(
        segment=segments[0] if segments else None,
        fired=oversight_presenters.fired(oversight.firings_now(system)),
        concerns=[r for r in rows if r["variation"].startswith("concern")],
        measures=sum(not r["cumulative"] for r in rows),  # those charted as SPC
    )


PANEL_QUERIES = {
    "finance": finance_panel,
    "programmes": programmes_panel,
    "reports_due": lambda system, user: programmes.reports_due(system),
    "ratifications": ratifications_panel,
    "meetings_needing_papers": meetings_needing_papers_panel,
    "minutes_overdue": minutes_overdue_panel,
    "returns_missing": returns_missing_panel,
    "rounds": rounds_panel,
    "late_feeds": late_feeds_panel,
    "quarantine": quarantine_panel,
    "population": population_panel,
    "oversight": oversight_panel,
}


def panels(system: System, user) -> dict[str, object]:
    """Every panel the user's roles in this system call for and their permissions allow."""
    wanted = rules.panels_for(roles_in(user, system))
    return {
        name: PANEL_QUERIES[name](system, user)
        for name in wanted
        if has_permission(user, rules.PANELS[name], system=system)
    }
