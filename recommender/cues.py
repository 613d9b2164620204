"""How a message reads as a request for something to watch rather than a question: pure and
fast functions of the text (no linker), for the routers that decide between recommendations,
film questions, support and creative requests.

- :func:`request_strength`: how sure a message asks for recommendations (0 to 1);
- :func:`asks_for_similar`: it asks for films like one it names;
- :func:`is_bare_list`: it names films in the plural with no word of asking;
- :func:`asks_for_one`: a few words that ask for one film ("emma thompson drama");
- :func:`asks_nothing`: no question of fact, about the service or for something written;
- :func:`is_feedback`: it says something about a list of films shown.

A message is read once (:func:`reading`): each cue is searched for at most once, however many of
these are asked of the message in one turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Mapping

from rapidfuzz.distance import Levenshtein

from recommender.vocabulary import (
    MORE_LIKE,
    NONE_OF,
    NUMBER_ONE,
    ORDINAL,
    REJECT,
    SEEN,
    audience_in,
    compounds_in,
    genre_features,
    genres_in,
    like_phrases,
    moods_in,
)
from recommender.years import only_years, parse_years

MAX_TEXT = 500  # characters of a message read

# -- how sure a message asks for recommendations ---------------------------------------------------

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
    r"(?:got|know|have) (?:any|a|some) (?:good|great)|watch tonight|(?:movie|film) ideas?|"
    # films like a named one (the shared phrases, and this pattern's own narrower ones)
    + like_phrases("similar to")
    + r"|something like|"
    + like_phrases("more like")
    + r"|(?:movies?|films?|anything|something|ones?|stuff|things?) like|"
    r"(?:anything|something|more|ones?) similar|if (?:i|we) (?:liked|loved)|"
    + like_phrases("the same vein as", "the same vibe as")
    + r"|in the (?:same )?(?:vein|spirit|style) of|"
    + like_phrases("along the lines of")
    + r"|(?:anything|something) "
    + like_phrases("close to")
    + r"|(?:type|kind|sort|style) of (?:movie|film|flick|thing)|"
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
# Asking without an asking word: praise that wants an instance ("cate blanchett being brilliant in
# something"), hearsay about a kind ("danish drama, heard they do those well"), a kind not yet
# seen ("czech cinema? never seen any"), and some of a person's or a kind's films ruled out
# ("johnny depp but not the pirate ones"): each asks for one to watch, not for the list.
_ASKING_OBLIQUELY = re.compile(
    r"\b(?:in (?:something|anything)(?: \w+){0,3}\s*[.!]*$|"
    r"(?:i'?ve )?(?:heard|hear|i'?m told|people say|they say) (?:that )?(?:they|it|those|these|he|she|"
    r"the \w+)(?:'re|'s| are| is)? (?:do|does|make|makes|did|are|is|were|was)? ?(?:\w+ ){0,2}"
    r"(?:good|great|well|amazing|brilliant|excellent|incredible)|"
    r"never (?:seen|watched|tried) (?:any|one|a single|anything)|(?:want|wanna|trying|like) to get into|"
    r"(?:but |just )?not (?:the|any|those) (?:\w+ ){0,2}(?:ones|remakes|sequels|films|movies|stuff)\b)"
)
# "Liked The Matrix, what else?", "loved Amelie, anything similar", "loved gattaca. what's next?":
# a taste and a request.
_TASTE_THEN_ASK = re.compile(
    r"\b(?:liked|loved|enjoyed|adored|(?:big )?fan of|obsessed with|into)\b.{1,80}?"
    r"\b(?:what else|what next|(?:what(?:'s|s| is)? next|what now|now what|(?:any|some) more)(?=\s*[?.!]*$)|"
    r"anything (?:else|similar)|something (?:else|similar)|"
    r"where (?:do|should|can) (?:i|we) go (?:from here|next)|"
    r"more (?:of )?(?:that|those|the same)|similar|what (?:should|could|can) (?:i|we))\b"
)
# "Recomend", "reccomend", "sugest": the strong cue words misspelt (a word of the same start, an
# edit or two away; past forms are not asks: "my recommended row").
_CUE_TYPOS = (("recommend", 2), ("suggest", 1))
# Films said to suit someone ("kid-safe movies", "films for my kids"): a request, never a list of
# facts ("family films", "children's films" are genres: they can be either).
_SUITED = re.compile(
    r"\b(?:(?:kid|kids|child|children|family)[- ]?(?:friendly|safe|appropriate|suitable|proof)|"
    r"(?:suitable|appropriate|fine|ok|okay|safe|good) for (?:the )?(?:whole |entire )?"
    r"(?:family|kids|children)|"
    r"(?:for|with) (?:the |my |our |a |young |little |small )*"
    r"(?:kids?|children|child|little ones|toddlers?|grandkids|grandchildren))\b"
)
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
    r"\b(gimme|give me|wanna|want|looking for|look(?:ing)? out for|feeling|feel like|"
    r"in (?:the|a|an) (?:\w+ )?mood|"
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
    r"hebrew|yiddish|serbian|croatian|bosnian|slovak|slovenian|bulgarian|macedonian|albanian|ukrainian|"
    r"georgian|armenian|estonian|latvian|lithuanian|welsh|catalan|basque|galician|flemish|mandarin|"
    r"tibetan|mongolian|kurdish|bengali|tamil|telugu|malayalam|marathi|punjabi|urdu|nepali|malay|"
    r"swahili|zulu|afrikaans|"
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
    r"\b(?:"
    + like_phrases("similar to")
    + r"|(?:something|anything|movies?|films?|ones?|stuff|more|others?|another) "
    r"(?:like|similar)(?! (?:a|an|the) (?:\w+ )?(?:question|answer)\b)|"
    + like_phrases("in the vein of", "the same vein as", "along the lines of")
    + r"|(?:anything|something|stuff|films?|movies?) "
    + like_phrases("close to")
    + "|"
    + like_phrases("the same vibe as", "more like")
    + r"|if (?:i|we) (?:liked|loved|enjoyed)|(?:hits|feels|plays|lands) like that|"
    r"scratch(?:es)? (?:that|the) (?:same )?itch|"
    + like_phrases("the same ballpark")
    + r"|more of (?:that|this|the same)|"
    r"(?:my )?next obsession|fans of .{2,60} would (?:enjoy|like|love)|\w-ish\b|"
    r"(?:type|style|kind|sort) (?:of )?humou?r|"
    # "raising arizona type madness", "a die hard style movie" (not "what type of films")
    r"(?!(?:what|which|that|this|same|any|the|a|an|some|every|each|no|one)\b)\w+ (?:type|style) "
    r"(?:madness|stuff|chaos|energy|vibes?|fun|films?|movies?|flicks?|ones?|things?))\b"
)
_PLURAL_FILMS = re.compile(
    r"\b(?:films|movies|flicks|pictures|pics|comedies|westerns|thrillers|dramas|musicals|documentaries|"
    r"romances|romcoms|horrors|mysteries|adventures|cartoons|biopics|classics)\b"
)


# -- one message, read once -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """A message as the cues read it (``low``: its first MAX_TEXT characters in lower case, ’ as
    '). Each pattern is searched for at most once (:meth:`has`), and each answer below is worked
    out once, however many of them are asked: the recommendation reader's claims
    (:func:`actions.claims.claims_of`), the router's questions and the recommendation action ask
    several of the same message in one turn."""

    low: str
    # id of a pattern -> found. The patterns are module constants (they live as long as the
    # process); a compiled pattern hashes its whole program, so its id is much quicker to look up.
    _found: dict[int, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    def has(self, pattern: re.Pattern) -> bool:
        """Whether ``pattern`` occurs in the message."""
        found = self._found.get(id(pattern))
        if found is None:
            found = self._found[id(pattern)] = bool(pattern.search(self.low))
        return found

    @cached_property
    def asked(self) -> Reading:
        """The message without a wish to know ("i want to know when films about X came out"
        wants facts): the reading :attr:`strength` weighs."""
        low = _TO_KNOW.sub(" ", self.low)
        return self if low == self.low else Reading(low)

    @cached_property
    def years(self) -> Mapping[str, int]:
        """:func:`recommender.years.parse_years` of the message (read-only)."""
        return MappingProxyType(parse_years(self.low))

    @cached_property
    def cue_typo(self) -> bool:
        """A misspelt "recommend" or "suggest" in the message."""
        return _cue_typo(self.low)

    @cached_property
    def strength(self) -> float:
        """:func:`request_strength`."""
        return _strength(self.asked)

    @cached_property
    def explicit(self) -> bool:
        """:func:`asks_outright`."""
        if self.has(_ANY_WH) or self.has(_FACT_QUESTIONS) or self.has(_SERVICE) or self.has(_CREATIVE):
            return False
        # "a film that came out in 1984": one film wanted, in the form of a request
        indefinite = self.has(_INDEFINITE_REQUEST) and "?" not in self.low and self.has(_FILM_WORDS)
        return (
            self.has(_STRONG_CUES)
            or self.has(_TASTE_THEN_ASK)
            or self.cue_typo
            or self.has(_ASKING_OBLIQUELY)
            or indefinite
        )

    @cached_property
    def similar(self) -> bool:
        """:func:`asks_for_similar`."""
        return self.has(_SIMILAR) and not self.has(_FACT_QUESTIONS)

    @cached_property
    def bare_list(self) -> bool:
        """:func:`is_bare_list`."""
        low = self.low
        if "," in low and "?" not in low and not self.has(_ANY_WH):
            return False  # "westerns made after 1990, the revisionist ones": a comment, no question
        return self.has(_PLURAL_FILMS) and not (
            self.has(_STRONG_CUES)
            or self.has(_ASKING_OBLIQUELY)
            or self.has(_TASTE_THEN_ASK)
            or self.has(_WANT)
            or self.has(_ASKING)
            or self.has(_GOOD)
            or self.has(_SIMILAR)
            or self.has(_SUITED)  # "kid safe movies": whom they suit is a request's, not a fact
            or self.cue_typo
        )

    @cached_property
    def one(self) -> bool:
        """:func:`asks_for_one`."""
        low = self.low
        if low.startswith("/"):
            return False  # a button
        words = re.findall(r"[a-z0-9'-]+", low)
        if not 2 <= len(words) <= MAX_ONE_FILM_WORDS or "?" in low:
            return False
        if any(self.has(p) for p in (_ANY_WH, _NOT_ONE, _FACT_QUESTIONS, _SERVICE, _CREATIVE)):
            return False
        if self.has(_ONE_FILM):
            return True
        last = words[-1]
        return genre_features(last) is not None and not last.endswith("s")

    @cached_property
    def statement(self) -> bool:
        """:func:`asks_nothing`."""
        low = self.low
        if low.startswith("/") or "?" in low:
            return False
        return not any(self.has(p) for p in (_WH_START, _FACT_QUESTIONS, _SERVICE, _CREATIVE))

    @cached_property
    def feedback(self) -> bool:
        """:func:`is_feedback`."""
        return any(self.has(p) for p in (SEEN, REJECT, NONE_OF, MORE_LIKE, ORDINAL, NUMBER_ONE))


# Everyday misspellings of the words requests start with ("somthing in irish gaelic").
_SOMETHING_TYPOS = re.compile(r"\b(?:somthing|somethin|sumthing|sumthin|somethng|smthng|smth|someting)\b")
_ANYTHING_TYPOS = re.compile(r"\b(?:anythin|anyting|anythng|anythig|anythign)\b")


@lru_cache(maxsize=256)
def reading(text: str) -> Reading:
    """The reading of ``text`` (the last messages' readings are kept, so one turn reads its message
    once)."""
    low = (text or "")[:MAX_TEXT].lower().replace("’", "'")
    return Reading(_ANYTHING_TYPOS.sub("anything", _SOMETHING_TYPOS.sub("something", low)))


def _strength(r: Reading) -> float:
    """:func:`request_strength` of a reading (its :attr:`Reading.asked`)."""
    low = r.low
    if not low.strip():
        return 0.0
    genres, moods, rest = compounds_in(low)
    suitability, rest = audience_in(rest)
    found, rest = moods_in(rest)
    plain, any_of = genres_in(rest)
    national = bool(_NATIONAL.search(rest))
    # each kind of constraint once: a genre or mood, an audience, a genre list, a language
    topical = min(3, bool(genres or moods or found) + bool(suitability) + bool(plain or any_of) + national)
    years = r.years
    bound = years.get("year_min") != years.get("year_max")
    if not topical and bound and (only_years(low) or r.has(_WANT)):
        # "2015 or newer only", "after 2000 but before 2010", "nothing made after 1955, im in a
        # vintage mood"; not a question or a follow-up of one ("what about the 90s ones?" after
        # a film answer)
        topical = int(not r.has(_ANY_WH) and "?" not in low)
    weak = r.has(_WEAK_CUES)
    film = r.has(_FILM_WORDS)
    asked = (
        r.has(_STRONG_CUES)
        or r.has(_TASTE_THEN_ASK)
        or (r.has(_ASKING_OBLIQUELY) and not r.has(_ANY_WH))
        or r.cue_typo
        or bool(r.has(_WHATS_GOOD) and (topical or r.has(_FILM_WORD)))
    )
    # a wanting cue with a film word or a genre, mood or audience: "gimme a movie", "any finnish
    # comedies", "nothing too scary, it's for the grandkids", "best Pacino movie to start with"
    wants = r.has(_WANT) or bool(r.has(_GOOD) and not r.has(_TOLD))
    strong = asked or bool((film or topical) and wants)
    # a message that starts with what it wants: "mystery thriller to keep me guessing",
    # "anything from before 1950"
    wh = r.has(_WH_START)
    head = " ".join(low.split()[:3])
    leading = (
        bool(genres_in(" ".join(low.split()[:2]))[0])
        or bool(moods_in(head)[0])
        or bool(years and (r.has(_ASKING) or film))
    )  # "late 90s movie to feel young again"
    score = 0.1 + (0.7 if strong else 0.2 if weak else 0.0)
    score += (0.3, 0.45, 0.5)[topical - 1] if topical else 0.0
    if (topical or leading) and not strong and (film or leading or r.has(_ASKING)) and not wh:
        score += 0.3  # "something upbeat", "a comedy", "a war movie", "an action adventure romp"
    elif topical > 1 and not strong:
        score += 0.15  # "kid-friendly comedy", "nothing too scary for the grandkids"
    if years and (topical or weak):
        score += 0.1  # "forties war movie", "a thriller that came out in 2005"
    indefinite = r.has(_INDEFINITE_REQUEST) and "?" not in low and not r.has(_ANY_WH)
    if indefinite and (film or topical or low.lstrip().startswith("something")):
        score = max(score, 0.9)
    if r.has(_FACT_QUESTIONS):
        score -= 0.6
    elif wh and not asked:
        score -= 0.25
    if r.has(_CREATIVE) and not asked:
        score -= 0.5
    if r.has(_SERVICE):
        score = min(score - 0.6, 0.3)
    elif r.has(_SIMILAR) and not r.has(_FACT_QUESTIONS) and not r.has(_CREATIVE):
        score = max(score, 0.95)  # films like a named one: nothing else reads it as well
    return round(min(1.0, max(0.0, score)), 3)


# -- what the routers ask -------------------------------------------------------------------------


def request_strength(text: str) -> float:
    """How sure ``text`` asks for film recommendations, from 0 to 1 (pure and fast: no linker).

    Recommendation cues ("recommend", "what should I watch", "in the mood for", "movie night",
    "something like") raise it most (0.8 on their own); weaker ones ("something", "a movie") a
    little; genre, mood, audience and nationality words ("a comedy", "something scary", "for my
    kids", "a korean film") raise it; questions about facts ("who directed", "when was", "tell me
    about") and about the service ("my profile", "how do I") lower it."""
    return reading(text).strength


def asks_outright(text: str) -> bool:
    """True when ``text`` asks for something to watch in so many words ("recommend", "what should i
    watch", "any hindi films you'd vouch for", "never seen any", "but not the pirate ones", "a film
    that came out in 1984") and asks
    no question of fact, about the service or for something written: words no reading of a film
    question explains. Pure: no linker."""
    return reading(text).explicit


def asks_for_similar(text: str) -> bool:
    """True when ``text`` asks for films like one it names (pure: no linker), and is not a
    question about facts ("who directed the films similar to ...": none are)."""
    return reading(text).similar


def is_bare_list(text: str) -> bool:
    """True when ``text`` names films in the plural with no word of asking or wanting
    ("comedies from 1999", "french films of the 60s") and no comment after a comma that is no
    question ("iranian films in persian, heard theyre amazing"): the list a film question gives,
    unless the NLU reads a request. Pure: no linker."""
    return reading(text).bare_list


def asks_for_one(text: str) -> bool:
    """True when ``text`` is a few words that ask for one film without a question (see
    :data:`_ONE_FILM`): a singular film word or genre word last. Pure: no linker."""
    return reading(text).one


def asks_nothing(text: str) -> bool:
    """True when ``text`` asks no question of fact, about the service or for something written
    ("statham punching people, nothing deep", "fassbinder, where do i even start"): no question
    mark, no question word first. Pure: no linker."""
    return reading(text).statement


def is_feedback(text: str) -> bool:
    """True when ``text`` says something about a list of films shown ("seen it", "not that one",
    "the second one", "none of these", "more like the first"). Pure: no linker."""
    return reading(text).feedback
