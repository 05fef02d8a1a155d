"""Evaluation of interventions, as the Improvement Analytics Unit (the Health Foundation with
NHS England) did it: a matched comparison group for person-level interventions (care homes),
difference-in-differences and interrupted time series for area-level ones. No Django.

- :mod:`.cohort` — the person-level analysis frame from the linked lake (Ibis; secondary use).
- :mod:`.matching` — propensity score, exact strata, 1:k caliper matching, balance (SMD).
- :mod:`.outcomes` — rate ratios with 95% CIs from count regressions (statsmodels).
- :mod:`.area` — difference-in-differences, the parallel-trends check, interrupted time series.
- :mod:`.report` — :func:`evaluate`: the whole care-home evaluation as a JSON-able briefing.
- :mod:`.planted` — the generator's planted intervention (truth) and estimate-against-truth.
"""

from engineroom.population.evaluation.report import evaluate, evaluate_frame

__all__ = ["evaluate", "evaluate_frame"]
