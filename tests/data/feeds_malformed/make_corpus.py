"""Writes the malformed-feed corpus beside this file (run once; outputs are committed).

Each file exercises one way real extracts go wrong; ``expected.json`` says what ingestion must
report for it ("status" is "loaded" unless the whole file is refused). Run:
``python tests/data/feeds_malformed/make_corpus.py``. The much larger corpus written at test time
(hundreds of malformed files mixed with good ones) is ``generated.py`` beside this file.
"""

import json
from pathlib import Path

HERE = Path(__file__).parent
DEMO = "NHS_NUMBER,PERSON_BIRTH_DATE,PERSON_STATED_GENDER_CODE,POSTCODE_DISTRICT,LSOA_OF_RESIDENCE"
ROW = "9434765919,1950-01-01,2,XX1,E01900000"
FILES = {
    # truncated mid-row: the last row has too few fields
    "gp_events__Y00001__20250331.csv": (
        "EVENT_ID,NHS_NUMBER,EVENT_DATE,SNOMED_CODE,VALUE,UNIT\n"
        "E1,9434765919,2024-01-01,38341003,,\nE2,9434765919,2024-02-01,271649006,150,mm[Hg]\nE3,94347",
        dict(rows_in=3, accepted=2, quarantined=1, reasons=["fields, expected 6"]),
    ),
    "asc_cld__E06000001__20250331.csv": (
        (
            "SERVICE_ID," + DEMO + ",EVENT_START_DATE,EVENT_END_DATE,SERVICE_TYPE\n"
            f"S1,{ROW},2024-01-01,,Home care\n"
        ).encode()
        + f"S2,{ROW},2024-01-01,,Caf\xe9 day care\n".encode("cp1252"),
        dict(rows_in=2, accepted=1, quarantined=1, reasons=["not valid UTF-8"]),
    ),
    "csds__R0A01__20250331.csv": (
        b"\xef\xbb\xbf"
        + (
            "CARE_CONTACT_ID," + DEMO + ",CONTACT_DATE,SERVICE_TYPE\n"
            f"C1,{ROW},2024-03-01,Podiatry\n"
        ).encode(),
        dict(rows_in=1, accepted=1, quarantined=0, reasons=[], notes=["byte order mark"]),
    ),
    "ecds__R0A02__20250331.csv": (
        "EC_ATTENDANCE_ID," + DEMO + ",ARRIVAL_DT,EC_CHIEF_COMPLAINT_SNOMED_CT,DECISION_TO_ADMIT\n"
        f"A1,{ROW},2024-01-01,29857009,N\nA2,{ROW},2024-01-02,29857009,Y\n",
        dict(
            status="quarantined",
            rows_in=2,
            accepted=0,
            quarantined=2,
            reasons=["column missing from file: ARRIVAL_DATE"],
        ),
    ),
    "sus_op__R0A03__20250331.csv": (
        "APPOINTMENT_ID," + DEMO + ",TREATMENT_FUNCTION_CODE,ATTENDED_OR_DID_NOT_ATTEND\n"
        f"O1,{ROW},320,5\n",
        dict(
            status="quarantined",
            rows_in=1,
            accepted=0,
            quarantined=1,
            reasons=["column missing from file: APPOINTMENT_DATE"],
        ),
    ),
    "sus_apc__R0A04__20250331.csv": (
        "HOSPITAL_PROVIDER_SPELL_NUMBER," + DEMO + ",START_DATE_HOSPITAL_PROVIDER_SPELL,"
        "DISCHARGE_DATE_HOSPITAL_PROVIDER_SPELL,ADMISSION_METHOD_HOSPITAL_PROVIDER_SPELL,"
        "PRIMARY_DIAGNOSIS_ICD,SECONDARY_DIAGNOSIS_ICD\n"
        f"P1,{ROW},2024-02-30,,21,I50.0,\nP2,{ROW},31/12/2024,,21,I50.0,\n"
        f"P3,{ROW},2024-03-01,2024-03-04,21,I50.0,E11.9;N18.4\nP4,{ROW},2024-03-01,,99,I50.0,\n",
        dict(
            rows_in=4,
            accepted=1,
            quarantined=3,
            reasons=["not a valid date", "unknown admission method code"],
        ),
    ),
    "mhsds__R0A05__20250331.csv": (
        "CARE_CONTACT_ID," + DEMO + ",CONTACT_DATE,SERVICE_TYPE\n"
        f"M1,{ROW},2026-01-01,Crisis resolution\nM2,{ROW},2025-03-31,Crisis resolution\n",
        dict(rows_in=2, accepted=1, quarantined=1, reasons=["date after the extract date"]),
    ),
    "gp_patients__Y00002__20250331.csv": (
        "NHS_NUMBER,DATE_OF_BIRTH,SEX,ETHNIC_CATEGORY,POSTCODE_DISTRICT,LSOA,REGISTRATION_DATE,DATE_OF_DEATH\n"
        "9434765919,1950-01-01,F,A,XX1,E01900000,2010-01-01,\n"
        "1234567890,1950-01-01,F,A,XX1,E01900000,2010-01-01,\n"
        "12345,1950-01-01,F,A,XX1,E01900000,2010-01-01,\n"
        ",1950-01-01,F,A,XX1,E01900000,2010-01-01,\n",
        dict(
            rows_in=4,
            accepted=1,
            quarantined=3,
            reasons=["Modulus 11", "not 10 digits", "NHS number missing"],
        ),
    ),
    "gp_medications__Y00003__20250331.csv": (
        "ISSUE_ID,NHS_NUMBER,ISSUE_DATE,DMD_CODE,QUANTITY\n"
        "I1,9434765919,2025-01-01,10009999999104,56\nI1,9434765919,2025-01-01,10009999999104,56\n"
        "I2,9434765919,2025-02-01,10009999999104,56\n",
        dict(rows_in=3, accepted=2, quarantined=1, reasons=["duplicate record key"]),
    ),
    "gp_events__Y00004__20250331.csv": (
        b"",
        dict(status="quarantined", rows_in=0, accepted=0, quarantined=0, reasons=["is empty"]),
    ),
    "csds__R0A06__20250331.csv": (
        "CARE_CONTACT_ID," + DEMO + ",CONTACT_DATE,SERVICE_TYPE\n",
        dict(rows_in=0, accepted=0, quarantined=0, reasons=[]),
    ),
    "mhsds__R0A07__20250331.csv": (
        "CARE_CONTACT_ID," + DEMO + ",CONTACT_DATE,SERVICE_TYPE\n"
        f"M1,{ROW},2024-01-01,{'x' * 2_000_000}\nM2,{ROW},2024-01-01,Crisis resolution\n",
        dict(rows_in=2, accepted=1, quarantined=1, reasons=["field longer than"]),
    ),
    "random_extract.csv": (
        "a,b\n1,2\n3,4\n",
        dict(
            status="quarantined",
            rows_in=2,
            accepted=0,
            quarantined=2,
            reasons=["expected <kind>__<org>__<YYYYMMDD>"],
        ),
    ),
}


def main() -> None:
    expected = {}
    for name, (content, expect) in FILES.items():
        data = content.encode() if isinstance(content, str) else content
        (HERE / name).write_bytes(data)
        expected[name] = expect
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
