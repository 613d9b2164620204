"""What a recommendation message says: likes, dislikes, seeds, filters and feedback. Pure functions.

The parser reads the message itself (NLU only routes it by intent): it splits the message into
clauses, gives each clause a polarity from its cue words ("I love", "I hate", "something like"),
and links the names in it with the graph's entity linker (genres first, then films, then people,
with a surname index so that "Kubrick" finds Stanley Kubrick). Feedback ("seen it", "not that
one", "more like the second one") refers to the last list shown; filters narrow the next list.

Filters (``Parsed.filters``, a plain dict that travels in the conversation state):

- ``genres``: genre labels that are *all* required ("a sci-fi thriller", "a romcom" = Romance
  and Comedy); ``genres_any``: labels of which one is enough ("a comedy or a drama");
- ``mood``: a name from :data:`recommender.vocabulary.MOODS` (one, or a list when a message
  names several);
- ``suitability``: ``"kids"`` or ``"teens"`` (``AUDIENCE``, ``AGE`` in :mod:`recommender.vocabulary`);
- ``people``: groups of people, every group required, one person of a group enough
  (``[["Stanley Kubrick"]]``, ``[["Joel Coen", "Ethan Coen"]]``): "something by Kubrick",
  "a Hitchcock film", "films with DiCaprio", "the Coen brothers";
- ``language``, ``year_min``, ``year_max`` (:func:`recommender.years.parse_years`);
- ``topics``: tags every film must have, the theme asked for ("a movie about time travel",
  "comedies about basketball": :func:`themes_in`);
- ``themes``: tags the message names without such a cue ("zombie apocalypse movie", "vampires!",
  :func:`tags_in`): candidates that the service keeps or drops by what the catalogue knows of
  them, and turns into a genre when the films with the tag share one
  (:func:`recommender.constraints.themes`).

The words it reads (genres, moods, audience, feedback, "films like" phrases) are in
:mod:`recommender.vocabulary`; how much a message looks like a request at all, without the linker,
is :mod:`recommender.cues`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from kg.linker import CUE_WORDS, EXACT, FUZZY, STOPWORDS, EntityLinker, normalise, other_number
from kg.mentions import UNINFORMATIVE_TAGS
from kg.people import linker_names
from minilm.encoder import everyday_words
from recommender.cues import asks_for_similar
from recommender.vocabulary import (
    LIKE_PHRASES,
    MORE_LIKE,
    NO_KIDS,
    NONE_OF,
    NUMBER_ONE,
    ORDINAL,
    ORDINALS,
    REJECT,
    SEEN,
    SIMILAR_VIBES,
    VOCABULARY_WORDS,
    age_in,
    audience_in,
    compounds_in,
    genre_features,
    genre_filter,
    genres_in,
    like_phrases,
    moods_in,
    person_features,
)
from recommender.years import YEAR_PHRASE, parse_years

# -- people ----------------------------------------------------------------------------------------
# A misspelt surname ("Schwarzeneger") names the person of the closest clear surname when it
# is said as a name, has this many letters or more and is this close (edits) to one surname only;
# a word of a film title or a tag is a word, not a typo.
FUZZY_SURNAME_MIN = 6
FUZZY_SURNAME_EDITS = ((6, 1), (9, 2))  # (from this many letters, edits allowed)
# Words around a name that say it is one: "by Kubrick", "with DiCaprio", "a Hitchcock film".
PERSON_BEFORE = frozenset({"by", "with", "starring", "featuring", "director", "directors", "actor", "actress",
                           "stars", "star", "from", "directed", "written"})  # fmt: skip
PERSON_AFTER = frozenset({"film", "films", "movie", "movies", "flick", "flicks", "one", "ones", "classic",
                          "classics", "picture", "pictures", "stuff", "joint", "joints", "feature",
                          "features", "thing", "things", "production", "productions", "pick", "picks",
                          "recommendation", "recommendations", "suggestion", "suggestions",
                          "marathon"})  # fmt: skip

# -- what a clause says ----------------------------------------------------------------------------
NEGATIVE = re.compile(
    r"\b(hate[sd]?|hating|dislike[sd]?|can'?t stand|cannot stand|can not stand|don'?t like|do not like|"
    r"didn'?t like|did not like|not a fan of|not into|can'?t bear|loathe[sd]?|detest(?:ed)?|"
    r"no more|spare me|avoid|sick of|tired of|not big on)\b"
    # a clause of its own after "but" or a comma: "i like comedies but not romcoms", "a comedy, no
    # horror please" (not "no idea", "not too long", "not from the 90s")
    r"|(?:^|,)\s*(?:not|no)\b(?! (?:too|so|very|that|really|sure|just|only|bad|older|newer|earlier|later|"
    r"idea|clue|worries|problem|rush|pressure|preference|preferences|matter|from|in|before|after|since|"
    r"one|thanks|need|more than|less than|longer|shorter)\b)"
)
POSITIVE_ME = re.compile(
    r"\b(?:i|we)(?:'m| am| really| just| do| also| totally| absolutely)*\s+"
    r"(like[sd]?|love[sd]?|enjoy(?:ed)?|adore[sd]?|dig|a fan of|into|big fan of|fan of)\b"
    r"|\b(i'?m a (?:big )?fan of|my favou?rites? (?:is|are|was|were)|favou?rite(?:s)? (?:is|are)|"
    r"^\s*(?:really |just |also )?(?:liked|love[sd]?|adore[sd]?|enjoy(?:ed)?)|"
    r"fan of|loved|enjoyed|adored|obsessed with|crazy about|hooked on|"
    r"can'?t get enough of)\b"
)
# "something like X", "films similar to X", "in the vein of X": X is the seed (the shared phrases
# of vocabulary.LIKE_PHRASES, bare "like", "resembling", "the same kind of X as")
SEED = re.compile(
    r"\b(?:something|anything|films?|movies?|ones?|stuff|more|similar)?\s*"
    r"((?<!would )(?<!'d )like|"
    + like_phrases("similar to", "in the vein of", "along the lines of", "close to")
    + r"|resembling|"
    + LIKE_PHRASES["the same ballpark"]
    + r"(?: as)?|"
    rf"(?:similar|same) (?:{SIMILAR_VIBES}|kind of \w+)s? (?:to|as))\b"
)
# A clause that says both: "i love heat and hate musicals", "i hate musicals but love heat".
_AND_END = re.compile(r"\s*\b(?:and|but|though|yet)\s*$")
# A kind of film ruled out by a word or two and a plural ("not the pirate ones", "no zombie movies",
# "not the american remakes"): a theme (its tags), not a title that shares the word.
_KIND_OF_ONES = re.compile(
    r"^(?:the |those |any |all )?((?:[a-z][\w'-]* )?[a-z][\w'-]*) "
    r"(ones|movies|films|flicks|stuff|remakes|sequels)$"
)
_THEN_LIKE = re.compile(
    r"\s*\b(?:but|and|though|yet)\s+(?:i\s+|we\s+)?(?:really\s+)?(?:love|like|adore|enjoy)[sd]?\b"
)
_NOT_NEGATIVE = re.compile(r"\b(?:won'?t|wouldn'?t|will not|would not|never|not)\s+$")
SURPRISE = re.compile(r"\b(surprise me|anything|random|whatever|you (?:pick|choose|decide))\b")
# "only after 2010", "but in French": narrows the request being answered, it is not a new one
REFINE = re.compile(r"^\s*(?:only|just|but|and|also|now|maybe|preferably|ideally|though|make it)\b")
RESET = re.compile(
    r"\b(start over|forget (?:it|everything|that|my preferences)|reset|clear (?:the )?filters?)\b"
)

FILLER = re.compile(
    r"^(?:(?:and|but|also|too|so|well|oh|ok|okay|yes|no|really|just|a lot|very much|lots|"
    r"i|we|me|you|a|an|some|the films?|the movies?|films?|movies?|anything|something|stuff|by|with|"
    r"of|from|in|is|are|was|were|it|that|these|those|what|what'?s|next|now|please|thanks|"
    r"recommend|suggest|watch|should|can|could|would|give|find|show|tell|one|ones|"
    r"more|kind|type|sort|genre)\b\s*)+|(?:\s*\b(?:too|a lot|very much|so much|lots|films?|movies?|"
    r"please|thanks|next|then|now|what next|stuff|ones?|though|as well|and stuff)\b)+$"
)
SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bor\b|&|\bplus\b|/)\s*")
CLAUSES = re.compile(r"\s*(?:[.;!?]+|,\s*(?=(?:but|and|i|i'm|we|what|whats|so|though|also|however|anything|"
                     r"something|any|got|more|recommend|suggest|please|pls|loved|liked|enjoyed|adored|really|"
                     r"give|gimme|show|find|need|how about)\b)|"
                     r"\bbut\b|"
                     r"\bwhereas\b|\bhowever\b|\bexcept\b|"
                     r"\s(?=(?:what|which) (?:should|could|can|shall|do|would) (?:i|we|you)\b)"
                     r")\s*")  # fmt: skip


# "just watched hot fuzz, loved it": the film a later "it" refers to.
_WATCHED = re.compile(
    r"^(?:i |we )?(?:just |recently |finally |last night |have |'ve )*"
    r"(?:watched|saw|rewatched|finished|seen)\s+(?=\S)"
)
# "shaun of the dead was hilarious", "heat is a masterpiece": a film praised, what a later "it" means.
_PRAISED = re.compile(
    r"^(?:i thought |i think )?(.+?)\s+(?:was|is|were|are)\s+(?:so |really |absolutely |just |such |pretty |"
    r"very |totally )*(?:hilarious|great|amazing|awesome|brilliant|fantastic|excellent|incredible|perfect|"
    r"wonderful|good|fun|beautiful|gorgeous|stunning|superb|outstanding|phenomenal|epic|(?:a |an )?"
    r"(?:masterpiece|classic|gem|banger|blast|favou?rite))\b|"
    r"^(.+?)\s+(?:is|was) (?:my (?:comfort (?:movie|film|watch)|favou?rite|fave|go-to)|peak \w+)\b|"
    r"^(.+?)\s+(?:left me \w+|blew (?:me away|my mind)|wrecked me|destroyed me|broke me)\b|"
    r"^(?:big |huge |massive )?(.+?) fan here\b|^fans of (.+?) would (?:enjoy|like|love)\b"
)
_WHEN_SEEN = re.compile(
    r"\b(?:last night|yesterday|the other (?:day|night)|again|recently|earlier|"
    r"(?:at|over|on) the weekend|last (?:week|weekend)|"
    r"and (?:everyone|everybody|we|i|they|the kids) (?:all )?(?:loved|liked|enjoyed) it|"
    r"this (?:morning|weekend)|on (?:tv|netflix|a plane)|"
    r"for the (?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|tenth|hundredth|umpteenth|nth) time)\b"
)
# "pulp fiction type movie", "a wes anderson-style film": the title before the cue is the seed.
_TITLE_TYPE = re.compile(
    r"^(?:(?:a|an|some|something|any)\s+)?(.+?)[- ](?:type|style|esque|kind of|sort of)\s+"
    r"(?:(movies?|films?|flicks?|moives?|things?|stuff|humou?r|vibes?|energy)|\w+)\b|^(.+?)-?ish\b"
)
_IT = re.compile(r"^(?:it|that|that one|this one|this|it so much|it a lot)\s*[.!]*$")
# "Edge of Tomorrow was way better than it had any right to be", "bridesmaids made me cry
# laughing", "a fish called wanda - more of that": a film said first, then described ...
_FILM_SAID = re.compile(
    r"^(.+?)(?:\s+(?:was|is|were|are|made me|makes me|had me|got me|kept me|left me)\b|"
    r"\s+[-\u2013\u2014:]\s)"
)
# ... and referred back to: "more like it?", "anything in that vein", "what else", "more of that".
_BACK_TO_IT = re.compile(
    r"\b(?:(?:more|anything|something|others?|films?|movies?) (?:like|similar to) (?:it|that|this|those)|"
    r"in (?:that|the same|this) (?:vein|spirit|style)|more of (?:that|this|those|the same)|what else|"
    r"along (?:those|these|the same) lines|(?:the )?same (?:vibe|feel|energy|kind of thing))\b"
)
# How a film said that way must not be described: "Titanic was boring, something else".
_PANNED = re.compile(
    r"\b(?:boring|bad|awful|terrible|dull|meh|overrated|disappointing|rubbish|trash|"
    r"garbage|worst|hated|not (?:good|great|funny))\b"
)


@dataclass
class Mention:
    text: str
    kind: str  # film | person | genre | ambiguous | unknown
    name: Optional[str] = None  # the graph's name (a title, a person) or a genre label
    features: list[str] = field(default_factory=list)  # feature names (genre/person)
    candidates: list[str] = field(default_factory=list)  # unknown film titles; people an ambiguous name fits
    people: list[str] = field(default_factory=list)  # the people of a person mention ("the Coens": two)


@dataclass
class Parsed:
    likes: list[Mention] = field(default_factory=list)
    dislikes: list[Mention] = field(default_factory=list)
    seeds: list[Mention] = field(default_factory=list)  # "something like X": the focus of this turn
    unknown: list[Mention] = field(default_factory=list)  # names that link to nothing
    ambiguous: list[Mention] = field(default_factory=list)  # surnames several people share ("Burton")
    filters: dict = field(default_factory=dict)
    seen: bool = False
    reject: bool = False
    more_like: bool = False
    targets: list[int] = field(default_factory=list)  # positions in the last list the feedback is about
    target_titles: list[str] = field(default_factory=list)  # titles of the last list named in the message
    all_of_them: bool = False
    surprise: bool = False
    reset: bool = False
    refine: bool = False  # the message narrows the last request ("only after 2010")


# -- people ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _People:
    """The linker's people by surname, and the words that are not names. Built once per linker."""

    unique: dict[str, str]  # surname -> the person it names (dominant, or from NICKNAMES)
    ambiguous: dict[str, list[str]]  # surname -> the best-connected people sharing it
    groups: dict[str, tuple[str, ...]]  # nickname -> people (the ones in the graph)
    common: frozenset[str]  # words that are never a surname on their own
    words: frozenset[str] = frozenset()  # words of film titles and tags: never a misspelt surname
    plain_words: frozenset[str] = frozenset()  # ... of titles and of tags that are no person's name


def _people(linker: EntityLinker) -> _People:
    cached = getattr(linker, "_people_index", None)
    if cached is not None:
        return cached
    vocab = linker.vocab["person"]
    names = linker_names(linker)
    short, in_titles = names.short, names.title_words
    common = set(CUE_WORDS) | PERSON_BEFORE | PERSON_AFTER | set(VOCABULARY_WORDS)
    common |= names.common_title_words
    for lang in linker.vocab["language"].weight if "language" in linker.vocab else ():
        common |= set(normalise(lang).split())
    words = set(in_titles)
    plain_words = set(in_titles)
    for tag in linker.vocab["tag"].weight if "tag" in linker.vocab else ():
        tag_words = set(normalise(tag).split())
        words |= tag_words
        if not vocab.by_key.get(normalise(tag)):
            plain_words |= tag_words  # "statham" is a word of the tag "jason statham", a name
    plain_words |= everyday_words()  # "suits", "moody": English words, even where a person bears them
    index = _People(
        short.unique,
        short.ambiguous,
        short.groups,
        frozenset(common),
        frozenset(words | common),
        frozenset(plain_words | common),
    )
    linker._people_index = index  # type: ignore[attr-defined]
    return index


def _surnames(linker: EntityLinker) -> dict[str, str]:
    """Last name (or nickname) -> the person it clearly names (:func:`kg.people.short_names`)."""
    return _people(linker).unique


def _person_mention(text: str, names: tuple[str, ...] | list[str]) -> Mention:
    features = [f for n in names for f in person_features(n)]
    return Mention(text, "person", _join_names(list(names)), features, people=list(names))


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def link_mention(text: str, linker: EntityLinker, films_only: bool = False) -> Mention:
    text = text.strip(" '\"“”‘’.!?")
    if not films_only and (g := genre_features(text)) is not None:
        return Mention(text, "genre", g[0], g[1])
    film = linker.link(text, "film")
    if film.status == EXACT:
        return Mention(text, "film", film.name)
    if not films_only:
        person = linker.link(text, "person")
        if person.status == EXACT and person.name:
            return _person_mention(text, [person.name])
        key = normalise(text)
        index = _people(linker)
        if key in index.groups:
            return _person_mention(text, index.groups[key])
        if " " not in key and (full := index.unique.get(key)):
            return _person_mention(text, [full])
        if " " not in key and key in index.ambiguous and film.status != FUZZY:
            return Mention(text, "ambiguous", candidates=index.ambiguous[key])
    if film.status == FUZZY:
        return Mention(text, "film", film.name)
    if not films_only:
        person = linker.link(text, "person")
        if person.status == FUZZY and person.name:
            return _person_mention(text, [person.name])
    return Mention(text, "unknown", candidates=list(film.candidates))


def _strip(span: str) -> str:
    previous = None
    span = span.strip(" ,.;:!?'\"")
    while previous != span:
        previous = span
        span = FILLER.sub("", span).strip(" ,.;:!?'\"")
    return span


def mentions_in(span: str, linker: EntityLinker) -> list[Mention]:
    """Names in ``span`` ("Heat and Collateral", "Nolan and sci-fi", "Pride and Prejudice")."""
    span = _strip(span)
    if not span or len(span) > 200:
        return []
    whole = link_mention(span, linker)
    if whole.kind != "unknown" and (whole.kind != "film" or linker.link(span, "film").status == EXACT):
        return [whole]
    parts = [p for p in (_strip(x) for x in SPLIT.split(span)) if p]
    if len(parts) <= 1:
        return [whole]
    return [link_mention(p, linker) for p in parts]


_WHICH_ONE = frozenset({"should", "to", "is", "would", "do", "first"})
_ARTICLES = frozenset({"the", "a", "an", "some", "any", "more", "other", "another", "good", "great", "best"})


# "<name> is my favourite actor", "<name> s my fave director" (normalised words)
_FAVOURITE_AFTER = re.compile(
    r"^(?:is|s|was|has always been) (?:my|our) (?:all time |absolute |very )?"
    r"(?:fav|fave|favourite|favorite|favs)(?: \w+)? (?:actor|actress|director|star|filmmaker|writer)\b"
)
# "Sellers at his silliest", "Streep at her best": a person at their peak.
_AT_THEIR_PEAK = re.compile(r"^at (?:his|her|their) (?:\w+est|best|finest|peak|prime|most \w+)\b")


def _has_context(tokens: list[str], start: int, end: int) -> bool:
    """A name between ``start`` and ``end`` is said as one: "by Kubrick", "a Hitchcock film",
    "Spielberg movies", "Kubrick's", "a Hitchcock thriller"."""
    i = start - 1
    while i >= 0 and tokens[i] in _ARTICLES:
        i -= 1
    if i >= 0 and tokens[i] in PERSON_BEFORE:
        return True
    if 0 <= i < start - 1 and tokens[i] in ("me", "us"):
        return True  # "recommend me a Tarantino I might have missed"
    if i >= 0 and tokens[i] == "which" and end < len(tokens) and tokens[end] in _WHICH_ONE:
        return True  # "which Tarkovsky should I watch first", "which Bergman is the best"
    if _FAVOURITE_AFTER.match(" ".join(tokens[end : end + 6])):
        return True  # "bale is my fav actor"
    if _AT_THEIR_PEAK.match(" ".join(tokens[end : end + 4])):
        return True  # "sellers at his silliest"
    if end < len(tokens):
        nxt = tokens[end]
        if nxt in PERSON_AFTER or nxt == "s" or genre_features(nxt) is not None:
            return True
        if end + 1 < len(tokens):  # "a Hitchcock sci-fi", "a Scorsese gangster film"
            after = tokens[end + 1]
            if after in PERSON_AFTER or genre_features(f"{nxt} {after}") is not None:
                return True
    return False


def said_as_maker(text: str, name: str) -> bool:
    """Whether ``text`` says ``name`` (normalised words) as a film's maker: "a bergman film",
    "bergman's movies", "something by bergman", "directed by bergman"."""
    low = normalise(re.sub(r"['’]s\b", " s", text))
    key = re.escape(name)
    return bool(
        re.search(rf"\b{key}(?: s)? (?:films?|movies?|pictures?|flicks?|classics?)\b", low)
        or re.search(rf"\b(?:by|directed by|from) {key}\b", low)
    )


def people_in(clause: str, linker: EntityLinker) -> tuple[list[Mention], list[Mention], str]:
    """People a plain request names ("something by Kubrick", "films with Leonardo DiCaprio", "a
    Hitchcock film", "the Coen brothers"), surnames it names ambiguously ("a Burton film"), and the
    clause without them. Full names of two words or more count anywhere (unless they are also a
    film's title); surnames, nicknames and one-word names only where the words around them say
    they are names, and never common words."""
    if "person" not in linker.vocab:
        return [], [], clause
    index = _people(linker)
    tokens = normalise(re.sub(r"['’]s\b", " s", clause)).split()[:MAX_CLAUSE_TOKENS]
    if not tokens:
        return [], [], clause
    whole = _strip(" ".join(t for t in tokens if t != "s" and t not in _ARTICLES))
    taken = [False] * len(tokens)
    found: list[tuple[int, Mention]] = []
    ambiguous: list[Mention] = []

    def take(start: int, end: int, mention: Mention) -> None:
        for i in range(start, end):
            taken[i] = True
        found.append((start, mention))

    vocab = linker.vocab["person"]
    films = linker.vocab.get("film")
    for size in range(min(5, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            end = start + size
            if any(taken[start:end]):
                continue
            key = " ".join(tokens[start:end])
            is_title = films is not None and bool(films.by_key.get(key))
            # the name and nothing else ("Kubrick please") is said as a name, unless it is a title
            context = _has_context(tokens, start, end) or (key == whole and not is_title)
            if key in index.groups and (context or size > 1 and key not in index.common):
                take(start, end, _person_mention(key, index.groups[key]))
                continue
            names = vocab.by_key.get(key)
            if names and normalise(names[0]) == key:
                # "Tom Hanks" anywhere; "Madonna", or a name that is also a title, said as a name
                words = tokens[start:end]
                plain = size > 1 and not all(t in index.common for t in words)
                if (context and not (size == 1 and key in index.common)) or (plain and not is_title):
                    take(start, end, _person_mention(key, [names[0]]))
                    continue
            if size == 1 and not context and key in index.unique and _no_word(key, index):
                # "statham punching people", "fassbinder, where do i even start": a surname no
                # title or tag uses as a word is a name wherever it stands
                take(start, end, _person_mention(key, [index.unique[key]]))
                continue
            if size != 1 or not context or key in index.common or len(key) < 3 or key.isdigit():
                continue
            if key in index.unique:
                take(start, end, _person_mention(key, [index.unique[key]]))
            elif key in index.ambiguous:
                ambiguous.append(Mention(key, "ambiguous", candidates=index.ambiguous[key]))
                taken[start] = True
            elif (
                len(key) >= 5
                and start > 0
                and tokens[start - 1] in PERSON_BEFORE
                and key not in index.plain_words
            ):
                # a typo in a surname said as one ("by Kubrik"): a close, clear surname; an
                # everyday word is no typo ("with laser battles" is not "with Glaser")
                hit = process.extractOne(key, index.unique.keys(), scorer=fuzz.ratio, score_cutoff=88)
                if hit is not None and hit[0] not in index.common:
                    take(start, end, _person_mention(key, [index.unique[hit[0]]]))
            elif (near := _misspelt_surname(key, index)) is not None:
                take(start, end, _person_mention(key, [index.unique[near]]))
    rest = " ".join(t for t, used in zip(tokens, taken) if not used)
    return [m for _, m in sorted(found, key=lambda f: f[0])], ambiguous, rest


MAX_CLAUSE_TOKENS = 60
NO_WORD_SURNAME_MIN = 5  # letters of a surname that needs no context (:func:`_no_word`)


def _no_word(key: str, index: _People) -> bool:
    """True when ``key`` is no everyday English word (:func:`minilm.encoder.everyday_words`), no
    word of any film title or tag (but a tag that names a person), no word of the request
    tables, and long enough (:data:`NO_WORD_SURNAME_MIN`) not to be a stray
    abbreviation: said alone, it can only be a name ("goldblum", "fassbinder"; not "king",
    "sellers", "wayne")."""
    return len(key) >= NO_WORD_SURNAME_MIN and key.isalpha() and key not in index.plain_words


def _misspelt_surname(word: str, index: _People) -> Optional[str]:
    """The clear surname ``word`` misspells ("schwarzeneger" -> "schwarzenegger"): a word of
    :data:`FUZZY_SURNAME_MIN` letters or more, no word of a title or tag and no genre word, within
    :data:`FUZZY_SURNAME_EDITS` of one surname and further from every other one."""
    if len(word) < FUZZY_SURNAME_MIN or word in index.words or not word.isalpha():
        return None
    if genre_features(word) is not None:
        return None
    edits = max(e for n, e in FUZZY_SURNAME_EDITS if len(word) >= n)
    hits = process.extract(
        word, index.unique.keys(), scorer=Levenshtein.distance, score_cutoff=edits, limit=2
    )
    if not hits or (len(hits) > 1 and hits[1][1] <= hits[0][1]):
        return None
    return hits[0][0] if len(hits[0][0]) >= FUZZY_SURNAME_MIN else None


# -- one message -----------------------------------------------------------------------------------


# "a movie about time travel", "comedies about basketball", "something set in space", "a film
# with zombies in it": the theme is a tag every film must have.
_THEME = re.compile(
    r"\b(?:about|involving|on the (?:subject|topic) of|dealing with|cent(?:er|re)d on|revolving around|"
    r"set (?:in|on|during|at))\s+(?:a |an |the |some )?(.+)$|"
    r"\bwith (?:a |an |some |lots of |plenty of )?(\w+(?: \w+)?) in (?:it|them)\b"
)
MAX_THEME_WORDS = 3


def themes_in(clause: str, linker: EntityLinker) -> tuple[list[str], str]:
    """The tag a plain clause names as its theme (:data:`_THEME`): the longest tag of up to three
    words right after the cue ("time travel", "basketball"; "zombies" for the tag "zombie"), and
    no genre, mood or audience word, no person's name, no tag that says nothing ("based on
    novel"); and the clause without the theme's words (they are no person: "with zombies in
    it")."""
    if "tag" not in linker.vocab:
        return [], clause
    m = _THEME.search(clause)
    if m is None:
        return [], clause
    span = m.group(1) or m.group(2)
    words = normalise(span).split()
    people = linker.vocab.get("person")
    for size in range(min(MAX_THEME_WORDS, len(words)), 0, -1):
        key = " ".join(words[:size])
        if key in VOCABULARY_WORDS or genre_features(key) is not None or parse_years(key):
            continue  # a word of the request tables, a genre, a decade ("about the 90s" is an era)
        if people is not None and people.by_key.get(key):
            return [], clause  # a person (many tags name people): "with cate blanchett in it"
        tag = _tag_named(key, linker)
        if tag is not None:
            start = m.start(1) if m.group(1) else m.start(2)
            ends = [w.end() for w in re.finditer(r"[\w']+", span)]
            end = start + (ends[size - 1] if len(ends) >= size else len(span))
            return [tag], clause[:start] + clause[end:]
    return [], clause


def _tag_named(key: str, linker: EntityLinker) -> Optional[str]:
    """The tag ``key`` (normalised words) names as it is or in the other number ("zombies" for
    "zombie"), unless it is a tag that says nothing ("based on novel", "r")."""
    vocab = linker.vocab["tag"]
    for form in (key, other_number(key)):
        names = vocab.by_key.get(form)
        if names and normalise(names[0]) == form and names[0].lower() not in UNINFORMATIVE_TAGS:
            return names[0]
    return None


def tags_in(clause: str, linker: EntityLinker) -> list[str]:
    """The tags a plain clause names without a theme cue, longest first and without overlap
    ("zombie apocalypse movie, 2005 onwards", "vampires! any good vampire films", "cold war
    spies"): never a word of the request tables, a genre, a year, a language, a person, a
    question or function word. Candidates only: the service keeps those the catalogue shows are
    a theme (:func:`recommender.constraints.themes`), for "zombie" the genre its films share."""
    if "tag" not in linker.vocab:
        return []
    words = normalise(clause).split()
    languages, people = linker.vocab.get("language"), linker.vocab.get("person")
    taken = [False] * len(words)
    found: list[str] = []
    for size in range(min(MAX_THEME_WORDS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            span = words[start : start + size]
            if any(taken[start : start + size]) or span[0] in STOPWORDS or span[-1] in STOPWORDS:
                continue
            key = " ".join(span)
            if size == 1 and (key in CUE_WORDS or key.isdigit()):
                continue
            if all(w in VOCABULARY_WORDS for w in span) or genre_features(key) is not None:
                continue
            if parse_years(key) or any(v is not None and v.by_key.get(key) for v in (languages, people)):
                continue
            tag = _tag_named(key, linker)
            if tag is not None and tag not in found:
                found.append(tag)
                taken[start : start + size] = [True] * size
    return found


class _Constraints:
    """What the clauses of one message ask of every film, collected in the order said."""

    def __init__(self) -> None:
        self.genres: list[str] = []
        self.genres_any: list[str] = []
        self.moods: list[str] = []
        self.suitability: Optional[str] = None
        self.people: list[list[str]] = []
        self.topics: list[str] = []
        self.themes: list[str] = []  # tags named without a cue: candidates (:func:`tags_in`)

    def add_genres(self, genres: list[str], any_of: Sequence[str] = ()) -> None:
        for g in genres:
            if g not in self.genres:
                self.genres.append(g)
        if any_of and not self.genres_any:
            self.genres_any = list(any_of)

    def add_moods(self, moods: list[str]) -> None:
        self.moods += [m for m in moods if m not in self.moods]

    def add_audience(self, suitability: Optional[str]) -> None:
        if suitability == "kids" or (suitability and not self.suitability):
            self.suitability = suitability

    def plain(self, clause: str, linker: EntityLinker, out: Parsed) -> None:
        """A clause without a polarity: everything in it is a constraint."""
        topics, clause = themes_in(clause, linker)
        self.topics += [t for t in topics if t not in self.topics]
        people, ambiguous, clause = people_in(clause, linker)
        for m in people:
            if m.people not in self.people:
                self.people.append(m.people)
        out.ambiguous += ambiguous
        self.head(clause)
        if not topics:
            self.themes += [t for t in tags_in(clause, linker) if t not in self.themes + self.topics]

    def head(self, text: str) -> None:
        """Genres, moods and audience in ``text`` (a plain clause, or what precedes "like X")."""
        genres, moods, text = compounds_in(text)
        suitability, text = audience_in(text)
        found, text = moods_in(text)
        more, any_of = genres_in(text)
        self.add_genres(genres + more, any_of)
        self.add_moods(moods + found)
        self.add_audience(suitability)

    def rest(self, text: str, linker: EntityLinker) -> str:
        """A mention span ("Toy Story for my kids", "feel-good films"): take out the audience, and
        a mood when it is all the span says; keep a film's title whole ("Spy Kids", "Date Night");
        drop what follows a title ("The Princess Bride for a cosy night in")."""
        if linker.link(_strip(text), "film").status == EXACT:
            return text
        suitability, text = audience_in(text)
        self.add_audience(suitability)
        moods, without = moods_in(text)
        if moods and not _strip(without):
            self.add_moods(moods)
            return without
        return _title_before_tail(text, linker)

    def into(self, filters: dict, more_like: bool) -> None:
        if self.genres:
            filters["genres"] = self.genres
        if self.genres_any:
            filters["genres_any"] = self.genres_any
        moods = [m for m in self.moods if not (m == "dark" and more_like)]
        if "light" in moods and "dark" in moods:
            moods.remove("dark")  # "lighter, not so dark"
        if moods:
            filters["mood"] = moods[0] if len(moods) == 1 else moods
        if self.suitability:
            filters["suitability"] = self.suitability
        if self.people:
            filters["people"] = self.people
        if self.topics:
            filters["topics"] = self.topics
        themes = [t for t in self.themes if t not in self.topics]
        if themes:
            filters["themes"] = themes


def parse(text: str, linker: EntityLinker, last: Optional[list[str]] = None) -> Parsed:
    """Read one message. ``last`` is the list of titles shown in the previous turn."""
    text = (text or "")[:500]
    low = text.lower().replace("’", "'")
    out = Parsed()
    last = last or []
    out.reset = bool(RESET.search(low))
    out.surprise = bool(SURPRISE.search(low))
    out.refine = bool(REFINE.search(low))
    # feedback about the last list
    out.seen = bool(SEEN.search(low))
    out.more_like = bool(MORE_LIKE.search(low))
    out.reject = bool(REJECT.search(low)) and not out.more_like
    out.all_of_them = bool(NONE_OF.search(low))
    for hit in ORDINAL.finditer(low):
        out.targets.append(ORDINALS[hit.group(1)])
    for hit in NUMBER_ONE.finditer(low):
        out.targets.append(int(hit.group(1)) - 1)
    key = f" {normalise(text)} "
    for title in last:
        t = normalise(title)
        if t and f" {t} " in key:
            out.target_titles.append(title)
    # filters
    filters: dict = parse_years(text)
    for lang in linker.find_in_text(text, "language") if "language" in linker.vocab else []:
        filters["language"] = lang
        break
    wanted = _Constraints()
    watched: list[Mention] = []  # films of a "just watched X" clause, for a later "loved it"
    said_first: list[Mention] = []  # "X was a blast. More like it?"
    # clauses with a polarity
    for clause in (c for c in CLAUSES.split(low) if c and c.strip()):
        clause = clause.strip()
        if kind := _TITLE_TYPE.match(clause):
            span = kind.group(1) or kind.group(3)
            titles = [m for m in mentions_in(span, linker) if m.kind == "film"]
            if kind.group(1) and not kind.group(2) and linker.link(_strip(span), "film").status != EXACT:
                titles = []  # "raising arizona type madness", not "that sort of story"
            for m in titles:
                _add(out, out.seeds, m)
            if titles:
                continue
        if seen := _WATCHED.match(clause):
            found = mentions_in(_WHEN_SEEN.sub(" ", clause[seen.end() :]), linker)
            watched = [m for m in found if m.kind == "film"]
            if watched:
                continue
        if (praised := _PRAISED.match(clause)) and not NEGATIVE.search(clause):
            title = next(g for g in praised.groups() if g)
            found = [m for m in mentions_in(title, linker) if m.kind == "film"]
            if found:
                watched = found
                for m in found:
                    _add(out, out.likes, m)
                continue
        neg = NEGATIVE.search(clause)
        pos = POSITIVE_ME.search(clause)
        seed = SEED.search(clause)
        if neg and _NOT_NEGATIVE.search(clause[: neg.start()]):
            neg = None  # "a comedy the parents won't hate": not a dislike
        if neg:
            before, after = clause[: neg.start()], clause[neg.end() :]
            loved = ""
            if (pos_before := POSITIVE_ME.search(before)) is not None:  # "i love heat and hate musicals"
                loved = _AND_END.sub("", before[pos_before.end() :])
                before = before[: pos_before.start()]
            elif (then := _THEN_LIKE.search(after)) is not None:  # "i hate musicals but love heat"
                after, loved = after[: then.start()], after[then.end() :]
            wanted.head(before)  # "a kid-friendly comedy, nothing my kids hate"
            for m in _kind_ruled_out(after, linker) or mentions_in(after, linker):
                if neg.group(1) is None and m.kind in ("unknown", "ambiguous"):
                    continue  # "something light, no subtitles": a bare "no" is not about a title
                _add(out, out.dislikes, m)
            for m in mentions_in(wanted.rest(loved, linker), linker) if _strip(loved) else []:
                _add(out, out.likes, m)
            continue
        if pos:
            wanted.head(clause[: pos.start()])
            rest = clause[pos.end() :]
            liked = watched if _IT.match(rest.strip()) else mentions_in(wanted.rest(rest, linker), linker)
            themes = tags_in(rest, linker) if all(m.kind == "unknown" for m in liked) else []
            if themes:  # "my son is obsessed with dinosaurs": a theme, not a title
                wanted.themes += [t for t in themes if t not in wanted.themes]
                continue
            for m in liked:
                _add(out, out.likes, m)
            continue
        if seed:
            wanted.head(clause[: seed.start()])
            rest = clause[seed.end() :]
            if (_IT.match(rest.strip()) or not _strip(rest)) and watched:  # "anything close to it?"
                for m in watched:
                    _add(out, out.seeds, m)
                continue
            if ORDINAL.search(rest) or NUMBER_ONE.search(rest) or not _strip(rest):
                continue
            years_out = YEAR_PHRASE.sub(" ", rest)
            left = re.sub(r"[\W\d_]+|\b(?:the|early|late|mid|or|and|to)\b", "", years_out)
            if years_out != rest and not left:
                continue  # "like 2000 through 2003": years, not a title
            rest = years_out
            for m in mentions_in(wanted.rest(rest, linker), linker):
                _add(out, out.seeds, m)
            continue
        if _BACK_TO_IT.search(low) and (said := _film_said(clause, linker)):
            films, end = said
            said_first += [m for m in films if m not in said_first]
            clause = clause[end:]
        # no polarity: genres, moods, the audience and people are filters ("a french comedy",
        # "a thriller from the 90s", "something by Kubrick for family night")
        wanted.plain(clause, linker, out)
    if not NO_KIDS.search(low):
        wanted.add_audience(age_in(low))  # an age said in a clause read for a film's name
    if watched and not (out.likes or out.seeds) and asks_for_similar(low):
        for m in watched:  # "just rewatched moonrise kingdom, need my next obsession"
            _add(out, out.seeds, m)
    if said_first and not (out.likes or out.seeds):
        for m in said_first:
            _add(out, out.seeds, m)
        out.more_like = False  # like the film just named, not the last list
    wanted.into(filters, out.more_like)
    out.filters = filters
    out.dislikes = _kinds_of_wanted_genres(out.dislikes, filters)
    return out


def _kind_ruled_out(span: str, linker: EntityLinker) -> list[Mention]:
    """The kind of film a ruled-out span names by a theme ("the pirate ones": films tagged pirates,
    not the film The Pirate; "the american remakes": tagged american and remake), or nothing."""
    ones = _KIND_OF_ONES.match(normalise(span).strip())
    if ones is None or genre_features(ones.group(1)) is not None:
        return []  # ("no horror movies" is the genre's, as before)
    people = linker.vocab.get("person")
    if people is not None and people.by_key.get(ones.group(1)):
        return []  # ("no john wayne movies": the person's, as before)
    if "tag" not in linker.vocab or (tag := _tag_named(ones.group(1), linker)) is None:
        return []  # ("not the toy story ones": the films of that title, as before)
    kind = _tag_named(ones.group(2), linker) if ones.group(2) in ("remakes", "sequels") else None
    tags = [tag] + ([kind] if kind else [])
    noun = "films" if ones.group(2) in ("ones", "stuff") else ones.group(2)
    name = f"{ones.group(1)} {noun}"
    return [Mention(name, "genre", name, [f"tag:{t}" for t in tags])]


def _kinds_of_wanted_genres(dislikes: list[Mention], filters: dict) -> list[Mention]:
    """A disliked kind of a genre the request asks for ("psychological horror, not slashers")
    rules out that kind (its tags), not the genre."""
    wanted = {f"genre:{g}" for g in genre_filter(filters)}
    out = []
    for m in dislikes:
        if m.kind == "genre" and wanted & set(m.features):
            kept = [f for f in m.features if f not in wanted and not f.startswith("genre:")]
            if not kept:
                continue
            m = Mention(m.text, m.kind, m.text, kept, m.candidates, m.people)
        out.append(m)
    return out


def _film_said(clause: str, linker: EntityLinker) -> Optional[tuple[list[Mention], int]]:
    """The films a clause starts with when it goes on to describe them, not unkindly, and where
    their title ends."""
    said = _FILM_SAID.match(clause)
    if said is None or _PANNED.search(clause) or NEGATIVE.search(clause):
        return None
    if linker.link(_strip(said.group(1)), "film").status != EXACT:
        return None
    found = [m for m in mentions_in(said.group(1), linker) if m.kind == "film"]
    return (found, said.end(1)) if found else None


_TAIL = re.compile(r"\s+\b(?:for|to|with|from|on|in|at|that|which|who|but|please|pls|tonight|today|this)\b")


def _title_before_tail(text: str, linker: EntityLinker) -> str:
    """``text`` up to the end of the longest film title it starts with, when the whole does not
    link ("the princess bride for a cosy night in" -> "the princess bride"); else ``text``."""
    stripped = _strip(text)
    if not stripped or linker.link(stripped, "film").status in (EXACT, FUZZY):
        return text
    for cut in reversed([m.start() for m in _TAIL.finditer(stripped)]):
        head = _strip(stripped[:cut])
        if head and linker.link(head, "film").status == EXACT:
            return head
    return text


# What someone likes about something, not a name: "i like their dry humour", "love how it ends".
_DESCRIBED = re.compile(r"^(?:their|his|her|its|our|your|my|how|when|the way|the fact)\b")


def _add(out: Parsed, bucket: list[Mention], m: Mention) -> None:
    if m.kind == "unknown":
        if not _DESCRIBED.match(normalise(m.text)):
            out.unknown.append(m)
    elif m.kind == "ambiguous":
        out.ambiguous.append(m)
    else:
        bucket.append(m)
