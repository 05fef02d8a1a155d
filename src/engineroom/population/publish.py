"""The one way a versioned output is published: written aside, then made current atomically.

Every versioned output of the engine — the linked lake (``lake/linked``), the population health
results (``phm/results``) and the risk models (``phm/models``) — is a folder of versions with a
``CURRENT`` pointer. :func:`publish` writes a new version into a hidden temporary folder, renames
it into place (atomic on one file system), swaps ``CURRENT`` (atomic), and then removes old
versions, keeping ``keep`` of them besides the new one so readers holding an older version can
finish. A crash at any point leaves ``CURRENT`` naming a complete version; a re-run publishes
again. Leftover temporary folders from a crash are removed by the next publish.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from engineroom.population.lake import atomic_write_text

POINTER = "CURRENT"


def new_version(prefix: str) -> str:
    """A sortable version name: the prefix and the UTC time to the microsecond."""
    return datetime.now(UTC).strftime(f"{prefix}%Y%m%dT%H%M%S%f")


def current(base: str | Path) -> str | None:
    """The version ``base/CURRENT`` names, or None before the first publish."""
    pointer = Path(base) / POINTER
    return pointer.read_text().strip() if pointer.exists() else None


def current_folder(base: str | Path) -> Path | None:
    """The folder of the current version, if there is one and it exists."""
    version = current(base)
    folder = Path(base) / version if version else None
    return folder if folder is not None and folder.is_dir() else None


def publish(
    base: str | Path, prefix: str, write: Callable[[Path, str], None], *, keep: int = 1
) -> str:
    """Call ``write(folder, version)`` to fill a new version, then make it current; returns its name.

    ``keep``: how many earlier versions to keep besides the new one (one by default, for open
    readers; the model store keeps more, for audit of past scores)."""
    base = Path(base)
    base.mkdir(parents=True, exist_ok=True)
    version = new_version(prefix)
    tmp = base / f".{version}.tmp"
    tmp.mkdir()
    write(tmp, version)
    tmp.rename(base / version)
    atomic_write_text(base / POINTER, version)
    _prune(base, prefix, version, keep)
    return version


def _prune(base: Path, prefix: str, version: str, keep: int) -> None:
    """Remove leftover temporary folders and all but the newest ``keep`` earlier versions."""
    for stale in base.glob(f".{prefix}*.tmp"):
        if stale.name != f".{version}.tmp":
            shutil.rmtree(stale, ignore_errors=True)
    earlier = sorted(p for p in base.glob(f"{prefix}*") if p.is_dir() and p.name != version)
    for old in earlier[: max(len(earlier) - keep, 0)]:
        shutil.rmtree(old, ignore_errors=True)
