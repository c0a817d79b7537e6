"""Documents of each format for the import tests, written for them (nothing from the seed)."""

from __future__ import annotations

import io
from pathlib import Path

import docx

HTML_PAGE = """<!doctype html>
<html lang="en"><head>
<title>Three futures for the harbour town | The Coast Review</title>
<meta property="og:title" content="Three futures for the harbour town">
<meta property="og:site_name" content="The Coast Review">
<meta name="description" content="The fishing fleet is shrinking; what comes next is a choice.">
<meta name="author" content="Maren Holt">
<link rel="canonical" href="https://coastreview.example/2023/harbour-futures">
<meta property="article:published_time" content="2023-05-09T08:30:00+01:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/login">Sign in</a></nav>
<article>
<h1>Three futures for the harbour town</h1>
<p>The fishing fleet of Porthmer has shrunk from forty boats in the 1990s to nine today, and
the town council has spent the spring of 2023 arguing about what should replace it.</p>
<p>As the harbour master Elin Trask put it, “a harbour without boats is only a car park with a
view.” Her office counted 134 people employed on the quays last year.</p>
<h2>What the town has tried</h2>
<p>Since 3 March 2021 the council has leased two sheds to a boatbuilder and one to a brewery,
and it has asked three developers for plans for the north quay.</p>
<blockquote><p>We did not lose the fleet in a storm. We lost it one licence at a time, and
nobody wrote it down.</p></blockquote>
<p>The plans differ in what they keep:</p>
<ul><li>a working quay for the nine boats that remain</li>
<li>flats and a marina on the north quay</li><li>a boatyard and training school</li></ul>
<h2>Three futures</h2>
<p>I see three broad paths for the town. The first path is the museum: the harbour kept as it
was, for visitors. The second path is the marina, which trades the fleet for yachts. The third
path is the workshop, in which boats are built and mended rather than fished from.</p>
</article>
<footer><p>© The Coast Review. Subscribe to our newsletter.</p></footer>
</body></html>
"""

MARKDOWN = """---
title: The library that kept its lights on
subtitle: A small branch library and the question of what it is for
author: Idris Pemberton
date: 2024-02-14T10:00:00+00:00
section: Culture
---

# The library that kept its lights on

When the council proposed closing the Eastgate branch in the summer of 2019, three hundred
people came to the meeting. The branch had opened in the nineteenth century.

## What the readers said

“We come for the warmth as much as the books,” said Agnes Cole, who has borrowed from the
branch since the 1960s.

> A library is the last room in town where nobody asks you to buy anything.

![The reading room at dusk](https://img.example/reading-room.jpg "Photo: Lena Marsh")

Three options are on the table:

- keep the branch as it is, with volunteers
- merge it with the health centre
- close it and run a mobile library
"""


def docx_bytes() -> bytes:
    """A small Word document, its title and author in the document's properties."""
    document = docx.Document()
    document.core_properties.title = "The night ferry and the island economy"
    document.core_properties.author = "Sunniva Berg"
    document.add_heading("The night ferry and the island economy", level=1)
    document.add_paragraph(
        "For thirty years the night ferry left the island at 11pm. In 2022 the operator "
        "cut it to three nights a week, and the bakeries noticed first."
    )
    document.add_heading("Who depends on it", level=2)
    document.add_paragraph(
        "“The ferry is the island’s bloodstream,” wrote the councillor Tomas Vik in a letter "
        "to the operator in March 2022."
    )
    document.add_paragraph("Salmon for the mainland market", style="List Bullet")
    document.add_paragraph("Bread for the morning shops", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_mixed(folder: Path) -> list[Path]:
    """One document per format besides the text layout, named by extension as a site has them."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {
        "harbour-futures.html": HTML_PAGE.encode(),
        "eastgate-library.md": MARKDOWN.encode(),
        "night-ferry.docx": docx_bytes(),
    }
    for name, data in written.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in written]
