"""FHIR source mappings: which element of which resource feeds which schema column.

Declarative, like the CSV mappings in :mod:`engineroom.population.sources`: each
:class:`ResourceMapping` names a resource type, the schema table it lands in, the element holding
the reference to its Patient and, per column, a *reader* and the element paths it tries in order
(the first one present wins; a path walks objects and takes the first item of a list). The readers
are interpreted by :mod:`engineroom.population.fhir.mapping`:

- ``text``: a string; ``float``: a number; ``date``: a whole date (``YYYY-MM-DD``, taken from a
  date, dateTime or instant; partial dates are not mapped);
- ``snomed``: the code of the first coding with system ``http://snomed.info/sct`` in a
  CodeableConcept (codes in other systems, e.g. LOINC, RxNorm, CVX, are kept raw in
  ``fhir_resource`` but never put in a SNOMED CT column);
- ``nhs``: the value of the identifier with the NHS number system; ``ods``: the ODS code of a
  Reference (or list of them) given by identifier; ``sex``, ``ethnicity``, ``district``: FHIR
  gender, the UK Core ethnic category extension and a postcode, turned into the schema's codes.

A resource outside its mapping's ``scope`` (an Encounter that is not a community contact:
:data:`COMMUNITY`) is kept raw in ``fhir_resource`` and counted in the notes by its code. A row
is mapped only when every ``required`` column has a value; each mapped row keeps ``source``,
``record_id`` (``<resourceType>:<id>``) and ``row_number``. ``dates`` are the elements checked to
be real dates between 1900-01-01 and the extract date (and ``order``-ed pairs in order); a
resource failing them is quarantined, like a CSV row.
"""

from __future__ import annotations

from dataclasses import dataclass

from engineroom.population.schema import TABLES

NHS_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEMS = (
    "https://fhir.nhs.uk/Id/ods-organization-code",
    "https://fhir.nhs.uk/Id/ods-site-code",
)
SNOMED_SYSTEM = "http://snomed.info/sct"
ETHNIC_EXTENSION = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory"
READERS = {"text", "float", "date", "snomed", "nhs", "ods", "sex", "ethnicity", "district"}


@dataclass(frozen=True)
class Element:
    """One schema column: the reader and the element paths it tries, first present wins."""

    column: str
    reader: str
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Scope:
    """Which resources of its type a mapping takes: those whose code at ``path`` is one of
    ``codes``, or one of ``if_named`` with a name (the text at one of the ``named`` paths)
    containing one of ``words`` (lower case). The others are kept raw, not mapped."""

    path: str
    codes: frozenset[str]
    why: str  # what the taken ones are, for the notes
    if_named: frozenset[str] = frozenset()
    named: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


# Encounter.class (v3 ActCode) of a community contact: home health (HH) and field (FLD) always;
# ambulatory (AMB) and virtual (VR) only when the Encounter's type names it community. Emergency
# (EMER), inpatient (IMP, ACUTE, NONAC), observation (OBSENC), pre-admission (PRENC), short
# stay (SS) and other ambulatory or virtual encounters (clinic, GP, check-up) are not.
COMMUNITY = Scope(
    "class.code",
    frozenset({"HH", "FLD"}),
    "community contacts only: class HH or FLD, or AMB or VR with a community type",
    if_named=frozenset({"AMB", "VR"}),
    named=("type.text", "type.coding.display"),
    words=("community",),
)


@dataclass(frozen=True)
class ResourceMapping:
    resource: str
    table: str
    subject: str | None  # element holding the Reference to the Patient (None: it is the Patient)
    elements: tuple[Element, ...]
    required: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    order: tuple[tuple[str, str], ...] = ()
    components: bool = False  # Observation.component: one more row per coded component
    scope: Scope | None = None  # None: every resource of the type

    def __post_init__(self) -> None:
        names = set(TABLES[self.table].names)
        for el in self.elements:
            if el.column not in names or el.reader not in READERS:
                raise ValueError(f"{self.resource}: bad element {el.column} ({el.reader})")
        if not set(self.required) <= {el.column for el in self.elements}:
            raise ValueError(f"{self.resource}: a required column has no element")


def _e(column: str, reader: str, *paths: str) -> Element:
    return Element(column, reader, paths)


def _coded(
    resource: str, subject: str, code: str, *when: str, value: bool = False
) -> ResourceMapping:
    """A coded clinical resource landing in ``gp_event`` (SNOMED CT code and a whole date)."""
    extra = (
        (_e("value", "float", "valueQuantity.value"), _e("unit", "text", "valueQuantity.code"))
        if value
        else ()
    )
    return ResourceMapping(
        resource,
        "gp_event",
        subject,
        (_e("event_date", "date", *when), _e("snomed_code", "snomed", code), *extra),
        required=("event_date", "snomed_code"),
        dates=when,
        components=value,
    )


def _medicine(resource: str, when: tuple[str, ...], quantity: str | None) -> ResourceMapping:
    elements = (
        _e("issue_date", "date", *when),
        _e("dmd_code", "snomed", "medicationCodeableConcept"),
        *([_e("quantity", "float", quantity)] if quantity else []),
    )
    return ResourceMapping(
        resource,
        "medication",
        "subject",
        elements,
        required=("issue_date", "dmd_code"),
        dates=when,
    )


PATIENT = ResourceMapping(
    "Patient",
    "person",
    None,
    (
        _e("nhs_number", "nhs", "identifier"),
        _e("given_name", "text", "name.given"),
        _e("family_name", "text", "name.family"),
        _e("birth_date", "date", "birthDate"),
        _e("sex", "sex", "gender"),
        _e("ethnicity_group", "ethnicity", "extension"),
        _e("postcode_district", "district", "address.postalCode"),
        _e("registered_practice", "ods", "generalPractitioner"),
        _e("date_of_death", "date", "deceasedDateTime"),
    ),
    # A person is a registration: only a Patient with an NHS number and a registered GP.
    required=("nhs_number", "birth_date", "registered_practice"),
    dates=("birthDate", "deceasedDateTime"),
    order=(("birthDate", "deceasedDateTime"),),
)

MAPPINGS: dict[str, ResourceMapping] = {
    m.resource: m
    for m in (
        PATIENT,
        ResourceMapping(
            "Encounter",
            "community_contact",
            "subject",
            (
                _e("contact_date", "date", "period.start"),
                _e("service", "text", "type.text", "type.coding.display"),
            ),
            required=("contact_date",),
            dates=("period.start", "period.end"),
            order=(("period.start", "period.end"),),
            scope=COMMUNITY,
        ),
        _coded(
            "Condition", "subject", "code", "onsetDateTime", "onsetPeriod.start", "recordedDate"
        ),
        _coded(
            "Observation",
            "subject",
            "code",
            "effectiveDateTime",
            "effectivePeriod.start",
            "effectiveInstant",
            "issued",
            value=True,
        ),
        _coded("Immunization", "patient", "vaccineCode", "occurrenceDateTime", "recorded"),
        _coded("AllergyIntolerance", "patient", "code", "onsetDateTime", "recordedDate"),
        _coded("Procedure", "subject", "code", "performedDateTime", "performedPeriod.start"),
        _medicine(
            "MedicationStatement",
            ("effectiveDateTime", "effectivePeriod.start", "dateAsserted"),
            None,
        ),
        _medicine("MedicationRequest", ("authoredOn",), "dispenseRequest.quantity.value"),
    )
}
