"""The risk model's training sample: chosen in the engine by arithmetic on the NHS number, so the
same people on DuckDB and PySpark (and on every run), at one fraction with and without the
outcome."""

import random

import pyarrow as pa

from engineroom.population.engine import register
from engineroom.population.phm.training import sample

LABELLED = {"person_id": pa.string(), "outcome": pa.bool_()}


def chosen(table, limit: int) -> list[str]:
    rows = sample(table, limit).to_pyarrow().to_pylist()
    return sorted(r["person_id"] for r in rows)


def test_the_same_people_are_chosen_on_every_engine(engine, load):
    people = load(
        """
| person_id  | outcome |
| 9434765870 | T       |
| 9434765919 | F       |
| 9434765927 | T       |
| 9434765935 | F       |
| 9434765943 | F       |
| 9434765951 | F       |
| 9434765978 | T       |
| 9434765986 | T       |
| 9434765994 | F       |
| 9434766001 | F       |
| 9434766028 | F       |
| 9434766036 | F       |
""",
        "training_sample",
        LABELLED,
    )
    # NHS number x 48271 mod 1000003 below round(6 / 12 x 1000003): about half of them
    assert chosen(people, 6) == [
        "9434765870",
        "9434765919",
        "9434765935",
        "9434765978",
        "9434765994",
        "9434766001",
        "9434766036",
    ]
    assert len(chosen(people, 12)) == 12  # no more people than the limit: everyone


def test_the_outcome_rate_is_kept(engine):
    _name, con = engine
    draw = random.Random(13)
    ids = [str(9_000_000_000 + 7 * i) for i in range(20_000)]
    outcome = [draw.random() < 0.1 for _ in ids]
    table = pa.table({"person_id": ids, "outcome": outcome}, schema=pa.schema(LABELLED.items()))
    people = register(con, "t_training_sample_rate", table)
    rows = sample(people, 2_000).to_pyarrow().to_pylist()
    rate = sum(r["outcome"] for r in rows) / len(rows)
    assert 1_900 <= len(rows) <= 2_100
    assert abs(rate - sum(outcome) / len(outcome)) < 0.015
