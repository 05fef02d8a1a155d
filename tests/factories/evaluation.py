"""Factories for evaluations: a care-home evaluation already run, holding a briefing in the shape
``engineroom.population.evaluation.evaluate`` returns (suppressed counts, a rate ratio per
outcome). Tests that need the engine's own result run ``actions.run_evaluation``."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from engineroom.evaluation import models
from factories.accounts import UserFactory
from factories.system import SystemFactory


def _estimate(rr: float, low: float, high: float, treated: int, control: int) -> dict:
    return {
        "per": "person-year",
        "events_treated": treated,
        "events_control": control,
        "mean_treated": round(treated / 50, 3),
        "mean_control": round(control / 50, 3),
        "rate_ratio": rr,
        "ci_low": low,
        "ci_high": high,
        "p": 0.01,
        "notes": [],
    }


BRIEFING = {
    "period": {"start": "2023-10-02", "end": "2025-03-31"},
    "homes": {"listed": 2, "with_residents": 2},
    "key_points": ["40 residents of the listed homes were matched to 40 residents."],
    "method": {"design": "matched comparison", "covariates": ["age", "efi"], "exact": []},
    "cohort": {"treated_residents": 40, "comparison_pool": "*", "matched_treated": 40},
    "balance": [
        {
            "covariate": "age",
            "mean_treated": 86.1,
            "mean_pool": 84.0,
            "mean_matched_controls": 86.0,
            "smd_before": 0.31,
            "smd_after": 0.02,
            "variance_ratio": 1.1,
            "balanced": True,
        }
    ],
    "love_plot": {"covariates": ["age"], "before": [0.31], "after": [0.02], "target": 0.1},
    "results": {
        "ae_attendances": _estimate(0.71, 0.6, 0.84, 70, 100),
        "emergency_admissions": _estimate(0.77, 0.65, 0.91, 55, 70),
        "length_of_stay": {**_estimate(1.0, 0.8, 1.25, 55, 70), "per": "emergency admission"},
        "deaths_outside_hospital": {**_estimate(1.0, 0.5, 2.0, 5, 5), "rate_ratio": "*"},
    },
    "limitations": ["Matching balances only what is recorded."],
}


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Evaluation

    system = factory.SubFactory(SystemFactory)
    name = factory.Sequence(lambda n: f"Enhanced support in care homes {n}")
    description = "Weekly GP ward rounds and a named care home team."
    homes = factory.LazyFunction(lambda: ["1-8000000000", "1-8000007919"])
    start = dt.date(2023, 10, 2)
    result = factory.LazyFunction(lambda: {**BRIEFING})
    created_by = factory.SubFactory(UserFactory)
    run_at = factory.LazyFunction(timezone.now)
    benefit = None


__all__ = ["BRIEFING", "EvaluationFactory"]
