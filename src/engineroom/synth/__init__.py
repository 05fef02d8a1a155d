"""Synthetic, clearly labelled fictional population data for demos, tests and benchmarks.

Everything here is deterministic from a seed and imports no Django. Generated files live under
``var/`` and are never committed. The operational-database demo (region, governance, programmes,
workforce, finance) is the ``engineroom.demo`` app.
"""
