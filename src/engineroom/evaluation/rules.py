"""Domain rules of an evaluation: what may be evaluated, and in words why not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from engineroom.web import formatting

MAX_HOMES = 200


def check_request(homes: Sequence[str], start: dt.date, known: set[str], window) -> None:
    """Refuse (``ValidationError`` by field) an evaluation that cannot run: no homes, homes not
    in the linked data, no published data, or a start without a year of history before it and
    follow-up after it."""
    errors: dict[str, list[str]] = {}
    if window is None:
        raise ValidationError(
            "No linked data are published yet: run `engineroom synth build` or ingest and link "
            "the feeds first."
        )
    if not homes:
        errors["homes"] = ["Choose at least one care home."]
    elif len(homes) > MAX_HOMES:
        errors["homes"] = [f"Choose at most {MAX_HOMES} care homes."]
    elif unknown := sorted(set(homes) - known):
        errors["homes"] = [f"Not a care home in the linked data: {', '.join(unknown[:5])}."]
    if not window.earliest_start <= start <= window.latest_start:
        errors["start"] = [start_message(window)]
    if errors:
        raise ValidationError(errors)


def start_message(window) -> str:
    return (
        f"Enter a start date between {formatting.date(window.earliest_start)} and "
        f"{formatting.date(window.latest_start)}: the linked data run from "
        f"{formatting.date(window.first)} to {formatting.date(window.end)}, and an evaluation "
        "needs a year of history before the start and at least 90 days of follow-up after it."
    )


def same_system(evaluation, benefit) -> None:
    if benefit is not None and benefit.programme.system_id != evaluation.system_id:
        raise ValidationError({"benefit": ["Choose a benefit of this system's programmes."]})
