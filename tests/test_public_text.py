"""The shipped data's public text reads as text for readers, not as notes between curators.

Notes, captions, descriptions and publishers are shown in popups, the event feed and every export. Remarks such as
"the seed article says", "attributed; the text does not name its publisher" or "TODO" belong in review, not there:
a note says what the sources report and, where they disagree or a date is uncertain, says so plainly.
"""

from __future__ import annotations

import re

import pytest

from frontline.io.events import read_events
from frontline.io.yamldoc import parse
from frontline.paths import DATA

BANNED = ("seed article", "the seed", "the text does not", "attributed;", "curator", "todo", "placeholder",
          "from memory", "the brief", "this file", "could not find", "i could not", "we could not")


def _pattern(phrase: str) -> str:
    # Whole words at the start ("the seed" is not "breathe seed"); "todo" also at the end (not "Todorov").
    start = r"\b" if phrase[0].isalnum() else ""
    end = r"\b" if phrase == "todo" else ""
    return start + re.escape(phrase) + end


BANNED_RE = re.compile("|".join(_pattern(p) for p in BANNED), re.IGNORECASE)


def banned_in(text: str) -> list[str]:
    """The banned phrases a text contains, as written in it."""
    return [m.group(0) for m in BANNED_RE.finditer(text or "")]


@pytest.fixture(scope="module")
def dataset():
    return read_events(DATA)


def public_texts(dataset):
    """(where, field, text) for every text field shown to the public."""
    for actor in dataset.actors.values():
        yield f"actor {actor.id}", "note", actor.note
    for place in dataset.places.values():
        yield f"place {place.id} (line {place.line})", "note", place.note
        yield f"place {place.id} (line {place.line})", "coord_note", place.coord_note
    for event in dataset.events:
        where = f"event {event.date} {event.place} (line {event.line})"
        for field in ("note", "claim", "claimant"):
            yield where, field, getattr(event, field)
    for relation in dataset.relations:
        yield f"relation {'/'.join(relation.actors)} from {relation.start} (line {relation.line})", "note", relation.note
    for moment in dataset.moments:
        where = f"moment {moment.date} (line {moment.line})"
        yield where, "title", moment.title
        yield where, "caption", moment.caption
    for source in dataset.sources.values():
        where = f"source {source.id} (line {source.line})"
        yield where, "publisher", source.publisher
        yield where, "description", source.description
    # A source's `note` is read from the file itself: the dataset model does not keep it (yet).
    raw, problems = parse(DATA.read_text(encoding="utf-8"), str(DATA))
    assert not problems, problems
    for sid, fields in raw["sources"].items():
        if "note" in fields:
            yield f"source {sid} (line {fields.value_pos['note'].line})", "note", fields["note"]


def test_public_text_carries_no_curation_remarks(dataset):
    texts = list(public_texts(dataset))
    assert len(texts) > 1000  # the walk above did reach the data
    found = [f"{where} {field}: {', '.join(repr(b) for b in bad)} in {text!r}"
             for where, field, text in texts if (bad := banned_in(text))]
    assert not found, ("public text with curation remarks (rewrite it as plain statements of what the sources "
                       "report):\n" + "\n".join(found))


@pytest.mark.parametrize("text", ["Rebels took it (the seed article's 'Basra al-Sham').",
                                  "The Arab Weekly (attributed; the text does not name its publisher)",
                                  "TODO: check the day", "Placeholder publisher", "Position from memory.",
                                  "The curator could not find a source.", "As the brief says"])
def test_the_check_catches_curation_remarks(text):
    assert banned_in(text)


@pytest.mark.parametrize("text", ["IS attacked a checkpoint at the Trebil border complex.",
                                  "ISIS briefly took Gwer in early August 2014.", "Todorov said", "today",
                                  "The copy cited does not name its publication."])
def test_the_check_leaves_plain_public_text_alone(text):
    assert not banned_in(text)
