"""Partner feeds as real senders would write them: one set of CSV files per organisation.

Column names follow :mod:`engineroom.population.sources` (SUS/ECDS/CSDS/MHSDS-shaped), so the
demo loads through exactly the ingestion path a real system uses. Secondary-care feeds come as
two extracts (a month apart) so some records arrive late and some are re-sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from engineroom.population.sources import feed_filename
from engineroom.population.synth import dirt

EPOCH = date(1970, 1, 1)
LATE_SHARE, RESENT_SHARE = 0.02, 0.005


@dataclass
class Context:
    """What every writer needs: people, dates, output folder and the running dirt ledger."""

    people: pd.DataFrame
    rng: np.random.Generator
    out: Path
    as_of: date
    start: date
    ledger: dict[str, dict[str, int]] = field(default_factory=dict)
    rows: int = 0

    def dates(self, day: np.ndarray, base: date | None = None) -> pa.Array:
        """Day offsets from ``base`` (default window start) as ISO date strings."""
        offset = ((base or self.start) - EPOCH).days
        return (
            pa.array(np.asarray(day, dtype=np.int32) + offset, pa.int32())
            .cast(pa.date32())
            .cast(pa.string())
        )


def strings(values) -> pa.Array:
    return pa.array(np.asarray(values)).cast(pa.string())


def ids(prefix: str, n: int, start: int = 0) -> pa.Array:
    nums = pa.array(np.arange(start, start + n, dtype=np.int64)).cast(pa.string())
    return pc.binary_join_element_wise(pa.scalar(prefix), nums, "")


def demographics(ctx: Context, person: np.ndarray) -> dict[str, pa.Array]:
    """The identity columns secondary-care feeds carry alongside the NHS number."""
    p = ctx.people
    sex = np.where(p["female"].to_numpy()[person], "2", "1")
    return {
        "NHS_NUMBER": strings(p["nhs_number"].to_numpy()[person]),
        "PERSON_BIRTH_DATE": ctx.dates(-p["age_days"].to_numpy()[person], ctx.as_of),
        "PERSON_STATED_GENDER_CODE": pa.array(sex),
        "POSTCODE_DISTRICT": pa.array(p["district"].to_numpy()[person].astype(str)),
        "LSOA_OF_RESIDENCE": pa.array(p["lsoa"].to_numpy()[person].astype(str)),
    }


def write(
    ctx: Context, kind: str, org: str, extract: date, cols: dict[str, pa.Array], **dirt_args
) -> None:
    """Dirty the columns, write one CSV and record what was injected."""
    cols, counts = dirt.inject(cols, ctx.rng, extract=extract, **dirt_args)
    name = feed_filename(kind, org, extract)
    folder = ctx.out / org
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.table(cols)
    pacsv.write_csv(table, folder / name, pacsv.WriteOptions(quoting_style="needed"))
    ctx.ledger[name] = {**counts, "rows": table.num_rows}
    ctx.rows += table.num_rows


def by_org(org: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """Row indices per organisation, in a stable order."""
    if len(org) == 0:
        return []
    order = np.argsort(org, kind="stable")
    values, starts = np.unique(org[order], return_index=True)
    return list(zip(values.tolist(), np.split(order, starts[1:]), strict=True))


def split_extracts(ctx: Context, day: np.ndarray) -> list[tuple[date, np.ndarray]]:
    """Rows for the earlier and later extract: late arrivals and re-sends go in the later one."""
    cutoff = ctx.as_of - timedelta(days=31)
    cut_day = (cutoff - ctx.start).days
    late = ctx.rng.random(len(day)) < LATE_SHARE
    first = np.flatnonzero((day <= cut_day) & ~late)
    resent = first[ctx.rng.random(len(first)) < RESENT_SHARE]
    second = np.sort(np.concatenate([np.flatnonzero((day > cut_day) | late), resent]))
    return [(cutoff, first), (ctx.as_of, second)]


def secondary_feed(
    ctx: Context,
    kind: str,
    key: str,
    org: np.ndarray,
    events: pd.DataFrame,
    build: Callable[[np.ndarray, date], dict[str, pa.Array]],
    *,
    date_col: str,
    code_col: tuple[str, str] | None = None,
    two_extracts: bool = True,
) -> None:
    """Write one feed per organisation (optionally as two extracts) from an event frame.

    ``org`` gives each person's organisation; ``build(rows, extract)`` returns the event's own columns.
    Record ids are stable across extracts, so a re-sent record keeps its id.
    """
    person, day = events["person"].to_numpy(), events["day"].to_numpy()
    for name, rows in by_org(org[person]):
        parts = (
            split_extracts(ctx, day[rows]) if two_extracts else [(ctx.as_of, np.arange(len(rows)))]
        )
        for extract, part in parts:
            sel = rows[part]
            cols = {
                key: record_ids(name, sel),
                **demographics(ctx, person[sel]),
                **build(sel, extract),
            }
            write(ctx, kind, name, extract, cols, date_col=date_col, code_col=code_col)


def record_ids(org: str, record: np.ndarray) -> pa.Array:
    nums = pa.array(np.asarray(record, dtype=np.int64)).cast(pa.string())
    return pc.binary_join_element_wise(pa.scalar(f"{org}-"), nums, "")


def reference_feeds(ctx: Context, areas: pd.DataFrame, system: str, optout: np.ndarray) -> None:
    """Public IMD lookup and the national data opt-out list returned for the system."""
    folder = ctx.out / "REF"
    folder.mkdir(parents=True, exist_ok=True)
    imd = pa.table({"LSOA_CODE": strings(areas["lsoa"]), "IMD_DECILE": strings(areas["decile"])})
    pacsv.write_csv(imd, folder / feed_filename("lsoa_imd", "REF", ctx.as_of))
    ctx.ledger[feed_filename("lsoa_imd", "REF", ctx.as_of)] = {"rows": imd.num_rows}
    name = feed_filename("ndop", system, ctx.as_of)
    nd = pa.table({"NHS_NUMBER": strings(optout)})
    (ctx.out / system).mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(nd, ctx.out / system / name)
    ctx.ledger[name] = {"rows": nd.num_rows}
    ctx.rows += imd.num_rows + nd.num_rows


def write_ledger(ctx: Context) -> None:
    (ctx.out.parent / "dirt_ledger.json").write_text(
        json.dumps(ctx.ledger, indent=1, sort_keys=True)
    )


def choose_code(rng: np.random.Generator, options: list[str], n: int) -> pa.Array:
    return pa.array(np.asarray(options)[rng.integers(0, len(options), n)])
