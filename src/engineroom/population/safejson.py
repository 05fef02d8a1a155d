"""Parse untrusted JSON without crashing: every failure is a plain reason, never an exception.

Refused: bytes that are not UTF-8, XML sent where JSON was expected, nesting deeper than
``MAX_DEPTH`` levels (including the depth that would exhaust Python's recursion), integers of more
than ``MAX_DIGITS`` digits, numbers too large for a float, and the non-JSON NaN/Infinity.
"""

from __future__ import annotations

import json
import math
import re

MAX_DEPTH = 64
MAX_DIGITS = 30
TOO_DEEP = f"JSON nested more than {MAX_DEPTH} levels deep"


def parse(chunk: bytes) -> tuple[object, str | None]:
    """(value, None) or (None, reason)."""
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not valid UTF-8"
    if _XML.match(text):
        return None, "XML, not JSON (FHIR feeds are JSON)"
    if text.startswith("\ufeff"):  # as json.loads says it
        return None, "not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig) at character 0"
    try:
        value = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON: {exc.msg} at character {exc.pos}"
    except RecursionError:
        return None, TOO_DEEP
    except ValueError as exc:
        return None, f"not usable JSON: {exc}"
    # Cheap test first: only a chunk with many brackets can be nested too deeply.
    if chunk.count(b"{") + chunk.count(b"[") > MAX_DEPTH and depth(value) > MAX_DEPTH:
        return None, TOO_DEEP
    return value, None


def parse_lines(data: bytes) -> tuple[list[tuple[object, str | None]], list[str | None]]:
    """``parse`` for each non-blank line of NDJSON, and the text of each line read whole.

    A line holding one JSON object (``{...}``, the usual case) is decoded in place from the file's
    text, without the per-chunk steps; any other line, or one that fails, goes through ``parse``
    (so its reason is exactly the one ``parse`` gives; its text is None).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # some line is not UTF-8: each line on its own
        chunks = [chunk for chunk in data.split(b"\n") if chunk.strip()]
        return [parse(chunk) for chunk in chunks], [None] * len(chunks)
    rows: list[tuple[object, str | None]] = []
    raws: list[str | None] = []
    for line in text.split("\n"):
        found = _object_line(line) if line[:1] == "{" else None
        if found is not None:
            rows.append((found, None))
            raws.append(line.rstrip(_JSON_SPACE))
        elif line.strip(_BYTES_SPACE):  # what ``bytes.strip`` strips: blank lines are skipped
            rows.append(parse(line.encode("utf-8")))
            raws.append(None)
    return rows, raws


def _object_line(line: str) -> dict | None:
    """The object a line holds, decoded as ``parse`` would accept it, or None to ask ``parse``."""
    try:
        value, end = _SCAN(line, 0)
    except (StopIteration, ValueError, RecursionError):
        return None
    if end != len(line) and line[end:].strip(_JSON_SPACE):
        return None
    if line.count("{") + line.count("[") > MAX_DEPTH and depth(value) > MAX_DEPTH:
        return None
    return value


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise ValueError(f"a number with {digits:,} digits (at most {MAX_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]}... is too large")
    return value


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def depth(value: object) -> int:
    """Nesting depth of objects and arrays (stops counting past ``MAX_DEPTH``); no recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack and deepest <= MAX_DEPTH:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


# One decoder for every call (``json.loads`` with hooks builds a new one each time).
_DECODER = json.JSONDecoder(parse_int=_int, parse_float=_float, parse_constant=_constant)
_SCAN = _DECODER.scan_once
_JSON_SPACE = " \t\n\r"  # JSON's whitespace
_BYTES_SPACE = " \t\n\r\x0b\x0c"  # ASCII whitespace, as ``bytes.strip`` strips it
_XML = re.compile(r"\s*<")  # as ``text.lstrip().startswith("<")``, without copying the text
