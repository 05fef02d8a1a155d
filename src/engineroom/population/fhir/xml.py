"""FHIR XML (e.g. the UK Core examples) read through ``fhir.resources`` and turned into the same
JSON a JSON feed sends, so it takes the same path from there (decision, Bundles, mappings).

The XML is parsed without a DTD, entities or network access. Anything that is not a FHIR resource
in the FHIR namespace is refused with the reason (one row, quarantined), never skipped.
"""

from __future__ import annotations

from fhir.resources.R4B import get_fhir_model_class
from lxml import etree
from pydantic import ValidationError

NAMESPACE = "http://hl7.org/fhir"
DOCTYPE = "XML with a DOCTYPE is not accepted (no DTDs or entities)"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse(data: bytes) -> tuple[dict | None, tuple[str, str] | None]:
    """(resource as FHIR JSON, None) or (None, (field, reason))."""
    if b"<!DOCTYPE" in data[:4096].upper():
        return None, ("(file)", DOCTYPE)
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        return None, ("(file)", f"not well-formed XML: {exc.msg}"[:300])
    if root.getroottree().docinfo.doctype:
        return None, ("(file)", DOCTYPE)
    tag = etree.QName(root)
    if tag.namespace != NAMESPACE:
        where = f"namespace {tag.namespace}" if tag.namespace else "no namespace"
        return None, ("(file)", f"XML but not FHIR: root element <{tag.localname}> has {where}")
    try:
        model = get_fhir_model_class(tag.localname)
    except (KeyError, ValueError):
        return None, ("resourceType", f"unknown FHIR resource type {tag.localname[:64]!r}")
    try:
        found = model.model_validate_xml(data, xmlparser=_parser())
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "(resource)"
        return None, (f"{tag.localname}.{loc}", f"FHIR R4 structure: {err['msg']}")
    except KeyError as exc:  # the XML reader meets an element the model does not have
        return None, (f"{tag.localname}.{exc.args[0]}", f"FHIR R4 structure: unknown element {exc}")
    except (ValueError, TypeError, AttributeError, IndexError) as exc:  # XML it cannot map
        return None, (tag.localname, f"FHIR XML not readable: {exc}"[:300])
    return found.model_dump(mode="json", exclude_none=True), None
