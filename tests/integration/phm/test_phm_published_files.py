"""Every published results file meant for secondary use holds only suppressed counts.

Walks the whole results folder a refresh published for the factory system's people
(``phm_results``): every JSON and Parquet file except the two direct-care files. A number is a
count unless its key says otherwise (``NOT_COUNTS``), so a new count added to any file is checked
without this test knowing its name.
"""

import json
import numbers

import pyarrow as pa
import pyarrow.parquet as pq

from engineroom.population.phm import refresh, risk
from engineroom.population.phm.suppression import SUPPRESSED

DIRECT_CARE = {"people.parquet", "casefinding.parquet"}  # identifiable worklists: exempt, audited
SECONDARY = {"dashboard.json", "meta.json", "model_card.json"}
# Whole numbers that are not counts of people: a deprivation quintile, how many areas were built,
# the model's boosting rounds.
NOT_COUNTS = {"quintile", "most_deprived", "least_deprived", "areas", "rounds"}
# Numbers that are not whole: rates, shares and model metrics, never counts of people.
COUNT_NAMES = {"people", "events", "hits", "population", "count", "registered", "recorded"}


def published_numbers(node, key=""):
    """(key, value) of every number and ``*`` anywhere in a JSON document."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from published_numbers(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from published_numbers(item, key)
    elif node == SUPPRESSED or (isinstance(node, numbers.Number) and not isinstance(node, bool)):
        yield key, node


def parquet_numbers(path):
    table = pq.read_table(path)
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_integer(column.type):
            yield from ((name, v) for v in column.to_pylist() if v is not None)


def is_publishable(value) -> bool:
    return value == SUPPRESSED or value == 0 or (value >= 10 and value % 5 == 0)


def counts_in(path) -> tuple[list, list]:
    """(every count in a results file, the counts that break the small-number rules)."""
    assert path.suffix in (".json", ".parquet"), f"unexpected published file {path.name}"
    if path.suffix == ".json":
        found = list(published_numbers(json.loads(path.read_text())))
    else:
        found = list(parquet_numbers(path))
    floats = [(k, v) for k, v in found if k in COUNT_NAMES and isinstance(v, float)]
    assert not floats, f"{path.name}: a count written as a fraction: {floats[:10]}"
    counts = [(k, v) for k, v in found if k not in NOT_COUNTS and not isinstance(v, float)]
    return [v for _, v in counts], [(k, v) for k, v in counts if not is_publishable(v)]


def test_every_count_in_every_secondary_use_results_file_is_suppressed(db, phm_results):
    folder = refresh.current_results(phm_results)
    names = {p.name for p in folder.iterdir()}
    assert names >= DIRECT_CARE | SECONDARY
    checked = {}
    for path in sorted(folder.iterdir()):
        if path.name not in DIRECT_CARE:
            checked[path.name], bad = counts_in(path)
            assert not bad, f"{path.name}: counts not suppressed: {bad[:10]}"
    assert len(checked["dashboard.json"]) > 500 and SUPPRESSED in checked["dashboard.json"]
    assert len(checked["meta.json"]) >= 5
    assert len(checked["model_card.json"]) > 40  # validation, top, tenths and subgroup counts


def test_the_card_is_the_models_metadata_with_counts_suppressed(db, phm_results):
    """The model's own metadata keeps exact counts (engine working files); the card does not."""
    _model, meta = risk.load(phm_results)
    card = json.loads((refresh.current_results(phm_results) / "model_card.json").read_text())
    exact, shown = meta["metrics"]["gbm"], card["metrics"]["gbm"]
    assert exact["people"] % 5 or exact["events"] % 5  # exact counts, rarely both round
    assert shown["people"] == round(exact["people"] / 5) * 5
    assert shown["auroc"] == exact["auroc"] and shown["brier"] == exact["brier"]
    assert card["train_people"] != SUPPRESSED and "lightgbm_params" not in card
    assert risk.model_card(meta)["validation_people"] == shown["people"]  # `risk evaluate`


def test_the_walk_finds_exact_counts_where_they_are_allowed(db, phm_results):
    """The same walk over the direct-care worklist file and the model's own metadata finds their
    exact counts: it would find one in a secondary-use file."""
    folder = refresh.current_results(phm_results)
    _counts, bad = counts_in(folder / "people.parquet")
    assert {"emergency_admissions", "medicines"} <= {k for k, _ in bad}
    _model, meta = risk.load(phm_results)
    metadata = risk.models_dir(phm_results) / meta["version"] / "metadata.json"
    _counts, bad = counts_in(metadata)
    assert {"people", "events", "hits"} <= {k for k, _ in bad}
