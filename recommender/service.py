"""Personal film recommendations in a conversation. No Rasa imports: the action is a thin wrapper.

:class:`RecommenderService` keeps nothing per user in memory. The conversation's state (likes,
dislikes, films seen or rejected, films already recommended, the current filters) travels in a
Rasa slot as a plain dict; what a user said about their taste is also written to the profile store
so that a returning user is remembered. With ``ENCORE_DEMO_IDENTITIES`` on, a sender id
``movielens:<userId>`` is a MovieLens user: their ratings are read from the graph
(``(:User)-[:RATED]->(:Movie)``). It is off by default, because a channel's client chooses its
sender id (the REST channel takes any): anyone could read a MovieLens user's history into their
recommendations. Off, such an id is an ordinary sender with a profile of its own.

Scoring (``ENCORE_RECOMMENDER``, default ``hybrid``): :func:`recommender.ranking.score`, the one
ranking function, which ``bench/recommend_eval.py`` also measures (its ``shipped`` row): the
collaborative model from the artifacts (EASE by default) on the user's rated or named films, plus
graph content (shared directors, writers, actors, genres, tags: idf-weighted cosine), plus MiniLM
embeddings of tags and genres, plus a popularity prior; with no history at all (cold start) the
prior ranks the films that pass the filters. This module adds what the conversation asks for on
top of it: filters, exclusions, the films like a named one, and a reason for each. Every film
shown carries a reason taken from the evidence (:mod:`recommender.explain`: a shared person in the
graph, neighbours' ratings, shared tags, the ratings' average); films without evidence are not
shown.

Constraints (what every film listed satisfies, and which one is dropped): :mod:`recommender.constraints`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import numpy as np

from encore.lazy import Lazy
from encore.settings import setting
from kg.linker import EntityLinker
from recommender import constraints, dialogue, explain, ranking, vocabulary
from recommender.catalog import Catalog, ensure
from recommender.constraints import join_and, join_or, normalised
from recommender.models import top_k
from recommender.profiles import ProfileStore
from recommender.ranking import Weights

logger = logging.getLogger(__name__)

SHOWN = 4  # films per answer
PREFERRED_BOOST = 10.0  # too few family films left for children: they rank first all the same
TAG_BONUS = 0.2  # a mood's tags, a tag naming both genres asked for: ranked a little higher ...
KNOWN = 10  # ... or the only ones listed, when SHOWN films with them have this many ratings
COLD_START_INTRO = ("You haven't told me what you like yet, so here are films most people rate highly; "
                    "tell me a genre, a film you liked or who you like to watch.")  # fmt: skip
KIDS_HOW = ("no R or NC-17 ratings and nothing tagged for sex, drugs, violence or gore; "
            "children's, family and animation films first")  # fmt: skip
TEENS_HOW = "no R or NC-17 ratings and nothing tagged for sex, drugs, violence or gore"
# Tags that make no two films alike (certificates, formats, bookkeeping)
NOT_ALIKE_TAGS = frozenset({"tag:g", "tag:nr", "tag:dvd", "tag:want", "tag:long", "tag:short",
                            "tag:criterion", "tag:national film registry"})  # fmt: skip
# What a message is to the service (the action says which, from the NLU's intent):
REQUEST = "request"  # asks for films ("a french comedy", "more like Heat")
FEEDBACK = "feedback"  # about the list just shown ("seen the first one", "not that one", "another one")
TASTE = "taste"  # says what someone likes or not, without asking ("i love westerns")
KINDS = (REQUEST, FEEDBACK, TASTE)
MOVIELENS_SENDER = re.compile(r"^movielens:(\d{1,9})$")


@dataclass
class RecReply:
    """One turn's answer: an ``outcome`` (``list``, ``nothing``, ``unknown_film``,
    ``unknown_film_none``) with its variables and buttons, the conversation's new state and the
    films shown. The action says it with a response of its domain (``actions.recommend``)."""

    outcome: str
    variables: dict[str, Any] = field(default_factory=dict)
    buttons: list[dict[str, str]] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    shown: list[str] = field(default_factory=list)


def new_state() -> dict[str, Any]:
    return {
        "likes": [], "dislikes": [], "seen": [], "seeds": [], "recommended": [], "last": [],
        "like_features": {}, "dislike_features": {}, "filters": {}, "welcomed": False,
    }  # fmt: skip


def film_label(title: str, years: list[int]) -> str:
    if not years:
        return title
    return f"{title} ({'/'.join(str(y) for y in sorted(years))})"


def _original(text: str, mention: str) -> str:
    """``mention`` as the user wrote it (the parser works on the lower-cased message)."""
    at = text.lower().find(mention.lower())
    return text[at : at + len(mention)] if at >= 0 else mention


@dataclass
class _Turn:
    """What one turn of :meth:`RecommenderService.respond` has read and decided so far."""

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


class RecommenderService:
    """Thread-safe; one per process. ``linker`` and ``graph`` come from the film QA service."""

    def __init__(
        self,
        linker: Callable[[], EntityLinker],
        graph: Any = None,
        catalog: Optional[Catalog] = None,
        store: Optional[ProfileStore] = None,
        name: Optional[str] = None,
        weights: Optional[Weights] = None,
        demo_identities: Optional[bool] = None,
    ) -> None:
        self._linker = linker
        self.graph = graph
        self._catalog = Lazy.given(catalog, self._load_catalog)
        self.store = store or ProfileStore()
        self.name = name or str(setting("ENCORE_RECOMMENDER"))
        self.weights = weights or Weights.from_env()
        self.demo_identities = (
            bool(setting("ENCORE_DEMO_IDENTITIES")) if demo_identities is None else demo_identities
        )
        # the last message read as a request with no list shown (:meth:`_as_request`): the second
        # stage asks two questions of the same message in one turn
        self._last_read: Optional[tuple[str, dialogue.Parsed, dict]] = None

    @property
    def catalog(self) -> Catalog:
        return self._catalog()

    @staticmethod
    def _load_catalog() -> Catalog:
        logger.info("loading the recommender artifacts")
        return ensure()

    # -- one turn ---------------------------------------------------------------------------------

    def respond(
        self, sender_id: str, text: str, kind: str = REQUEST, state: Optional[dict] = None
    ) -> RecReply:
        """One turn: read the message (a ``kind`` of :data:`KINDS`), update the conversation's
        state and the user's profile, and answer with a list (or say why there is none)."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        turn = _Turn(sender_id, text, kind, {**new_state(), **(state or {})})
        movielens = MOVIELENS_SENDER.match(sender_id or "") if self.demo_identities else None
        if movielens and self.graph is not None:
            turn.history = dict(self.graph.user_ratings(int(movielens.group(1))))
        turn.profile = self.store.load(sender_id)
        turn.history.update(turn.profile.get("ratings", {}))
        self._welcome(turn, movielens)
        turn.parsed = dialogue.parse(text, self._linker(), turn.state["last"])
        turn.parsed.filters = constraints.themes(self.catalog, turn.parsed.filters)  # "zombie films": horror
        self._makers(turn)
        if turn.parsed.reset:
            turn.state.update(
                seeds=[], filters={}, like_features={}, dislike_features={}, likes=[], dislikes=[]
            )
        feedback, targets = self._feedback(turn)
        said = self._tastes(turn)
        self._narrow(turn, feedback)
        unknown = self._unknown_names(turn, targets)
        if unknown is not None:
            return unknown
        if said or (turn.parsed.seen and targets):
            try:
                self.store.save(sender_id, turn.profile)
            except OSError:
                logger.exception("could not save a recommendation profile")
        return self._answer(turn)

    def _welcome(self, turn: _Turn, movielens: Optional[re.Match[str]]) -> None:
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

    def _feedback(self, turn: _Turn) -> tuple[bool, list[str]]:
        """Feedback on the last list ("seen it", "not that one", "more like the second"): whether
        the message gives some, and the titles it is about."""
        parsed, state, profile, notes = turn.parsed, turn.state, turn.profile, turn.notes
        targets = self._targets(parsed, state["last"])
        feedback = turn.kind == FEEDBACK or parsed.seen or parsed.reject or parsed.more_like
        if parsed.seen and not targets:
            for m in dialogue.mentions_in(turn.text, self._linker()):
                if m.kind == "film" and m.name is not None:
                    targets.append(m.name)
        if (
            feedback
            and not state["last"]
            and not targets
            and (parsed.seen or parsed.reject or parsed.more_like)
        ):
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

    def _tastes(self, turn: _Turn) -> bool:
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

    def _narrow(self, turn: _Turn, feedback: bool) -> None:
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
                kept = [
                    g for g in state["filters"]["genres"] if not dark & set(vocabulary.genre_feature_list(g))
                ]
                if kept:
                    state["filters"]["genres"] = kept
                else:
                    state["filters"].pop("genres")
            if turn.seeds:
                state["seeds"] = turn.seeds
        for name, feats in turn.feature_seeds.items():
            state["like_features"][name] = feats

    def _makers(self, turn: _Turn) -> None:
        """A surname several people share, said as a film's maker ("which bergman film would
        you suggest"), is the one of them who clearly directed films, with a note naming the
        others."""
        parsed = turn.parsed
        for m in list(parsed.ambiguous):
            maker = dialogue.said_as_maker(turn.text, m.text)
            name = constraints.film_maker(self.catalog, m.candidates) if maker else None
            if name is None:
                continue
            parsed.ambiguous.remove(m)
            parsed.filters.setdefault("people", []).append([name])
            others = [c for c in m.candidates if c != name]
            turn.notes.append(f"I took “{_original(turn.text, m.text)}” as the director {name}; for "
                              f"{join_or(others)}, tell me the full name.")  # fmt: skip

    def _unknown_names(self, turn: _Turn, targets: list[str]) -> Optional[RecReply]:
        """A name that links to nothing: asked about when it was all the message said (with the
        closest titles as buttons), else noted; an ambiguous surname is noted."""
        parsed, text = turn.parsed, turn.text
        if parsed.unknown:
            unknown = parsed.unknown[0]
            if not (turn.seeds or parsed.likes or parsed.dislikes or targets):
                buttons = [{"title": c, "payload": f"something like {c}"} for c in unknown.candidates[:3]]
                outcome = "unknown_film" if buttons else "unknown_film_none"
                return RecReply(
                    outcome, {"mention": _original(text, unknown.text)}, buttons, state=turn.state
                )
            turn.notes.append(f"I couldn't find “{unknown.text}” in my film graph, so I left it out.")
        for m in parsed.ambiguous[:2]:
            turn.notes.append(f"“{_original(text, m.text)}” could be {join_or(m.candidates)}; tell me the "
                              "full name and I'll use it.")  # fmt: skip
        return None

    def _answer(self, turn: _Turn) -> RecReply:
        """Rank, and say the list with a reason for each film (or that nothing fits)."""
        cat, state, parsed = self.catalog, turn.state, turn.parsed
        # Tastes stated in this turn ("I like Nolan and sci-fi") lead the ranking of this turn.
        focus = bool(turn.feature_seeds) or any(m.kind != "film" for m in parsed.likes)
        used: dict = {}
        ranked, relaxed = self._recommend(
            cat, state, turn.history, surprise=parsed.surprise, focus=focus, used=used
        )
        notes = turn.notes + relaxed
        if not ranked:
            description = constraints.describe(state["filters"]) or "films"
            return RecReply("nothing", {"description": description}, state=state)
        shown = [cat.titles[i] for i, _ in ranked]
        state["last"] = shown
        state["recommended"] = state["recommended"] + [t for t in shown if t not in state["recommended"]]
        lines = [f"{n}. {film_label(cat.titles[i], cat.years[i])}: {reason}" for n, (i, reason) in
                 enumerate(ranked, start=1)]  # fmt: skip
        intro = turn.intro
        if not intro:
            cold = not (turn.history or state["likes"] or state["like_features"] or state["seeds"])
            intro = self._intro(
                {**state, "filters": used.get("filters", state["filters"])}, turn.seeds, parsed, cold
            )
        if turn.welcome:
            intro = f"{turn.welcome} {intro}"
        note = ("\n" + " ".join(notes)) if notes else ""
        return RecReply(
            "list",
            {"intro": intro, "films": "\n".join(lines), "note": note},
            state=state,
            shown=shown,
        )

    def names_what_to_watch(self, text: str) -> bool:
        """Whether ``text``, read as a request, names what to choose films by that only a request
        says: a person ("statham punching people, nothing deep"), a film liked or to be like, or
        a theme (:func:`recommender.constraints.themes`). Genres, languages and years alone are
        said by film questions as much."""
        parsed, filters = self._as_request(text)
        return bool(filters.get("people") or filters.get("themes") or parsed.likes or parsed.seeds)

    def uses_name(self, text: str, name: str) -> bool:
        """Whether ``text``, read as a request, chooses films by the film or person ``name`` (liked,
        disliked, to be like, a person's films, or one of the people a surname may be): a
        request that does not would answer without what the message named."""
        p, filters = self._as_request(text)
        films = [m for group in (p.likes, p.dislikes, p.seeds, p.ambiguous) for m in group]
        named = {m.name for m in films} | {c for m in films for c in (*m.candidates, *m.people)}
        named |= {person for people in filters.get("people") or [] for person in people}
        return name in named

    def reads_nothing(self, text: str) -> bool:
        """Whether ``text``, read as a request, says nothing to choose films by: no filter, no
        film or person liked, disliked or to be like, no name it could not find, no feedback, no
        "surprise me". The answer to it would be the default list."""
        p, filters = self._as_request(text)
        said = (p.likes, p.dislikes, p.seeds, p.unknown, p.ambiguous, p.targets, p.target_titles)
        feedback = p.seen or p.reject or p.more_like or p.surprise or p.reset
        return not (filters or any(said) or feedback)

    # -- internals -------------------------------------------------------------------------------

    def _as_request(self, text: str) -> tuple[dialogue.Parsed, dict]:
        """``text`` parsed as a request with no list shown, and its filters with the themes kept
        (:func:`recommender.constraints.themes`); read once for the questions of one turn."""
        last = self._last_read
        if last is not None and last[0] == text:
            return last[1], last[2]
        parsed = dialogue.parse(text, self._linker())
        filters = constraints.themes(self.catalog, parsed.filters)
        self._last_read = (text, parsed, filters)
        return parsed, filters

    @staticmethod
    def _targets(parsed: dialogue.Parsed, last: list[str]) -> list[str]:
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

    def _intro(self, state: dict, seeds: list[str], parsed: dialogue.Parsed, cold: bool = False) -> str:
        filters = state["filters"]
        suitability = filters.get("suitability")
        if suitability in ("kids", "teens"):
            # Say how the films were chosen: what was ruled out, what comes first.
            how = KIDS_HOW if suitability == "kids" else TEENS_HOW
            rest = constraints.describe({k: v for k, v in filters.items() if k != "suitability"})
            label = "Family-friendly" if suitability == "kids" else "Teen-friendly"
            picks = f"{label} picks{' (' + rest + ')' if rest else ''}"
            if state["seeds"]:
                return (
                    f"If you liked {join_and(state['seeds'])}, "
                    f"try these {picks[0].lower()}{picks[1:]}: {how}."
                )
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

    def _recommend(
        self,
        cat: Catalog,
        state: dict,
        ratings: dict[str, float],
        surprise: bool = False,
        focus: bool = False,
        used: Optional[dict] = None,
    ) -> tuple[list[tuple[int, str]], list[str]]:
        """The films to show with their reasons, and notes (a constraint dropped ...). ``used``
        receives the filters the films satisfy (fewer than asked when one had to be dropped)."""
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
            self._items(cat), weights, like_feats, self.weights, self.name,
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
        # "Something like X", "I loved X": films that share a genre, a person or a tag with X, when
        # there are enough of them (neighbours' ratings alone do not make a film like X).
        named = [index[t] for t in [*state["seeds"], *state["likes"]] if t in index]
        if named:
            alike = constraints.feature_mask(
                cat, sorted(set().union(*map(cat.feature_set, named)) - NOT_ALIKE_TAGS)
            )
            if (ok & alike).sum() >= SHOWN:
                ok &= alike
        tagged = constraints.tagged(cat, filters)
        if (ok & tagged & (cat.rating_count >= KNOWN)).sum() >= SHOWN:
            ok &= tagged  # "a dark comedy": the ones tagged black comedy, dark comedy ...
        else:
            total = total + TAG_BONUS * tagged  # a few, or little known: first among equals
        themed = constraints.themed(cat, filters)
        if (ok & themed).sum() >= SHOWN:
            ok &= themed  # "vampires!": the vampire films, when there are enough of them ...
        else:
            total = total + PREFERRED_BOOST * themed  # ... else they come first
        for preferred, note in constraints.preferred(cat, filters):
            if (ok & preferred).sum() >= SHOWN:
                ok &= preferred  # enough of them: only those
            elif note:
                # Too few left: they come first, the others after, and the answer says so.
                total = total + PREFERRED_BOOST * preferred
                if (ok & ~preferred).any():
                    notes.append(note)
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

    @staticmethod
    def _items(cat: Catalog) -> ranking.Items:
        """The ranking's view of the catalogue, made once per catalogue (its prior computed once)."""
        cached = getattr(cat, "_ranking_items", None)
        if cached is None:
            cached = ranking.Items.from_catalog(cat)
            cat._ranking_items = cached  # type: ignore[attr-defined]
        return cached
