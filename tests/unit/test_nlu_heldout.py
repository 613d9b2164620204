"""The held-out NLU set (tests/nlu) must be held out: none of its messages, none of its wordings
and none of its names may occur in the training data (data/nlu, and the FAQ questions of
data/faq/kb.yml that training adds as ask_support examples). Otherwise
`test_held_out_messages_get_the_right_intent` (tests/test_rasa.py) measures recall of the
training data instead of generalisation.

A held-out message leaks when
- it is a training example (case-insensitive; whitespace and trailing punctuation normalised), or
- its wording is a training example's: both are equal once every annotated entity is replaced by
  its type ("who directed [Heat](film)" and "who directed [Kismet](film)?" are one wording), or
- one of its annotated names occurs in the training data. Films, people and years are open
  classes: their text (and value) must not occur anywhere in data/nlu, annotated or not. Genres
  and languages are closed vocabularies that data/nlu/lookups and synonyms.yml list on purpose;
  a held-out genre or language must use a surface form that no training example annotates.

The parser follows Rasa's YAML format: example lines start with "-", entities are marked
`[text](type)`, `[text](type:value)` or `[text]{"entity": type, "value": ...}`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pytest
import yaml

from encore.settings import ROOT

TRAINING_DIR = ROOT / "data" / "nlu"
HELD_OUT_DIR = ROOT / "tests" / "nlu"
# Every other entity type (film, person, year) is an open class.
CLOSED_CLASSES = ("genre", "language")

# Rasa's own annotation pattern (rasa/shared/nlu/training_data/entities_parser.py).
ENTITY = re.compile(
    r"\[(?P<text>[^\]]+?)\](\((?P<type>[^:)]+?)(?::(?P<value>[^)]+))?\)|\{(?P<dict>[^}]+?)\}"
    r"|\[(?P<dicts>.*?)\])"
)
SINGLE_DICT = re.compile(r"{(?P<dict>[^}]+?)\}")
TRAILING_PUNCTUATION = ".,;:!?…"


@dataclass(frozen=True)
class Entity:
    type: str
    text: str
    value: str


@dataclass(frozen=True)
class Example:
    file: str
    kind: str  # "intent", "synonym", "lookup" or "regex"
    name: str
    raw: str  # the line as written, with its markup

    @property
    def text(self) -> str:
        """The message a user would type: the markup removed."""
        return ENTITY.sub(lambda m: m.group("text"), self.raw)

    @property
    def entities(self) -> list[Entity]:
        return parse_entities(self.raw)

    @property
    def wording(self) -> str:
        """The message with every annotated entity replaced by its type."""
        return normalise(ENTITY.sub(lambda m: f"<{_types(m)}>", self.raw))


def _types(match: re.Match[str]) -> str:
    return "+".join(sorted({e.type for e in _match_entities(match)}))


def _match_entities(match: re.Match[str]) -> list[Entity]:
    text = match.group("text")
    if match.group("type"):
        return [Entity(match.group("type").strip(), text, (match.group("value") or text).strip())]
    if match.group("dict"):
        dicts = ["{" + match.group("dict") + "}"]
    else:
        dicts = [m.group(0) for m in SINGLE_DICT.finditer(match.group("dicts"))]
    entities = []
    for raw in dicts:
        attributes = json.loads(raw)
        entities.append(Entity(attributes["entity"], text, str(attributes.get("value", text))))
    return entities


def parse_entities(raw: str) -> list[Entity]:
    return [entity for match in ENTITY.finditer(raw) for entity in _match_entities(match)]


def normalise(text: str) -> str:
    """Case-insensitive, whitespace collapsed, trailing punctuation dropped."""
    return " ".join(text.casefold().split()).rstrip(TRAILING_PUNCTUATION + " ")


def parse_nlu(text: str, file: str = "<text>") -> Iterator[Example]:
    data = yaml.safe_load(text) or {}
    for item in data.get("nlu") or []:
        kind = next((k for k in ("intent", "synonym", "lookup", "regex") if k in item), None)
        if kind is None:
            continue
        examples = item.get("examples") or ""
        if isinstance(examples, list):  # the long format: a list of {text: ..., metadata: ...}
            lines = [e.get("text", "") if isinstance(e, dict) else str(e) for e in examples]
        else:
            lines = [line[1:] for line in examples.splitlines() if line.startswith("-")]
        for line in lines:
            if line.strip():
                yield Example(file, kind, str(item[kind]), line.strip())


def load(directory: Path) -> list[Example]:
    return [
        example
        for path in sorted(directory.rglob("*.yml"))
        for example in parse_nlu(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]


def _contains(haystack: str, phrase: str) -> bool:
    """`phrase` occurs in `haystack` as whole words (case-insensitive)."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", haystack) is not None


def leaked_messages(held_out: Iterable[Example], training: Iterable[Example]) -> list[str]:
    seen = {normalise(e.text): e for e in training if e.kind == "intent"}
    return [
        f"{e.file}: {e.raw!r} is the training example {seen[key].raw!r} ({seen[key].file})"
        for e in held_out
        if e.kind == "intent" and (key := normalise(e.text)) in seen
    ]


def leaked_wordings(held_out: Iterable[Example], training: Iterable[Example]) -> list[str]:
    seen = {e.wording: e for e in training if e.kind == "intent"}
    return [
        f"{e.file}: {e.raw!r} has the wording of the training example {seen[e.wording].raw!r} "
        f"({seen[e.wording].file})"
        for e in held_out
        if e.kind == "intent" and e.wording in seen
    ]


def leaked_names(held_out: Iterable[Example], training: Iterable[Example]) -> list[str]:
    training = list(training)
    all_text = "\n".join(normalise(e.text) for e in training)
    annotated = {
        (entity.type, normalise(form)): example
        for example in training
        if example.kind == "intent"
        for entity in example.entities
        for form in (entity.text, entity.value)
    }
    problems = []
    for example in held_out:
        for entity in example.entities:
            if entity.type in CLOSED_CLASSES:
                found = annotated.get((entity.type, normalise(entity.text)))
                if found is not None:
                    problems.append(
                        f"{example.file}: {entity.type} {entity.text!r} in {example.raw!r} is annotated "
                        f"in the training example {found.raw!r} ({found.file})"
                    )
                continue
            for form in {normalise(entity.text), normalise(entity.value)}:
                if _contains(all_text, form):
                    problems.append(
                        f"{example.file}: {entity.type} {form!r} in {example.raw!r} occurs in data/nlu"
                    )
    return problems


@pytest.fixture(scope="module")
def training() -> list[Example]:
    """data/nlu and the FAQ questions that training adds as ask_support examples."""
    from encore.training_data import FAQ_KB, faq_nlu_yaml

    return load(TRAINING_DIR) + list(parse_nlu(faq_nlu_yaml(ROOT / FAQ_KB), FAQ_KB))


@pytest.fixture(scope="module")
def held_out() -> list[Example]:
    return load(HELD_OUT_DIR)


def test_the_sets_are_read(training: list[Example], held_out: list[Example]) -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    intents = {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
    held_out_intents = {e.name for e in held_out if e.kind == "intent"}
    assert len([e for e in training if e.kind == "intent"]) >= 500
    assert len(held_out) >= 100
    assert held_out_intents <= intents, held_out_intents - intents
    assert "ask_film" in held_out_intents
    assert all(e.kind == "intent" for e in held_out)
    # The markup is gone from the text and every annotation was understood.
    for example in held_out + training:
        assert not re.search(r"\]\(|\]\{", example.text), example.raw
        assert all(e.type and e.text and e.value for e in example.entities), example.raw


def test_no_held_out_message_is_a_training_example(training: list[Example], held_out: list[Example]) -> None:
    problems = leaked_messages(held_out, training)
    assert not problems, "\n".join(problems)


def test_no_held_out_message_differs_from_a_training_example_only_by_its_entities(
    training: list[Example], held_out: list[Example]
) -> None:
    problems = leaked_wordings(held_out, training)
    assert not problems, "\n".join(problems)


def test_no_held_out_name_occurs_in_the_training_data(
    training: list[Example], held_out: list[Example]
) -> None:
    problems = leaked_names(held_out, training)
    assert not problems, "\n".join(problems)


TRAINING_SAMPLE = """
version: "3.1"
nlu:
- intent: ask_film
  examples: |
    - who directed [Heat](film)?
    - [french]{"entity": "language", "value": "French"} [dramas]{"entity": "genre", "value": "Drama"}
    - something like the movie Kismet
- lookup: language
  examples: |
    - Hungarian
"""


@pytest.mark.parametrize(
    "line, problem",
    [
        ("Who  directed Heat ", "is the training example"),
        ("who directed [Memento](film)!", "has the wording"),
        ("who DIRECTED [the big sleep](film)", "has the wording"),
        ("[Greek](language) [westerns]{\"entity\": \"genre\", \"value\": \"Western\"}", "has the wording"),
        ("what year is [Heat](film) from", "occurs in data/nlu"),
        ("who was in [kismet](film)", "occurs in data/nlu"),
        ("any [French](language) films", "is annotated in the training example"),
        ("[dramas](genre) from 1968", "is annotated in the training example"),
    ],
)  # fmt: skip
def test_the_checks_find_a_leak(line: str, problem: str) -> None:
    training = list(parse_nlu(TRAINING_SAMPLE, "train.yml"))
    held_out = list(parse_nlu(f"nlu:\n- intent: ask_film\n  examples: |\n    - {line}\n", "test.yml"))
    problems = (
        leaked_messages(held_out, training) + leaked_wordings(held_out, training)
        + leaked_names(held_out, training)
    )  # fmt: skip
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(
    "line",
    ["who wrote [Memento](film)", "any [Hungarian](language) films", "films from [1968](year)",
     "is it [Heathers](film)"],
)  # fmt: skip
def test_the_checks_pass_a_new_message(line: str) -> None:
    training = list(parse_nlu(TRAINING_SAMPLE, "train.yml"))
    held_out = list(parse_nlu(f"nlu:\n- intent: ask_film\n  examples: |\n    - {line}\n", "test.yml"))
    assert leaked_messages(held_out, training) + leaked_wordings(held_out, training) == []
    assert leaked_names(held_out, training) == []
