"""The layout rules one at a time, on small documents."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.importer import parse_document
from app.importer.boilerplate import find_boilerplate, is_ui_line
from app.importer.dates import find_dates
from app.importer.text import count_words, slugify

LONDON_OCT = datetime(2022, 10, 26, 13, 48, tzinfo=ZoneInfo("Europe/London"))
PARAGRAPH = "The committee met twice that week and argued about the budget for the new library."


def found(text: str, published: datetime = LONDON_OCT) -> list[tuple[str, str, str]]:
    return [(d.text, d.value, d.precision) for d in find_dates(text, published)]


@pytest.mark.parametrize(
    ("date_line", "value", "precision"),
    [
        ("26 October 2022, 1.48pm", "2022-10-26T13:48:00+01:00", "minute"),
        ("1 March 2023, 10.05am", "2023-03-01T10:05:00+00:00", "minute"),
        ("26 October 2022, 13:48", "2022-10-26T13:48:00+01:00", "minute"),
        ("1 December 2022, 12.30am", "2022-12-01T00:30:00+00:00", "minute"),
        ("26 October 2022", "2022-10-26", "day"),
        ("October 26, 2022, 1.48pm", "2022-10-26T13:48:00+01:00", "minute"),
    ],
)
def test_date_line_forms(make_source, date_line, value, precision):
    essay = parse_document(make_source(PARAGRAPH, date_line=date_line))
    byline = essay.dates[0]
    assert (byline.text, byline.value, byline.precision, byline.where) == (
        date_line,
        value,
        precision,
        "byline",
    )
    assert byline.section_id is None
    assert essay.published_at.isoformat().startswith(value[:10])


def test_timezone_from_annotations(make_source):
    essay = parse_document(make_source(PARAGRAPH), annotations="timezone: America/New_York\n")
    assert essay.published_at.isoformat() == "2022-10-26T13:48:00-04:00"


def test_default_timezone_argument(make_source):
    essay = parse_document(make_source(PARAGRAPH), default_timezone="Asia/Tokyo")
    assert essay.dates[0].value == "2022-10-26T13:48:00+09:00"


def test_header_fields(make_source):
    head = "oDR:\u00a0Long read\n\nA title\n\nA standfirst\n\nAnn Lee, Bo Chan and Cy Dee"
    essay = parse_document(make_source(PARAGRAPH, head=head))
    assert (essay.kind, essay.publication.section, essay.title, essay.subtitle) == (
        "long_read",
        "oDR",
        "A title",
        "A standfirst",
    )
    assert essay.authors == ["Ann Lee", "Bo Chan", "Cy Dee"]
    assert essay.plain_text.startswith(
        "A title\n\nA standfirst\n\nAnn Lee, Bo Chan and Cy Dee\n26 October 2022, 1.48pm\n\n"
    )


def test_header_without_standfirst(make_source):
    essay = parse_document(make_source(PARAGRAPH, head="oDR: Opinion\n\nA title\n\nBy Ann Lee"))
    assert (essay.subtitle, essay.authors) == (None, ["Ann Lee"])
    assert essay.plain_text.startswith("A title\n\nBy Ann Lee\n26 October 2022, 1.48pm\n\n")


def test_header_without_author_line(make_source):
    head = "oDR: Opinion\n\nA title\n\nWhy it matters to the town"
    essay = parse_document(make_source(PARAGRAPH, head=head))
    assert (essay.subtitle, essay.authors) == ("Why it matters to the town", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They waited 20 years, then 15 years more, then a hundred years.", []),
        ("About 1,500 people and £2000 and 2000% and more than 2000 troops.", []),
        ("A 2020 census, since 2010, Moscow 2015.", [
            ("2020", "2020", "year"), ("2010", "2010", "year"), ("2015", "2015", "year")
        ]),
        ("On 24 February 2022 and February 24, 2022.", [
            ("24 February 2022", "2022-02-24", "day"), ("February 24, 2022", "2022-02-24", "day")
        ]),
        ("In December 2011 and Sept 2012.", [
            ("December 2011", "2011-12", "month"), ("Sept 2012", "2012-09", "month")
        ]),
        ("They may 2020 say so; 31 February never happened.", [("2020", "2020", "year")]),
        ("On 24 December the shops closed.", [("24 December", "2021-12-24", "day")]),
        ("On 26 October, at last.", [("26 October", "2022-10-26", "day")]),
    ],
)  # fmt: skip
def test_find_dates(text, expected):
    assert found(text) == expected


def test_yearless_date_takes_the_latest_day_not_after_publication():
    january = datetime(2023, 1, 12, tzinfo=ZoneInfo("Europe/London"))
    assert found("on 24 December", january) == [("24 December", "2022-12-24", "day")]
    assert found("on 5 January", january) == [("5 January", "2023-01-05", "day")]
    leap = datetime(2023, 3, 1, tzinfo=ZoneInfo("Europe/London"))
    assert found("on 29 February", leap) == [("29 February", "2020-02-29", "day")]


def test_month_interval_and_byline_interval():
    (mention,) = find_dates("February 2024", LONDON_OCT)
    assert (mention.first, mention.last) == (date(2024, 2, 1), date(2024, 2, 29))


def test_short_question_is_a_heading_long_question_a_paragraph(make_source):
    long_question = (
        "What would happen to the town if the factory closed and the young people left for "
        "the cities on the coast?"
    )
    essay = parse_document(make_source(PARAGRAPH, "Who decides?", long_question, PARAGRAPH))
    assert [s.heading for s in essay.sections] == [None, "Who decides?"]
    assert [b.text for b in essay.sections[1].blocks] == [long_question, PARAGRAPH]


def test_one_sentence_paragraph_stays_a_paragraph(make_source):
    essay = parse_document(make_source(PARAGRAPH, "Nobody came.", PARAGRAPH))
    assert len(essay.sections) == 1
    assert [b.text for b in essay.sections[0].blocks] == [PARAGRAPH, "Nobody came.", PARAGRAPH]


def test_long_line_without_full_stop_is_a_paragraph(make_source):
    line = " ".join(["word"] * 20)
    essay = parse_document(make_source(PARAGRAPH, line))
    assert [b.text for b in essay.sections[0].blocks] == [PARAGRAPH, line]


def test_pull_quote_in_quotation_marks_matches_lower_case_body(make_source):
    body = "Then she said that nobody wanted to leave their homes, even in winter."
    pull = "“Nobody wanted to leave their homes”"
    essay = parse_document(make_source(body, pull, "The next part", PARAGRAPH))
    (quote,) = essay.quotes
    assert (quote.kind, quote.text, quote.selector.exact) == (
        "pull_quote",
        pull,
        "nobody wanted to leave their homes",
    )
    assert [b.type for b in essay.sections[0].blocks] == ["paragraph", "pull_quote"]


def test_nearest_preceding_occurrence_wins(make_source):
    sentence = "the river rose faster than anyone had expected"
    first = f"In spring {sentence}."
    second = f"Again in autumn {sentence}."
    essay = parse_document(
        make_source(first, second, "The river rose faster than anyone had expected")
    )
    (quote,) = essay.quotes
    assert essay.plain_text[: quote.selector.start].endswith("Again in autumn ")


def test_short_heading_repeating_body_words_stays_a_heading(make_source):
    essay = parse_document(
        make_source("They said the harvest failed.", "The harvest failed", PARAGRAPH)
    )
    assert [s.heading for s in essay.sections] == [None, "The harvest failed"]
    assert essay.quotes == []


def test_figure_needs_the_double_blank_lines(make_source):
    single = parse_document(
        make_source(PARAGRAPH, "A harbour at dawn", "Jo Bloggs / Alamy", PARAGRAPH)
    )
    assert single.figures == []
    double = make_source(
        PARAGRAPH + "\n\n\nA harbour at dawn\n\n\nJo Bloggs / Alamy\u00a0", PARAGRAPH
    )
    (figure,) = parse_document(double).figures
    assert (figure.caption, figure.credit) == ("A harbour at dawn", "Jo Bloggs / Alamy")
    assert "A harbour at dawn\nJo Bloggs / Alamy\n\n" in parse_document(double).plain_text


def test_no_figures_at_all(make_source):
    essay = parse_document(make_source(PARAGRAPH, PARAGRAPH))
    assert essay.figures == []
    assert essay.sections[0].blocks[0].type == "paragraph"


def test_quotation_marks_curly_and_straight_not_apostrophes(make_source):
    text = 'It’s the “first” and the "second" but not the ‘third’ or Putin’s.'
    essay = parse_document(make_source(text))
    assert [q.text for q in essay.quotes] == ["first", "second"]


def test_boilerplate_rules():
    lines = [
        "Get the free oDR newsletter",
        "A weekly summary of our latest stories about the post-Soviet world.",
        "A real paragraph that stays.",
        "Sign up for our newsletter",
        "A heading that stays",
        "We encourage anyone to comment, please consult the oD commenting guidelines if you "
        "have any questions.",
        "Audio available Bookmark Check Language Close Comments Download Facebook Link Email",
    ]  # fmt: skip
    assert find_boilerplate(lines) == {0, 1, 3, 5, 6}


def test_title_case_heading_is_not_a_ui_line():
    assert not is_ui_line("Why The West Still Does Not Understand Russian Politics Today")
    assert is_ui_line("Share Bookmark Print Email Facebook Twitter Comments Search")


def test_slugify_and_word_count():
    assert slugify("Putin’s opponents are leaving Russia. Does that?") == (
        "putins-opponents-are-leaving-russia-does-that"
    )
    assert slugify("Émigré café – what's next?") == "emigre-cafe-whats-next"
    assert len(slugify("word " * 60)) <= 120
    assert count_words("A grave-digger – Putin’s 1,500 files.") == 5


def test_read_document_finds_annotations_beside_it(tmp_path, make_source):
    (tmp_path / "my-essay.txt").write_text(make_source(PARAGRAPH))
    (tmp_path / "my-essay.annotations.yaml").write_text("publication: {name: Test Weekly}\n")
    from app.importer import read_document

    essay = read_document(tmp_path / "my-essay.txt")
    assert (essay.slug, essay.publication.name) == ("my-essay", "Test Weekly")


def test_annotations_slug_language_and_occurrence(make_source):
    annotations = """
slug: chosen-slug
language: de
dates:
  - {text: "2020", occurrence: 2, label: Second}
  - {value: "2019", label: Both}
scenarios:
  - key: again
    title: Again
    passages:
      - {exact: "2020", occurrence: 2}
"""
    text = "In 2019 and 2020 things changed, and in 2020 again, and in 2019."
    essay = parse_document(make_source(text), annotations=annotations)
    assert (essay.slug, essay.language) == ("chosen-slug", "de")
    assert [(d.text, d.label) for d in essay.dates[1:]] == [
        ("2019", "Both"),
        ("2020", None),
        ("2020", "Second"),
        ("2019", "Both"),
    ]
    (scenario,) = essay.scenarios
    assert scenario.selectors[0].start == essay.dates[3].selector.start
    assert scenario.description == "2020"
    assert scenario.summary is None
    assert parse_document(make_source(text), annotations=annotations, slug="arg").slug == "arg"
