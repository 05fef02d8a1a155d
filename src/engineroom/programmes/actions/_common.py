"""Shared by the actions: check a row as the model does; audit details as text."""

from __future__ import annotations

from django.db import models


def _validated(instance: models.Model, fields: dict) -> models.Model:
    """Apply ``fields`` and check the row as the model does (ValidationError if not valid)."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    return instance


def _details(fields: dict) -> dict:
    return {name: str(value) for name, value in fields.items()}
