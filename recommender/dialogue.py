"""What a recommendation message says: likes, dislikes, seeds, filters and feedback. Pure functions.

The parser reads the message itself (NLU only routes it by intent): it splits the message into
clauses, gives each clause a polarity from its cue words ("I love", "I hate", "something like"),
and links the names in it with the graph's entity linker (genres first, then films, then people,
with a surname index so that "Nolan" finds Christopher Nolan). Feedback ("seen it", "not that
one", "more like the second one") refers to the last list shown; filters ("something lighter",
"only after 2000", "from the 90s", "in French") narrow the next list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from kg.linker import EXACT, FUZZY, EntityLinker, normalise

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
}
GENRES = (
    "Action Adventure Animation Biography Comedy Crime Documentary Drama Family Fantasy History Horror "
    "Music Musical Mystery Romance Short Sport Thriller War Western Children Film-Noir IMAX Sci-Fi"
).split()
for _g in GENRES:
    GENRE_ALIASES.setdefault(normalise(_g), [f"genre:{_g}", f"tag:{_g.lower()}"])
GENRE_LABELS = {tuple(v): k for k, v in GENRE_ALIASES.items()}
# "Something lighter": at least one of these genres, none of the dark ones.
LIGHT_GENRES = ("genre:Comedy", "genre:Family", "genre:Animation", "genre:Musical", "genre:Romance",
                "genre:Children", "tag:comedy", "tag:feel-good", "tag:family")  # fmt: skip
DARK_FEATURES = ("genre:Horror", "genre:Thriller", "genre:Crime", "genre:War", "genre:Film-Noir",
                 "tag:horror", "tag:thriller", "tag:crime", "tag:dark", "tag:murder", "tag:serial killer",
                 "tag:violence", "tag:war", "tag:dark comedy", "tag:disturbing")  # fmt: skip

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
    r"fan of|loved|enjoyed|adored)\b"
)
SEED = re.compile(
    r"\b(?:something|anything|films?|movies?|ones?|stuff|more|similar)?\s*"
    r"(like|similar to|in the vein of|along the lines of|close to|resembling)\b"
)
SEEN = re.compile(r"\b(seen|watched|saw|already know|watch(?:ed)? (?:it|that) already)\b")
REJECT = re.compile(
    r"\b(not that( one)?|not this( one)?|not (?:the|that|this) (?:\w+ )?one|not interested|nope|"
    r"none of (?:these|them|those)|skip (?:it|that|this)|no thanks|something else|no,? not|don'?t want|"
    r"don'?t like (?:it|that|this)|didn'?t like (?:it|that|this))\b"
)
NONE_OF = re.compile(r"\bnone of (?:these|them|those)|\b(?:all|each) of (?:these|them|those)\b|\bboth\b")
MORE_LIKE = re.compile(r"\b(more like|similar to|another like|others like|more of)\b")
LIGHTER = re.compile(
    r"\b(light(?:er)?|lighthearted|light-hearted|fun(?:nier)?|happier|cheerful|feel[- ]good|upbeat|"
    r"less (?:dark|serious|heavy|violent|depressing|scary))\b"
)
DARKER = re.compile(r"\b(dark(?:er)?|grittier|more serious|heavier)\b")
AFTER = re.compile(r"\b(?:after|newer than|later than|post)\s+(?:the year\s+)?(\d{4})\b")
SINCE = re.compile(r"\b(?:since|from)\s+(\d{4})\s+(?:on(?:wards?)?|and later|or later)\b|\bsince\s+(\d{4})\b")
BEFORE = re.compile(r"\b(?:before|older than|earlier than|pre)\s+(?:the year\s+)?(\d{4})\b")
DECADE = re.compile(r"\b(?:the\s+)?(?:(19|20)?(\d)0'?s)\b")
IN_YEAR = re.compile(r"\b(?:from|in|of)\s+(\d{4})\b")
RECENT = re.compile(r"\b(recent|new(?:er)?|modern)\b")
OLDER = re.compile(r"\b(old(?:er)?|classic|vintage)\b(?! than)")
SURPRISE = re.compile(r"\b(surprise me|anything|random|whatever|you (?:pick|choose|decide))\b")
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
CLAUSES = re.compile(r"\s*(?:[.;!?]+|,\s*(?=(?:but|and|i|i'm|we|what|so|though|also|however)\b)|\bbut\b|"
                     r"\bwhereas\b|\bhowever\b|\bexcept\b)\s*")  # fmt: skip


@dataclass
class Mention:
    text: str
    kind: str  # film | person | genre | unknown
    name: Optional[str] = None  # the graph's name (a title, a person) or a genre label
    features: list[str] = field(default_factory=list)  # feature names (genre/person)
    candidates: list[str] = field(default_factory=list)  # for unknown film titles


@dataclass
class Parsed:
    likes: list[Mention] = field(default_factory=list)
    dislikes: list[Mention] = field(default_factory=list)
    seeds: list[Mention] = field(default_factory=list)  # "something like X": the focus of this turn
    unknown: list[Mention] = field(default_factory=list)  # names that link to nothing
    filters: dict = field(default_factory=dict)
    seen: bool = False
    reject: bool = False
    more_like: bool = False
    targets: list[int] = field(default_factory=list)  # positions in the last list the feedback is about
    target_titles: list[str] = field(default_factory=list)  # titles of the last list named in the message
    all_of_them: bool = False
    surprise: bool = False
    reset: bool = False


def _surnames(linker: EntityLinker) -> dict[str, str]:
    """Last name -> the best-connected person with it (weights are the graph degrees)."""
    cached = getattr(linker, "_surname_index", None)
    if cached is not None:
        return cached
    vocab = linker.vocab["person"]
    best: dict[str, tuple[int, str]] = {}
    for name, weight in vocab.weight.items():
        parts = normalise(name).split()
        if len(parts) < 2 or len(parts[-1]) < 3:
            continue
        if weight > best.get(parts[-1], (-1, ""))[0]:
            best[parts[-1]] = (weight, name)
    index = {k: v[1] for k, v in best.items()}
    linker._surname_index = index  # type: ignore[attr-defined]
    return index


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
            features = GENRE_ALIASES[v]
            label = features[0].split(":", 1)[1]
            return (label if features[0].startswith("genre:") else label.title()), features
    return None


def link_mention(text: str, linker: EntityLinker, films_only: bool = False) -> Mention:
    text = text.strip(" '\"“”‘’.!?")
    if not films_only and (g := genre_features(text)) is not None:
        return Mention(text, "genre", g[0], g[1])
    film = linker.link(text, "film")
    if film.status == EXACT:
        return Mention(text, "film", film.name)
    if not films_only:
        person = linker.link(text, "person")
        if person.status == EXACT:
            return Mention(text, "person", person.name, _person_features(person.name))
        key = normalise(text)
        if " " not in key and (full := _surnames(linker).get(key)):
            return Mention(text, "person", full, _person_features(full))
    if film.status == FUZZY:
        return Mention(text, "film", film.name)
    if not films_only:
        person = linker.link(text, "person")
        if person.status == FUZZY:
            return Mention(text, "person", person.name, _person_features(person.name))
    return Mention(text, "unknown", candidates=list(film.candidates))


def _person_features(name: str) -> list[str]:
    return [f"director:{name}", f"writer:{name}", f"actor:{name}"]


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


def parse_years(text: str) -> dict:
    low = text.lower()
    out: dict = {}
    if m := AFTER.search(low):
        out["year_min"] = int(m.group(1)) + 1
    elif m := SINCE.search(low):
        out["year_min"] = int(m.group(1) or m.group(2))
    if m := BEFORE.search(low):
        out["year_max"] = int(m.group(1)) - 1
    if not out and (m := DECADE.search(low)):
        century = m.group(1) or ("20" if m.group(2) in "012" else "19")
        start = int(f"{century}{m.group(2)}0")
        out = {"year_min": start, "year_max": start + 9}
    if not out and (m := IN_YEAR.search(low)):
        year = int(m.group(1))
        if 1880 <= year <= 2030:
            out = {"year_min": year, "year_max": year}
    if not out and RECENT.search(low):
        out = {"year_min": 2005}
    return out


def parse(text: str, linker: EntityLinker, last: Optional[list[str]] = None) -> Parsed:
    """Read one message. ``last`` is the list of titles shown in the previous turn."""
    text = (text or "")[:500]
    low = text.lower().replace("’", "'")
    out = Parsed()
    last = last or []
    out.reset = bool(RESET.search(low))
    out.surprise = bool(SURPRISE.search(low))
    # feedback about the last list
    out.seen = bool(SEEN.search(low))
    out.more_like = bool(MORE_LIKE.search(low))
    out.reject = bool(REJECT.search(low)) and not out.more_like
    out.all_of_them = bool(NONE_OF.search(low))
    for m in _ORDINAL.finditer(low):
        out.targets.append(ORDINALS[m.group(1)])
    for m in _NUMBER_ONE.finditer(low):
        out.targets.append(int(m.group(1)) - 1)
    key = f" {normalise(text)} "
    for title in last:
        t = normalise(title)
        if t and f" {t} " in key:
            out.target_titles.append(title)
    # filters
    filters: dict = parse_years(text)
    if LIGHTER.search(low):
        filters["mood"] = "light"
    elif DARKER.search(low) and not out.more_like:
        filters["mood"] = "dark"
    for lang in linker.find_in_text(text, "language") if "language" in linker.vocab else []:
        filters["language"] = lang
        break
    # clauses with a polarity
    for clause in (c for c in CLAUSES.split(low) if c and c.strip()):
        clause = clause.strip()
        neg = NEGATIVE.search(clause)
        pos = POSITIVE_ME.search(clause)
        seed = SEED.search(clause)
        if neg:
            for m in mentions_in(clause[neg.end() :], linker):
                (out.dislikes if m.kind != "unknown" else out.unknown).append(m)
            continue
        if pos:
            for m in mentions_in(clause[pos.end() :], linker):
                (out.likes if m.kind != "unknown" else out.unknown).append(m)
            continue
        if seed:
            rest = clause[seed.end() :]
            if _ORDINAL.search(rest) or _NUMBER_ONE.search(rest) or not _strip(rest):
                continue
            for m in mentions_in(rest, linker):
                (out.seeds if m.kind != "unknown" else out.unknown).append(m)
            continue
        # no polarity: genres are a filter ("a french comedy", "a thriller from the 90s")
        genre = _genre_in(clause)
        if genre is not None:
            filters["genre"] = genre
    out.filters = filters
    return out


def _genre_in(clause: str) -> Optional[str]:
    words = normalise(clause).split()
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            g = genre_features(" ".join(words[i : i + size]))
            if g is not None:
                return g[0]
    return None


def genre_feature_list(label: str) -> list[str]:
    g = genre_features(label)
    return g[1] if g else [f"genre:{label}"]
