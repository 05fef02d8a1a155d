"""Reads, always scoped to a system: ``work`` (the analysts' workspace), ``results`` (counts,
agreement, who answered) and ``public`` (published and open consultations only)."""
