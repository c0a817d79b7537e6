"""Word documents (.docx): mammoth turns the body into HTML, read as clean HTML; the title,
authors and date come from the text where it states them, else from docProps/core.xml."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import mammoth
from lxml import etree, html

from ..document import Document
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
        converted = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP).value
        core = _core_properties(archive)
    except DocumentError:
        raise
    except Exception as exc:  # a crash inside the converter is the file's problem
        raise DocumentError(f"{name}: not a Word (.docx) document ({exc})") from None
    if not converted.strip():
        raise DocumentError(f"{name}: the Word document is empty")
    root = html.fragment_fromstring(converted, create_parent="div")
    elements = list(html_blocks(root))
    fields = Fields()
    if elements and root[0].tag == "h1":
        fields.title = elements.pop(0).text
    fields.title = fields.title or _string(core.get("title"))
    elements = opening_lines(fields, elements)
    fields.authors = fields.authors or names(core.get("creator"))
    fields.date = fields.date or core.get("created")
    fields.language = _string(core.get("language"))
    return Document(header_from(fields, name), elements)


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _core_properties(archive: zipfile.ZipFile) -> dict[str, object]:
    if "docProps/core.xml" not in archive.namelist():
        return {}
    try:
        root = etree.fromstring(archive.read("docProps/core.xml"))
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
