"""A generated corpus of malformed feed files mixed with good ones, written at test time.

``write(folder)`` writes every case and returns ``{file name: expectation}``. An expectation gives
the status ingestion must report ("loaded", or "quarantined" when the whole file is refused), the
exact ``rows_in``/``accepted``/``quarantined`` (and ``flagged``) counts, reason fragments, and for a
row-level problem the data row and field it must name. ``good`` marks files with nothing wrong.

Each CSV mutation is applied to a small valid file of every feed kind it fits (three records);
FHIR cases are NDJSON or JSON. Row-level problems are put in record 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from engineroom.population.fhir import NHS_SYSTEM
from engineroom.population.nhs_number import make_valid
from engineroom.population.sources import FEEDS

DATE = "20250331"


def nhs(i: int) -> str:
    """The i-th valid NHS number in the never-issued 9xx range (Modulus 11)."""
    stems = 900_000_000 + i * 37 + np.arange(11)  # some stems have no valid number: the next
    return str(next(n for n in make_valid(stems) if n > 0))


def _demo(i: int) -> list[str]:
    return [nhs(i), f"1950-01-0{i}", "2", "XX1", "E01900000"]


DEMO = "NHS_NUMBER,PERSON_BIRTH_DATE,PERSON_STATED_GENDER_CODE,POSTCODE_DISTRICT,LSOA_OF_RESIDENCE"
APC = (
    "START_DATE_HOSPITAL_PROVIDER_SPELL,DISCHARGE_DATE_HOSPITAL_PROVIDER_SPELL,"
    "ADMISSION_METHOD_HOSPITAL_PROVIDER_SPELL,PRIMARY_DIAGNOSIS_ICD,SECONDARY_DIAGNOSIS_ICD"
)
BASE: dict[str, tuple[str, Callable[[int], list[str]]]] = {
    "gp_patients": (
        "NHS_NUMBER,DATE_OF_BIRTH,SEX,ETHNIC_CATEGORY,POSTCODE_DISTRICT,LSOA,REGISTRATION_DATE,"
        "DATE_OF_DEATH",
        lambda i: [nhs(i), "1950-01-01", "F", "A", "XX1", "E01900000", "2010-01-01", ""],
    ),
    "gp_events": (
        "EVENT_ID,NHS_NUMBER,EVENT_DATE,SNOMED_CODE,VALUE,UNIT",
        lambda i: [f"E{i}", nhs(i), "2024-01-01", "38341003", "150", "mm[Hg]"],
    ),
    "gp_medications": (
        "ISSUE_ID,NHS_NUMBER,ISSUE_DATE,DMD_CODE,QUANTITY",
        lambda i: [f"I{i}", nhs(i), "2025-01-01", "10009999999104", "56"],
    ),
    "sus_apc": (
        f"HOSPITAL_PROVIDER_SPELL_NUMBER,{DEMO},{APC}",
        lambda i: [f"P{i}", *_demo(i), "2024-03-01", "2024-03-04", "21", "I50.0", "E11.9;N18.4"],
    ),
    "ecds": (
        f"EC_ATTENDANCE_ID,{DEMO},ARRIVAL_DATE,EC_CHIEF_COMPLAINT_SNOMED_CT,DECISION_TO_ADMIT",
        lambda i: [f"A{i}", *_demo(i), "2024-01-01", "29857009", "N"],
    ),
    "sus_op": (
        f"APPOINTMENT_ID,{DEMO},APPOINTMENT_DATE,TREATMENT_FUNCTION_CODE,ATTENDED_OR_DID_NOT_ATTEND",
        lambda i: [f"O{i}", *_demo(i), "2024-02-01", "320", "5"],
    ),
    "csds": (
        f"CARE_CONTACT_ID,{DEMO},CONTACT_DATE,SERVICE_TYPE",
        lambda i: [f"C{i}", *_demo(i), "2024-03-01", "Podiatry"],
    ),
    "mhsds": (
        f"CARE_CONTACT_ID,{DEMO},CONTACT_DATE,SERVICE_TYPE",
        lambda i: [f"M{i}", *_demo(i), "2024-03-01", "Crisis resolution"],
    ),
    "asc_cld": (
        f"SERVICE_ID,{DEMO},EVENT_START_DATE,EVENT_END_DATE,SERVICE_TYPE",
        lambda i: [f"S{i}", *_demo(i), "2024-01-01", "2024-06-01", "Home care"],
    ),
    "asc_carehome": (
        f"RESIDENCY_ID,{DEMO},START_DATE,END_DATE,CQC_LOCATION_ID,NURSING",
        lambda i: [f"H{i}", *_demo(i), "2023-01-01", "", "1-123456789", "Y"],
    ),
    "lsoa_imd": ("LSOA_CODE,IMD_DECILE", lambda i: [f"E0190000{i}", str(i)]),
    "ndop": ("NHS_NUMBER", lambda i: [nhs(i)]),
}
KINDS = list(BASE)


def _rows(kind: str) -> tuple[list[str], list[list[str]]]:
    header, row = BASE[kind]
    return header.split(","), [row(i) for i in (1, 2, 3)]


def _csv(header: list[str], rows: list[list[str]], end: str = "\n") -> bytes:
    return (end.join(",".join(r) for r in [header, *rows]) + end).encode()


def _name(kind: str, org: str, ext: str = "csv", date: str = DATE) -> str:
    return f"{kind}__{org}__{date}.{ext}"


def _expect(status="loaded", rows=3, accepted=3, quarantined=0, reasons=(), **more) -> dict:
    return dict(
        status=status,
        rows_in=rows,
        accepted=accepted,
        quarantined=quarantined,
        reasons=list(reasons),
        **more,
    )


def _whole(reason: str, rows: int = 3) -> dict:
    return _expect("quarantined", rows, 0, rows, [reason])


def _row(reason: str, field: str, flagged: bool = False) -> dict:
    if flagged:
        return _expect(flagged=1, flag_reasons=[reason], row=2, field=field)
    return _expect(accepted=2, quarantined=1, reasons=[reason], row=2, field=field)


def _fields(kind: str, parser: str) -> list[str]:
    return [f.feed for f in FEEDS[kind].fields if f.parser == parser]


def _set(kind: str, column: str, value: str, row: int = 1) -> bytes:
    header, rows = _rows(kind)
    rows[row][header.index(column)] = value
    return _csv(header, rows)


# --- whole-file problems -------------------------------------------------------------------
def _whole_file_cases(kind: str) -> dict[str, tuple[bytes, dict]]:
    header, rows = _rows(kind)
    good = _csv(header, rows)
    first = header[0]
    required = [f.feed for f in FEEDS[kind].fields if f.required]
    garbage = bytes(range(0x80, 0xFF))
    wide = 10_000
    unclosed = "\n".join([",".join(header), ",".join(rows[0]), '"' + ",".join(rows[1])])
    unclosed += "\n" + ",".join(rows[2]) + "\n"
    several = len(header) > 1  # a one-column file reads the same with any delimiter
    cases = {
        "dup_header": (_csv([*header, first], [[*r, r[0]] for r in rows]), _whole("repeats")),
        "utf16": (
            "\n".join(",".join(r) for r in [header, *rows]).encode("utf-16"),
            _whole("UTF-16"),
        ),
        "utf32": (good.decode().encode("utf-32"), _whole("UTF-32")),
        "header_latin1": (
            _csv([f"{first}\xe9", *header[1:]], rows).decode().encode("latin-1"),
            _whole("header is not valid UTF-8"),
        ),
        "header_nul": (_csv([first + "\x00", *header[1:]], rows), _whole("control characters")),
        "wide": (
            _csv(header + [f"X{i}" for i in range(wide)], [r + [""] * wide for r in rows]),
            _whole("columns; at most"),
        ),
        "unclosed_quote": (unclosed.encode(), _whole("never closed", rows=2)),
        "empty": (b"", _whole("empty", rows=0)),
        "blank": (b"\n\r\n  \n", _whole("empty", rows=0)),
        "semicolons": (_csv([";".join(header)], [[";".join(r)] for r in rows]), _whole("missing")),
        "tabs": (good.replace(b",", b"\t"), _whole("column missing")),
        "missing_required": (
            _csv(
                [h for h in header if h != required[-1]],
                [[v for h, v in zip(header, r, strict=True) if h != required[-1]] for r in rows],
            ),
            _whole(f"column missing from file: {required[-1]}"),
        ),
        "xml": (
            b'<?xml version="1.0"?>\n<rows>\n<row a="1"/>\n<row a="2"/>\n</rows>\n',
            _whole("column missing", rows=4),
        ),
        "html": (
            b"<html><body>\n<h1>502 Bad Gateway</h1>\n</body></html>\n",
            _whole("column missing", rows=2),
        ),
        "json": (b'[{"NHS_NUMBER": "9434765919"}]\n', _whole("column missing", rows=0)),
        "binary": (garbage + b"\n" + garbage + b"\n" + garbage + b"\n", _whole("UTF-8", rows=2)),
    }
    if not several:
        for name in ("semicolons", "tabs", "missing_required"):
            del cases[name]
    return cases


def _name_cases(kind: str) -> dict[str, tuple[str, bytes, dict]]:
    header, rows = _rows(kind)
    good = _csv(header, rows)
    return {
        "future_extract": (_name(kind, "FUT", date="20991231"), good, _whole("in the future")),
        "bad_extract_date": (_name(kind, "BAD", date="20251340"), good, _whole("not a date")),
        "old_extract": (_name(kind, "OLD", date="18991231"), good, _whole("before 1900-01-01")),
        "unknown_kind": (_name(f"x{kind}", "UNK"), good, _whole("unknown feed kind")),
        "no_pattern": (f"{kind}-extract-final.csv", good, _whole("expected <kind>__<org>")),
    }


def _wrong_kind_cases() -> dict[str, tuple[str, bytes, dict]]:
    """Each kind's file saved under the next distinguishable kind's name (and the measured case:
    an outpatient file saved as the opt-out list)."""
    out = {}
    pairs = [(a, KINDS[(i + 1) % len(KINDS)]) for i, a in enumerate(KINDS)]
    pairs += [("sus_op", "ndop"), ("gp_patients", "ndop"), ("csds", "ndop")]
    for i, (a, b) in enumerate(pairs):
        header, rows = _rows(a)
        if set(header) == set(_rows(b)[0]):
            continue  # csds and mhsds share a layout: nothing in the header tells them apart
        needs = [f.feed for f in FEEDS[b].fields if f.required]
        why = f"header is that of a {a} file" if set(needs) <= set(header) else "column missing"
        out[f"as_{b}_{a}"] = (_name(b, f"W{i:02d}"), _csv(header, rows), _whole(why))
    return out


# --- row-level problems --------------------------------------------------------------------
def _row_cases(kind: str) -> dict[str, tuple[bytes, dict]]:
    header, rows = _rows(kind)
    good = _csv(header, rows)
    first, key = header[0], FEEDS[kind].key
    marked = _set(kind, first, rows[1][0] + "@@")
    cases = {
        # cut two characters into the last record: one field where there should be more
        "truncated": (
            good[: good.rindex(b"\n", 0, -1) + 3],
            _expect(accepted=2, quarantined=1, reasons=["has 1 fields"], row=3)
            if len(header) > 1
            else _expect(accepted=2, quarantined=1, reasons=["not 10 digits"], row=3),
        ),
        "extra_field": (
            _csv(header, [rows[0], [*rows[1], "x"], rows[2]]),
            _expect(accepted=2, quarantined=1, reasons=[f"has {len(header) + 1} fields"], row=2),
        ),
        "latin1_row": (marked.replace(b"@@", b"\xe9"), _row("not valid UTF-8", first)),
        "nul_row": (marked.replace(b"@@", b"\x00"), _row("control characters", first)),
        "overlong": (_set(kind, first, "x" * 2_000), _row("field longer than 1000", first)),
        "duplicate_key": (
            _csv(header, [rows[0], rows[1], rows[1]]),
            _expect(accepted=2, quarantined=1, reasons=["duplicate record key"], row=3, field=key),
        ),
    }
    text = [f.feed for f in FEEDS[kind].fields if f.parser == "str"]
    if text:  # a quoted line break keeps the record whole: three records, five lines
        rows[1][header.index(text[-1])] = f'"{rows[1][header.index(text[-1])]}\nsecond line"'
        cases["quoted_newline"] = (_csv(header, rows), _expect(lines=5))
    return cases | _value_cases(kind) | _date_cases(kind)


def _value_cases(kind: str) -> dict[str, tuple[bytes, dict]]:
    cases = {}
    secondary = FEEDS[kind].demographic_fallback
    for column in _fields(kind, "nhs"):
        cases["nhs_check_digit"] = (
            _set(kind, column, nhs(2)[:-1] + str((int(nhs(2)[-1]) + 1) % 10)),
            _row("Modulus 11", column, flagged=secondary),
        )
        cases["nhs_short"] = (_set(kind, column, "12345"), _row("not 10 digits", column, secondary))
        if not secondary and len(FEEDS[kind].fields) > 1:  # one empty column is a blank line
            cases["nhs_missing"] = (_set(kind, column, ""), _row("NHS number missing", column))
    for column in _fields(kind, "snomed"):
        cases["snomed_wrong_system"] = (_set(kind, column, "I10"), _row("SNOMED CT", column))
    for column in _fields(kind, "icd10"):
        cases["icd_wrong_system"] = (_set(kind, column, "38341003"), _row("ICD-10", column))
    for column in _fields(kind, "float"):
        cases["huge_number"] = (_set(kind, column, "9" * 50), _row("not a number", column))
    codes = {
        "sex": ("Q", "unknown sex code"),
        "ethnicity": ("QQ", "unknown ethnic category"),
        "admission_method": ("99", "unknown admission method"),
        "attended": ("0", "unknown attended/DNA"),
        "yes_no": ("maybe", "expected Y or N"),
        "tfc": ("32", "treatment function"),
        "cqc": ("123456789", "CQC location"),
        "lsoa": ("E0X", "not an LSOA"),
        "decile": ("11", "not a decile"),
    }
    for parser, (value, reason) in codes.items():
        for column in _fields(kind, parser):
            cases[f"bad_{parser}"] = (_set(kind, column, value), _row(reason, column))
    return cases


def _date_cases(kind: str) -> dict[str, tuple[bytes, dict]]:
    cases = {}
    dates = _fields(kind, "date")
    if not dates:
        return cases
    column = next(d for d in dates if d in {f.feed for f in FEEDS[kind].fields if f.required})
    bad = {
        "year_0000": ("0000-01-01", "date before 1900-01-01"),
        "year_1899": ("1899-12-31", "date before 1900-01-01"),
        "future_date": ("2030-01-01", "date after the extract date"),
        "feb_30": ("2024-02-30", "not a valid date"),
        "dmy_date": ("31/12/2024", "not a valid date"),
    }
    for name, (value, reason) in bad.items():
        cases[name] = (_set(kind, column, value), _row(reason, column))
    cases["required_missing"] = (_set(kind, column, ""), _row("required value missing", column))
    for earlier, later in FEEDS[kind].order:
        header, rows = _rows(kind)
        rows[1][header.index(earlier)] = "2020-06-01"
        rows[1][header.index(later)] = "2020-05-01"
        cases[f"order_{later.lower()}"] = (_csv(header, rows), _row(f"{later} is before", later))
    return cases


def _good_cases(kind: str) -> dict[str, tuple[bytes, dict]]:
    header, rows = _rows(kind)
    good = _csv(header, rows)
    return {
        "good": (good, _expect(good=True)),
        "crlf": (_csv(header, rows, "\r\n"), _expect(good=True)),
        "cr_only": (_csv(header, rows, "\r"), _expect(good=True)),
        "bom": (b"\xef\xbb\xbf" + good, _expect(good=True, notes=["byte order mark"])),
        "double_bom": (b"\xef\xbb\xbf" * 2 + good, _expect(good=True, notes=["2 of them"])),
        "blank_lines": (good.replace(b"\n", b"\n\n"), _expect(good=True)),
        "header_only": (_csv(header, []), _expect(rows=0, accepted=0, good=True)),
    }


# --- FHIR ----------------------------------------------------------------------------------
def _patient(pid: str, i: int, **more) -> dict:
    ident = [{"system": NHS_SYSTEM, "value": nhs(i)}]
    base = {"resourceType": "Patient", "id": pid, "identifier": ident, "birthDate": "1950-01-01"}
    return base | more


def _encounter(eid: str, pid: str, **more) -> dict:
    return {
        "resourceType": "Encounter",
        "id": eid,
        "status": "finished",
        "class": {"code": "HH"},
        "subject": {"reference": f"Patient/{pid}"},
        "period": {"start": "2024-05-01"},
    } | more


def _fhir_cases() -> dict[str, tuple[str, bytes, dict]]:
    good = [_patient("p1", 1), _encounter("e1", "p1"), _patient("p2", 2)]
    lines = [json.dumps(r).encode() for r in good]

    def swap(middle: bytes | dict, reason: str, field: str | None = None):
        line = middle if isinstance(middle, bytes) else json.dumps(middle).encode()
        data = b"\n".join([lines[0], line, lines[2]]) + b"\n"
        return data, _expect(accepted=2, quarantined=1, reasons=[reason], row=2, field=field)

    bad_nhs = _patient("p9", 9, identifier=[{"system": NHS_SYSTEM, "value": "9434765910"}])
    cases = {
        "deep": swap(b"[" * 100_000 + b"]" * 100_000, "nested more than"),
        "deep_object": swap(b'{"a":' * 200 + b"1" + b"}" * 200, "nested more than"),
        "type_list": swap({"resourceType": ["Patient"], "id": "x"}, "must be a string"),
        "type_number": swap({"resourceType": 7, "id": "x"}, "must be a string"),
        "type_missing": swap({"id": "x"}, "resourceType missing"),
        "abstract_resource": swap({"resourceType": "Resource", "id": "x"}, "abstract"),
        "abstract_domain": swap({"resourceType": "DomainResource", "id": "x"}, "abstract"),
        "datatype": swap({"resourceType": "HumanName", "family": "X"}, "data type"),
        "unknown_type": swap({"resourceType": "Spaceship", "id": "x"}, "unknown FHIR resource"),
        "duplicate": swap(_patient("p1", 1), "duplicate resource", "id"),
        "nhs_no_value": swap(
            _patient("p3", 3, identifier=[{"system": NHS_SYSTEM}]), "has no value"
        ),
        "nhs_modulus": swap(bad_nhs, "Modulus 11", "Patient.identifier"),
        "huge_int": swap(b'{"resourceType":"Patient","id":"h","x":' + b"9" * 5000 + b"}", "digits"),
        "huge_float": swap(b'{"resourceType":"Patient","id":"h","x":1e999999}', "too large"),
        "nan": swap(b'{"resourceType":"Patient","id":"h","x":NaN}', "not a JSON number"),
        "truncated_line": swap(lines[1][:-7], "not valid JSON"),
        "xml_line": swap(b'<Patient xmlns="http://hl7.org/fhir"/>', "XML"),
        "array_line": swap(b"[1, 2]", "not a JSON object"),
        "scalar_line": swap(b'"Patient"', "not a JSON object"),
        "null_line": swap(b"null", "not a JSON object"),
        "latin1_line": swap(b'{"resourceType":"Patient","id":"caf\xe9"}', "not valid UTF-8"),
        "bad_status": swap(_encounter("e2", "p1", status="done"), "not in the FHIR value set"),
        "unknown_element": swap(_patient("p4", 4, colour="blue"), "FHIR R4 structure"),
        "birth_1850": swap(_patient("p5", 5, birthDate="1850-01-01"), "date before 1900"),
        "birth_future": swap(_patient("p6", 6, birthDate="2030-01-01"), "after the extract"),
        "period_backwards": swap(
            _encounter("e3", "p1", period={"start": "2024-05-02", "end": "2024-05-01"}),
            "period.end is before",
        ),
    }
    out = {k: (_name("fhir", f"F{i:02d}", "ndjson"), *v) for i, (k, v) in enumerate(cases.items())}
    partial = _encounter("e4", "p1", period={"start": "2024"})
    one_bad = {"rows": 1, "accepted": 0, "quarantined": 1, "row": 1}
    singles = {
        "json_xml": (b'<?xml version="1.0"?><Patient/>', _expect(**one_bad, reasons=["XML"])),
        "json_array": (json.dumps(good).encode(), _expect(**one_bad, reasons=["JSON array"])),
        "json_scalar": (b"42", _expect(**one_bad, reasons=["JSON number"])),
        "json_good": (json.dumps(good[0]).encode(), _expect(rows=1, accepted=1, good=True)),
    }
    for i, (k, (data, expect)) in enumerate(singles.items()):
        out[k] = (_name("fhir", f"J{i:02d}", "json"), data, expect)
    ndjson = b"\n".join(lines) + b"\n"
    out |= {
        "fhir_good": (_name("fhir", "G01", "ndjson"), ndjson, _expect(good=True)),
        "fhir_partial_date": (
            _name("fhir", "G02", "ndjson"),
            b"\n".join([*lines, json.dumps(partial).encode()]),
            _expect(rows=4, accepted=4, good=True),
        ),
        "fhir_empty": (_name("fhir", "E01", "ndjson"), b"", _whole("empty", rows=0)),
        "fhir_utf16": (
            _name("fhir", "E02", "ndjson"),
            ndjson.decode().encode("utf-16"),
            _whole("UTF-16"),
        ),
        "fhir_future": (_name("fhir", "E03", "ndjson", "20991231"), ndjson, _whole("future")),
    }
    return out


def cases() -> dict[str, tuple[bytes, dict]]:
    """Every case: file name -> (content, expectation). Row-level cases and a good file for every
    kind; each whole-file case for a third of the kinds, each name case for two, each good
    variant for a quarter (rotating, so every kind meets many)."""
    out: dict[str, tuple[bytes, dict]] = {}
    for n, kind in enumerate(KINDS):
        groups = [
            (_whole_file_cases(kind), 3),
            (_row_cases(kind), 1),
            (_good_cases(kind), 4),
        ]
        for group, every in groups:
            for i, (case, (data, expect)) in enumerate(group.items()):
                if case == "good" or (n + i) % every == 0:
                    org = f"K{n:02d}{case.upper().replace('_', '')}"[:30]
                    out[_name(kind, org)] = (data, expect | {"case": case})
        for i, (case, (name, data, expect)) in enumerate(_name_cases(kind).items()):
            if (n + i) % 6 == 0:
                out[name] = (data, expect | {"case": case})
    for case, (name, data, expect) in (_wrong_kind_cases() | _fhir_cases()).items():
        out[name] = (data, expect | {"case": case})
    return out


def write(folder: Path) -> dict[str, dict]:
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (data, expect) in cases().items():
        (folder / name).write_bytes(data)
        expected[name] = expect
    return expected
