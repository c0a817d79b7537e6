"""The seed essay, field by field."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from app.importer import parse_document, read_document
from app.importer.model import make_id

SLUG = "putins-opponents-are-leaving-russia"
PULL_QUOTE = (
    "One cannot simultaneously be a grave-digger of the old regime and mourn the "
    "opportunities lost in it"
)


def test_metadata(seed):
    assert seed.slug == SLUG
    assert seed.title == "Putin’s opponents are leaving Russia. Does that make change harder?"
    assert seed.subtitle == (
        "A closer look at the world of some anti-Putin emigrants shows they are no great "
        "loss to any future revolution"
    )
    assert seed.kind == "opinion"
    assert (seed.publication.name, seed.publication.section) == ("openDemocracy", "oDR")
    assert seed.authors == ["Nikolay Andreev"]
    assert seed.published_at == datetime.fromisoformat("2022-10-26T13:48:00+01:00")
    assert seed.published_at.utcoffset() == timedelta(hours=1)
    assert seed.language == "en"
    assert seed.word_count == 1908
    assert seed.reading_time_minutes == 9  # ceil(1908 / 230)


def test_source_hash_covers_source_and_annotations(seed, seed_path):
    annotations = seed_path.with_name(f"{SLUG}.annotations.yaml").read_bytes()
    expected = hashlib.sha256(seed_path.read_bytes() + b"\0" + annotations).hexdigest()
    assert seed.source_hash == expected


def test_plain_text_starts_with_the_header_and_lead_figure(seed):
    assert seed.plain_text.startswith(
        "Putin’s opponents are leaving Russia. Does that make change harder?\n\n"
        "A closer look at the world of some anti-Putin emigrants shows they are no great "
        "loss to any future revolution\n\n"
        "Nikolay Andreev\n26 October 2022, 1.48pm\n\n"
        "Demonstrators gather to protest the Russian legislative election results on "
        "Moscow's Bolotnaya square, December 2011\nREUTERS/Anton Golubev/Alamy\n\n"
        "A great number of Russians"
    )
    assert seed.plain_text.endswith(
        "the greater the chances for the emergence of such an alternative."
    )
    assert "\n\n\n" not in seed.plain_text
    assert "\u00a0" not in seed.plain_text  # the seed's only no-break spaces are at edges


def test_no_boilerplate_anywhere(seed):
    texts = [seed.plain_text] + [
        block.text or "" for section in seed.sections for block in section.blocks
    ]
    for text in texts:
        for word in (
            "newsletter",
            "Sign up",
            "commenting guidelines",
            "Bookmark",
            "weekly summary",
        ):
            assert word not in text


def test_sections(seed):
    assert [(s.position, s.heading, s.anchor) for s in seed.sections] == [
        (1, None, "intro"),
        (2, "There will be no return to 23 February", "there-will-be-no-return-to-23-february"),
        (3, "Nature does not tolerate emptiness", "nature-does-not-tolerate-emptiness"),
        (4, "Why a revolution?", "why-a-revolution"),
    ]
    assert [s.id for s in seed.sections] == [make_id(SLUG, "section", n) for n in range(1, 5)]
    letter = {"paragraph": "p", "pull_quote": "q", "figure": "f"}
    shapes = ["".join(letter[block.type] for block in s.blocks) for s in seed.sections]
    assert shapes == ["fpppp", "ppppppfppq", "p" * 12 + "f", "pppppp"]
    for section in seed.sections:
        assert [block.position for block in section.blocks] == list(
            range(1, len(section.blocks) + 1)
        )


def test_short_sentence_stays_a_paragraph(seed):
    paragraphs = [block.text for block in seed.sections[2].blocks]
    assert paragraphs[1] == "There is one big difficulty with this."
    assert "It appears that neither of these two trends has become dominant so far." in paragraphs


def test_figures(seed):
    assert [(f.position, f.caption, f.credit) for f in seed.figures] == [
        (
            1,
            "Demonstrators gather to protest the Russian legislative election results on "
            "Moscow's Bolotnaya square, December 2011",
            "REUTERS/Anton Golubev/Alamy",
        ),
        (
            2,
            'Advert for the 2020 census saying "We create the future", Moscow subway',
            "ZUMA Press Inc/ Alamy",
        ),
        (3, "Meeting calling for fair elections, Moscow 2015", "Enik / Alamy"),
    ]
    sections = [s.id for s in seed.sections]
    assert [f.section_id for f in seed.figures] == [sections[0], sections[1], sections[2]]
    assert all(f.alt == f.caption and f.image_url is None for f in seed.figures)
    figure_blocks = [b.figure_id for s in seed.sections for b in s.blocks if b.type == "figure"]
    assert figure_blocks == [f.id for f in seed.figures]
    assert seed.sections[0].blocks[0].figure_id == seed.figures[0].id
    assert "Enik / Alamy\n\nWhy a revolution?" in seed.plain_text


def test_pull_quote(seed):
    pull_quotes = [q for q in seed.quotes if q.kind == "pull_quote"]
    assert len(pull_quotes) == 1
    quote = pull_quotes[0]
    assert quote.text == PULL_QUOTE
    assert quote.selector.exact == "o" + PULL_QUOTE[1:]
    assert quote.selector.prefix == "not for the revolution, because "
    assert quote.selector.suffix.startswith(". The Putin opponents")
    assert quote.section_id == seed.sections[1].id
    block = seed.sections[1].blocks[-1]
    assert (block.type, block.quote_id) == ("pull_quote", quote.id)
    # the displayed pull quote is in the text too, as its own block
    assert f"\n\n{PULL_QUOTE}\n\nNature does not tolerate emptiness\n\n" in seed.plain_text


def test_quotations(seed):
    assert [(q.position, q.kind, q.text) for q in seed.quotes] == [
        (1, "quotation", "backward"),
        (2, "quotation", "pockets of efficiency"),
        (3, "quotation", "great projects"),
        (4, "quotation", "normal"),
        (5, "quotation", "We create the future"),
        (6, "quotation", "reserve army"),
        (7, "pull_quote", PULL_QUOTE),
        (8, "quotation", "open their eyes"),
        (9, "quotation", "wake up"),
        (10, "quotation", "out of politics"),
        (11, "quotation", "Putin’s stability"),
        (12, "quotation", "revolutionary party"),
        (13, "quotation", "party"),
        (14, "quotation", "break from reality"),
        (15, "quotation", "senseless and merciless"),
    ]
    assert [q.id for q in seed.quotes] == [make_id(SLUG, "quote", n) for n in range(1, 16)]
    starts = [q.selector.start for q in seed.quotes]
    assert starts == sorted(starts)
    for quote in seed.quotes:
        if quote.kind == "quotation":
            assert quote.selector.exact == quote.text
            marks = seed.plain_text[quote.selector.start - 1] + seed.plain_text[quote.selector.end]
            assert marks in ("“”", '""')
    attributed = {q.text: q.attributed_to for q in seed.quotes if q.attributed_to}
    assert attributed == {"senseless and merciless": "Alexander Pushkin"}
    caption_quote = seed.quotes[4]
    assert caption_quote.section_id == seed.sections[1].id
    assert caption_quote.selector.prefix.endswith('census saying "')


def test_dates(seed):
    section = {s.id: s.position for s in seed.sections}
    rows = [
        (d.text, d.value, d.precision, f"{d.start}..{d.end}", d.where, section.get(d.section_id))
        for d in seed.dates
    ]
    assert rows == [
        ("26 October 2022, 1.48pm", "2022-10-26T13:48:00+01:00", "minute",
         "2022-10-26..2022-10-26", "byline", None),
        ("December 2011", "2011-12", "month", "2011-12-01..2011-12-31", "caption", 1),
        ("24 February", "2022-02-24", "day", "2022-02-24..2022-02-24", "paragraph", 1),
        ("21 September", "2022-09-21", "day", "2022-09-21..2022-09-21", "paragraph", 1),
        ("23 February", "2022-02-23", "day", "2022-02-23..2022-02-23", "heading", 2),
        ("24 February", "2022-02-24", "day", "2022-02-24..2022-02-24", "paragraph", 2),
        ("23 February 2022", "2022-02-23", "day", "2022-02-23..2022-02-23", "paragraph", 2),
        ("2020", "2020", "year", "2020-01-01..2020-12-31", "paragraph", 2),
        ("2018", "2018", "year", "2018-01-01..2018-12-31", "paragraph", 2),
        ("2014", "2014", "year", "2014-01-01..2014-12-31", "paragraph", 2),
        ("2020", "2020", "year", "2020-01-01..2020-12-31", "caption", 2),
        ("2010", "2010", "year", "2010-01-01..2010-12-31", "paragraph", 2),
        ("2015", "2015", "year", "2015-01-01..2015-12-31", "caption", 3),
    ]  # fmt: skip
    assert [d.position for d in seed.dates] == list(range(1, 14))
    assert [d.id for d in seed.dates] == [make_id(SLUG, "date", n) for n in range(1, 14)]
    byline = seed.dates[0].selector
    assert seed.plain_text[byline.start - len("Nikolay Andreev\n") : byline.start] == (
        "Nikolay Andreev\n"
    )
    census = seed.dates[10].selector
    assert census.prefix.endswith("Advert for the ")
    assert census.suffix.startswith(" census")


def test_date_labels(seed):
    assert [d.label for d in seed.dates] == [
        None,
        "Protests against the Russian legislative election results",
        "The invasion of Ukraine",
        "Announcement of partial mobilisation",
        "The last day before the invasion of Ukraine",
        "The invasion of Ukraine",
        "The last day before the invasion of Ukraine",
        "The new constitution was adopted",
        "Presidential elections were held",
        "The annexation of Crimea",
        None,
        "Sergey Sobyanin became Moscow’s mayor",
        "Meeting calling for fair elections in Moscow",
    ]


def test_scenarios(seed):
    assert [(s.position, s.key, s.title) for s in seed.scenarios] == [
        (1, "dictatorship", "Dictatorship"),
        (2, "collapse", "Collapse into chaos"),
        (3, "revolution", "Revolution"),
    ]
    assert [s.id for s in seed.scenarios] == [make_id(SLUG, "scenario", n) for n in (1, 2, 3)]
    listing, first, second, third = (b.text for b in seed.sections[3].blocks[:4])
    statements = [
        "The power of the incumbent elite could be maintained and strengthened.",
        "Alternatively, the state might gradually collapse, resulting in indefinite chaos "
        "in all spheres of life.",
        "A third option is revolution.",
    ]
    for scenario, statement, development in zip(
        seed.scenarios, statements, (first, second, third), strict=True
    ):
        assert statement in listing
        assert [sel.exact for sel in scenario.selectors] == [statement, development]
        assert scenario.description == f"{statement}\n\n{development}"
        assert scenario.summary
    assert "dictatorship" in seed.scenarios[0].selectors[1].exact
    assert "“senseless and merciless”" in seed.scenarios[1].selectors[1].exact
    assert "fundamentally different political project" in seed.scenarios[2].selectors[1].exact


def test_every_selector_anchors(seed, anchored):
    anchored(seed)


def test_parsing_is_deterministic(seed, seed_path):
    again = read_document(seed_path)
    assert again == seed
    assert [q.id for q in again.quotes] == [q.id for q in seed.quotes]


def test_ids_depend_on_the_slug_only(seed_path):
    source = seed_path.read_bytes()
    one = parse_document(source, slug="one")
    other = parse_document(source + b"\n", slug="one")
    assert [s.id for s in one.sections] == [s.id for s in other.sections]
    assert one.source_hash != other.source_hash
    renamed = parse_document(source, slug="two")
    assert renamed.sections[0].id != one.sections[0].id


def test_without_annotations_the_label_names_the_publication(seed_path):
    essay = parse_document(seed_path.read_bytes())
    assert essay.slug == "putins-opponents-are-leaving-russia-does-that-make-change-harder"
    assert essay.publication.name == "oDR"
    # found in the text itself (tests/importer/test_detection_seed.py checks the scenarios)
    assert {(q.text, q.attributed_to) for q in essay.quotes if q.attributed_to} == {
        ("senseless and merciless", "Pushkin")
    }
    assert all(d.label is None for d in essay.dates)
