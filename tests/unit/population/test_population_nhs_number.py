"""The vectorised Modulus 11 check agrees with the nhs-number package (the published uk-fci
vectors are checked case by case in test_population_nhs_number_fci.py)."""

import nhs_number as reference
import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from engineroom.population import nhs_number


def test_nhs_number_published_example_9876543210_valid_and_9876544321_invalid():
    assert list(nhs_number.is_valid(pa.array(["9876543210", "9876544321"]))) == [True, False]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789", min_size=10, max_size=10), min_size=1, max_size=50))
def test_nhs_number_vectorised_matches_package(values):
    """The package's is_valid (checksum and CHI date rule) and its issued ranges: ours is both."""
    ours = nhs_number.is_valid(pa.array(values))
    unissued = (reference.REGION_UNALLOCATED, reference.REGION_RESERVED)
    issued = [int(v) >= 10 and not any(r.contains_number(v) for r in unissued) for v in values]
    expected = [reference.is_valid(v) and ok for v, ok in zip(values, issued, strict=True)]
    assert list(ours) == expected


def test_nhs_number_reason_names_the_problem():
    reasons = nhs_number.reason(
        nhs_number.normalise(pa.array(["", "12345", "1234567890", "9434765919"]))
    )
    assert reasons == [
        "NHS number missing",
        "NHS number is not 10 digits",
        "NHS number fails the Modulus 11 check",
        None,
    ]


def test_nhs_number_make_valid_produces_valid_numbers():
    nums = nhs_number.make_valid(np.arange(900_000_000, 900_001_000))
    good = nums[nums >= 0].astype(str)
    assert len(good) > 850
    assert all(reference.is_valid(v) for v in good)


def test_valid_one_agrees_with_the_vectorised_check():
    good = [str(v) for v in nhs_number.make_valid(np.arange(900_000_000, 900_002_000)) if v > 0]
    values = good + [v[:9] + str((int(v[9]) + 1) % 10) for v in good[:500]]
    values += ["", "12345", "abcdefghij", "９４３４７６５９１９", "94347659190"]
    expected = nhs_number.is_valid(pa.array(values))
    assert [nhs_number.valid_one(v) for v in values] == expected.tolist()
    assert 0 < expected.sum() < len(values)


_VALID_STEMS = st.integers(0, 999_999_999).map(
    lambda stem: str(nhs_number.make_valid(np.array([stem]))[0]).zfill(10)
)
_WRITTEN = st.one_of(
    _VALID_STEMS,  # every range: Scottish CHI dates, unallocated, reserved, 999 test numbers
    st.integers(0, 9_999_999_999).map(lambda n: str(n).zfill(10)),
    _VALID_STEMS.map(lambda v: f"{v[:3]} {v[3:6]}-{v[6:]}"),
    st.text(alphabet="0123456789 -\t\u00a0x", max_size=14),
    st.text(max_size=12),
)


@settings(max_examples=500)
@given(_WRITTEN)
def test_one_value_rules_equal_the_vectorised_rules(value):
    normalised = nhs_number.normalise(value) or None
    column = pa.array([normalised], pa.string())
    assert nhs_number.reason_one(value) == nhs_number.reason(column)[0]
    assert nhs_number.is_test_one(value) == bool(nhs_number.is_test(column)[0])
