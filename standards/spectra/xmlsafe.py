"""Hardened XML parsing for N42 documents.

* defusedxml with ``forbid_dtd=True``: N42 never needs a DTD, so any DOCTYPE is refused,
  which stops entity expansion ("billion laughs") and external entities (XXE) alike.
* Limits that hold while the document is parsed, not after: at most ``MAX_DEPTH`` nested
  elements (real N42 documents nest about ten deep; an absurdly nested one would exhaust the
  readers' recursion) and at most ``MAX_ELEMENTS`` elements (a portal's 1,064 spectra take
  about 20,000).
* An encoding the parser does not know (``encoding="x-klingon"``) is a refusal naming it.
* Undeclared namespace prefixes (real files re-saved by some tools carry e.g. ``<DHS:...>``
  without ``xmlns:DHS``) are tolerated: the parse is retried with a placeholder declaration
  ``xmlns:P="urn:x-undeclared:P"`` added to the root element, and a warning is returned.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET  # noqa: S405 - only for the Element type and ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from standards.spectra.model import SpectrumFormatError

MAX_XML_BYTES = 64 * 1024 * 1024  # 64 MiB: the largest portal N42 files are a few MiB
MAX_DEPTH = 100  # nested elements; the readers walk the tree recursively (limit ~1000 frames)
MAX_ELEMENTS = 1_000_000  # elements in one document
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
        return _parse_limited(data, where)
    except SpectrumFormatError:
        raise
    except LookupError as exc:  # the declaration names an encoding Python has no codec for
        raise SpectrumFormatError(f"{where}: unknown character encoding ({exc}); N42 documents "
                                  "are UTF-8 or UTF-16") from None
    except DefusedXmlException as exc:
        raise SpectrumFormatError(
            f"{where}: refused: the document carries a DTD or entity declarations ({type(exc).__name__}); "
            "N42 documents never need one"
        ) from None
    except (ValueError, UnicodeError) as exc:  # e.g. an encoding the parser cannot handle
        raise SpectrumFormatError(f"{where}: cannot decode XML ({exc})") from None


def _parse_limited(data: bytes, where: str) -> ET.Element:
    """Parse with the depth and element-count limits checked at each element's start, so a
    hostile document is refused before the tree it asks for is built."""
    depth = count = 0
    root: ET.Element | None = None
    for event, element in SafeET.iterparse(io.BytesIO(data), events=("start", "end"),
                                           forbid_dtd=True, forbid_entities=True,
                                           forbid_external=True):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        count += 1
        if root is None:
            root = element
        if depth > MAX_DEPTH:
            raise SpectrumFormatError(f"{where}: elements nested more than {MAX_DEPTH} deep "
                                      f"(at <{local(element.tag)}>): not an N42 document")
        if count > MAX_ELEMENTS:
            raise SpectrumFormatError(f"{where}: more than {MAX_ELEMENTS:,} elements: not an "
                                      "N42 document this reader accepts")
    if root is None:
        raise SpectrumFormatError(f"{where}: no root element")
    return root


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
