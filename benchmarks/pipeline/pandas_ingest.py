"""The plain pandas baseline, part 1: CSV and FHIR ingest with the same validation rules, and the
NHS-number link with the same rules (then birth date + sex + postcode district, then + LSOA).

Written the way an analyst would without the engine: ``pd.read_csv`` as text, per-value checks
through ``Series.map`` (once per distinct value), ``fhir.resources`` for FHIR, merges for linkage.
Only declarative things are shared with the engine: the feed mappings (``sources.FEEDS``), the
code maps of ``validate`` and the one-value NHS number and SNOMED CT check digit functions.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from engineroom.population import codes, nhs_number, validate
from engineroom.population.sources import FEEDS, parse_name

EVENT_TABLES = (
    *("gp_event", "medication", "apc_episode", "ae_attendance", "outpatient"),
    *("community_contact", "mh_contact", "social_care_service", "care_home_residency"),
)
MAPS = {
    "sex": validate.SEX,
    "ethnicity": validate.ETHNICITY,
    "admission_method": validate.METHOD,
    "attended": validate.ATTENDED,
    "yes_no": validate.YES_NO,
}
ICD = codes.ICD10_PATTERN.strip("^$")
PARTITIONS = {"00", "01", "02", "10", "11", "12"}  # SNOMED CT partition identifiers
PATTERNS = {
    "float": r"-?\d{1,15}(\.\d{1,20})?",
    "icd10": ICD,
    "icd10_list": rf"{ICD}(;{ICD})*",
    "tfc": r"\d{3}",
    "cqc": r"1-\d{9,11}",
    "lsoa": r"[EW]01\d{6}",
    "decile": r"([1-9]|10)",
}


def feed_files(feeds: Path, ext: str) -> list[Path]:
    """Feed files of one kind, in extract order (a later extract supersedes an earlier one)."""
    found = [p for p in feeds.rglob(f"*.{ext}") if p.is_file()]
    return sorted(found, key=lambda p: (parse_name(p).extract_date, str(p)))


def _snomed_ok(value: str) -> bool:
    if not re.fullmatch(codes.SNOMED_PATTERN, value) or value[-3:-1] not in PARTITIONS:
        return False
    return codes.verhoeff_digit(value[:-1]) == int(value[-1])


def _per_value(col: pd.Series, check) -> pd.Series:
    """A one-value check applied once per distinct value."""
    distinct = col.dropna().unique()
    return col.map(dict(zip(distinct, map(check, distinct), strict=True)))


def _parse(col: pd.Series, parser: str, extract: date) -> tuple[pd.Series, pd.Series]:
    """(typed values, invalid mask) for one present-or-missing text column."""
    present = col.notna()
    if parser == "date":
        value = pd.to_datetime(col, format="%Y-%m-%d", errors="coerce")
        ok = col.str.fullmatch(r"\d{4}-\d{2}-\d{2}", na=False) & value.notna()
        ok &= (value >= pd.Timestamp(validate.EARLIEST)) & (value <= pd.Timestamp(extract))
        return value.where(ok), present & ~ok
    if parser in MAPS:
        value = col.str.upper().map(MAPS[parser])
        return value, present & value.isna()
    if parser in PATTERNS:
        ok = col.str.fullmatch(PATTERNS[parser], na=False)
        value = pd.to_numeric(col.where(ok), errors="coerce") if parser == "float" else col
        return (value.astype("Int64") if parser == "decile" else value), present & ~ok
    if parser == "snomed":
        return col, present & _per_value(col, _snomed_ok).eq(False)
    return col, pd.Series(False, index=col.index)


def validate_file(path: Path) -> tuple[str, pd.DataFrame, int]:
    """(schema table, accepted rows in schema columns, rows read) for one CSV feed."""
    name = parse_name(path)
    mapping = FEEDS[name.kind]
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw = raw.replace("", None)
    bad = pd.Series(False, index=raw.index)
    out = pd.DataFrame(index=raw.index)
    for field in mapping.fields:
        col = (
            raw[field.feed] if field.feed in raw else pd.Series(None, index=raw.index, dtype=object)
        )
        too_long = col.str.len().astype(float).gt(validate.MAX_FIELD)
        col = col.where(~too_long)
        bad |= too_long | (col.isna() & ~too_long & field.required)
        if field.parser == "nhs":
            norm = col.str.replace(r"[\s-]", "", regex=True)
            valid = _per_value(norm, nhs_number.valid_one).eq(True)
            out[field.column] = norm.where(valid)
            bad |= ~valid & col.notna() & (not mapping.demographic_fallback)
            continue
        out[field.column], invalid = _parse(col, field.parser, name.extract_date)
        bad |= invalid
    by_feed = {f.feed: f.column for f in mapping.fields}
    for earlier, later in mapping.order:
        first, then = out[by_feed[earlier]], out[by_feed[later]]
        bad |= then < first  # False where either is missing (NaT)
    key = raw[mapping.key]
    bad |= key.notna() & ~bad & key.where(~bad).duplicated() & key.where(~bad).notna()
    out[mapping.org_column] = name.org
    return mapping.table, out[~bad.to_numpy()], len(raw)


def ingest_csv(feeds: Path, out: Path) -> dict:
    """Every CSV feed validated and its accepted rows written to ``out/tables/<table>/``."""
    files, rows_in = {}, 0
    for seq, path in enumerate(feed_files(feeds, "csv")):
        table, accepted, n = validate_file(path)
        accepted = accepted.assign(load_seq=seq)
        folder = out / "tables" / table
        folder.mkdir(parents=True, exist_ok=True)
        accepted.to_parquet(folder / f"{seq:05d}.parquet", index=False)
        files[path.name] = {"rows_in": n, "accepted": len(accepted)}
        rows_in += n
    return {"rows": rows_in, "files": files}


def _fhir_ok(resource: dict, extract: date) -> bool:
    """fhir.resources (R4B) accepts the structure; our bindings, NHS numbers and dates hold."""
    from fhir.resources.R4B import get_fhir_model_class

    try:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    except Exception:
        return False
    if resource["resourceType"] == "Encounter":
        start = (resource.get("period") or {}).get("start", "")
        status_ok = resource.get("status") in validate_fhir_statuses()
        return status_ok and str(validate.EARLIEST) <= start[:10] <= str(extract)
    if resource["resourceType"] == "Patient":
        nhs = [i["value"] for i in resource.get("identifier", []) if i.get("system") == NHS]
        born = resource.get("birthDate", "")
        dated = not born or str(validate.EARLIEST) <= born[:10] <= str(extract)
        return dated and all(nhs_number.valid_one(n) for n in nhs)
    return True


NHS = "https://fhir.nhs.uk/Id/nhs-number"


def validate_fhir_statuses() -> set[str]:
    return {"planned", "arrived", "triaged", "in-progress", "onleave", "finished", "cancelled"} | {
        "entered-in-error",
        "unknown",
    }


def _contacts(kept: list[dict], org: str, seq: int) -> pd.DataFrame:
    patients = {f"Patient/{r['id']}": r for r in kept if r["resourceType"] == "Patient"}
    rows = []
    for enc in (r for r in kept if r["resourceType"] == "Encounter"):
        pat = patients.get((enc.get("subject") or {}).get("reference", ""), {})
        nhs = next((i["value"] for i in pat.get("identifier", []) if i.get("system") == NHS), None)
        postcode = (pat.get("address") or [{}])[0].get("postalCode")
        rows.append(
            {
                "record_id": enc["id"],
                "nhs_number": nhs,
                "birth_date": pd.Timestamp(pat["birthDate"]) if "birthDate" in pat else pd.NaT,
                "sex": {"male": "M", "female": "F"}.get(pat.get("gender"), "U"),
                "postcode_district": postcode.split(" ")[0] if postcode else None,
                "lsoa": None,
                "contact_date": pd.Timestamp(enc["period"]["start"][:10]),
                "service": (enc.get("type") or [{}])[0].get("text"),
                "source": org,
                "load_seq": seq,
            }
        )
    return pd.DataFrame(rows)


def ingest_fhir(feeds: Path, out: Path) -> dict:
    """Every FHIR NDJSON feed: one ``fhir.resources`` model per resource; Encounters to contacts."""
    resources, files = 0, {}
    for seq, path in enumerate(feed_files(feeds, "ndjson"), start=10_000):
        name = parse_name(path)
        lines = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        kept = [r for r in lines if _fhir_ok(r, name.extract_date)]
        resources += len(lines)
        files[path.name] = {"rows_in": len(lines), "accepted": len(kept)}
        contacts = _contacts(kept, name.org, seq)
        folder = out / "tables" / "community_contact"
        folder.mkdir(parents=True, exist_ok=True)
        contacts.to_parquet(folder / f"{seq:05d}.parquet", index=False)
    return {"resources": resources, "files": files}


def read_parquet(path: Path) -> pd.DataFrame:
    """A Parquet file as pandas, dates as ``datetime64[ns]`` (NaT where missing)."""
    table = pq.read_table(path)
    for i, field in enumerate(table.schema):
        if pa.types.is_date(field.type):
            cast = pc.cast(table[field.name], pa.timestamp("ns"))
            table = table.set_column(i, field.name, cast)
    return table.to_pandas()


def read_table(out: Path, table: str) -> pd.DataFrame | None:
    folder = out / "tables" / table
    parts = sorted(folder.glob("*.parquet")) if folder.exists() else []
    return pd.concat([read_parquet(p) for p in parts], ignore_index=True) if parts else None


def person_index(out: Path) -> pd.DataFrame:
    """One row per NHS number, the latest registration; IMD decile by LSOA; birth month."""
    person = read_table(out, "person")
    person = person[person["nhs_number"].notna()]
    person = person.sort_values(["registration_date", "registered_practice"], ascending=False)
    index = person.drop_duplicates("nhs_number").drop(columns="load_seq")
    dep = read_table(out, "lsoa_deprivation")[["lsoa", "deprivation_decile"]]
    index = index.merge(dep.drop_duplicates("lsoa"), on="lsoa", how="left")
    index["birth_month"] = index["birth_date"].dt.to_period("M").dt.start_time
    return index


RULES = (
    ("demographic:birth_date+sex+postcode_district", ("birth_date", "sex", "postcode_district")),
    ("demographic:birth_date+sex+lsoa", ("birth_date", "sex", "lsoa")),
)


def link_events(events: pd.DataFrame, index: pd.DataFrame) -> pd.DataFrame:
    """The latest copy of each record, with ``person_id`` and ``link_rule``."""
    events = events.sort_values("load_seq").drop_duplicates(["source", "record_id"], keep="last")
    known = set(index["nhs_number"])
    has = events["nhs_number"].notna()
    events["person_id"] = events["nhs_number"].where(events["nhs_number"].isin(known))
    events["link_rule"] = np.where(events["person_id"].notna(), "nhs_number", None)
    for rule, keys in RULES:
        if not set(keys) <= set(events.columns):
            break
        todo = ~has & events["person_id"].isna()
        cands = index.dropna(subset=list(keys)).groupby(list(keys))["nhs_number"]
        cands = cands.agg(["count", "max"]).reset_index()
        found = events.loc[todo, list(keys)].merge(cands, on=list(keys), how="left")
        one = (found["count"] == 1).to_numpy()
        idx = events.index[todo.to_numpy()][one]
        events.loc[idx, "person_id"] = found.loc[one, "max"].to_numpy()
        events.loc[idx, "link_rule"] = rule
    return events


def link(out: Path) -> dict:
    """Person index and every event table linked, written to ``out/linked/``."""
    linked = out / "linked"
    linked.mkdir(parents=True, exist_ok=True)
    index = person_index(out)
    index.to_parquet(linked / "person_index.parquet", index=False)
    report = {"people": len(index), "event_rows": 0, "unlinked": 0}
    for table in EVENT_TABLES:
        events = read_table(out, table)
        if events is None:
            continue
        done = link_events(events, index)
        done.to_parquet(linked / f"{table}.parquet", index=False)
        report["event_rows"] += len(done)
        report["unlinked"] += int(done["person_id"].isna().sum())
    opted = read_table(out, "national_opt_out")
    opted = opted[["nhs_number"]].dropna().drop_duplicates() if opted is not None else None
    (opted if opted is not None else pd.DataFrame({"nhs_number": []})).to_parquet(
        linked / "national_opt_out.parquet", index=False
    )
    (linked / "report.json").write_text(json.dumps(report))
    return report
