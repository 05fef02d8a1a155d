"""The schema contract: the person-level tables analysts query, with typed, described columns.

Modelled on ehrQL's separation of concerns: this module says *what* the tables are; the feed
mappings in :mod:`engineroom.population.sources` say how each partner's extract lands in them;
the engines (:mod:`engineroom.population.engine`) execute expressions over them. The reference
documentation (``docs/population.md``) is generated from these declarations by :func:`docs_markdown`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

TYPES: dict[str, pa.DataType] = {
    "str": pa.string(),
    "date": pa.date32(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
}


@dataclass(frozen=True)
class Column:
    """One column: its name, logical type and what it means to an analyst."""

    name: str
    type: str
    description: str
    identifiable: bool = False

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name}: unknown type {self.type!r}")


@dataclass(frozen=True)
class Table:
    """A declared table. Every event table carries the linkage and provenance columns too."""

    name: str
    description: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, TYPES[c.type]) for c in self.columns])


def _c(name: str, type_: str, description: str, identifiable: bool = False) -> Column:
    return Column(name, type_, description, identifiable)


# Columns every feed-derived row carries: who it is about, where it came from, how it was linked.
IDENTITY = (
    _c("nhs_number", "str", "NHS number (Modulus 11 valid) or empty if missing/invalid", True),
    _c("birth_date", "date", "Date of birth as sent by the partner (linkage only)", True),
    _c("sex", "str", "Sex: F, M or U (unknown/indeterminate)"),
    _c("postcode_district", "str", "Outward postcode, e.g. LS1 (linkage only)", True),
    _c("lsoa", "str", "Lower layer super output area of residence (2021 code)"),
)
PROVENANCE = (
    _c("source", "str", "ODS code (or council code) of the sending organisation"),
    _c("record_id", "str", "The sender's own identifier for the record (deduplication key)"),
    _c("load_id", "str", "Content hash of the feed file the row arrived in"),
    _c("row_number", "int", "Data row number in that file (1 = first row after the header)"),
    _c("nhs_number_issue", "str", "Why the NHS number was unusable, empty if it was valid"),
)


def _event(name: str, description: str, *columns: Column) -> Table:
    return Table(name, description, IDENTITY + tuple(columns) + PROVENANCE)


PERSON = Table(
    "person",
    "One row per person registered with a practice in the region (from GP registration feeds).",
    (
        _c("nhs_number", "str", "NHS number, the person key (Modulus 11 valid)", True),
        _c("given_name", "str", "Given name (identifiable; direct care only)", True),
        _c("family_name", "str", "Family name (identifiable; direct care only)", True),
        _c(
            "birth_date", "date", "Date of birth (identifiable; linkage and direct care only)", True
        ),
        _c("birth_month", "date", "First day of the month of birth (safe for secondary use)"),
        _c("sex", "str", "Sex: F, M or U"),
        _c(
            "ethnicity_group",
            "str",
            "Census 2021 high-level group: White/Asian/Black/Mixed/Other/U",
        ),
        _c("postcode_district", "str", "Outward postcode of residence", True),
        _c("lsoa", "str", "LSOA 2021 code of residence"),
        _c("deprivation_decile", "int", "IMD decile of the LSOA, 1 = most deprived"),
        _c("registered_practice", "str", "ODS code of the registered GP practice"),
        _c("registration_date", "date", "Date registration with that practice began"),
        _c("date_of_death", "date", "Date of death if the person has died"),
        *PROVENANCE[:4],
    ),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        PERSON,
        _event(
            "gp_event",
            "Coded events in the GP record: diagnoses, findings, measurements, objections.",
            _c("event_date", "date", "Date the event was recorded as happening"),
            _c("snomed_code", "str", "SNOMED CT concept id (Verhoeff check digit valid)"),
            _c("value", "float", "Numeric value for measurements, empty otherwise"),
            _c("unit", "str", "Unit of the value, e.g. mm[Hg]"),
        ),
        _event(
            "medication",
            "Medicines issued by the practice.",
            _c("issue_date", "date", "Date the prescription was issued"),
            _c("dmd_code", "str", "dm+d concept id (SNOMED CT identifier)"),
            _c("quantity", "float", "Quantity issued"),
        ),
        _event(
            "ae_attendance",
            "Emergency department attendances (ECDS shape).",
            _c("arrival_date", "date", "Date of arrival"),
            _c("chief_complaint", "str", "ECDS chief complaint, SNOMED CT"),
            _c("admitted", "bool", "Whether the attendance ended in admission"),
        ),
        _event(
            "apc_episode",
            "Admitted patient care spells (SUS APC shape).",
            _c("admission_date", "date", "Start of the hospital provider spell"),
            _c("discharge_date", "date", "End of the spell, empty if not yet discharged"),
            _c(
                "admission_method", "str", "elective, emergency, maternity or other (from SUS code)"
            ),
            _c("primary_diagnosis", "str", "Primary diagnosis, ICD-10 (e.g. I50.0)"),
            _c("secondary_diagnoses", "str", "Secondary diagnoses, ICD-10, ';'-separated"),
        ),
        _event(
            "outpatient",
            "Outpatient appointments (SUS OP shape).",
            _c("appointment_date", "date", "Date of the appointment"),
            _c("treatment_function", "str", "Treatment function code (e.g. 320 cardiology)"),
            _c("attended", "bool", "True if seen, False if did not attend or cancelled"),
        ),
        _event(
            "community_contact",
            "Community health services contacts (CSDS shape or FHIR Encounter).",
            _c("contact_date", "date", "Date of the care contact"),
            _c("service", "str", "Service or team type, e.g. district nursing"),
        ),
        _event(
            "mh_contact",
            "Mental health services contacts (MHSDS shape).",
            _c("contact_date", "date", "Date of the care contact"),
            _c("service", "str", "Service or team type, e.g. community mental health team"),
        ),
        _event(
            "social_care_service",
            "Adult social care services (client level data shape).",
            _c("start_date", "date", "Start of the service"),
            _c("end_date", "date", "End of the service, empty if ongoing"),
            _c("service_type", "str", "Service type, e.g. Home care, Residential care"),
        ),
        _event(
            "care_home_residency",
            "Periods of residence in a care home.",
            _c("start_date", "date", "Start of the residency"),
            _c("end_date", "date", "End of the residency, empty if ongoing"),
            _c("care_home", "str", "CQC location id of the care home"),
            _c("nursing", "bool", "True if a nursing home"),
        ),
        Table(
            "lsoa_deprivation",
            "Reference: Index of Multiple Deprivation decile per LSOA (public, MHCLG).",
            (
                _c("lsoa", "str", "LSOA 2021 code"),
                _c("deprivation_decile", "int", "IMD decile, 1 = most deprived"),
                *PROVENANCE[:4],
            ),
        ),
        Table(
            "national_opt_out",
            "NHS numbers with a national data opt-out (excluded from secondary use only).",
            (
                _c("nhs_number", "str", "NHS number of a person who has opted out", True),
                *PROVENANCE[:4],
            ),
        ),
        Table(
            "fhir_resource",
            "Every valid FHIR resource received, kept whole (mapped ones also land in tables).",
            (
                _c("resource_type", "str", "FHIR resourceType"),
                _c("resource_id", "str", "Resource.id"),
                _c("json", "str", "The resource as received"),
                *PROVENANCE[:4],
            ),
        ),
    )
}

EVENT_TABLES = tuple(n for n, t in TABLES.items() if "nhs_number_issue" in t.names)


def docs_markdown() -> str:
    """Reference documentation for every table and column, generated from the declarations."""
    lines = ["## Schema reference (generated from `engineroom.population.schema`)", ""]
    for table in TABLES.values():
        lines += [f"### `{table.name}`", "", table.description, ""]
        lines += ["| column | type | description |", "|---|---|---|"]
        for col in table.columns:
            flag = " *(identifiable)*" if col.identifiable else ""
            lines.append(f"| `{col.name}` | {col.type} | {col.description}{flag} |")
        lines.append("")
    return "\n".join(lines)
