"""Case-finding: probable undiagnosed conditions (direct care), and recorded vs expected prevalence.

Rules (as of the extract date; only the GP record and hospital diagnoses up to then are read;
only people alive on the date are flagged):

- hypertension: two or more readings (on different days) with systolic >= 140 or diastolic >= 90
  and no hypertension diagnosis coded;
- AF: an irregular pulse recorded or AF (ICD-10 I48) in a hospital diagnosis, no AF coded in the
  GP record;
- diabetes: the latest HbA1c >= 48 mmol/mol and no diabetes diagnosis coded (several readings on
  the latest day: the highest decides);
- CKD: two eGFR readings < 60 at least 90 days apart and no CKD diagnosis coded.

Expected prevalence (``expected_prevalence.json``): age and sex specific rates with their sources;
expected cases = sum of each registered person's rate (:func:`expected`, in the engine: people
counted by age and sex, joined to the rate bands); estimated undiagnosed = expected - recorded.

Every function here is an Ibis expression over a linked lake (``lake.table(name)``), so it runs
unchanged on DuckDB and on PySpark.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import ibis
from ibis import _

from engineroom.population.phm.codes import codelists

CONDITIONS = ("hypertension", "af", "diabetes", "ckd")
LABELS = {
    "hypertension": "Hypertension",
    "af": "Atrial fibrillation",
    "diabetes": "Diabetes",
    "ckd": "Chronic kidney disease",
}
PULSE, HOSPITAL = "irregular pulse recorded", "AF in a hospital diagnosis"


def _codes(*names: str) -> list[str]:
    lists = codelists()
    return [c for n in names for c in lists["measurements"].get(n, lists["conditions"].get(n, []))]


def _gp(lake, as_of: date, *names: str) -> ibis.Table:
    """GP events of the named measurements or conditions recorded up to ``as_of``."""
    gp = lake.table("gp_event")
    return gp.filter(gp.snomed_code.isin(_codes(*names)), gp.event_date <= as_of)


def _int(value) -> ibis.Value:
    """A number as whole-number text (half away from zero, as a cast to INTEGER in DuckDB)."""
    return value.round().cast("int64").cast("string")


def _text(value) -> ibis.Value:
    return value.cast("string")


def _words(first, *rest) -> ibis.Value:
    """Text joined in the engine (missing if any part is missing, as SQL's ``||``)."""
    return ibis.literal(first).concat(*rest) if isinstance(first, str) else first.concat(*rest)


def find_cases(lake, as_of: date) -> ibis.Table:
    """One row per (person, condition) flagged: person_id, condition, the evidence in words and
    the latest date behind it; ordered by condition and person."""
    found = [
        _undiagnosed(lake, as_of, rule(lake, as_of), condition)
        for condition, rule in (
            ("hypertension", _hypertension),
            ("af", _atrial_fibrillation),
            ("diabetes", _diabetes),
            ("ckd", _kidney_disease),
        )
    ]
    person = lake.table("person")
    alive = person.filter(person.date_of_death.isnull() | (person.date_of_death > as_of))
    cases = ibis.union(*found)
    cases = cases.semi_join(alive, cases.person_id == alive.nhs_number)
    return cases.order_by(["condition", "person_id"])


def _undiagnosed(lake, as_of: date, found: ibis.Table, condition: str) -> ibis.Table:
    """Rows of ``found`` whose person has no diagnosis of ``condition`` coded by ``as_of``."""
    coded = _gp(lake, as_of, condition).select("person_id")
    return found.anti_join(coded, "person_id")


def _flag(t: ibis.Table, condition: str, evidence, latest) -> ibis.Table:
    return t.select(
        "person_id",
        condition=ibis.literal(condition, "string"),
        evidence=evidence,
        latest=latest.cast("date"),
    )


def _raised(lake, as_of: date) -> ibis.Table:
    """One row per person and day with a raised blood pressure: the day's highest systolic and
    diastolic (either may be missing) and the first recording organisation."""
    gp = _gp(lake, as_of, "systolic_bp", "diastolic_bp")
    days = gp.group_by(["person_id", "event_date"]).agg(
        sys=gp.value.max(where=gp.snomed_code.isin(_codes("systolic_bp"))),
        dia=gp.value.max(where=gp.snomed_code.isin(_codes("diastolic_bp"))),
        source=gp.source.min(),
    )
    return days.filter((days.sys >= 140) | (days.dia >= 90))


def _hypertension(lake, as_of: date) -> ibis.Table:
    """Two or more days with a raised blood pressure reading."""
    r = _raised(lake, as_of)
    g = r.group_by("person_id").agg(
        n=r.count(), sys=r.sys.max(), dia=r.dia.max(), latest=r.event_date.max()
    )
    g = g.filter(g.n >= 2)
    top = [_int(v).fill_null("?") for v in (g.sys, g.dia)]  # a day may lack either reading
    highest = _words(top[0], "/", top[1], " mmHg, latest ", _text(g.latest))
    words = _words(_text(g.n), " raised readings, highest ", highest)
    return _flag(g, "hypertension", words, g.latest)


def _af_hospital(lake, as_of: date) -> ibis.Table:
    """Hospital episodes up to ``as_of`` with AF (ICD-10 I48) in any diagnosis, and whether it was
    the primary one."""
    apc = lake.table("apc")
    prefixes = codelists()["icd10_af"]
    primary = ibis.or_(*(apc.primary_diagnosis.startswith(p) for p in prefixes))
    secondary = ibis.or_(*(apc.secondary_diagnoses.contains(p) for p in prefixes))
    found = apc.filter(primary | secondary, apc.admission_date <= as_of)
    return found.mutate(primary=primary.fill_null(False))


def _atrial_fibrillation(lake, as_of: date) -> ibis.Table:
    """An irregular pulse in the GP record or AF in a hospital diagnosis (or both)."""
    gp = _gp(lake, as_of, "irregular_pulse")
    hospital = _af_hospital(lake, as_of)
    either = ibis.union(
        gp.select("person_id", day=gp.event_date, pulse=ibis.literal(True)),
        hospital.select("person_id", day=hospital.admission_date, pulse=ibis.literal(False)),
    )
    g = either.group_by("person_id").agg(
        latest=either.day.max(), pulse=either.pulse.any(), hospital=(~either.pulse).any()
    )
    words = ibis.cases(
        (g.pulse & g.hospital, f"{PULSE}; {HOSPITAL}"), (g.pulse, PULSE), else_=HOSPITAL
    )
    return _flag(g, "af", words, g.latest)


def _diabetes(lake, as_of: date) -> ibis.Table:
    """The latest HbA1c at or above 48 mmol/mol."""
    a1c = _gp(lake, as_of, "hba1c")
    a1c = a1c.mutate(last=a1c.event_date.max().over(group_by="person_id"))
    last = a1c.filter(a1c.event_date == a1c.last)
    g = last.group_by("person_id").agg(value=last.value.max(), latest=last.event_date.max())
    g = g.filter(g.value >= 48)
    words = _words("latest HbA1c ", _int(g.value), " mmol/mol on ", _text(g.latest))
    return _flag(g, "diabetes", words, g.latest)


def _kidney_disease(lake, as_of: date) -> ibis.Table:
    """Two eGFR readings below 60 at least 90 days apart."""
    gfr = _gp(lake, as_of, "egfr")
    gfr = gfr.filter(gfr.value < 60)
    g = gfr.group_by("person_id").agg(
        first=gfr.event_date.min(), last=gfr.event_date.max(), lowest=gfr.value.min()
    )
    g = g.filter(g["last"].delta(g["first"], unit="day") >= 90)
    words = _words("eGFR < 60 on ", _text(g["first"]), " and ", _text(g["last"]))
    words = _words(words, " (lowest ", _int(g.lowest), ")")
    return _flag(g, "ckd", words, g["last"])


EVIDENCE_COLUMNS = ("person_id", "condition", "event_date", "measure", "value", "value2")
EVIDENCE_COLUMNS += ("position", "source")


def evidence(lake, as_of: date, flagged: ibis.Table) -> ibis.Table:
    """DIRECT CARE: the readings behind each flag of ``flagged`` (:func:`find_cases`: person_id,
    condition), one row per reading, newest first: ``measure`` is ``blood_pressure``
    (``value``/``value2`` systolic and diastolic, raised readings only), ``irregular_pulse``,
    ``hospital_diagnosis`` (``position`` primary or secondary), ``hba1c`` (every reading; the
    latest decides) or ``egfr`` (readings below 60); ``source`` is the ODS code of the
    organisation that recorded it."""
    bp = _raised(lake, as_of)
    hospital = _af_hospital(lake, as_of)
    gfr = _gp(lake, as_of, "egfr")
    where = ibis.cases((hospital.primary, "primary"), else_="secondary")
    readings = ibis.union(
        _reading(bp, "hypertension", "blood_pressure", bp.event_date, bp.sys, bp.dia),
        _gp_readings(_gp(lake, as_of, "irregular_pulse"), "af", "irregular_pulse", value=False),
        _gp_readings(_gp(lake, as_of, "hba1c"), "diabetes", "hba1c"),
        _gp_readings(gfr.filter(gfr.value < 60), "ckd", "egfr"),
        _reading(hospital, "af", "hospital_diagnosis", hospital.admission_date, position=where),
    )
    keys = flagged.select("person_id", "condition")
    shown = readings.semi_join(keys, ["person_id", "condition"])
    return shown.order_by(["person_id", "condition", ibis.desc("event_date"), "measure"])


def _reading(t, condition, measure, day, value=None, value2=None, position="") -> ibis.Table:
    """Evidence rows of one kind, in :data:`EVIDENCE_COLUMNS` with their types."""
    number = lambda v: ibis.null("float64") if v is None else v.cast("float64")  # noqa: E731
    return t.select(
        person_id=t.person_id.cast("string"),
        condition=ibis.literal(condition, "string"),
        event_date=day.cast("date"),
        measure=ibis.literal(measure, "string"),
        value=number(value),
        value2=number(value2),
        position=ibis.literal(position, "string") if isinstance(position, str) else position,
        source=t.source.cast("string"),
    )


def _gp_readings(gp: ibis.Table, condition: str, measure: str, *, value=True) -> ibis.Table:
    """The GP-recorded readings (or findings, ``value=False``) of one measure, as evidence rows."""
    return _reading(gp, condition, measure, gp.event_date, gp.value if value else None)


@cache
def expected_rates() -> dict:
    return json.loads(Path(__file__).with_name("expected_prevalence.json").read_text("utf-8"))


def rate_table() -> ibis.Table:
    """The expected rates as a small table: condition, age band [age_from, age_to), male and
    female rate (anyone else takes the mean of the two)."""
    rows = []
    for condition in CONDITIONS:
        spec = expected_rates()[condition]
        bands = [*spec["age_from"], 1000]
        for i, (male, female) in enumerate(zip(spec["male"], spec["female"], strict=True)):
            rows.append((condition, bands[i], bands[i + 1], male, female))
    columns = ("condition", "age_from", "age_to", "male", "female")
    schema = {"condition": "string", "age_from": "int64", "age_to": "int64"}
    schema |= {"male": "float64", "female": "float64"}
    return ibis.memtable(
        {c: [r[i] for r in rows] for i, c in enumerate(columns)}, schema=ibis.schema(schema)
    )


def expected(people: ibis.Table, by: list[str]) -> ibis.Table:
    """Expected cases of each condition per group of ``by`` (columns of ``people``, which also
    has ``age`` and ``sex``): people counted by age and sex, joined to the rate bands, summed.
    Returns (*by, condition, expected); a group with no one in any band has no row."""
    counts = people.group_by([*by, "age", "sex"]).agg(n=_.count())
    rates = rate_table()
    j = counts.join(rates, (counts.age >= rates.age_from) & (counts.age < rates.age_to))
    rate = ibis.cases(
        (j.sex == "F", j.female), (j.sex == "M", j.male), else_=(j.male + j.female) / 2
    )
    return j.group_by([*by, "condition"]).agg(expected=(j.n * rate).sum())
