"""Link film, person, genre and language mentions to the names in the graph.

The linker is pure Python over vocabularies read once from the graph: it tolerates case,
accents, punctuation, a leading article and small typos, and it says so when a mention is
ambiguous or unknown instead of guessing.

``link(mention, kind)`` resolves a mention that NLU already extracted; ``find_in_text(text,
kind)`` scans a whole message for exact (normalised) names, for when NLU extracted nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from rapidfuzz import fuzz, process

EXACT, FUZZY, AMBIGUOUS, UNKNOWN = "exact", "fuzzy", "ambiguous", "unknown"

ARTICLES = ("the ", "a ", "an ", "la ", "le ", "les ", "el ", "il ", "der ", "die ", "das ")
# Words that never make a name on their own when scanning a whole message.
STOPWORDS = frozenset(
    """a an and are about as at be by can did do does for from had has have he her him his how
    i in is it its me movie movies film films of on or she so that the their them they this to
    was were what when where which who whom why with you your it's whats who's""".split()
)
# Words of a question about a film or person, never part of the name asked about.
CUE_WORDS = STOPWORDS | frozenset(
    """whose whats wheres hows tell show give list know name names please thanks thank pls
    direct directs directed directing director directors helmed made make makes
    write writes wrote written writing writer writers screenplay script penned
    star stars starred starring acted act acts acting actor actors actress actresses cast
    appear appeared appears played play plays role roles co costar costars co-star together
    release released releases come came out premiere year years date
    genre genres kind type sort category language languages spoken
    plot story theme themes tags summary other else also all any some
    one ones someone somebody anyone person people guy man woman
    cinema picture pictures flick flicks then now again too ok okay hey hi
    wanna gonna gotta gimme lemme kinda sorta dunno ya yeah u ur im only just instead rather""".split()
)
ARTICLE_WORDS = frozenset({"the", "a", "an"})
MAX_SCAN_TOKENS = 60
MAX_NGRAM = 10
MAX_EXPAND = 4
# Names that differ only in punctuation or case ("Up" and "Up!", "Brüno" and "Bruno"): the one with
# at least this many times the facts of each other is the one meant; else the user is asked.
DOMINANT = 4


def dominant(names: list[str], weight: Callable[[str], int]) -> Optional[str]:
    """The first of ``names`` (heaviest first) when it has DOMINANT times the facts of each of
    the others ("up" is the Pixar film Up, 125 facts, not Up!, 4), else None ("solaris": Solaris
    or Solaris!). Read by the linker and the mention finder alike."""
    if len(names) > 1 and weight(names[0]) >= DOMINANT * max(weight(n) for n in names[1:]):
        return names[0]
    return None


def _without_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: ``"Amélie!"`` -> ``"amelie"``."""
    text = _without_accents(text).casefold().replace("&", " and ")
    text = re.sub(r"['’`]", "", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


SURFACE_BREAK = "|"  # marks a surface token that punctuation separates from the one before


def surface_tokens(text: str) -> list[str]:
    """The tokens of :func:`normalise`, one for one, as the message wrote them (case kept), a
    token after punctuation other than a hyphen or a full stop marked with a leading
    :data:`SURFACE_BREAK`: ``"Milos Forman, who?"`` -> ``["Milos", "Forman", "|who"]``."""
    text = re.sub(r"['’`]", "", _without_accents(text).replace("&", " and "))
    parts = re.split(r"([^\w]+)", text)
    tokens: list[str] = []
    gap = ""
    for i, part in enumerate(parts):
        if i % 2:
            gap += part
        elif part:
            broken = tokens and re.search(r"[^\s.\-]", gap.replace("_", "")) is not None
            tokens.append(SURFACE_BREAK + part if broken else part)
            gap = ""
    return tokens


# A nickname quoted between a first name and a surname: "Dwayne 'The Rock' Johnson", 'Earvin
# "Magic" Johnson'. The quotes are the only sign: a title may be quoted too ("the 'Alien' films").
_QUOTED_NICKNAME = re.compile(r"\b(\w+)\s+[\"'“‘]([^\"'“”‘’\n]{1,30})[\"'”’]\s+(\w+)\b")


def without_nicknames(text: str, is_person: Callable[[str], bool]) -> str:
    """``text`` without the quoted nicknames inside people's names: a quoted phrase between two
    words is left out when the two words are a person's name (``is_person`` of the normalised
    key): "dwayne 'the rock' johnson in something fun" -> "dwayne johnson in something fun", so
    the name is found, not the film *The Rock* inside it."""

    def drop(hit: re.Match[str]) -> str:
        name = f"{hit.group(1)} {hit.group(3)}"
        return name if is_person(normalise(name)) else hit.group(0)

    return _QUOTED_NICKNAME.sub(drop, text)


def other_number(key: str) -> str:
    """``key`` (normalised words) with its last word in the other number, the plain English way:
    "zombies" -> "zombie", "zombie" -> "zombies" ("boss" -> "bosss": never a key)."""
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key + "s"


def strip_article(key: str) -> str:
    for article in ARTICLES:
        if key.startswith(article) and len(key) > len(article):
            return key[len(article) :]
    return key


@dataclass(frozen=True)
class LinkResult:
    """What a mention links to.

    ``status`` is ``exact`` or ``fuzzy`` (``name`` is the answer), ``ambiguous`` (several names
    fit equally: see ``candidates``) or ``unknown`` (``candidates`` are suggestions, maybe none).
    """

    mention: str
    status: str
    name: Optional[str] = None
    candidates: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def found(self) -> bool:
        return self.status in (EXACT, FUZZY)


@dataclass(frozen=True)
class LinkerConfig:
    accept: float = 88.0  # fuzzy score that links without asking
    margin: float = 4.0  # ... if the runner-up is at least this much lower
    suggest: float = 65.0  # scores that are worth offering as "did you mean"
    max_candidates: int = 3


class Vocabulary:
    """Names of one kind, indexed by normalised key (with and without a leading article)."""

    def __init__(self, names: Iterable[tuple[str, int]]):
        self.weight: dict[str, int] = {}
        self.by_key: dict[str, list[str]] = {}
        for name, weight in names:
            if not name:
                continue
            self.weight[name] = max(weight, self.weight.get(name, 0))
            key = normalise(name)
            for variant in {key, strip_article(key)}:
                if variant:
                    self.by_key.setdefault(variant, []).append(name)
        for key, group in self.by_key.items():
            # Names whose exact key this is come before names that only match without article.
            group.sort(key=lambda n: (normalise(n) != key, -self.weight[n], n))
        self.keys = list(self.by_key)

    def __len__(self) -> int:
        return len(self.weight)

    def exact(self, key: str) -> list[str]:
        """Names whose key is ``key``, with or without a leading article."""
        return self.by_key.get(key) or self.by_key.get(strip_article(key)) or []


class EntityLinker:
    """Links mentions of ``film``, ``person``, ``genre`` and ``language``."""

    def __init__(
        self, vocabularies: dict[str, Iterable[tuple[str, int]]], config: Optional[LinkerConfig] = None
    ):
        self.config = config or LinkerConfig()
        self.vocab = {kind: Vocabulary(names) for kind, names in vocabularies.items()}

    def kinds(self) -> list[str]:
        return list(self.vocab)

    def link(self, mention: str, kind: str) -> LinkResult:
        vocab = self.vocab[kind]
        key = normalise(mention)[:200]
        if not key:
            return LinkResult(mention, UNKNOWN)
        names = vocab.exact(key)
        verbatim = [n for n in names if normalise(n) == key]
        if len(names) == 1 or len(verbatim) == 1:
            name = names[0] if len(names) == 1 else verbatim[0]
            return LinkResult(mention, EXACT, name, [name], 100.0)
        if (meant := dominant(verbatim or names, vocab.weight.__getitem__)) is not None:
            return LinkResult(mention, EXACT, meant, [meant], 100.0)
        if names:
            return LinkResult(mention, AMBIGUOUS, None, names[: self.config.max_candidates], 100.0)
        return self._fuzzy(mention, key, vocab)

    def _fuzzy(self, mention: str, key: str, vocab: Vocabulary) -> LinkResult:
        cfg = self.config
        hits = process.extract(key, vocab.keys, scorer=fuzz.ratio, limit=12, score_cutoff=cfg.suggest)
        if len(key.split()) > 1:
            # Word order slips ("wore bride black") are typos too.
            hits += process.extract(
                key, vocab.keys, scorer=fuzz.token_sort_ratio, limit=6, score_cutoff=cfg.suggest
            )
        scored: dict[str, float] = {}
        for matched_key, score, _ in hits:
            for name in vocab.by_key[matched_key]:
                scored[name] = max(scored.get(name, 0.0), float(score))
        ranked = sorted(scored.items(), key=lambda item: (-item[1], -vocab.weight[item[0]], item[0]))
        candidates = [name for name, _ in ranked[: cfg.max_candidates]]
        if not ranked:
            return LinkResult(mention, UNKNOWN)
        best, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if score >= cfg.accept and score - runner_up >= cfg.margin:
            return LinkResult(mention, FUZZY, best, candidates, score)
        if score >= cfg.accept:
            return LinkResult(mention, AMBIGUOUS, None, candidates, score)
        return LinkResult(mention, UNKNOWN, None, candidates, score)

    def link_in_context(self, mention: str, text: str, kind: str) -> LinkResult:
        """Link ``mention`` as NLU extracted it, or a longer span of ``text`` around it.

        NLU sometimes cuts a title short ("who directed the brid wore black" -> "black"): the
        longest span around the mention (up to ``MAX_EXPAND`` words each side) that links wins.
        """
        result = self.link(mention, kind)
        tokens = normalise(text).split()[:MAX_SCAN_TOKENS]
        core = normalise(mention).split()
        start = _find_sublist(tokens, core)
        if start < 0 or not core:
            return result
        end = start + len(core)
        best, best_size = (result, len(core)) if result.found else (None, 0)
        for left in range(max(0, start - MAX_EXPAND), start + 1):
            for right in range(end, min(len(tokens), end + MAX_EXPAND) + 1):
                size = right - left
                if size <= best_size or size == len(core):
                    continue
                words = tokens[left:right]
                # Question words never start or end a name ("directed kismet" is no title).
                if (words[0] in CUE_WORDS and words[0] not in ("the", "a", "an")) or words[-1] in CUE_WORDS:
                    continue
                candidate = self.link(" ".join(words), kind)
                if candidate.found:
                    best, best_size = candidate, size
        return best or result

    def guess_mention(
        self, text: str, cues: frozenset[str] = CUE_WORDS, joiners: frozenset[str] = ARTICLE_WORDS
    ) -> Optional[str]:
        """The longest run of words in ``text`` that are not question words (``cues``): for a
        message where NLU found no entity ("who directed Kismat?" -> "Kismat"). ``joiners`` may
        sit inside a name ("the", "of" ...); a possessive "'s" is dropped. ``None`` if none."""
        words = re.findall(r"[^\W_]+(?:['’.-][^\W_]+)*", text[: MAX_SCAN_TOKENS * 20])
        best: list[str] = []
        run: list[str] = []
        for word in words + [""]:
            word = re.sub(r"['’]s$", "", word)  # "Merle Obreon's films"
            key = normalise(word)
            if key and key not in cues:
                run.append(word)
                continue
            if key in joiners and run:
                run.append(word)  # "the" inside a title
                continue
            while run and normalise(run[-1]) in joiners:
                run.pop()
            if len(" ".join(run)) > len(" ".join(best)):
                best = run
            run = []
        mention = " ".join(best)
        return mention if len(mention) >= 3 else None

    def find_in_text(self, text: str, kind: str) -> list[str]:
        """Names of ``kind`` that occur verbatim (normalised) in ``text``, longest first.

        Only used when NLU found no entity: exact matches only, never a lone stopword.
        """
        vocab = self.vocab[kind]
        tokens = normalise(text).split()[:MAX_SCAN_TOKENS]
        found: list[str] = []
        covered: set[int] = set()
        for size in range(min(MAX_NGRAM, len(tokens)), 0, -1):
            for start in range(0, len(tokens) - size + 1):
                span = set(range(start, start + size))
                if span & covered:
                    continue
                words = tokens[start : start + size]
                if all(w in STOPWORDS or w.isdigit() for w in words) or len(" ".join(words)) < 3:
                    continue
                names = vocab.by_key.get(" ".join(words))
                if names and normalise(names[0]) == " ".join(words):
                    found.append(names[0])
                    covered |= span
        return found


def _find_sublist(tokens: list[str], part: list[str]) -> int:
    for i in range(len(tokens) - len(part) + 1):
        if tokens[i : i + len(part)] == part:
            return i
    return -1
