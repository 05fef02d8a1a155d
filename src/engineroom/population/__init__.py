"""Population data platform: schema, partner feed ingestion, linkage, lake and portable engine.

This package never imports Django (an import-linter contract enforces it): the web calls it
through :mod:`engineroom.population.api`.
"""
