"""The code lists as data: every CSV in OpenCodelists' format, named in the index with its
source and version, SNOMED CT ids with a valid Verhoeff check digit."""

import csv
import re

import pytest

from engineroom.population.codes import ICD10_PATTERN, SNOMED_PATTERN, verhoeff_digit
from engineroom.population.phm import codes

FILES = sorted(p.name for p in codes.FOLDER.glob("*.csv"))
ENTRIES = {e["file"]: e for e in codes.index()["lists"]}


def test_every_csv_is_named_in_the_index_and_every_entry_has_a_file():
    assert FILES and set(FILES) == set(ENTRIES)
    assert len(ENTRIES) == len(codes.index()["lists"])  # no file listed twice


@pytest.mark.parametrize("name", FILES)
def test_each_list_parses_with_unique_codes_and_terms(name):
    with (codes.FOLDER / name).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == ["code", "term"]
        rows = list(reader)
    assert rows and all(len(r) == 2 and r[0] and r[1].strip() for r in rows)
    found = [r[0] for r in rows]
    assert len(found) == len(set(found))


@pytest.mark.parametrize("name", FILES)
def test_each_list_names_its_role_system_source_and_version(name):
    entry = ENTRIES[name]
    assert entry["role"] in {*codes.ROLES, "hospital_diagnosis"}
    assert entry["coding_system"] in {"snomedct", "icd10"}
    assert len(entry["source"]) > 20
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["version"])


@pytest.mark.parametrize("name", FILES)
def test_codes_are_well_formed_for_their_coding_system(name):
    entry = ENTRIES[name]
    for code, _term in codes.read_list(name):
        if entry["coding_system"] == "snomedct":
            assert re.fullmatch(SNOMED_PATTERN, code), code
            assert verhoeff_digit(code[:-1]) == int(code[-1]), f"{name}: {code} check digit"
        else:
            assert re.fullmatch(ICD10_PATTERN, code), code


def test_the_loader_keeps_its_shape_for_features_casefinding_and_the_efi():
    lists = codes.codelists()
    assert set(lists["conditions"]) == set(codes.CONDITIONS)
    assert len(codes.efi_deficit_codes()) == codes.EFI_DEFICITS - 1
    assert set(lists["efi_from_conditions"].values()) <= set(codes.CONDITIONS)
    assert lists["measurements"]["acr"] == ["1023491000000104"]
    assert lists["measurements"]["pulse_rate"] == ["78564009"]
    assert lists["icd10_af"] == ["I48"]
    assert ("38341003", "cond:hypertension") in codes.code_rows()


def test_a_mistyped_code_fails_the_check_digit():
    assert verhoeff_digit("3834100") == 3  # 38341003 is valid ...
    assert verhoeff_digit("3834100") != 4  # ... so 38341004 is not
