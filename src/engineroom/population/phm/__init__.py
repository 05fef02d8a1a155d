"""Population health management over the linked lake: features, segments, frailty, case-finding,
risk, inequalities and small-number-suppressed aggregates. Imports no Django (see docs/phm.md).

Direct care (worklists: identifiable, opt-outs not applied) and secondary use (aggregates:
national data opt-out and GP type 1 objections applied, then suppressed by
:func:`engineroom.population.phm.suppression.suppress`) are kept apart in the published results.
"""
