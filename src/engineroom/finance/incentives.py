"""Incentive funding linked to the system control total in a chosen proportion (S15).

Each partner's allocation splits into a part linked to the system total (paid only if the system
hits it) and a part linked to the partner's own control total. For each option of the linked
share the page shows what each partner gets if the system hits or misses: no all-or-nothing
surprise. Parts are apportioned so every column reconciles to the penny.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from engineroom.finance.models import IncentiveScheme
from engineroom.finance.money import apportion, share_of
from engineroom.finance.position import SystemPosition

STANDARD_SHARES = (Decimal("0"), Decimal("0.25"), Decimal("0.5"), Decimal("1"))


@dataclass
class PartnerOutcome:
    organisation: object
    allocation: int
    linked: int  # depends on the system total
    own: int  # depends on the partner's own control total
    meets_own: bool | None

    @property
    def if_system_hits(self) -> int:
        return self.linked + (self.own if self.meets_own is not False else 0)

    @property
    def if_system_misses(self) -> int:
        return self.own if self.meets_own is not False else 0

    @property
    def at_stake(self) -> int:
        return self.if_system_hits - self.if_system_misses


@dataclass
class Option:
    share: Decimal
    chosen: bool
    partners: list[PartnerOutcome]

    def total(self, attribute: str) -> int:
        return sum(getattr(p, attribute) for p in self.partners)


def options(scheme: IncentiveScheme, current: SystemPosition) -> list[Option]:
    """The scheme's own share and the standard alternatives, side by side."""
    meets = {p.organisation.pk: p.meets for p in current.partners}
    allocations = list(scheme.allocations.select_related("organisation"))
    shares = sorted({*STANDARD_SHARES, scheme.linked_share})
    result = []
    for share in shares:
        total = sum(a.amount_pence for a in allocations)
        linked = apportion(share_of(total, share), [a.amount_pence for a in allocations])
        partners = [
            PartnerOutcome(
                a.organisation,
                a.amount_pence,
                part,
                a.amount_pence - part,
                meets.get(a.organisation_id),
            )
            for a, part in zip(allocations, linked, strict=True)
        ]
        result.append(Option(share, share == scheme.linked_share, partners))
    return result
