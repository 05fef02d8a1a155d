"""The keyed pseudonym computed in the engine equals the Python reference, on every engine."""

from engineroom.population.pseudonymise import pseudo_id, pseudonymised

NUMBERS = """
| nhs_number | record_id |
| 9434765919 | a         |
| 9434765870 | b         |
|            | c         |
| 9434765919 | d         |
"""


def _pseudonyms(table, key, name="pseudo_id"):
    rows = pseudonymised(table, "nhs_number", key, name).to_pyarrow().to_pylist()
    return {r["record_id"]: r[name] for r in rows}


def test_pseudonym_in_the_engine_equals_pseudo_id(load):
    key = b"spec-key"
    got = _pseudonyms(load(NUMBERS, "national_opt_out"), key)
    assert got == {
        "a": pseudo_id("9434765919", key),
        "b": pseudo_id("9434765870", key),
        "c": None,
        "d": pseudo_id("9434765919", key),
    }
    assert len(got["a"]) == 32 and got["a"] != got["b"]


def test_pseudonym_depends_on_the_key_including_long_keys(load):
    table = load(NUMBERS, "national_opt_out")
    long_key = b"k" * 100  # longer than SHA-256's block: hashed first, as HMAC specifies
    short, long_ = _pseudonyms(table, b"one"), _pseudonyms(table, long_key)
    assert short["a"] != long_["a"]
    assert long_["a"] == pseudo_id("9434765919", long_key)


def test_pseudonymised_keeps_rows_and_columns_and_names_the_new_one(load):
    table = load(NUMBERS, "national_opt_out")
    out = pseudonymised(table, "nhs_number", b"k", name="pid")
    assert out.columns == (*table.columns, "pid")
    assert out.count().to_pyarrow().as_py() == 4
