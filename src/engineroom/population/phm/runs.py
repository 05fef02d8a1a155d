"""What every PHM run shares: the profile of a date, the oracle's place and a scratch folder.

The scratch folder (:func:`workdir`) holds a run's intermediate Parquet beside the results (on the
lake's file system, so Spark executors can reach it) and is removed when the run ends.
"""

from __future__ import annotations

import fcntl
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from engineroom.population.phm import segments
from engineroom.population.phm.features import person_features
from engineroom.population.phm.frailty import add_efi

Progress = Callable[[str, int, int], None]


def profile(lake, as_of: date):
    """Features, eFI and segment for everyone alive and registered on ``as_of`` (an Ibis table)."""
    return segments.assign(add_efi(person_features(lake, as_of)))


def oracle_path(var: str | Path) -> Path:
    return Path(var) / "synth" / "oracle" / "admission_hazard.parquet"


@contextmanager
def workdir(var: str | Path) -> Iterator[Path]:
    """A scratch folder beside the results for the run's intermediate Parquet (on the lake's
    file system, so Spark executors can reach it), removed when the run ends. It holds
    identifiable rows, so a run killed before its clean-up leaves nothing for long: each run
    holds a lock on its folder while it lives, and every run first removes the folders whose
    lock nobody holds."""
    base = Path(var) / "phm" / "work"
    base.mkdir(parents=True, exist_ok=True)
    with open(base / ".lock", "a+") as guard:  # one run at a time tidies and starts
        fcntl.flock(guard, fcntl.LOCK_EX)
        _remove_stale(base)
        folder = Path(tempfile.mkdtemp(prefix="run-", dir=base))
        held = open(folder / RUN_LOCK, "a+")  # noqa: SIM115 -- held until the run ends
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        held.close()


RUN_LOCK = ".running"


def _remove_stale(base: Path) -> None:
    """Remove every ``run-*`` folder under ``base`` whose lock no live run holds."""
    for folder in base.glob("run-*"):
        try:
            lock = open(folder / RUN_LOCK, "a+")  # noqa: SIM115 -- closed below
        except OSError:  # gone meanwhile, or not a folder
            continue
        with lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live run
            shutil.rmtree(folder, ignore_errors=True)
