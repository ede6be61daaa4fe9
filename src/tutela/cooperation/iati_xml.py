"""Writing IATI XML with the standard library: elements with narratives, comments that stay
comments, text XML 1.0 can hold, numbers without trailing zeros."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# XML 1.0 cannot hold these characters at all; a description pasted from a word processor
# may carry them, and one of them would make the whole file unreadable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return NOT_XML.sub("", text)


def sub(
    parent: ET.Element, tag: str, attributes: dict[str, str] | None = None, text: str = ""
) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes or {})
    if text:
        element.text = clean(text)
    return element


def narrated(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = sub(parent, tag, attributes)
    sub(element, "narrative", text=text)
    return element


def comment(text: str) -> ET.Element[Any]:
    # "--" may not appear inside an XML comment; a project code may hold it.
    return ET.Comment(" " + clean(text).replace("--", "- -") + " ")


def number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
