"""Small talk the NLU was not sure of: a greeting, thanks or a goodbye said in the words English
chat borrows from other languages ("ciao!", "merci beaucoup", "adios amigo") or as an everyday
closing ("that's all for today, take care"), or a question of what Encore is for ("so what are
you actually capable of"). Pure functions.

Only the second stage (:mod:`actions.understand`) asks, after the NLU fell back, so nothing the
NLU understood can change; and new NLU examples for these moved other messages (a surname said
alone read as a request: docs/understanding.md). A message is small talk only when **every**
word of it belongs to these phrases or to a few fillers ("amigo", "my friend", "everyone",
emoji, punctuation): "merci pour le film", "hola, any comedies?" and "ciao bella" (a film) are
not. Only greetings, thanks, goodbyes and asking for help: never a yes or a no, which answer a
question the bot asked, a deletion's confirmation among them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

GREET, THANK, GOODBYE, HELP = "greet", "thank", "goodbye", "help"

# Written without accents: the message is compared with its accents taken off.
_PHRASES: dict[str, tuple[str, ...]] = {
    GREET: (
        "hola", "bonjour", "bonsoir", "coucou", "hallo", "guten tag", "guten morgen",
        "guten abend", "moin", "servus", "gruss gott", "buongiorno", "buonasera", "buenos dias",
        "buenas tardes", "buenas", "ola", "oi", "bom dia", "boa tarde", "hej", "hei", "hoi",
        "goedemorgen", "namaste", "konnichiwa", "shalom", "salaam", "salam", "marhaba", "merhaba",
        "aloha", "privet", "zdravstvuyte", "ahoj", "czesc", "yassou", "annyeong", "ni hao",
    ),
    THANK: (
        "merci", "merci beaucoup", "merci bien", "gracias", "muchas gracias", "mil gracias",
        "grazie", "grazie mille", "danke", "danke schon", "danke sehr", "vielen dank", "obrigado",
        "obrigada", "muito obrigado", "muito obrigada", "arigato", "arigatou", "domo arigato",
        "dank je", "dank je wel", "dank u", "bedankt", "tack", "tack sa mycket", "takk",
        "kiitos", "spasibo", "dziekuje", "dekuji", "shukran", "dhanyavaad", "dhanyavad",
        "xie xie", "kamsahamnida", "efharisto", "tesekkurler", "mahalo",
    ),
    GOODBYE: (
        "adios", "hasta luego", "hasta la vista", "hasta pronto", "hasta manana", "nos vemos",
        "chao", "au revoir", "a bientot", "a plus", "a la prochaine", "bonne nuit", "bonne soiree",
        "arrivederci", "ci vediamo", "buonanotte", "tschuss", "tschau", "auf wiedersehen",
        "bis bald", "bis spater", "bis dann", "gute nacht", "sayonara", "do svidaniya", "poka",
        "adeus", "tchau", "ate logo", "tot ziens", "doei", "hej da", "slan", "aloha oe",
        "take care", "take it easy", "have a good one", "thats all for today", "thats all for now",
        "thats it for today", "thats it for now", "thats all i needed", "im done for today",
        "im done for now", "signing off", "until next time", "til next time", "laters",
    ),
}  # fmt: skip
# "ciao" and "salut" open a conversation and close one.
_HELLO_OR_BYE = ("ciao", "salut")
# Words that may stand beside the phrases without changing what the message says.
_FILLERS = (
    "amigo", "amiga", "amigos", "mon ami", "mon amie", "mes amis", "my friend", "friend", "friends",
    "mate", "buddy", "pal", "everyone", "everybody", "all", "guys", "folks", "encore", "bot",
    "again", "so much", "very much", "a lot", "lots", "oh", "well", "and", "then", "for today",
    "for now", "tutti", "todos", "a todos", "tout le monde", "a tous", "senor", "senora", "signore",
)  # fmt: skip
_FILLER_TOKENS = {tuple(f.split()) for f in _FILLERS}
_PHRASE_TOKENS = {tuple(p.split()): intent for intent, ps in _PHRASES.items() for p in ps}
_LONGEST = max(len(t) for t in (*_FILLER_TOKENS, *_PHRASE_TOKENS))
# At most this many words: small talk is short.
MAX_WORDS = 8


# Asking what Encore is for or how to use it ("so what are you actually capable of", "new here, how
# am i meant to use this chat"): the whole message, after a greeting or "new here" at most.
_HELP = re.compile(
    r"^(?:(?:so|ok|okay|hey|hi|hello|um|well|and|new here|im new|im new here|first time here)\s+)*"
    r"(?:what (?:are you|r u|can you|do you|can this|does this)(?: \w+)? "
    r"(?:actually |even |really |exactly )?"
    r"(?:capable of|able to do|able to help with|good at|good for|do|for|help with)|"
    r"how (?:am i|do i|should i|can i|do we|are we) (?:meant |supposed )?(?:to )?use (?:this|you|it|encore)"
    r"(?: chat| bot| thing| assistant)?|"
    r"how (?:does|do) (?:this|it|you|encore)(?: chat| bot| thing| assistant)? work|"
    r"what (?:is|s) this(?: chat| bot| thing| assistant)?(?: for| about)?)"
    r"(?: exactly| then| here| again)?$"
)


def _words(text: str) -> list[str]:
    """Lower case, accents off, apostrophes dropped ("that's" -> "thats"), anything but letters
    and digits (punctuation, emoji) a space."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"['\u2019`]", "", folded).replace("ß", "ss")
    return re.findall(r"[^\W_]+", folded)


def read(text: str, started: bool = False) -> Optional[str]:
    """``greet``, ``thank`` or ``goodbye`` when every word of ``text`` is one of these phrases or
    a filler; ``help`` when the message asks what Encore can do or how to use it; else None.
    ``started``: the bot has already answered in this conversation, so "ciao" is a goodbye. A
    goodbye said with thanks is a goodbye ("merci, au revoir"), thanks said with a greeting are
    thanks."""
    words = _words(text or "")
    if not words or len(words) > 2 * MAX_WORDS:
        return None
    if _HELP.match(" ".join(words)):
        return HELP
    if len(words) > MAX_WORDS:
        return None
    said: set[str] = set()
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            span = tuple(words[i : i + size])
            if span in _PHRASE_TOKENS:
                said.add(_PHRASE_TOKENS[span])
                break
            if size == 1 and span[0] in _HELLO_OR_BYE:
                said.add(GOODBYE if started else GREET)
                break
            if span in _FILLER_TOKENS:
                break
        else:
            return None  # a word that is neither a phrase nor a filler
        i += size
    for intent in (GOODBYE, THANK, GREET):
        if intent in said:
            return intent
    return None
