"""Transfers to balance the system, solved as a (mixed-integer) linear programme with HiGHS.

Given each partner's control total and forecast outturn (surplus positive, deficit negative, in
pence), propose transfers from partners forecast above their control total to partners forecast
below it so that, lexicographically:

1. as many partners as possible meet their control totals;
2. with as few transfers as possible;
3. moving as little money as possible.

A donor never gives more than its headroom (so it still meets its own control total) nor more
than its limit; a recipient never receives more than its shortfall nor more than its limit;
excluded partners neither give nor receive. Every transfer is from one partner to another, so
the system nets to zero by construction. This module is pure Python: no Django.

See docs/adr/0012-transfers-linear-programme.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

POUND = 100  # the MILP works in pounds; the final allocation is exact in pence


@dataclass(frozen=True)
class Partner:
    key: str
    control_total: int  # pence: planned surplus (+) or deficit (-)
    forecast: int  # pence: forecast outturn, same sign convention
    limit: int | None = None  # most it may give or receive, pence; None = no limit
    excluded: bool = False

    @property
    def gap(self) -> int:
        """Forecast minus control total: headroom if positive, shortfall if negative."""
        return self.forecast - self.control_total

    @property
    def meets(self) -> bool:
        return self.gap >= 0


@dataclass(frozen=True)
class Transfer:
    giver: str
    receiver: str
    amount: int  # pence, > 0


@dataclass
class Proposal:
    partners: dict[str, Partner]
    transfers: list[Transfer]
    unmet: dict[str, str] = field(default_factory=dict)  # key -> why it cannot be brought up

    def given(self, key: str) -> int:
        return sum(t.amount for t in self.transfers if t.giver == key)

    def received(self, key: str) -> int:
        return sum(t.amount for t in self.transfers if t.receiver == key)

    def after(self, key: str) -> int:
        """Forecast outturn of a partner after the proposed transfers."""
        return self.partners[key].forecast + self.received(key) - self.given(key)

    def meets_after(self, key: str) -> bool:
        return self.after(key) >= self.partners[key].control_total

    @property
    def net(self) -> int:
        return sum(self.received(k) - self.given(k) for k in self.partners)


def capacity(partner: Partner) -> int:
    """What a partner in surplus can give without missing its control total or its limit."""
    cap = max(partner.gap, 0)
    return cap if partner.limit is None else min(cap, max(partner.limit, 0))


def propose(partners: list[Partner]) -> Proposal:
    """The proposal for ``partners`` (keys must be unique)."""
    by_key = {p.key: p for p in partners}
    if len(by_key) != len(partners):
        raise ValueError("Each partner may appear only once")
    donors = [p for p in partners if not p.excluded and capacity(p) > 0]
    unmet = _unmet_reasons(partners)
    recipients = [p for p in partners if p.gap < 0 and p.key not in unmet]
    if not donors or not recipients:
        for p in recipients:
            unmet[p.key] = "No partner has headroom above its control total to give."
        return Proposal(by_key, [], unmet)
    arcs, met = _solve_milp(donors, recipients)
    transfers = _exact_pence(donors, recipients, arcs, met)
    proposal = Proposal(by_key, transfers, unmet)
    spare = sum(capacity(d) for d in donors) - sum(t.amount for t in transfers)
    for p in recipients:
        if not proposal.meets_after(p.key):
            unmet[p.key] = (
                f"Its shortfall is more than the headroom left to give ({spare / POUND:,.0f} "
                "pounds) once partners with smaller shortfalls are brought to their totals."
            )
    return proposal


def _unmet_reasons(partners: list[Partner]) -> dict[str, str]:
    reasons = {}
    for p in partners:
        if p.gap >= 0:
            continue
        if p.excluded:
            reasons[p.key] = "Excluded from transfers in this round."
        elif p.limit is not None and p.limit < -p.gap:
            reasons[p.key] = "Its transfer limit is smaller than its shortfall."
    return reasons


def _solve_milp(donors: list[Partner], recipients: list[Partner]):
    """Stage-wise MILP in pounds. Returns the arcs (i, j) used and the recipients met."""
    nd, nr = len(donors), len(recipients)
    cap = np.array([capacity(d) / POUND for d in donors])
    need = np.array([-r.gap / POUND for r in recipients])
    na = nd * nr
    nvar = 2 * na + nr  # x (pounds) per arc, z (arc used) per arc, y (recipient met)
    rows, lower, upper = [], [], []

    def add(row, lo, hi):
        rows.append(row)
        lower.append(lo)
        upper.append(hi)

    for i in range(nd):  # a donor gives no more than its capacity
        row = np.zeros(nvar)
        row[i * nr : (i + 1) * nr] = 1
        add(row, 0, cap[i])
    for j in range(nr):  # a recipient gets no more than its need; met means all of it
        row = np.zeros(nvar)
        row[j:na:nr] = 1
        add(row, 0, need[j])
        met = row.copy()
        met[2 * na + j] = -need[j]
        add(met, 0, np.inf)
    for i in range(nd):  # money flows only along a used arc
        for j in range(nr):
            row = np.zeros(nvar)
            row[i * nr + j] = 1
            row[na + i * nr + j] = -min(cap[i], need[j])
            add(row, -np.inf, 0)
    integrality = np.r_[np.zeros(na), np.ones(na + nr)]
    bounds = Bounds(np.zeros(nvar), np.r_[np.full(na, np.inf), np.ones(na + nr)])
    stages = [
        np.r_[np.zeros(2 * na), -np.ones(nr)],  # most partners met
        np.r_[np.zeros(na), np.ones(na), np.zeros(nr)],  # fewest transfers
        np.r_[np.ones(na), np.zeros(na + nr)],  # least money moved
    ]
    solution = None
    for objective in stages:
        constraints = LinearConstraint(np.array(rows), lower, upper)
        result = milp(
            objective,
            constraints=constraints,
            integrality=integrality,
            bounds=bounds,
            options={"time_limit": 10},
        )
        if result.x is None:
            raise RuntimeError(f"The transfer programme could not be solved: {result.message}")
        solution = result.x
        best = float(objective @ solution)
        add(objective, -np.inf, best + 1e-6 * max(1.0, abs(best)))
    x = solution[:na]
    met = [j for j in range(nr) if solution[2 * na + j] > 0.5]
    arcs = [(i, j) for i in range(nd) for j in range(nr) if x[i * nr + j] > 0.005 and j in met]
    return arcs, met


def _exact_pence(donors, recipients, arcs, met) -> list[Transfer]:
    """Whole-pence amounts on the chosen arcs: recipients met exactly, donors within capacity.

    A transportation problem with integer data has integer vertices, so the HiGHS simplex answer
    rounds exactly; a final integer pass guarantees the limits whatever the floating point did.
    """
    if not arcs:
        return []
    a_eq = np.zeros((len(met), len(arcs)))
    for k, (_, j) in enumerate(arcs):
        a_eq[met.index(j), k] = 1
    b_eq = [-recipients[j].gap for j in met]
    a_ub = np.zeros((len(donors), len(arcs)))
    for k, (i, _) in enumerate(arcs):
        a_ub[i, k] = 1
    b_ub = [capacity(d) for d in donors]
    result = linprog(np.ones(len(arcs)), A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, method="highs")
    amounts = [round(v) for v in result.x] if result.x is not None else [0] * len(arcs)
    amounts = [max(a, 0) for a in amounts]
    _clip(amounts, [i for i, _ in arcs], b_ub)
    _clip(amounts, [j for _, j in arcs], [-r.gap for r in recipients])
    return [
        Transfer(donors[i].key, recipients[j].key, amount)
        for (i, j), amount in zip(arcs, amounts, strict=True)
        if amount > 0
    ]


def _clip(amounts: list[int], owners: list[int], limits: list[int]) -> None:
    """Reduce the largest amounts of any owner whose total exceeds its limit."""
    for owner, limit in enumerate(limits):
        mine = sorted((k for k, o in enumerate(owners) if o == owner), key=lambda k: -amounts[k])
        excess = sum(amounts[k] for k in mine) - limit
        for k in mine:
            if excess <= 0:
                break
            cut = min(excess, amounts[k])
            amounts[k] -= cut
            excess -= cut
