"""Checks that an SVG is safe to place inline in a page.

The pictograms are drawings only: shapes, groups, fills and strokes. Anything
that can run code or fetch something from elsewhere is refused: scripts,
event-handler attributes (`onload`, `onclick`, ...), links and references to
other files or sites, embedded HTML, entities and styles. An allow-list of
elements and attributes keeps this strict: new kinds of markup are refused
until someone has looked at them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_ELEMENTS", "svg_problems"]

_SVG_NS = "{http://www.w3.org/2000/svg}"

ALLOWED_ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "path",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "rect",
    }
)

ALLOWED_ATTRIBUTES = frozenset(
    {
        "viewBox",
        "version",
        "d",
        "points",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "width",
        "height",
        "transform",
        "fill",
        "fill-rule",
        "fill-opacity",
        "clip-rule",
        "opacity",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-dasharray",
        "stroke-opacity",
    }
)

# Markup that must never appear anywhere in the text, whatever the parser makes of it.
_FORBIDDEN_TEXT = re.compile(
    r"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet|<script|<foreignObject|<style|<iframe|"
    r"javascript:|data:|url\(|href|@import",
    re.IGNORECASE,
)
_EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
# Values are numbers, colours, path data or keywords: nothing that could name a resource.
_SAFE_VALUE = re.compile(r"^[#0-9A-Za-z.,\s()+\-]*$")


def svg_problems(svg: str) -> list[str]:
    """Everything that makes `svg` unsafe to place inline; empty when it is safe."""
    problems: list[str] = []
    for match in _FORBIDDEN_TEXT.finditer(svg):
        problems.append(f"forbidden markup {match.group(0)!r} at character {match.start()}")
    for match in _EVENT_HANDLER.finditer(svg):
        problems.append(f"event handler attribute {match.group(0).strip()!r}")
    if problems:
        return problems
    try:
        # Our own packaged files, checked above for entities and DOCTYPE before parsing.
        root = ET.fromstring(svg)  # noqa: S314
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if root.tag != f"{_SVG_NS}svg":
        problems.append(f"the root element is {root.tag!r}, not an SVG element")
    for element in root.iter():
        if not element.tag.startswith(_SVG_NS):
            problems.append(f"element {element.tag!r} is outside the SVG namespace")
            continue
        name = element.tag.removeprefix(_SVG_NS)
        if name not in ALLOWED_ELEMENTS:
            problems.append(f"element <{name}> is not allowed")
        if element.text and element.text.strip():
            problems.append(f"element <{name}> holds text")
        for attribute, value in element.attrib.items():
            if attribute not in ALLOWED_ATTRIBUTES:
                problems.append(f"attribute {attribute!r} on <{name}> is not allowed")
            elif not _SAFE_VALUE.match(value):
                problems.append(f"attribute {attribute}={value!r} on <{name}> has unexpected text")
    return problems
