"""The electronic Frailty Index: 36 deficits, score = count/36, categories at 0.12/0.24/0.36."""

import ibis
import pytest

from engineroom.population.phm.codes import efi_deficit_codes
from engineroom.population.phm.frailty import add_efi, category


def scored(coded: list[int], medicines: list[int]) -> list[dict]:
    t = ibis.memtable({"efi_coded": coded, "medicines": medicines})
    return add_efi(t).to_pyarrow().to_pylist()


def test_thirty_five_coded_deficits_plus_polypharmacy():
    assert len(efi_deficit_codes()) == 35
    efi = [r["efi"] for r in scored([35, 0, 0], [5, 4, 5])]
    assert efi == [1.0, 0.0, pytest.approx(1 / 36)]


@pytest.mark.parametrize(
    ("deficits", "expected"),
    [
        (0, "fit"),
        (4, "fit"),
        (5, "mild"),
        (8, "mild"),
        (9, "moderate"),
        (12, "moderate"),
        (13, "severe"),
        (35, "severe"),
    ],
)
def test_categories_from_deficit_counts(deficits, expected):
    assert scored([deficits], [0])[0]["efi_category"] == expected


def test_cut_points_belong_to_the_lower_category():
    t = ibis.memtable({"efi": [0.12, 0.1201, 0.24, 0.2401, 0.36, 0.3601, 13 / 36]})
    got = t.select(c=category(t.efi)).to_pyarrow().column("c").to_pylist()
    assert got == ["fit", "mild", "mild", "moderate", "moderate", "severe", "severe"]
