"""The lake the real pipeline built for ``factories.system.practices_system`` (the session's
``phm_results``), and the data manager's work in it: a quarantined row, an unlinked record.

Shared by the feeds tests (``tests/integration/feeds``) and the form fuzz
(``tests/integration/web/test_form_fuzz.py``): a test that changes the lake (a correction, a
release, a manual link) works on its own copy (:func:`private_copy`), never the session's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from engineroom.feeds import queries
from engineroom.population import manual_links


def private_copy(results: Path, tmp_path: Path) -> Path:
    """A copy of the lake of ``results`` (a var directory) under ``tmp_path``: the var directory
    to set as ``VAR_DIR``."""
    var = tmp_path / "var"
    shutil.copytree(Path(results) / "lake", var / "lake")
    return var


def quarantined_row(system) -> dict:
    """The first quarantined row of ``system``'s feeds (``load_id``, ``row_number``, ...),
    in the lake of ``VAR_DIR``."""
    return queries.issues(system, severity="quarantined").table.slice(0, 1).to_pylist()[0]


def unlinked_record(system) -> dict:
    """The first record of ``system``'s senders that matched nobody (``source``,
    ``record_id``, ...), in the lake of ``VAR_DIR``."""
    queue = manual_links.unlinked_rows(queries.var_dir(), sorted(queries.senders(system)))
    return queries.Rows(queue)[0]
