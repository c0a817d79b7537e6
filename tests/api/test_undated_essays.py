"""A document that names no author, date or publication is still an essay: imported with those
fields `null` (authors `[]`), served in every representation, listed, searched and edited."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import docx
import pytest

from tests.conftest import Writable

NOTE = """# A note found without its cover

Somebody wrote this note on the back of a bus timetable and left it in the reading room of
the old library, where it stayed between two atlases until the spring of 2019.

## What it says

“Nobody remembers the ferry timetable,” the note begins, “but everybody remembers the ferry.”
It goes on to list the harbours the ferry called at on 14 March, in a careful hand.

The last lines are about the winter of 1963, when the harbour froze.
"""
NO_DATE_LINE = re.compile(rb"<dcterms:created[^>]*>[^<]*</dcterms:created>")


def undated_docx() -> bytes:
    """A Word document whose properties name no author and no creation date."""
    document = docx.Document()
    document.core_properties.author = ""
    document.add_heading("A note found without its cover", level=1)
    for paragraph in NOTE.split("\n\n")[1:]:
        if not paragraph.startswith("#"):
            document.add_paragraph(" ".join(paragraph.split()))
    out = io.BytesIO()
    document.save(out)
    stripped = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(out.getvalue())) as source,
        zipfile.ZipFile(stripped, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "docProps/core.xml":
                data = NO_DATE_LINE.sub(b"", data)
            target.writestr(item, data)
    return stripped.getvalue()


def undated_page() -> bytes:
    """A saved web page with no metadata: no JSON-LD, no meta tags, no byline, no site name."""
    blocks = []
    for block in NOTE.split("\n\n"):
        text = " ".join(block.split())
        if text.startswith("## "):
            blocks.append(f"<h2>{text[3:]}</h2>")
        elif text.startswith("# "):
            blocks.append(f"<h1>{text[2:]}</h1>")
        else:
            blocks.append(f"<p>{text}</p>")
    return f"<!doctype html><html><body><main>{''.join(blocks)}</main></body></html>".encode()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {
    "markdown": ("text/markdown", NOTE.encode()),
    "docx": (DOCX, b""),
    "html": ("text/html", undated_page()),
}


@pytest.mark.parametrize("fmt", FORMATS)
async def test_an_undated_anonymous_document_is_imported_with_nulls(
    writable: Writable, fmt: str
) -> None:
    w = writable
    media_type, body = FORMATS[fmt]
    created = await w.client.post(
        "/v1/imports",
        content=body or undated_docx(),
        headers={**w.auth(), "Content-Type": media_type},
    )
    assert created.status_code == 201, created.text
    essay = created.json()
    assert essay["published_at"] is None
    assert essay["authors"] == [] and essay["publication"] is None
    assert essay["slug"] == "a-note-found-without-its-cover"
    slug = essay["slug"]
    read = await w.client.get(f"/v1/essays/{slug}", params={"include": "quotes,dates"})
    assert read.status_code == 200
    whole = read.json()
    assert whole["published_at"] is None and whole["publication"] is None
    # A year-less day has no publication date to be read against: it is not taken for a date.
    assert [(d["value"], d["where"]) for d in whole["dates"]] == [
        ("2019-21", "paragraph"),
        ("1963-24", "paragraph"),
    ]
    await _every_read_works(w, slug)


async def _every_read_works(w: Writable, slug: str) -> None:
    base = f"/v1/essays/{slug}"
    for accept, expect in [
        ("application/ld+json", '"headline":"A note found without its cover"'),
        ("text/markdown", "# A note found without its cover"),
        ("text/plain", "A note found without its cover"),
    ]:
        answer = await w.client.get(base, headers={"Accept": accept})
        assert answer.status_code == 200, (accept, answer.text)
        assert expect in answer.text.replace(": ", ":")
    jsonld = (await w.client.get(base, headers={"Accept": "application/ld+json"})).json()
    assert not {"datePublished", "publisher", "author"} & set(jsonld)
    markdown = (await w.client.get(base, headers={"Accept": "text/markdown"})).text
    assert "By " not in markdown and " · " not in markdown
    for part in ("sections", "quotes", "figures", "dates", "timeline", "scenarios", "revisions"):
        answer = await w.client.get(f"{base}/{part}")
        assert answer.status_code == 200, (part, answer.text)
    assert (await w.client.get(f"{base}/revisions/1")).json()["version"] == 1
    embed = await w.client.get(f"/embed/essays/{slug}")
    assert embed.status_code == 200 and 'class="byline"' not in embed.text
    assert (await w.client.get(f"/embed/essays/{slug}/timeline")).status_code == 200
    oembed = await w.client.get("/oembed", params={"url": f"http://testserver{base}"})
    assert oembed.status_code == 200 and "author_name" not in oembed.json()
    listed = (await w.client.get("/v1/essays", params={"limit": 200})).json()["items"]
    assert slug in [e["slug"] for e in listed]
    dated = await w.client.get("/v1/essays", params={"published_after": "1900-01-01T00:00:00Z"})
    assert slug not in [e["slug"] for e in dated.json()["items"]]
    found = (await w.client.get("/v1/search", params={"q": "timetable"})).json()["items"]
    assert any(hit["essay"]["slug"] == slug for hit in found), found
    for across in ("/v1/quotes", "/v1/timeline"):
        answer = await w.client.get(across, params={"limit": 200})
        assert answer.status_code == 200, (across, answer.text)
    feed = (await w.client.get("/v1/changes", params={"limit": 200})).json()["items"]
    assert [c["kind"] for c in feed if c["slug"] == slug] == ["create"]


async def test_an_undated_essay_is_edited_and_dated_later(writable: Writable) -> None:
    w = writable
    created = await w.client.post(
        "/v1/imports", content=NOTE.encode(), headers={**w.auth(), "Content-Type": "text/markdown"}
    )
    slug, etag = created.json()["slug"], created.headers["etag"]
    base = f"/v1/essays/{slug}"
    added = await w.client.post(
        f"{base}/dates",
        json={"exact": "14 March"},
        headers={**w.auth(), "If-Match": etag},
    )
    assert added.status_code == 422, added.text  # no year, and no publication date to lend one
    patched = await w.client.patch(
        base,
        json={"publication": {"section": "Notes"}, "published_at": "2020-05-01T09:00:00+02:00"},
        headers={**w.auth(), "If-Match": etag},
    )
    assert patched.status_code == 422  # a publication needs its name
    patched = await w.client.patch(
        base,
        json={"publication": {"name": "Reading Room"}, "published_at": "2020-05-01T09:00:00+02:00"},
        headers={**w.auth(), "If-Match": etag},
    )
    assert patched.status_code == 200, patched.text
    essay = patched.json()
    assert essay["publication"] == {"name": "Reading Room", "section": None}
    assert essay["published_at"] == "2020-05-01T07:00:00Z"  # no zone of its own: UTC
    dated = await w.client.post(
        f"{base}/dates",
        json={"exact": "14 March"},
        headers={**w.auth(), "If-Match": patched.headers["etag"]},
    )
    assert dated.status_code == 201, dated.text
    assert dated.json()["value"] == "2020-03-14"


async def test_the_list_pages_undated_essays_by_when_they_were_imported(
    writable: Writable,
) -> None:
    """Newest first by `published_at`, an undated essay by its `created_at`; keyset paging
    walks that order with no essay skipped or repeated."""
    w = writable
    headers = {**w.auth(), "Content-Type": "text/markdown"}
    undated = []
    for n in range(3):
        note = NOTE.replace("A note found", f"Note {n} found")
        answer = await w.client.post("/v1/imports", content=note.encode(), headers=headers)
        undated.append(answer.json()["slug"])
    future = f"---\ndate: 2099-01-01T00:00:00+00:00\n---\n{NOTE.replace('A note', 'A later note')}"
    dated = await w.client.post("/v1/imports", content=future.encode(), headers=headers)
    assert dated.json()["published_at"] == "2099-01-01T00:00:00Z"
    whole = (await w.client.get("/v1/essays", params={"limit": 200})).json()
    assert whole["next_cursor"] is None
    slugs = [e["slug"] for e in whole["items"]]
    assert slugs[:4] == [dated.json()["slug"], *reversed(undated)]
    assert all(e["published_at"] for e in whole["items"][4:])  # the seeded essays, all dated
    keys = [datetime.fromisoformat(e["published_at"] or e["created_at"]) for e in whole["items"]]
    assert keys == sorted(keys, reverse=True)
    paged: list[str] = []
    params: dict[str, str | int] = {"limit": 2}
    while True:
        page = (await w.client.get("/v1/essays", params=params)).json()
        paged += [e["slug"] for e in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert paged == slugs
