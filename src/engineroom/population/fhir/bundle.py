"""Bundles: transaction, batch and collection Bundles are unpacked into their entries' resources.

Rows are resources read, numbered in reading order: a resource on its own line (or alone in a
file) takes the next row number; an unpacked Bundle gives each entry with a resource the next one,
so entry ``i`` (0-based) of a Bundle whose first entry is row ``r`` is row ``r + i`` (in a file
holding one Bundle, entry ``i`` is row ``i + 1``). The quarantine value of an entry names its
Bundle line and entry. Other Bundle types (document, message, searchset, history, responses)
are kept whole, as one row.

The Bundle itself (without its entries' resources) is decided first: if it is refused, every
entry is quarantined with its reason. A transaction is all or nothing: if one entry is refused,
every other entry of that transaction is refused too. Entries without a resource (a DELETE or a
GET request) carry nothing to load: they are counted in the file's notes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

UNPACKED = {"transaction", "batch", "collection"}
ALL_OR_NOTHING = (
    "another entry of this transaction Bundle was refused (a transaction is all or nothing)"
)


@dataclass(slots=True)
class Item:
    """One row: a resource read (or why it could not be), where it came from."""

    row: int
    resource: object
    problem: tuple[str, str, str] | None = None  # (field, reason, value)
    full_url: str | None = None
    where: str = ""  # "entry 3 of the batch Bundle on line 1" for a Bundle entry
    transaction: int | None = None  # first row of its transaction Bundle
    raw: str | None = None  # the resource's text as received, when it was one NDJSON line


def _entries(value: object) -> list | None:
    """The entries of a Bundle we unpack, or None for anything else."""
    if not isinstance(value, dict) or value.get("resourceType") != "Bundle":
        return None
    entries = value.get("entry", [])
    return entries if value.get("type") in UNPACKED and isinstance(entries, list) else None


def unpack(
    rows: list[tuple[object, str | tuple[str, str] | None]],
    decide: Callable[[list], list],
    raws: list[str | None] | None = None,
) -> tuple[list[Item], int]:
    """Items in row order and the number of entries without a resource (``raws``: each row's
    text as received, kept on its item unless it is an unpacked Bundle)."""
    items: list[Item] = []
    empty = 0
    for line, (value, error) in enumerate(rows, start=1):
        entries = None if error else _entries(value)
        if entries is None:
            problem = None
            if error:  # a reason, or (field, reason) from the XML reader
                problem = ("(row)", error, "") if isinstance(error, str) else (*error, "")
            raw = raws[line - 1] if raws else None
            items.append(Item(len(items) + 1, value, problem, raw=raw))
            continue
        shell = {**value, "entry": [_without_resource(e) for e in entries]}
        (refused,) = decide([shell])
        empty += _add_entries(items, value["type"], entries, line, refused)
    return items, empty


def _without_resource(entry: object) -> object:
    return {k: v for k, v in entry.items() if k != "resource"} if isinstance(entry, dict) else entry


def _add_entries(items: list[Item], kind: str, entries: list, line: int, refused) -> int:
    first, empty = len(items) + 1, 0
    for i, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if resource is None and refused is None:
            empty += 1
            continue
        where = f"entry {i} of the {kind} Bundle on line {line}"
        problem = (*refused, where) if refused else None
        if problem is None and not isinstance(resource, dict):
            problem = (f"Bundle.entry[{i}].resource", "not a JSON object", where)
        full_url = entry.get("fullUrl") if isinstance(entry, dict) else None
        transaction = first if kind == "transaction" else None
        items.append(Item(len(items) + 1, resource, problem, full_url, where, transaction))
    if refused and not entries:
        items.append(Item(len(items) + 1, None, (*refused, f"the Bundle on line {line}")))
    return empty


def all_or_nothing(items: list[Item]) -> None:
    """Refuse every entry of a transaction one of whose entries was refused."""
    refused: dict[int, Item] = {}
    for item in items:
        if item.transaction is not None and item.problem and item.transaction not in refused:
            refused[item.transaction] = item
    for item in items:
        first = refused.get(item.transaction) if item.transaction is not None else None
        if first is not None and item.problem is None:
            item.problem = ("(transaction)", ALL_OR_NOTHING, f"row {first.row}: {first.problem[1]}")
