"""The shared care record's documents, built from the linked lake (no Django).

:func:`build` reads the current linked version and streams one row per person: demographics
from ``person_index`` and ``document``, the person's entries from every setting as JSON
(``{"entries": [...]}``, newest first; each entry's keys in :data:`ENTRY_KEYS`). The web app's
store (``engineroom.record.store``) loads these rows; code lists are data files in ``codes/``.
"""

from engineroom.population.record.builder import PERSON_COLUMNS, Build, NoLinkedVersion, build
from engineroom.population.record.entries import COLUMNS as ENTRY_KEYS

__all__ = ["ENTRY_KEYS", "PERSON_COLUMNS", "Build", "NoLinkedVersion", "build"]
