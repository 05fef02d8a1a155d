"""Each linked table's rows as record entries, in DuckDB SQL: one SELECT per table.

Every SELECT gives ``person_id``, ``tbl`` (the linked table) and the entry's columns
(:data:`COLUMNS`), for the linked rows only: a row with no ``person_id`` is not anybody's
record (it waits in the unlinked queue). The builder unions them and groups by person.

Codes are looked up in the ``codes`` table (:mod:`.codes`) and ICD-10 chapters in
``chapters``, both registered by the builder. ICD-10 codes match the lists on their first three
characters (``A50`` matches ``A50.1``) or four and the point (``Z61.4``).
"""

from __future__ import annotations

COLUMNS = (
    "id",
    "kind",
    "setting",
    "date",
    "end",
    "source",
    "code",
    "system",
    "display",
    "value",
    "unit",
    "quantity",
    "sensitive",
    "status",
    "detail",
    "fhir_type",
)


def _id(table: str, n: str = "0") -> str:
    """The entry id: stable across loads, from the table, sender, sender's id and position."""
    key = f"'{table}|' || t.source || '|' || t.record_id || '|' || CAST({n} AS VARCHAR)"
    return f"left(sha1({key}), 16)"


FHIR_TYPE = (
    "CASE WHEN regexp_matches(t.record_id, '^[A-Z][A-Za-z]+:') "
    "THEN split_part(t.record_id, ':', 1) END"
)


def _select(table: str, path: str, where: str = "", joins: str = "", **cols: str) -> str:
    """SELECT person_id, tbl and every entry column (null unless given) from one linked file."""
    cols.setdefault("id", _id(table))
    cols.setdefault("source", "t.source")
    cols.setdefault("fhir_type", FHIR_TYPE)
    listed = ", ".join(f'{cols.get(c, "NULL")} AS "{c}"' for c in COLUMNS)
    condition = "t.person_id IS NOT NULL" + (f" AND ({where})" if where else "")
    return (
        f"SELECT t.person_id, '{table}' AS tbl, {listed} "
        f"FROM read_parquet('{path}') AS t {joins} WHERE {condition}"
    )


def _snomed(code: str, alias: str) -> str:
    return f"LEFT JOIN codes AS {alias} ON {alias}.system = 'snomed' AND {alias}.code = {code}"


def _icd10(code: str, alias: str) -> str:
    """Joins for an ICD-10 code: exact term, three- and five-character list rows, chapter."""
    return (
        f"LEFT JOIN codes AS {alias}x ON {alias}x.system = 'icd10' AND {alias}x.code = {code} "
        f"LEFT JOIN codes AS {alias}3 ON {alias}3.system = 'icd10' "
        f"AND {alias}3.code = left({code}, 3) "
        f"LEFT JOIN codes AS {alias}5 ON {alias}5.system = 'icd10' "
        f"AND {alias}5.code = left({code}, 5) "
        f"LEFT JOIN chapters AS {alias}c ON left({code}, 3) BETWEEN {alias}c.first AND {alias}c.last"
    )


def _icd10_display(code: str, alias: str) -> str:
    return (
        f"coalesce({alias}x.term, {alias}3.term, {alias}5.term, "
        f"'ICD-10 ' || {code} || coalesce(' (' || {alias}c.title || ')', ''))"
    )


def _icd10_sensitive(alias: str) -> str:
    return f"coalesce({alias}x.sensitive, {alias}5.sensitive, {alias}3.sensitive)"


GP_KIND = """CASE
    WHEN t.record_id LIKE 'Condition:%' THEN 'condition'
    WHEN t.record_id LIKE 'AllergyIntolerance:%' THEN 'allergy'
    WHEN t.record_id LIKE 'Immunization:%' THEN 'immunisation'
    WHEN t.record_id LIKE 'Observation:%' THEN 'observation'
    WHEN t.value IS NOT NULL THEN 'observation'
    WHEN c.role IN ('allergy', 'immunisation', 'alert') THEN c.role
    WHEN c.role = 'diagnosis' THEN 'condition'
    ELSE 'observation' END"""


def gp_event(path: str) -> str:
    kind = f"({GP_KIND})"
    return _select(
        "gp_event",
        path,
        joins=_snomed("t.snomed_code", "c"),
        kind=kind,
        setting="'gp'",
        date="t.event_date",
        code="t.snomed_code",
        system="'snomed'",
        display="coalesce(c.term, 'SNOMED CT ' || t.snomed_code)",
        value="t.value",
        unit="t.unit",
        sensitive="c.sensitive",
        status=f"CASE WHEN {kind} = 'condition' THEN 'active' END",
    )


def medication(path: str) -> str:
    return _select(
        "medication",
        path,
        joins="LEFT JOIN codes AS c ON c.system = 'dmd' AND c.code = t.dmd_code",
        kind="'medication'",
        setting="'gp'",
        date="t.issue_date",
        code="t.dmd_code",
        system="'dmd'",
        display="coalesce(c.term, 'dm+d ' || t.dmd_code)",
        quantity="t.quantity",
        sensitive="c.sensitive",
    )


def ae_attendance(path: str) -> str:
    return _select(
        "ae_attendance",
        path,
        joins=_snomed("t.chief_complaint", "c"),
        kind="'encounter'",
        setting="'ae'",
        date="t.arrival_date",
        code="t.chief_complaint",
        system="CASE WHEN t.chief_complaint IS NOT NULL THEN 'snomed' END",
        display="coalesce(c.term, 'SNOMED CT ' || t.chief_complaint, 'A&E attendance')",
        sensitive="c.sensitive",
        status="'finished'",
        detail="CASE WHEN t.admitted THEN 'admitted' END",
    )


def apc_spells(path: str) -> str:
    """One encounter per spell, coded with its primary diagnosis."""
    return _select(
        "apc_episode",
        path,
        joins=_icd10("t.primary_diagnosis", "d"),
        kind="'encounter'",
        setting="'inpatient'",
        date="t.admission_date",
        end="t.discharge_date",
        code="t.primary_diagnosis",
        system="CASE WHEN t.primary_diagnosis IS NOT NULL THEN 'icd10' END",
        display=f"coalesce({_icd10_display('t.primary_diagnosis', 'd')}, 'Hospital stay')",
        sensitive=_icd10_sensitive("d"),
        status="CASE WHEN t.discharge_date IS NULL THEN 'in-progress' ELSE 'finished' END",
        detail="CASE WHEN t.admission_method IS NOT NULL "
        "THEN t.admission_method || ' admission' END",
    )


def apc_diagnoses(path: str) -> str:
    """A condition per diagnosis of a spell (primary first: n = 1, 2, ...)."""
    listed = (
        "list_filter(list_prepend(t.primary_diagnosis, "
        "coalesce(string_split(t.secondary_diagnoses, ';'), [])), "
        "x -> x IS NOT NULL AND trim(x) <> '')"
    )
    unnested = (
        f"(SELECT *, trim(unnest({listed})) AS diagnosis, "
        f"generate_subscripts({listed}, 1) AS n FROM read_parquet('{path}') AS t)"
    )
    sql = _select(
        "apc_episode",
        "PATH",
        joins=_icd10("t.diagnosis", "d"),
        id=_id("apc_episode", "t.n"),
        kind="'condition'",
        setting="'inpatient'",
        date="t.admission_date",
        code="t.diagnosis",
        system="'icd10'",
        display=_icd10_display("t.diagnosis", "d"),
        sensitive=_icd10_sensitive("d"),
        status="'active'",
        detail="CASE WHEN t.n = 1 THEN 'primary diagnosis' ELSE 'secondary diagnosis' END",
    )
    return sql.replace("read_parquet('PATH')", unnested)


def outpatient(path: str) -> str:
    return _select(
        "outpatient",
        path,
        joins="LEFT JOIN codes AS c ON c.system = 'tfc' AND c.code = t.treatment_function",
        kind="'encounter'",
        setting="'outpatient'",
        date="t.appointment_date",
        code="t.treatment_function",
        system="CASE WHEN t.treatment_function IS NOT NULL THEN 'tfc' END",
        display="coalesce(c.term, 'Treatment function ' || t.treatment_function, "
        "'Outpatient appointment')",
        sensitive="c.sensitive",
        status="'finished'",
        detail="CASE WHEN NOT t.attended THEN 'did not attend' END",
    )


def _service(table: str, setting: str, path: str) -> str:
    return _select(
        table,
        path,
        kind="'encounter'",
        setting=f"'{setting}'",
        date="t.contact_date",
        code="t.service",
        system="CASE WHEN t.service IS NOT NULL THEN 'text' END",
        display=f"coalesce(t.service, '{setting.replace('_', ' ').capitalize()} contact')",
        status="'finished'",
    )


def community_contact(path: str) -> str:
    return _service("community_contact", "community", path)


def mh_contact(path: str) -> str:
    return _service("mh_contact", "mental_health", path)


def social_care_service(path: str) -> str:
    return _select(
        "social_care_service",
        path,
        kind="'encounter'",
        setting="'social_care'",
        date="t.start_date",
        end="t.end_date",
        code="t.service_type",
        system="CASE WHEN t.service_type IS NOT NULL THEN 'text' END",
        display="coalesce(t.service_type, 'Social care service')",
        status="CASE WHEN t.end_date IS NULL THEN 'in-progress' ELSE 'finished' END",
    )


def care_home_stays(path: str) -> str:
    return _select(
        "care_home_residency",
        path,
        kind="'encounter'",
        setting="'care_home'",
        date="t.start_date",
        end="t.end_date",
        code="t.care_home",
        system="CASE WHEN t.care_home IS NOT NULL THEN 'text' END",
        display="CASE WHEN t.nursing THEN 'Nursing home stay' ELSE 'Care home stay' END",
        status="CASE WHEN t.end_date IS NULL THEN 'in-progress' ELSE 'finished' END",
        detail="CASE WHEN t.care_home IS NOT NULL THEN 'CQC location ' || t.care_home END",
    )


def care_home_alerts(path: str) -> str:
    """An alert while a residency is ongoing (n = 1: beside the stay's own entry)."""
    return _select(
        "care_home_residency",
        path,
        where="t.end_date IS NULL",
        id=_id("care_home_residency", "1"),
        kind="'alert'",
        setting="'care_home'",
        date="t.start_date",
        code="'care-home-resident'",
        system="'text'",
        display="'Lives in a care home'",
        detail="CASE WHEN t.nursing THEN 'nursing home' END",
    )


SELECTS = {
    "gp_event": (gp_event,),
    "medication": (medication,),
    "ae_attendance": (ae_attendance,),
    "apc_episode": (apc_spells, apc_diagnoses),
    "outpatient": (outpatient,),
    "community_contact": (community_contact,),
    "mh_contact": (mh_contact,),
    "social_care_service": (social_care_service,),
    "care_home_residency": (care_home_stays, care_home_alerts),
}
