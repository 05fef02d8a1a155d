"""Parse untrusted JSON without crashing: every failure is a plain reason, never an exception.

Refused: bytes that are not UTF-8, XML sent where JSON was expected, nesting deeper than
``MAX_DEPTH`` levels (including the depth that would exhaust Python's recursion), integers of more
than ``MAX_DIGITS`` digits, numbers too large for a float, and the non-JSON NaN/Infinity.
"""

from __future__ import annotations

import json
import math

MAX_DEPTH = 64
MAX_DIGITS = 30
TOO_DEEP = f"JSON nested more than {MAX_DEPTH} levels deep"


def parse(chunk: bytes) -> tuple[object, str | None]:
    """(value, None) or (None, reason)."""
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not valid UTF-8"
    if text.lstrip().startswith("<"):
        return None, "XML, not JSON (FHIR feeds are JSON)"
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
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
