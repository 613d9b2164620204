"""What one message changes in a recommendation conversation: the kind of message it is, the
conversation's state (a plain dict that travels in a Rasa slot, :func:`new_state`) and the
user's profile.

:class:`recommender.service.RecommenderService` reads the message (:mod:`recommender.dialogue`)
into a :class:`_Turn`, and these functions settle it in order: a returning user's profile joins
the state (:func:`welcome`), a surname said as a film's maker becomes that director
(:func:`makers`), feedback on the last list (:func:`feedback`), likes and dislikes
(:func:`tastes`), and the filters and seeds of the next list (:func:`narrow`). They change the
turn and its state in place and say what happened in the turn's notes; the service then ranks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from kg.linker import EntityLinker
from recommender import constraints, dialogue, vocabulary
from recommender.catalog import Catalog
from recommender.constraints import join_and, join_or, normalised

# What a message is to the service (the action says which, from the NLU's intent):
REQUEST = "request"  # asks for films ("a french comedy", "more like Heat")
FEEDBACK = "feedback"  # about the list just shown ("seen the first one", "not that one", "another one")
TASTE = "taste"  # says what someone likes or not, without asking ("i love westerns")
KINDS = (REQUEST, FEEDBACK, TASTE)


def new_state() -> dict[str, Any]:
    return {
        "likes": [], "dislikes": [], "seen": [], "seeds": [], "recommended": [], "last": [],
        "like_features": {}, "dislike_features": {}, "filters": {}, "welcomed": False,
    }  # fmt: skip


def _original(text: str, mention: str) -> str:
    """``mention`` as the user wrote it (the parser works on the lower-cased message)."""
    at = text.lower().find(mention.lower())
    return text[at : at + len(mention)] if at >= 0 else mention


@dataclass
class _Turn:
    """What one turn of :meth:`recommender.service.RecommenderService.respond` has read and decided so far."""

    sender_id: str
    text: str
    kind: str  # REQUEST, FEEDBACK or TASTE
    state: dict[str, Any]
    profile: dict[str, Any] = field(default_factory=dict)
    history: dict[str, float] = field(default_factory=dict)  # the user's ratings (MovieLens, profile)
    parsed: dialogue.Parsed = field(default_factory=dialogue.Parsed)
    notes: list[str] = field(default_factory=list)
    welcome: str = ""
    intro: str = ""
    conflicts: list[str] = field(default_factory=list)  # names both liked and disliked
    seeds: list[str] = field(default_factory=list)  # films the next list is to be like
    feature_seeds: dict[str, list[str]] = field(default_factory=dict)  # people, genres to be like


def welcome(turn: _Turn, movielens: Optional[re.Match[str]]) -> None:
    """On the first turn of a conversation: what the profile remembers joins the state, and
    a returning user is welcomed back."""
    state, profile = turn.state, turn.profile
    if state["welcomed"]:
        return
    state["welcomed"] = True
    state["seen"] = sorted(set(state["seen"]) | set(profile.get("seen", [])))
    for key in ("like_features", "dislike_features"):
        state[key] = {**profile.get(key, {}), **state[key]}
    if movielens:
        if turn.history:
            turn.welcome = (f"Welcome back! From your {len(turn.history)} ratings "
                            f"(MovieLens user {movielens.group(1)}) I picked these.")  # fmt: skip
        else:
            turn.notes.append(f"I have no ratings from MovieLens user {movielens.group(1)}, "
                              "so I started from what most people liked.")  # fmt: skip
    elif profile.get("ratings") or profile.get("like_features"):
        liked = [t for t, r in profile.get("ratings", {}).items() if r >= 4][:3]
        liked += list(profile.get("like_features", {}))[:2]
        if liked:
            turn.welcome = f"Welcome back! I remember you like {join_and(liked)}."


def feedback(turn: _Turn, linker: Callable[[], EntityLinker]) -> tuple[bool, list[str]]:
    """Feedback on the last list ("seen it", "not that one", "more like the second"): whether
    the message gives some, and the titles it is about."""
    parsed, state, profile, notes = turn.parsed, turn.state, turn.profile, turn.notes
    targets = feedback_targets(parsed, state["last"])
    feedback = turn.kind == FEEDBACK or parsed.seen or parsed.reject or parsed.more_like
    if parsed.seen and not targets:
        for m in dialogue.mentions_in(turn.text, linker()):
            if m.kind == "film" and m.name is not None:
                targets.append(m.name)
    if feedback and not state["last"] and not targets and (parsed.seen or parsed.reject or parsed.more_like):
        notes.append("I haven't suggested anything yet in this conversation.")
    if parsed.seen and targets:
        state["seen"] = sorted(set(state["seen"]) | set(targets))
        profile["seen"] = sorted(set(profile.get("seen", [])) | set(targets))
        notes.append(f"Noted, you've seen {join_and(targets)}.")
    elif parsed.reject and targets:
        state["dislikes"] = sorted(set(state["dislikes"]) | set(targets))
        notes.append(f"Okay, not {join_and(targets)}.")
    if parsed.more_like and targets:
        state["seeds"] = list(targets)
    return bool(feedback), targets


def tastes(turn: _Turn) -> bool:
    """Likes and dislikes stated in the message, into the state and the profile (a name both
    liked and disliked is left out); whether any was said."""
    parsed, state, profile = turn.parsed, turn.state, turn.profile
    liked_names = {m.name for m in parsed.likes + parsed.seeds if m.name is not None}
    conflicts = sorted(liked_names & {m.name for m in parsed.dislikes})
    turn.conflicts = conflicts
    if conflicts:
        turn.notes.append(f"You said you both like and dislike {join_and(conflicts)}, so I left "
                          f"{'it' if len(conflicts) == 1 else 'them'} out of it either way.")  # fmt: skip
    said_likes: list[str] = []
    said_dislikes: list[str] = []
    for m in parsed.likes:
        if m.name is None or m.name in conflicts:
            continue
        said_likes.append(m.name)
        if m.kind == "film":
            state["likes"] = sorted(set(state["likes"]) | {m.name})
            state["dislikes"] = [t for t in state["dislikes"] if t != m.name]
            profile["ratings"][m.name] = 5.0
        else:
            state["like_features"][m.name] = m.features
            state["dislike_features"].pop(m.name, None)
            profile["like_features"][m.name] = m.features
            profile["dislike_features"].pop(m.name, None)
    for m in parsed.dislikes:
        if m.name is None:
            continue
        if m.name in conflicts:
            for key in ("like_features", "dislike_features"):
                state[key].pop(m.name, None)
                profile[key].pop(m.name, None)
            continue
        if m.kind == "film":
            state["dislikes"] = sorted(set(state["dislikes"]) | {m.name})
            state["likes"] = [t for t in state["likes"] if t != m.name]
            profile["ratings"][m.name] = 1.0
        else:
            state["dislike_features"][m.name] = m.features
            state["like_features"].pop(m.name, None)
            profile["dislike_features"][m.name] = m.features
            profile["like_features"].pop(m.name, None)
        said_dislikes.append(m.name)
    said = ([f"you like {join_and(said_likes)}"] if said_likes else []) + (
        [f"you don't like {join_and(said_dislikes)}"] if said_dislikes else []
    )
    if said:
        turn.intro = f"Noted: {'; '.join(said)}. Then you might like:"
    return bool(said)


def narrow(turn: _Turn, feedback: bool) -> None:
    """The filters and seeds of the next list: a new request's own, or the last request's
    narrowed by this message ("only after 2010", "something lighter")."""
    parsed, state = turn.parsed, turn.state
    turn.seeds = [
        m.name
        for m in parsed.seeds
        if m.kind == "film" and m.name is not None and m.name not in turn.conflicts
    ]
    turn.feature_seeds = {m.name: m.features for m in parsed.seeds if m.kind != "film" and m.name}
    request = turn.kind == REQUEST
    if request and not feedback and not (parsed.refine and state["last"]):
        # A new request: its own filters and seeds; tastes, seen and rejected films stay.
        # ("only after 2010" narrows the last one: its filters, the audience's among them, stay.)
        state["filters"] = dict(parsed.filters)
        state["seeds"] = turn.seeds
    else:
        state["filters"] = normalised({**normalised(state["filters"]), **parsed.filters})
        if "light" in vocabulary.mood_filter(parsed.filters) and state["filters"].get("genres"):
            # "something lighter" than a thriller is no thriller
            dark = set(vocabulary.DARK_FEATURES)
            kept = [g for g in state["filters"]["genres"] if not dark & set(vocabulary.genre_feature_list(g))]
            if kept:
                state["filters"]["genres"] = kept
            else:
                state["filters"].pop("genres")
        if turn.seeds:
            state["seeds"] = turn.seeds
    for name, feats in turn.feature_seeds.items():
        state["like_features"][name] = feats


def makers(turn: _Turn, catalog: Catalog) -> None:
    """A surname several people share, said as a film's maker ("which bergman film would
    you suggest"), is the one of them who clearly directed films, with a note naming the
    others."""
    parsed = turn.parsed
    for m in list(parsed.ambiguous):
        maker = dialogue.said_as_maker(turn.text, m.text)
        name = constraints.film_maker(catalog, m.candidates) if maker else None
        if name is None:
            continue
        parsed.ambiguous.remove(m)
        parsed.filters.setdefault("people", []).append([name])
        others = [c for c in m.candidates if c != name]
        turn.notes.append(f"I took “{_original(turn.text, m.text)}” as the director {name}; for "
                          f"{join_or(others)}, tell me the full name.")  # fmt: skip


def feedback_targets(parsed: dialogue.Parsed, last: list[str]) -> list[str]:
    """The titles of the last list ``last`` that feedback is about (none without feedback)."""
    if not last or not (parsed.seen or parsed.reject or parsed.more_like):
        return []
    if parsed.all_of_them and not parsed.more_like:
        return list(last)
    out = list(parsed.target_titles)
    for t in parsed.targets:
        if -len(last) <= t < len(last) and last[t] not in out:
            out.append(last[t])
    if not out and not parsed.more_like:
        out = [last[0]]  # "seen it", "not that one": the first (top) suggestion
    return out
