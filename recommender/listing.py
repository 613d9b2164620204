"""The list a recommendation turn shows: the films, a reason for each, and the sentence that
introduces them.

:func:`recommend` ranks with :func:`recommender.ranking.score` (the one ranking function, which
``bench/recommend_eval.py`` also measures) and adds what the conversation asks for on top of it:
filters (:mod:`recommender.constraints`, which also drops one when no film satisfies them all),
exclusions (films seen, disliked, already shown), the films like a named one, a mood's tags and a
theme's films (:mod:`recommender.theme_films`) first. Every film shown carries a reason taken from
the evidence (:mod:`recommender.explain`); films without evidence are not shown. :func:`intro` says
how the films were chosen.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from recommender import constraints, dialogue, explain, ranking, theme_films
from recommender.catalog import Catalog
from recommender.constraints import join_and, normalised
from recommender.models import top_k
from recommender.ranking import Weights

SHOWN = 4  # films per answer
PREFERRED_BOOST = 10.0  # too few family films left for children: they rank first all the same
TAG_BONUS = 0.2  # a mood's tags, a tag naming both genres asked for: ranked a little higher ...
KNOWN = 10  # ... or the only ones listed, when SHOWN films with them have this many ratings
COLD_START_INTRO = ("You haven't told me what you like yet, so here are films most people rate highly; "
                    "tell me a genre, a film you liked or who you like to watch.")  # fmt: skip
KIDS_HOW = ("no R or NC-17 ratings and nothing tagged for sex, drugs, violence or gore; "
            "children's, family and animation films first")  # fmt: skip
TEENS_HOW = "no R or NC-17 ratings and nothing tagged for sex, drugs, violence or gore"
FEW_FAMILY_NOTE = ("Those are all the children's, family and animation films I know that fit; the "
                   "other films that fit are not made for children.")  # fmt: skip
NO_FAMILY_NOTE = ("I know no children's, family or animation film that fits, so these are other films "
                  "with no adult rating or adult tags.")  # fmt: skip


def film_label(title: str, years: list[int]) -> str:
    if not years:
        return title
    return f"{title} ({'/'.join(str(y) for y in sorted(years))})"


def intro(state: dict, seeds: list[str], parsed: dialogue.Parsed, cold: bool = False) -> str:
    """The sentence before the list: how the films were chosen (the audience's rules, the films
    they are like, the filters), or a plain one."""
    filters = state["filters"]
    suitability = filters.get("suitability")
    if suitability in ("kids", "teens"):
        # Say how the films were chosen: what was ruled out, what comes first.
        how = KIDS_HOW if suitability == "kids" else TEENS_HOW
        rest = constraints.describe({k: v for k, v in filters.items() if k != "suitability"})
        label = "Family-friendly" if suitability == "kids" else "Teen-friendly"
        picks = f"{label} picks{' (' + rest + ')' if rest else ''}"
        if state["seeds"]:
            return f"If you liked {join_and(state['seeds'])}, try these {picks[0].lower()}{picks[1:]}: {how}."
        return f"{picks}: {how}."
    description = constraints.describe(filters)
    if state["seeds"]:
        return f"If you liked {join_and(state['seeds'])}, try{' ' + description if description else ''}:"
    if parsed.surprise:
        return "Here's a surprise or two:"
    if description:
        return f"Some {description} you might like:"
    if cold:
        return COLD_START_INTRO
    return "You might like:"


def recommend(
    cat: Catalog,
    state: dict,
    ratings: dict[str, float],
    mix: Weights,
    mode: str,
    surprise: bool = False,
    focus: bool = False,
    used: Optional[dict] = None,
) -> tuple[list[tuple[int, str]], list[str]]:
    """The films to show with their reasons, and notes (a constraint dropped ...). ``used``
    receives the filters the films satisfy (fewer than asked when one had to be dropped).
    ``mix`` and ``mode`` are the ranking's weights and scoring (:func:`recommender.ranking.score`)."""
    n = len(cat.titles)
    index = cat.index
    excluded = np.zeros(n, dtype=bool)
    for title in [*state["seen"], *state["dislikes"], *state["recommended"], *state["likes"],
                  *state["seeds"], *ratings]:  # fmt: skip
        if title in index:
            excluded[index[title]] = True
    disliked = [f for feats in state["dislike_features"].values() for f in feats]
    if disliked:
        excluded |= constraints.feature_mask(cat, disliked)
    # history: seeds count double; a MovieLens user's rated films are their implicit history
    weights = ranking.history_weights(
        {index[t]: r for t, r in ratings.items() if t in index},
        [index[t] for t in state["likes"] if t in index],
        [index[t] for t in state["seeds"] if t in index],
    )
    like_feats = [f for feats in state["like_features"].values() for f in feats]
    scores = ranking.score(
        _items(cat), weights, like_feats, mix, mode,
        seeded=bool(state["seeds"]), focus=focus,
    )  # fmt: skip
    base_ok = ~excluded
    filters = normalised(state["filters"])
    ok = base_ok & constraints.filter_mask(cat, filters)
    notes: list[str] = []
    if not ok.any() and filters:
        ok, relaxed, filters = constraints.relax(cat, base_ok, filters)
        if relaxed:
            notes.append(relaxed)
    if used is not None:
        used["filters"] = filters
    if not ok.any():
        return [], notes
    total = scores.total.copy()
    preferences = constraints.preferred(cat, filters)
    if filters.get("suitability") == "kids":
        # for children the family films come before anything else asked: "a film for a 5 year old
        # who is obsessed with dinosaurs" is the family films with dinosaurs, then other family
        # films, not a dinosaur film for adults. Only they are listed while any are left, even
        # fewer than SHOWN ("a Spielberg film for the kids": E.T., not Raiders to fill the list);
        # when none are left, other films with no adult rating, and the answer says so.
        family, running_out = preferences[0]
        left = ok & family
        if left.any():
            if left.sum() < SHOWN and (ok & ~family).any():
                notes.append(FEW_FAMILY_NOTE)
            ok = left
        elif (constraints.filter_mask(cat, filters) & family).any():
            notes.append(running_out)
        else:
            notes.append(NO_FAMILY_NOTE)
        preferences = preferences[1:]
    # "Something like X", "I loved X": films that share a genre, a person or a tag with X, when
    # there are enough of them (neighbours' ratings alone do not make a film like X).
    named = [index[t] for t in [*state["seeds"], *state["likes"]] if t in index]
    if named:
        alike = constraints.feature_mask(
            cat, sorted(set().union(*map(cat.feature_set, named)) - explain.NOT_ALIKE_TAGS)
        )
        if (ok & alike).sum() >= SHOWN:
            ok &= alike
    tagged = constraints.tagged(cat, filters)
    if (ok & tagged & (cat.rating_count >= KNOWN)).sum() >= SHOWN:
        ok &= tagged  # "a dark comedy": the ones tagged black comedy, dark comedy ...
    else:
        total = total + TAG_BONUS * tagged  # a few, or little known: first among equals
    themed, every = theme_films.themed(cat, filters), theme_films.themed(cat, filters, every=True)
    if (ok & every).sum() >= SHOWN:
        ok &= every  # "dinosaurs and time travel": the films with both, when there are enough
    elif (ok & themed).sum() >= SHOWN:
        ok &= themed  # "vampires!": the vampire films, when there are enough of them ...
        total = total + PREFERRED_BOOST * every
    else:
        total = total + PREFERRED_BOOST * themed  # ... else they come first
    for preferred, note in preferences:
        ok, total = _prefer(ok, total, preferred, note, notes)
    personal = bool(weights or like_feats)
    if personal:
        # Only films with some personal evidence compete; the prior alone decides the rest.
        ok_personal = ok & (scores.personal > 0)
        if ok_personal.sum() >= SHOWN:
            ok = ok_personal
    order = top_k(total, 60, exclude=~ok)
    if surprise:
        rng = np.random.default_rng()
        order = rng.permutation(order[:30])
    hist = sorted(scores.history, key=lambda i: -weights.get(i, 0))
    out: list[tuple[int, str]] = []
    for i in order:
        reason = explain.reason(cat, int(i), hist, state, filters)
        if reason:
            out.append((int(i), reason))
        if len(out) == SHOWN:
            break
    return out, notes


def _prefer(
    ok: np.ndarray, total: np.ndarray, preferred: np.ndarray, note: str, notes: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Only the ``preferred`` films when there are enough of them; else they come first, the
    others after, and the answer says so (``note``, when there is one)."""
    if (ok & preferred).sum() >= SHOWN:
        return ok & preferred, total
    if note:
        total = total + PREFERRED_BOOST * preferred
        if (ok & ~preferred).any():
            notes.append(note)
    return ok, total


def _items(cat: Catalog) -> ranking.Items:
    """The ranking's view of the catalogue, made once per catalogue (its prior computed once)."""
    cached = getattr(cat, "_ranking_items", None)
    if cached is None:
        cached = ranking.Items.from_catalog(cat)
        cat._ranking_items = cached  # type: ignore[attr-defined]
    return cached
