"""The person-level analysis frame of a care-home evaluation, built with Ibis over the linked lake.

Everyone resident in a care home on the start date (``care_home_residency`` covering it) and
alive and registered then; ``treated`` if their home is one of the listed homes, else in the
comparison pool. It is SECONDARY USE: national opt-outs and GP type 1 objectors are removed, and
the frame carries no NHS number (nor birth date, postcode, LSOA or practice): rows are numbered.

Covariates are measured in the year up to and including the start (``person_features`` and the
eFI); outcomes are counted in the follow-up, after the start up to and including the data end;
person-time stops at death. Emergency bed days are the days of emergency spells that begin in
follow-up, up to the data end. A death outside hospital is a death in follow-up with no
inpatient spell covering the date of death (admitted on or before it, not discharged before it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import ibis
import pandas as pd
from ibis import _

from engineroom.population.phm.codes import CONDITIONS
from engineroom.population.phm.features import person_features
from engineroom.population.phm.frailty import add_efi
from engineroom.population.phm.lakeviews import secondary_use

LONG_TERM = tuple(c for c in CONDITIONS if c != "palliative_care")
COVARIATES = (
    "age",
    "female",
    "deprivation_decile",
    "efi",
    "long_term_conditions",
    "dementia",
    "prior_emergency_admissions",
    "prior_ae_attendances",
    "prior_emergency_bed_days",
    "prior_elective_admissions",
)
EXACT = ("nursing",)
OUTCOMES = (
    "ae_attendances",
    "emergency_admissions",
    "emergency_bed_days",
    "deaths_outside_hospital",
)
PRIOR = {
    "prior_emergency_admissions": "emergency_admissions",
    "prior_ae_attendances": "ae_attendances",
    "prior_emergency_bed_days": "emergency_bed_days",
    "prior_elective_admissions": "elective_admissions",
}


def residents(lake, start: date) -> ibis.Table:
    """One row per person resident in a care home on ``start``: ``care_home`` (CQC location id)
    and ``nursing``; someone with two overlapping residencies takes the later one."""
    h = lake.table("care_home")
    d = ibis.date(start)
    h = h.filter((h.start_date <= d) & (h.end_date.isnull() | (h.end_date > d)))
    latest = ibis.row_number().over(group_by=h.person_id, order_by=[ibis.desc(h.start_date)])
    h = h.mutate(_n=latest).filter(_._n == 0)
    return h.select("person_id", "care_home", nursing=h.nursing.fill_null(False))


def _follow_up(lake, start: date, end: date) -> list[ibis.Table]:
    """Per person counts after ``start`` up to ``end``: A&E, emergency admissions and bed days."""
    d0, d1 = ibis.date(start), ibis.date(end)
    ae = lake.table("ae")
    ae = ae.filter((ae.arrival_date > d0) & (ae.arrival_date <= d1))
    a = lake.table("apc")
    a = a.filter((a.admission_date > d0) & (a.admission_date <= d1))
    a = a.filter(a.admission_method == "emergency")
    last = ibis.least(ibis.coalesce(a.discharge_date, d1), d1)
    days = ibis.greatest(last.delta(a.admission_date, unit="day"), 0)
    return [
        ae.group_by("person_id").aggregate(ae_attendances=_.count()),
        a.group_by("person_id").aggregate(
            emergency_admissions=_.count(), emergency_bed_days=days.sum().cast("int64")
        ),
    ]


def _deaths(lake, start: date, end: date) -> ibis.Table:
    """``death_date`` (in follow-up, else null) and whether it was outside hospital."""
    p = lake.table("person")
    d0, d1 = ibis.date(start), ibis.date(end)
    died = p.date_of_death.notnull() & (p.date_of_death > d0) & (p.date_of_death <= d1)
    dead = p.filter(died).select(person_id=p.nhs_number, death_date=p.date_of_death)
    a = lake.table("apc")
    spell = dead.inner_join(a, dead.person_id == a.person_id)
    covering = (spell.admission_date <= spell.death_date) & (
        spell.discharge_date.isnull() | (spell.discharge_date >= spell.death_date)
    )
    in_hospital = spell.filter(covering).select(_h="person_id").distinct()
    return dead.mutate(deaths_outside_hospital=(~dead.person_id.isin(in_hospital._h)).cast("int64"))


def _left_join_all(base: ibis.Table, parts: Iterable[ibis.Table]) -> ibis.Table:
    joined = base
    for i, part in enumerate(parts):
        part = part.rename(**{f"_k{i}": "person_id"})
        joined = joined.left_join(part, base.person_id == part[f"_k{i}"])
    return joined.drop(*[c for c in joined.columns if c.startswith("_k")])


def cohort_table(lake, *, homes: Iterable[str], start: date, end: date) -> ibis.Table:
    """The analysis frame as an Ibis expression (still keyed by ``person_id``)."""
    people = add_efi(person_features(lake, start)).drop("care_home")
    people = people.inner_join(residents(lake, start), "person_id")
    people = secondary_use(lake, people).rename(**PRIOR)
    listed = list(homes)
    joined = _left_join_all(people, [*_follow_up(lake, start, end), _deaths(lake, start, end)])
    zero = {name: joined[name].fill_null(0) for name in OUTCOMES}
    last = ibis.coalesce(joined.death_date, ibis.date(end))
    return joined.mutate(
        **zero,
        treated=joined.care_home.isin(listed),
        female=(joined.sex == "F").cast("int64"),
        long_term_conditions=sum(joined[c].cast("int64") for c in LONG_TERM),
        person_years=last.delta(ibis.date(start), unit="day").cast("float64") / 365.25,
    )


def cohort_frame(lake, *, homes: Iterable[str], start: date, end: date) -> pd.DataFrame:
    """The analysis frame in pandas, WITHOUT identifiers: covariates, the exact-match column,
    ``care_home``, ``treated``, outcomes, ``died`` and ``person_years``. Missing deprivation
    (no LSOA) takes the cohort median."""
    t = cohort_table(lake, homes=homes, start=start, end=end)
    columns = [*COVARIATES, *EXACT, "care_home", "treated", *OUTCOMES, "person_years"]
    t = t.order_by("person_id")
    frame = t.select(*columns, died=t.death_date.notnull()).to_pandas()
    frame["deprivation_decile"] = frame["deprivation_decile"].astype(float)
    frame["deprivation_decile"] = frame["deprivation_decile"].fillna(
        frame["deprivation_decile"].median()
    )
    for name in ("dementia", "nursing", "treated", "died"):
        frame[name] = frame[name].astype(bool)
    return frame.reset_index(drop=True)
