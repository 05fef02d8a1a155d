"""Fitting text into the structure chart's boxes: an estimate of glyph widths and a word wrap."""

from __future__ import annotations

from collections.abc import Callable

NAME_SIZE, SMALL_SIZE = 12.5, 12  # font sizes in px: names (bold); type tags and edge labels

_NARROW = frozenset(" ijlI.,:;'|!()[]")
_SEMI = frozenset("frtJ-/")
_WIDE = frozenset("mwMW…")


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An estimate of ``text``'s width in px: Arial's proportions, with room for a wider fallback."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.28
        elif ch in _SEMI:
            em += 0.36
        elif ch in _WIDE:
            em += 0.9
        elif ch.isupper():
            em += 0.7
        else:
            em += 0.56
    return em * size * (1.08 if bold else 1.0) * 1.1


def measure_name(text: str) -> float:
    return text_width(text, NAME_SIZE, bold=True)


def measure_small(text: str) -> float:
    return text_width(text, SMALL_SIZE)


def wrap(text: str, width: float, lines: int, measure: Callable[[str], float] = len) -> list[str]:
    """Greedy word wrap to ``width`` (in ``measure``'s units), at most ``lines`` lines.

    A word too long for a line is broken with a hyphen; text beyond the last line is cut and the
    last line ends in '…'.
    """
    out: list[str] = []
    current = ""
    for word in text.split():
        while measure(word) > width:
            if current:
                out.append(current)
                current = ""
            cut = len(word) - 1
            while cut > 1 and measure(word[:cut] + "-") > width:
                cut -= 1
            out.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        last = out[lines - 1]
        while last and measure(last + "…") > width:
            last = last[:-1]
        out = [*out[: lines - 1], last.rstrip() + "…"]
    return out
