"""The words of a recommendation request: genres, compound genres, moods, audience and ages,
and the phrases of feedback on a list shown and of "films like" one. Tables, patterns and the pure
functions that find them in a text (no linker).

The parser (:mod:`recommender.dialogue`) and the request cues (:mod:`recommender.cues`) read
messages with these; the constraints (:mod:`recommender.constraints`) turn the genres, moods and
audience they find into what every film listed must have.

It is one file, longer than the others, because its tables are read together: the moods are
written in the genre features (:data:`LIGHT_GENRES`, :data:`DARK_FEATURES`), the words never taken
for a surname or a theme (:data:`VOCABULARY_WORDS`) are those of the genre, mood and audience
tables, the light and dark moods are the "lighter" and "darker" of feedback, and the phrases of
"films like" one are shared by the parser's patterns and the request cues. Most of its lines are
rows of those tables, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rapidfuzz.distance import Levenshtein

from kg.linker import normalise

# -- genres ----------------------------------------------------------------------------------------
# Genre words -> graph features (a genre node, or a tag that says the same). Sci-fi is a tag in
# WikiMovies and a genre in MovieLens; both count.
GENRE_ALIASES: dict[str, list[str]] = {
    "sci fi": ["genre:Sci-Fi", "tag:science fiction"],
    "scifi": ["genre:Sci-Fi", "tag:science fiction"],
    "science fiction": ["genre:Sci-Fi", "tag:science fiction"],
    "sf": ["genre:Sci-Fi", "tag:science fiction"],
    "space opera": ["genre:Sci-Fi", "tag:space"],
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
    "swashbuckler": ["genre:Adventure", "tag:swashbuckler"],
    "swashbucklers": ["genre:Adventure", "tag:swashbuckler"],
    "slasher": ["genre:Horror", "tag:slasher"],
    "kids": ["genre:Children", "genre:Family"],
    "children": ["genre:Children", "genre:Family"],
    # The "family" tag marks films about a family (The Godfather has it), not films for one.
    "family": ["genre:Family", "genre:Children"],
}
# Words for a language that are not its name. The graph knows a film's languages, not its
# country: where a film is from ("sixties cinema from italy", "made in japan") and what people call
# a national cinema ("bollywood", "a mexican drama") stand for the language spoken. A country read
# alone ("a film set in italy") is a theme, not a language; "chinese" is a language of the graph.
DEMONYM_LANGUAGES: dict[str, str] = {
    "taiwanese": "Mandarin", "hong kong": "Cantonese", "bollywood": "Hindi",
    "indian": "Hindi", "brazilian": "Portuguese", "mexican": "Spanish", "argentinian": "Spanish",
    "argentine": "Spanish", "iranian": "Persian", "farsi": "Persian", "israeli": "Hebrew",
    "austrian": "German", "j horror": "Japanese", "jhorror": "Japanese", "k horror": "Korean",
    "k drama": "Korean", "k dramas": "Korean", "kdrama": "Korean", "kdramas": "Korean",
}  # fmt: skip
COUNTRY_LANGUAGES: dict[str, str] = {
    "italy": "Italian", "france": "French", "spain": "Spanish", "germany": "German",
    "austria": "German", "japan": "Japanese", "korea": "Korean", "south korea": "Korean",
    "china": "Mandarin", "taiwan": "Mandarin", "hong kong": "Cantonese", "india": "Hindi",
    "sweden": "Swedish", "denmark": "Danish", "norway": "Norwegian", "finland": "Finnish",
    "iceland": "Icelandic", "russia": "Russian", "poland": "Polish", "brazil": "Portuguese",
    "portugal": "Portuguese", "mexico": "Spanish", "argentina": "Spanish", "iran": "Persian",
    "israel": "Hebrew", "greece": "Greek", "turkey": "Turkish", "hungary": "Hungarian",
    "romania": "Romanian", "thailand": "Thai", "vietnam": "Vietnamese", "netherlands": "Dutch",
    "the netherlands": "Dutch", "holland": "Dutch", "czech republic": "Czech",
}  # fmt: skip


def _alternatives(words: dict[str, str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_FROM_COUNTRY = re.compile(
    r"\b(?:from|made in|out of|shot in|produced in)\s+(" + _alternatives(COUNTRY_LANGUAGES) + r")\b"
)
# "indian" after "american" or "native" is about the people of America, not Indian cinema
_DEMONYM = re.compile(r"\b(?<!american )(?<!native )(" + _alternatives(DEMONYM_LANGUAGES) + r")\b")


def language_word(text: str) -> Optional[tuple[str, str]]:
    """The language a message names without naming it, and the words that said it:
    ("Italian", "italy") for "sixties cinema from italy", ("Hindi", "bollywood") for "bollywood
    musicals"; None when it names none that way."""
    low = normalise(text)
    if (hit := _FROM_COUNTRY.search(low)) is not None:
        return COUNTRY_LANGUAGES[hit.group(1)], hit.group(1)
    if (hit := _DEMONYM.search(low)) is not None:
        return DEMONYM_LANGUAGES[hit.group(1)], hit.group(1)
    return None


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
    "funniest": "Comedy",
    "hilarious": "Comedy",
    "slapstick": "Comedy",
    "screwball": "Comedy",
    "zany": "Comedy",
    "silliest": "Comedy",
    "goofiest": "Comedy",
    # a film about a musician is a music film ("a biopic, ideally about a musician")
    "musician": "Music",
    "musicians": "Music",
    # "a documentary on famous bands" ("band" alone starts titles: "Band of Brothers")
    "bands": "Music",
    "rock bands": "Music",
    "concert films": "Music",
    "rock star": "Music",
    "rockstar": "Music",
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
    (
        re.compile(
            r"\b(?:singing and dancing|song and dance|sing[- ]?alongs?|with (?:\w+ )?songs|"
            r"songs in it|musical numbers)\b"
        ),
        ("Musical",),
        None,
    ),
    (re.compile(r"\bspace (?:adventures?|epics?)\b"), ("Sci-Fi", "Adventure"), None),
    (
        re.compile(
            r"\b(?:kicks? (?:some )?(?:ass|butt)|kick-?ass|badass|butt-?kicking|shoot-?outs?|"
            r"fight scenes?|car chases?|lots of explosions|punch(?:es|ing)? (?:people|guys|faces|everyone)|"
            r"fist ?fights?|(?:many|lots of|plenty of) fight(?:s|ing|ings)|fightings|brawls|kung[- ]fu|"
            r"beat(?:s|ing)? (?:people|guys|everyone|them|everybody) up)\b"
        ),
        ("Action",),
        None,
    ),
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
    # What a film of one genre is made of, said instead of the genre ("outlaws, sheriffs and
    # saloons", "a masked killer at a summer camp", "dragons and wizards"). Plurals only where the
    # singular starts titles ("The Outlaw Josey Wales", "Enter the Dragon", "The Wizard of Oz").
    (
        re.compile(
            r"\b(?:(?:wild|old) west|gun ?sling(?:er|ers|ing)|gunfighters?|stagecoach(?:es)?|saloons?|"
            r"sheriffs?|outlaws|cattle drives?|homesteaders?)\b"
        ),
        ("Western",),
        None,
    ),
    (
        re.compile(
            r"\b(?:masked (?:killers?|murderers?|maniacs?|psychos?)|exorcisms?|jump ?scares?|gory|"
            r"demonic possessions?)\b"
        ),
        ("Horror",),
        None,
    ),
    (
        re.compile(r"\b(?:sword (?:and|&|n) sorcery|sorcer(?:y|ers?|ess|esses)|wizards|dragons|elves)\b"),
        ("Fantasy",),
        None,
    ),
    (
        re.compile(
            r"\b(?:bank (?:jobs?|robber(?:y|ies|s)?|heists?)|rob(?:s|bing)? (?:a |the )?banks?|hit ?m[ae]n|"
            r"drug (?:lords?|cartels?|kingpins?)|cartels|mobsters?|con (?:artists?|m[ae]n))\b"
        ),
        ("Crime",),
        None,
    ),
    (
        re.compile(r"\b(?:space ?ships?|starships?|androids|cyborgs?|extraterrestrials?|alien invasions?)\b"),
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
                   r"lift (?:my|our|your|his|her|their|the) spirits|"
                   r"less (?:dark|serious|heavy|violent|depressing|scary)|"
                   r"co[sz]y|wholesome|comfort(?:ing)?|uplifting|heart-?warming|inspiring|inspirational|"
                   r"hopeful|joyful|joyous|breezy|easy[- ]?going|easy watch|silly|goofy|pure joy|serotonin|"
                   r"make (?:me|us|them|him|her) (?:laugh|smile)|(?:want|need) to (?:laugh|smile)|"
                   r"nothing (?:depressing|sad|heavy|bleak)|cheer(?:ing)? (?:me |us )?up|cheery|sunny|"
                   r"happy[- ]endings?)\b"),
        LIGHT_GENRES, DARK_FEATURES, avoid=("genre:Drama",), words="lighter"),
    "dark": Mood(re.compile(r"\b(dark(?:er)?|grittier|gritty|more serious|heavier|bleak|grim|twisted|"
                            r"downers?|disturbing|(?:messed|fucked)[- ]up|sinister|nihilistic|harrowing|"
                            r"brutal|unsettling|soul[- ]?crushing|devastating|gut[- ]?punch(?:es|ing)?|"
                            r"(?:feel|felt) (?:awful|terrible|miserable|wrecked|hollow)|"
                            r"(?:humanity|people|the world) at (?:its|their) "
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
    r"(?:whole|entire) fam(?:ily|bam)?|kids'?|children'?s?|toddlers?|"
    # "movie night with my nieces", "a film for my nephews", "something my stepdaughter can watch",
    # "my kid's birthday", "a sleepover", "babysitting tonight", "a second grader", "family-safe"
    r"(?:for|with) (?:my|our|the|a|some) (?:step|god|grand)?(?:sons|daughters|nephews?|nieces?|"
    r"kiddos?|kids|grandkids|youngsters|little ones)|"
    r"(?:my|our|the) (?:step|god|grand)?(?:son|daughter|nephew|niece|kid|kiddo|grandkid|boy|girl)s? "
    r"(?:can|could|would|will|might|should|may) (?:\w+ )?(?:watch|enjoy|like|love|see)|"
    r"stepsons?|stepdaughters?|godsons?|goddaughters?|grandsons?|granddaughters?|grandkids|grandchildren|"
    r"kiddos?|youngsters|preschoolers?|tweens?|kid'?s|sleepovers?|babysit(?:ting)?|"
    r"(?:first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th)[- ]graders?|"
    r"family[- ]safe|age[- ]appropriate)\b"
)
NO_KIDS = re.compile(
    r"\b(without (?:the |my |our )?(?:kids|children)|no kids|kids (?:are )?(?:asleep|in bed|away|gone|out)|"
    r"adults? only|grown[- ]ups? only|(?:not|aren'?t|isn'?t|are not|is not|nothing) (?:meant |made |just )?"
    r"for (?:the )?(?:kids|children)|after the kids)\b"
)
_AGE_WORD = r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
_RELATIVE = (r"(?:step|god|grand)?(?:son|daughter|niece|nephew|kids?|kiddo|child|children|boy|girl|"
             r"grandkids?|brother|sister)s?")  # fmt: skip
AGE = re.compile(
    # (not a film's age: "at least 10 years old", "over 20 years old")
    r"(?<!least )(?<!over )(?<!than )\b(\d{1,2})[- ]?(?:years?|yrs?)[- ]?olds?\b|\b(\d{1,2}) ?(?:yo|y/o)\b|"
    r"\bage[sd]? (\d{1,2})\b|"
    r"\b(?:they|theyre|they're|they are) (?:only |just |both |all )?(\d{1,2})\b"
    r"(?!\s*(?:%|percent|minutes?|mins?|hours?|hrs?|years?|films?|movies?|bucks|dollars|euros|pounds|stars?))|"
    # in words only as a viewer ("ten year olds", "a seven-year-old"), not a film's age ("ten years old")
    rf"\b({_AGE_WORD})(?: years? olds|-years?-olds?)\b|"
    rf"\b(?:{_RELATIVE} (?:is|are|'s)|(?:my|our) {_RELATIVE} (?:who|that) (?:is|are|'s)) "
    r"(?:only |just |about |nearly |almost )?(\d{1,2})\b|"
    r"\b(?:she|he)(?:'s|s| is) (?:only |just |turning |about )?(\d{1,2})\b|"
    r"\b(?:turns?|turned|turning) (\d{1,2})\b|"
    r"\b(?:kids?|children|son|daughter|boys?|girls?|twins) \((\d{1,2})\)|"
    r"\b(?:kids|children|twins) (?:under|below) (\d{1,2}|five|six|seven|eight|nine|ten|eleven|twelve)\b"
)
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
}  # fmt: skip
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
# Words of the tables above: never a surname or a theme in a request ("with kids", "date night",
# "a love story").
VOCABULARY_WORDS = frozenset(
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


# -- films like a named one ------------------------------------------------------------------------
# The phrases that ask for films like a named one ("similar to Heat", "in the vein of Memento",
# "more like the first"). The parser's seed and feedback patterns (``SEED`` in
# :mod:`recommender.dialogue.clauses`, :data:`MORE_LIKE`) and the request cues (``_SIMILAR`` and
# ``_STRONG_CUES`` in :mod:`recommender.cue_patterns`) are built from these, each with the words
# it lets come before them ("something close to", "anything close to"). A phrase one pattern reads more
# narrowly or more broadly than the others stays in that pattern ("if I liked" without
# "enjoyed", "more of" alone): sharing it would change what the pattern reads.
SIMILAR_VIBES = "vibe|feel|tone|energy|mood|style|spirit"  # "the same vibe as", "similar tone to"
LIKE_PHRASES: dict[str, str] = {
    "similar to": r"similar to",
    "in the vein of": r"in the (?:same )?(?:vein|spirit|style|mould|mold|tradition) (?:of|as)",
    "the same vein as": r"(?:same|the) vein as",
    "along the lines of": r"along the lines of",
    "close to": r"close to",
    "the same vibe as": rf"(?:similar|same) (?:{SIMILAR_VIBES})s? (?:to|as)",
    "the same ballpark": r"(?:in )?the same ballpark",
    "more like": r"more like",
}


def like_phrases(*names: str) -> str:
    """The regex alternatives of the :data:`LIKE_PHRASES` named, in the order given."""
    return "|".join(LIKE_PHRASES[name] for name in names)


# -- feedback on the list shown --------------------------------------------------------------------
ORDINALS = {
    "first": 0, "1st": 0, "top": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
    "4th": 3, "fifth": 4, "5th": 4, "last": -1,
}  # fmt: skip
ORDINAL = re.compile(r"\b(first|1st|top|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\b(?:\s+one)?")
NUMBER_ONE = re.compile(r"\b(?:number|no\.?|#)\s*([1-5])\b")
SEEN = re.compile(r"\b(seen|watched|saw|already know|watch(?:ed)? (?:it|that) already)\b")
REJECT = re.compile(
    r"\b(not that( one)?|not this( one)?|not (?:the|that|this) (?:\w+ )?one|not interested|nope|"
    r"none of (?:these|them|those)|skip (?:it|that|this)|no thanks|something else|no,? not|don'?t want|"
    r"don'?t like (?:it|that|this)|didn'?t like (?:it|that|this))\b"
)
NONE_OF = re.compile(r"\bnone of (?:these|them|those)|\b(?:all|each) of (?:these|them|those)\b|\bboth\b")
MORE_LIKE = re.compile(
    r"\b(" + like_phrases("more like", "similar to") + r"|another like|others like|more of)\b"
)  # "more like the first one"


# -- finding them in a text ------------------------------------------------------------------------


# Cached: every word and pair of words of a message is looked up, by the request cues and by the
# parser, and the same everyday words come back in every message.
@lru_cache(maxsize=8192)
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


# Two words with a genre's name in them that name no genre ("a spy film from the cold war era").
NOT_GENRE_PHRASES = frozenset(
    "cold war|star wars|culture war|culture wars|trade war|price war|gang war|gang wars|turf war|"
    "turf wars|drama queen|drama queens".split("|")
)


# The words between two genres that make either one enough: "or" and little else ("a comedy or
# maybe a drama"); "a doc about a band or a musician" asks for both (the "or" joins the band
# and the musician, not the genres).
_OR_GAP = re.compile(
    r"(?:either )?(?:(?:a|an|some) )?or(?: (?:maybe|perhaps|possibly|even|else|just))?(?: (?:a|an|some))?"
)


def genres_in(clause: str) -> tuple[list[str], list[str]]:
    """Genre labels in ``clause``: (all required, any one enough). "a sci-fi thriller" gives
    (["Sci-Fi", "Thriller"], []); "a comedy or a drama" gives ([], ["Comedy", "Drama"])."""
    words = normalise(clause).split()
    found: list[tuple[int, str]] = []
    used = [False] * len(words)
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            if any(used[i : i + size]):
                continue
            if size == 2 and f"{words[i]} {words[i + 1]}" in NOT_GENRE_PHRASES:
                used[i] = used[i + 1] = True
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
        if all(_OR_GAP.fullmatch(gap) for gap in between):
            return [], labels
    return labels, []


def person_features(name: str) -> list[str]:
    """The graph features of a person: the films they directed, wrote or acted in."""
    return [f"director:{name}", f"writer:{name}", f"actor:{name}"]


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
    suitability = age_in(text)
    if AUDIENCE.search(text):
        suitability = "kids"
    return suitability, AUDIENCE.sub(" ", AGE.sub(" ", text))


def age_in(text: str) -> Optional[str]:
    """``"kids"`` or ``"teens"`` for the youngest age ``text`` gives a viewer ("my 8-year-old",
    "(age 5)", "she's 14"), else None. An age is never part of a title, so a message's age counts
    wherever it is said ("chicken run fan here (age 8)")."""
    suitability = None
    for m in AGE.finditer(text):
        said = next(g for g in m.groups() if g)
        age = int(said) if said.isdigit() else NUMBER_WORDS[said]
        if age <= KIDS_AGE:
            suitability = "kids"
        elif age <= TEEN_AGE and suitability is None:
            suitability = "teens"
    return suitability


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
