"""Who may change what in a system's finances.

Open book: every partner sees every plan, but a partner's own figures (its plan, its monthly
returns, its side of a transfer) are changed only by that partner's own finance team. System-wide
changes (proposing transfers, the incentive share, scenarios) need finance rights in the system.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from engineroom.accounts.permissions import Permission
from engineroom.accounts.rules import has_permission
from engineroom.finance.models import ImportBatch, Transfer
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
    if transfer.status != Transfer.Status.PROPOSED:
        return None
    sides = sides_for(user, transfer)
    return getattr(transfer, sides[0]) if sides else None


def is_pending(batch: ImportBatch) -> bool:
    """A checked file can still be imported or discarded."""
    return batch.status == ImportBatch.Status.PENDING
