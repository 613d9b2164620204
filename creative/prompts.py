"""Prompts per task: chat messages for instruction-tuned models, plain continuation text for
GPT-2-style ones. Pure functions.

A 135M model follows a shown answer far better than a described one, so every chat prompt shows
one worked example first: a request of the same task and mood about an invented film or event,
written in exactly the words of the real request, and its answer (short, one line, the film named
up front). The model then copies the example's *form*. It also copies its words now and then, so
the examples are invented (no film of the graph, no real title), and :func:`shown_example` tells
the filters what a copy would look like.

A tagline is grounded in what the graph knows of the film: the title, the director and the best
known stars (:mod:`creative.grounding` orders them), the genres, the era ("the 1990s") and up to
two of its tags as what it is about, once the tags that are catalogue labels ("bd-r", "national
film registry") or the film's own people are left out. Half of the candidates of a tagline start
with the title, and half of a scene's with its first speaker (:func:`answer_openings`): the other
half are left free, so the reranker still has a choice. The choices were measured on the
development prompt set (docs/benchmarks.md, "Quality on a fixed prompt set").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from creative.generator import PromptInput
from creative.requests import AD, SCENE, TAGLINE, CreativeRequest

STYLE_WORDS = {
    "dark": "dark and ominous",
    "upbeat": "upbeat and cheerful",
    "romantic": "romantic and tender",
    "funny": "funny and witty",
    "neutral": "",
}
SYSTEM = "You are a creative copywriter for films and events. Answer with the text only."

# Tags of the graph that label the catalogue or the production, not what the film is about.
CATALOGUE_TAGS = frozenset({
    "bd-r", "r", "pg", "pg-13", "nr", "70mm", "avi", "dvd", "own", "want", "library", "criterion",
    "national film registry", "best picture", "imdb top 250", "directorial debut", "remake", "sequel",
    "franchise", "short", "story", "special", "original", "unique", "classic", "direction", "script",
    "acting", "characters", "design", "effects", "visual", "visual effects", "special effects",
    "cinematography", "soundtrack", "oscar", "seen it", "boring", "overrated",
})  # fmt: skip
MAX_THEMES = 2


def era(years: list[str]) -> str:
    """ "the 1990s" for one known year; "" for none or for a title the graph merged from films
    of several years (which year the user means is unknown)."""
    if len(years) != 1 or not str(years[0]).isdigit():
        return ""
    return f"the {int(years[0]) // 10 * 10}s"


def themes(facts: dict[str, list[str]], limit: int = MAX_THEMES) -> list[str]:
    """The film's tags that say what it is about: no catalogue label, no genre, no name of its own
    director or stars, no numbers, in the graph's order."""
    genres = {g.lower() for g in facts.get("genres", [])}
    names = {part.lower() for p in facts.get("directors", []) + facts.get("cast", []) for part in p.split()}
    found: list[str] = []
    for tag in facts.get("tags", []):
        low = tag.lower().strip()
        if (
            len(low) < 3
            or low in CATALOGUE_TAGS
            or low in genres
            or not re.fullmatch(r"[a-z][a-z' -]*", low)
            or any(word in names for word in low.split())
            or low in found
        ):
            continue
        found.append(low)
    return found[:limit]


def describe_facts(facts: dict[str, list[str]]) -> str:
    """One phrase of graph facts, e.g. "a crime film from the 1990s, directed by Michael Mann,
    starring Al Pacino and Robert De Niro, about police and heists"."""
    genres = facts.get("genres", [])
    head = f"a {' and '.join(genres[:2]).lower()} film" if genres else "a film"
    when = era(facts.get("years", []))
    if when:
        head += f" from {when}"
    parts = [head]
    if facts.get("directors"):
        parts.append(f"directed by {facts['directors'][0]}")
    if facts.get("cast"):
        parts.append(f"starring {' and '.join(facts['cast'][:2])}")
    about = themes(facts)
    if about:
        parts.append(f"about {' and '.join(about)}")
    return ", ".join(parts)


def article(phrase: str) -> str:
    return f"an {phrase}" if phrase[:1].lower() in "aeiou" else f"a {phrase}"


def subject(request: CreativeRequest) -> str:
    """What the text is about: the film and its facts, or the premise (also what the reranker
    compares a candidate with)."""
    if request.task == TAGLINE:
        title = request.film or request.premise or "a new film"
        grounded = describe_facts(request.facts) if request.facts else ""
        return f"the film {title}, {grounded}" if grounded else f"the film {title}"
    return request.premise or "a film night"


def instruction(request: CreativeRequest) -> str:
    mood = STYLE_WORDS.get(request.emotion, "")
    mood = f"{mood} " if mood else ""
    if request.task == SCENE:
        length = "four" if request.short else "six"
        return (
            f"Continue this film scene with {length} short lines of {mood}dialogue. "
            f"Write each line as NAME: words.\nScene: {request.premise}"
        )
    if request.task == TAGLINE:
        size = "very short (under 8 words)" if request.short else "short"
        named = " Name the film." if request.film else ""
        return f"Write one {size} {mood}tagline for {subject(request)}.{named}"
    size = "one short sentence" if request.short else "two short sentences"
    return f"Write {mood}advertising copy in {size} for {subject(request)}."


def plain_prompt(request: CreativeRequest) -> str:
    """A text the model continues (GPT-2 has no instructions: it completes documents)."""
    mood = STYLE_WORDS.get(request.emotion, "")
    mood_adj = f"{mood} " if mood else ""
    if request.task == SCENE:
        return f"INT. SCENE ({mood or 'drama'})\n{request.premise}\n\n"
    if request.task == TAGLINE:
        return f'The {mood_adj}tagline for {subject(request)} is: "'
    return f'{article(mood_adj + "advertisement").capitalize()} for {subject(request)}:\n"'


# -- worked examples --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """An invented request and the answer shown for it (``name``: the invented title or event,
    which no real answer should repeat)."""

    request: CreativeRequest
    answer: str
    name: str


def _film(genre: str, year: str, director: str, star: str, tags: list[str]) -> dict[str, list[str]]:
    return {"genres": [genre], "years": [year], "directors": [director], "cast": [star], "tags": tags}


TAGLINE_EXAMPLES = {
    "dark": Example(
        CreativeRequest(TAGLINE, film="The Harbour Lights", emotion="dark",
                        facts=_film("Crime", "1974", "Nora Vance", "Sam Okafor",
                                    ["smuggling", "fog"])),
        "The Harbour Lights: in this town, the fog keeps every secret.", "The Harbour Lights"),
    "upbeat": Example(
        CreativeRequest(TAGLINE, film="Sunny Side Road", emotion="upbeat",
                        facts=_film("Family", "2006", "Mia Cole", "Tom Reed",
                                    ["road trip", "summer"])),
        "Sunny Side Road: pack light, laugh loud, and never look back.", "Sunny Side Road"),
    "romantic": Example(
        CreativeRequest(TAGLINE, film="Letters to Lisbon", emotion="romantic",
                        facts=_film("Drama", "1963", "Paulo Reis", "Ana Lima",
                                    ["letters", "war"])),
        "Letters to Lisbon: every word she wrote was a way home.", "Letters to Lisbon"),
    "funny": Example(
        CreativeRequest(TAGLINE, film="Two Left Feet", emotion="funny",
                        facts=_film("Comedy", "1996", "Ruth Baker", "Jo Marsh",
                                    ["dancing", "wedding"])),
        "Two Left Feet: he can't dance, and he can't stop.", "Two Left Feet"),
    "neutral": Example(
        CreativeRequest(TAGLINE, film="The Long Field", emotion="neutral",
                        facts=_film("Drama", "1984", "Ellen Shaw", "Ben Hart",
                                    ["farm", "brothers"])),
        "The Long Field: two brothers, one dry summer, and the land between them.", "The Long Field"),
}  # fmt: skip
AD_EXAMPLES = {
    "dark": Example(CreativeRequest(AD, "a ghost walk through the old town", emotion="dark"),
                    "The old town keeps its dead awake. Walk with them, if you dare.", "ghost walk"),
    "upbeat": Example(CreativeRequest(AD, "a family picnic in the park on Sunday", emotion="upbeat"),
                      "Bring a blanket and your best smile! Sunday in the park is going to be great.",
                      "family picnic"),
    "romantic": Example(CreativeRequest(AD, "a candlelit dinner on the river boat", emotion="romantic"),
                        "One boat, one river, one table for two. Let the evening carry you.", "river boat"),
    "funny": Example(CreativeRequest(AD, "a chess club open day", emotion="funny"),
                     "Think you can beat a pensioner at chess? Come and lose with style.", "chess club"),
    "neutral": Example(CreativeRequest(AD, "a photography exhibition at the library"),
                       "Fifty photographs of the city at work. Free entry at the library all week.",
                       "photography exhibition"),
}  # fmt: skip
# A scene's example: without it, most scenes came back as prose.
SCENE_EXAMPLE = Example(
    CreativeRequest(SCENE, "Detectives Mara and Jones stand over an empty safe.", short=True),
    "MARA: It was full an hour ago.\nJONES: Then somebody here is lying.\n"
    "MARA: Everybody here is lying.\nJONES: Then we start with the butler.",
    "",
)


def example_for(request: CreativeRequest) -> Example:
    """The worked example shown before ``request``: same task and mood, invented subject."""
    if request.task == SCENE:
        return SCENE_EXAMPLE
    examples = TAGLINE_EXAMPLES if request.task == TAGLINE else AD_EXAMPLES
    return examples.get(request.emotion, examples["neutral"])


def shown_example(request: CreativeRequest, chat: bool) -> Optional[Example]:
    """The example :func:`build_prompt` shows before ``request`` (none in a plain prompt): what a
    candidate must not copy."""
    return example_for(request) if chat else None


def build_prompt(request: CreativeRequest, chat: bool) -> PromptInput:
    if not chat:
        return plain_prompt(request)
    example = example_for(request)
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": instruction(example.request)},
        {"role": "assistant", "content": example.answer},
        {"role": "user", "content": instruction(request)},
    ]


def prompt_text(prompt: PromptInput) -> str:
    """The words of a prompt, for the repetition filter (the request, not a worked example)."""
    if isinstance(prompt, str):
        return prompt
    return [m["content"] for m in prompt if m["role"] == "user"][-1]


TITLE_OPENING_EVERY = 2  # every second candidate of a tagline starts with the film's title
_DETERMINERS = frozenset("a an the two three four five some his her their my our".split())
_NAME = re.compile(r"^(?:[A-Z][\w'-]*)(?: (?:[A-Z][\w'-]*))*")


def singular(word: str) -> str:
    if word.endswith("ves"):
        return word[:-3] + "f"
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def first_speaker(premise: str) -> str:
    """Who speaks first in a scene, read from the start of its premise: a name ("Xiao Ming and
    Xiao Hong walk ..." -> "XIAO MING"), or the head noun of a first noun phrase ("a detective
    questions ..." -> "DETECTIVE", "two old friends meet ..." -> "FRIEND"); "" when the premise
    starts otherwise. A heuristic without a parser: the noun is the word before the first verb
    in -s after "a", or the first plural after "two"."""
    text = premise.strip()
    tokens = re.findall(r"[A-Za-z][\w'-]*", text)
    if not tokens:
        return ""
    if tokens[0].lower() not in _DETERMINERS:
        name = _NAME.match(text)
        return name.group().upper() if name and len(tokens) > 1 else ""
    words = [t.lower() for t in tokens[1:6]]
    plural = tokens[0].lower() not in ("a", "an", "the", "his", "her", "my", "our", "their")
    for i, word in enumerate(words):
        if word in ("and", "with", "who", "in", "on", "at", "of", "to", "from"):
            return singular(words[i - 1]).upper() if i else ""
        if word.endswith("s") and not word.endswith("ss"):
            if plural:
                return singular(word).upper()
            if i:
                return words[i - 1].upper()
    return words[0].upper() if words and not plural else ""


def answer_openings(request: CreativeRequest, n: int, chat: bool = True) -> tuple[str, ...]:
    """How each of the ``n`` candidates' answers starts ("" = free): every second candidate of a
    tagline for a named film opens with "<Title>:", as the example does, and of a scene with its
    first speaker (:func:`first_speaker`). Nothing for ads, nor for a plain (GPT-2) prompt, which
    already ends inside the quotation."""
    if not chat:
        return ()
    if request.task == TAGLINE and request.film:
        opening = f"{request.film}:"
    elif request.task == SCENE and first_speaker(request.premise):
        opening = f"{first_speaker(request.premise)}:"
    else:
        return ()
    return tuple(opening if i % TITLE_OPENING_EVERY == 0 else "" for i in range(n))


def max_new_tokens(request: CreativeRequest, default: int, scene: int) -> int:
    base = scene if request.task == SCENE else default
    return max(8, base // 2) if request.short else base
