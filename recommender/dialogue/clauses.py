"""The words that split a message into clauses (:data:`CLAUSES`) and say what each clause is:
disliked (:data:`NEGATIVE`), liked (:data:`POSITIVE_ME`), films to be like (:data:`SEED`), a
film just watched or praised that a later "it" or "more like it" refers to, and the words of the
whole message that ask for a surprise, narrow the last request or start over.

Patterns only; :func:`recommender.dialogue.message.parse` reads a message with them.
"""

from __future__ import annotations

import functools
import re

from recommender.vocabulary import LIKE_PHRASES, SIMILAR_VIBES, like_phrases

# -- what a clause says ----------------------------------------------------------------------------
# "not", "no" or "nothing" starting a clause says a dislike ("not the pirate ones", "no horror
# please", "nothing gory"), but not in "no idea", "not too long", "not from the 90s", "nothing but
# comedies".
_NOT_A_DISLIKE = (
    r"(?:not|no|nothing)\b(?! (?:too|so|very|that|really|sure|just|only|bad|older|newer|earlier|later|"
    r"idea|clue|worries|problem|rush|pressure|preference|preferences|matter|from|in|before|after|since|"
    r"one|thanks|need|more than|less than|longer|shorter|but|special|particular|much|else|specific|made|"
    r"released|at all|deep|serious|heavy|fancy|complicated|highbrow|arty)\b)"
)
NEGATIVE = re.compile(
    r"\b(hate[sd]?|hating|dislike[sd]?|can'?t stand|cannot stand|can not stand|don'?t like|do not like|"
    r"didn'?t like|did not like|not a fan of|not into|can'?t bear|loathe[sd]?|detest(?:ed)?|"
    r"no more|spare me|avoid|sick of|tired of|not big on)\b"
    # a clause of its own after "but" or a comma: "i like comedies but not romcoms", "a comedy, no
    # horror please" (not "no idea", "not too long", "not from the 90s")
    r"|(?:^|,)\s*" + _NOT_A_DISLIKE
)
POSITIVE_ME = re.compile(
    r"\b(?:i|we)(?:'m| am| really| just| do| also| totally| absolutely)*\s+"
    r"(like[sd]?|love[sd]?|enjoy(?:ed)?|adore[sd]?|dig|dug|a fan of|into|big fan of|fan of)\b"
    r"|\b(i'?m a (?:big )?fan of|my favou?rites? (?:is|are|was|were)|favou?rite(?:s)? (?:is|are)|"
    r"^\s*(?:really |just |also )?(?:liked|love[sd]?|adore[sd]?|enjoy(?:ed)?)|"
    r"fan of|loved|enjoyed|adored|obsessed with|crazy about|hooked on|"
    r"can'?t get enough of)\b"
    # someone else's taste said for them: "for someone who liked fight club", "my dad, who loves westerns"
    r"|\bwho (?:really |also |just )?(?:liked|likes|loves|enjoys|enjoyed|adores|adored)\b"
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
_THEN_LIKE = re.compile(
    r"\s*\b(?:but|and|though|yet)\s+(?:i\s+|we\s+)?(?:really\s+)?(?:love|like|adore|enjoy)[sd]?\b"
)
_NOT_NEGATIVE = re.compile(r"\b(?:won'?t|wouldn'?t|will not|would not|never|not)\s+$")
# Content a request softens rather than asks for: "a scary movie that isn't too gory", "scary but
# not too violent", "without too much gore". Said so, the content is ruled out, as ", not gory"
# and ", no gore" rule it out (:data:`NEGATIVE`); left alone, "gory" would be a theme asked for.
# Each word is said as the tag it means ("bloody": gory, not the film *Blood*).
_CONTENT = {"gory": "gory", "gore": "gore", "bloody": "gory", "blood": "gory", "gruesome": "gory",
            "violent": "violent", "violence": "violence", "graphic": "graphic", "brutal": "brutal",
            "disturbing": "disturbing"}  # fmt: skip
_CONTENT_WORD = r"(" + "|".join(_CONTENT) + r")\b"
SOFTENED = (
    (re.compile(r"\s*,?\s*\b(?:(?:that|which|but|and|just)\s+)?(?:(?:is|are|'s|s)\s*n'?t|(?:is|are|'s)\s+not|not)"
                r"\s+(?:too|overly|very|super|that|so|really)\s+" + _CONTENT_WORD), ", not "),
    (re.compile(r"\s*,?\s*\bwithout\s+(?:(?:too much|much|any|all the|the|a lot of|lots of|excessive)\s+)?"
                + _CONTENT_WORD), ", no "),
)  # fmt: skip


def softened(text: str) -> str:
    """``text`` (lower case) with softened content said as ruled out (:data:`SOFTENED`):
    "a scary movie that isn't too gory" -> "a scary movie, not gory"."""
    for pattern, said in SOFTENED:
        text = pattern.sub(functools.partial(_ruled_out, said), text)
    return text


def _ruled_out(said: str, hit: re.Match[str]) -> str:
    return said + _CONTENT[hit.group(1)]


# "surprise me", "anything!", "whatever you like": the pick is left to Encore (the list is shuffled);
# "anything similar?", "anything with Tom Hanks" ask for something, and are no surprise.
SURPRISE = re.compile(
    r"\b(?:surprise me|random|you (?:pick|choose|decide))\b|\b(?:anything|whatever)"
    r"(?:\s+(?:at all|really|is fine|is good|goes|will do|works|you (?:like|want|pick|choose|think)))?"
    r"\s*(?:$|[.!?,;:)])"
)
# "only after 2010", "but in French": narrows the request being answered, it is not a new one
REFINE = re.compile(r"^\s*(?:only|just|but|and|also|now|maybe|preferably|ideally|though|make it)\b")
RESET = re.compile(
    r"\b(start over|forget (?:it|everything|that|my preferences)|reset|clear (?:the )?filters?)\b"
)

CLAUSES = re.compile(r"\s*(?:[.;!?]+|,\s*(?=(?:but|and|i|i'm|we|what|whats|so|though|also|however|anything|"
                     r"something|any|got|more|recommend|suggest|please|pls|loved|liked|enjoyed|adored|really|"
                     r"give|gimme|show|find|need|how about)\b|" + _NOT_A_DISLIKE + ")|"
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
