"""The word tables of the creative request reader (:mod:`creative.task_reading`, with
:mod:`creative.task_phrases`): the task names, the emotion words, the task words with their kinds,
the words about the service that are not task words, the making, fetching and asking verbs, and
the patterns of what may stand around them (subjects, determiners, fillers, question openings,
recommendation and support words).

They are kept apart from the rules that weigh them so that each can be read on its own; their
names keep a leading underscore because only the reader uses them.
"""

from __future__ import annotations

import re
from typing import Optional

SCENE, TAGLINE, AD = "scene", "tagline", "ad"
TASKS = (SCENE, TAGLINE, AD)

_EMOTION_WORDS = {
    "dark": r"dark\w*|grim|gloomy|bleak|sinister|scar(?:y|ier)|creepy|ominous|menacing|noir|"
    r"sad(?:der)?|tragic",
    "upbeat": r"upbeat|happ(?:y|ier)|cheerful|uplifting|positive|optimistic|joyful|bright(?:er)?|energetic|"
    r"exciting|lively|fun",
    "romantic": r"romantic|romance|love(?:ly)?|sweet(?:er)?|tender|passionate",
    "funny": r"fun+(?:y|ier)|humou?rous|hilarious|comic(?:al)?|witty|silly|jok(?:e|ey|ing)|laugh\w*",
}


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
