"""Writes, one module per step of a consultation: ``consultations`` (create, questions, status),
``imports`` (a file of responses), ``responses`` (the public form), ``themes`` (propose, frame,
map), ``results`` (population, summary) and ``influence`` (you said, we did)."""
