"""What a film question's wording says beyond its path: the readings :class:`kg.qa.FilmQA`
settles after the question parser (:mod:`kg.parser`) has read a message.

The parser reads a message as a topic, a relation path and constraints. Some wordings mean
more than that reading, and each is settled here by a small function over the parse and the
message's words: a follow-up that narrows the last question ("and in the 90s?"), a button that
answers the question pending when it was offered, two questions in one message, the first or
latest of a set ("Wes Anderson's first film"), other films that share a fact ("Bottle Rocket
same director?"), a film named with nothing asked of it ("tell me about Heat"), and a "good"
said of something else than the film ("any good vampire films"). People's roles (the role a
question about a person leaves open, which of the people sharing a surname) are in
:mod:`kg.roles`. None of them queries the graph, so each can be tested on a parse built by hand.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Callable, Optional

from kg.linker import normalise
from kg.parser import Constraints, Parse, Topic
from kg.paths import PATHS
from kg.turn import Question

# Below this probability of its path, a reading without a name of its own is not trusted to
# be a new question: it is a follow-up of the previous one ("and in the 90s?").
FOLLOW_UP_BELOW = 0.5
# A question that names a film and asks for nothing in particular: "tell me about Inception",
# "what do you know about Heat?", "info on the movie Amelie please", or the title alone. Read on
# the masked wording (kg.parser.Parse.masked), so the title's own words never count.
_POLITE = (
    r"(?:(?:hey|hi|hello|so|ok|okay|please|pls|can you|could you|would you|i want to|i d like to"
    r"|i would like to|lets|let s)\s+)*"
)
_ABOUT = (
    r"(?:tell me|say) (?:something |more |everything |a bit |a little |all )?(?:about|on)"
    r"|what do you know (?:about|of)|do you know anything about"
    r"|(?:some |any |more )?info(?:rmation)? (?:on|about)|(?:some |any |more )?details (?:on|of|about)"
    r"|(?:give me |show me )?(?:an |a |the )?(?:overview|summary|rundown|lowdown) (?:of|on)"
    r"|describe|facts (?:about|on)|whats the deal with"
)
_THANKS = r"(?:\s+(?:please|pls|thanks|thank you))?"
OVERVIEW = re.compile(
    _POLITE + r"(?:" + _ABOUT + r")?\s*(?:the (?:film|movie) )?xfilm"
    r"(?:\s+(?:the (?:film|movie)|movie|film|info|details|facts|overview|summary))?" + _THANKS
)
# The same of a person, asked in so many words ("who is Ridley Scott", "tell me about Kim
# Novak"; the name alone is left to the readings: "Kubrick please" asks for a film). Read on the
# masked wording, with a tag that is a person's name as the person.
PERSON_OVERVIEW = re.compile(
    _POLITE + r"(?:who (?:is|s|was)|whos|" + _ABOUT + r")\s+x(?:person|tag)" + _THANKS
)
OVERVIEW_CONFIDENCE = 0.95
# Words that ask for the first or the latest film of a set, and what after them says otherwise.
FIRST_WORDS = {"first": "first", "earliest": "first", "oldest": "first", "debut": "first",
               "latest": "latest", "newest": "latest", "recent": "latest", "last": "latest"}  # fmt: skip
PLURAL_FILMS = frozenset(
    {"films", "movies", "ones", "works", "pictures", "few", "two", "three", "five", "ten"}
)
NOT_A_DATE = frozenset(
    {"time", "times", "name", "names", "night", "week", "weekend", "year", "month", "hour", "place"}
)
# Where a message asks a second question: "who directed Heat and when was it released"; the
# message is read as two when the second is read at least this surely.
COMPOUND_SURE = 0.5
# "Any good vampire films", "good vibes only": "good" said of other films, or of the word the
# film's title is, asks no rating of that film; the parser's rating reading is believed at most
# this much (unsure: the second stage leaves such a message to the request readers).
NOT_A_RATING = 0.3
RATING_WORDS = frozenset({"good", "great", "decent", "nice", "best", "fun"})
GOOD_FILMS = re.compile(
    rf"\b(?:{'|'.join(sorted(RATING_WORDS))})\s+(?:\w+\s+){{0,3}}?(?:films|movies|flicks|ones)\b"
)
COMPOUND = re.compile(
    r"\s*,?\s+and\s+(?=(?:who|what|whats|when|which|where|how|is|was|were|did|does|do|are)\b)", re.I
)
FOLLOW_UP_CUES = re.compile(
    r"^\W*(and|what about|how about|only|just|but|ok|okay|now)\b|\b(of (them|those|these)|ones|only)\b", re.I
)
# What a chosen name is asked about when no question was pending.
DEFAULT_PATH = {"film": "directed_by", "person": "~starred_actors"}
# Other films that share a fact with the film named: "Breakfast on Pluto same director?", "Bottle
# Rocket director other movies", "what else came out the year First Blood did", "what else the
# Evita cast was in". Terse wordings the path classifier reads as the fact itself (one step) with
# confidence; these words make it the bridge (the fact, then the films that share it).
SHARED_ROLES = {"director": "directed_by", "directors": "directed_by", "filmmaker": "directed_by",
                "directed": "directed_by", "writer": "written_by", "writers": "written_by",
                "screenwriter": "written_by", "screenwriters": "written_by", "wrote": "written_by",
                "cast": "starred_actors", "actors": "starred_actors", "stars": "starred_actors",
                "year": "release_year"}  # fmt: skip
SAME_ROLE = re.compile(r"\bsame (" + "|".join(SHARED_ROLES) + r")\b")
OTHER_FILMS = re.compile(
    r"\b(?:other|more) (?:movies|films|pictures|flicks|titles|work)\b|"
    r"\b(?<!who )else\b.*\b(?:came out|come out|released|was in|were in|did|made|make|directed|wrote)\b"
)
SHARED_PATHS = frozenset(SHARED_ROLES.values())
SHARED_CONFIDENCE = 0.8


def sharing(parse: Parse, text: str) -> Parse:
    """``parse`` as the bridge to films sharing a fact with its film when the words ask for other
    films (:data:`SAME_ROLE`, :data:`OTHER_FILMS`) and it reads one step (or a bridge over another
    fact than the one named). ``text``: the normalised message."""
    topic = parse.topic
    if topic is None or topic.kind != "film" or topic.from_context:
        return parse
    same = SAME_ROLE.search(text)
    if same is None and not OTHER_FILMS.search(text):
        return parse
    steps = parse.path.split(">")
    named = [SHARED_ROLES[w] for w in re.findall(r"[a-z]+", text) if w in SHARED_ROLES]
    relation = SHARED_ROLES[same.group(1)] if same else (named[0] if named else steps[0])
    if relation not in SHARED_PATHS:
        return parse
    bridge = f"{relation}>~{relation}"
    if bridge not in PATHS or parse.path.startswith(bridge):
        return parse
    if len(steps) == 1 or (len(steps) == 2 and steps[1] == f"~{steps[0]}"):
        return Parse(bridge, topic, parse.constraints, max(parse.confidence, SHARED_CONFIDENCE),
                     parse.alternatives)  # fmt: skip
    return parse


def superlative(masked: str) -> Optional[str]:
    """``"first"`` or ``"latest"`` when a question asks for one film by its date ("Wes Anderson's
    first film", "the most recent xperson movie", "xperson's debut"); None for lists ("his latest
    films") and for other uses of the words ("the first time", "last night")."""
    words = masked.split()
    found = None
    for i, word in enumerate(words):
        if word == "most" and words[i + 1 : i + 2] == ["recent"]:
            continue
        order = FIRST_WORDS.get(word)
        if order is None:
            continue
        after = set(words[i + 1 : i + 3])
        if after & PLURAL_FILMS or after & NOT_A_DATE or words[i + 1 : i + 3] == ["of", "all"]:
            return None
        if found not in (None, order):
            return None
        found = order
    return found


def praises_something_else(parse: Parse, tokens: list[str]) -> bool:
    """A rating reading whose "good" is said of films in the plural besides the topic ("vampires!
    any good vampire films") or right before the topic's words, as an adjective of that word
    ("good vibes only"): no question about the film."""
    topic = parse.topic
    if topic is None or topic.from_context or not topic.mention:
        return False
    words = topic.mention.split()
    for i in range(len(tokens) - len(words) + 1):
        if tokens[i : i + len(words)] == words:
            rest = tokens[:i] + ["|"] + tokens[i + len(words) :]
            if i > 0 and tokens[i - 1] in RATING_WORDS:
                return True
            return GOOD_FILMS.search(" ".join(rest)) is not None
    return False


def asks_overview(parse: Parse) -> bool:
    """A linked film named with nothing asked of it (:data:`OVERVIEW`)."""
    topic = parse.topic
    if topic is None or topic.kind != "film" or not topic.linked or topic.from_context:
        return False
    return bool(OVERVIEW.fullmatch(parse.masked.strip()))


def asks_who_or_what(parse: Parse) -> bool:
    """Whether ``parse`` asks nothing of the film or person it names but what or who it is
    ("tell me about Heat", "who is Ridley Scott"): no sign of a film question when the NLU took
    the message for another task ("who is Barack Obama")."""
    return asks_overview(parse) or bool(PERSON_OVERVIEW.fullmatch(parse.masked.strip()))


def asks_about_person(parse: Parse, person_named: Callable[[str], Optional[str]]) -> Optional[Parse]:
    """A linked person named with nothing asked of them but who they are (:data:`PERSON_OVERVIEW`),
    read as their films in the role they have most ("Ridley Scott directed 19 films: ..."; the role
    is :func:`kg.roles.main_role`'s); None for any other question. ``person_named``: the person a
    tag names ("ridley scott"), if any."""
    topic = parse.topic
    if topic is None or topic.kind not in ("person", "tag") or not topic.linked or topic.from_context:
        return None
    if not PERSON_OVERVIEW.fullmatch(parse.masked.strip()):
        return None
    name = topic.names[0] if topic.kind == "person" else person_named(topic.names[0])
    if name is None:
        return None
    person = Topic("person", [name], topic.mention)
    return dataclasses.replace(
        parse, path="~starred_actors", topic=person, confidence=max(parse.confidence, OVERVIEW_CONFIDENCE)
    )


# "About" said of a genre, language or year read as a constraint: "a documentary about war" asks
# for the war documentaries, not for their tags.
_ABOUT_A_CONSTRAINT = re.compile(r"\babout (?:the )?c(?:genre|language|year)\b")


def about_a_constraint(parse: Parse) -> Parse:
    """``parse`` without a last tags step that only "about" a constraint asked for ("a
    documentary about war": the documentaries listed under War, not what they are tagged)."""
    steps = parse.path.split(">")
    shorter = ">".join(steps[:-1])
    if steps[-1] != "has_tags" or shorter not in PATHS or not _ABOUT_A_CONSTRAINT.search(parse.masked):
        return parse
    return dataclasses.replace(parse, path=shorter)


# -- follow-ups -------------------------------------------------------------------------------


def is_follow_up(parse: Parse, question: Question) -> bool:
    """ "And in the 90s?" / "which of them are comedies": new constraints for the last query."""
    topic = parse.topic
    if topic is None:
        return bool(parse.constraints)
    if topic.from_context:
        return bool(parse.constraints) and parse.confidence < FOLLOW_UP_BELOW
    # "and the dramas?": a genre, language or year alone, worded as a follow-up
    return topic.kind in ("genre", "language", "year") and bool(FOLLOW_UP_CUES.search(question.text))


def follow_up(parse: Parse, last: dict[str, Any]) -> Parse:
    """The last query (``last``, as :class:`kg.turn.Reply` ``query`` keeps it) with the new
    constraints of ``parse`` merged into its own."""
    path = last.get("path")
    if path not in PATHS or not last.get("topic"):
        return parse
    old = dict(last.get("constraints") or {})
    new = Constraints(**{**parse.constraints.params(), "year_label": parse.constraints.year_label})
    if parse.topic is not None and not parse.topic.from_context:  # the attribute is the new constraint
        value = parse.topic.names[0]
        if parse.topic.kind == "year":
            new.year_from = new.year_to = int(value)
            new.year_label = value
        elif parse.topic.kind in ("genre", "language"):
            setattr(new, parse.topic.kind, value)
    merged = Constraints(
        genre=new.genre or old.get("genre"),
        language=new.language or old.get("language"),
        year_from=new.year_from if new.year_from or new.year_to else old.get("year_from"),
        year_to=new.year_to if new.year_from or new.year_to else old.get("year_to"),
        year_label=new.year_label or str(last.get("year_label") or ""),
        person=new.person or old.get("person"),
        person_role=new.person_role if new.person else old.get("person_role"),
    )
    topic = Topic(str(last["kind"]), [str(last["topic"])], "", from_context=True)
    return Parse(str(path), topic, merged, parse.confidence)


def from_button(question: Question) -> Optional[Parse]:
    """A button's payload (``/ask_film{"film": "Kismet"}``) answers the question that was
    pending when the buttons were offered, about the name that was chosen."""
    if not question.text.lstrip().startswith("/"):
        return None
    last = question.last_query or {}
    for kind, names in (("film", question.films), ("person", question.people)):
        if not names:
            continue
        path = last.get("path")
        if path not in PATHS or PATHS[path].topic != kind:
            path = DEFAULT_PATH[kind]
        constraints = Constraints(
            **(last.get("constraints") or {}), year_label=str(last.get("year_label") or "")
        )
        return Parse(path, Topic(kind, [names[0]], normalise(names[0])), constraints, 1.0)
    return None


# -- a person's roles -------------------------------------------------------------------------
