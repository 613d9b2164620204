"""Years a recommendation message asks for: bounds ("after 2010", "nothing older than 2006"),
ranges ("between 2000 and 2009", "1960-1975"), decades ("the 90s", "forties", "the late 90s"), one
year ("from 1991", "a 1999 drama"), periods by name ("the cold war era", "pre-code"), spans back
from today ("from the last 20 years", "the past decade") and "recent".
Pure functions of the text.

:func:`parse_years` is what the parser (:mod:`recommender.dialogue`) and the request cues
(:mod:`recommender.cues`) read; :func:`only_years` tells a message of years and nothing else.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

from kg import years as kg_years
from kg.linker import normalise
from kg.years import find_years

AFTER = re.compile(r"\b(?:after|newer than|later than|post)\s+(?:(?:the\s+)?year\s+)?(\d{4})\b")
SINCE = re.compile(
    r"\b(?:since|from)\s+(\d{4})\s+(?:on(?:wards?)?|and later|or later)\b|\bsince\s+(\d{4})\b|\b(\d{4})\s*\+"
)
BEFORE = re.compile(r"\b(?:before|older than|earlier than|pre)\s+(?:(?:the\s+)?year\s+)?(\d{4})\b")
# "nothing made before 1990", "no films older than 2006", "no movies released after 1960"
_NOT = r"\b(?:nothing|not|no|none)\s+(?:(?:films?|movies?|stuff|flicks?|ones?|made|released|from)\s+){0,2}"
NOT_BEFORE = re.compile(_NOT + r"(?:older than|earlier than|before)\s+(?:(?:the\s+)?year\s+)?(\d{4})\b")
NOT_AFTER = re.compile(_NOT + r"(?:newer than|later than|after)\s+(?:(?:the\s+)?year\s+)?(\d{4})\b")
DECADE = re.compile(r"\b(?:the\s+)?(?:(19|20)?(\d)0'?s)\b")
# Decades in words ("forties war movie", "the seventies"), but not an age ("in her forties").
# (the question parser's, kg.years.DECADE_WORDS, and the 2000s)
DECADE_WORDS = {**kg_years.DECADE_WORDS, "noughties": 2000, "naughties": 2000, "two thousands": 2000}
DECADE_WORD = re.compile(r"\b(" + "|".join(DECADE_WORDS) + r")\b")
# "not from the 90s", "nothing from 1999", "no eighties stuff": years ruled out (``years_not``), not
# the years asked for.
NOT_SPAN = re.compile(_NOT + r"(?:the\s+)?(?:(19|20)?(\d)0'?s|(\d{4})|(" + "|".join(DECADE_WORDS) + r"))\b")
AN_AGE = re.compile(r"\b(?:in|into) (?:her|his|my|our|your|their|its)(?: early| late| mid)?\s*$")
# A year said as a bound or a range ("like 2012 or newer", "between 2000 and 2009"): not a title.
YEAR_PHRASE = re.compile(
    r"\b\d{4}\s+(?:or|and)\s+(?:newer|later|after|more recent|earlier|older|before)\b|"
    r"\b(?:between|from)\s+\d{4}\s+(?:and|to|till|until|through)\s+\d{4}\b|\b\d{4}\s*[-–]\s*\d{4}\b|"
    r"\b\d{4}\s+(?:to|till|until|through|thru)\s+\d{4}\b"
)
# "from 1991", "the year i was born, 1991"
IN_YEAR = re.compile(
    r"\b(?:from|in|of|during)\s+(?:(?:the\s+)?year\s+)?(\d{4})\b|"
    r"\bthe year (?:i|we|you|he|she|they|my|our|his|her)\b[^\d]{0,40}?\b(\d{4})\b"
)
BARE_YEAR = re.compile(r"\b(?:a|an|some|any)\s+(\d{4})\s+[a-z]")  # "a 1999 drama"
RECENT = re.compile(r"\b(recent|new(?:er)?|modern)\b")
# A span back from today: "from the last 20 years", "the past decade", "last couple of decades".
_COUNTS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "fifteen": 15, "twenty": 20, "thirty": 30, "couple": 2, "couple of": 2, "few": 3, "several": 3,
}  # fmt: skip
# ("last year" alone is no span: "a film i saw last year")
_COUNT = r"(?:(\d{1,2})|(" + "|".join(sorted(_COUNTS, key=len, reverse=True)) + r"))\s+"
LAST_SPAN = re.compile(rf"\b(?:last|past)\s+(?:{_COUNT}(years|decades)|(decade))\b")
# A decade as an open bound: "the 1940s or earlier", "70s or before" (up to its last year), "the
# 2000s onwards", "80s and later" (from its first year).
DECADE_BOUND = re.compile(
    r"\b(?:the\s+)?(?:(19|20)?(\d)0'?s|(" + "|".join(DECADE_WORDS) + r"))\s+(?:(?:or|and)\s+"
    r"(?:(earlier|before|older|prior)|(later|after|newer|up|beyond|since))|(on(?:wards?)?))\b"
)
# Two decades: "the 80s and 90s", "60s or 70s", "80s-90s", "from the 1970s to the 1990s": the span
# from the first to the last ("the 50s and the 70s" rules the 60s out).
_ONE_DECADE = r"(?:the\s+)?(?:(19|20)?(\d)0'?s|(" + "|".join(DECADE_WORDS) + r"))"
DECADE_PAIR = re.compile(
    rf"\b{_ONE_DECADE}\s*(?:(and|or|&|to|through|thru|till|until)\s+|[-\u2013]\s*)"
    + _ONE_DECADE
    + r"(?!\s*(?:or|and)\s+(?:earlier|before|older|prior|later|after|newer))"
)
OLDER = re.compile(r"\b(old(?:er)?|classic|vintage)\b(?! than)")

# Periods of film history said by name ("a spy film from the cold war era", "golden age
# hollywood", "pre-code", "21st century films"): the years films were made in them. A period a
# film is more often set in than made in ("depression-era drama", "the vietnam war") is a theme.
ERAS = (
    (re.compile(r"\bcold[- ]war (?:era|period|years|days|times|age)\b|\bduring the cold war\b"), 1947, 1991),
    (
        re.compile(r"\bgolden[- ]age(?: of)?(?: hollywood)?\b|\bhollywood'?s golden age\b"),
        1927,
        1960,
    ),
    (re.compile(r"\bsilent[- ](?:film |movie )?(?:era|period|days|age)\b"), None, 1929),
    (re.compile(r"\bpre[- ]code\b"), 1929, 1934),
    (re.compile(r"\bnew hollywood\b"), 1967, 1980),
    (re.compile(r"\bpost[- ]?war (?:era|period|years)\b"), 1945, 1960),
    (re.compile(r"\b(?:21st|twenty[- ]first) century\b|\bthis century\b"), 2001, None),
    (re.compile(r"\b(?:20th|twentieth) century\b"), None, 2000),
)

# "the late 90s", "early 2000s", "mid-sixties": a part of the decade (narrower than any reading of
# the words, so every film listed is in the part asked for).
_PART = re.compile(r"\b(early|mid|late)[- ]?(?:the )?(?:(?:19|20)?\d0'?s|" + "|".join(DECADE_WORDS) + r")\b")
PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}


def parse_years(text: str) -> dict:
    """The years ``text`` asks for: ``year_min`` and ``year_max`` (either, both or neither), and
    ``years_not``, a span it rules out (``[first, last]``: "not from the 90s")."""
    low = text.lower()
    if NOT_BEFORE.search(low) or NOT_AFTER.search(low) or not (ruled_out := NOT_SPAN.search(low)):
        return _part_of_decade(low, _years(low))
    return {**_part_of_decade(low, _years(NOT_SPAN.sub(" ", low))), "years_not": _span(ruled_out)}


def _span(m: re.Match) -> list[int]:
    """The years a :data:`NOT_SPAN` match rules out: a decade, or one year."""
    if m.group(3):
        return [int(m.group(3))] * 2
    start = _decade(m.group(1), m.group(2), m.group(4))
    return [start, start + 9]


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
    if m := DECADE_PAIR.search(low):
        low_start = _decade(m.group(1), m.group(2), m.group(3))
        high_start = _decade(m.group(5), m.group(6), m.group(7))
        if low_start < high_start:
            out = {"year_min": low_start, "year_max": high_start + 9}
            between = low[: m.start()].rstrip().endswith("between")
            if m.group(4) in ("and", "or", "&") and high_start > low_start + 10 and not between:
                out["years_not"] = [low_start + 10, high_start - 1]
            return out
    if m := DECADE_BOUND.search(low):
        start = _decade(m.group(1), m.group(2), m.group(3))
        return {"year_max": start + 9} if m.group(4) else {"year_min": start}
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
    for pattern, first, last in ERAS if not out else ():
        if pattern.search(low):  # (after the years said: "golden age musical from the 1940s")
            return {k: v for k, v in (("year_min", first), ("year_max", last)) if v is not None}
    if not out and (m := LAST_SPAN.search(low)):
        count = int(m.group(1)) if m.group(1) else _COUNTS.get(m.group(2) or "", 1)
        out = {"year_min": this_year() - count * (1 if m.group(3) == "years" else 10)}
    if not out and RECENT.search(low):
        out = {"year_min": 2005}
    return out


def _decade(century: Optional[str], digit: Optional[str], word: Optional[str]) -> int:
    """The first year of a decade said as digits ("1970s", "70s") or a word ("seventies")."""
    if word:
        return DECADE_WORDS[word]
    digit = digit or "0"
    return int(f"{century or ('20' if digit in '012' else '19')}{digit}0")


def this_year() -> int:
    return date.today().year


MAX_YEARS_WORDS = 8  # a range of years alone, in this many words or fewer, is what a request asks for
# The words a range of years is said with ("2015 or newer only", "after 2000 but before 2010",
# "newer than 2010 pls nothing old"): a message of years and these alone asks for films of them.
_YEAR_WORDS = frozenset(
    """only or and but newer older later earlier after before since from between to through thru than
    till until pls please plz nothing no none not old new recent made released on onwards up the
    ideally preferably just anything something stuff ones in year years decade era early mid late
    or so ish around about fresh""".split()
)


def only_years(low: str) -> bool:
    """True when ``low`` (a few words) says years and nothing else."""
    words = re.findall(r"[a-z]+|\d+", low)
    said = any(w.isdigit() and len(w) in (2, 4) for w in words) or DECADE_WORD.search(low)
    rest = [w for w in words if not (w.isdigit() or w in _YEAR_WORDS or w in DECADE_WORDS or w == "s")]
    return bool(said) and not rest and len(words) <= MAX_YEARS_WORDS
