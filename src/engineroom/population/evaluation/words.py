"""Estimates in words, the one way the engine, the pages and the quarterly return say them."""

from __future__ import annotations


def change(label: str, rr: float, low: float, high: float) -> str:
    """``emergency admissions 23% lower, rate ratio 0.77 (95% CI 0.65 to 0.91)``, or ``no
    evidence of a difference in length of stay, rate ratio 1.00 (95% CI 0.80 to 1.25)`` when
    the interval includes 1."""
    ratio = f"rate ratio {rr:.2f} (95% CI {low:.2f} to {high:.2f})"
    if low > 1 or high < 1:
        return f"{label} {abs(1 - rr):.0%} {'lower' if rr < 1 else 'higher'}, {ratio}"
    return f"no evidence of a difference in {label}, {ratio}"


def sentence(text: str) -> str:
    """``text`` as a sentence: capital first letter, full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
