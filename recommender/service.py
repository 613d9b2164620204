"""Personal film recommendations in a conversation. No Rasa imports: the action is a thin wrapper.

:class:`RecommenderService` keeps nothing per user in memory. The conversation's state (likes,
dislikes, films seen or rejected, films already recommended, the current filters) travels in a
Rasa slot as a plain dict; what a user said about their taste is also written to the profile store
so that a returning user is remembered. A sender id ``movielens:<userId>`` is a MovieLens user:
their ratings are read from the graph (``(:User)-[:RATED]->(:Movie)``).

Scoring (``ENCORE_RECOMMENDER``, default ``hybrid``): the collaborative model from the artifacts
(EASE by default) on the user's rated or named films, plus graph content (shared directors,
writers, actors, genres, tags: idf-weighted cosine), plus MiniLM embeddings of tags and genres,
plus a popularity prior; with no history at all (cold start) the prior ranks the films that pass
the filters. Every film shown carries a reason taken from the evidence (a shared person in the
graph, neighbours' ratings, shared tags, the ratings' average); films without evidence are not shown.

Constraints (:mod:`recommender.dialogue` reads them): every film listed satisfies every one of
them (genres, moods, people, audience suitability, language, years, topics). When none is left, the least
important one is dropped and the answer says so (mood, then years, language, topics, genres);
people and suitability are never dropped: then nothing is shown. A list that depends on nothing the user said
(no constraint, no taste, no history) says so.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import numpy as np

from kg.linker import EntityLinker
from recommender import dialogue
from recommender.catalog import Catalog, ensure
from recommender.models import minmax, top_k
from recommender.profiles import ProfileStore

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
COMPOUND_NAMES = {("Comedy", "Romance"): "romantic comedy"}
# Tags that make no two films alike (certificates, formats, bookkeeping)
NOT_ALIKE_TAGS = frozenset({"tag:g", "tag:nr", "tag:dvd", "tag:want", "tag:long", "tag:short",
                            "tag:criterion", "tag:national film registry"})  # fmt: skip
CO_RATERS = 3  # neighbours needed before "people who liked X also rated this highly"
# "not that one" is deny and "another one" refine_creative in NLU; after a list they are feedback.
FEEDBACK_INTENTS = ("recommend_feedback", "deny", "refine_creative")
MOVIELENS_SENDER = re.compile(r"^movielens:(\d{1,9})$")
PERSON_ROLES = (("director:", "same director as {h} ({p})", "directed by {p}, whom you like"),
                ("writer:", "written by {p}, like {h}", "written by {p}, whom you like"),
                ("actor:", "also stars {p}, like {h}", "stars {p}, whom you like"))  # fmt: skip


@dataclass(frozen=True)
class Weights:
    """The hybrid's weights (chosen on a validation split by ``bench/recommend_eval.py``)."""

    cf: float = 1.0
    content: float = 0.03  # chosen on validation (bench/results/recommend_eval.json)
    embedding: float = 0.015  # half the content weight; not measured on its own
    popularity: float = 1.0  # chosen on validation; scaled by 5/n for a history of n films

    @classmethod
    def from_env(cls) -> Weights:
        def num(name: str, default: float) -> float:
            try:
                return float(os.environ.get(name, default))
            except ValueError:
                return default

        d = cls()
        return cls(
            num("ENCORE_RECOMMENDER_W_CF", d.cf),
            num("ENCORE_RECOMMENDER_W_CONTENT", d.content),
            num("ENCORE_RECOMMENDER_W_EMBEDDING", d.embedding),
            num("ENCORE_RECOMMENDER_W_POPULARITY", d.popularity),
        )


@dataclass
class RecReply:
    response: str
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


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


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


def _join_or(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _normalised(filters: dict) -> dict:
    """``filters`` with the genres as a list (states saved before it hold one ``genre``)."""
    if "genre" not in filters:
        return filters
    out = {k: v for k, v in filters.items() if k != "genre"}
    genres = dialogue.genre_filter(filters)
    if genres:
        out["genres"] = genres
    return out


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
    ) -> None:
        self._linker = linker
        self.graph = graph
        self._catalog = catalog
        self.store = store or ProfileStore()
        self.name = name or os.environ.get("ENCORE_RECOMMENDER", "hybrid")
        self.weights = weights or Weights.from_env()
        self._lock = threading.Lock()

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            with self._lock:
                if self._catalog is None:
                    logger.info("loading the recommender artifacts")
                    self._catalog = ensure()
        return self._catalog

    # -- one turn ---------------------------------------------------------------------------------

    def respond(self, sender_id: str, text: str, intent: str, state: Optional[dict] = None) -> RecReply:
        cat = self.catalog
        linker = self._linker()
        state = {**new_state(), **(state or {})}
        notes: list[str] = []
        intro = welcome = ""
        history_ratings: dict[str, float] = {}
        movielens = MOVIELENS_SENDER.match(sender_id or "")
        if movielens and self.graph is not None:
            history_ratings = dict(self.graph.user_ratings(int(movielens.group(1))))
        profile = self.store.load(sender_id)
        history_ratings.update(profile.get("ratings", {}))
        if not state["welcomed"]:
            state["welcomed"] = True
            state["seen"] = sorted(set(state["seen"]) | set(profile.get("seen", [])))
            for key in ("like_features", "dislike_features"):
                state[key] = {**profile.get(key, {}), **state[key]}
            if movielens:
                if history_ratings:
                    welcome = (f"Welcome back! From your {len(history_ratings)} ratings "
                               f"(MovieLens user {movielens.group(1)}) I picked these.")  # fmt: skip
                else:
                    notes.append(f"I have no ratings from MovieLens user {movielens.group(1)}, "
                                 "so I started from what most people liked.")  # fmt: skip
            elif profile.get("ratings") or profile.get("like_features"):
                liked = [t for t, r in profile.get("ratings", {}).items() if r >= 4][:3]
                liked += list(profile.get("like_features", {}))[:2]
                if liked:
                    welcome = f"Welcome back! I remember you like {_join(liked)}."

        parsed = dialogue.parse(text, linker, state["last"])
        if parsed.reset:
            state.update(seeds=[], filters={}, like_features={}, dislike_features={}, likes=[], dislikes=[])
        # -- feedback on the last list
        targets = self._targets(parsed, state["last"])
        feedback = intent in FEEDBACK_INTENTS or parsed.seen or parsed.reject or parsed.more_like
        if parsed.seen and not targets:
            for m in dialogue.mentions_in(text, linker):
                if m.kind == "film":
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
            notes.append(f"Noted, you've seen {_join(targets)}.")
        elif parsed.reject and targets:
            state["dislikes"] = sorted(set(state["dislikes"]) | set(targets))
            notes.append(f"Okay, not {_join(targets)}.")
        if parsed.more_like and targets:
            state["seeds"] = list(targets)
        # -- stated likes, dislikes and seeds
        liked_names = {m.name for m in parsed.likes + parsed.seeds}
        conflicts = sorted(liked_names & {m.name for m in parsed.dislikes})
        if conflicts:
            notes.append(f"You said you both like and dislike {_join(conflicts)}, so I left "
                         f"{'it' if len(conflicts) == 1 else 'them'} out of it either way.")  # fmt: skip
        said_likes: list[str] = []
        said_dislikes: list[str] = []
        for m in parsed.likes:
            if m.name in conflicts:
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
        said = ([f"you like {_join(said_likes)}"] if said_likes else []) + (
            [f"you don't like {_join(said_dislikes)}"] if said_dislikes else []
        )
        if said:
            intro = f"Noted: {'; '.join(said)}. Then you might like:"
        seeds = [m.name for m in parsed.seeds if m.kind == "film" and m.name not in conflicts]
        feature_seeds = {m.name: m.features for m in parsed.seeds if m.kind != "film"}
        if intent == "request_recommendation" and not feedback and not (parsed.refine and state["last"]):
            # A new request: its own filters and seeds; tastes, seen and rejected films stay.
            # ("only after 2010" narrows the last one: its filters, the audience's among them, stay.)
            state["filters"] = dict(parsed.filters)
            state["seeds"] = seeds
        else:
            state["filters"] = _normalised({**_normalised(state["filters"]), **parsed.filters})
            if "light" in dialogue.mood_filter(parsed.filters) and state["filters"].get("genres"):
                # "something lighter" than a thriller is no thriller
                dark = set(dialogue.DARK_FEATURES)
                kept = [
                    g for g in state["filters"]["genres"] if not dark & set(dialogue.genre_feature_list(g))
                ]
                if kept:
                    state["filters"]["genres"] = kept
                else:
                    state["filters"].pop("genres")
            if seeds:
                state["seeds"] = seeds
        for name, feats in feature_seeds.items():
            state["like_features"][name] = feats
        if parsed.unknown:
            unknown = parsed.unknown[0]
            if not (seeds or parsed.likes or parsed.dislikes or targets):
                buttons = [{"title": c, "payload": f"something like {c}"} for c in unknown.candidates[:3]]
                response = "utter_recommend_unknown_film" if buttons else "utter_recommend_unknown_film_none"
                return RecReply(response, {"mention": _original(text, unknown.text)}, buttons, state=state)
            notes.append(f"I couldn't find “{unknown.text}” in my film graph, so I left it out.")
        for m in parsed.ambiguous[:2]:
            notes.append(f"“{_original(text, m.text)}” could be {_join_or(m.candidates)}; tell me the full "
                         "name and I'll use it.")  # fmt: skip
        if said or (parsed.seen and targets):
            try:
                self.store.save(sender_id, profile)
            except OSError:
                logger.exception("could not save a recommendation profile")

        # -- rank
        # Tastes stated in this turn ("I like Nolan and sci-fi") lead the ranking of this turn.
        focus = bool(feature_seeds) or any(m.kind != "film" for m in parsed.likes)
        used: dict = {}
        ranked, relaxed = self._recommend(
            cat, state, history_ratings, surprise=parsed.surprise, focus=focus, used=used
        )
        notes += relaxed
        if not ranked:
            description = self._describe(state["filters"]) or "films"
            return RecReply("utter_recommend_nothing", {"description": description}, state=state)
        shown = [cat.titles[i] for i, _ in ranked]
        state["last"] = shown
        state["recommended"] = state["recommended"] + [t for t in shown if t not in state["recommended"]]
        lines = [f"{n}. {film_label(cat.titles[i], cat.years[i])}: {reason}" for n, (i, reason) in
                 enumerate(ranked, start=1)]  # fmt: skip
        if not intro:
            cold = not (history_ratings or state["likes"] or state["like_features"] or state["seeds"])
            intro = self._intro(
                {**state, "filters": used.get("filters", state["filters"])}, seeds, parsed, cold
            )
        if welcome:
            intro = f"{welcome} {intro}"
        note = ("\n" + " ".join(notes)) if notes else ""
        return RecReply(
            "utter_recommendations",
            {"intro": intro, "films": "\n".join(lines), "note": note},
            state=state,
            shown=shown,
        )

    # -- internals -------------------------------------------------------------------------------

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
            rest = self._describe({k: v for k, v in filters.items() if k != "suitability"})
            label = "Family-friendly" if suitability == "kids" else "Teen-friendly"
            picks = f"{label} picks{' (' + rest + ')' if rest else ''}"
            if state["seeds"]:
                return (
                    f"If you liked {_join(state['seeds'])}, try these {picks[0].lower()}{picks[1:]}: {how}."
                )
            return f"{picks}: {how}."
        description = self._describe(filters)
        if state["seeds"]:
            return f"If you liked {_join(state['seeds'])}, try{' ' + description if description else ''}:"
        if parsed.surprise:
            return "Here's a surprise or two:"
        if description:
            return f"Some {description} you might like:"
        if cold:
            return COLD_START_INTRO
        return "You might like:"

    @staticmethod
    def _describe(filters: dict) -> str:
        filters = _normalised(filters)
        parts = []
        if filters.get("suitability") == "kids":
            parts.append("family-friendly")
        elif filters.get("suitability") == "teens":
            parts.append("teen-friendly")
        parts += [dialogue.MOODS[m].words for m in dialogue.mood_filter(filters)]
        if filters.get("language"):
            parts.append(filters["language"])
        for group in filters.get("people") or []:
            parts.append(_join(list(group)))
        genres = [g for g in filters.get("genres") or []]
        named = COMPOUND_NAMES.get(tuple(sorted(genres)))
        words = [named] if named else [g.lower() for g in genres]
        if filters.get("genres_any"):
            words.append(_join_or([g.lower() for g in filters["genres_any"]]))
        parts.append(f"{' '.join(words)} films" if words else "films")
        if filters.get("topics"):
            parts.append(f"about {_join(list(filters['topics']))}")
        lo, hi = filters.get("year_min"), filters.get("year_max")
        if lo and hi and lo == hi:
            parts.append(f"from {lo}")
        elif lo and hi:
            parts.append(f"from {lo} to {hi}")
        elif lo:
            parts.append(f"from {lo} on")
        elif hi:
            parts.append(f"up to {hi}")
        text = " ".join(parts)
        return "" if text == "films" else text

    def _feature_mask(self, cat: Catalog, names: list[str]) -> np.ndarray:
        cols = [cat.feature_index[n] for n in names if n in cat.feature_index]
        if not cols:
            return np.zeros(len(cat.titles), dtype=bool)
        return np.asarray(cat.features_csc[:, cols].sum(axis=1)).ravel() > 0

    def _group_mask(self, cat: Catalog, names: list[str] | tuple[str, ...]) -> np.ndarray:
        """Films with one of ``names``; a tag that only repeats a genre's name ("tag:family" on
        The Godfather) counts only for a film the catalogue gives no genre at all."""
        plain = [n for n in names if n not in dialogue.GENRE_NAME_TAGS]
        genre_tags = [n for n in names if n in dialogue.GENRE_NAME_TAGS]
        ok = self._feature_mask(cat, plain)
        if genre_tags:
            ok |= self._feature_mask(cat, genre_tags) & ~self._has_genre(cat)
        return ok

    def _has_genre(self, cat: Catalog) -> np.ndarray:
        cached = getattr(cat, "_has_genre", None)
        if cached is None:
            cached = self._feature_mask(cat, [f for f in cat.feature_names if f.startswith("genre:")])
            cat._has_genre = cached  # type: ignore[attr-defined]
        return cached

    def _unsuitable(self, cat: Catalog, suitability: str) -> np.ndarray:
        """Films not for ``suitability`` ("kids", "teens"): an adult certificate or an adult-content
        tag; for children also a genre no children's film has (Thriller, Crime, War, Film-Noir)
        unless the film is also a Children or Family film, and Horror."""
        cache = getattr(cat, "_unsuitable", None)
        if cache is None:
            cache = cat._unsuitable = {}  # type: ignore[attr-defined]
        if suitability not in cache:
            certificates = cat.certificates or [[] for _ in cat.titles]
            bad = np.array(
                [bool(dialogue.ADULT_CERTIFICATES.intersection(c)) for c in certificates], dtype=bool
            )
            bad |= self._feature_mask(cat, list(dialogue.ADULT_TAGS))
            if suitability == "kids":
                family = self._feature_mask(cat, list(dialogue.KIDS_GENRES))
                bad |= self._feature_mask(cat, list(dialogue.KIDS_CONTRADICTING)) & ~family
                bad |= self._feature_mask(cat, list(dialogue.KIDS_NEVER))
            cache[suitability] = bad
        return cache[suitability]

    def _filter_mask(self, cat: Catalog, filters: dict) -> np.ndarray:
        """Films that satisfy every constraint of ``filters``."""
        filters = _normalised(filters)
        ok = np.ones(len(cat.titles), dtype=bool)
        for label in filters.get("genres") or []:
            ok &= self._group_mask(cat, dialogue.genre_feature_list(label))
        if filters.get("genres_any"):
            ok &= self._group_mask(
                cat, [f for g in filters["genres_any"] for f in dialogue.genre_feature_list(g)]
            )
        if filters.get("language"):
            ok &= self._feature_mask(cat, [f"language:{filters['language']}"])
        lo, hi = filters.get("year_min"), filters.get("year_max")
        if lo or hi:
            dated = cat.min_year > 0
            ok &= dated & (cat.min_year >= (lo or 0)) & (cat.max_year <= (hi or 9999))
        for name in dialogue.mood_filter(filters):
            mood = dialogue.MOODS[name]
            ok &= self._group_mask(cat, mood.any)
            if mood.none:
                ok &= ~self._feature_mask(cat, list(mood.none))
        for group in filters.get("people") or []:
            ok &= self._feature_mask(cat, [f for person in group for f in dialogue._person_features(person)])
        for topic in filters.get("topics") or []:
            ok &= self._feature_mask(cat, [f"tag:{topic}"])
        if filters.get("suitability"):
            ok &= ~self._unsuitable(cat, filters["suitability"])
        return ok

    def _preferred(self, cat: Catalog, filters: dict) -> list[tuple[np.ndarray, str]]:
        """Films to keep when there are enough of them: the family genres for children (when too
        few are left, they come first and the note says so), films without the genres a mood
        avoids (a light film is no drama when there are enough light films)."""
        out: list[tuple[np.ndarray, str]] = []
        if filters.get("suitability") == "kids":
            family = self._feature_mask(cat, list(dialogue.KIDS_GENRES))
            others = [g for g in dialogue.KIDS_PREFERRED if g not in dialogue.KIDS_GENRES]
            cartoons = self._feature_mask(cat, others) & ~self._feature_mask(
                cat, list(dialogue.KIDS_CONTRADICTING)
            )
            note = ("I'm running out of children's, family and animation films you haven't seen here, so "
                    "some of these are other films with no adult rating or adult tags.")  # fmt: skip
            out.append((family | cartoons, note))
        for name in dialogue.mood_filter(filters):
            if dialogue.MOODS[name].avoid:
                out.append((~self._feature_mask(cat, list(dialogue.MOODS[name].avoid)), ""))
        return out

    def _tagged(self, cat: Catalog, filters: dict) -> np.ndarray:
        """Films with a tag that says what was asked for: a mood's tags ("twist ending" for
        mind-bending), a tag naming both genres asked for ("romantic comedy")."""
        tags = [t for m in dialogue.mood_filter(filters) for t in dialogue.MOODS[m].prefer]
        genres = set(filters.get("genres") or [])
        tags += [
            t
            for pair, pair_tags in dialogue.COMPOUND_TAGS.items()
            if genres.issuperset(pair)
            for t in pair_tags
        ]
        return self._feature_mask(cat, tags) if tags else np.zeros(len(cat.titles), dtype=bool)

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
            excluded |= self._feature_mask(cat, disliked)
        # history: seeds count double; a MovieLens user's rated films are their implicit history
        weights: dict[int, float] = {}
        for title, rating in ratings.items():
            if title in index and rating >= 3.0:
                weights[index[title]] = 1.0
        for title in state["likes"]:
            if title in index:
                weights[index[title]] = 1.0
        for title in state["seeds"]:
            if title in index:
                weights[index[title]] = 2.0
        like_feats = [f for feats in state["like_features"].values() for f in feats]
        scores, evidence_items = self._score(
            cat, weights, like_feats, surprise, seeded=bool(state["seeds"]), focus=focus
        )
        base_ok = ~excluded
        filters = _normalised(state["filters"])
        ok = base_ok & self._filter_mask(cat, filters)
        notes: list[str] = []
        if not ok.any() and filters:
            ok, relaxed, filters = self._relax(cat, base_ok, filters)
            if relaxed:
                notes.append(relaxed)
        if used is not None:
            used["filters"] = filters
        if not ok.any():
            return [], notes
        total = scores["total"].copy()
        # "Something like X", "I loved X": films that share a genre, a person or a tag with X, when
        # there are enough of them (neighbours' ratings alone do not make a film like X).
        named = [index[t] for t in [*state["seeds"], *state["likes"]] if t in index]
        if named:
            alike = self._feature_mask(
                cat, sorted(set().union(*map(cat.feature_set, named)) - NOT_ALIKE_TAGS)
            )
            if (ok & alike).sum() >= SHOWN:
                ok &= alike
        tagged = self._tagged(cat, filters)
        if (ok & tagged & (cat.rating_count >= KNOWN)).sum() >= SHOWN:
            ok &= tagged  # "a dark comedy": the ones tagged black comedy, dark comedy ...
        else:
            total = total + TAG_BONUS * tagged  # a few, or little known: first among equals
        for preferred, note in self._preferred(cat, filters):
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
            ok_personal = ok & (scores["personal"] > 0)
            if ok_personal.sum() >= SHOWN:
                ok = ok_personal
        order = top_k(total, 60, exclude=~ok)
        if surprise:
            rng = np.random.default_rng()
            order = rng.permutation(order[:30])
        hist = sorted(evidence_items, key=lambda i: -weights.get(i, 0))
        out: list[tuple[int, str]] = []
        for i in order:
            reason = self.explain(cat, int(i), hist, state, filters)
            if reason:
                out.append((int(i), reason))
            if len(out) == SHOWN:
                break
        return out, notes

    def _score(
        self,
        cat: Catalog,
        weights: dict[int, float],
        like_feats: list[str],
        surprise: bool,
        seeded: bool = False,
        focus: bool = False,
    ) -> tuple[dict, list]:
        n = len(cat.titles)
        w = self.weights
        prior = self._prior(cat)
        items = np.array(sorted(weights), dtype=np.int64)
        vals = np.array([weights[i] for i in items], dtype=np.float64)
        cf = np.zeros(n)
        n_cf = 0
        if items.size and self.name in ("hybrid", cat.cf_name):
            cols = cat.cf_column[items]
            mask = cols >= 0
            n_cf = int(mask.sum())
            if n_cf:
                h = np.zeros(len(cat.cf_items))
                h[cols[mask]] = vals[mask]
                s = np.asarray(cat.cf_model.score(h), dtype=np.float64)
                cf[cat.cf_items] = minmax(s)
        content = np.zeros(n)
        emb = np.zeros(n)
        if self.name in ("hybrid", "content") and (items.size or like_feats):
            q = np.zeros(cat.features_weighted.shape[1])
            if items.size:
                q += np.asarray(cat.features_weighted[items].T @ vals).ravel()
            for f in like_feats:
                if f in cat.feature_index:
                    q[cat.feature_index[f]] += cat.idf[cat.feature_index[f]] / 3.0
            content = minmax(np.asarray(cat.features_weighted @ q).ravel())
            if items.size:
                e = cat.embeddings[items].T @ vals
                e = (e / (np.linalg.norm(e) or 1.0)).astype(np.float32)  # float32: no copy of the matrix
                emb = np.maximum(cat.embeddings @ e, 0.0).astype(np.float64)
                emb[~cat.has_embedding] = 0.0
        if self.name == "popularity":
            total = prior
        elif self.name == "content":
            total = content + w.popularity * prior
        elif self.name != "hybrid":
            total = cf + w.popularity * prior
        else:
            k = max(n_cf, 1)
            # A short history leans on content and popularity (as models.Hybrid, tuned on validation).
            # "Something like X" asks for similar films, not for what most people liked: the
            # cold-start popularity boost is then only a tie-breaker.
            boost = 1.0 + 5.0 / k
            w_pop = w.popularity * (0.05 if seeded else 5.0 / k)
            total = w.cf * cf + w.content * boost * content + w.embedding * boost * emb + w_pop * prior
            if n_cf == 0 and (items.size or like_feats):
                # Nothing the ratings know (a new user, films or people without ratings): the
                # graph neighbours of what was named, the better known first among equals.
                total = content + 0.5 * emb + 0.3 * prior
            if not items.size and not like_feats:
                total = prior
        if focus and self.name == "hybrid":
            total = content + 0.5 * emb + 0.3 * cf + 0.3 * prior
        personal = cf + content
        return {"total": total, "personal": personal, "prior": prior}, list(items)

    @staticmethod
    def _prior(cat: Catalog) -> np.ndarray:
        """Popularity: many ratings with a good (shrunk) average; then the best-documented films."""
        cached = getattr(cat, "_prior", None)
        if cached is None:
            count = cat.rating_count.astype(np.float64)
            bayes = (count * cat.rating_mean + 10 * 3.5) / (count + 10)
            cached = minmax(np.log1p(count) * np.maximum(bayes - 2.5, 0.01)) + 1e-4 * minmax(cat.degree)
            cat._prior = cached  # type: ignore[attr-defined]
        return cached

    def _relax(self, cat: Catalog, base_ok: np.ndarray, filters: dict) -> tuple[np.ndarray, str, dict]:
        """Nothing matches every filter: drop the least important one, and say so."""
        description = self._describe(filters)
        # Never dropped: the people asked for and the audience's suitability.
        for drop in (
            ("mood",),
            ("year_min", "year_max"),
            ("language",),
            ("genres_any",),
            ("topics",),
            ("genres", "genre"),
        ):
            if not any(filters.get(k) for k in drop):
                continue
            rest = {k: v for k, v in filters.items() if k not in drop}
            ok = base_ok & self._filter_mask(cat, rest)
            if not ok.any():
                continue
            if drop[0] == "year_min":
                ok = self._nearest_in_time(cat, ok, filters)
            what = self._describe(rest) or "films"
            return ok, (f"I don't know any {description} I haven't shown you. These are the nearest: {what}"
                        f"{', the closest in time' if drop[0] == 'year_min' else ''}."), rest  # fmt: skip
        return np.zeros_like(base_ok), "", filters

    @staticmethod
    def _nearest_in_time(cat: Catalog, ok: np.ndarray, filters: dict) -> np.ndarray:
        lo, hi = filters.get("year_min") or 0, filters.get("year_max") or 9999
        dist = np.where(
            cat.max_year < lo, lo - cat.max_year, np.where(cat.min_year > hi, cat.min_year - hi, 0)
        )
        dist = np.where(cat.min_year > 0, dist, 10_000)
        candidates = np.flatnonzero(ok & (cat.min_year > 0))
        if candidates.size == 0:
            return ok
        nearest = np.sort(dist[candidates])[min(29, candidates.size - 1)]
        return ok & (dist <= nearest) & (cat.min_year > 0)

    # -- explanations ---------------------------------------------------------------------------

    def explain(
        self, cat: Catalog, item: int, history: list[int], state: dict, filters: dict
    ) -> Optional[str]:
        """The reason to show ``item``, from evidence; ``None`` if there is none."""
        own = cat.feature_set(item)
        for h in history[:20]:
            theirs = cat.feature_set(h)
            for prefix, template, _ in PERSON_ROLES:
                shared = sorted(f.split(":", 1)[1] for f in own & theirs if f.startswith(prefix))
                if shared:
                    return template.format(h=cat.titles[h], p=_join(shared[:2]))
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
                return f"{_join(roles[:2])}, as you asked{rated if count >= 3 else ''}"
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
            tags = sorted(f.split(":", 1)[1] for f in own & theirs if f.startswith("tag:"))
            if tags:
                return (
                    f"shares the tag{'s' if len(tags) > 1 else ''} {', '.join(tags[:3])} with {cat.titles[h]}"
                )
        for h in history[:20]:
            genres = sorted(f.split(":", 1)[1] for f in own & cat.feature_set(h) if f.startswith("genre:"))
            if genres:
                return f"also {_join(genres[:2])}, like {cat.titles[h]}"
        count = int(cat.rating_count[item])
        matched = self._describe(filters)
        if count >= 3:
            popular = f"rated {cat.rating_mean[item]:.1f}/5 on average by {count} MovieLens users"
            return f"{popular} (you asked for {matched})" if matched else popular
        if matched:
            facts = [f.split(":", 1)[1] for f in sorted(own) if f.startswith(("genre:", "language:"))][:3]
            years = "/".join(str(y) for y in cat.years[item])
            return f"listed in my graph as {', '.join(facts + ([years] if years else []))}" if facts else None
        return None
