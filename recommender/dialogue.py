"""What a recommendation message says: likes, dislikes, seeds, filters and feedback. Pure functions.

The parser reads the message itself (NLU only routes it by intent): it splits the message into
clauses, gives each clause a polarity from its cue words ("I love", "I hate", "something like"),
and links the names in it with the graph's entity linker (genres first, then films, then people,
with a surname index so that "Kubrick" finds Stanley Kubrick). Feedback ("seen it", "not that
one", "more like the second one") refers to the last list shown; filters narrow the next list.

Filters (``Parsed.filters``, a plain dict that travels in the conversation state):

- ``genres``: genre labels that are *all* required ("a sci-fi thriller", "a romcom" = Romance
  and Comedy); ``genres_any``: labels of which one is enough ("a comedy or a drama");
- ``mood``: a name from :data:`MOODS` (one, or a list when a message names several);
- ``suitability``: ``"kids"`` or ``"teens"`` (:data:`AUDIENCE`, :data:`AGE`);
- ``people``: groups of people, every group required, one person of a group enough
  (``[["Stanley Kubrick"]]``, ``[["Joel Coen", "Ethan Coen"]]``): "something by Kubrick",
  "a Hitchcock film", "films with DiCaprio", "the Coen brothers";
- ``language``, ``year_min``, ``year_max``;
- ``topics``: tags every film must have, the theme asked for ("a movie about time travel",
  "comedies about basketball": :func:`themes_in`).

:func:`request_strength` scores how much a message looks like a request for recommendations,
without the linker (for a router that has to decide between recommendations and film questions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from kg.linker import CUE_WORDS, EXACT, FUZZY, EntityLinker, normalise
from kg.mentions import UNINFORMATIVE_TAGS, find_years

# Genre words -> graph features (a genre node, or a tag that says the same). Sci-fi is a tag in
# WikiMovies and a genre in MovieLens; both count.
GENRE_ALIASES: dict[str, list[str]] = {
    "sci fi": ["genre:Sci-Fi", "tag:science fiction"],
    "scifi": ["genre:Sci-Fi", "tag:science fiction"],
    "science fiction": ["genre:Sci-Fi", "tag:science fiction"],
    "sf": ["genre:Sci-Fi", "tag:science fiction"],
    "romantic": ["genre:Romance", "tag:romance"],
    "romcom": ["genre:Romance", "genre:Comedy"],
    "rom com": ["genre:Romance", "genre:Comedy"],
    "animated": ["genre:Animation", "tag:animation"],
    "cartoon": ["genre:Animation", "tag:animation"],
    "funny": ["genre:Comedy", "tag:comedy"],
    "scary": ["genre:Horror", "tag:horror"],
    "biopic": ["genre:Biography"],
    "historical": ["genre:History"],
    "sports": ["genre:Sport"],
    "noir": ["genre:Film-Noir", "tag:film noir"],
    "film noir": ["genre:Film-Noir", "tag:film noir"],
    "superhero": ["tag:superhero"],
    "heist": ["tag:heist"],
    "slasher": ["genre:Horror", "tag:slasher"],
    "kids": ["genre:Children", "genre:Family"],
    "children": ["genre:Children", "genre:Family"],
    # The "family" tag marks films about a family (The Godfather has it), not films for one.
    "family": ["genre:Family", "genre:Children"],
}
# Everyday words for a genre (one or two words; phrases and two-genre words are in COMPOUNDS).
GENRE_SYNONYMS: dict[str, str] = {
    "cowboy": "Western",
    "cowboys": "Western",
    "whodunit": "Mystery",
    "whodunnit": "Mystery",
    "gangster": "Crime",
    "mob": "Crime",
    "mafia": "Crime",
    "biopic": "Biography",
    "biographical": "Biography",
    "spoof": "Comedy",
    "spoofs": "Comedy",
    "parody": "Comedy",
    "parodies": "Comedy",
    "caper": "Comedy",
    "docs": "Documentary",
    "doc": "Documentary",
    "docu": "Documentary",
}
GENRES = (
    "Action Adventure Animation Biography Comedy Crime Documentary Drama Family Fantasy History Horror "
    "Music Musical Mystery Romance Short Sport Thriller War Western Children Film-Noir IMAX Sci-Fi"
).split()
for _g in GENRES:
    GENRE_ALIASES.setdefault(normalise(_g), [f"genre:{_g}", f"tag:{_g.lower()}"])
# Genre names a typo of which still names them ("thriler", "comdy", "documentry"): words of
# FUZZY_GENRE_MIN letters or more, one edit away, and not an everyday word that is that close.
FUZZY_GENRE_MIN = 5
FUZZY_GENRE_NAMES = tuple(
    k for k in GENRE_ALIASES if " " not in k and len(k) >= FUZZY_GENRE_MIN and k not in GENRE_SYNONYMS
)
NOT_GENRE_TYPOS = frozenset(
    "prime grime crimes cried auction action mastery sport sports short shorts shirt music magic sunny bunny "
    "funky fanny scare scars scarf story drams dream dramas hammer fancy famine famous".split()
)
GENRE_LABELS = {tuple(v): k for k, v in GENRE_ALIASES.items()}
for _word, _g in GENRE_SYNONYMS.items():
    GENRE_ALIASES.setdefault(_word, [f"genre:{_g}", f"tag:{_g.lower()}"])
# Tags that only repeat a genre's name ("comedy", "family", "war", "music", "science fiction").
# Where the catalogue knows a film's genres (WikiMovies and MovieLens), those are the authority:
# such a tag counts for a genre filter only for a film without any genre (see the service).
# Other tags ("heist", "superhero", "black comedy") say what the film is about and always count.
GENRE_NAME_TAGS = frozenset(
    {f"tag:{g.lower()}" for g in GENRES} | {"tag:science fiction", "tag:film noir", "tag:romance",
                                             "tag:animation", "tag:comedy", "tag:horror"}
)  # fmt: skip
# "Something lighter": at least one of these genres, none of the dark ones.
LIGHT_GENRES = ("genre:Comedy", "genre:Family", "genre:Animation", "genre:Musical", "genre:Romance",
                "genre:Children", "tag:comedy", "tag:feel-good", "tag:family")  # fmt: skip
DARK_FEATURES = ("genre:Horror", "genre:Thriller", "genre:Crime", "genre:War", "genre:Film-Noir",
                 "tag:horror", "tag:thriller", "tag:crime", "tag:dark", "tag:murder", "tag:serial killer",
                 "tag:violence", "tag:war", "tag:dark comedy", "tag:disturbing",
                 "tag:black comedy")  # fmt: skip

# -- compound genres --------------------------------------------------------------------------------
# Any two genre words in one request are both required ("a sci-fi thriller", "an action comedy",
# "a horror comedy", "an animated musical"); these words name two things at once.
COMPOUNDS: tuple[tuple[re.Pattern, tuple[str, ...], Optional[str]], ...] = (
    (re.compile(r"\b(?:rom[- ]?coms?|romantic[- ]comed(?:y|ies))\b"), ("Romance", "Comedy"), None),
    (re.compile(r"\b(?:dark|black)[- ]comed(?:y|ies)\b|\bdark humou?r\b"), ("Comedy",), "dark"),
    (re.compile(r"\bdramed(?:y|ies)\b"), ("Comedy", "Drama"), None),
    (re.compile(r"\b(?:singing and dancing|song and dance|sing[- ]?alongs?|with (?:\w+ )?songs|"
                r"songs in it|musical numbers)\b"), ("Musical",), None),
    (re.compile(r"\bspace (?:adventures?|epics?)\b"), ("Sci-Fi", "Adventure"), None),
    (re.compile(r"\b(?:kicks? (?:some )?(?:ass|butt)|kick-?ass|badass|butt-?kicking|shoot-?outs?|"
                r"fight scenes?|car chases?|lots of explosions)\b"), ("Action",), None),
    (re.compile(r"\bcreature features?\b"), ("Horror",), None),
    # "space" names a genre only next to a film word or as "space opera" ("a space movie")
    (
        re.compile(
            r"\b(?:space (?:movies?|films?|flicks?|operas?)|"
            r"(?:set|out) in (?:outer )?space)\b"
        ),
        ("Sci-Fi",),
        None,
    ),
)  # (pattern, genre labels, mood)
# Tags that name two genres at once: preferred like a mood's tags when both genres are asked for.
COMPOUND_TAGS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Romance", "Comedy"): ("tag:romantic comedy", "tag:screwball comedy"),
    ("Horror", "Comedy"): ("tag:horror comedy", "tag:black comedy"),
    ("Sci-Fi", "Thriller"): ("tag:sci-fi thriller", "tag:science fiction thriller"),
    ("Crime", "Comedy"): ("tag:black comedy", "tag:crime comedy"),
}


# -- moods -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mood:
    """What a mood asks for: one of ``any`` and none of ``none`` (required); films with one of
    ``prefer`` only, when enough well-known ones are left (else they rank a little higher); when
    enough films are left, only those with none of ``avoid``. Tags in :data:`GENRE_NAME_TAGS`
    count in ``any`` only for films without any genre, as in genre filters."""

    cues: re.Pattern
    any: tuple[str, ...]
    none: tuple[str, ...] = ()
    prefer: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    words: str = ""  # how an answer names it: "Some {words} films"


# The mood table: message words -> the genres and tags a film needs. Few WikiMovies tags name a
# mood (there is no "tearjerker" or "mind-bending" tag), so moods rest on genres and use the tags
# that exist to put the best fitting films first.
MOODS: dict[str, Mood] = {
    "light": Mood(
        re.compile(r"\b(light(?:er)?|light-?hearted|fun(?:nier)?|happ(?:y|ier)|cheerful|feel[- ]?good|upbeat|"
                   r"cheer (?:me|us|him|her|them) up|pick[- ]me[- ]up|comfort (?:film|movie|watch)|"
                   r"less (?:dark|serious|heavy|violent|depressing|scary)|"
                   r"co[sz]y|wholesome|comfort(?:ing)?|uplifting|heart-?warming|inspiring|inspirational|"
                   r"hopeful|joyful|joyous|breezy|easy[- ]?going|easy watch|silly|goofy|pure joy|serotonin|"
                   r"make (?:me|us|them|him|her) (?:laugh|smile)|(?:want|need) to (?:laugh|smile)|"
                   r"nothing (?:depressing|sad|heavy|bleak))\b"),
        LIGHT_GENRES, DARK_FEATURES, avoid=("genre:Drama",), words="lighter"),
    "dark": Mood(re.compile(r"\b(dark(?:er)?|grittier|gritty|more serious|heavier|bleak|grim|twisted|"
                            r"disturbing|(?:messed|fucked)[- ]up|sinister|nihilistic|harrowing|brutal|"
                            r"unsettling|(?:humanity|people|the world) at (?:its|their) "
                            r"(?:worst|darkest))\b"),
                 DARK_FEATURES,
                 prefer=("tag:black comedy", "tag:dark comedy", "tag:dark humor", "tag:dark",
                         "tag:disturbing"),
                 words="darker"),
    "sad": Mood(
        re.compile(r"\b(tear-?jerkers?|make (?:me|us) cry|(?:a )?good cry|sad(?:der)?|weepy|weepies|"
                   r"heart-?breaking|heart-?wrenching|moving|melanchol(?:y|ic)|bittersweet|sob(?:bing)?|"
                   r"(?:cry|bawl|weep)(?:ing)? (?:my|our) eyes out|weeping)\b"),
        ("genre:Drama", "genre:Romance", "tag:drama", "tag:romance"),
        ("genre:Horror", "genre:Thriller", "genre:Action", "genre:Crime", "tag:horror"),
        ("tag:tragedy", "tag:sad", "tag:emotional", "tag:death", "tag:cancer", "tag:grief", "tag:melodrama",
         "tag:love story", "tag:tearjerker", "tag:bittersweet", "tag:terminal illness"),
        avoid=("genre:Comedy",), words="sad"),
    "scary": Mood(
        re.compile(r"\b(scary|scariest|spooky|creepy|frightening|terrifying|horrifying|chilling|"
                   r"scare (?:me|us)|(?:the )?(?:creeps|nightmares|chills)|halloween)\b"),
        ("genre:Horror", "tag:horror"),
        prefer=("tag:ghosts", "tag:ghost", "tag:haunted house", "tag:supernatural",
                "tag:psychological horror", "tag:occult", "tag:slasher"),
        words="scary"),
    "mind-bending": Mood(
        re.compile(r"\b(mind[- ]?(?:bending|blowing|benders?|fuck)|makes? (?:me|us|you) think|"
                   r"thought[- ]provoking|cerebral|twisty|(?:plot )?twists?(?: ending)?|puzzl(?:e|ing)|"
                   r"brain[- ]?teasers?|trippy|surreal|philosophical|head[- ]?scratchers?)\b"),
        ("genre:Sci-Fi", "genre:Mystery", "tag:science fiction", "tag:mystery", "tag:psychological",
         "tag:surreal", "tag:twist ending", "tag:twist", "tag:philosophical", "tag:philosophy",
         "tag:time travel", "tag:dreams", "tag:memory loss", "tag:simulated reality", "tag:virtual reality"),
        prefer=("tag:psychological", "tag:surreal", "tag:twist ending", "tag:twist", "tag:philosophical",
                "tag:philosophy", "tag:time travel", "tag:dreams", "tag:dream", "tag:memory loss",
                "tag:simulated reality", "tag:virtual reality", "tag:psychological thriller",
                "tag:nonlinear"),
        words="mind-bending"),
    "exciting": Mood(
        re.compile(r"\b(exciting|adrenaline|thrilling|action[- ]packed|edge[- ]of[- ](?:my|your|the)[- ]seat|"
                   r"pulse[- ]pounding|heart[- ]pounding|high[- ]octane|intense|gripping|fast[- ]paced)\b"),
        ("genre:Action", "genre:Thriller", "tag:action", "tag:thriller"),
        prefer=("genre:Action", "tag:car chase", "tag:chase", "tag:martial arts"), words="exciting"),
    "romantic": Mood(
        re.compile(r"\b(romantic|date[- ]night|(?:a )?love stor(?:y|ies)|valentine'?s?(?: day)?|"
                   r"for (?:my |a |our )?(?:date|girlfriend|boyfriend|wife|husband|partner|valentine))\b"),
        ("genre:Romance", "tag:romance", "tag:romantic", "tag:love story", "tag:romantic comedy"),
        ("genre:Horror", "tag:horror"),
        ("tag:romantic", "tag:love story", "tag:romantic comedy", "tag:love", "tag:romance",
         "tag:love triangle"),
        avoid=("genre:War", "genre:Crime"), words="romantic"),
}  # fmt: skip

# -- audience --------------------------------------------------------------------------------------
# "Something for the kids": suitability "kids" (see the service). A film is never suitable with an
# adult certificate or an adult-content tag; films of the family genres come first.
AUDIENCE = re.compile(
    r"\b(with (?:the |my |our |a |some |young |little |small )*"
    r"(?:kids?|children|child|little ones|toddlers?)|"
    r"for (?:the |my |our |a |young |little |small )*(?:kids?|children|child|little ones|toddlers?|"
    r"grandkids|grandchildren|family)|"
    r"(?:little|young|small) (?:son|daughter|nephew|niece|brother|sister|ones)|"
    r"(?:for|with) (?:my|our) (?:son|daughter|boy|girl|nephew|niece|grandson|granddaughter|grandkids)|"
    r"family[- ](?:night|friendly|film|movie|flick|viewing|time|evening|afternoon|weekend|fun)s?|"
    r"(?:kid|kids|child|children)[- ]?(?:friendly|safe|appropriate|suitable|proof)|"
    r"(?:suitable|appropriate|fine|ok|okay|safe|good) for (?:the )?(?:whole |entire )?"
    r"(?:family|kids|children)|"
    r"(?:whole|entire) family|kids'?|children'?s?|toddlers?)\b"
)
NO_KIDS = re.compile(
    r"\b(without (?:the |my |our )?(?:kids|children)|no kids|kids (?:are )?(?:asleep|in bed|away|gone|out)|"
    r"adults? only|grown[- ]ups? only|not for (?:the )?(?:kids|children)|after the kids)\b"
)
AGE = re.compile(
    r"\b(\d{1,2})[- ]?(?:years?|yrs?)[- ]?olds?\b|\b(\d{1,2}) ?(?:yo|y/o)\b|\baged? (\d{1,2})\b|"
    r"\b(?:son|daughter|niece|nephew|kids?|child|children|boy|girl|grandson|granddaughter|grandkids?|brother|"
    r"sister)s? (?:is|are|'s) (\d{1,2})\b|"
    r"\b(?:she|he)(?:'s|s| is) (?:only |just |turning |about )?(\d{1,2})\b|"
    r"\b(?:turns?|turning) (\d{1,2})\b|\b(?:kids?|children|son|daughter|boys?|girls?|twins) \((\d{1,2})\)|"
    r"\b(?:kids|children|twins) (?:under|below) (\d{1,2}|five|six|seven|eight|nine|ten|eleven|twelve)\b"
)
NUMBER_WORDS = {"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
KIDS_AGE, TEEN_AGE = 12, 16  # up to 12: kids; 13 to 16: teens (no adult certificates, any genre)
# Certificates (catalogue ``certificates``, from WikiMovies tags) and tags that rule a film out
# for children or teens. The WikiMovies tags hold the certificates r (442 films), g (12) and nr
# (1); nc-17 and x do not occur but would rule a film out as r does (pg and pg-13 do not).
ADULT_CERTIFICATES = frozenset({"r", "nc-17", "x"})
ADULT_TAGS = (
    "tag:sex", "tag:sexual", "tag:sexuality", "tag:sex scenes", "tag:sex comedy", "tag:explicit sex",
    "tag:unsimulated sex", "tag:erotic", "tag:erotica", "tag:erotic thriller", "tag:nudity",
    "tag:male nudity", "tag:porn", "tag:pornography", "tag:rape", "tag:incest", "tag:prostitution",
    "tag:strippers", "tag:sexual abuse", "tag:drugs", "tag:drug", "tag:drug addiction", "tag:drug trade",
    "tag:violence", "tag:violent", "tag:gore", "tag:gory", "tag:splatter", "tag:torture", "tag:cannibalism",
    "tag:serial killer", "tag:slasher", "tag:body horror", "tag:brutal", "tag:disturbing", "tag:sadism",
    "tag:murder", "tag:horror", "tag:psychological horror",
)  # fmt: skip
# Genres no children's film has, unless it is also a Children or Family film ("Fantastic Mr. Fox"
# is Children and Crime); Horror is out even then ("Hocus Pocus", Children and Horror).
KIDS_GENRES = ("genre:Children", "genre:Family")
KIDS_CONTRADICTING = ("genre:Horror", "genre:Thriller", "genre:Crime", "genre:War", "genre:Film-Noir")
KIDS_NEVER = ("genre:Horror",)
# Preferred for children (required when enough films pass): the family genres, and animation
# without a contradicting genre.
KIDS_PREFERRED = (*KIDS_GENRES, "genre:Animation")

# -- people ----------------------------------------------------------------------------------------
# Nicknames and surnames whose best-connected person in the graph is not clearly the one meant
# (Lloyd Nolan has half Christopher Nolan's links; Joel Coen few of Ethan Coen's).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "hitch": ("Alfred Hitchcock",),
    "marty": ("Martin Scorsese",),
    "leo": ("Leonardo DiCaprio",),
    "nolan": ("Christopher Nolan",),
    "coen": ("Joel Coen", "Ethan Coen"),
    "coens": ("Joel Coen", "Ethan Coen"),
    "coen brothers": ("Joel Coen", "Ethan Coen"),
    "chaplin": ("Charles Chaplin",),
    "charlie chaplin": ("Charles Chaplin",),
    "deniro": ("Robert De Niro",),
    "pta": ("Paul Thomas Anderson",),
    "arnie": ("Arnold Schwarzenegger",),
    "bogie": ("Humphrey Bogart",),
    "the duke": ("John Wayne",),
    "de niro": ("Robert De Niro",),
    "nic cage": ("Nicolas Cage",),
    "nick cage": ("Nicolas Cage",),
    "sly": ("Sylvester Stallone",),
    "scarjo": ("Scarlett Johansson",),
    "rdj": ("Robert Downey Jr.",),
    "del toro": ("Guillermo del Toro",),
    "von trier": ("Lars von Trier",),
    "de palma": ("Brian De Palma",),
}
# A misspelt surname ("Schwarzeneger") names the person of the closest clear surname when it
# is said as a name, has this many letters or more and is this close (edits) to one surname only;
# a word of a film title or a tag is a word, not a typo.
FUZZY_SURNAME_MIN = 6
FUZZY_SURNAME_EDITS = ((6, 1), (9, 2))  # (from this many letters, edits allowed)
SURNAME_DOMINANCE = 3.0  # a surname names its best-connected person if they have 3x the next one's links
MIN_SURNAME_LINKS = 3  # ... and at least this many links in the graph
COMMON_TITLE_WORD = 3  # a word in this many film titles is a word, not a surname ("love", "king")
FIRST_NAME_LINKS = 10  # a first name alone names a person with this many links who dominates it
# Words around a name that say it is one: "by Kubrick", "with DiCaprio", "a Hitchcock film".
PERSON_BEFORE = frozenset({"by", "with", "starring", "featuring", "director", "directors", "actor", "actress",
                           "stars", "star", "from", "directed", "written"})  # fmt: skip
PERSON_AFTER = frozenset({"film", "films", "movie", "movies", "flick", "flicks", "one", "ones", "classic",
                          "classics", "picture", "pictures", "stuff", "joint", "joints", "feature",
                          "features", "thing", "things", "production", "productions", "pick", "picks",
                          "recommendation", "recommendations", "suggestion", "suggestions",
                          "marathon"})  # fmt: skip
# Words of the tables above: never a surname in a request ("with kids", "date night", "a love story").
_VOCABULARY_WORDS = frozenset(
    {w for k in GENRE_ALIASES for w in k.split()}
    | {
        w
        for p in [m.cues for m in MOODS.values()] + [AUDIENCE, NO_KIDS]
        for w in re.findall(r"[a-z]{3,}", p.pattern)
    }
    | set(
        """night kids kid family friends friend date girlfriend boyfriend wife husband partner love
    something anything everyone everybody myself tonight weekend subtitles twist ending sunday
    saturday friday evening afternoon rainy cozy cosy popcorn""".split()
    )
)
LIGHTER = MOODS["light"].cues  # "something lighter"
DARKER = MOODS["dark"].cues

ORDINALS = {
    "first": 0, "1st": 0, "top": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
    "4th": 3, "fifth": 4, "5th": 4, "last": -1,
}  # fmt: skip
_ORDINAL = re.compile(r"\b(first|1st|top|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\b(?:\s+one)?")
_NUMBER_ONE = re.compile(r"\b(?:number|no\.?|#)\s*([1-5])\b")

NEGATIVE = re.compile(
    r"\b(hate[sd]?|hating|dislike[sd]?|can'?t stand|cannot stand|can not stand|don'?t like|do not like|"
    r"didn'?t like|did not like|not a fan of|not into|can'?t bear|loathe[sd]?|detest(?:ed)?|"
    r"no more|spare me|avoid|sick of|tired of|not big on)\b"
)
POSITIVE_ME = re.compile(
    r"\b(?:i|we)(?:'m| am| really| just| do| also| totally| absolutely)*\s+"
    r"(like[sd]?|love[sd]?|enjoy(?:ed)?|adore[sd]?|dig|a fan of|into|big fan of|fan of)\b"
    r"|\b(i'?m a (?:big )?fan of|my favou?rites? (?:is|are|was|were)|favou?rite(?:s)? (?:is|are)|"
    r"^\s*(?:really |just )?liked|fan of|loved|enjoyed|adored|obsessed with|crazy about|hooked on|"
    r"can'?t get enough of)\b"
)
SEED = re.compile(
    r"\b(?:something|anything|films?|movies?|ones?|stuff|more|similar)?\s*"
    r"((?<!would )(?<!'d )like|similar to|"
    r"in the (?:same )?(?:vein|spirit|style|mould|mold|tradition) (?:of|as)|"
    r"along the lines of|close to|resembling|(?:in )?the same ballpark(?: as)?|"
    r"(?:similar|same) (?:vibe|feel|tone|energy|mood|style|spirit|kind of \w+)s? (?:to|as))\b"
)
_NOT_NEGATIVE = re.compile(r"\b(?:won'?t|wouldn'?t|will not|would not|never|not)\s+$")
SEEN = re.compile(r"\b(seen|watched|saw|already know|watch(?:ed)? (?:it|that) already)\b")
REJECT = re.compile(
    r"\b(not that( one)?|not this( one)?|not (?:the|that|this) (?:\w+ )?one|not interested|nope|"
    r"none of (?:these|them|those)|skip (?:it|that|this)|no thanks|something else|no,? not|don'?t want|"
    r"don'?t like (?:it|that|this)|didn'?t like (?:it|that|this))\b"
)
NONE_OF = re.compile(r"\bnone of (?:these|them|those)|\b(?:all|each) of (?:these|them|those)\b|\bboth\b")
MORE_LIKE = re.compile(r"\b(more like|similar to|another like|others like|more of)\b")
AFTER = re.compile(r"\b(?:after|newer than|later than|post)\s+(?:the year\s+)?(\d{4})\b")
SINCE = re.compile(
    r"\b(?:since|from)\s+(\d{4})\s+(?:on(?:wards?)?|and later|or later)\b|\bsince\s+(\d{4})\b|\b(\d{4})\s*\+"
)
BEFORE = re.compile(r"\b(?:before|older than|earlier than|pre)\s+(?:the year\s+)?(\d{4})\b")
NOT_BEFORE = re.compile(
    r"\b(?:nothing|not|no|none)\s+(?:older than|earlier than|before|from before|made before)\s+"
    r"(?:the year\s+)?(\d{4})\b"
)
NOT_AFTER = re.compile(
    r"\b(?:nothing|not|no|none)\s+(?:newer than|later than|after|from after|made after)\s+"
    r"(?:the year\s+)?(\d{4})\b"
)
DECADE = re.compile(r"\b(?:the\s+)?(?:(19|20)?(\d)0'?s)\b")
# Decades in words ("forties war movie", "the seventies"), but not an age ("in her forties").
DECADE_WORDS = {"twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950, "sixties": 1960,
                "seventies": 1970, "eighties": 1980, "nineties": 1990, "noughties": 2000,
                "naughties": 2000}  # fmt: skip
DECADE_WORD = re.compile(r"\b(" + "|".join(DECADE_WORDS) + r")\b")
AN_AGE = re.compile(r"\b(?:in|into) (?:her|his|my|our|your|their|its)(?: early| late| mid)?\s*$")
# A year said as a bound or a range ("like 2012 or newer", "between 2000 and 2009"): not a title.
_YEAR_PHRASE = re.compile(
    r"\b\d{4}\s+(?:or|and)\s+(?:newer|later|after|more recent|earlier|older|before)\b|"
    r"\b(?:between|from)\s+\d{4}\s+(?:and|to|till|until|through)\s+\d{4}\b|\b\d{4}\s*[-–]\s*\d{4}\b|"
    r"\b\d{4}\s+(?:to|till|until|through|thru)\s+\d{4}\b"
)
# "from 1991", "the year i was born, 1991"
IN_YEAR = re.compile(
    r"\b(?:from|in|of)\s+(\d{4})\b|"
    r"\bthe year (?:i|we|you|he|she|they|my|our|his|her)\b[^\d]{0,40}?\b(\d{4})\b"
)
BARE_YEAR = re.compile(r"\b(?:a|an|some|any)\s+(\d{4})\s+[a-z]")  # "a 1999 drama"
RECENT = re.compile(r"\b(recent|new(?:er)?|modern)\b")
OLDER = re.compile(r"\b(old(?:er)?|classic|vintage)\b(?! than)")
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
_WATCHED = re.compile(r"^(?:i |we )?(?:just |recently |finally |last night |have |'ve )*"
                      r"(?:watched|saw|rewatched|finished|seen)\s+(?=\S)")
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
_WHEN_SEEN = re.compile(r"\b(?:last night|yesterday|the other (?:day|night)|again|recently|earlier|"
                        r"(?:at|over|on) the weekend|last (?:week|weekend)|"
                        r"and (?:everyone|everybody|we|i|they|the kids) (?:all )?(?:loved|liked|enjoyed) it|"
                        r"this (?:morning|weekend)|on (?:tv|netflix|a plane))\b")
# "pulp fiction type movie", "a wes anderson-style film": the title before the cue is the seed.
_TITLE_TYPE = re.compile(
    r"^(?:(?:a|an|some|something|any)\s+)?(.+?)[- ](?:type|style|esque|kind of|sort of)\s+"
    r"(?:movies?|films?|flicks?|moives?|things?|stuff|humou?r|vibes?|energy)\b|^(.+?)-?ish\b"
)
_IT = re.compile(r"^(?:it|that|that one|this one|this|it so much|it a lot)\s*[.!]*$")


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


def _people(linker: EntityLinker) -> _People:
    cached = getattr(linker, "_people_index", None)
    if cached is not None:
        return cached
    vocab = linker.vocab["person"]
    by_surname: dict[str, list[tuple[int, str]]] = {}
    for name, weight in vocab.weight.items():
        parts = normalise(name).split()
        if len(parts) < 2 or len(parts[-1]) < 3:
            continue
        by_surname.setdefault(parts[-1], []).append((weight, name))
    unique: dict[str, str] = {}
    ambiguous: dict[str, list[str]] = {}
    for surname, people in by_surname.items():
        people.sort(key=lambda p: (-p[0], p[1]))
        if people[0][0] < MIN_SURNAME_LINKS:
            continue  # nobody anyone would call by the surname alone ("a Disney movie")
        runner_up = people[1][0] if len(people) > 1 else 0
        if people[0][0] >= SURNAME_DOMINANCE * runner_up:
            unique[surname] = people[0][1]
        else:
            ambiguous[surname] = [n for _, n in people[:3]]
    # a rare first name of a well-known person ("denzel", "keanu"), when no surname is that word
    by_first: dict[str, list[tuple[int, str]]] = {}
    for name, weight in vocab.weight.items():
        parts = normalise(name).split()
        if len(parts) >= 2 and len(parts[0]) >= 4:
            by_first.setdefault(parts[0], []).append((weight, name))
    for first, people in by_first.items():
        people.sort(key=lambda p: (-p[0], p[1]))
        runner_up = people[1][0] if len(people) > 1 else 0
        if first in by_surname or people[0][0] < FIRST_NAME_LINKS:
            continue
        if people[0][0] >= SURNAME_DOMINANCE * max(runner_up, 1):
            unique[first] = people[0][1]
    groups = {k: tuple(n for n in v if n in vocab.weight) for k, v in NICKNAMES.items()}
    groups = {k: v for k, v in groups.items() if v}
    for key, names in groups.items():
        if len(names) == 1:
            unique[key] = names[0]
            ambiguous.pop(key, None)
    title_words: dict[str, int] = {}
    for title in linker.vocab["film"].weight if "film" in linker.vocab else ():
        for word in set(normalise(title).split()):
            title_words[word] = title_words.get(word, 0) + 1
    common = set(CUE_WORDS) | PERSON_BEFORE | PERSON_AFTER | set(_VOCABULARY_WORDS)
    common |= {w for w, n in title_words.items() if n >= COMMON_TITLE_WORD}
    for lang in linker.vocab["language"].weight if "language" in linker.vocab else ():
        common |= set(normalise(lang).split())
    words = set(title_words)
    for tag in linker.vocab["tag"].weight if "tag" in linker.vocab else ():
        words |= set(normalise(tag).split())
    index = _People(unique, ambiguous, groups, frozenset(common), frozenset(words | common))
    linker._people_index = index  # type: ignore[attr-defined]
    return index


def _surnames(linker: EntityLinker) -> dict[str, str]:
    """Last name (or nickname) -> the person it clearly names: the best-connected person with it
    when they have at least :data:`SURNAME_DOMINANCE` times the links of the next one."""
    return _people(linker).unique


def _person_features(name: str) -> list[str]:
    return [f"director:{name}", f"writer:{name}", f"actor:{name}"]


def _person_mention(text: str, names: tuple[str, ...] | list[str]) -> Mention:
    features = [f for n in names for f in _person_features(n)]
    return Mention(text, "person", _join_names(list(names)), features, people=list(names))


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def genre_features(text: str) -> Optional[tuple[str, list[str]]]:
    """("Sci-Fi", [features]) when ``text`` names a genre ("sci-fi", "comedies", "horror films")."""
    key = normalise(text)
    key = re.sub(r"\b(films?|movies?|flicks?|ones?|stuff|pictures?)$", "", key).strip()
    variants = [key]
    if key.endswith("ies"):
        variants.append(key[:-3] + "y")
    if key.endswith("s"):
        variants.append(key[:-1])
    for v in variants:
        if v in GENRE_ALIASES:
            return _genre_label(v)
    if " " not in key and len(key) >= FUZZY_GENRE_MIN and key not in NOT_GENRE_TYPOS:
        for v in variants:
            if (near := _genre_typo(v)) is not None:
                return _genre_label(near)
    return None


def _genre_label(alias: str) -> tuple[str, list[str]]:
    features = GENRE_ALIASES[alias]
    label = features[0].split(":", 1)[1]
    return (label if features[0].startswith("genre:") else label.title()), features


@lru_cache(maxsize=4096)
def _genre_typo(word: str) -> Optional[str]:
    """The genre name ``word`` is one typo away from ("thriler" -> "thriller"), if just one."""
    if len(word) < FUZZY_GENRE_MIN or word in NOT_GENRE_TYPOS:
        return None
    near = [
        g for g in FUZZY_GENRE_NAMES if abs(len(g) - len(word)) <= 1 and Levenshtein.distance(word, g) <= 1
    ]
    return near[0] if len(near) == 1 else None


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
    if end < len(tokens):
        nxt = tokens[end]
        if nxt in PERSON_AFTER or nxt == "s" or genre_features(nxt) is not None:
            return True
        if end + 1 < len(tokens):  # "a Hitchcock sci-fi", "a Scorsese gangster film"
            after = tokens[end + 1]
            if after in PERSON_AFTER or genre_features(f"{nxt} {after}") is not None:
                return True
    return False


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
            if size != 1 or not context or key in index.common or len(key) < 3 or key.isdigit():
                continue
            if key in index.unique:
                take(start, end, _person_mention(key, [index.unique[key]]))
            elif key in index.ambiguous:
                ambiguous.append(Mention(key, "ambiguous", candidates=index.ambiguous[key]))
                taken[start] = True
            elif len(key) >= 5 and start > 0 and tokens[start - 1] in PERSON_BEFORE:
                # a typo in a surname said as one ("by Kubrik"): a close, clear surname
                hit = process.extractOne(key, index.unique.keys(), scorer=fuzz.ratio, score_cutoff=88)
                if hit is not None and hit[0] not in index.common:
                    take(start, end, _person_mention(key, [index.unique[hit[0]]]))
            elif (near := _misspelt_surname(key, index)) is not None:
                take(start, end, _person_mention(key, [index.unique[near]]))
    rest = " ".join(t for t, used in zip(tokens, taken) if not used)
    return [m for _, m in sorted(found, key=lambda f: f[0])], ambiguous, rest


MAX_CLAUSE_TOKENS = 60


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


# -- genres, moods, audience ---------------------------------------------------------------------


def _genres_in(clause: str) -> tuple[list[str], list[str]]:
    """Genre labels in ``clause``: (all required, any one enough). "a sci-fi thriller" gives
    (["Sci-Fi", "Thriller"], []); "a comedy or a drama" gives ([], ["Comedy", "Drama"])."""
    words = normalise(clause).split()
    found: list[tuple[int, str]] = []
    used = [False] * len(words)
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            if any(used[i : i + size]):
                continue
            g = genre_features(" ".join(words[i : i + size]))
            if g is not None:
                found.append((i, g[0]))
                for j in range(i, i + size):
                    used[j] = True
    found.sort()
    labels: list[str] = []
    for _, label in found:
        if label not in labels:
            labels.append(label)
    if len(labels) > 1:
        between = [" ".join(words[a + 1 : b]) for (a, _), (b, _) in zip(found, found[1:])]
        if all(re.search(r"\bor\b", gap) for gap in between):
            return [], labels
    return labels, []


def genre_feature_list(label: str) -> list[str]:
    g = genre_features(label)
    return g[1] if g else [f"genre:{label}"]


def moods_in(text: str) -> tuple[list[str], str]:
    """Moods in ``text`` (names of :data:`MOODS`, in the order said) and the text without them."""
    hits: list[tuple[int, int, str]] = []
    for name, mood in MOODS.items():
        hits += [(m.start(), -m.end(), name) for m in mood.cues.finditer(text)]
    hits.sort()
    names: list[str] = []
    end_taken = -1
    for start, neg_end, name in hits:
        if start < end_taken:
            continue  # "less dark" is light, not dark
        end_taken = -neg_end
        if name not in names:
            names.append(name)
        text = text[:start] + " " * (end_taken - start) + text[end_taken:]
    return names, text


def audience_in(text: str) -> tuple[Optional[str], str]:
    """``"kids"`` for "with kids", "family night", "for my 8-year-old", "kid friendly"...,
    ``"teens"`` for an age from 13 to 16; the text without those words."""
    if NO_KIDS.search(text):
        return None, NO_KIDS.sub(" ", text)
    suitability = None
    for m in AGE.finditer(text):
        said = next(g for g in m.groups() if g)
        age = int(said) if said.isdigit() else NUMBER_WORDS[said]
        if age <= KIDS_AGE:
            suitability = "kids"
        elif age <= TEEN_AGE and suitability is None:
            suitability = "teens"
    if AUDIENCE.search(text):
        suitability = "kids"
    return suitability, AUDIENCE.sub(" ", AGE.sub(" ", text))


def compounds_in(text: str) -> tuple[list[str], list[str], str]:
    """Genre labels and moods of two-in-one words ("romcom", "black comedy"); the text without them."""
    genres: list[str] = []
    moods: list[str] = []
    for pattern, labels, mood in COMPOUNDS:
        if pattern.search(text):
            genres += [g for g in labels if g not in genres]
            if mood and mood not in moods:
                moods.append(mood)
            text = pattern.sub(" ", text)
    return genres, moods, text


def mood_filter(filters: dict) -> list[str]:
    """The mood names of ``filters`` (the ``mood`` key holds one name, or a list of several)."""
    mood = filters.get("mood")
    names = [mood] if isinstance(mood, str) else list(mood or [])
    return [m for m in names if m in MOODS]


def genre_filter(filters: dict) -> list[str]:
    """The required genre labels of ``filters`` (older states hold one label under ``genre``)."""
    genres = list(filters.get("genres") or [])
    if filters.get("genre") and filters["genre"] not in genres:
        genres.insert(0, filters["genre"])
    return genres


# -- one message ------------------------------------------------------------------------------------


def parse_years(text: str) -> dict:
    return _part_of_decade(text.lower(), _years(text))


# "the late 90s", "early 2000s", "mid-sixties": a part of the decade (narrower than any reading of
# the words, so every film listed is in the part asked for).
_PART = re.compile(r"\b(early|mid|late)[- ]?(?:the )?(?:(?:19|20)?\d0'?s|" + "|".join(DECADE_WORDS) + r")\b")
PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}


def _part_of_decade(low: str, out: dict) -> dict:
    start, end = out.get("year_min"), out.get("year_max")
    part = _PART.search(low)
    if part is None or start is None or end != start + 9 or start % 10:
        return out
    first, last = PARTS[part.group(1)]
    return {**out, "year_min": start + first, "year_max": start + last}


def _years(text: str) -> dict:
    low = text.lower()
    out: dict = {}
    # "nothing older than 2006", "no earlier than 2006": from 2006; "nothing after 1990": up to 1990
    if m := NOT_BEFORE.search(low):
        out["year_min"] = int(m.group(1))
        low = low[: m.start()] + low[m.end() :]
    if m := NOT_AFTER.search(low):
        out["year_max"] = int(m.group(1))
        low = low[: m.start()] + low[m.end() :]
    if "year_min" in out or "year_max" in out:
        return out
    # a range, a decade or an open bound as the question parser's year finder reads them
    # ("between 2000 and 2009", "1960-1975", "2012 or newer", "up to 1990", "the 1950s")
    for found in find_years(normalise(low).split()):
        if found.exact is None:
            if found.year_from:
                out["year_min"] = found.year_from
            if found.year_to:
                out["year_max"] = found.year_to
            return out
    if m := AFTER.search(low):
        out["year_min"] = int(m.group(1)) + 1
    elif m := SINCE.search(low):
        out["year_min"] = int(m.group(1) or m.group(2) or m.group(3))
    if m := BEFORE.search(low):
        out["year_max"] = int(m.group(1)) - 1
    if not out and (m := DECADE.search(low)):
        century = m.group(1) or ("20" if m.group(2) in "012" else "19")
        start = int(f"{century}{m.group(2)}0")
        out = {"year_min": start, "year_max": start + 9}
    for m in DECADE_WORD.finditer(low) if not out else ():
        if not AN_AGE.search(low[: m.start()]):  # "a woman in her forties" is an age
            start = DECADE_WORDS[m.group(1)]
            out = {"year_min": start, "year_max": start + 9}
            break
    if not out and (m := IN_YEAR.search(low) or BARE_YEAR.search(low)):
        year = int(m.group(1) or m.group(2)) if m.re is IN_YEAR else int(m.group(1))
        if 1880 <= year <= 2030:
            out = {"year_min": year, "year_max": year}
    if not out and RECENT.search(low):
        out = {"year_min": 2005}
    return out


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
    vocab, people = linker.vocab["tag"], linker.vocab.get("person")
    for size in range(min(MAX_THEME_WORDS, len(words)), 0, -1):
        key = " ".join(words[:size])
        if key in _VOCABULARY_WORDS or genre_features(key) is not None or parse_years(key):
            continue  # a word of the request tables, a genre, a decade ("about the 90s" is an era)
        if people is not None and people.by_key.get(key):
            return [], clause  # a person (many tags name people): "with cate blanchett in it"
        for form in (key, key[:-1] if key.endswith("s") and not key.endswith("ss") else key + "s"):
            names = vocab.by_key.get(form)
            if names and normalise(names[0]) == form and names[0].lower() not in UNINFORMATIVE_TAGS:
                start = m.start(1) if m.group(1) else m.start(2)
                ends = [w.end() for w in re.finditer(r"[\w']+", span)]
                end = start + (ends[size - 1] if len(ends) >= size else len(span))
                return [names[0]], clause[:start] + clause[end:]
    return [], clause


class _Constraints:
    """What the clauses of one message ask of every film, collected in the order said."""

    def __init__(self) -> None:
        self.genres: list[str] = []
        self.genres_any: list[str] = []
        self.moods: list[str] = []
        self.suitability: Optional[str] = None
        self.people: list[list[str]] = []
        self.topics: list[str] = []

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

    def head(self, text: str) -> None:
        """Genres, moods and audience in ``text`` (a plain clause, or what precedes "like X")."""
        genres, moods, text = compounds_in(text)
        suitability, text = audience_in(text)
        found, text = moods_in(text)
        more, any_of = _genres_in(text)
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
    for hit in _ORDINAL.finditer(low):
        out.targets.append(ORDINALS[hit.group(1)])
    for hit in _NUMBER_ONE.finditer(low):
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
    # clauses with a polarity
    for clause in (c for c in CLAUSES.split(low) if c and c.strip()):
        clause = clause.strip()
        if kind := _TITLE_TYPE.match(clause):
            titles = [m for m in mentions_in(kind.group(1) or kind.group(2), linker) if m.kind == "film"]
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
            wanted.head(clause[: neg.start()])  # "a kid-friendly comedy, nothing my kids hate"
            for m in mentions_in(clause[neg.end() :], linker):
                _add(out, out.dislikes, m)
            continue
        if pos:
            wanted.head(clause[: pos.start()])
            rest = clause[pos.end() :]
            for m in watched if _IT.match(rest.strip()) else mentions_in(wanted.rest(rest, linker), linker):
                _add(out, out.likes, m)
            continue
        if seed:
            wanted.head(clause[: seed.start()])
            rest = clause[seed.end() :]
            if (_IT.match(rest.strip()) or not _strip(rest)) and watched:  # "anything close to it?"
                for m in watched:
                    _add(out, out.seeds, m)
                continue
            if _ORDINAL.search(rest) or _NUMBER_ONE.search(rest) or not _strip(rest):
                continue
            years_out = _YEAR_PHRASE.sub(" ", rest)
            left = re.sub(r"[\W\d_]+|\b(?:the|early|late|mid|or|and|to)\b", "", years_out)
            if years_out != rest and not left:
                continue  # "like 2000 through 2003": years, not a title
            rest = years_out
            for m in mentions_in(wanted.rest(rest, linker), linker):
                _add(out, out.seeds, m)
            continue
        # no polarity: genres, moods, the audience and people are filters ("a french comedy",
        # "a thriller from the 90s", "something by Kubrick for family night")
        wanted.plain(clause, linker, out)
    wanted.into(filters, out.more_like)
    out.filters = filters
    return out


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


def _add(out: Parsed, bucket: list[Mention], m: Mention) -> None:
    if m.kind == "unknown":
        out.unknown.append(m)
    elif m.kind == "ambiguous":
        out.ambiguous.append(m)
    else:
        bucket.append(m)


# -- how sure a message asks for recommendations -----------------------------------------------------

_FILM = r"(?:movie|film|flick|pick|rec|recommendation|suggestion)s?"
_STRONG_CUES = re.compile(
    r"\b(recommend(?!ed)\w*|suggest(?!ed)\w*|recs?|"
    r"what (?:should|could|can|shall) (?:i|we|she|he|they|my \w+) (?:watch|see|put on)|"
    r"what to watch|(?:i|we) should (?:watch|see)|should (?:i|we) (?:watch|see)|in the mood for|to watch|"
    r"worth watching|(?:pick|choose|find|give|gimme|show|get) (?:me|us) (?:a |an |some )?(?:\w+ ){0,3}"
    + _FILM
    + r"|gimme (?:a |an |some )?(?:\w+ ){0,3}"
    + _FILM
    + r"|pick (?:a|some) (?:\w+ )?(?:movie|film)s?|movie night|film night|"
    r"(?:i|we) (?:want|wanna|would like|'d like|need) to (?:watch|see)|"
    r"(?:want|wants|need|needs|looking for) (?:a |an |some )?(?:\w+ ){0,2}(?:movie|film|flick)s?|"
    r"(?:got|know|have) (?:any|a|some) (?:good|great)|watch tonight|(?:movie|film) ideas?|similar to|"
    r"something like|more like|(?:movies?|films?|anything|something|ones?|stuff|things?) like|"
    r"(?:anything|something|more|ones?) similar|if (?:i|we) (?:liked|loved)|(?:same|the) vein as|"
    r"(?:similar|same) (?:vibe|feel|tone|energy|mood|style|spirit)s? (?:to|as)|"
    r"in the (?:same )?(?:vein|spirit|style) of|along the lines of|(?:anything|something) close to|"
    r"(?:type|kind|sort|style) of (?:movie|film|flick|thing)|"
    r"(?:that|this) (?:type|kind|sort) of (?:story|stuff|vibe)|"
    r"(?:type|style) (?:movie|film|flick|moive)|"
    r"(?:would|could|can) you vouch for|you'?d vouch for|(?:should|could|can) (?:i|we) put on|"
    r"surprise (?:me|us)|(?:you|u) (?:pick|choose|decide)|dealer'?s choice|"
    r"where (?:do|should|can) (?:i|we) start|"
    r"for a (?:total |complete |real )?(?:beginner|newbie|first[- ]timer)|"
    r"(?:i|we) (?:might|may) have missed|(?:movies|films|ones|flicks) that (?:slap|rip|hit)|bangers?|"
    r"(?:one|something|anything|a movie|a film) (?:i|we) (?:can|could) watch|"
    # "which biopics are actually good", "which Bergman is the best to start with"
    r"which (?:\w+ ){1,3}(?:is|are) (?:\w+ )?(?:good|great|decent|worth (?:it|watching|seeing)|the best)|"
    r"(?:to|should i|do i) start with|(?:which|what) (?:one|film|movie) (?:first|to start)|"
    r",\s*which one(?=\s*[?.!]*$)|"
    r"^\s*(?:something|anything|smth|somethin) (?:by|starring|featuring|with) \w+)\b"
)
# "Liked The Matrix, what else?", "loved Amelie, anything similar": a taste and a request.
_TASTE_THEN_ASK = re.compile(
    r"\b(?:liked|loved|enjoyed|adored|(?:big )?fan of|obsessed with|into)\b.{1,80}?"
    r"\b(?:what else|what next|what now|anything (?:else|similar)|something (?:else|similar)|"
    r"more (?:of )?(?:that|those|the same)|similar|what (?:should|could|can) (?:i|we))\b"
)
# "Recomend", "reccomend", "sugest": the strong cue words misspelt (a word of the same start, an
# edit or two away; past forms are not asks: "my recommended row").
_CUE_TYPOS = (("recommend", 2), ("suggest", 1))
# "What's a good ...": a request when a film word or a genre comes with it ("what's a good
# thriller"), not otherwise ("what's a good stretch for back pain").
_WHATS_GOOD = re.compile(r"\bwhat(?:'s| is| are|s) (?:a |some )?(?:good|great)\b")
# Asking for something: "I need a ...", "something ...", "a ..." (with a genre, mood or audience).
_ASKING = re.compile(
    r"\b(?:i|we) (?:need|want|wanna|'d like|would like|could use|'d love|would love) "
    r"(?:a|an|some|something|anything)\b|^\s*(?:something|somethin'?|smth|anything|a|an|some)\b"
)
_FILM_WORD = re.compile(r"\b(?:movies?|films?|flicks?|watch\w*)\b")
# Words for a film (with a wanting cue, or a genre, a request): "a movie", "a Capra classic",
# "something to watch".
_FILM_WORDS = re.compile(
    r"\b(?:movies?|films?|flicks?|pics?|pictures?|classics?|oldies?|picks?|"
    r"(?:a|an|easy|light|good|fun|breezy|cozy|cosy|comfort|quick) watch|"
    r"(?:something|anything|smth|stuff) (?:good |new |fun )?to (?:watch|see|put on|stream)|"
    r"(?:to )?watch tonight|movie night|film night|blockbusters?)\b"
)
# Wanting or asking cues: with a film word or a genre, mood or audience word, a request.
_OCCASIONS = (
    r"holidays?|christmas|xmas|halloween|thanksgiving|easter|valentine'?s?(?: day)?|new year'?s?(?: eve)?|"
    r"tonight|today|(?:the |this )?weekend|(?:a |the )?(?:sunday|saturday|friday|(?:lazy |rainy )?afternoon)|"
    r"(?:a |the )?(?:date|movie|family|girls'?|guys'?|game|friday|saturday|sunday) night|"
    r"(?:a |the )?sleepover|(?:a |the )?rainy (?:day|night|sunday|afternoon)|"
    r"(?:a |the )?(?:long )?(?:flight|plane|train|road trip)|grandpa|grandma|"
    r"my (?:dad|mum|mom|parents|grandparents)"
)
_WANT = re.compile(
    r"\b(gimme|give me|wanna|want|looking for|look(?:ing)? out for|feeling|feel like|in the mood|"
    r"recs?|recos?|suggestions?|any ideas|ideas|what (?:can|could|should) (?:i|we) (?:watch|see|put on)|"
    r"what else|"
    r"worth (?:watching|seeing|a watch)|start with|similar|need|craving|fancy|(?:could )?go for|"
    r"up for|got any|have any|know any|"
    r"for (?:the |my |our )?(?:kids|grandkids|family|children|little ones)|"
    r"please|pls|plz|anyone|anybody|throw|toss|hit (?:me|us) with|send (?:me|us)|surprise (?:me|us)|"
    r"(?:something|anything|smth) (?:in|from)|"
    r"(?:i'?d|i would|we'?d) love|"
    r"the (?:\w+er|more \w+(?: \w+)?|less \w+) the better|in an? (?:\w+ )?mood|your fav(?:e|ou?rite)|"
    r"pick (?:one|something|a few)|help(?: me| us)?\s*$|for (?:the |a |an |my |our )?(?:"
    + _OCCASIONS
    + r"))\b|^\s*any\b"
)
# "Good", "best": asking ("a good whodunit", "best Pacino movie to start with"), unless the message
# tells of a film seen ("that was a good movie", "I watched a great film yesterday").
_GOOD = re.compile(r"\b(?:good|great|best|decent|fun)\b")
# Wanting to know is asking a question, not for something to watch.
_TO_KNOW = re.compile(
    r"\b(?:(?:i|we) )?(?:want|wanna|wants|need|needs|would like|'d like|'m trying|am trying|trying) to "
    r"(?:know|find out|learn|understand|ask|check)\b|\bwanna know\b"
)
_TOLD = re.compile(r"\b(?:was|were|watched|saw|seen|thanks|thank you|thx)\b")
_WEAK_CUES = re.compile(
    r"\b((?:i|we) (?:need|want|wanna|'d like|would like) (?:a|an|some|something|anything)|something|anything|"
    r"movies?|films?|flicks?|tonight|(?:by|starring|featuring) \w+|(?:a|an|some|any) (?:good|great|nice|fun)|"
    r"picks?|put on|any ideas)\b"
)
# Nationalities and languages often asked for ("a korean film"): topical like a genre.
_NATIONAL = re.compile(
    r"\b(french|italian|spanish|german|japanese|korean|chinese|indian|hindi|bollywood|swedish|danish|"
    r"norwegian|finnish|icelandic|dutch|belgian|portuguese|czech|hungarian|romanian|russian|british|english|"
    r"american|mexican|brazilian|argentin(?:e|ian)|chilean|iranian|persian|turkish|polish|greek|irish|"
    r"scottish|australian|canadian|hong kong|cantonese|taiwanese|thai|vietnamese|filipino|indonesian|"
    r"nigerian|egyptian|israeli|arabic|scandinavian|nordic|european|asian|african|latin american|"
    r"foreign|subtitled)\b"
)
_FACT_QUESTIONS = re.compile(
    r"\b(who (?:directed|wrote|stars?|starred|played|acted|is|was|are|were|made|composed|produced)|"
    r"when (?:was|did|is|were)|what year|which year|how (?:long|old|many|much)|what (?:is|was) .{1,60} about|"
    r"what (?:language|genre|rating)|(?:is|was) .{1,60} (?:directed|written|released)|"
    r"release (?:date|year)|(?:the )?(?:director|writer|cast|plot|budget|runtime)s? of|tell me about|"
    r"which (?:actor|actress|director|films? did|movies? did)|did .{1,60} (?:direct|write|star|play|act)|"
    r"(?:movies?|films?) (?:directed|written) by|all (?:the )?(?:movies|films)|"
    r"the (?:genres?|languages?|release years?|actors?|writers?) of|"
    # a film's or person's facts as a list: "which films are tagged X", "X acted in which films",
    # "give me the films X directed", "more movies by whoever directed X"
    r"(?:tagged|with the tag|in the \w+ lang\w*)|in which (?:films?|movies?|pictures?)|"
    r"(?:acted|starred|appeared|played|featured) in (?:which|what)|"
    r"(?:what|which) (?:\w+ )?(?:films?|movies?|flicks?|pictures?) (?:did|does|has|have|had) |"
    r"(?:whoever|the (?:person|people|guy|one|man|woman) who) (?:directed|wrote|starred|acted|made)|"
    r"(?:the )?(?:actors?|performers?|cast|stars?) (?:of|from|in|who)|"
    r"(?:directed|wrote|written|starred|acted|appeared|helmed|was in|were in)(?: in)?"
    r"(?: (?:after|before|in) \d{4})?\s*[.?!]*\s*$|"
    # the phrasing of a fact question, not of a wish
    r"helmed|penned|by whom|(?:were|was) (?:they|he|she|it) in|what are .{1,60} about|"
    r"on the subject of|is (?:a|the) (?:theme|subject|topic)|\w+-language|in (?:that|this) language|"
    r"do you know|can you (?:list|name)|the same year as|(?:were|was) (?:made|released|shot|filmed)|"
    r"(?:came out|released) (?:prior to|later than|earlier than|sometime|back in|from \d{4} (?:to|until|on))|"
    r"credits?|deals? with|what (?:topics?|themes?|subjects?)|"
    r"(?:made|directed|written|produced) by (?:director|writer|producer)|rated on|imdb|"
    r"(?:which|what) ones\s*[.?!]*\s*$)"
)
# The service itself (an account, a profile, the app, what it suggests): a support question.
_SERVICE = re.compile(
    r"\b((?:my|the|their|our) (?:\w+ )?(?:profile|account|subscription|app|row|queue|watchlist|settings|"
    r"password|"
    r"billing|plan|payment|devices?)|parental controls?|why does (?:it|the app)|how do i|how can i|"
    r"job openings?|profiles?|subscri(?:be|ption)|account|log ?in|sign (?:in|up|out)|password|billing|"
    r"invoices?|receipts?|refunds?|payments?|charged|vpn|download(?:s|ed|ing)?|offline|tickets?|booking|"
    r"parental|restrict\w*|(?:kids|children'?s?) (?:mode|profile|account)|watch(?:ing)? history|"
    r"viewing history|my list|keep track|add (?:a|the|this) (?:film|movie|title)|(?:for|to) (?:the|your) "
    r"catalog(?:ue)?|for you to (?:buy|add|get|stream)|(?:my|your|the) (?:recommendations|suggestions)|"
    r"recommendations? (?:are|is|so|work|keep|engine|algorithm)|what you (?:suggest|recommend) to me|"
    r"(?:reset|improve|clear|fix|turn off|change|delete) (?:my |your |the )?(?:recommendations|suggestions)|"
    r"subtitles? (?:settings|size|language|colou?r|out of sync|that|(?:won'?t|don'?t|not)\b|"
    r"(?:are|is)\b(?! (?:fine|ok|okay|good|no problem|not a problem)\b))|"
    r"screens? at once|the app|an app|(?:smart )?tv app|chromecast|airplay|ipad|iphone|tablet|laptop|"
    r"(?:my|the) phone|save (?:films|movies)|what i(?:'ve| have)? watched|festivals?|packages?|discounts?|"
    r"you (?:guys )?(?:don'?t|do not) (?:have|stock|carry)|can you get (?:it|them|that)|"
    r"(?:i|we) (?:can'?t|cannot) find|continue watching|get rid of|"
    r"add more (?:\w+ )?(?:films|movies|classics|titles)|"
    r"add (?:a|the|this) (?:film|movie|title))\b"
)
# A message that is one indefinite noun phrase asks for one thing to watch: "a gene kelly
# musical", "a streep film", "something with cate blanchett in it", "something by cronenberg".
# (A plural or definite one, "Tom Hanks movies", "some films by X", "the films of X", may ask for
# a list of facts.)
_INDEFINITE_REQUEST = re.compile(
    r"^\s*(?:(?:a|an|one)\s+(?!question\b|quick\b|problem\b|issue\b|few\b|lot\b|list\b)\S|"
    r"something\s+(?:with|by|starring|featuring|directed|from)\s+(?!my\b|your\b|our\b|the app\b|this\b|it\b))"
)
_ANY_WH = re.compile(r"\b(?:who|whom|whose|what|when|where|which|how|why)\b")
_WH_START = re.compile(r"^\s*(who|when|where|which|how|whose|why|did|does|do|is|was|were|are)\b")
# Something to write, not to watch ("a funny scene with two rivals", "a flyer for a kids movie
# morning"): the creative reader's.
_CREATIVE = re.compile(
    r"\b(write|compose|draft|scene|script|screenplay|blurb|flyer|poster|tagline|logline|slogan|ad|advert|hooks?|"
    r"instagram|tweet|promo\w*|pitch(?![- ]black)|screening|monologue|dialogue|short story|poem)\b"
)


# One film asked for in a few words, no question: "emma thompson drama", "kitano yakuza movie",
# "seventies jack nicholson movie", "silent film from the 1920s". A plural ("Emma Thompson
# dramas", "Peter Coyote movies list") or a question may ask for a list of facts; a film of the
# conversation ("that movie", "my film") or a sentence about one ("i hated that movie") is not a
# request.
_ONE_FILM = re.compile(
    r"\b(?:movie|film|flick|pic|picture|classic|oldie)(?:\s+(?:from|of)\s+(?:the\s+)?[\w']+)?\s*[.!]*\s*$"
)
_NOT_ONE = re.compile(
    r"\b(?:i|i'm|im|we|you|he|she|it|they|that|this|those|these|my|your|his|her|its|their|our|"
    r"the(?!\s+(?:\d0s|\d{4}s|\w+ties)\b)|"
    r"list|show|name|tell)\b"
)
MAX_ONE_FILM_WORDS = 7
MAX_YEARS_WORDS = 8  # a range of years alone, in this many words or fewer, is what a request asks for
# The words a range of years is said with ("2015 or newer only", "after 2000 but before 2010",
# "newer than 2010 pls nothing old"): a message of years and these alone asks for films of them.
_YEAR_WORDS = frozenset(
    """only or and but newer older later earlier after before since from between to through thru than
    till until pls please plz nothing no none not old new recent made released on onwards up the
    ideally preferably just anything something stuff ones in year years decade era early mid late
    or so ish around about fresh""".split()
)


def _only_years(low: str) -> bool:
    """True when ``low`` (a few words) says years and nothing else."""
    words = re.findall(r"[a-z]+|\d+", low)
    said = any(w.isdigit() and len(w) in (2, 4) for w in words) or DECADE_WORD.search(low)
    rest = [w for w in words if not (w.isdigit() or w in _YEAR_WORDS or w in DECADE_WORDS or w == "s")]
    return bool(said) and not rest and len(words) <= MAX_YEARS_WORDS


def asks_for_one(text: str) -> bool:
    """True when ``text`` is a few words that ask for one film without a question (see
    :data:`_ONE_FILM`): a singular film word or genre word last. Pure: no linker."""
    low = (text or "")[:500].lower().replace("’", "'")
    if low.startswith("/"):
        return False  # a button
    words = re.findall(r"[a-z0-9'-]+", low)
    if not 2 <= len(words) <= MAX_ONE_FILM_WORDS or "?" in low:
        return False
    if any(p.search(low) for p in (_ANY_WH, _NOT_ONE, _FACT_QUESTIONS, _SERVICE, _CREATIVE)):
        return False
    if _ONE_FILM.search(low):
        return True
    last = words[-1]
    return genre_features(last) is not None and not last.endswith("s")


def _cue_typo(low: str) -> bool:
    """A misspelt "recommend" or "suggest" ("recomend a thriler", "reccomend", "sugest")."""
    for word in re.findall(r"[a-z]{6,}", low):
        if word.endswith("ed"):
            continue
        for cue, edits in _CUE_TYPOS:
            if word[:2] != cue[:2]:
                continue
            # the word, or its start ("recomendations", "sugestions")
            if any(Levenshtein.distance(word[:n], cue) <= edits for n in (len(cue), len(cue) + 1)):
                return True
    return False


# Asking for films like a named one: "more stuff in the vein of groundhog day", "anything close to
# it?", "if i liked spirited away what should i watch next". A film named after these is the seed
# of a request, not the topic of a question about it.
_SIMILAR = re.compile(
    r"\b(?:similar to|(?:something|anything|movies?|films?|ones?|stuff|more|others?|another) "
    r"(?:like|similar)(?! (?:a|an|the) (?:\w+ )?(?:question|answer)\b)|"
    r"in the (?:same )?(?:vein|spirit|style|mould|mold|tradition) (?:of|as)|(?:same|the) vein as|"
    r"along the lines of|(?:anything|something|stuff|films?|movies?) close to|"
    r"(?:same|similar) (?:vibe|feel|tone|energy|mood|style|spirit)s? (?:to|as)|more like|"
    r"if (?:i|we) (?:liked|loved|enjoyed)|(?:hits|feels|plays|lands) like that|"
    r"scratch(?:es)? (?:that|the) (?:same )?itch|(?:in )?the same ballpark|more of (?:that|this|the same)|"
    r"(?:my )?next obsession|fans of .{2,60} would (?:enjoy|like|love)|\w-ish\b|"
    r"(?:type|style|kind|sort) (?:of )?humou?r)\b"
)


def asks_for_similar(text: str) -> bool:
    """True when ``text`` asks for films like one it names (pure: no linker), and is not a
    question about facts ("who directed the films similar to ...": none are)."""
    low = (text or "")[:500].lower().replace("’", "'")
    return bool(_SIMILAR.search(low)) and not _FACT_QUESTIONS.search(low)


_PLURAL_FILMS = re.compile(
    r"\b(?:films|movies|flicks|pictures|pics|comedies|westerns|thrillers|dramas|musicals|documentaries|"
    r"romances|romcoms|horrors|mysteries|adventures|cartoons|biopics|classics)\b"
)


def is_bare_list(text: str) -> bool:
    """True when ``text`` names films in the plural with no word of asking or wanting
    ("comedies from 1999", "french films of the 60s"): the list a film question gives, unless
    the NLU reads a request. Pure: no linker."""
    low = (text or "")[:500].lower().replace("’", "'")
    cue = (
        _STRONG_CUES.search(low)
        or _TASTE_THEN_ASK.search(low)
        or _WANT.search(low)
        or _ASKING.search(low)
        or _GOOD.search(low)
        or _SIMILAR.search(low)
        or _cue_typo(low)
    )
    return bool(_PLURAL_FILMS.search(low)) and not cue


def is_feedback(text: str) -> bool:
    """True when ``text`` says something about a list of films shown ("seen it", "not that one",
    "the second one", "none of these", "more like the first"). Pure: no linker."""
    low = (text or "")[:500].lower().replace("’", "'")
    return any(p.search(low) for p in (SEEN, REJECT, NONE_OF, MORE_LIKE, _ORDINAL, _NUMBER_ONE))


def request_strength(text: str) -> float:
    """How sure ``text`` asks for film recommendations, from 0 to 1 (pure and fast: no linker).

    Recommendation cues ("recommend", "what should I watch", "in the mood for", "movie night",
    "something like") raise it most (0.8 on their own); weaker ones ("something", "a movie") a
    little; genre, mood, audience and nationality words ("a comedy", "something scary", "for my
    kids", "a korean film") raise it; questions about facts ("who directed", "when was", "tell me
    about") and about the service ("my profile", "how do I") lower it."""
    low = (text or "")[:500].lower().replace("’", "'")
    low = _TO_KNOW.sub(" ", low)  # "i want to know when films about X came out" wants facts
    if not low.strip():
        return 0.0
    genres, moods, rest = compounds_in(low)
    suitability, rest = audience_in(rest)
    found, rest = moods_in(rest)
    plain, any_of = _genres_in(rest)
    national = bool(_NATIONAL.search(rest))
    # each kind of constraint once: a genre or mood, an audience, a genre list, a language
    topical = min(3, bool(genres or moods or found) + bool(suitability) + bool(plain or any_of) + national)
    years = parse_years(low)
    if not topical and years.get("year_min") != years.get("year_max") and _only_years(low):
        # "2015 or newer only", "after 2000 but before 2010"; not a question or a follow-up of one
        # ("what about the 90s ones?" after a film answer)
        topical = int(not _ANY_WH.search(low) and "?" not in low)
    weak = bool(_WEAK_CUES.search(low))
    film = bool(_FILM_WORDS.search(low))
    asked = (
        bool(_STRONG_CUES.search(low))
        or bool(_TASTE_THEN_ASK.search(low))
        or _cue_typo(low)
        or bool(_WHATS_GOOD.search(low) and (topical or _FILM_WORD.search(low)))
    )
    # a wanting cue with a film word or a genre, mood or audience: "gimme a movie", "any finnish
    # comedies", "nothing too scary, it's for the grandkids", "best Pacino movie to start with"
    wants = bool(_WANT.search(low)) or bool(_GOOD.search(low) and not _TOLD.search(low))
    strong = asked or bool((film or topical) and wants)
    # a message that starts with what it wants: "mystery thriller to keep me guessing",
    # "anything from before 1950"
    wh = bool(_WH_START.search(low))
    head = " ".join(low.split()[:3])
    leading = bool(_genres_in(" ".join(low.split()[:2]))[0]) or bool(moods_in(head)[0]) or bool(
        parse_years(low) and (_ASKING.search(low) or film)
    )  # "late 90s movie to feel young again"
    score = 0.1 + (0.7 if strong else 0.2 if weak else 0.0)
    score += (0.3, 0.45, 0.5)[topical - 1] if topical else 0.0
    if (topical or leading) and not strong and (film or leading or _ASKING.search(low)) and not wh:
        score += 0.3  # "something upbeat", "a comedy", "a war movie", "an action adventure romp"
    elif topical > 1 and not strong:
        score += 0.15  # "kid-friendly comedy", "nothing too scary for the grandkids"
    if parse_years(low) and (topical or weak):
        score += 0.1  # "forties war movie", "a thriller that came out in 2005"
    indefinite = bool(_INDEFINITE_REQUEST.search(low)) and "?" not in low and not _ANY_WH.search(low)
    if indefinite and (film or topical or low.lstrip().startswith("something")):
        score = max(score, 0.9)
    if _FACT_QUESTIONS.search(low):
        score -= 0.6
    elif wh and not asked:
        score -= 0.25
    if _CREATIVE.search(low) and not asked:
        score -= 0.5
    if _SERVICE.search(low):
        score = min(score - 0.6, 0.3)
    elif _SIMILAR.search(low) and not _FACT_QUESTIONS.search(low) and not _CREATIVE.search(low):
        score = max(score, 0.95)  # films like a named one: nothing else reads it as well
    return round(min(1.0, max(0.0, score)), 3)
