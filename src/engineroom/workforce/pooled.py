"""Pooled budgets for the engine room: contributions in cash or in kind (seconded staff valued at
cost) against equal or agreed shares and a cap (S12); the mix of funding sources (S17)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from engineroom.system.models import COUNCIL_KINDS, NHS_KINDS, Organisation, OrganisationKind
from engineroom.workforce.funding import percent
from engineroom.workforce.models import (
    BudgetPartner,
    Contribution,
    ContributionKind,
    FunderCategory,
    PooledBudget,
    ShareRule,
)
from engineroom.workforce.services import _save


def category_of(organisation: Organisation | None) -> str:
    if organisation is None:
        return FunderCategory.CENTRAL
    if organisation.kind == OrganisationKind.ICB:
        return FunderCategory.COMMISSIONER
    if organisation.kind in NHS_KINDS:
        return FunderCategory.PROVIDER
    if organisation.kind in COUNCIL_KINDS:
        return FunderCategory.COUNCIL
    return FunderCategory.OTHER


def add_contribution(*, by, partner: BudgetPartner, **fields) -> Contribution:
    appointment = fields.get("appointment")
    if fields.get("kind") == ContributionKind.IN_KIND and appointment is None:
        raise ValidationError({"appointment": "Name the secondment this in-kind value is for."})
    if appointment is not None and appointment.post.system_id != partner.budget.system_id:
        raise ValidationError({"appointment": "Choose a secondment into this system."})
    return _save(
        Contribution(partner=partner),
        fields,
        by=by,
        action="contribution",
        subject=f"pooled_budget:{partner.budget_id}",
    )


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
        return self.total_pence == self.budget.cap_pence and self.expected_pence == (
            self.budget.cap_pence
        )


def expected_shares(budget: PooledBudget, partners: list[BudgetPartner]) -> list[int]:
    """Each partner's share of the cap in pence; equal shares split the odd pence from the top."""
    if not partners:
        return []
    if budget.share_rule == ShareRule.EQUAL:
        each, spare = divmod(budget.cap_pence, len(partners))
        return [each + (1 if i < spare else 0) for i in range(len(partners))]
    return [
        int(
            (Decimal(budget.cap_pence) * (p.agreed_share or 0) / 100).quantize(
                Decimal(1), ROUND_HALF_UP
            )
        )
        for p in partners
    ]


def reconcile(budget: PooledBudget) -> Reconciliation:
    partners = list(
        budget.partners.select_related("organisation").prefetch_related(
            "contributions__appointment__person"
        )
    )
    lines = []
    for partner, expected in zip(partners, expected_shares(budget, partners), strict=True):
        cash = sum(c.amount_pence for c in partner.contributions.all() if c.kind == "cash")
        kind = sum(c.amount_pence for c in partner.contributions.all() if c.kind == "in_kind")
        lines.append(PartnerLine(partner, expected, cash, kind))
    return Reconciliation(budget, lines)


@dataclass
class SourceRow:
    category: str
    label: str
    cash_pence: int
    in_kind_pence: int
    share: Decimal

    @property
    def total_pence(self) -> int:
        return self.cash_pence + self.in_kind_pence


def sources(reconciliation: Reconciliation) -> list[SourceRow]:
    """Contributions by kind of funder (commissioners, central, providers, councils, other)."""
    cash = {c: 0 for c in FunderCategory.values}
    kind = {c: 0 for c in FunderCategory.values}
    for line in reconciliation.lines:
        cash[line.partner.category] += line.cash_pence
        kind[line.partner.category] += line.in_kind_pence
    total = reconciliation.total_pence
    labels = dict(FunderCategory.choices)
    return [
        SourceRow(c, labels[c], cash[c], kind[c], percent(cash[c] + kind[c], total))
        for c in FunderCategory.values
        if cash[c] or kind[c]
    ]
