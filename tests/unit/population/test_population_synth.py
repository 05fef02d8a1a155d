"""The synthetic population is deterministic, plausible, and keeps the oracle out of the feeds."""

import hashlib

import pandas as pd
import pytest

from engineroom.population.region import SpecError, example_spec, validate_spec
from engineroom.population.synth import generate


def _digest(folder):
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def test_synth_same_seed_gives_identical_feeds(tmp_path, small_region):
    result, out = small_region
    again = generate(example_spec(), tmp_path, seed=7, scale=0.01)
    assert again.feed_rows == result.feed_rows
    assert _digest(tmp_path / "feeds") == _digest(out / "feeds")


def test_synth_different_seed_differs(tmp_path, small_region):
    _, out = small_region
    generate(example_spec(), tmp_path, seed=8, scale=0.01)
    assert _digest(tmp_path / "feeds") != _digest(out / "feeds")


def test_synth_oracle_is_separate_from_feeds(small_region):
    result, out = small_region
    oracle = pd.read_parquet(result.oracle)
    assert len(oracle) == result.people
    assert {"hazard_year1", "hazard_next_year"} <= set(oracle.columns)
    assert (oracle["hazard_year1"] >= 0).all()
    for feed in (out / "feeds").rglob("*.csv"):
        assert "hazard" not in feed.read_text(errors="replace").split("\n", 1)[0].lower()


def test_synth_every_partner_sends_feeds(small_region):
    _, out = small_region
    senders = {p.name for p in (out / "feeds").iterdir()}
    assert {
        "Y90001",
        "Y90008",
        "RX1",
        "RX2",
        "RX3",
        "RX4",
        "E06999901",
        "E06999902",
        "REF",
    } <= senders
    assert list((out / "feeds" / "RX3").glob("fhir__RX3__*.ndjson"))


def test_synth_prevalence_resembles_england():
    import numpy as np

    from engineroom.population.synth.health import conditions
    from engineroom.population.synth.people import people

    rng = np.random.default_rng(3)
    frame, _ = people(example_spec(200_000), rng, 1.0)
    conditions(frame, rng)
    assert 0.12 < frame["hypertension_diagnosed"].mean() < 0.17  # QOF ~14.5%
    assert 0.26 < frame.loc[frame["age"] >= 18, "hypertension"].mean() < 0.34  # HSE ~30%
    assert 0.018 < frame["af"].mean() < 0.032  # ~2.5%


def test_synth_spec_errors_name_the_element():
    spec = example_spec()
    spec["systems"][0]["places"][0]["council"] = "NOPE"
    with pytest.raises(SpecError, match="place PL1: unknown council 'NOPE'"):
        validate_spec(spec)
