"""A cache of shapes ``fhir.resources`` has accepted, so most resources need no pydantic model.

Whether ``fhir.resources`` accepts a resource depends on its structure — which elements, their
JSON kinds, which are null, which lists are empty, nesting, choice types, extensions, the
``resourceType`` of nested resources — and on each primitive value's format. A resource is cut
into *units*: the resource itself and every element of a non-empty list of JSON objects (list
elements are validated independently of one another). A unit's key is its context (where it
sits: the resource types and element names from the root) and its shape (its elements, their
kinds and nesting, with lists of objects reduced to a marker). Once a resource passes
``fhir.resources``, each of its units is learnt: its class is found from the context and the
FHIR primitive type of each value from the model fields, in the order the shape walk meets them.

A later resource is certainly valid when every unit's key has been learnt and every primitive
value passes the ``primitives`` test for its type; anything else — an unknown shape, an unusual
value, an element we cannot type — is "not certain" and the caller asks ``fhir.resources``.
So the cache can only repeat what ``fhir.resources`` decides.
"""

from __future__ import annotations

import importlib
import types
import typing
from collections.abc import Callable
from functools import cache
from operator import call

from fhir.resources.R4B import fhirtypes, get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from fhir_core.constraints import FHIR_TYPES_MAPS
from fhir_core.types import FhirBase, FhirElementOrResourceBase

from engineroom.population.fhir import primitives

MAX_KNOWN = 200_000  # learnt unit shapes kept (a bound on memory for very varied feeds)


class _Mark:
    """A marker in a shape that no JSON key or kind can be mistaken for."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNITS = _Mark("[units]")  # a non-empty list of objects, each a unit of its own
LIST = _Mark("[list]")  # any other list, walked in place
ROOT = ("root",)  # the context of a top-level resource
POLY = _Mark("Resource")  # an element typed Resource: its class comes from its resourceType
UNLEARNABLE = _Mark("unlearnable")  # a key whose values we cannot type: ask fhir.resources
Tester = Callable[[object], bool]
_known: dict[tuple, tuple[Tester, ...] | _Mark] = {}


def certainly_valid(resource: dict) -> bool:
    """True only if ``fhir.resources`` certainly accepts the resource (see the module note)."""
    known = _known
    for ctx, shape, leaves, _ in _units(resource):
        testers = known.get((ctx, shape), UNLEARNABLE)
        if testers is UNLEARNABLE:
            return False
        if not all(map(call, testers, leaves)):
            return False
    return True


def learn(resource: dict) -> None:
    """Remember the units of a resource ``fhir.resources`` has just accepted."""
    for ctx, shape, leaves, unit in _units(resource):
        key = (ctx, shape)
        if key in _known or len(_known) >= MAX_KNOWN:
            continue
        testers: list[Tester] = []
        cls = _unit_class(_resolve(ctx), unit)
        ok = cls is not None and _types(unit, cls, testers) and len(testers) == len(leaves)
        _known[key] = tuple(testers) if ok else UNLEARNABLE


def forget() -> None:
    _known.clear()


def _always(value: object) -> bool:
    return True


# --- the shape walk (fast: runs for every resource) ----------------------------------------
def _units(resource: dict) -> list[tuple]:
    out: list[tuple] = []
    _unit(resource, ROOT, out)
    return out


def _unit(d: dict, ctx: tuple, out: list) -> None:
    leaves: list = []
    shape = _dict(d, ctx, None, leaves, out)
    out.append((ctx, shape, leaves, d))


def _dict(d: dict, ctx: tuple, path: tuple, leaves: list, out: list) -> tuple:
    rtype = d.get("resourceType")
    if type(rtype) is str:
        path = (path, ("=", rtype))
    parts: list = []
    for k, v in d.items():
        t = type(v)
        if t is str:
            if k == "resourceType":
                parts.append(("=", v))
            else:
                leaves.append(v)
                parts.append(k)
        elif t is dict:
            parts.append((k, _dict(v, ctx, (path, k), leaves, out)))
        elif t is list:
            parts.append((k, _list(v, ctx, (path, k), leaves, out)))
        else:
            leaves.append(v)
            parts.append((k, t))
    return tuple(parts)


def _list(items: list, ctx: tuple, path: tuple, leaves: list, out: list) -> tuple | _Mark:
    if items and all(type(e) is dict for e in items):
        sub = (ctx, path)
        for e in items:
            _unit(e, sub, out)
        return UNITS
    parts: list = [LIST]
    for e in items:
        t = type(e)
        if t is dict:
            parts.append(_dict(e, ctx, path, leaves, out))
        elif t is list:
            parts.append(_list(e, ctx, path, leaves, out))
        else:
            leaves.append(e)
            parts.append(t)
    return tuple(parts)


# --- learning: the class of a unit and the type of each value (runs once per shape) --------
@cache
def _resolve(ctx: tuple):
    """The class of the units in a context: a model class, ``POLY``, ``ROOT`` or None."""
    if ctx is ROOT or ctx == ROOT:
        return ROOT
    parent, path = ctx
    cur = _resolve(parent)
    for step in _steps(path):
        if type(step) is tuple:
            cur = _unit_class(cur, {"resourceType": step[1]})
        elif isinstance(cur, type):
            cur = _field(cur, step)
            cur = cur[1] if cur and not isinstance(cur[1], str) else None
        else:
            return None
    return cur


def _steps(path) -> list:
    """The steps of a path kept as nested pairs ((None, a), b) -> [a, b]."""
    steps = []
    while path is not None:
        path, step = path
        steps.append(step)
    return steps[::-1]


def _unit_class(cur, d: dict):
    """The class a unit of this context is validated as (from its resourceType if polymorphic)."""
    rtype = d.get("resourceType")
    if cur is ROOT:
        return _root_class(rtype) if type(rtype) is str else None
    if cur is POLY:
        return _nested_class(rtype) if type(rtype) is str else None
    return cur if isinstance(cur, type) and "resourceType" not in d else None


@cache
def _root_class(rtype: str):
    try:
        cls = get_fhir_model_class(rtype)
    except (KeyError, ValueError):
        return None
    return cls if issubclass(cls, Resource) else None


@cache
def _nested_class(rtype: str):
    """As ``FhirElementOrResourceBase`` finds the class of a resource nested in another."""
    path = FHIR_TYPES_MAPS.get(f"{fhirtypes.ResourceType._prefix}{rtype}Type")
    cls = _import(path) if path else None
    return cls if cls is not None and cls.has_resource_base() else None


def _import(path: str):
    """The object a dotted ``module.name`` path names."""
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _types(d: dict, cls, testers: list) -> bool:
    """Append a tester for each value ``_dict`` collects, in its order; False if we cannot."""
    for k, v in d.items():
        t = type(v)
        if k == "resourceType" and t is str:
            if v != getattr(cls, "__resource_type__", None) or not cls.has_resource_base():
                return False
            continue
        field = _field(cls, k)
        if field is None or (t is list) != field[0]:
            return False
        if t is not list:
            if not _element(v, field[1], testers):
                return False
        elif not (v and all(type(e) is dict for e in v)) and not all(
            _element(e, field[1], testers) for e in v
        ):
            return False
    return True


def _element(v: object, target, testers: list) -> bool:
    t = type(v)
    if t is dict:
        if target is POLY:
            rtype = v.get("resourceType")
            cls = _nested_class(rtype) if type(rtype) is str else None
        else:
            cls = target if isinstance(target, type) else None
        return cls is not None and _types(v, cls, testers)
    if t is list:
        return False
    if v is None:
        testers.append(_always)
        return True
    if isinstance(target, str):
        testers.append(primitives.certain(target, t))
        return True
    return False


@cache
def _fields(cls) -> dict[str, tuple[bool, object] | None]:
    return {f.alias: _target(f.annotation) for f in cls.model_fields.values() if f.alias}


def _field(cls, key: str) -> tuple[bool, object] | None:
    return _fields(cls).get(key)


def _target(annotation) -> tuple[bool, object] | None:
    """(is a list, target): target a model class, ``POLY`` or a FHIR primitive type name.
    Optional is dropped, also on list items (a null item's validity is part of the shape)."""
    annotation = _required(annotation)
    is_list = typing.get_origin(annotation) is list
    if is_list:
        annotation = _required(typing.get_args(annotation)[0])
    if annotation is None:
        return None
    if annotation is bool:
        return is_list, "boolean"
    if typing.get_origin(annotation) is typing.Annotated:
        names = [getattr(m, "__visit_name__", None) for m in annotation.__metadata__]
        names = [n for n in names if n]
        return (is_list, names[0]) if len(names) == 1 else None
    if isinstance(annotation, type) and issubclass(annotation, FhirBase):
        if issubclass(annotation, FhirElementOrResourceBase):
            return (is_list, POLY) if annotation._model_klass.endswith(".Resource") else None
        return is_list, annotation.get_model_klass()
    return None


def _required(annotation):
    """``X`` for ``Optional[X]`` or ``X | None``; None for any other union."""
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return annotation
    inner = [a for a in typing.get_args(annotation) if a is not type(None)]
    return inner[0] if len(inner) == 1 else None
