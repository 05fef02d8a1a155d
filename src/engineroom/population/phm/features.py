"""Person-level features as of a date, as Ibis expressions over the linked (direct-care) tables.

One row per person alive on ``as_of`` in the person index (one row per person, their latest
registration). Activity counts cover the ``lookback`` days up to and including ``as_of``
(``start < date <= as_of``); conditions and eFI deficits are "ever coded by then". Nothing after
``as_of`` is read, so features for one period and outcomes for the next never mix. The result is
unordered: order by ``person_id`` where order matters.
"""

from __future__ import annotations

from datetime import date, timedelta

import ibis
from ibis import _

from engineroom.population.phm.codes import CONDITIONS

ACTIVITY = (
    "emergency_admissions",
    "elective_admissions",
    "emergency_bed_days",
    "maternity_admissions",
    "ae_attendances",
    "outpatient_attendances",
    "community_contacts",
    "mh_contacts",
)
PERSON = ("person_id", "birth_date", "sex", "ethnicity_group", "lsoa", "deprivation_decile")
COLUMNS = (
    *(*PERSON, "practice", "age", *CONDITIONS, "efi_coded", *ACTIVITY, "medicines"),
    *("care_home", "social_care", "quintile", "core20", "age_band"),
)
AGE_BANDS = (
    (0, 17, "0-17"),
    (18, 39, "18-39"),
    (40, 59, "40-59"),
    (60, 74, "60-74"),
    (75, 200, "75+"),
)


def person_features(lake, as_of: date, lookback: int = 365) -> ibis.Table:
    """Features for every person alive and registered on ``as_of`` (see module doc)."""
    d = ibis.date(as_of)
    start = ibis.date(as_of - timedelta(days=lookback))
    parts = [
        (_diagnoses(lake, d), {n: False for n in CONDITIONS} | {"efi_coded": 0}),
        (_admissions(lake, d, start), dict.fromkeys(ACTIVITY[:4], 0)),
        *((counts, {counts.columns[1]: 0}) for counts in _contacts(lake, d, start)),
        (_medicines(lake, d, start), {"medicines": 0}),
        (_in_care_home(lake, d).mutate(care_home=True), {"care_home": False}),
        (_social(lake, d, start).mutate(social_care=True), {"social_care": False}),
    ]
    people = _registered(lake, d)
    joined = people
    for i, (part, _none) in enumerate(parts):  # one join chain: one SELECT, nine LEFT JOINs
        part = part.rename(**{f"_k{i}": "person_id"})
        joined = joined.left_join(part, people.person_id == part[f"_k{i}"])
    found = {name: ibis.coalesce(joined[name], none) for _, z in parts for name, none in z.items()}
    people = joined.select(*people.columns, **found)
    return _derived(people, d)


def registered_on(lake, d) -> ibis.Table:
    """The person index's rows of everyone born, registered and alive on the date ``d`` (a
    registration date not given counts as registered: the feed's own check names it)."""
    p = lake.table("person")
    alive = (p.birth_date <= d) & (p.date_of_death.isnull() | (p.date_of_death > d))
    registered = p.registration_date.isnull() | (p.registration_date <= d)
    return p.filter(alive & registered)


def _registered(lake, d) -> ibis.Table:
    """Everyone born, registered and alive on the date, with their person columns."""
    p = registered_on(lake, d)
    return p.select(
        person_id=p.nhs_number,
        birth_date=p.birth_date,
        sex=p.sex,
        ethnicity_group=p.ethnicity_group,
        lsoa=p.lsoa,
        deprivation_decile=p.deprivation_decile.cast("int64"),
        practice=p.registered_practice,
    )


def _diagnoses(lake, d) -> ibis.Table:
    """Each condition ever coded by the date, and how many distinct eFI deficits."""
    e = lake.table("gp_event")
    c = lake.codes()
    coded = e.filter(e.event_date <= d).inner_join(c, e.snomed_code == c.code)
    efi = ibis.cases((coded.concept.startswith("efi:"), coded.concept))
    return coded.group_by("person_id").aggregate(
        **{name: (coded.concept == f"cond:{name}").any() for name in CONDITIONS},
        efi_coded=efi.nunique(),
    )


def _window(column, d, start):
    return (column > start) & (column <= d)


def _admissions(lake, d, start) -> ibis.Table:
    """Admissions by method in the window, and emergency bed days up to the date."""
    a = lake.table("apc")
    a = a.filter(_window(a.admission_date, d, start))
    emergency = a.admission_method == "emergency"
    end = ibis.least(ibis.coalesce(a.discharge_date, d), d)
    days = ibis.greatest(end.delta(a.admission_date, unit="day"), 0)
    return a.group_by("person_id").aggregate(
        emergency_admissions=a.count(where=emergency),
        elective_admissions=a.count(where=a.admission_method == "elective"),
        emergency_bed_days=ibis.cases((emergency, days)).sum().fill_null(0).cast("int32"),
        maternity_admissions=a.count(where=a.admission_method == "maternity"),
    )


def _contacts(lake, d, start) -> list[ibis.Table]:
    """A&E, attended outpatient, community and mental health contacts in the window."""
    op = lake.table("op")
    sources = (
        ("ae_attendances", lake.table("ae"), "arrival_date"),
        ("outpatient_attendances", op.filter(op.attended), "appointment_date"),
        ("community_contacts", lake.table("community"), "contact_date"),
        ("mh_contacts", lake.table("mh"), "contact_date"),
    )
    return [
        t.filter(_window(t[column], d, start)).group_by("person_id").aggregate(**{name: _.count()})
        for name, t, column in sources
    ]


def _medicines(lake, d, start) -> ibis.Table:
    m = lake.table("medication")
    m = m.filter(_window(m.issue_date, d, start))
    return m.group_by("person_id").aggregate(medicines=m.dmd_code.nunique())


def _in_care_home(lake, d) -> ibis.Table:
    h = lake.table("care_home")
    on_date = (h.start_date <= d) & (h.end_date.isnull() | (h.end_date > d))
    return h.filter(on_date).select("person_id").distinct()


def _social(lake, d, start) -> ibis.Table:
    """Social care services overlapping the window."""
    s = lake.table("social_care")
    overlapping = (s.start_date <= d) & (s.end_date.isnull() | (s.end_date > start))
    return s.filter(overlapping).select("person_id").distinct()


def _derived(people: ibis.Table, d) -> ibis.Table:
    """Age (whole years of 365.25 days), deprivation quintile, Core20 and age band."""
    days = d.delta(people.birth_date, unit="day")
    people = people.mutate(
        age=(days / 365.25).floor().cast("int32"),
        quintile=(people.deprivation_decile + 1) // 2,
    )
    people = people.mutate(
        core20=(people.quintile == 1).fill_null(False),
        age_band=age_band(people.age),
    )
    return people.select(*COLUMNS)


def age_band(age: ibis.IntegerValue) -> ibis.StringValue:
    """``0-17``, ``18-39``, ``40-59``, ``60-74`` or ``75+``."""
    return ibis.cases(
        *(((age >= lo) & (age <= hi), label) for lo, hi, label in AGE_BANDS), else_="75+"
    )


def emergency_outcome(lake, as_of: date, days: int = 365) -> ibis.Table:
    """Emergency admissions per person (``person_id``, ``n``) in the ``days`` after ``as_of``."""
    a = lake.table("apc")
    after = _window(a.admission_date, ibis.date(as_of + timedelta(days=days)), ibis.date(as_of))
    a = a.filter(after & (a.admission_method == "emergency"))
    return a.group_by("person_id").aggregate(n=_.count())
