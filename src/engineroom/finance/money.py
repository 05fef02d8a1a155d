"""Money is integer pence: splitting totals so they reconcile (pounds typed by people are parsed
by ``web.forms.parse_money``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def pence_to_pounds(pence: int) -> Decimal:
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


def apportion(total: int, weights: list[int | Decimal]) -> list[int]:
    """Split ``total`` pence in proportion to ``weights``; the parts always sum to ``total``.

    Largest-remainder method: each part is rounded down, then the pennies left over go to the
    parts with the largest remainders (ties to the earlier part).
    """
    if not weights:
        return []
    whole = sum(Decimal(w) for w in weights)
    if whole == 0:
        parts = [0] * len(weights)
        parts[0] = total
        return parts
    sign = -1 if total < 0 else 1
    exact = [Decimal(abs(total)) * Decimal(w) / whole for w in weights]
    parts = [int(e) for e in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: abs(total) - sum(parts)]:
        parts[i] += 1
    return [sign * p for p in parts]


def share_of(total: int, share: Decimal) -> int:
    """``share`` (0..1) of ``total`` pence, rounded half up to the penny."""
    return int((Decimal(total) * share).quantize(Decimal(1), rounding=ROUND_HALF_UP))
