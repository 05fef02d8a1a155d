"""Linkage, written once as Ibis expressions (run on DuckDB or PySpark with identical results).

Rules, in order (each must give exactly one candidate, otherwise the next rule is tried):

1. ``nhs_number``: a valid NHS number found in the person index.
2. ``demographic:birth_date+sex+postcode_district`` for records without a usable NHS number.
3. ``demographic:birth_date+sex+lsoa``.

Anything else goes to the unlinked queue with the reason (no candidate, several candidates, or a
valid NHS number that is not registered in the region). Records re-sent in a later extract
supersede earlier copies (same sender and record id: the latest load wins).

Secondary use (:func:`secondary_use`) is pseudonymised and applies the national data opt-out to
every table and GP type 1 objections to GP-sourced tables. Direct care views apply neither.
"""

from __future__ import annotations

import ibis
from ibis import _

TYPE1_SNOMED = "827241000000103"
IDENTIFIABLE = (
    *("nhs_number", "given_name", "family_name", "birth_date", "postcode_district"),
    *("person_id", "record_id"),
)
GP_TABLES = ("gp_event", "medication")
RULES = (
    ("demographic:birth_date+sex+postcode_district", ("birth_date", "sex", "postcode_district")),
    ("demographic:birth_date+sex+lsoa", ("birth_date", "sex", "lsoa")),
)


def person_index(person, lsoa_deprivation):
    """One row per NHS number: the latest registration wins (same date: the higher practice
    code, then the latest load, then the later row of its file); adds birth month and IMD decile
    (an LSOA's decile from its latest load). Both tables carry ``load_seq`` (load order)."""
    order = [ibis.desc("registration_date"), ibis.desc("registered_practice")]
    latest = _first(person.filter(person.nhs_number.notnull()), "nhs_number", order)
    latest = latest.drop("deprivation_decile", "birth_month")
    dep = _first(lsoa_deprivation, "lsoa", [])
    dep = dep.select(dep_lsoa="lsoa", deprivation_decile="deprivation_decile")
    joined = latest.left_join(dep, latest.lsoa == dep.dep_lsoa).drop("dep_lsoa")
    born = joined.birth_date
    return joined.mutate(birth_month=ibis.date(born.year(), born.month(), 1))


def _first(t, key: str, order: list):
    """The first row of ``t`` per ``key`` by ``order``, ties going to the latest load
    (``load_seq``), then the later row of that load's file: the same row on every run and engine."""
    tie = [ibis.desc("load_seq"), ibis.desc("row_number"), ibis.desc("record_id")]
    w = ibis.window(group_by=t[key], order_by=[*order, *tie])
    ranked = t.mutate(_rn=ibis.row_number().over(w))
    return ranked.filter(ranked._rn == 0).drop("_rn")


def latest_copy(events):
    """Keep the latest copy of each (source, record_id); ``load_seq`` orders loads.

    An aggregate and a join, not a window: no sort, and a third of the time on DuckDB. A record
    id is unique within a load (the ingest quarantines duplicates), so one copy is left."""
    latest = events.group_by(_s=events.source, _r=events.record_id).agg(_l=events.load_seq.max())
    keys = [
        events.source == latest._s,
        events.record_id == latest._r,
        events.load_seq == latest._l,
    ]
    return events.inner_join(latest, keys).drop("_s", "_r", "_l")


def _candidates(records, index, keys: tuple[str, ...], tag: str):
    """Per record: number of index candidates sharing ``keys`` and one of them."""
    idx = index.select(_cand=index.nhs_number, **{f"_k{i}": index[k] for i, k in enumerate(keys)})
    cond = [records[k] == idx[f"_k{i}"] for i, k in enumerate(keys)]
    joined = records.select("source", "record_id", *keys).inner_join(idx, cond)
    return (
        joined.group_by(["source", "record_id"])
        .agg(**{f"n{tag}": _._cand.count(), f"c{tag}": _._cand.max()})
        .rename(**{f"s{tag}": "source", f"r{tag}": "record_id"})
    )


def link(events, index, manual=None, table_name: str = "", *, latest: bool = False):
    """Every event row with ``person_id``, ``link_rule`` and ``unlinked_reason`` columns;
    ``manual`` decisions (source, table, record_id, person_id, link_rule) are read first and
    win: each applies to its own event table only (``table_name``, see :func:`apply_manual`).
    ``latest``: the events are already the latest copies (:func:`latest_copy`)."""
    events = events if latest else latest_copy(events)
    known = index.select(_pid=index.nhs_number)
    direct = events.filter(events.nhs_number.notnull())
    direct = direct.left_join(known, direct.nhs_number == known._pid)
    direct = direct.mutate(
        person_id=direct._pid,
        link_rule=ibis.ifelse(direct._pid.notnull(), "nhs_number", ibis.null("string")),
        unlinked_reason=ibis.ifelse(
            direct._pid.isnull(), "NHS number not in person index", ibis.null("string")
        ),
    ).drop("_pid")
    linked = direct.union(_demographic(events.filter(events.nhs_number.isnull()), index))
    return linked if manual is None else apply_manual(linked, manual, table_name)


def apply_manual(linked, manual, table_name: str):
    """The data manager's decisions (``population.manual_links``) over the rules' result: those
    on records of ``table_name`` (a record id is unique only within its sender's table)."""
    mine = manual.filter(manual.table == table_name)
    m = mine.select(_ms="source", _mr="record_id", _mp="person_id", _mrule="link_rule")
    out = linked.left_join(m, [linked.source == m._ms, linked.record_id == m._mr])
    decided = out._mrule.notnull()
    out = out.mutate(
        person_id=ibis.ifelse(decided, out._mp, out.person_id),
        link_rule=ibis.ifelse(decided, out._mrule, out.link_rule),
        unlinked_reason=ibis.ifelse(decided, ibis.null("string"), out.unlinked_reason),
    )
    return out.drop("_ms", "_mr", "_mp", "_mrule")


def _demographic(records, index):
    out = records
    for tag, (_name, keys) in enumerate(RULES):
        cand = _candidates(records, index, keys, str(tag))
        out = out.left_join(cand, [out.source == cand[f"s{tag}"], out.record_id == cand[f"r{tag}"]])
        out = out.drop(f"s{tag}", f"r{tag}")
    n0, n1 = out.n0.fill_null(0), out.n1.fill_null(0)
    person = ibis.cases((n0 == 1, out.c0), (n1 == 1, out.c1), else_=ibis.null("string"))
    rule = ibis.cases((n0 == 1, RULES[0][0]), (n1 == 1, RULES[1][0]), else_=ibis.null("string"))
    most = ibis.greatest(n0, n1)
    reason = ibis.cases(
        ((n0 == 1) | (n1 == 1), ibis.null("string")),
        (most > 1, "ambiguous demographic match (" + most.cast("string") + " candidates)"),
        else_="no usable NHS number and no demographic match",
    )
    out = out.mutate(person_id=person, link_rule=rule, unlinked_reason=reason)
    return out.drop("n0", "c0", "n1", "c1")


def unlinked(linked):
    return linked.filter(linked.person_id.isnull())


def type1_objectors(gp_event):
    """People with a GP type 1 objection coded in their record."""
    return gp_event.filter(gp_event.snomed_code == TYPE1_SNOMED).select(_t1=_.person_id).distinct()


def secondary_use(linked, pseudo, opted_out, type1=None):
    """Pseudonymised rows of linked people, minus national opt-outs (and type 1 for GP data)."""
    rows = linked.filter(linked.person_id.notnull())
    out_ids = opted_out.select(_oo=opted_out.nhs_number).distinct()
    rows = rows.anti_join(out_ids, rows.person_id == out_ids._oo)
    if type1 is not None:
        rows = rows.anti_join(type1, rows.person_id == type1._t1)
    keyed = pseudo.rename(_pm="nhs_number")
    rows = rows.inner_join(keyed, rows.person_id == keyed._pm).drop("_pm")
    drop = [c for c in IDENTIFIABLE if c in rows.columns]
    return rows.drop(*drop)


def direct_care(linked):
    """Direct care sees every linked row: opt-outs never apply here."""
    return linked.filter(linked.person_id.notnull())
