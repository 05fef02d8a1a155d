"""Money is integer pence. Parsing pounds from people and splitting totals so they reconcile."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_POUNDS = re.compile(r"^\(?-?£?-?[\d,]*\.?\d*\)?$")


def parse_pounds(text: str | int | float | Decimal) -> int:
    """``"£1,234.56"`` -> ``123456`` pence. Brackets or a minus sign mean negative.

    Raises ValueError with a message a person can act on.
    """
    if isinstance(text, bool):
        raise ValueError("Enter an amount in pounds, like 1250000 or -3,500.50")
    if isinstance(text, int):
        return text * 100
    if isinstance(text, float):
        text = repr(text)
    raw = str(text).strip().replace(" ", "")
    if not raw or not _POUNDS.match(raw):
        raise ValueError("Enter an amount in pounds, like 1250000 or -3,500.50")
    negative = (raw.startswith("(") and raw.endswith(")")) or "-" in raw
    digits = raw.strip("()").replace("£", "").replace("-", "").replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        raise ValueError("Enter an amount in pounds, like 1250000 or -3,500.50") from None
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("Enter pounds with no more than two decimal places (pence)")
    pence = int(value * 100)
    return -pence if negative else pence


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
