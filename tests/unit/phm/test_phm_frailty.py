"""The electronic Frailty Index: 36 deficits, score = count/36, categories at 0.12/0.24/0.36."""

import numpy as np
import pytest

from engineroom.population.phm.codes import efi_deficit_codes
from engineroom.population.phm.frailty import efi_category, efi_score


def test_thirty_five_coded_deficits_plus_polypharmacy():
    assert len(efi_deficit_codes()) == 35
    assert efi_score([35], [5])[0] == 1.0
    assert efi_score([0], [4])[0] == 0.0
    assert efi_score([0], [5])[0] == pytest.approx(1 / 36)


@pytest.mark.parametrize(
    ("deficits", "category"),
    [
        (0, "fit"),
        (4, "fit"),
        (5, "mild"),
        (8, "mild"),
        (9, "moderate"),
        (12, "moderate"),
        (13, "severe"),
        (36, "severe"),
    ],
)
def test_categories_from_deficit_counts(deficits, category):
    assert efi_category([deficits / 36])[0] == category


def test_cut_points_belong_to_the_lower_category():
    assert list(efi_category([0.12, 0.1201, 0.24, 0.2401, 0.36, 0.3601])) == [
        "fit",
        "mild",
        "mild",
        "moderate",
        "moderate",
        "severe",
    ]


def test_impossible_deficit_counts_are_refused():
    with pytest.raises(ValueError):
        efi_score(np.array([36]), np.array([0]))
