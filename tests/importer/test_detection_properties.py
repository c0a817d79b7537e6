"""Essays composed from the parts of each structure, so that combinations nobody wrote by hand
are found too: announcements × enumerators × item phrasings for scenarios (and the same
enumerators over reasons and past attempts, which are not futures); speakers × titles ×
appositions × verbs × positions for attributions; and date intervals in every joining form."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.importer import parse_document
from app.importer.attributions import Attributions
from app.importer.dates import find_dates
from app.importer.quotes import find_quotations
from tests.importer.conftest import compose

NUMBER_WORDS = {2: "two", 3: "three", 4: "four"}
ANNOUNCEMENTS = [
    "There are {n} ways this could go for the town.",
    "I can see {n} possible futures for the valley.",
    "{N} outcomes seem possible when the council meets.",
    "That leaves {n} kinds of harbour we could have by 2040.",
    "The board has {n} options it could pursue.",
    "Broadly, the dispute could end in one of {n} ways.",
]
# How the i-th item (from 0) is opened; `last` is the final item.
ENUMERATORS = [
    lambda i, last: ["First, ", "Second, ", "Third, ", "Fourth, "][i],
    lambda i, last: f"The {['first', 'second', 'third', 'fourth'][i]} possibility is that ",
    lambda i, last: "One possibility is that " if i == 0 else "Another possibility is that ",
    lambda i, last: f"{i + 1}. ",
    lambda i, last: f"Scenario {'ABCD'[i]}: ",
    lambda i, last: f"Option {i + 1} would mean that " if not last else "Finally, ",
    lambda i, last: f"In the {['first', 'second', 'third', 'fourth'][i]} scenario, ",
]
SUBJECTS = ["the council", "the port", "the mill's owners", "the county", "the co-op"]
PREDICATES = [
    "could sell the quay to a developer",
    "might build a sea wall along the front",
    "would hand the buildings to a trust",
    "will close the last of the branches",
    "may borrow to buy two new ships",
]
PAST = [
    "built a car park where the market stood, which was ignored",
    "was given a grant that ran out within a year",
    "tried a lower fare, which lasted a single summer",
    "had the quay repaired, and it failed again",
]


def _item(subject: str, predicate: str, opener: str) -> str:
    text = f"{opener}{subject} {predicate}."
    return text[0].upper() + text[1:]


@st.composite
def futures(draw: st.DrawFn) -> tuple[list[str], int]:
    n = draw(st.integers(2, 4))
    announcement = draw(st.sampled_from(ANNOUNCEMENTS))
    enumerator = draw(st.sampled_from(ENUMERATORS))
    items = [
        _item(
            draw(st.sampled_from(SUBJECTS)),
            draw(st.sampled_from(PREDICATES)),
            enumerator(i, i == n - 1),
        )
        for i in range(n)
    ]
    word = NUMBER_WORDS[n]
    opening = announcement.format(n=word, N=word.capitalize())
    return [opening, *items], n


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(futures())
def test_announced_futures_are_found_with_their_passages(composed: tuple[list[str], int]):
    paragraphs, n = composed
    essay = parse_document(compose("The town has been arguing for a year.", *paragraphs))
    assert len(essay.scenarios) == n, paragraphs
    for scenario, paragraph in zip(essay.scenarios, paragraphs[1:], strict=True):
        assert paragraph in [selector.exact for selector in scenario.selectors]


@st.composite
def things_that_are_over(draw: st.DrawFn) -> list[str]:
    n = draw(st.integers(2, 4))
    opening = draw(
        st.sampled_from(
            [
                "There are {n} reasons the plan failed.",
                "The city tried {n} options over the years.",
                "Officials made {n} attempts to fix the harbour.",
            ]
        )
    ).format(n=NUMBER_WORDS[n])
    enumerator = draw(st.sampled_from(ENUMERATORS[:2]))
    past = draw(st.permutations(PAST))
    subject = draw(st.sampled_from(SUBJECTS))
    items = [f"{enumerator(i, i == n - 1)}{subject} {past[i % len(past)]}." for i in range(n)]
    return [opening, *(item[0].upper() + item[1:] for item in items)]


@settings(max_examples=60, deadline=None)
@given(things_that_are_over())
def test_reasons_and_past_attempts_are_not_futures(paragraphs: list[str]):
    assert parse_document(compose(*paragraphs)).scenarios == []


NAMES = ["Jens Winther", "Áine Walsh", "Trần Văn Minh", "Željko Ivezić", "Marta de la Cruz"]
TITLES = ["", "the Danish engineer ", "the city archivist ", "the union's spokeswoman, "]
APPOSITIONS = ["", ", a nurse in Leeds,", ", who chairs the tenants' association,"]
VERBS = ["said", "warned", "wrote", "argued", "insisted", "observed", "noted", "recalled"]
QUOTE = "the harbour is a promise you make to the next century"


@st.composite
def reported_speech(draw: st.DrawFn) -> tuple[str, str]:
    name, title = draw(st.sampled_from(NAMES)), draw(st.sampled_from(TITLES))
    apposition, verb = draw(st.sampled_from(APPOSITIONS)), draw(st.sampled_from(VERBS))
    speaker = f"{title}{name}"
    capitalised = speaker[0].upper() + speaker[1:]
    forms = [
        f"“{QUOTE[0].upper()}{QUOTE[1:]},” {verb} {speaker}.",
        f"“{QUOTE[0].upper()}{QUOTE[1:]},” {speaker}{apposition} {verb}.",
        f"{capitalised}{apposition} {verb} that “{QUOTE}”.",
        f"{capitalised}{apposition} {verb}: “{QUOTE[0].upper()}{QUOTE[1:]}.”",
        f"As {speaker} put it, “{QUOTE}”.",
        f"According to {speaker}, “{QUOTE}”.",
    ]
    return draw(st.sampled_from(forms)), name


@settings(max_examples=150, deadline=None)
@given(reported_speech())
def test_the_speaker_is_found_whatever_stands_around_the_name(sentence_and_name):
    sentence, name = sentence_and_name
    assert _speakers(sentence) == [name], sentence


@given(st.sampled_from(NAMES), st.sampled_from(VERBS), st.sampled_from(["he", "she"]))
@settings(max_examples=60, deadline=None)
def test_a_pronoun_and_a_quotation_that_goes_on_take_the_speaker_named_before(
    name: str, verb: str, pronoun: str
):
    paragraph = (
        f"{name}, who has lived by the harbour since 1971, is blunt. "
        f"“The quay is finished,” {pronoun} {verb}. “Nobody will rebuild it.”"
    )
    assert _speakers(paragraph) == [name, name]


@given(st.sampled_from(["said a retired engineer", "the council said", "officials warned"]))
def test_nobody_is_invented(attribution: str):
    assert _speakers(f"“The quay is finished,” {attribution}.") == [None]


def _speakers(paragraph: str) -> list[str | None]:
    attributions = Attributions(paragraph)
    return [
        attributions.speaker(paragraph, 0, start, end) for start, end in find_quotations(paragraph)
    ]


YEARS = st.integers(1800, 2040)


@given(YEARS, st.integers(1, 60), st.sampled_from(["between {} and {}", "from {} to {}", "{}–{}"]))
def test_two_years_joined_are_one_interval(first: int, span: int, form: str):
    assume(first + span <= 2099)  # the years the finder reads: 1000 to 2099
    text = f"The mill was closed {form.format(first, first + span)}, and then reopened."
    (found,) = find_dates(text, datetime(2025, 1, 1, tzinfo=UTC))
    assert found.value == f"{first}/{first + span}"
    assert (found.first.year, found.last.year) == (first, first + span)


@given(st.integers(1000, 2099))
def test_a_count_is_not_a_date(number: int):
    text = f"The vote drew {number:,} votes and more than {number} people came."
    assert [d.value for d in find_dates(text, datetime(2025, 1, 1, tzinfo=UTC))] == []
