"""The cue tables of :mod:`recommender.cues`: the regular expressions a message is searched for
when the routers ask whether it asks for something to watch.

Strong and weak asking cues, wanting cues, film words, occasions, nationalities, questions of
fact, questions about the service, requests for something written, the shape of one film asked
for in a few words, and the asking words misspelt. They are kept apart from the reading that
weighs them (:class:`recommender.cues.Reading`) so that each can be read on its own; their names
keep a leading underscore because only the reading uses them.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from recommender.vocabulary import like_phrases

# -- how sure a message asks for recommendations ---------------------------------------------------

_FILM = r"(?:movie|film|flick|pick|rec|recommendation|suggestion)s?"
_STRONG_CUES = re.compile(
    r"\b(recommend(?!ed)\w*|suggest(?!ed)\w*|recs?|"
    r"what (?:should|could|can|shall|do) (?:i|we|she|he|they|my \w+) (?:watch|see|put on|show|play|"
    r"bring(?: over)?|stream|rent)|"
    # "show me some westerns made after 1990" ("show me the westerns of 1990" may ask for the list)
    r"(?:show|give|find|get) (?:me|us) (?:some|a few|a couple(?: of)?) (?:\w+ ){0,2}(?:films|movies|flicks|"
    r"comedies|westerns|thrillers|dramas|musicals|documentaries|romances|romcoms|horrors|mysteries|"
    r"adventures|cartoons|biopics|classics)|"
    r"what to watch|(?:i|we) should (?:watch|see)|should (?:i|we) (?:watch|see)|in the mood for|to watch|"
    # "which kurosawa films are must-sees", "bergman films that aren't too slow" (a preference)
    r"must[- ]?(?:sees?|watch(?:es)?)|(?:are|is) essential|essential (?:viewing|watching)|"
    r"(?:that|which) (?:are ?n'?t|are not|is ?n'?t|is not) too \w+|"
    r"worth (?:watching|seeing|a watch)|"
    r"(?:pick|choose|find|give|gimme|show|get) (?:me|us) (?:a |an |some )?(?:\w+ ){0,3}"
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
    # "hayao miyazaki's best?", "the best of kurosawa": one of someone's films to watch
    r"'s (?:very )?(?:best|finest|greatest)(?: (?:one|ones|work|films?|movies?))?(?=\s*[?.!]*$)|"
    r"^\s*(?:the )?(?:very )?best of (?!the year|all time)|"
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
# Asking for advice at the end of a message ("swedish films, any tips?"): with films named, a
# request (not "going to paris, any tips?").
_TIPS = re.compile(r"\b(?:any|some|got any|have any|your) (?:tips|pointers|pick)\s*[?.!]*$")
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
    r"(?:i'?m|i am|we'?re|we are) after|"
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
    r"what (?:language|genre|rating)|(?:is|was) [^,;!?]{1,60} (?:directed|written|released)|"
    r"release (?:date|year)|(?:the )?(?:director|writer|cast|plot|budget|runtime)s? of|tell me about|"
    r"which (?:actor|actress|director|films? did|movies? did)|did .{1,60} (?:direct|write|star|play|act)|"
    # ("a movie directed by scorsese" asks for one of them)
    r"(?<!\ba )(?<!\bone )(?:movies?|films?) (?:directed|written) by|all (?:the )?(?:movies|films)|"
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
    r"add (?:a|the|this) (?:film|movie|title)|"
    # a fault described, not named ("sits there spinning", "e-231 on the telly", "all want me to
    # reconnect", "a subtitle option that shows [phone ringing]")
    r"e-\d{2,}|error(?: codes?| messages?)?|reconnect\w*|wi-?fi|(?:my|our) (?:internet|connection)|"
    r"(?:my|the|our) speakers?|spinning|buffer\w*|pixelat\w*|stutter\w*|"
    r"(?:keeps?|kept|just|it) (?:crash\w*|freez\w*)|"
    r"(?:subtitle|caption)s? (?:option|setting|track)s?)\b"
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
    # after a film: "i really dug drive, any suggestions in that style", "more along those lines"
    r"in (?:that|this|the same) (?:style|vein|spirit|mould|mold)|along (?:those|these|the same) lines|"
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
