"""Bad input: one DocumentError with a message that names the file, the item and the problem."""

from __future__ import annotations

import pytest

from app.importer import DocumentError, parse_document, read_document

PARAGRAPH = "The committee met twice that week and argued about the budget for the new library."


def error_of(source, **kw) -> str:
    kw.setdefault("source_name", "essay.txt")
    kw.setdefault("annotations_name", "essay.annotations.yaml")
    with pytest.raises(DocumentError) as caught:
        parse_document(source, **kw)
    return str(caught.value)


def test_document_error_is_a_value_error():
    assert issubclass(DocumentError, ValueError)


@pytest.mark.parametrize("source", [b"", "", " \n\n\u00a0\n", b"\xef\xbb\xbf\r\n"])
def test_empty(source):
    assert error_of(source) == "essay.txt: the document is empty"


def test_not_utf8():
    message = error_of("oDR: Opinion\n\nTitle caf\u00e9".encode("latin-1"))
    assert message.startswith("essay.txt: not UTF-8 text (byte 0xe9 at offset 23")


def test_no_title():
    assert "essay.txt: no title" in error_of("oDR: Opinion\n\n26 October 2022, 1.48pm\n\nText.")


def test_no_date_line(make_source):
    source = "oDR: Opinion\n\nA title\n\nA standfirst\n\nJane Doe\n\n" + PARAGRAPH
    assert "essay.txt: no date line after the title" in error_of(source)


@pytest.mark.parametrize(
    "date_line", ["26 Octobre 2022, 1.48pm", "31 February 2022", "26 October 2022, 13.48pm"]
)
def test_date_line_that_does_not_parse(make_source, date_line):
    message = error_of(make_source(PARAGRAPH, date_line=date_line))
    assert message.startswith(f"essay.txt: date line '{date_line}' does not parse")


def test_bad_slug_argument(make_source):
    assert "slug 'Not A Slug'" in error_of(make_source(PARAGRAPH), slug="Not A Slug")


def test_a_publication_is_named_by_the_document_or_its_annotations():
    source = "A title\n\nJane Doe\n26 October 2022\n\n" + PARAGRAPH
    assert parse_document(source).publication.name is None
    essay = parse_document(source, annotations="publication: {name: Weekly}")
    assert (essay.publication.name, essay.publication.section, essay.kind) == (
        "Weekly",
        None,
        "article",
    )


@pytest.mark.parametrize(
    ("annotations", "expected"),
    [
        ("quotes: [unclosed", "essay.annotations.yaml: not valid YAML (line 1"),
        (b"\xff\xfe", "essay.annotations.yaml: not UTF-8 text"),
        ("- just a list", "essay.annotations.yaml: top level: expected a mapping"),
        ("colour: blue", "essay.annotations.yaml: top level: unknown key 'colour'"),
        ("quotes: {exact: x}", "essay.annotations.yaml: quotes: expected a list"),
        (
            "quotes: [{exact: x, attributed_to: y, source: z}]",
            "essay.annotations.yaml: quotes[0]: unknown key 'source'",
        ),
        ("quotes: [{exact: x}]", "essay.annotations.yaml: quotes[0]: missing key 'attributed_to'"),
        ("dates: [{label: x}]", "essay.annotations.yaml: dates[0]: give exactly one of"),
        ("dates: [{text: x, occurrence: 0, label: y}]", "dates[0]: 'occurrence' must be"),
        ("timezone: Mars/Olympus", "essay.annotations.yaml: timezone: timezone 'Mars/Olympus'"),
        ("slug: Bad Slug", "essay.annotations.yaml: slug 'Bad Slug'"),
        (
            "scenarios: [{key: a, title: A, passages: []}]",
            "essay.annotations.yaml: scenarios[0] (key 'a'): 'passages' must be a non-empty list",
        ),
        (
            "scenarios: [{key: a, title: A, passages: [x]}, {key: a, title: B, passages: [y]}]",
            "scenarios[0] (key 'a'): the key is used by more than one scenario",
        ),
    ],
)
def test_bad_annotations(make_source, annotations, expected):
    assert expected in error_of(make_source(PARAGRAPH), annotations=annotations)


def test_unanchored_scenario_names_file_annotation_and_text(make_source):
    annotations = """
scenarios:
  - key: stay
    title: Stay
    passages: [The committee met twice that week]
  - key: collapse
    title: Collapse
    passages: [The library burned down.]
"""
    assert error_of(make_source(PARAGRAPH), annotations=annotations) == (
        "essay.annotations.yaml: scenarios[1] (key 'collapse'): "
        "passage 'The library burned down.' not found in essay.txt"
    )


def test_unanchored_passage_occurrence(make_source):
    annotations = "scenarios: [{key: a, title: A, passages: [{exact: committee, occurrence: 2}]}]"
    assert "passage 'committee' (occurrence 2) not found" in error_of(
        make_source(PARAGRAPH), annotations=annotations
    )


@pytest.mark.parametrize(
    ("annotations", "expected"),
    [
        (
            "quotes: [{exact: senseless, attributed_to: Pushkin}]",
            "essay.annotations.yaml: quotes[0]: no quotation or pull quote with the text "
            "'senseless' in essay.txt",
        ),
        (
            "dates: [{text: 24 February, label: Invasion}]",
            "essay.annotations.yaml: dates[0]: no date mention written '24 February' in essay.txt",
        ),
        (
            "dates: [{value: 2022-10-26, label: x}]",
            "dates[0]: no date mention with value '2022-10-26' in essay.txt",
        ),
        (
            "dates: [{text: '26 October 2022, 1.48pm', occurrence: 2, label: x}]",
            "dates[0]: no date mention written '26 October 2022, 1.48pm' (occurrence 2)",
        ),
        (
            "figures: [{caption_starts: A harbour, alt: Boats}]",
            "figures[0]: no figure caption starting 'A harbour' in essay.txt",
        ),
    ],
)
def test_unanchored_annotations(make_source, annotations, expected):
    assert expected in error_of(make_source(PARAGRAPH), annotations=annotations)


def test_read_document_names_the_files(tmp_path, make_source):
    source = tmp_path / "essay.txt"
    source.write_text(make_source(PARAGRAPH))
    notes = tmp_path / "essay.annotations.yaml"
    notes.write_text("figures: [{caption_starts: Nothing, alt: x}]\n")
    with pytest.raises(DocumentError, match=f"^{notes}: figures\\[0\\]: .* in {source}$"):
        read_document(source)
