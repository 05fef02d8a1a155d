"""Pseudonymisation for secondary use: a keyed HMAC-SHA256 of the NHS number.

The key is never stored with the data: pass it in, or set ``ENGINEROOM_PSEUDO_KEY``. Without the
key nobody can recompute or reverse the pseudonym; with a different key the ids do not join.

:func:`pseudonymised` computes the pseudonym in the engine, next to the data: a vectorised UDF
(a pyarrow scalar UDF on DuckDB, a pandas UDF on the PySpark executors), identical to
:func:`pseudo_id` for every value.
"""

from __future__ import annotations

import hashlib
import hmac
import os

import ibis
import pyarrow as pa

KEY_ENV = "ENGINEROOM_PSEUDO_KEY"
LENGTH = 32  # hex characters kept of the 64 of a SHA-256 digest


class MissingKey(RuntimeError):
    """Secondary-use outputs need a pseudonymisation key and none was given."""


def key_from_env(explicit: str | bytes | None = None) -> bytes:
    key = explicit if explicit is not None else os.environ.get(KEY_ENV)
    if not key:
        raise MissingKey(
            f"set {KEY_ENV} (or pass a key) to build pseudonymised secondary-use views"
        )
    return key.encode() if isinstance(key, str) else key


def pseudo_id(nhs_number: str, key: bytes) -> str:
    return hmac.new(key, nhs_number.encode(), hashlib.sha256).hexdigest()[:LENGTH]


def _digests(values, key: bytes) -> list[str | None]:
    """``pseudo_id`` of each value (None stays None). HMAC (RFC 2104) with the keyed inner and
    outer hash states prepared once and copied per value: twice as fast as ``hmac.new``."""
    inner, outer = _pads(key)
    out = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        h = inner.copy()
        h.update(str(v).encode())
        o = outer.copy()
        o.update(h.digest())
        out.append(o.hexdigest()[:LENGTH])
    return out


def _pads(key: bytes):
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    return inner, hashlib.sha256(bytes(b ^ 0x5C for b in key))


def _udf(engine: str, key: bytes):
    """The keyed pseudonym as a vectorised UDF of the engine (a fresh name per call)."""
    if engine == "pyspark":
        import pandas as pd

        def pseudonym(value: str) -> str:  # a pandas UDF: runs on the executors, batch by batch
            return pd.Series(_digests(value.tolist(), key), index=value.index, dtype=object)

        return ibis.udf.scalar.pandas(pseudonym)

    def pseudonym(value: str) -> str:  # a pyarrow UDF: DuckDB hands it one vector at a time
        return pa.array(_digests(value.to_pylist(), key), pa.string())

    return ibis.udf.scalar.pyarrow(pseudonym)


def pseudonymised(table: ibis.Table, column: str, key: bytes, name: str = "pseudo_id"):
    """``table`` with ``name`` added: the keyed pseudonym of ``column``, computed in the engine."""
    engine = ibis.get_backend(table).name
    return table.mutate(**{name: _udf(engine, key)(table[column].cast("string"))})
