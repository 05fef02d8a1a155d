"""A FHIR delivery folder, e.g. a Bulk Data ``$export``: one feed, named by the folder
(``fhir__<org>__<YYYYMMDD>/``), holding NDJSON files per resource type (``Patient.000.ndjson``,
``Immunization.000.ndjson``, ...), optionally the export manifest (the JSON the status endpoint
returned: ``transactionTime``, ``output[]`` with ``type``, ``url`` and ``count``) and the export
client's log (``log.ndjson`` of kickoff/status/manifest events).

Each file is loaded and reconciled on its own (rows in = accepted + quarantined), but as part of
the one feed: a reference to a Patient resolves against the Patients of every file of the folder.
The manifest is checked against the folder: a listed file that is missing, or holding another
number of resources than the manifest's ``count``, makes the manifest refused (quarantined whole,
with the reason) and every data file's report notes the mismatch (each file is still loaded and
reconciled as received: the delivery may be incomplete); files the manifest does not list are
noted. The export log is not FHIR data: it
is read for its events and noted, never loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from engineroom.population import safejson
from engineroom.population.fhir.mapping import IDENTITY, MAPPINGS, walk
from engineroom.population.issues import FeedError
from engineroom.population.sources import FOLDER_SUFFIXES

LOG_KEYS = {"exportId", "eventId"}


def _json(data: bytes) -> object:
    value, error = safejson.parse(data.removeprefix(b"\xef\xbb\xbf"))
    return None if error else value


def is_manifest(value: object) -> bool:
    return (
        isinstance(value, dict)
        and "resourceType" not in value
        and isinstance(value.get("output"), list)
        and "transactionTime" in value
    )


def log_events(data: bytes) -> list[str] | None:
    """The event ids of an export log, or None if any line is not a log event."""
    events = []
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        event = _json(line)
        if not (isinstance(event, dict) and event.keys() >= LOG_KEYS):
            return None  # a data file: known at its first resource, not after parsing them all
        events.append(str(event["eventId"]))
    return events or None


def metadata(data: bytes, ext: str, folder: str) -> list[str] | None:
    """Notes for the manifest or the export log of a delivery folder; None for data files.
    Raises :class:`FeedError` if the manifest does not agree with the folder."""
    if ext == "json" and is_manifest(manifest := _json(data)):
        return _check_manifest(manifest, Path(folder))
    if ext == "ndjson" and (events := log_events(data)) is not None:
        return [f"bulk export log ({len(events)} events: {', '.join(events)}), not FHIR data"]
    return None


def members(folder: Path) -> list[Path]:
    files = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES]
    return sorted(files)


def _check_manifest(manifest: dict, folder: Path) -> list[str]:
    problems, listed, present = _problems(manifest, folder)
    if problems:
        raise FeedError("the export manifest does not match the folder: " + "; ".join(problems), 0)
    extra = sorted(set(present) - listed - {n for n, p in present.items() if _meta(p)})
    notes = [
        f"export manifest: {len(listed)} files listed, all present (transactionTime {manifest['transactionTime']})"
    ]
    return notes + ([f"files not in the manifest: {', '.join(extra)}"] if extra else [])


def _problems(manifest: dict, folder: Path) -> tuple[list[str], set[str], dict[str, Path]]:
    """Where the manifest and the folder disagree, the file names it lists, the folder's files."""
    present = {p.name: p for p in members(folder)}
    problems, listed = [], set()
    for out in manifest["output"]:
        name = (
            str(out.get("url", "")).rstrip("/").rsplit("/", 1)[-1] if isinstance(out, dict) else ""
        )
        listed.add(name)
        if name not in present:
            problems.append(f"{name or '(no url)'} is listed but not in the folder")
        elif isinstance(out.get("count"), int) and (held := _count(present[name])) != out["count"]:
            problems.append(f"{name} holds {held} resources, manifest says {out['count']}")
    return problems, listed, present


def manifest_warnings(folder: Path) -> list[str]:
    """A note for every data file of the folder when its export manifest does not match it:
    the file is loaded as received, but the delivery may be incomplete."""
    notes = []
    for path in members(folder):
        manifest = _json(path.read_bytes()) if path.suffix.lower() == ".json" else None
        if is_manifest(manifest):
            problems = _problems(manifest, folder)[0]
            if problems:
                notes.append(
                    f"the folder's export manifest {path.name} does not match the folder "
                    f"({'; '.join(problems)}): this file is loaded as received, but the "
                    "delivery may be incomplete"
                )
    return notes


def _count(path: Path) -> int:
    return sum(1 for line in path.read_bytes().split(b"\n") if line.strip())


def _meta(path: Path) -> bool:
    data = path.read_bytes()
    ext = path.suffix.lower().lstrip(".")
    if ext == "json":
        return is_manifest(_json(data))
    return ext == "ndjson" and log_events(data) is not None


@dataclass
class _Folder:
    """The Patients of the folder being ingested (identity fields only) and how many of its
    data files are still to be loaded in this process."""

    patients: dict[str, dict]
    waiting: int
    notes: list[str]  # ``manifest_warnings``, for each data file's report


_current: dict[tuple, _Folder] = {}  # at most one folder: the one being ingested
PATIENT_LINE = re.compile(rb'"resourceType"\s*:\s*"Patient"')


def folder_patients(
    folder: str, extract: date, read: Callable[[bytes, str], list], accepted: Callable
) -> tuple[dict[str, dict], list[str]]:
    """Reference -> accepted Patient (cut to the fields the event rows take from it,
    ``identity_only``), over every data file of the folder. Computed once for an
    unchanged folder and released when each of its data files has asked (or by ``release``),
    so no more identifiable data than that is held, and not beyond the folder's ingest. With
    them, the notes every data file's report carries (``manifest_warnings``)."""
    root = Path(folder)
    stamp = (
        str(root),
        extract,
        *((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in members(root)),
    )
    entry = _current.get(stamp)
    if entry is None:
        release()
        found, files = _patients(root, extract, read, accepted)
        entry = _current[stamp] = _Folder(found, files, manifest_warnings(root))
    entry.waiting -= 1
    if entry.waiting <= 0:
        release()
    return entry.patients, entry.notes


def release() -> None:
    """Forget the Patients of the folder being ingested."""
    _current.clear()


def _patients(root: Path, extract: date, read, accepted) -> tuple[dict[str, dict], int]:
    found: dict[str, dict] = {}
    files = [path for path in members(root) if not _meta(path)]
    for path in files:
        data = path.read_bytes()
        ext = path.suffix.lower().lstrip(".")
        if ext == "ndjson":  # only lines of a Patient resource are parsed
            data = b"\n".join(line for line in data.split(b"\n") if PATIENT_LINE.search(line))
        for key, patient in accepted(read(data, ext), extract).items():
            found.setdefault(key, identity_only(patient))
    return found, len(files)


def identity_only(patient: dict) -> dict:
    """The Patient cut to the elements its IDENTITY columns are read from (what a reference to
    it needs), so a folder's Patients are not held whole."""
    keep: dict = {"resourceType": "Patient"}
    for element in MAPPINGS["Patient"].elements:
        if element.column in IDENTITY:
            for path in element.paths:
                value = walk(patient, path)
                if value is not None:
                    *parents, last = path.split(".")
                    at = keep
                    for part in parents:
                        at = at.setdefault(part, {})
                    at[last] = value
    return keep
