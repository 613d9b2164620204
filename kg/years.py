"""Years, decades and ranges of years in a message: "1987", "the 90s", "after 2000", "from 1955
to 1975", "1990 onwards".

Read by regular expressions over the tokens of the normalised message (:func:`kg.linker.normalise`),
beside the names :mod:`kg.mentions` finds: a year is a constraint or a topic ("films from 1987",
"what came out in 1987"), and the question parser (:mod:`kg.parser`) and the recommendation reader
(:mod:`recommender.years`) decide which. A year said as a bound ("before 1980", "2012 or newer") is
a :class:`YearRange` open at one end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class YearRange:
    start: int  # token offsets of the phrase
    end: int
    year_from: Optional[int]
    year_to: Optional[int]
    exact: Optional[int] = None  # a single year ("in 1987"): may be a topic as well

    def label(self) -> str:
        if self.exact is not None:
            return str(self.exact)
        if (
            self.year_from
            and self.year_to
            and self.year_to - self.year_from == 9
            and self.year_from % 10 == 0
        ):
            return f"the {self.year_from}s"
        if self.year_from and self.year_to:
            return f"{self.year_from}-{self.year_to}"
        if self.year_from:
            return f"{self.year_from} or later"
        return f"{self.year_to} or earlier"


DECADE = re.compile(r"^(?:(1[89]|20)(\d)0s|(\d)0s)$")
YEAR = re.compile(r"^(18[89]\d|19\d\d|20[0-3]\d)$")
# Decades in words, after "the" ("cold war films from the sixties"; "in her forties" is an age)
DECADE_WORDS = {"twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950, "sixties": 1960,
                "seventies": 1970, "eighties": 1980, "nineties": 1990}  # fmt: skip
# Words before a year that make it a bound: (words, inclusive, lower bound?)
AFTER_WORDS = {("after",): False, ("since",): True, ("later", "than"): False, ("newer", "than"): False,
               ("from",): True, ("starting",): True, ("beginning",): True, ("post",): False}  # fmt: skip
BEFORE_WORDS = {("before",): False, ("until",): True, ("till",): True, ("prior", "to"): False,
                ("earlier", "than"): False, ("older", "than"): False, ("up", "to"): True,
                ("pre",): False}  # fmt: skip
# "from 1990 onwards", "1990 or later"
ONWARDS_PAIRS = (
    ["or", "later"],
    ["and", "later"],
    ["or", "after"],
    ["and", "after"],
    ["or", "newer"],
    ["and", "newer"],
    ["or", "more"],
)  # "2012 or more recent"
# "from 1990 to 1995", "between 1990 and 1995"
RANGE_JOIN = frozenset({"to", "and", "through", "until", "till"})


def _bound(tokens: list[str], i: int, table: dict[tuple[str, ...], bool]) -> Optional[tuple[int, bool]]:
    """(start, inclusive) of a bound phrase ending just before token ``i`` (or before "year" or
    "the year" there: "after year 2005", "before the year 1950"), if there is one."""
    if tokens[i - 1 : i] == ["year"]:
        i -= 2 if tokens[i - 2 : i - 1] == ["the"] else 1
    for words, inclusive in table.items():
        n = len(words)
        if i - n >= 0 and tuple(tokens[i - n : i]) == words:
            return i - n, inclusive
    return None


def find_years(tokens: list[str]) -> list[YearRange]:
    """Years, decades and ranges in normalised tokens: ``1987``, ``the 90s``, ``after 2000``,
    ``prior to 1965``, ``pre-1965``, ``from 1955 to 1975``, ``between 1990 and 1995``,
    ``1990-1995``, ``1990 onwards``, ``the sixties``."""
    found: list[YearRange] = []
    skip = -1
    for i, token in enumerate(tokens):
        if i <= skip:
            continue
        prev = tokens[i - 1] if i else ""
        if token in DECADE_WORDS and prev in ("the", "early", "late", "mid"):
            base = DECADE_WORDS[token]
            found.append(YearRange(i - 1, i + 1, base, base + 9))
            continue
        decade = DECADE.match(token)
        if decade:
            if decade.group(1):
                base = int(decade.group(1) + decade.group(2) + "0")
            else:
                digit = int(decade.group(3))
                base = (2000 if digit <= 2 else 1900) + digit * 10
            start = i - 1 if prev in ("the", "early", "late", "mid") else i
            found.append(YearRange(start, i + 1, base, base + 9))
            continue
        if not YEAR.match(token):
            continue
        year = int(token)
        nxt = tokens[i + 1 : i + 3]
        # a range: "from 1955 to 1975", "between 1990 and 1995", "1990 to 1995"
        if len(nxt) == 2 and nxt[0] in RANGE_JOIN and YEAR.match(nxt[1]) and int(nxt[1]) >= year:
            start = i - 1 if prev in ("from", "between") else i
            found.append(YearRange(start, i + 3, year, int(nxt[1])))
            skip = i + 2
            continue
        # "2010-2015" (normalised to "2010 2015"): a later year right after is the range's end
        if nxt[:1] and YEAR.match(nxt[0]) and int(nxt[0]) > year:
            start = i - 1 if prev in ("from", "between", "in") else i
            found.append(YearRange(start, i + 2, year, int(nxt[0])))
            skip = i + 1
            continue
        after = _bound(tokens, i, AFTER_WORDS)
        before = _bound(tokens, i, BEFORE_WORDS)
        if after and tokens[after[0]] == "from":
            prev = "from"  # "from the year 1946" is "from 1946"
        onwards = nxt[:1] in (["onwards"], ["onward"], ["on"]) or nxt[:2] in ONWARDS_PAIRS
        earlier = nxt[:2] in (
            ["or", "earlier"],
            ["or", "before"],
            ["and", "earlier"],
            ["or", "older"],
            ["and", "older"],
        )
        if after and (after[1] or prev != "from" or onwards):
            if prev == "from" and not onwards:
                found.append(YearRange(i, i + 1, year, year, exact=year))  # "films from 1987"
                continue
            found.append(YearRange(after[0], i + 1, year if after[1] else year + 1, None))
        elif before:
            found.append(YearRange(before[0], i + 1, None, year if before[1] else year - 1))
        elif onwards:
            found.append(YearRange(i, i + 1, year, None))
        elif earlier:
            found.append(YearRange(i, i + 1, None, year))
        else:
            found.append(YearRange(i, i + 1, year, year, exact=year))
    return found
