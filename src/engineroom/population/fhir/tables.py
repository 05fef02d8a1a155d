"""Accepted FHIR resources into schema tables, column by column.

The resources of one type are read a column at a time (each column's reader and paths compiled
once, :func:`.mapping.column_reader`), the Patient behind each subject reference once per Patient,
and each table built as one Arrow table per resource type. Rows keep the order of the file: an
Observation's component rows follow their Observation, and a table fed by several resource types
is put back in row order. A row is mapped only when every required column has a value; the
reasons for those that are not are counted for the file's notes.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from engineroom.population import codes
from engineroom.population.fhir import mapping as m
from engineroom.population.fhir.bundle import Item
from engineroom.population.schema import TABLES
from engineroom.population.sources.fhir import MAPPINGS, ResourceMapping

SUBJECT_COLUMNS = (*m.IDENTITY, "nhs_number_issue")


def rows(kept: list[Item], patients: dict, org: str) -> tuple[dict[str, pa.Table], list[str]]:
    """The schema tables the accepted resources map to, and notes on what was not mapped."""
    kept, outside = m.in_scope(kept)
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in kept:
        if item.resource["resourceType"] in MAPPINGS:
            groups[item.resource["resourceType"]].append(item)
    parts: dict[str, list[pa.Table]] = defaultdict(list)
    seen, missing, people = Counter(), {}, {}
    for rtype, items in groups.items():
        mapping = MAPPINGS[rtype]
        seen[mapping.resource] += len(items)
        lacking = Counter()
        parts[mapping.table] += _group(items, mapping, patients, org, people, lacking)
        if lacking:
            missing[mapping.resource] = lacking
    tables = {name: _in_row_order(found) for name, found in parts.items()}
    tables, bad = _valid_codes({name: t for name, t in tables.items() if t.num_rows})
    return tables, _notes(seen, missing, tables, bad) + outside


def _group(
    items: list[Item],
    mapping: ResourceMapping,
    patients: dict,
    org: str,
    people: dict,
    missing: Counter,
) -> list[pa.Table]:
    """The rows of the resources of one type: one table, and one more for component rows."""
    res = [item.resource for item in items]
    n = len(res)
    cols = {column: list(map(reader, res)) for column, reader in m.readers(mapping.resource)}
    if mapping.subject is not None:
        subjects = [m.subject(r, mapping, patients, people) for r in res]
        cols |= {c: [s.get(c) for s in subjects] for c in SUBJECT_COLUMNS}
    cols["source"] = [org] * n
    cols["record_id"] = [m.record_id(i.resource, i.full_url) for i in items]
    cols["row_number"] = [i.row for i in items]
    keep, extra = _required(res, cols, mapping, missing)
    table = _arrow(mapping.table, cols, n)
    found = [table if keep is None else table.filter(pa.array(keep, pa.bool_()))]
    if extra:
        names = TABLES[mapping.table].names
        found.append(
            _arrow(mapping.table, {c: [r.get(c) for r in extra] for c in names}, len(extra))
        )
    return found


def _required(
    res: list[dict], cols: dict[str, list], mapping: ResourceMapping, missing: Counter
) -> tuple[list[bool] | None, list[dict]]:
    """Which rows have every required column (None: all of them), and the component rows,
    counting the reason each row that lacks one is not mapped (in row order)."""
    required = mapping.required
    if not required and not mapping.components:
        return None, []
    needed = [cols[c] for c in required]
    keep, extra = [], []
    for k, values in enumerate(zip(*needed, strict=True) if needed else [()] * len(res)):
        if None in values:
            keep.append(False)
            missing[m.why(required[values.index(None)], res[k], mapping)] += 1
        else:
            keep.append(True)
        if mapping.components:
            base = {c: v[k] for c, v in cols.items()}
            for row in m.component_rows(base, res[k]):
                lack = next((c for c in required if row.get(c) is None), None)
                if lack is None:
                    extra.append(row)
                else:
                    missing[m.why(lack, res[k], mapping)] += 1
    return keep, extra


def _arrow(name: str, cols: dict[str, list], n: int) -> pa.Table:
    schema = TABLES[name].arrow_schema()
    arrays = []
    for fld in schema:
        values = cols.get(fld.name)
        if values is None:
            arrays.append(pa.nulls(n, fld.type))
        elif pa.types.is_date32(fld.type):
            arrays.append(pa.array(values, pa.string()).cast(fld.type))
        else:
            arrays.append(pa.array(values, fld.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _in_row_order(parts: list[pa.Table]) -> pa.Table:
    """One table; from several parts, back in file order (a stable sort on the row number, so
    component rows stay after their resource's row)."""
    if len(parts) == 1:
        return parts[0]
    table = pa.concat_tables(parts)
    return table.take(pc.sort_indices(table["row_number"]))


def _valid_codes(tables: dict[str, pa.Table]) -> tuple[dict[str, pa.Table], int]:
    """Drop rows whose SNOMED CT / dm+d code fails its check digit (never a false code)."""
    bad = 0
    for name, column in (("gp_event", "snomed_code"), ("medication", "dmd_code")):
        if name in tables:
            ok = pa.array(codes.snomed_valid(tables[name][column]))
            bad += tables[name].num_rows - pc.sum(ok.cast(pa.int64())).as_py()
            tables[name] = tables[name].filter(ok)
    return {k: t for k, t in tables.items() if t.num_rows}, bad


def _notes(seen: Counter, missing: dict, tables: dict[str, pa.Table], bad: int) -> list[str]:
    notes = (
        ["mapped rows: " + ", ".join(f"{n} {t.num_rows}" for n, t in sorted(tables.items()))]
        if tables
        else []
    )
    for rtype, reasons in sorted(missing.items()):
        why = "; ".join(f"{n} {r}" for r, n in reasons.most_common(3))
        notes.append(f"{rtype}: {seen[rtype]} accepted, not mapped: {why} (kept in fhir_resource)")
    if bad:
        notes.append(f"{bad} rows with a SNOMED CT code failing its check digit not mapped")
    return notes
