"""refresh over a real linked lake: segments, frailty, secondary-use aggregates, atomic publish."""

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from engineroom.population.lake import Lake
from engineroom.population.phm import aggregates, lakeviews, refresh, runs, segments
from engineroom.population.phm.suppression import SUPPRESSED, suppress
from engineroom.population.pipeline import read_with_seq

KEY = "phm-test-key"


def current(var):
    return refresh.current_results(var)


def test_every_person_has_exactly_one_segment(phm_var):
    people = pd.read_parquet(current(phm_var) / "people.parquet")
    assert people["nhs_number"].is_unique
    assert people["segment"].notna().all()
    assert set(people["segment"]) <= {k for k, _ in segments.SEGMENTS}
    assert people["efi_category"].isin(["fit", "mild", "moderate", "severe"]).all()
    assert (people["efi"] * 36).round(6).mod(1).eq(0).all()


COUNT_KEYS = {
    *("people", "population", "count", "female", "male", "registered", "recorded", "expected"),
    *("estimated_undiagnosed", "case_finding_flagged", "previous_people"),
}


def _counts(node):
    """Every count field anywhere in the dashboard."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in COUNT_KEYS and not isinstance(value, dict):
                yield value
            else:
                yield from _counts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _counts(item)


def test_every_published_count_is_suppressed(phm_var):
    dashboard = json.loads((current(phm_var) / "dashboard.json").read_text())
    values = list(_counts(dashboard))
    assert len(values) > 500
    assert all(v == SUPPRESSED or (isinstance(v, int) and v % 5 == 0) for v in values)
    assert SUPPRESSED in values  # small neighbourhood cells exist and are hidden


def test_aggregates_apply_the_national_opt_out_and_type1(phm_var):
    people = pd.read_parquet(current(phm_var) / "people.parquet")
    opted = set(read_with_seq(Lake(phm_var), "national_opt_out")["nhs_number"].to_pylist())
    lake = lakeviews.connect(phm_var)
    type1 = set(lake.table("type1_objection").to_pyarrow().column("person_id").to_pylist())
    assert people["nhs_number"].isin(opted).sum() > 100  # worklists keep them: direct care
    dashboard = json.loads((current(phm_var) / "dashboard.json").read_text())
    expected = (~people["nhs_number"].isin(opted | type1)).sum()
    assert dashboard["system:QXX"]["population"] == suppress(int(expected))
    assert dashboard["system:QXX"]["population"] != suppress(len(people))
    meta = json.loads((current(phm_var) / "meta.json").read_text())
    assert meta["secondary_people"] == suppress(int(expected))  # published: suppressed too


def test_areas_add_up_to_the_system(phm_var):
    dashboard = json.loads((current(phm_var) / "dashboard.json").read_text())
    levels = {v["level"] for v in dashboard.values()}
    assert levels == {"system", "place", "neighbourhood"}
    assert {k for k in dashboard if k.startswith("place:")} == {"place:PL1", "place:PL2"}


def test_case_finding_matches_the_generators_undiagnosed_hypertension(phm_var):
    found = pd.read_parquet(current(phm_var) / "casefinding.parquet")
    oracle = pd.read_parquet(runs.oracle_path(phm_var))
    truly = set(oracle.loc[oracle["undiagnosed_hypertension"], "nhs_number"])
    flagged = set(found.loc[found["condition"] == "hypertension", "nhs_number"])
    assert len(flagged) > 20
    assert len(flagged & truly) / len(flagged) > 0.8  # raised readings mostly are hypertension


def test_a_failed_refresh_leaves_the_published_results_alone(phm_var, monkeypatch):
    before = (refresh.results_dir(phm_var) / "CURRENT").read_text()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(aggregates, "build", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        refresh.refresh(phm_var, key=KEY)
    assert (refresh.results_dir(phm_var) / "CURRENT").read_text() == before


def test_refresh_publishes_a_new_version_and_keeps_one_previous(phm_var, tmp_path):
    import shutil

    var = tmp_path / "copy"
    shutil.copytree(phm_var, var)
    seen = []
    first = (refresh.results_dir(var) / "CURRENT").read_text()
    spec = json.loads((var / "phm" / "region.json").read_text())
    out = refresh.refresh(var, spec=spec, key=KEY, progress=lambda s, i, n: seen.append((s, i, n)))
    assert [s for s, _, _ in seen] == list(refresh.STEPS) and seen[-1][1:] == (6, 6)
    assert (refresh.results_dir(var) / "CURRENT").read_text() == out["version"] != first
    assert {p.name for p in refresh.results_dir(var).glob("r*")} == {first, out["version"]}
    assert pq.read_metadata(refresh.results_dir(var) / out["version"] / "people.parquet").num_rows


def test_the_refresh_command_with_a_region_file_publishes_without_the_system_model(
    phm_var, tmp_path
):
    import shutil

    from typer.testing import CliRunner

    from engineroom.cli import app

    var = tmp_path / "copy"
    shutil.copytree(phm_var, var)
    first = (refresh.results_dir(var) / "CURRENT").read_text()
    spec = var / "phm" / "region.json"
    args = ["refresh", "--spec", str(spec), "--key", KEY, "--var", str(var)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    version = (refresh.results_dir(var) / "CURRENT").read_text()
    assert version != first and f"published {version}" in result.output
    meta = json.loads((refresh.results_dir(var) / version / "meta.json").read_text())
    assert meta["areas"] > 1  # the region file's places and neighbourhoods, not one area
