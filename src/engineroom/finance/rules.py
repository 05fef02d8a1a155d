"""Who may change what in a system's finances.

Open book: every partner sees every plan, but a partner's own figures (its plan, its monthly
returns, its side of a transfer) are changed only by that partner's own finance team. System-wide
changes (proposing transfers, closing and settling rounds, scenarios) need finance rights in the
system. The incentive scheme's linked share binds every partner, so it is set at system level
only: by a finance membership held for the whole system (or region), not tied to one partner, or
by the system leader.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from engineroom.accounts.permissions import ROLES, Permission, SystemLeader
from engineroom.accounts.rules import has_permission, memberships
from engineroom.finance.models import ImportBatch, Transfer, TransferRound
from engineroom.system.models import Organisation, System


def is_own_partner(user, organisation: Organisation) -> bool:
    """The user is in ``organisation``'s own finance team (not merely finance in its system)."""
    return has_permission(
        user, Permission.FINANCE_EDIT, organisation=organisation, own_organisation=True
    )


def require_own_partner(user, organisation: Organisation) -> None:
    if not is_own_partner(user, organisation):
        raise PermissionDenied(f"Only {organisation.name}'s own finance team can change this.")


def require_system_finance(user, system: System) -> None:
    if not has_permission(user, Permission.FINANCE_EDIT, system=system):
        raise PermissionDenied("Only a partner's finance team can change this.")


SYSTEM_LEVEL_ONLY = (
    "The linked share applies to every partner, so it is set for the whole system: only the "
    "system's finance lead (finance rights for the whole system, not one partner) or the system "
    "leader can change it. Ask them to make the change."
)


def _covers(membership, system: System) -> bool:
    if membership.system_id:
        return membership.system_id == system.pk
    return membership.region_id == system.region_id


def is_system_level_finance(user, system: System) -> bool:
    """Finance rights for the whole system: a finance membership of the system (or its region)
    not tied to one partner organisation, or the system leader's role in the system."""
    for m in memberships(user):
        if m.organisation_id is not None or not _covers(m, system):
            continue
        if m.role == SystemLeader.key or Permission.FINANCE_EDIT in ROLES[m.role].permissions:
            return True
    return False


def can_close(run: TransferRound) -> bool:
    return run.status == TransferRound.Status.OPEN


def can_settle(run: TransferRound) -> bool:
    return run.status == TransferRound.Status.CLOSED


def is_open(run: TransferRound) -> bool:
    """Partners may still agree or decline the round's transfers."""
    return run.status == TransferRound.Status.OPEN


def sides_for(user, transfer: Transfer) -> list[str]:
    """The side(s) of a transfer (``giver``, ``receiver``) the user's own organisation is on."""
    sides = (("giver", transfer.giver), ("receiver", transfer.receiver))
    return [side for side, organisation in sides if is_own_partner(user, organisation)]


def require_side(user, transfer: Transfer) -> list[str]:
    """The user's side(s) of the transfer; refused when their organisation is on neither."""
    sides = sides_for(user, transfer)
    if not sides:
        raise PermissionDenied("Only the giving or receiving partner's finance team decides.")
    return sides


def deciding_for(user, transfer: Transfer) -> Organisation | None:
    """The partner the user may agree or decline a still-proposed transfer for, if any."""
    if transfer.status != Transfer.Status.PROPOSED or not is_open(transfer.round):
        return None
    sides = sides_for(user, transfer)
    return getattr(transfer, sides[0]) if sides else None


def is_pending(batch: ImportBatch) -> bool:
    """A checked file can still be imported or discarded."""
    return batch.status == ImportBatch.Status.PENDING
