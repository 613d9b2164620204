"""What the user asked for, read from their message: task, premise, film, emotion, refinements,
and how sure it is that the message asks for creative writing at all. Pure functions, no model
and no Rasa.

Which task a message asks for
-----------------------------
A message may hold several task words: "a tagline for the poster", "a poster ad", "a tagline
for an ad campaign". The task is that of the head noun of the phrase the user asks for:

1. Task words are found with their kind. A *head* word names a thing to write (tagline, slogan,
   catchy line, motto, ad, commercial, blurb, scene, dialogue). A *weak* word names one too but
   is also an everyday word (poster, billboard, trailer, campaign, story). A *part* word names a
   form rather than a task (script, copy, text, voice-over): it takes the task of the word before
   it in a compound ("trailer script" is ad copy) and its own default otherwise ("write a
   script" is a scene; "text" alone is nothing). An *ask* phrase is a whole request on its own
   ("what happens next", "keep the story going"). Words about the service rather than about
   writing (ad-free, skip the ads, promo code, watch the trailer, continue watching) are not
   task words.
2. Task words side by side form one compound ("poster tagline", "ad campaign", "promo video
   script"; film, movie, video, radio or tv may stand between them), and the compound's task is
   that of its last word that is not a part word, as in English: a "poster tagline" is a
   tagline, a "poster ad" an ad. Poster, movie or film in front of a task word are modifiers.
   A task word after a preposition ("a tagline for the poster", "a tagline for an ad
   campaign") only says what the thing asked for is for.
3. The phrase asked for is, in this order: the object of the first making verb addressed to
   the assistant (write, give me, come up with, make, create, draft, compose, pitch, brainstorm,
   continue, I need, can I get, help me with...), that is the first task phrase after the verb
   with only determiners, adjectives and "an idea for" between them; else an ask phrase; else
   a scene when the user says "continue" with no task word; else the first task phrase of the
   message. No task phrase at all: no task (:func:`parse_request` then writes a scene).

How sure a message is a creative request at all is :func:`request_strength`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any, Optional, TypedDict

SCENE, TAGLINE, AD = "scene", "tagline", "ad"
TASKS = (SCENE, TAGLINE, AD)
EMOTIONS = ("dark", "upbeat", "romantic", "funny", "neutral")
MAX_PREMISE = 400  # characters of premise kept (the end of a longer one is dropped at a word boundary)

_EMOTION_WORDS = {
    "dark": r"dark\w*|grim|gloomy|bleak|sinister|scar(?:y|ier)|creepy|ominous|menacing|noir|"
    r"sad(?:der)?|tragic",
    "upbeat": r"upbeat|happ(?:y|ier)|cheerful|uplifting|positive|optimistic|joyful|bright(?:er)?|energetic|"
    r"exciting|lively|fun",
    "romantic": r"romantic|romance|love(?:ly)?|sweet(?:er)?|tender|passionate",
    "funny": r"fun+(?:y|ier)|humou?rous|hilarious|comic(?:al)?|witty|silly|jok(?:e|ey|ing)|laugh\w*",
}
_SHORTER = re.compile(
    r"\b(shorter|short(?:er)? one|brief(?:er)?|concise|fewer words|less words|punchier)\b", re.I
)
_LONGER = re.compile(r"\b(longer|more detail|expand)\b", re.I)


@dataclass(frozen=True)
class CreativeRequest:
    task: str
    premise: str = ""  # the scene set-up, or the thing to advertise
    film: Optional[str] = None  # the title the user named (not yet linked to the graph)
    emotion: str = "neutral"
    short: bool = False
    attempt: int = 0  # 0 for a new request, +1 for every "another one"
    facts: dict[str, list[str]] = field(default_factory=dict)  # grounded facts when the film is known

    def to_slot(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_slot(cls, value: Any) -> Optional[CreativeRequest]:
        if not isinstance(value, dict) or value.get("task") not in TASKS:
            return None
        known = {k: value[k] for k in cls.__dataclass_fields__ if k in value}
        try:
            return cls(**known)
        except TypeError:
            return None


# -- reading the message: task words, making verbs, the phrase asked for -------------------------

MAX_READ = 3000  # characters of a message read for its task and strength
HEAD, WEAK, PART, ASK = "head", "weak", "part", "ask"

# (task, kind, weak on its own, words). Longer matches win over the words inside them.
_LEXICON: tuple[tuple[Optional[str], str, bool, str], ...] = (
    (
        TAGLINE,
        HEAD,
        False,
        r"tag[- ]?e?l(?:i|ie|ei)?nes?|slogans?|one[- ]?liners?|catch[- ]?phrases?|strap[- ]?lines?|mottos?"
        r"|mottoes|punch[- ]?lines?|hook[- ]?lines?|log[- ]?lines?|poster\s+lines?|one[- ]line\s+hooks?"
        r"|(?:catchy|punchy|snappy|memorable|killer|clever|witty)\s+(?:lines?|phrases?|sentences?|ones?)"
        r"|one[- ](?:line|sentence)\s+pitch(?:es)?|elevator\s+pitch(?:es)?"
        r"|(?:something|anything)\s+(?:catchy|punchy|snappy)|teaser\s+lines?",
    ),
    (
        AD,
        HEAD,
        False,
        r"ads?|adverts?|adverti[sz]e?ments?|advertising|comm?er(?:ci|ic)als?|promos?|blurbs?|jingles?"
        r"|fl[iy]ers?|tweets?|(?:marketing|sales|promotional|promo|ad|advertising)\s+(?:copy|texts?|materials?)"
        r"|(?:social[- ]media|instagram|insta|facebook|tiktok|twitter|linkedin)\s+"
        r"(?:posts?|captions?|ads?|stor(?:y|ies)|updates?)|(?:sales|marketing|promo|promotional)\s+pitch(?:es)?"
        r"|(?:radio|tv|television|commercial|promo|advertising|\d+[- ]?(?:seconds?|secs?|s))\s+spots?"
        r"|(?:something|anything|a\s+few\s+(?:lines|words)|a\s+(?:short\s+)?(?:text|message))\s+"
        r"(?:to|that\s+will)\s+(?:advertise|promote|announce|sell|market)",
    ),
    (
        AD,
        WEAK,
        True,
        r"posters?|billboards?|banners?|leaflets?|brochures?|trailers?|campaigns?|promotions?|promotional"
        r"|announcements?|newsletters?",
    ),
    (AD, PART, True, r"copy|copywriting|voice[- ]?overs?|narrations?"),
    (
        SCENE,
        HEAD,
        False,
        r"sce+ne?s?|secnes?|dialog(?:ue)?s?|dialouges?|monologues?|screen[- ]?plays?|continuations?"
        r"|(?:the\s+)?next\s+(?:part|bit|chapter|scene|page|act)"
        r"|(?:the\s+)?rest\s+of\s+(?:the|this|my|our)\s+(?:story|scene|dialogue)",
    ),
    (SCENE, WEAK, True, r"(?:short\s+)?stor(?:y|ies)|storylines?|conversations?"),
    (SCENE, PART, False, r"scripts?"),
    (None, PART, True, r"texts?|wording"),
    (
        SCENE,
        ASK,
        False,
        r"what\s+(?:happens|comes|should\s+happen|would\s+happen|will\s+happen|could\s+happen)\s+next"
        r"|what\s+happens\s+after\s+that|and\s+then\s+what"
        r"|keep\s+(?:it|this|the\s+(?:story|scene|dialogue)|my\s+(?:story|scene))\s+going",
    ),
)
_LEXICON_RES = tuple(
    (task, kind, weak, re.compile(rf"\b(?:{words})\b")) for task, kind, weak, words in _LEXICON
)
_AD_NOUNS = r"(?:ads?|adverts?|adverti[sz]e?ments?|commercials?|trailers?|promos?)"
# Task words used about the service, not about writing: blanked out before reading.
_NOT_TASKS = re.compile(
    r"\bads?[- ]?(?:free|blockers?|blocking|supported|tiers?|breaks?)\b|\badblock\w*"
    r"|\b(?:promo(?:tional)?|discount|coupon|voucher|referral)\s+(?:codes?|offers?|prices?|rates?|deals?)\b"
    r"|\bpromotions?\s+(?:on|for)\s+(?:the\s+)?"
    r"(?:premium|subscriptions?|plans?|students?|annual|basic|family|new\s+\w+)\b"
    r"|\bcommercial(?:ly)?\s+(?:success\w*|hit|flop|failure|release|breaks?)\b"
    r"|\b(?:stop|stops|remove|skip|skipping|block|hide|disable|turn\s+off|switch\s+off|get\s+rid\s+of|mute"
    r"|hate|see|seeing|watch|watching|show|shows|showing|play|plays|playing|played|without|no(?:\s+more)?"
    r"|fewer|less|too\s+many|so\s+many|annoying)\s+(?:(?:the|these|those|any|all|an?|me|us|more|of|its|this"
    rf"|that)\s+)*{_AD_NOUNS}\b"
    rf"|\b{_AD_NOUNS}\s+(?:keep|kept|are|were|play|plays|pop\w*|interrupt\w*|during|before|every"
    r"|in\s+the\s+middle|on\s+(?:the\s+|my\s+|your\s+)?"
    r"(?:app|plan|tier|tv|phone|account|subscription|basic|premium|free|standard))\b"
    r"|\bcontinue\s+(?:watching|playing|streaming|to\s+(?:checkout|payment|watch\w*)|where\s+i\s+(?:left|stopped)"
    r"|with\s+(?:the|my)\s+(?:payment|subscription|purchase|checkout|order|booking))\b"
    r"|\bcop(?:y|ies)\s+(?:of|the\s+link|a\s+link|link)\b|\bscene\s+selection\b"
    r"|\b(?:promo(?:tional)?|marketing|advertising)\s+(?:e-?mails?|notifications?|calls?|sms|spam)\b"
    r"|\b(?:screen[- ]?play|script|writing)\s+credits?\b"
)
# A "what happens next" about a film, not about the user's story.
_ABOUT_A_FILM = re.compile(
    r"\s+(?:in|on|during|after|at)\s+(?!(?:my|our|this|it|the\s+(?:story|scene|dialogue))\b)"
)

# (kind, verbs). A making verb makes something new; a fetching verb may ask for something that
# exists ("give me the tagline of Alien"); an asking verb asks for a suggestion.
_VERBS: tuple[tuple[str, str], ...] = (
    (
        "make",
        r"write|make|create|draft|compose|pitch|brainstorm|come\s+up\s+with|think\s+(?:up|of)|invent|craft"
        r"|generate|produce|dream\s+up|whip\s+up|cook\s+up|put\s+together|rewrite|finish|complete|extend|pen"
        r"|script(?=\s+(?:a|an|me|us|some|the|this|my|our)\b)|do(?=\s+(?:me\s+|us\s+)?(?:a|an|some|another)\b)",
    ),
    ("continue", r"continue|carry\s+on(?:\s+with)?|go\s+on\s+with|keep\s+going|pick\s+up\s+where"),
    (
        "fetch",
        r"give|tell\s+(?:me|us)|show\s+(?:me|us)|send\s+(?:me|us)|need|want|would\s+like|'d\s+like|looking\s+for"
        r"|(?:can|could|may)\s+(?:i|we)\s+(?:get|have)",
    ),
    ("ask", r"suggest|propose|help\s+(?:me\s+|us\s+)?with|how\s+about|what\s+about|any\s+ideas?\s+for"),
)
_VERB_RES = tuple((kind, re.compile(rf"\b(?:{verbs})\b")) for kind, verbs in _VERBS)
# A making verb said by someone else ("how do I write", "you write well", "don't write").
_SUBJECT = re.compile(
    r"\b(?P<who>i|we|you|he|she|they|who|someone|somebody|people)(?:'ll|'d|'m)?"
    r"(?:\s+(?:do|does|did|can|could|should|will|would|always|usually|often|also|just|never|to|want|wanted"
    r"|need|needed|have|had|am|was|going|gonna|wanna|like|love|used|tried|try|cannot|can't|cant))*\s+$"
)
_ASKING_YOU = re.compile(
    r"\b(?:can|could|would|will|won't|wont|shall|should|please|let|want|need|like|ask|asking|love|might)\s+$"
)
_NEGATED = re.compile(r"\b(?:don't|dont|do\s+not|never|no|not|didn't|doesn't|won't)\s+$")
_MODAL_YOU = re.compile(
    r"\b(?:(?:can|could|would|will|won't|wont|might)\s+you\s+(?:please\s+|maybe\s+|also\s+|just\s+)?"
    r"|(?:possible|able)\s+to\s+)$"
)

_TRANSPARENT = re.compile(
    r"\b(?:ideas?|suggestions?|options?|examples?|versions?|drafts?|variations?|alternatives?|couple|few|bunch"
    r"|list|set|number|pair)\s+(?:for|of)\b"
)
_BLOCKERS = frozenset(
    "with like that which where who whose whom to about for of in on from at by and or but if when than "
    "watch see seen is are was were".split()
)
_DEFINITE = frozenset("the this that these those its his her their my our your".split())
_INDEFINITE = frozenset("a an some any another one two three four five few couple more several".split())
_PRONOUNS = frozenset("i me you we us he him she they them it".split())
_OF_A_FILM = re.compile(r"\s+(?:of|from|in|by|written|directed)\b")
_CREDIT = re.compile(r"\b(?:screen[- ]?plays?|scripts?)$")  # task words that are also film credits
_COMPOUND_GAP = re.compile(r"[\s/-]*(?:(?:movie|film|video|radio|tv|television|cinema|online|web)[\s/-]+)*")
_FILLER = (
    r"(?:(?:please|pls|ok(?:ay)?|so|hey|hi|hello|now|and|also|maybe|just|quick(?:ly)?|um+|alright|right|yes"
    r"|yeah|great|cool|thanks|oh|well)\b[\s,!.]*)*"
)
_QUESTION = re.compile(
    rf"\s*{_FILLER}(?P<word>who|whom|whose|what|what's|whats|which|when|where|where's|why|how|is|are|was|were"
    r"|does|did|do|has|have|had|isn't|aren't|wasn't|doesn't|didn't)\b(?!\s+about\b)"
    r"(?!(?<=do)\s+(?:me\s+|us\s+)?(?:a|an|some|another)\b)"
)
_LEADING = re.compile(rf"\s*{_FILLER}")
_MODIFIERS = frozenset(
    "short shorter long longer quick new fresh catchy punchy snappy good great cool nice clever original "
    "alternative better best simple little brief one-line movie film cinema radio tv video killer memorable "
    "couple few".split()
)
_EMOTION_WORD = re.compile("|".join(_EMOTION_WORDS.values()))
_COUNT = re.compile(r"\d+(?:-?(?:seconds?|secs?|s|minutes?|mins?|words?))?|seconds?|minutes?|words?")
_WORD = re.compile(r"[\w'-]+")
_ADJECTIVE = re.compile(r"[a-z]{2,}(?:y|ful|ous|ic|al|ive|ish|less|ing|ed|est|er)")
_SUGGESTION = re.compile(
    r"\b(?:good|great|better|best|catchy|cool|nice|clever|fun|funny|possible|decent|strong|killer|new|fresh"
    r"|original|alternative|punchy|snappy|memorable|would|could|might|should)\b"
)
_RECOMMENDATION = re.compile(
    r"\b(?:recommend\w*|to\s+watch|worth\s+watching|(?:should|can|could)\s+(?:i|we)\s+(?:watch|see)"
    r"|(?:films?|movies?|shows?|something|anything)\s+(?:with|like|where|that|about|starring|featuring|similar))\b"
)
_SUPPORT = re.compile(
    r"\b(?:app|subscription|subscribe|account|billing|refund|password|log\s*in|login|sign\s*in|buffer\w*"
    r"|subtitles?|captions?|charged|charge|crash\w*|freez\w*|froze|device|payment|cancel\w*|premium|plan|tier"
    r"|profile|parental|download|offline|tickets?|booking|gift\s+card|watchlist|settings?|error|bug|support"
    r"|customer\s+service)\b"
)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    task: Optional[str]
    kind: str
    weak: bool


@dataclass(frozen=True)
class _Phrase:
    """Task words side by side ("poster tagline"): one thing, named by its last word."""

    mentions: tuple[_Mention, ...]

    @property
    def start(self) -> int:
        return self.mentions[0].start

    @property
    def end(self) -> int:
        return self.mentions[-1].end

    @property
    def task(self) -> Optional[str]:
        heads = [m for m in self.mentions if m.kind != PART]
        return heads[-1].task if heads else self.mentions[0].task

    @property
    def strong(self) -> bool:
        return any(not m.weak for m in self.mentions)

    @property
    def asks(self) -> bool:
        return self.mentions[0].kind == ASK


@dataclass(frozen=True)
class _Verb:
    start: int
    end: int
    kind: str


class _Flags(TypedDict):
    """The ``_Reading`` fields that every reading of one message shares."""

    question: bool
    maker: bool
    recommendation: bool
    support: bool
    empty: bool


@dataclass(frozen=True)
class _Reading:
    phrase: Optional[_Phrase] = None  # the phrase asked for
    how: str = "none"  # "verb" (object of a making verb), "ask", "continue", "first" or "none"
    verb: Optional[str] = None  # the kind of the verb that takes the phrase
    determiner: str = "bare"  # "definite", "indefinite" or "bare", in front of the phrase
    referential: bool = False  # the phrase names an existing one: "the final scene", "tagline of Alien"
    led: bool = False  # the message opens with the phrase: "a dark tagline for Heat"
    question: bool = False  # the message opens like a question: "who", "what is", "did"
    suggestion: bool = False  # ... asking for a suggestion: "what's a good tagline for my film?"
    maker: bool = False  # a making verb addressed to the assistant, with or without a task word
    cue: Optional[tuple[int, int]] = None  # where "what happens next" or a bare "continue" is
    recommendation: bool = False
    support: bool = False
    empty: bool = True

    @property
    def task(self) -> Optional[str]:
        if self.how == "continue":
            return SCENE
        return self.phrase.task if self.phrase is not None else None

    @property
    def fetches(self) -> bool:
        """ "give me the tagline of Alien": asks for what exists, not for something new."""
        return self.how == "verb" and self.verb == "fetch" and self.determiner == "definite"


def _lower(text: str) -> str:
    """Lower case and straight quotes, keeping every character where it was."""
    text = text.translate(str.maketrans("’‘“”", "''\"\""))
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _mentions(low: str) -> list[_Mention]:
    found = [
        _Mention(m.start(), m.end(), task, kind, weak)
        for task, kind, weak, pattern in _LEXICON_RES
        for m in pattern.finditer(low)
    ]
    kept: list[_Mention] = []
    for mention in sorted(found, key=lambda m: (m.start, m.start - m.end)):
        if kept and mention.start < kept[-1].end:
            continue
        if mention.kind == ASK and _ABOUT_A_FILM.match(low, mention.end):
            continue
        kept.append(mention)
    return kept


def _verbs(low: str, mentions: list[_Mention]) -> list[_Verb]:
    found = sorted(
        (_Verb(m.start(), m.end(), kind) for kind, pattern in _VERB_RES for m in pattern.finditer(low)),
        key=lambda v: v.start,
    )
    return [
        v
        for v in found
        # "a one-line pitch" is a task word, "pitch me a tagline" a verb
        if not any(
            m.start <= v.start and v.end <= m.end and m.end - m.start > v.end - v.start for m in mentions
        )
    ]


def _phrases(low: str, mentions: list[_Mention]) -> list[_Phrase]:
    groups: list[list[_Mention]] = []
    for mention in mentions:
        previous = groups[-1][-1] if groups else None
        if (
            previous is not None
            and ASK not in (previous.kind, mention.kind)
            and _COMPOUND_GAP.fullmatch(low, previous.end, mention.start)
        ):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    phrases = [_Phrase(tuple(group)) for group in groups]
    return [p for p in phrases if p.task is not None]


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _clause_before(low: str, start: int) -> str:
    return re.split(r"[.?!;:\n,]", low[:start])[-1]


def _determiner(low: str, start: int) -> str:
    words = _words(_TRANSPARENT.sub(" ", _clause_before(low, start)))[-4:]
    for word in reversed(words):
        if word in _DEFINITE or word.endswith("'s"):
            return "definite"
        if word in _INDEFINITE or word.isdigit():
            return "indefinite"
        if word in _BLOCKERS or word in _PRONOUNS:
            break
    return "bare"


def _attaches(low: str, verb: _Verb, phrase: _Phrase) -> bool:
    """Whether the phrase is the verb's object: only determiners, adjectives and "ideas for"
    between them, in the same sentence."""
    gap = _TRANSPARENT.sub(" ", low[verb.end : phrase.start])
    if re.search(r"[.?!;:\n]", gap):
        return False
    words = _words(gap)
    return len(words) <= 6 and not any(w in _BLOCKERS for w in words)


def _addressed(low: str, verb: _Verb, question: bool) -> bool:
    """Whether the verb asks the assistant to do something."""
    before = low[: verb.start]
    if _NEGATED.search(before):
        return False
    if question:  # "did Tarantino write the script?" but "what would you write as a tagline?"
        return (
            verb.kind == "ask"
            and low[verb.start : verb.end].startswith(("how", "what"))
            or bool(_MODAL_YOU.search(before))
        )
    if verb.kind in ("ask", "fetch"):
        return True
    m = _SUBJECT.search(before)
    if m is None:
        return True
    return m.group("who") in ("you", "we") and bool(_ASKING_YOU.search(before[: m.start()]))


def _opens_with(low: str, text: str, phrase: _Phrase) -> bool:
    """ "a dark tagline for Heat", "3 spooky slogans for Jaws", "idea for a scene: ..."; not
    "Jurassic Park tagline" (a name in front) nor "tagline of Alien" (what it is)."""
    before = _TRANSPARENT.sub(lambda m: " " * len(m.group()), low[: phrase.start])
    words = list(_WORD.finditer(before, _LEADING.match(before).end()))  # type: ignore[union-attr]
    if len(words) > 4:
        return False
    for i, m in enumerate(words):
        w = m.group()
        known = w in _INDEFINITE or w in _MODIFIERS or _COUNT.fullmatch(w) or _EMOTION_WORD.fullmatch(w)
        adjective = _ADJECTIVE.fullmatch(w) and (i == 0 or not text[m.start()].isupper())
        if not (known or adjective):
            return False
    return bool(words) or not (
        _OF_A_FILM.match(low, phrase.end) or _CREDIT.search(low, phrase.start, phrase.end)
    )


@lru_cache(maxsize=512)
def _read(text: str) -> _Reading:
    low = _NOT_TASKS.sub(lambda m: " " * len(m.group()), _lower(text[:MAX_READ]))
    if not low.strip(" \t\n.,!?"):
        return _Reading()
    mentions = _mentions(low)
    verbs = _verbs(low, mentions)
    spans = {(v.start, v.end) for v in verbs}
    mentions = [m for m in mentions if (m.start, m.end) not in spans]  # "script a scene": a verb
    verbs = [v for v in verbs if not any(m.start < v.end and v.start < m.end for m in mentions)]
    phrases = _phrases(low, mentions)
    q = _QUESTION.match(low)
    question = q is not None
    addressed = [v for v in verbs if _addressed(low, v, question)]
    common = _Flags(
        question=question,
        maker=any(v.kind in ("make", "continue") or low[v.start : v.end] == "give" for v in addressed),
        recommendation=bool(_RECOMMENDATION.search(low)),
        support=bool(_SUPPORT.search(low)),
        empty=False,
    )
    for verb in addressed:
        following = next((p for p in phrases if p.start >= verb.end), None)
        if following is not None and _attaches(low, verb, following):
            return _Reading(following, "verb", verb.kind, _determiner(low, following.start), **common)
    asking = next((p for p in phrases if p.asks), None)
    if asking is not None:
        return _Reading(asking, "ask", cue=(asking.start, asking.end), **common)
    going_on = next((v for v in addressed if v.kind == "continue"), None)
    if going_on is not None:
        return _Reading(None, "continue", cue=(going_on.start, going_on.end), **common)
    if not phrases:
        return _Reading(**common)
    first = phrases[0]
    determiner = _determiner(low, first.start)
    gap = low[q.end() : first.start] if q is not None else ""
    suggestion = (  # "what's a good tagline for ...", "what would be a catchy slogan for ..."
        q is not None
        and q.group("word") in ("what", "what's", "whats", "which")
        and determiner == "indefinite"
        and bool(_SUGGESTION.search(gap))
        and not re.search(r"[.?!;:\n]", gap)
        and len(_words(gap)) <= 5
        and not any(w in _BLOCKERS for w in _words(gap))
    )
    return _Reading(
        first,
        "first",
        determiner=determiner,
        referential=determiner == "definite"
        or (determiner == "bare" and bool(_OF_A_FILM.match(low, first.end))),
        led=not question and _opens_with(low, text, first),
        suggestion=suggestion,
        **common,
    )


def detect_task(text: str) -> Optional[str]:
    """The task asked for (see the module's rule), or None when the message names none."""
    return _read(text).task


def request_strength(text: str) -> float:
    """How sure it is that the message asks for a scene, a tagline or an ad, from 0 to 1. Pure.

    - 0.9: a task word as the object of a making verb addressed to the assistant ("write me a
      poster tagline for Jaws", "can you continue the scene?"); 0.85 as the object of a verb
      that fetches or asks ("give me a slogan for...", "I need an ad", "help me with a scene")
      and for an ask phrase ("... What happens next?");
    - 0.8: "continue" addressed to the assistant with no task word ("continue: Anna opens...");
    - 0.75: the message is the request's noun phrase ("a dark tagline for Heat", "idea for a
      scene: ...");
    - 0.7: a what/which question asking for a suggestion ("what's a good tagline for my film?");
    - 0.5: a task word alone, 0.3 a weak one (poster, trailer, story); 0.25 and 0.15 when it
      refers to an existing one ("I loved the final scene of Heat");
    - 0.3: a making verb with no task word ("write me something for our film night");
    - 0.1 to 0.15, whatever the task words: questions about facts ("who wrote the screenplay of
      Chinatown?", "what is the tagline of Jurassic Park?" -- what a film's tagline *is* is a film
      question), fetching ("give me the tagline of Alien"), recommendations ("a film with great
      dialogue") and support questions ("how do I skip the ads?"); 0.05 with no task word; 0 for
      an empty message.
    """
    r = _read(text)
    if r.empty:
        return 0.0
    if r.how == "verb" and not r.fetches:
        return 0.9 if r.verb in ("make", "continue") else 0.85
    if r.how == "ask":
        return 0.85
    if r.how == "continue":
        return 0.8
    if r.led:
        return 0.75
    if r.suggestion:
        return 0.7
    if r.fetches:
        return 0.15
    if r.recommendation or r.support:
        return 0.1
    if r.question:
        return 0.15 if r.phrase is not None else 0.05
    if r.phrase is None:
        return 0.3 if r.maker else 0.05
    if r.referential:
        return 0.25 if r.phrase.strong else 0.15
    return 0.5 if r.phrase.strong else 0.3


def detect_emotion(text: str) -> str:
    lowered = text.lower()
    hits = [
        (m.start(), e)
        for e, words in _EMOTION_WORDS.items()
        if (m := re.search(rf"\b(?:{words})\b", lowered))
    ]
    return min(hits)[1] if hits else "neutral"


def clip_premise(text: str, limit: int = MAX_PREMISE) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut[: cut.rfind(" ")] if " " in cut else cut


_FOR_TARGET = re.compile(
    r"\b(?:for|about|of|advertising|promoting|announcing|advertise|promote|announce|sell)\s+"
    r"(?:the\s+(?:film|movie)\s+|(?:film|movie)\s+)?(.+)$",
    re.I | re.S,
)
# "a tagline for the poster of Jurassic Park": the poster is where the tagline goes, not the film.
_MEDIUM = re.compile(
    r"(?:(?:the|a|an|our|my|your|their|its|this|that)\s+)?(?:(?:movie|film|new|upcoming)\s+)*"
    r"(?:posters?|billboards?|banners?|trailers?|flyers?|leaflets?|brochures?|(?:ad\s+)?campaigns?|ads?"
    r"|adverts?|commercials?|promos?|social\s+media\s+posts?|websites?|(?:dvd\s+)?covers?)"
    r"(?:\s+(?:of|for)\s+|\s*$)",
    re.I,
)
_MEDIUM_AFTER = re.compile(
    r"\s+(?:movie\s+|film\s+)?(?:posters?|billboards?|dvd(?:\s+covers?)?|covers?)$", re.I
)
_TO_SELL = re.compile(r"\b(?:advertise|promote|announce|sell|market)$", re.I)
_PREMISE_LEAD = re.compile(
    r"^[\s,.?!-]*(?:(?:with|for|of|on|in|this|that|the|it|my|our|me|scene|script|story|ideas?|bit|please|pls)\b"
    r"[\s,.?!-]*)*",
    re.I,
)
_PREMISE_TAIL = re.compile(r"[\s,.!?]*(?:\b(?:so|and|now|ok(?:ay)?|then|please)\b[\s,.!?]*)*$", re.I)
_PREMISE_AFTER = re.compile(r"(?::|\bwhere\b|\bin which\b|\babout\b)\s*(.*)$", re.I | re.S)


def extract_target(text: str) -> str:
    """The film or thing after "tagline for ...", without trailing punctuation or filler."""
    text = text.strip()
    phrase = _read(text).phrase
    if phrase is not None and _TO_SELL.search(text, 0, phrase.end):  # "something to advertise our ..."
        target = text[phrase.end :]
    else:
        m = _FOR_TARGET.search(text[phrase.end :] if phrase is not None else text)
        target = m.group(1) if m else ""
    target = re.sub(r"\s+(please|pls|thanks?)\s*$", "", target.strip(), flags=re.I)
    while (medium := _MEDIUM.match(target)) and medium.end() > 0:
        target = target[medium.end() :]
    target = _MEDIUM_AFTER.sub("", target)  # "the Jurassic Park poster"
    return target.strip(" .!?\"'“”")


def extract_premise(text: str) -> str:
    m = _PREMISE_AFTER.search(text)
    if m:
        return m.group(1).strip()
    reading = _read(text)
    if reading.cue is not None:  # "Tom finds a key in the sand. What happens next?"
        before = _PREMISE_TAIL.sub("", text[: reading.cue[0]])
        if len(before.split()) >= 3:
            return before.strip()
        rest = text[reading.cue[1] :]  # "can you continue this? Sam opens the door"
    elif reading.phrase is not None and reading.phrase.task == SCENE:
        rest = text[reading.phrase.end :]
    else:
        rest = ""
    rest = _PREMISE_LEAD.sub("", rest)
    return rest.strip(" .,!?") if len(rest.split()) >= 3 else ""


def parse_request(text: str, film_entities: Optional[list[str]] = None) -> CreativeRequest:
    """Read a new creative request; the task defaults to a scene when no task word is found."""
    task = detect_task(text) or SCENE
    emotion = detect_emotion(text)
    short = bool(_SHORTER.search(text))
    if task == SCENE:
        return CreativeRequest(SCENE, clip_premise(extract_premise(text)), emotion=emotion, short=short)
    target = clip_premise(extract_target(text), 200)
    film = film_entities[0] if film_entities else None
    if task == TAGLINE:
        return CreativeRequest(TAGLINE, target, film=film or target or None, emotion=emotion, short=short)
    return CreativeRequest(AD, target, film=film, emotion=emotion, short=short)


def refine(previous: CreativeRequest, text: str) -> CreativeRequest:
    """Apply "another one", "make it funnier", "shorter" to the previous request."""
    emotion = detect_emotion(text)
    short = previous.short
    if _SHORTER.search(text):
        short = True
    elif _LONGER.search(text):
        short = False
    return replace(
        previous,
        emotion=emotion if emotion != "neutral" else previous.emotion,
        short=short,
        attempt=previous.attempt + 1,
    )
