"""The constraints of a request, on the catalogue: which films satisfy them, and the words for them.

Constraints (:mod:`recommender.dialogue` reads them): every film listed satisfies every one of
them (genres, moods, people, audience suitability, language, years, topics). When none is left, the least
important one is dropped and the answer says so (mood, then years, language, topics, genres);
people and suitability are never dropped: then nothing is shown. A list that depends on nothing the user said
(no constraint, no taste, no history) says so.

A filters dict is ``Parsed.filters`` (see docs/recommendations.md); the masks are boolean arrays over
the catalogue's films. The masks that depend only on the catalogue are cached on it
(``cat._has_genre``, ``cat._unsuitable``).

Themes named without a cue ("zombie apocalypse movie", "vampires!") are not constraints of their own:
:mod:`recommender.theme_films` says which tags are themes and which films have them.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from recommender import vocabulary
from recommender.catalog import Catalog

COMPOUND_NAMES = {("Comedy", "Romance"): "romantic comedy"}


def join_and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def join_or(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def normalised(filters: dict) -> dict:
    """``filters`` with the genres as a list (states saved before it hold one ``genre``)."""
    if "genre" not in filters:
        return filters
    out = {k: v for k, v in filters.items() if k != "genre"}
    genres = vocabulary.genre_filter(filters)
    if genres:
        out["genres"] = genres
    return out


def describe(filters: dict) -> str:
    """The constraints in words ("family-friendly comedy films from 1990 on"); "" for none."""
    filters = normalised(filters)
    parts = []
    if filters.get("suitability") == "kids":
        parts.append("family-friendly")
    elif filters.get("suitability") == "teens":
        parts.append("teen-friendly")
    parts += [vocabulary.MOODS[m].words for m in vocabulary.mood_filter(filters)]
    if filters.get("language"):
        parts.append(filters["language"])
    for group in filters.get("people") or []:
        parts.append(join_and(list(group)))
    genres = [g for g in filters.get("genres") or []]
    named = COMPOUND_NAMES.get(tuple(sorted(genres)))
    words = [named] if named else [g.lower() for g in genres]
    if filters.get("genres_any"):
        words.append(join_or([g.lower() for g in filters["genres_any"]]))
    parts.append(f"{' '.join(words)} films" if words else "films")
    if filters.get("topics"):
        parts.append(f"about {join_and(list(filters['topics']))}")
    elif filters.get("themes"):
        themes = [f"“{t}”" for t in filters["themes"]]
        parts.append(f"with the theme{'s' if len(themes) > 1 else ''} {join_or(themes)}")
    lo, hi = filters.get("year_min"), filters.get("year_max")
    if lo and hi and lo == hi:
        parts.append(f"from {lo}")
    elif lo and hi:
        parts.append(f"from {lo} to {hi}")
    elif lo:
        parts.append(f"from {lo} on")
    elif hi:
        parts.append(f"up to {hi}")
    if filters.get("years_not"):
        parts.append(f"not from {years_said(*filters['years_not'])}")
    text = " ".join(parts)
    return "" if text == "films" else text


def years_said(first: int, last: int) -> str:
    """ "1995", "the 1990s", "1990 to 1995"."""
    if first == last:
        return str(first)
    if first % 10 == 0 and last == first + 9:
        return f"the {first}s"
    return f"{first} to {last}"


def feature_mask(cat: Catalog, names: list[str]) -> np.ndarray:
    cols = [cat.feature_index[n] for n in names if n in cat.feature_index]
    if not cols:
        return np.zeros(len(cat.titles), dtype=bool)
    return np.asarray(cat.features_csc[:, cols].sum(axis=1)).ravel() > 0


def group_mask(cat: Catalog, names: list[str] | tuple[str, ...]) -> np.ndarray:
    """Films with one of ``names``; a tag that only repeats a genre's name ("tag:family" on
    The Godfather) counts only for a film the catalogue gives no genre at all."""
    plain = [n for n in names if n not in vocabulary.GENRE_NAME_TAGS]
    genre_tags = [n for n in names if n in vocabulary.GENRE_NAME_TAGS]
    ok = feature_mask(cat, plain)
    if genre_tags:
        ok |= feature_mask(cat, genre_tags) & ~has_genre(cat)
    return ok


def has_genre(cat: Catalog) -> np.ndarray:
    cached = getattr(cat, "_has_genre", None)
    if cached is None:
        cached = feature_mask(cat, [f for f in cat.feature_names if f.startswith("genre:")])
        cat._has_genre = cached  # type: ignore[attr-defined]
    return cached


def unsuitable(cat: Catalog, suitability: str) -> np.ndarray:
    """Films not for ``suitability`` ("kids", "teens"): an adult certificate or an adult-content
    tag; for children also a genre no children's film has (Thriller, Crime, War, Film-Noir)
    unless the film is also a Children or Family film, and Horror."""
    cache = getattr(cat, "_unsuitable", None)
    if cache is None:
        cache = cat._unsuitable = {}  # type: ignore[attr-defined]
    if suitability not in cache:
        certificates = cat.certificates or [[] for _ in cat.titles]
        bad = np.array(
            [bool(vocabulary.ADULT_CERTIFICATES.intersection(c)) for c in certificates], dtype=bool
        )
        bad |= feature_mask(cat, list(vocabulary.ADULT_TAGS))
        if suitability == "kids":
            family = feature_mask(cat, list(vocabulary.KIDS_GENRES))
            bad |= feature_mask(cat, list(vocabulary.KIDS_CONTRADICTING)) & ~family
            bad |= feature_mask(cat, list(vocabulary.KIDS_NEVER))
        cache[suitability] = bad
    return cache[suitability]


def filter_mask(cat: Catalog, filters: dict) -> np.ndarray:
    """Films that satisfy every constraint of ``filters``."""
    filters = normalised(filters)
    ok = np.ones(len(cat.titles), dtype=bool)
    for label in filters.get("genres") or []:
        ok &= group_mask(cat, vocabulary.genre_feature_list(label))
    if filters.get("genres_any"):
        ok &= group_mask(cat, [f for g in filters["genres_any"] for f in vocabulary.genre_feature_list(g)])
    if filters.get("language"):
        ok &= feature_mask(cat, [f"language:{filters['language']}"])
    lo, hi = filters.get("year_min"), filters.get("year_max")
    if lo or hi:
        dated = cat.min_year > 0
        ok &= dated & (cat.min_year >= (lo or 0)) & (cat.max_year <= (hi or 9999))
    if filters.get("years_not"):  # every year of the film in the span ruled out
        lo, hi = filters["years_not"]
        ok &= ~((cat.min_year >= lo) & (cat.max_year <= hi))
    for name in vocabulary.mood_filter(filters):
        mood = vocabulary.MOODS[name]
        ok &= group_mask(cat, mood.any)
        if mood.none:
            ok &= ~feature_mask(cat, list(mood.none))
    for group in filters.get("people") or []:
        ok &= feature_mask(cat, [f for person in group for f in vocabulary.person_features(person)])
    for topic in filters.get("topics") or []:
        ok &= feature_mask(cat, [f"tag:{topic}"])
    if filters.get("suitability"):
        ok &= ~unsuitable(cat, filters["suitability"])
    return ok


def preferred(cat: Catalog, filters: dict) -> list[tuple[np.ndarray, str]]:
    """Films to keep when there are enough of them: the family genres for children (the note
    says when none are left), films without the genres a mood
    avoids (a light film is no drama when there are enough light films)."""
    out: list[tuple[np.ndarray, str]] = []
    if filters.get("suitability") == "kids":
        family = feature_mask(cat, list(vocabulary.KIDS_GENRES))
        others = [g for g in vocabulary.KIDS_PREFERRED if g not in vocabulary.KIDS_GENRES]
        cartoons = feature_mask(cat, others) & ~feature_mask(cat, list(vocabulary.KIDS_CONTRADICTING))
        note = ("I've run out of children's, family and animation films you haven't seen here, so "
                "these are other films with no adult rating or adult tags.")  # fmt: skip
        out.append((family | cartoons, note))
    for name in vocabulary.mood_filter(filters):
        if vocabulary.MOODS[name].avoid:
            out.append((~feature_mask(cat, list(vocabulary.MOODS[name].avoid)), ""))
    return out


# A surname several people share, said as a film's maker ("a Bergman film"): the one of them who
# directed films, when one clearly did (at least this many, and twice as many as any other).
MAKER_MIN_FILMS = 3


def film_maker(cat: Catalog, candidates: list[str]) -> Optional[str]:
    """The one of ``candidates`` who clearly directed films of the catalogue, or None."""
    if not candidates:
        return None
    counts = {c: int(feature_mask(cat, [f"director:{c}"]).sum()) for c in candidates}
    best = max(counts, key=lambda c: counts[c])
    rest = max((n for c, n in counts.items() if c != best), default=0)
    return best if counts[best] >= MAKER_MIN_FILMS and counts[best] >= 2 * rest else None


def tagged(cat: Catalog, filters: dict) -> np.ndarray:
    """Films with a tag that says what was asked for: a mood's tags ("twist ending" for
    mind-bending), a tag naming both genres asked for ("romantic comedy")."""
    tags = [t for m in vocabulary.mood_filter(filters) for t in vocabulary.MOODS[m].prefer]
    genres = set(filters.get("genres") or [])
    tags += [
        t
        for pair, pair_tags in vocabulary.COMPOUND_TAGS.items()
        if genres.issuperset(pair)
        for t in pair_tags
    ]
    return feature_mask(cat, tags) if tags else np.zeros(len(cat.titles), dtype=bool)


def nearest_in_time(cat: Catalog, ok: np.ndarray, filters: dict) -> np.ndarray:
    lo, hi = filters.get("year_min") or 0, filters.get("year_max") or 9999
    dist = np.where(cat.max_year < lo, lo - cat.max_year, np.where(cat.min_year > hi, cat.min_year - hi, 0))
    dist = np.where(cat.min_year > 0, dist, 10_000)
    candidates = np.flatnonzero(ok & (cat.min_year > 0))
    if candidates.size == 0:
        return ok
    nearest = np.sort(dist[candidates])[min(29, candidates.size - 1)]
    return ok & (dist <= nearest) & (cat.min_year > 0)


def relax(cat: Catalog, base_ok: np.ndarray, filters: dict) -> tuple[np.ndarray, str, dict]:
    """Nothing matches every filter: drop the least important one, and say so."""
    description = describe(filters)
    # Never dropped: the people asked for and the audience's suitability.
    for drop in (
        ("mood",),
        ("year_min", "year_max"),
        ("years_not",),
        ("language",),
        ("genres_any",),
        ("topics",),
        ("genres", "genre"),
    ):
        if not any(filters.get(k) for k in drop):
            continue
        rest = {k: v for k, v in filters.items() if k not in drop}
        ok = base_ok & filter_mask(cat, rest)
        if not ok.any():
            continue
        if drop[0] == "year_min":
            ok = nearest_in_time(cat, ok, filters)
        what = describe(rest) or "films"
        return ok, (f"I don't know any {description} I haven't shown you. These are the nearest: {what}"
                    f"{', the closest in time' if drop[0] == 'year_min' else ''}."), rest  # fmt: skip
    return np.zeros_like(base_ok), "", filters
