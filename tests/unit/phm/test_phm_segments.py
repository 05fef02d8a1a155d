"""Bridges to Health: eight segments, exactly one per person, by the documented priority order."""

import ibis
import numpy as np
import pyarrow as pa

from engineroom.population.phm import segments
from engineroom.population.phm.codes import CONDITIONS


def person(**changes):
    row = {c: False for c in CONDITIONS} | {
        "age": 40,
        "efi": 0.0,
        "emergency_admissions": 0,
        "ae_attendances": 0,
        "maternity_admissions": 0,
    }
    return row | changes


def assign(*rows):
    table = ibis.memtable(pa.Table.from_pylist(list(rows)))
    return segments.assign(table).to_pyarrow().column("segment").to_pylist()


def test_eight_segments():
    assert len(segments.SEGMENTS) == 8


def test_each_rule_on_its_own():
    assert assign(
        person(palliative_care=True),
        person(dementia=True),
        person(efi=0.25),
        person(heart_failure=True),
        person(learning_disability=True),
        person(hypertension=True),
        person(age=0),
        person(maternity_admissions=1),
        person(ae_attendances=1),
        person(),
    ) == [
        "end_of_life",
        "frailty_dementia",
        "frailty_dementia",
        "organ_failure",
        "stable_disability",
        "chronic_conditions",
        "maternal_infant",
        "maternal_infant",
        "acutely_ill",
        "healthy",
    ]


def test_priority_order_decides_people_meeting_several_rules():
    everything = person(
        palliative_care=True,
        dementia=True,
        copd=True,
        smi=True,
        diabetes=True,
        emergency_admissions=3,
        age=80,
        efi=0.5,
    )
    assert assign(everything) == ["end_of_life"]
    assert assign(person(cancer=True, emergency_admissions=2)) == ["end_of_life"]
    assert assign(person(cancer=True, emergency_admissions=1)) == ["chronic_conditions"]
    assert assign(person(copd=True, dementia=True)) == ["frailty_dementia"]
    assert assign(person(copd=True, smi=True)) == ["organ_failure"]
    assert assign(person(smi=True, asthma=True)) == ["stable_disability"]
    assert assign(person(asthma=True, emergency_admissions=1)) == ["chronic_conditions"]
    assert assign(person(efi=0.24)) == ["healthy"]  # mild frailty alone is not the segment


def test_everyone_gets_exactly_one_known_segment():
    rng = np.random.default_rng(1)
    rows = [
        person(
            **{c: bool(rng.random() < 0.2) for c in CONDITIONS},
            age=int(rng.integers(0, 100)),
            efi=float(rng.random() / 2),
            emergency_admissions=int(rng.poisson(0.3)),
        )
        for _ in range(500)
    ]
    out = assign(*rows)
    assert len(out) == 500 and set(out) <= {k for k, _ in segments.SEGMENTS}
