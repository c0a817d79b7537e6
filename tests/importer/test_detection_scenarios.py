"""Scenarios found in the text: announcements, item markers, titles, and what is not one."""

from __future__ import annotations

import pytest

from app.importer import parse_document
from app.importer.scenarios import announcement, item_marker, title_of


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("I believe that several scenarios are possible.", None),
        ("Three futures lie ahead of the city.", 3),
        ("I see three broad paths for a town like this one.", 3),
        ("There are two ways this could go for the valley.", 2),
        ("The council has four options, none of them cheap.", 4),
        ("A few possible outcomes stand out.", None),
        ("We can imagine 3 very different trajectories.", 3),
        ("There are, broadly, three ways forward.", 3),
        ("The future could take one of three shapes.", 3),
        ("We face a choice between three roads.", 3),
        ("Picture two futures for the pier.", 2),
        ("The options, broadly, are these:", None),
        ("The trust has set out its options in a paper.", None),
    ],
)
def test_announcements(sentence, count):
    announced = announcement(sentence)
    assert announced is not None and announced.count == count


@pytest.mark.parametrize(
    "sentence",
    [
        "There are currently two types of reactions to mobilisation.",
        "There are ways to do better.",
        "There are two ways to read this map.",  # a way without a future in it
        "Such a revolution may arise as an alternative to the previous two options.",
        "Without trying to classify all possible scenarios, I will say this.",
        "Both options were rejected in 2019.",
        "The first train of the day was late.",
    ],
)
def test_not_announcements(sentence):
    assert announcement(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "ordinal"),
    [
        ("The first path is the fortress.", 1),
        ("In the first version, Russia will become a dictatorship.", 1),
        ("The second option assumes that the elite will lose power.", 2),
        ("Finally, the third option of a revolution implies a new project.", 3),
        ("A third option is revolution.", 3),
        ("The first is the fortress.", 1),
        ("Second, the market takes the quay.", 2),
        ("Alternatively, the state might collapse.", None),
        ("Another possibility is a slow retreat.", None),
        ("One possibility is that the mine reopens.", 1),
        ("In one, the mine reopens.", 1),
        ("In the other, the site becomes a solar farm.", None),
        ("Then there is the third option: a tunnel.", 3),
        ("Plan B: a ferry.", 2),
        ("1. Rebuild the pier in steel.", 1),
        ("(2) Let the pier fall.", 2),
    ],
)
def test_item_markers(sentence, ordinal):
    marker = item_marker(sentence)
    assert marker is not None and marker.ordinal == ordinal


@pytest.mark.parametrize(
    "sentence",
    [
        "The first train of the day still stops here.",
        "The town will drift into the first path by default.",
        "One cannot simultaneously be a grave-digger and a mourner.",
        "Another day passed.",
        "There is the first train of the day.",
        "1990. The year the pier burned.",
        "Such a revolution may arise as an alternative to the previous two options.",
    ],
)
def test_not_item_markers(sentence):
    assert item_marker(sentence) is None


@pytest.mark.parametrize(
    ("sources", "title"),
    [
        ([("The first path is the fortress.", len("The first path"))], "The fortress"),
        ([("A third option is revolution.", len("A third option"))], "Revolution"),
        (
            [("Finally, the third option of a revolution, which is new.", 25)],
            "A revolution",
        ),
        ([("One possibility is that cities retreat from the coast.", 15)],
         "Cities retreat from the coast"),
        (
            [("In one, the mine reopens under a new owner, with fewer men.", len("In one"))],
            "The mine reopens under a new owner",
        ),
        (
            [("The power of the incumbent elite could be maintained and strengthened.", 0)],
            "The power of the incumbent elite",
        ),
    ],
)  # fmt: skip
def test_titles_come_from_the_words_that_state_the_item(sources, title):
    assert title_of(sources) == title


FUTURES = (
    "Several scenarios are possible for the port. The harbour could be walled in. "
    "Alternatively, the town could sell the quay. A third option is retreat. "
    "None of these is certain."
)


def test_brief_sentences_and_paragraphs_pair_up(make_source):
    essay = parse_document(
        make_source(
            FUTURES,
            "In the first version, the council raises a wall and the town stays behind it.",
            "The second option sells the quay to whoever will pay for it.",
            "Finally, the third option moves the town uphill over a generation.",
            "Whatever happens, the sea will keep rising.",
        )
    )
    assert [s.title for s in essay.scenarios] == [
        "The harbour could be walled in",
        "The town could sell the quay",
        "Retreat",
    ]
    assert [[sel.exact[:20] for sel in s.selectors] for s in essay.scenarios] == [
        ["The harbour could be", "In the first version"],
        ["Alternatively, the t", "The second option se"],
        ["A third option is re", "Finally, the third o"],
    ]
    assert [s.key for s in essay.scenarios] == [
        "the-harbour-could-be-walled-in",
        "the-town-could-sell-the-quay",
        "retreat",
    ]
    first = essay.scenarios[0]
    assert first.summary == "The harbour could be walled in."
    assert first.description.startswith("In the first version")
    assert [s.position for s in essay.scenarios] == [1, 2, 3]


def test_sentences_of_one_paragraph(make_source):
    essay = parse_document(
        make_source(
            "There are two ways this could go. One possibility is that the mill reopens. "
            "Another possibility is a museum. Nobody knows which."
        )
    )
    assert [(s.title, [sel.exact for sel in s.selectors]) for s in essay.scenarios] == [
        ("The mill reopens", ["One possibility is that the mill reopens."]),
        ("A museum", ["Another possibility is a museum."]),
    ]


def test_the_count_bounds_the_set_and_ordinals_must_follow(make_source):
    essay = parse_document(
        make_source(
            "I see two futures for the mill.",
            "The first future is a museum of itself.",
            "The second future is a car park.",
            "The third future nobody mentions is a fire.",
        )
    )
    assert [s.title for s in essay.scenarios] == ["A museum of itself", "A car park"]
    skipped = parse_document(
        make_source(
            "I see three futures for the mill.",
            "The first future is a museum.",
            "The third future is a car park.",
        )
    )
    assert skipped.scenarios == []  # one item is not a set, and the third cannot come second


def test_no_announcement_no_scenarios(make_source):
    essay = parse_document(
        make_source(
            "There are currently two types of reactions to the draft. The first assumes it is "
            "a private problem. In another, it is a common misfortune.",
            "The first train of the day was late, and the second was cancelled.",
            "The first option is to wait, said nobody in particular.",
        )
    )
    assert essay.scenarios == []


def test_an_ordinal_far_from_the_set_is_not_an_item(make_source):
    essay = parse_document(
        make_source(
            "I see two broad paths for the town.",
            "The first path is the fortress.",
            "The second path is retreat.",
            "Short heading",
            "The council meets on Tuesdays and argues about money for hours.",
            "Other business",
            "Nobody likes the meetings, which run late into the evening.",
            "Last words",
            "The first path will win by default, because a wall is easy to vote for.",
        )
    )
    assert [s.title for s in essay.scenarios] == ["The fortress", "Retreat"]
    assert all("by default" not in sel.exact for s in essay.scenarios for sel in s.selectors)


def test_annotations_replace_what_was_found(make_source):
    source = make_source(
        "I see two broad paths for the town.",
        "The first path is the fortress.",
        "The second path is retreat.",
    )
    notes = (
        "scenarios:\n"
        "  - {key: wall, title: The wall, passages: [The first path is the fortress.]}\n"
    )
    essay = parse_document(source, annotations=notes)
    assert [(s.key, s.title) for s in essay.scenarios] == [("wall", "The wall")]
    found = parse_document(source, annotations="language: en-GB\n")
    assert [s.key for s in found.scenarios] == ["the-fortress", "retreat"]


@pytest.mark.parametrize(
    ("body", "titles"),
    [
        (
            [
                "Three futures are possible for the river.",
                "In the first, the dams stay and the fish go.",
                "In the second, the dams come down slowly.",
                "In the third, nobody decides and the dams fail.",
            ],
            ["The dams stay and the fish go", "The dams come down slowly",
             "Nobody decides and the dams fail"],
        ),
        (
            [
                "Let me sketch three scenarios for the union.",
                "Scenario one: muddling through. The members stay and nothing changes.",
                "Scenario two: a split. Half the members leave.",
                "Scenario three: a merger with a larger union.",
            ],
            ["Muddling through", "A split", "A merger with a larger union"],
        ),
        (
            [
                "I think there are three possible outcomes.",
                "First, the talks could fail.",
                "Second, a deal could be struck by spring.",
                "Third, the government could step in.",
            ],
            ["The talks could fail", "A deal could be struck by spring",
             "The government could step in"],
        ),
        (
            ["The city faces two options. One is to build a new bridge over the river. "
             "The other is to improve the ferry."],
            ["To build a new bridge", "To improve the ferry"],
        ),
        (
            [
                "There are three ways forward for the pier.",
                "1. Rebuild it in steel, as the council wants.",
                "2. Let it fall into the sea.",
                "3. Keep the first fifty metres as a fishing platform.",
            ],
            ["Rebuild it in steel", "Let it fall into the sea",
             "Keep the first fifty metres"],
        ),
        (
            [
                "The options on the table",
                "One option is to rebuild the pier in steel.",
                "Another option is to let it fall into the sea.",
                "A third option is a fishing platform.",
            ],
            ["To rebuild the pier in steel", "To let it fall into the sea", "A fishing platform"],
        ),
    ],
)  # fmt: skip
def test_other_phrasings(make_source, body, titles):
    assert [s.title for s in parse_document(make_source(*body)).scenarios] == titles
