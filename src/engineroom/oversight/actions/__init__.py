"""Writes of the oversight app (one module per use case, each atomic and audited)."""

from engineroom.oversight.actions.statistics import (
    import_statistics,
    record_computed,
    record_finance_positions,
    record_lake_measures,
)
from engineroom.oversight.actions.triggers import save_trigger

__all__ = [
    "import_statistics",
    "record_computed",
    "record_finance_positions",
    "record_lake_measures",
    "save_trigger",
]
