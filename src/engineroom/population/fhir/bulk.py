"""A FHIR delivery folder, e.g. a Bulk Data ``$export``: one feed, named by the folder
(``fhir__<org>__<YYYYMMDD>/``), holding NDJSON files per resource type (``Patient.000.ndjson``,
``Immunization.000.ndjson``, ...), optionally the export manifest (the JSON the status endpoint
returned: ``transactionTime``, ``output[]`` with ``type``, ``url`` and ``count``) and the export
client's log (``log.ndjson`` of kickoff/status/manifest events).

Each file is loaded and reconciled on its own (rows in = accepted + quarantined), but as part of
the one feed: a reference to a Patient resolves against the Patients of every file of the folder.
The manifest is checked against the folder: a listed file that is missing, or holding another
number of resources than the manifest's ``count``, makes the manifest refused (quarantined whole,
with the reason); files the manifest does not list are noted. The export log is not FHIR data: it
is read for its events and noted, never loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path

from engineroom.population import safejson
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
    lines = [line for line in data.split(b"\n") if line.strip()]
    events = [_json(line) for line in lines]
    if not lines or not all(isinstance(e, dict) and e.keys() >= LOG_KEYS for e in events):
        return None
    return [str(e["eventId"]) for e in events]


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
    present = {p.name: p for p in members(folder)}
    problems, listed = [], set()
    for out in manifest["output"]:
        name = (
            str(out.get("url", "")).rstrip("/").rsplit("/", 1)[-1] if isinstance(out, dict) else ""
        )
        listed.add(name)
        if name not in present:
            problems.append(f"{name or '(no url)'} is listed but not in the folder")
        elif isinstance(out.get("count"), int) and out["count"] != _count(present[name]):
            problems.append(
                f"{name} holds {_count(present[name])} resources, manifest says {out['count']}"
            )
    if problems:
        raise FeedError("the export manifest does not match the folder: " + "; ".join(problems), 0)
    extra = sorted(set(present) - listed - {n for n, p in present.items() if _meta(p)})
    notes = [
        f"export manifest: {len(listed)} files listed, all present (transactionTime {manifest['transactionTime']})"
    ]
    return notes + ([f"files not in the manifest: {', '.join(extra)}"] if extra else [])


def _count(path: Path) -> int:
    return sum(1 for line in path.read_bytes().split(b"\n") if line.strip())


def _meta(path: Path) -> bool:
    data = path.read_bytes()
    ext = path.suffix.lower().lstrip(".")
    if ext == "json":
        return is_manifest(_json(data))
    return ext == "ndjson" and log_events(data) is not None


def folder_patients(
    folder: str, extract: date, read: Callable[[bytes, str], list], accepted: Callable
) -> dict[str, dict]:
    """Reference -> accepted Patient, over every data file of the folder (computed once per
    process for an unchanged folder)."""
    root = Path(folder)
    stamp = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in members(root))
    return _patients(root, stamp, extract, read, accepted)


@lru_cache(maxsize=4)
def _patients(root: Path, stamp: tuple, extract: date, read, accepted) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for path in members(root):
        if _meta(path):
            continue
        data = path.read_bytes()
        ext = path.suffix.lower().lstrip(".")
        if ext == "ndjson":  # only lines that may hold a Patient are parsed
            data = b"\n".join(line for line in data.split(b"\n") if b"Patient" in line)
        for key, patient in accepted(read(data, ext), extract).items():
            found.setdefault(key, patient)
    return found
