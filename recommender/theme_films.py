"""Themes on the catalogue: which tags a request names without a cue are themes, the genre their
films share, and the films with them.

Themes named without a cue ("zombie apocalypse movie", "vampires!") are not constraints of their own:
:func:`themes` keeps the tags whose films the catalogue shows have a theme in common, and the genre
most of them share becomes the request's genre when it names none (zombie films are horror films);
the films with the tag come first, or are the only ones listed when there are enough of them
(:func:`themed`). A request that says nothing else ("got any good submarine movies") keeps the
tags it names as its themes all the same, when enough films have them: the last resort, before a
list that depends on nothing. The genre a tag's films share is cached on the catalogue
(``cat._theme_genres``).

Separate from :mod:`recommender.constraints`, whose masks it uses, because a theme is no constraint:
whether a tag is one depends on what the catalogue's films with it share, and a theme gives the
request its genre and says which films come first.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from kg.linker import other_number
from recommender import vocabulary
from recommender.catalog import Catalog
from recommender.constraints import feature_mask, has_genre

# A tag named without a cue is a theme when at least THEME_MIN_FILMS films with a genre carry it and
# THEME_SHARE of them share one genre, at least THEME_LIFT times that genre's share of all films with
# a genre ("zombie": 12 films, all horror); that genre is the request's when it names none. A tag of
# several words ("cold war") is a theme with THEME_MIN_FILMS films, genre or not.
THEME_MIN_FILMS = 5
THEME_SHARE = 0.7
THEME_LIFT = 2.5
# Themes one request chooses films by, at most.
MAX_THEMES = 3
# A tag of one word that is a request's only theme and names no genre (:func:`themes`, the last
# resort) is at least this long: "what's" is no request for the tag "s".
LAST_RESORT_MIN_CHARS = 3


def theme_features(tag: str) -> list[str]:
    """The features of a theme: its tag in both numbers ("robot", "robots")."""
    return [f"tag:{tag}", f"tag:{other_number(tag)}"]


def theme_genre(cat: Catalog, tag: str) -> Optional[str]:
    """The genre the films tagged ``tag`` share (see :data:`THEME_SHARE`), or None."""
    cache: dict[str, Optional[str]] = getattr(cat, "_theme_genres", None) or {}
    cat._theme_genres = cache  # type: ignore[attr-defined]
    if tag not in cache:
        with_genre = has_genre(cat)
        films = feature_mask(cat, theme_features(tag)) & with_genre
        n, total = int(films.sum()), int(with_genre.sum())
        best, best_share = None, 0.0
        for label in vocabulary.GENRES if n >= THEME_MIN_FILMS else ():
            genre = feature_mask(cat, [f"genre:{label}"])
            share, base = (genre & films).sum() / n, (genre & with_genre).sum() / total
            if share >= THEME_SHARE and share >= THEME_LIFT * base and share > best_share:
                best, best_share = label, share
        cache[tag] = best
    return cache[tag]


def _films_with(cat: Catalog, tag: str) -> int:
    return int(feature_mask(cat, theme_features(tag)).sum())


def _kept_already(tag: str, kept: list[str]) -> bool:
    """Whether ``tag`` is one of the ``kept`` themes in either number ("vampires", "vampire")."""
    return any(set(theme_features(tag)) & set(theme_features(t)) for t in kept)


def themes(cat: Catalog, filters: dict, last_resort: bool = True) -> dict:
    """``filters`` with only the ``themes`` that are one (:data:`THEME_SHARE`), and with the genres
    they imply when it names no genre ("a zombie apocalypse movie" is a horror film). When none is
    one and nothing else is asked, the tags with enough films are the themes all the same, unless
    ``last_resort`` is False."""
    candidates = filters.get("themes") or []
    if not candidates:
        return filters
    kept: list[str] = []
    implied: list[str] = []
    for tag in candidates:
        genre = theme_genre(cat, tag)
        if genre is None and (" " not in tag or _films_with(cat, tag) < THEME_MIN_FILMS):
            continue
        if _kept_already(tag, kept):
            continue  # "vampires! any good vampire films": one theme
        kept.append(tag)
        if genre is not None and genre not in implied:
            implied.append(genre)
    out = {k: v for k, v in filters.items() if k != "themes"}
    if implied and not (vocabulary.genre_filter(out) or out.get("genres_any")):
        out["genres"] = implied[:2]
    genres = vocabulary.genre_filter(out)
    if genres and not kept:
        # Themes too rare to stand alone still say which films of the genre asked for come first
        # ("sword and sorcery, dragons, wizards": Conan and Willow before other fantasy films).
        of_genre = feature_mask(cat, [f"genre:{g}" for g in genres[:1]])
        for tag in candidates:
            if len(kept) == MAX_THEMES or not (feature_mask(cat, theme_features(tag)) & of_genre).any():
                continue
            if not _kept_already(tag, kept):
                kept.append(tag)
    if last_resort and not kept and not out:
        # Nothing else to choose by: the tags the request names are its themes even when their
        # films share no genre ("got any good submarine movies"), rather than a list that ignores
        # them. (With anything else said, a word that is also a tag is likely no theme: "with my
        # 10 year old nephew" is for kids, not about "old".)
        for tag in candidates:
            if len(kept) == MAX_THEMES or len(tag) < LAST_RESORT_MIN_CHARS:
                continue
            if _films_with(cat, tag) >= THEME_MIN_FILMS and not _kept_already(tag, kept):
                kept.append(tag)
    if kept:
        out["themes"] = kept
    return out


def themed(cat: Catalog, filters: dict, every: bool = False) -> np.ndarray:
    """Films with a theme of ``filters`` (:func:`themes`), or with ``every`` one of them."""
    tags = filters.get("themes") or []
    if not tags:
        return np.zeros(len(cat.titles), dtype=bool)
    if every:
        return np.logical_and.reduce([feature_mask(cat, theme_features(t)) for t in tags])
    return feature_mask(cat, [f for t in tags for f in theme_features(t)])
