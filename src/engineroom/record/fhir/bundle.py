"""Searchset Bundles: one page of matches (and included resources) with paging links.

Pages are addressed by ``_offset`` (the index of the first match) beside ``_count``; the links
are what a client follows, so the parameter stays an implementation detail (FHIR http.html#paging).
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.utils import timezone

from engineroom.record.fhir.search import Search


def base_url(request) -> str:
    return request.build_absolute_uri("/fhir/")


def full_url(request, resource: dict) -> str:
    return f"{base_url(request)}{resource['resourceType']}/{resource['id']}"


def _link(request, search: Search, relation: str, start: int, count: int) -> dict:
    params = [*search.used, ("_count", str(count))]
    if start:
        params.append(("_offset", str(start)))
    url = request.build_absolute_uri(request.path) + "?" + urlencode(params)
    return {"relation": relation, "url": url}


def searchset(request, search: Search, matches: list[dict], *, count: int, start: int, **extra):
    """A Bundle of ``matches[start:start + count]`` (mode ``match``), plus ``extra["included"]``
    (mode ``include``) and ``extra["outcome"]`` (an OperationOutcome, mode ``outcome``)."""
    page = matches[start : start + count]
    links = [_link(request, search, "self", start, count)]
    if count and start + count < len(matches):
        links.append(_link(request, search, "next", start + count, count))
    if count and start > 0:
        links.append(_link(request, search, "previous", max(start - count, 0), count))
    entries = [_entry(request, r, "match") for r in page]
    entries += [_entry(request, r, "include") for r in extra.get("included", []) if page]
    if extra.get("outcome"):
        entries.append({"resource": extra["outcome"], "search": {"mode": "outcome"}})
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": timezone.now().isoformat(timespec="seconds")},
        "type": "searchset",
        "total": len(matches),
        "link": links,
    }
    if entries:
        bundle["entry"] = entries
    return bundle


def _entry(request, resource: dict, mode: str) -> dict:
    return {"fullUrl": full_url(request, resource), "resource": resource, "search": {"mode": mode}}
