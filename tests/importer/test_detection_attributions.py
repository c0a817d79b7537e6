"""Who said a quotation: each pattern of English prose, and the sentences that name nobody."""

from __future__ import annotations

import pytest

from app.importer import parse_document
from app.importer.attributions import Attributions
from app.importer.quotes import find_quotations

EARLIER = "John Ruskin wrote a great deal about work. "


def speakers(*paragraphs: str) -> list[tuple[str, str | None]]:
    """(quoted words, speaker) for every quotation, with the paragraphs after EARLIER."""
    plain = EARLIER + "\n\n".join(paragraphs)
    attributions = Attributions(plain)
    found = []
    offset = len(EARLIER)
    for paragraph in paragraphs:
        for start, end in find_quotations(paragraph):
            found.append(
                (paragraph[start:end], attributions.speaker(paragraph, offset, start, end))
            )
        offset += len(paragraph) + 2
    return found


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("This is the “senseless and merciless” (as Pushkin put it) revolt.", "Pushkin"),
        ("As Ruskin put it, “there is no wealth but life”.", "John Ruskin"),
        ("“We are done,” said Maria Lopez.", "Maria Lopez"),
        ("“We are done,” Maria Lopez said.", "Maria Lopez"),
        ('"We are done," says Maria Lopez, smiling.', "Maria Lopez"),
        ("In the words of Hannah Arendt, “the banality of evil” was everywhere.", "Hannah Arendt"),
        ("According to Jean-Paul Sartre, “hell is other people”.", "Jean-Paul Sartre"),
        ("It was Keynes’s phrase “animal spirits” that stuck.", "Keynes"),
        ("Ruskin wrote that “there is no wealth but life”.", "John Ruskin"),
        ("Jane Jacobs called it “the ballet of the sidewalk”.", "Jane Jacobs"),
        ("Jane Jacobs complained that “nobody listens”.", "Jane Jacobs"),
        ("Jane Jacobs observed: “the street is a stage”.", "Jane Jacobs"),
        ("The mayor, Anne Hidalgo, said “we will not wait”.", "Anne Hidalgo"),
        ("Anne Hidalgo, the mayor, argued that “we cannot wait”.", "Anne Hidalgo"),
        ("“Nothing will change.” — Vera Brittain", "Vera Brittain"),
        ("“Nothing will change.” – W. H. Auden, in a letter.", "W. H. Auden"),
        ("Ludwig van Beethoven wrote “must it be?” on the score.", "Ludwig van Beethoven"),
        ("“We will wait,” Ann Ridley, the mayor, said at noon.", "Ann Ridley"),
        ("Ridley wants flats, says Tom Garside, but “the valley wants work”.", "Tom Garside"),
        ("The dam is safe, says Marta Ilves, and “it will hold”.", "Marta Ilves"),
    ],
)
def test_each_pattern_names_the_speaker(sentence, speaker):
    ((_, found),) = speakers(sentence)
    assert found == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        "A planner we spoke to in Rotterdam put it bluntly: “The water goes where it goes.”",
        "Officials said “living with water” was the aim.",
        "Officials describe the strategy as “living with water” rather than against it.",
        "Many people call it “the crisis”.",
        "What locals call “the hole” is fenced off.",
        "“Nothing,” she said.",
        "He wanted, he wrote, to keep “the history that nobody thinks is history”.",
        "One, for a broken teapot, says simply: “Survived the Blitz. Did not survive it.”",
        "The word “normal” was used a lot in Moscow.",
        "“Back then we knew,” said a retired engineer.",
        "Ridley wants flats, says the council, but “the valley wants work”.",
    ],
)
def test_nobody_is_invented(sentence):
    ((_, found),) = speakers(sentence)
    assert found is None


def test_a_pronoun_takes_the_speaker_named_in_the_same_paragraph():
    assert speakers(
        "According to Ewa Kowalska, “nobody wants to go underground”. “They want jobs,” she said."
    ) == [("nobody wants to go underground", "Ewa Kowalska"), ("They want jobs,", "Ewa Kowalska")]


def test_a_pronoun_stays_unattributed_across_paragraphs_or_past_another_name():
    assert speakers(
        "“The seam is finished,” said Halina Mazur.",
        "He said “we will see”, and went inside.",
    ) == [("The seam is finished,", "Halina Mazur"), ("we will see", None)]
    assert speakers(
        "“The seam is finished,” said Halina Mazur. Then Piotr Nowak arrived. “Not yet,” he said."
    ) == [("The seam is finished,", "Halina Mazur"), ("Not yet,", None)]


def test_a_sentence_initial_word_is_a_name_only_if_the_essay_writes_it_so_elsewhere():
    assert speakers("Keynes said “in the long run we are all dead”.") == [
        ("in the long run we are all dead", None)
    ]
    assert speakers(
        "The economist Keynes was blunt.", "Keynes said “in the long run we are all dead”."
    ) == [("in the long run we are all dead", "Keynes")]


def test_the_importer_attributes_and_annotations_override(make_source):
    source = make_source(
        "John Ruskin wrote about wealth. Later, as Ruskin put it, “there is no wealth but life”.",
        "The critic called it “a revolt”, and Maria Alvarez said “we disagree”.",
    )
    found = parse_document(source)
    assert [(q.text, q.attributed_to) for q in found.quotes] == [
        ("there is no wealth but life", "John Ruskin"),
        ("a revolt", None),
        ("we disagree", "Maria Alvarez"),
    ]
    noted = parse_document(
        source, annotations="quotes:\n  - {exact: we disagree, attributed_to: M. Alvarez}\n"
    )
    assert [q.attributed_to for q in noted.quotes] == ["John Ruskin", None, "M. Alvarez"]
