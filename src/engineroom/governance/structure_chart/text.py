"""Fitting text into the structure chart's boxes: glyph widths estimated as every chart's are
(``web.charts.text_width``), and a word wrap."""

from __future__ import annotations

from collections.abc import Callable

from engineroom.web.charts import text_width

NAME_SIZE, SMALL_SIZE = 12.5, 12  # font sizes in px: names (bold); type tags and edge labels


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
