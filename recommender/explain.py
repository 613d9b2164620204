"""The reason a film is recommended, from evidence.

:func:`reason` says why the running service (:mod:`recommender.service`) shows a film: a person it
shares with a film of the user's history, or whom the user likes or asked for; neighbours' ratings; a
genre the user likes; tags or genres shared with a history film; then its ratings' average or, for a
film few users rated, the facts of the graph that match the request.
:func:`explain` measures offline whether a recommendation has evidence (co-raters, shared tags/genres).
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import scipy.sparse as sp

from recommender.catalog import Catalog
from recommender.constraints import describe, join_and
from recommender.theme_films import theme_features

# Tags that make no two films alike (certificates, formats, bookkeeping): never a reason
# ("shares the tag dvd with The Shawshank Redemption" says nothing a person can follow).
NOT_ALIKE_TAGS = frozenset({"tag:g", "tag:nr", "tag:dvd", "tag:want", "tag:long", "tag:short",
                            "tag:criterion", "tag:national film registry"})  # fmt: skip

CO_RATERS = 3  # neighbours needed before "people who liked X also rated this highly"
PERSON_ROLES = (("director:", "same director as {h} ({p})", "directed by {p}, whom you like"),
                ("writer:", "written by {p}, like {h}", "written by {p}, whom you like"),
                ("actor:", "also stars {p}, like {h}", "stars {p}, whom you like"))  # fmt: skip


def explain(
    item: int,
    history: np.ndarray,
    co_counts: np.ndarray,
    features: sp.csr_matrix,
    feature_names: list[str],
    min_co_raters: int = 3,
) -> Optional[dict]:
    """Best evidence linking ``item`` to the user's ``history`` (item indices), or None.

    ``co_counts[i, j]`` is how many users rated both i and j. Prefers neighbours' ratings (the
    history film with most co-raters), then the tags and genres ``item`` shares with a history film.
    """
    history = np.asarray(history, dtype=np.int64)
    if history.size == 0:
        return None
    co = co_counts[history, item]
    best = int(np.argmax(co))
    if co[best] >= min_co_raters:
        return {"kind": "co_rated", "because": int(history[best]), "users": int(co[best])}
    own = set(features[item].indices)
    for h in history:
        shared = own & set(features[int(h)].indices)
        if shared:
            names = sorted(feature_names[f].split(":", 1)[1] for f in shared)
            return {"kind": "shared_features", "because": int(h), "shared": names[:3]}
    return None


def _roles(person: str, features: frozenset[str]) -> str:
    """What ``person`` did in a film: "directed and written by Stanley Kubrick", "stars Tom Hanks"."""
    made = [
        w
        for prefix, w in (("director:", "directed"), ("writer:", "written"))
        if f"{prefix}{person}" in features
    ]
    acts = f"actor:{person}" in features
    if made:
        return f"{' and '.join(made)} by {person}{', who also stars' if acts else ''}"
    return f"stars {person}" if acts else ""


def reason(cat: Catalog, item: int, history: list[int], state: dict, filters: dict) -> Optional[str]:
    """The reason to show ``item``, from evidence; ``None`` if there is none."""
    own = cat.feature_set(item)
    for h in history[:20]:
        theirs = cat.feature_set(h)
        for prefix, template, _ in PERSON_ROLES:
            shared = sorted(f.split(":", 1)[1] for f in own & theirs if f.startswith(prefix))
            if shared:
                return template.format(h=cat.titles[h], p=join_and(shared[:2]))
    for label, feats in state["like_features"].items():  # a person you said you like
        if feats[0].startswith(("director:", "writer:", "actor:")) and own & set(feats):
            for prefix, _, template in PERSON_ROLES:
                if f"{prefix}{label}" in own:
                    return template.format(p=label)
    for group in filters.get("people") or []:  # a person you asked for
        roles = [_roles(p, own) for p in group if _roles(p, own)]
        if roles:
            count = int(cat.rating_count[item])
            rated = f"; rated {cat.rating_mean[item]:.1f}/5 on average by {count} MovieLens users"
            return f"{join_and(roles[:2])}, as you asked{rated if count >= 3 else ''}"
    if history:
        raters = cat.likers[item]
        if raters:
            best, best_h = 0, -1
            for h in history[:50]:
                c = len(raters & cat.likers[h])
                if c > best:
                    best, best_h = c, h
            if best >= CO_RATERS:
                return f"{best} people who liked {cat.titles[best_h]} also rated this highly"
    for label, feats in state["like_features"].items():  # a genre you said you like
        if not feats[0].startswith(("director:", "writer:", "actor:")) and own & set(feats):
            return f"a {label} film, which you said you like"
    for h in history[:20]:
        theirs = cat.feature_set(h)
        tags = sorted(f.split(":", 1)[1] for f in (own & theirs) - NOT_ALIKE_TAGS if f.startswith("tag:"))
        if tags:
            return f"shares the tag{'s' if len(tags) > 1 else ''} {', '.join(tags[:3])} with {cat.titles[h]}"
    for h in history[:20]:
        genres = sorted(f.split(":", 1)[1] for f in own & cat.feature_set(h) if f.startswith("genre:"))
        if genres:
            return f"also {join_and(genres[:2])}, like {cat.titles[h]}"
    count = int(cat.rating_count[item])
    # the themes it has, not all those asked for: a drama listed after the only "period" drama
    # is not said to be one
    themes = [t for t in filters.get("themes") or [] if own & set(theme_features(t))]
    matched = describe({**filters, "themes": themes})
    if count >= 3:
        popular = f"rated {cat.rating_mean[item]:.1f}/5 on average by {count} MovieLens users"
        return f"{popular} (you asked for {matched})" if matched else popular
    if matched:
        facts = [f.split(":", 1)[1] for f in sorted(own) if f.startswith(("genre:", "language:"))][:3]
        years = "/".join(str(y) for y in cat.years[item])
        return f"listed in my graph as {', '.join(facts + ([years] if years else []))}" if facts else None
    return None
