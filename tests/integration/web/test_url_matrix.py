"""Every URL pattern of the project is in some role × URL access matrix.

Each app's access test module defines ``MATRIX: dict[str, set[str]]`` (URL name → roles allowed)
and checks every role against every URL in it; this test makes sure no URL is left out.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from engineroom.accounts.permissions import ROLES

HERE = Path(__file__).resolve().parents[1]
OUTSIDE = {"admin"}  # Django's own admin site: staff accounts only, not a product page


def _names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace in OUTSIDE:
                continue
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names |= _names(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            names.add(namespace + p.name)
    return names


def _matrices() -> dict[str, set[str]]:
    merged: dict[str, set[str]] = {}
    for path in sorted(HERE.rglob("test_*access*.py")):
        spec = importlib.util.spec_from_file_location(f"_matrix_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        merged |= getattr(module, "MATRIX", {})
    return merged


def test_every_url_is_in_an_access_matrix():
    missing = sorted(_names(get_resolver().url_patterns) - set(_matrices()))
    assert not missing, f"URLs in no access matrix: {missing}"


def test_matrices_name_only_real_urls_and_roles():
    matrix = _matrices()
    assert set(matrix) <= _names(get_resolver().url_patterns)
    assert all(roles <= set(ROLES) for roles in matrix.values())
