"""A refresh's work folder holds identifiable rows: a killed run's folder goes at the next run,
a live run's stays."""

from engineroom.population.phm.runs import workdir


def test_a_stale_run_folder_goes_and_a_live_one_stays(tmp_path):
    stale = tmp_path / "phm" / "work" / "run-killed"
    stale.mkdir(parents=True)
    (stale / "phm_pseudo.parquet").write_bytes(b"identifiable")
    with workdir(tmp_path) as live:
        assert not stale.exists()
        with workdir(tmp_path) as nested:  # e.g. training inside a refresh
            assert live.exists() and nested != live
        assert live.exists() and not nested.exists()
    assert not live.exists()
