"""Hardened XML parsing for N42 documents.

* defusedxml with ``forbid_dtd=True``: N42 never needs a DTD, so any DOCTYPE is refused,
  which stops entity expansion ("billion laughs") and external entities (XXE) alike.
* Undeclared namespace prefixes (real files re-saved by some tools carry e.g. ``<DHS:...>``
  without ``xmlns:DHS``) are tolerated: the parse is retried with a placeholder declaration
  ``xmlns:P="urn:x-undeclared:P"`` added to the root element, and a warning is returned.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - only for the Element type and ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from standards.spectra.model import SpectrumFormatError

MAX_XML_BYTES = 64 * 1024 * 1024  # 64 MiB: the largest portal N42 files are a few MiB
UNDECLARED_NS = "urn:x-undeclared:"

_PREFIX_USE = re.compile(rb"</?([A-Za-z_][\w.\-]*):[A-Za-z_]|\s([A-Za-z_][\w.\-]*):[A-Za-z_][\w.\-]*\s*=")
_PREFIX_DECL = re.compile(rb"xmlns:([A-Za-z_][\w.\-]*)\s*=")
_ROOT_TAG = re.compile(rb"<(?![?!])([A-Za-z_][\w.\-:]*)")


def parse_xml(data: bytes, where: str) -> tuple[ET.Element, list[str]]:
    """Parse ``data`` safely; returns the root element and warnings about what was tolerated."""
    if len(data) > MAX_XML_BYTES:
        raise SpectrumFormatError(f"{where}: {len(data)} bytes is more than the {MAX_XML_BYTES} byte limit")
    try:
        return _parse(data, where), []
    except ET.ParseError as exc:
        if "unbound prefix" not in str(exc):
            raise SpectrumFormatError(f"{where}: not well-formed XML ({exc})") from None
    repaired, prefixes = _declare_missing_prefixes(data)
    if not prefixes:
        raise SpectrumFormatError(f"{where}: not well-formed XML (unbound prefix)")
    try:
        root = _parse(repaired, where)
    except ET.ParseError as exc:
        raise SpectrumFormatError(f"{where}: not well-formed XML ({exc})") from None
    names = ", ".join(p.decode("ascii", "replace") for p in prefixes)
    return root, [f"undeclared namespace prefix tolerated: {names}"]


def _parse(data: bytes, where: str) -> ET.Element:
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SpectrumFormatError(
            f"{where}: refused: the document carries a DTD or entity declarations ({type(exc).__name__}); "
            "N42 documents never need one"
        ) from None
    except (ValueError, UnicodeError) as exc:  # e.g. an encoding the parser cannot handle
        raise SpectrumFormatError(f"{where}: cannot decode XML ({exc})") from None


def _declare_missing_prefixes(data: bytes) -> tuple[bytes, list[bytes]]:
    used: set[bytes] = set()
    for match in _PREFIX_USE.finditer(data):
        used.add(match.group(1) or match.group(2))
    declared = set(_PREFIX_DECL.findall(data))
    missing = sorted(p for p in used - declared if p.lower() not in (b"xml", b"xmlns"))
    root = _ROOT_TAG.search(data)
    if not missing or root is None:
        return data, []
    declarations = b"".join(b" xmlns:%s=\"%s%s\"" % (p, UNDECLARED_NS.encode(), p) for p in missing)
    return data[: root.end()] + declarations + data[root.end():], missing


def local(tag: str) -> str:
    """Element name without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""
