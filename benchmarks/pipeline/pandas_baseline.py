"""The plain pandas implementation of the whole pipeline, on the same feed files, that the
engine's speed-up is measured against in the same run (``benchmarks/pipeline/run.py``):

1. ``ingest_csv``  read every CSV feed as text, validate every field with the same rules
2. ``ingest_fhir`` one ``fhir.resources`` model per FHIR resource; Encounters to contacts
3. ``link``        person index (latest registration), NHS-number link, then demographics
4. ``refresh``     features, eFI, segments, case-finding, scores (the engine's saved model),
                   the suppressed dashboard, publish

Each step writes its result under one working folder (``tables/``, ``linked/``, ``results/``),
so each can run in its own process. ``counts`` and ``dashboard_totals`` give what the harness
reconciles against the engine's published outputs.
"""

from __future__ import annotations

from benchmarks.pipeline.pandas_dashboard import counts, dashboard_totals, refresh
from benchmarks.pipeline.pandas_ingest import ingest_csv, ingest_fhir, link

__all__ = ["counts", "dashboard_totals", "ingest_csv", "ingest_fhir", "link", "refresh"]
