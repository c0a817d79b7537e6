"""Word documents (.docx): mammoth turns the body into HTML, read as clean HTML; the title,
authors and date come from the text where it states them, else from docProps/core.xml.

mammoth parses every part it reads with a slow pure-Python DOM, and Word's templates (and
python-docx's) carry a styles.xml of about 350 kB of which mammoth only uses each style's id,
type and name. So mammoth gets a copy of the package holding only the parts it reads, with
styles.xml cut down to those (by lxml): a typical document parses in milliseconds, not a second.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from dataclasses import replace
from datetime import datetime

import mammoth
from lxml import etree, html

from ..attributions import credit_line
from ..budget import check_archive, check_depth
from ..document import Document, Element
from ..errors import DocumentError
from .fields import Fields, header_from, names, opening_lines
from .html_blocks import html_blocks

STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Caption'] => p.caption:fresh
"""
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLES_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
# Parts mammoth never opens (it reads the content types, relationships, the document, its
# styles, numbering, notes, comments and media): left out of the copy it gets.
UNUSED_PARTS = re.compile(
    r"^(word/(stylesWithEffects|settings|webSettings|fontTable|people|commentsExtended"
    r"|commentsIds)\.xml|word/(theme|glossary)/.*|customXml/.*|docProps/.*)$"
)
XML = etree.XMLParser(resolve_entities=False, no_network=True)  # parts are untrusted input
CORE = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}


def read_docx(source: str | bytes, name: str) -> Document:
    data = source.encode() if isinstance(source, str) else source
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "word/document.xml" not in archive.namelist():
            raise zipfile.BadZipFile("no word/document.xml")
        check_archive(archive, name)
        converted = mammoth.convert_to_html(_slim(archive), style_map=STYLE_MAP).value
        core = _core_properties(archive)
    except DocumentError:
        raise
    except Exception as exc:  # a crash inside the converter is the file's problem
        raise DocumentError(f"{name}: not a Word (.docx) document ({exc})") from None
    if not converted.strip():
        raise DocumentError(f"{name}: the Word document is empty")
    root = html.fragment_fromstring(converted, create_parent="div")
    check_depth(root, name)
    elements = credited_quotes(list(html_blocks(root)))
    fields = Fields()
    if elements and root[0].tag == "h1":
        fields.title = elements.pop(0).text
    fields.title = fields.title or _string(core.get("title"))
    elements = opening_lines(fields, elements)
    fields.authors = fields.authors or names(core.get("creator"))
    fields.date = fields.date or core.get("created")
    fields.language = _string(core.get("language"))
    return Document(header_from(fields, name), elements)


def credited_quotes(elements: list[Element]) -> list[Element]:
    """A passage in Word's *Quote* style followed by a line that is only its credit
    ("— Name") is one blockquote credited to that name. A credit that says more ("— Name, in
    a 1931 letter") stays a line of the essay; the quotation is attributed all the same."""
    merged: list[Element] = []
    for element in elements:
        credit = credit_line(element.text) if element.kind == "paragraph" else None
        previous = merged[-1] if merged else None
        name = credit[1] if credit else None
        only_name = name is not None and element.text.lstrip(" —–―").strip() == name
        if only_name and previous and previous.kind == "blockquote" and previous.credit is None:
            merged[-1] = replace(previous, credit=name)
        else:
            merged.append(element)
    return merged


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _core_properties(archive: zipfile.ZipFile) -> dict[str, object]:
    if "docProps/core.xml" not in archive.namelist():
        return {}
    try:
        root = etree.fromstring(archive.read("docProps/core.xml"), XML)
    except etree.XMLSyntaxError:
        return {}
    found: dict[str, object] = {}
    for key, path in (
        ("title", "dc:title"),
        ("creator", "dc:creator"),
        ("language", "dc:language"),
        ("created", "dcterms:created"),
    ):
        value = root.findtext(path, namespaces=CORE)
        if value and value.strip():
            found[key] = value.strip()
    if "created" in found:
        try:
            found["created"] = datetime.fromisoformat(str(found["created"]).replace("Z", "+00:00"))
        except ValueError:
            del found["created"]
    return found


def _slim(archive: zipfile.ZipFile) -> io.BytesIO:
    """A copy of the package with what mammoth reads: no unused parts, a minimal styles.xml."""
    styles = _styles_part(archive)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for name in archive.namelist():
            if UNUSED_PARTS.match(name):
                continue
            part = archive.read(name)
            copy.writestr(name, _minimal_styles(part) if name == styles else part)
    out.seek(0)
    return out


def _styles_part(archive: zipfile.ZipFile) -> str:
    """The styles part's name, as the document's relationships give it (as mammoth finds it)."""
    try:
        relationships = etree.fromstring(archive.read("word/_rels/document.xml.rels"), XML)
    except (KeyError, etree.XMLSyntaxError):
        return "word/styles.xml"
    for relationship in relationships:
        if relationship.get("Type") == STYLES_RELATIONSHIP:
            return posixpath.normpath(
                posixpath.join("word", relationship.get("Target", ""))
            ).lstrip("/")
    return "word/styles.xml"


@functools.lru_cache(maxsize=8)  # documents from one template share a styles.xml
def _minimal_styles(part: bytes) -> bytes:
    """styles.xml with only what mammoth reads from it: each style's type, id and name, and a
    numbering style's numId. Left whole when it is not the usual WordprocessingML."""
    try:
        root = etree.fromstring(part, XML)
    except etree.XMLSyntaxError:
        return part
    if root.tag != f"{{{W}}}styles":
        return part
    minimal = etree.Element(root.tag, nsmap={"w": W})
    for style in root.iterfind("w:style", {"w": W}):
        kept = etree.SubElement(minimal, style.tag, dict(style.attrib))
        for path in ("w:name", "w:pPr/w:numPr/w:numId"):
            found = style.find(path, {"w": W})
            if found is not None:
                parent = kept
                for step in path.split("/")[:-1]:
                    parent = etree.SubElement(parent, f"{{{W}}}{step[2:]}")
                etree.SubElement(parent, found.tag, dict(found.attrib))
    return etree.tostring(minimal, xml_declaration=True, encoding="UTF-8", standalone=True)
