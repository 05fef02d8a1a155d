"""Clinical code syntax checks catch codes from the wrong system."""

import pyarrow as pa

from engineroom.population.codes import icd10_valid, snomed_valid
from engineroom.population.synth import params as P


def test_codes_every_snomed_code_we_generate_is_valid():
    generated = [c["snomed"] for c in P.CONDITIONS.values()] + list(P.EFI_CODED.values())
    generated += [P.TYPE1_SNOMED, P.BP_SYSTOLIC, P.BP_DIASTOLIC, *P.CHIEF_COMPLAINTS]
    generated += [P.fictional_dmd(i) for i in range(len(P.MEDICINES))]
    assert snomed_valid(pa.array(generated)).all()


def test_codes_snomed_rejects_read_codes_and_bad_check_digits():
    assert list(snomed_valid(pa.array(["G30..", "38341004", "38341003", None]))) == [
        False,
        False,
        True,
        True,
    ]


def test_codes_icd10_shapes():
    assert list(icd10_valid(pa.array(["I50.0", "F03.X", "E119", "XYZ", "I50.0;E11.9"]))) == [
        True,
        True,
        True,
        False,
        False,
    ]
