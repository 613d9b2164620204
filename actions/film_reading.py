"""How far the second stage (:mod:`actions.understand`) trusts the film-question parser's reading
of a message: pure judgements of a :class:`kg.parser.Parse` and the words it was read from.

The parser is sure enough of its path (:data:`FILM_SURE`), and nearly certain for a topic that
is one everyday-looking word written in lower case (:func:`weak_topic`: "the moon", "stuff");
a topic after "my", "your" ... is someone's, not a title (:func:`owned_topic`); a message right
after a film answer that asks it again with a new year, genre or language is a follow-up
(:func:`answered_a_film_question`, :func:`refines`); a name the graph lacks counts only when the
message says it as a name (:func:`is_a_name`).
"""

from __future__ import annotations

import re
from typing import Any, Optional

from rasa_sdk import Tracker

from kg.linker import normalise
from kg.parser import Parse
from kg.paths import PATHS
from kg.qa import Question

# The parser's probability of its path above which a fallback message is taken as a film
# question (only when the message itself names something in the graph): at once when it is
# sure, and after the FAQ retriever has declined when it is fairly sure.
FILM_SURE = 0.6
# A topic that is one everyday-looking word typed in lower case ("the moon", "stuff", "rent")
# is as likely a word as a title: the parser must be nearly certain of its path.
FILM_WEAK_SURE = 0.95
# Words right before a tag that say it is one ("films tagged heist", "with the keyword iran").
TAG_CUE = re.compile(r"\b(?:tagged|tags?|labell?ed|keywords?)\s+(?:as\s+|with\s+)?(?:the\s+)?$")


# The slot a film answer sets (the question it answered): a message right after one may be a
# follow-up ("what about the 90s ones?") that reads its topic from that answer.
FILM_ANSWER_SLOT = "kg_query"
# Words that say a message is about films at all: a language alone is not ("translate thank you
# into french" is no list of French films; "any french films?" is).
FILM_WORDS = re.compile(
    r"\b(?:films?|movies?|cinema|pictures?|flicks?|titles?|shows?|watch\w*|seen|released?|came out|made)\b"
)


def only_a_language(parse: Parse, text: str) -> bool:
    """True when the parser's only reason to read a film question is a language said with no
    word about films, no genre and no years ("translate thank you into french")."""
    topic = parse.topic
    if topic is None or topic.kind != "language" or parse.constraints:
        return False
    return FILM_WORDS.search(text.lower()) is None


def answered_a_film_question(tracker: Tracker) -> bool:
    """Whether the bot's previous turn (between the last two user messages) answered a film
    question, whichever action did it (the film action, or another that handed it on). A new
    conversation session (which carries the slots over as slot events) has no previous turn."""
    users, answered = 0, None  # the value of the last kg_query slot event of that turn
    for event in reversed(tracker.events or []):
        kind = event.get("event")
        if kind == "session_started":
            return False  # what was set after it are the slots carried over, not a turn
        if kind == "user":
            users += 1
            if users == 2:
                return bool(answered)
        elif users == 1 and kind == "slot" and event.get("name") == FILM_ANSWER_SLOT and answered is None:
            answered = event.get("value") is not None
    return False


def refines(parse: Parse, last_query: Optional[dict[str, Any]]) -> bool:
    """True when ``parse`` asks the last film question again with a new year, genre or language
    ("what about the 90s ones?", "and only the westerns"): same path, a changed constraint."""
    if not isinstance(last_query, dict) or parse.path != last_query.get("path") or not parse.constraints:
        return False
    before = last_query.get("constraints") or {}
    return any(v is not None and v != before.get(k) for k, v in parse.constraints.params().items())


def is_a_name(mention: str, question: Question) -> bool:
    """Is ``mention`` a name: one the NLU found as a film or person, or written with a capital
    on every word ("Amadeus", "Milos Forman")?"""
    key = normalise(mention)
    if any(normalise(n) == key for n in [*question.films, *question.people]):
        return True
    words = mention.split()
    return bool(words) and all(w[:1].isupper() for w in words) and mention in question.text


def weak_topic(parse: Parse, text: str) -> bool:
    """True when the topic is a film or tag named by one word that the message writes in lower
    case ("how far away is the moon", "what kind of stuff do you know")."""
    topic = parse.topic
    if topic is None or topic.kind not in ("film", "tag"):
        return False
    words = [w for w in topic.mention.split() if w not in ("the", "a", "an")]
    # the mention is normalised to lower case: found as it is, the message wrote it so
    if len(words) != 1 or re.search(rf"\b{re.escape(words[0])}\b", text) is None:
        return False
    # "movies tagged iran": the message itself says the word is a tag
    return not (topic.kind == "tag" and TAG_CUE.search(text[: text.find(words[0])]))


def part_of_a_title(parse: Parse, text: str) -> bool:
    """True when a one-word, lower-case topic (:func:`weak_topic`) is only part of the film's title
    ("how many miles is a marathon": Marathon Man): a word of everyday English, not a name."""
    return weak_topic(parse, text) and within_longer_titles(parse)


def within_longer_titles(parse: Parse) -> bool:
    """True when the topic is a film and every one of its titles holds the mention's words and more
    (the second half of :func:`part_of_a_title`, for a caller that knows the topic is weak already)."""
    topic = parse.topic
    if topic is None or topic.kind != "film":
        return False
    mention = [w for w in topic.mention.split() if w not in ("the", "a", "an")]
    titles = [[w for w in normalise(name).split() if w not in ("the", "a", "an")] for name in topic.names]
    # (a misspelt title, "jwas", is the title's one word, not a part of it)
    return all(len(title) > len(mention) and set(mention) <= set(title) for title in titles)


OWNED = frozenset({"my", "your", "our", "his", "her", "their"})


def owned_topic(parse: Parse, text: str) -> bool:
    """True when the topic's words follow "my", "your" ... ("clear everything from my history",
    "your drama is hilarious"): something of someone's, not the genre, tag or film of that name
    ("who directed my fair lady" names the film with its "my")."""
    topic = parse.topic
    if topic is None or not topic.mention or topic.from_context:
        return False
    words, mention = normalise(text).split(), topic.mention.split()
    for i in range(1, len(words) - len(mention) + 1):
        if words[i : i + len(mention)] == mention and words[i - 1] in OWNED:
            return True
    return False


def fact_of_a_film(parse: Optional[Parse]) -> bool:
    """The parse asks for a fact of a film the message names (its genre, tags, year, people),
    not for other films."""
    if parse is None or parse.topic is None or parse.topic.kind != "film" or parse.topic.from_context:
        return False
    return PATHS[parse.path].answer_kind != "film"
