"""Domain rules of an evaluation: what may be evaluated, and in words why not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from engineroom.web import formatting

MAX_HOMES = 200
HISTORY_DAYS = 365  # covariates look back a year before the start
FOLLOW_UP_DAYS = 90  # the least follow-up after the start worth evaluating


def start_range(window) -> tuple[dt.date, dt.date]:
    """The earliest and latest start an evaluation may have in the data ``window``."""
    return (
        window.first + dt.timedelta(days=HISTORY_DAYS),
        window.end - dt.timedelta(days=FOLLOW_UP_DAYS),
    )


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
    earliest, latest = start_range(window)
    if not earliest <= start <= latest:
        errors["start"] = [start_message(window)]
    if errors:
        raise ValidationError(errors)


def start_message(window) -> str:
    earliest, latest = start_range(window)
    return (
        f"Enter a start date between {formatting.date(earliest)} and "
        f"{formatting.date(latest)}: the linked data run from "
        f"{formatting.date(window.first)} to {formatting.date(window.end)}, and an evaluation "
        f"needs {HISTORY_DAYS} days of history before the start and at least {FOLLOW_UP_DAYS} "
        "days of follow-up after it."
    )


def same_system(evaluation, benefit) -> None:
    if benefit is not None and benefit.programme.system_id != evaluation.system_id:
        raise ValidationError({"benefit": ["Choose a benefit of this system's programmes."]})
