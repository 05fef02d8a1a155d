"""Source mappings: how each partner's extract lands in the schema contract.

A feed file is named ``<kind>__<org>__<YYYYMMDD>.<ext>`` (e.g. ``sus_apc__RX1__20250331.csv``):
the kind picks the mapping, the org is the sender's ODS/council code, the date is the extract
date (nothing in the file may be dated after it). Each mapping lists the feed's columns, the schema
column each fills and the parser that validates it. Add a partner format by adding a mapping here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from engineroom.population.schema import TABLES


@dataclass(frozen=True)
class Field:
    """One feed column: where it goes in the schema and how to parse it."""

    feed: str
    column: str
    parser: str = "str"  # see engineroom.population.validate.PARSERS
    required: bool = True


@dataclass(frozen=True)
class FeedMapping:
    kind: str
    table: str
    description: str
    fields: tuple[Field, ...]
    key: str  # feed column holding the sender's record id
    demographic_fallback: bool = False  # invalid NHS number -> flag and link by demographics
    org_column: str = "source"  # schema column filled with the sender's code from the file name
    order: tuple[tuple[str, str], ...] = ()  # (earlier, later) date columns that must be in order

    def __post_init__(self) -> None:
        names = set(TABLES[self.table].names)
        for f in self.fields:
            if f.column not in names:
                raise ValueError(f"{self.kind}: {f.feed} maps to unknown column {f.column}")
        for pair in self.order:
            if not set(pair) <= set(self.feed_columns):
                raise ValueError(f"{self.kind}: order {pair} names a column not in the feed")

    @property
    def feed_columns(self) -> list[str]:
        return [f.feed for f in self.fields]


def _demographics() -> tuple[Field, ...]:
    return (
        Field("NHS_NUMBER", "nhs_number", "nhs", required=False),
        Field("PERSON_BIRTH_DATE", "birth_date", "date", required=False),
        Field("PERSON_STATED_GENDER_CODE", "sex", "sex", required=False),
        Field("POSTCODE_DISTRICT", "postcode_district", required=False),
        Field("LSOA_OF_RESIDENCE", "lsoa", required=False),
    )


def _secondary(
    kind: str, table: str, description: str, key: str, *fields: Field, end: str | None = None
) -> FeedMapping:
    """A secondary-care or council feed: its first date is not before birth, nor ``end`` before it."""
    start = next(f.feed for f in fields if f.parser == "date")
    order = (("PERSON_BIRTH_DATE", start), *([(start, end)] if end else []))
    return FeedMapping(
        kind,
        table,
        description,
        (Field(key, "record_id"), *_demographics(), *fields),
        key,
        demographic_fallback=True,
        order=order,
    )


FEEDS: dict[str, FeedMapping] = {
    m.kind: m
    for m in (
        FeedMapping(
            "gp_patients",
            "person",
            "GP practice registered list",
            (
                Field("NHS_NUMBER", "nhs_number", "nhs"),
                Field("GIVEN_NAME", "given_name", required=False),
                Field("FAMILY_NAME", "family_name", required=False),
                Field("DATE_OF_BIRTH", "birth_date", "date"),
                Field("SEX", "sex", "sex"),
                Field("ETHNIC_CATEGORY", "ethnicity_group", "ethnicity", required=False),
                Field("POSTCODE_DISTRICT", "postcode_district", required=False),
                Field("LSOA", "lsoa", required=False),
                Field("REGISTRATION_DATE", "registration_date", "date"),
                Field("DATE_OF_DEATH", "date_of_death", "date", required=False),
            ),
            key="NHS_NUMBER",
            org_column="registered_practice",
            order=(("DATE_OF_BIRTH", "REGISTRATION_DATE"), ("DATE_OF_BIRTH", "DATE_OF_DEATH")),
        ),
        FeedMapping(
            "gp_events",
            "gp_event",
            "GP coded events",
            (
                Field("EVENT_ID", "record_id"),
                Field("NHS_NUMBER", "nhs_number", "nhs"),
                Field("EVENT_DATE", "event_date", "date"),
                Field("SNOMED_CODE", "snomed_code", "snomed"),
                Field("VALUE", "value", "float", required=False),
                Field("UNIT", "unit", required=False),
            ),
            key="EVENT_ID",
        ),
        FeedMapping(
            "gp_medications",
            "medication",
            "GP medicines issued",
            (
                Field("ISSUE_ID", "record_id"),
                Field("NHS_NUMBER", "nhs_number", "nhs"),
                Field("ISSUE_DATE", "issue_date", "date"),
                Field("DMD_CODE", "dmd_code", "snomed"),
                Field("QUANTITY", "quantity", "float", required=False),
            ),
            key="ISSUE_ID",
        ),
        _secondary(
            "sus_apc",
            "apc_episode",
            "SUS admitted patient care spells",
            "HOSPITAL_PROVIDER_SPELL_NUMBER",
            Field("START_DATE_HOSPITAL_PROVIDER_SPELL", "admission_date", "date"),
            Field("DISCHARGE_DATE_HOSPITAL_PROVIDER_SPELL", "discharge_date", "date", False),
            Field(
                "ADMISSION_METHOD_HOSPITAL_PROVIDER_SPELL", "admission_method", "admission_method"
            ),
            Field("PRIMARY_DIAGNOSIS_ICD", "primary_diagnosis", "icd10"),
            Field("SECONDARY_DIAGNOSIS_ICD", "secondary_diagnoses", "icd10_list", False),
            end="DISCHARGE_DATE_HOSPITAL_PROVIDER_SPELL",
        ),
        _secondary(
            "ecds",
            "ae_attendance",
            "Emergency Care Data Set attendances",
            "EC_ATTENDANCE_ID",
            Field("ARRIVAL_DATE", "arrival_date", "date"),
            Field("EC_CHIEF_COMPLAINT_SNOMED_CT", "chief_complaint", "snomed", False),
            Field("DECISION_TO_ADMIT", "admitted", "yes_no"),
        ),
        _secondary(
            "sus_op",
            "outpatient",
            "SUS outpatient appointments",
            "APPOINTMENT_ID",
            Field("APPOINTMENT_DATE", "appointment_date", "date"),
            Field("TREATMENT_FUNCTION_CODE", "treatment_function", "tfc"),
            Field("ATTENDED_OR_DID_NOT_ATTEND", "attended", "attended"),
        ),
        _secondary(
            "csds",
            "community_contact",
            "Community Services Data Set contacts",
            "CARE_CONTACT_ID",
            Field("CONTACT_DATE", "contact_date", "date"),
            Field("SERVICE_TYPE", "service"),
        ),
        _secondary(
            "mhsds",
            "mh_contact",
            "Mental Health Services Data Set contacts",
            "CARE_CONTACT_ID",
            Field("CONTACT_DATE", "contact_date", "date"),
            Field("SERVICE_TYPE", "service"),
        ),
        _secondary(
            "asc_cld",
            "social_care_service",
            "Adult social care client level data",
            "SERVICE_ID",
            Field("EVENT_START_DATE", "start_date", "date"),
            Field("EVENT_END_DATE", "end_date", "date", False),
            Field("SERVICE_TYPE", "service_type"),
            end="EVENT_END_DATE",
        ),
        _secondary(
            "asc_carehome",
            "care_home_residency",
            "Council care home placements",
            "RESIDENCY_ID",
            Field("START_DATE", "start_date", "date"),
            Field("END_DATE", "end_date", "date", False),
            Field("CQC_LOCATION_ID", "care_home", "cqc"),
            Field("NURSING", "nursing", "yes_no"),
            end="END_DATE",
        ),
        FeedMapping(
            "lsoa_imd",
            "lsoa_deprivation",
            "IMD deciles by LSOA (reference)",
            (
                Field("LSOA_CODE", "lsoa", "lsoa"),
                Field("IMD_DECILE", "deprivation_decile", "decile"),
            ),
            key="LSOA_CODE",
        ),
        FeedMapping(
            "ndop",
            "national_opt_out",
            "National data opt-out list",
            (Field("NHS_NUMBER", "nhs_number", "nhs"),),
            key="NHS_NUMBER",
        ),
    )
}

NAME = re.compile(
    r"^(?P<kind>[a-z0-9_]+?)__(?P<org>[A-Za-z0-9-]+)__(?P<date>\d{8})\.(?P<ext>[a-z]+)$"
)


@dataclass(frozen=True)
class FeedName:
    kind: str
    org: str
    extract_date: date
    ext: str
    folder: str | None = None  # a FHIR delivery folder (bulk $export) this file belongs to


class FeedNameError(ValueError):
    """The file name does not say what the feed is; the message says what was expected."""


def parse_name(path: str | Path) -> FeedName:
    """Read kind, sender and extract date from a feed file name."""
    name = Path(path).name
    m = NAME.match(name)
    if not m and (member := _folder_member(Path(path))):
        return member
    if not m:
        raise FeedNameError(f"{name}: expected <kind>__<org>__<YYYYMMDD>.<csv|ndjson|json|xml>")
    kind = m["kind"]
    if kind not in FEEDS and kind != "fhir":
        raise FeedNameError(f"{name}: unknown feed kind {kind!r} (known: fhir, {', '.join(FEEDS)})")
    try:
        day = date(int(m["date"][:4]), int(m["date"][4:6]), int(m["date"][6:]))
    except ValueError as exc:
        raise FeedNameError(f"{name}: extract date {m['date']} is not a date") from exc
    return FeedName(kind, m["org"], day, m["ext"])


# A FHIR delivery folder (e.g. a Bulk Data $export: NDJSON per resource type and its manifest)
# is named like a feed file without the extension; each file in it is read as part of that feed.
FOLDER = re.compile(r"^fhir__(?P<org>[A-Za-z0-9-]+)__(?P<date>\d{8})$")
FOLDER_SUFFIXES = {".ndjson", ".json", ".xml"}


def _folder_member(path: Path) -> FeedName | None:
    m = FOLDER.match(path.parent.name)
    if not m or path.suffix.lower() not in FOLDER_SUFFIXES:
        return None
    try:
        day = date(int(m["date"][:4]), int(m["date"][4:6]), int(m["date"][6:]))
    except ValueError as exc:
        raise FeedNameError(f"{path.parent.name}: extract date {m['date']} is not a date") from exc
    return FeedName("fhir", m["org"], day, path.suffix.lower().lstrip("."), str(path.parent))


def feed_label(path: str | Path) -> str:
    """How a feed file is named in reports: ``<folder>/<file>`` inside a FHIR delivery folder."""
    path = Path(path)
    inside = FOLDER.match(path.parent.name) and not NAME.match(path.name)
    return f"{path.parent.name}/{path.name}" if inside else path.name


def feed_filename(kind: str, org: str, extract_date: date, ext: str = "csv") -> str:
    return f"{kind}__{org}__{extract_date:%Y%m%d}.{ext}"
