"""Which reader a document needs: by media type, then file extension, then its content."""

from __future__ import annotations

import io
import re
import zipfile

from .errors import DocumentError

FORMATS = ("text", "html", "markdown", "docx")

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA_TYPES = {
    "text/plain": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    DOCX_MEDIA_TYPE: "docx",
}
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".docx": "docx",
}
SNIFF_LENGTH = 4096
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_FRONT_MATTER = re.compile(rb"^---[ \t]*\r?\n")
# A page saved without its doctype: it opens with a tag and closes block elements.
_HTML_FRAGMENT = re.compile(
    rb"\A\s*<[a-zA-Z!?][^>]*>.*</(?:p|div|article|section|body)>", re.I | re.S
)
# Markdown that plain prose never has: an ATX heading, an image or link, a fenced block, a list.
_MARKDOWN = re.compile(
    rb"^#{1,6}\s+\S|!\[[^\]]*\]\(|\[[^\]]+\]\([^)]+\)|^```|^>\s+\S|^\s*[-*+]\s+\S", re.M
)
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")


class UnsupportedFormat(DocumentError):
    """The document is of no format the importer reads (binary, an unknown media type...)."""


def sniff_format(data: bytes, *, filename: str | None = None, media_type: str | None = None) -> str:
    """One of FORMATS; UnsupportedFormat for binary or unknown content."""
    if media_type:
        essence = media_type.split(";")[0].strip().lower()
        if essence in MEDIA_TYPES:
            return MEDIA_TYPES[essence]
        if essence not in ("application/octet-stream", ""):
            raise UnsupportedFormat(
                f"media type '{essence}' is not one the importer reads "
                f"(expected one of {', '.join(sorted(MEDIA_TYPES))})"
            )
    if filename:
        suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if suffix in EXTENSIONS:
            return EXTENSIONS[suffix]
    return sniff_content(data)


def sniff_content(data: bytes) -> str:
    if not data.strip():
        raise DocumentError("the document is empty")
    if data.startswith(b"PK\x03\x04"):
        if _is_docx(data):
            return "docx"
        raise UnsupportedFormat("a zip archive that is not a Word (.docx) document")
    head = data[:SNIFF_LENGTH]
    if _BINARY_BYTES.search(head):
        raise UnsupportedFormat("binary content: not a text, HTML, Markdown or Word document")
    if _HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")) or _HTML_FRAGMENT.search(head):
        return "html"
    if _FRONT_MATTER.match(head.removeprefix(b"\xef\xbb\xbf")) or _MARKDOWN.search(head):
        return "markdown"
    return "text"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
