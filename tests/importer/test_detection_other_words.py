"""Essays of our own that lay out futures and quote people in yet other words: a set named
without a count, a bulleted list of options, "a choice between three roads", "Picture two
futures"; a blockquote credited on the line under it, an appositive after the quotation,
"says Name" in the present tense. Every resource the passes find is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.importer import parse_document, read_document
from app.importer.model import ParsedEssay

from .conftest import check_anchored

FORMATS_DIR = Path(__file__).resolve().parents[1] / "documents" / "formats"


def essay(name: str) -> ParsedEssay:
    return read_document(FORMATS_DIR / name)


def scenarios(parsed: ParsedEssay) -> list[tuple[str, list[str]]]:
    return [(s.title, [sel.exact[:24] for sel in s.selectors]) for s in parsed.scenarios]


def test_a_list_under_an_uncounted_announcement_is_the_set() -> None:
    parsed = essay("the-ferry-and-the-bridge.md")
    assert scenarios(parsed) == [
        ("A fixed bridge from the headland", ["A fixed bridge from the "]),
        ("A new electric ferry", ["A new electric ferry, sm"]),
        ("A causeway that floods at high tide", ["A causeway that floods a"]),
    ]
    assert parsed.scenarios[1].summary == (
        "A new electric ferry, smaller than the old one and running twice as often."
    )
    check_anchored(parsed)


def test_a_choice_between_three_roads_taken_by_enumerators() -> None:
    parsed = essay("the-last-mill-in-hebden.txt")
    assert [s.title for s in parsed.scenarios] == [
        "The mill could be flats",
        "It could become a workshop again",
        "The town could take the roof off",
    ]
    # "The first road has the money behind it." two paragraphs later is not a fourth.
    assert all("money" not in sel.exact for s in parsed.scenarios for sel in s.selectors)
    check_anchored(parsed)


def test_picture_two_futures_in_one_paragraph() -> None:
    parsed = essay("two-futures-for-the-reservoir.txt")
    assert [s.title for s in parsed.scenarios] == [
        "The water company raises the dam",
        "The valley learns to use less",
    ]
    check_anchored(parsed)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        (
            "the-ferry-and-the-bridge.md",
            {
                "An island with a bridge is a peninsula with a grudge.": "Fergus Mallin",
                "end the island as an idea": "Fergus Mallin",
                "We cannot run a service on sentiment,": "Helen Strand",
            },
        ),
        (
            "the-last-mill-in-hebden.txt",
            {
                "The mill is the only thing in Hebden taller than the chapel,": "Ann Ridley",
                "the valley wants work": "Tom Garside",
            },
        ),
        (
            "two-futures-for-the-reservoir.txt",
            {
                "Concrete does not forget to turn off a tap,": "Marta Ilves",
                "they are drowning the only flat land we have": "Owen Pryce",
            },
        ),
    ],
)
def test_quotations_and_who_said_them(name: str, said: dict[str, str]) -> None:
    assert {q.text: q.attributed_to for q in essay(name).quotes} == said


@pytest.mark.parametrize(
    ("name", "dates"),
    [
        (
            "the-ferry-and-the-bridge.md",
            [("9 September 2024", "2024-09-09"), ("spring of 1971", "1971-21"),
             ("March 2024", "2024-03"), ("2030s", "203X")],
        ),
        (
            "the-last-mill-in-hebden.txt",
            [("4 November 2024", "2024-11-04"), ("autumn of 2008", "2008-23"),
             ("12 October 2024", "2024-10-12")],
        ),
        (
            "two-futures-for-the-reservoir.txt",
            [("30 August 2025", "2025-08-30"), ("summer of 2025", "2025-22"),
             ("1930s", "193X"), ("1 March 2026", "2026-03-01")],
        ),
    ],
)  # fmt: skip
def test_dates_with_their_values(name: str, dates: list[tuple[str, str]]) -> None:
    assert [(d.text, d.value) for d in essay(name).dates] == dates


def markdown(*body: str) -> ParsedEssay:
    return parse_document(
        "# A title\n\nBy Jo Park · 1 May 2024\n\n" + "\n\n".join(body) + "\n", format="markdown"
    )


@pytest.mark.parametrize(
    "body",
    [
        # a set named, but what follows does not open with a first
        ("The council weighed its options for a year.", "Another option was never costed.",
         "A third option is a ferry."),
        ("The options were discussed at length.", "The second option is a bridge.",
         "The third option is a tunnel."),
        # a list with no announcement, and a list that does not match the count
        ("We bought what we needed.", "- bread\n- milk\n- a torch"),
        ("I see three paths for the island.", "- a bridge\n- a ferry"),
        # an announcement, then prose before a list of something else
        ("Its options are few.", "The island has a school.", "The ferry is late.",
         "Its shop sells:", "- bread\n- milk"),
    ],
)  # fmt: skip
def test_what_is_not_a_set_of_futures(body: tuple[str, ...]) -> None:
    assert markdown(*body).scenarios == []


def test_a_credit_line_needs_a_name_and_a_quotation_above_it() -> None:
    parsed = markdown(
        "> The sea keeps what it takes. — Isla Rennie",
        "An aside.",
        "> Nobody signed this one.",
        "— and then the tide turned.",
    )
    assert [(q.text, q.attributed_to) for q in parsed.quotes] == [
        ("The sea keeps what it takes.", "Isla Rennie"),
        ("Nobody signed this one.", None),
    ]


def test_headings_that_number_the_items_head_their_paragraphs() -> None:
    parsed = markdown(
        "The council sees three scenarios for the pier.",
        "## Scenario one: rebuild",
        "The pier is rebuilt in steel and the tourists come back.",
        "## Scenario two: let it go",
        "The sea takes the pier within a decade.",
        "## Scenario three: a platform",
        "Only the first fifty metres are kept, for anglers.",
        "## Scenario four: nobody asked",
        "The first scenario has its critics.",
    )
    assert [(s.title, s.summary) for s in parsed.scenarios] == [
        ("Rebuild", "The pier is rebuilt in steel and the tourists come back."),
        ("Let it go", "The sea takes the pier within a decade."),
        ("A platform", "Only the first fifty metres are kept, for anglers."),
    ]
    assert [s.selectors[0].exact[:8] for s in parsed.scenarios] == [
        "The pier",
        "The sea ",
        "Only the",
    ]
    check_anchored(parsed)
