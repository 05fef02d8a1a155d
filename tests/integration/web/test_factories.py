"""Every model has a ``<Model>Factory`` in ``tests/factories`` that builds a valid row."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import factory
import pytest
from django.apps import apps

import factories


def _factories() -> dict[type, type]:
    found = {}
    for module in pkgutil.iter_modules(factories.__path__):
        loaded = importlib.import_module(f"factories.{module.name}")
        for _, value in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(value, factory.base.Factory) and value._meta.model:
                found[value._meta.model] = value
    return found


FACTORIES = _factories()
MODELS = [
    m for m in apps.get_models() if m.__module__.startswith("engineroom.") and not m._meta.abstract
]


def test_every_model_has_a_factory():
    missing = sorted(m._meta.label for m in MODELS if m not in FACTORIES)
    assert not missing, f"models without a factory in tests/factories: {missing}"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_the_factory_builds_a_valid_row(db, model):
    if model not in FACTORIES:
        pytest.skip("no factory yet (the test above fails for it)")
    row = FACTORIES[model]()
    row.full_clean()
    assert model.objects.filter(pk=row.pk).exists()
