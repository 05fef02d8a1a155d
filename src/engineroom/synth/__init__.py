"""Synthetic, clearly labelled fictional data for demos, tests and benchmarks.

Everything here is deterministic from a seed. Generated files live under ``var/`` and are never
committed. Submodules: ``structure`` (the region: systems, places, organisations, leaders) and
``population`` (people, events and partner feeds).
"""
