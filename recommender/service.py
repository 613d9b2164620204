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
prior ranks the films that pass the filters. :mod:`recommender.listing` adds what the
conversation asks for on top of it: filters, exclusions, the films like a named one, and a reason
for each. Every film shown carries a reason taken from the evidence (:mod:`recommender.explain`:
a shared person in the graph, neighbours' ratings, shared tags, the ratings' average); films
without evidence are not shown.

What one message changes in the conversation's state and the profile: :mod:`recommender.conversation`.
Constraints (what every film listed satisfies, and which one is dropped): :mod:`recommender.constraints`.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from encore.lazy import Lazy
from encore.settings import setting
from kg.linker import EntityLinker, normalise
from recommender import constraints, conversation, dialogue, listing, theme_films
from recommender.catalog import Catalog, ensure
from recommender.constraints import join_or
from recommender.conversation import KINDS, REQUEST, _original, _Turn, new_state
from recommender.profiles import ProfileStore
from recommender.ranking import Weights

logger = logging.getLogger(__name__)

MOVIELENS_SENDER = re.compile(r"^movielens:(\d{1,9})$")


@dataclass
class RecReply:
    """One turn's answer: an ``outcome`` (``list``, ``nothing``, ``unknown_film``,
    ``unknown_film_none``, ``ambiguous_person``) with its variables and buttons, the
    conversation's new state and the films shown. The action says it with a response of its
    domain (``actions.recommend``)."""

    outcome: str
    variables: dict[str, Any] = field(default_factory=dict)
    buttons: list[dict[str, str]] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    shown: list[str] = field(default_factory=list)


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
        before = copy.deepcopy(turn.state)  # what a question back leaves as it was
        movielens = MOVIELENS_SENDER.match(sender_id or "") if self.demo_identities else None
        if movielens and self.graph is not None:
            turn.history = dict(self.graph.user_ratings(int(movielens.group(1))))
        turn.profile = self.store.load(sender_id)
        turn.history.update(turn.profile.get("ratings", {}))
        conversation.welcome(turn, movielens)
        turn.parsed = dialogue.parse(text, self._linker(), turn.state["last"])
        turn.parsed.filters = self._themes(turn.parsed)  # "zombie films": horror
        conversation.makers(turn, self.catalog)
        if turn.parsed.reset:
            turn.state.update(
                seeds=[], filters={}, like_features={}, dislike_features={}, likes=[], dislikes=[]
            )
        feedback, targets = conversation.feedback(turn, self._linker)
        said = conversation.tastes(turn)
        conversation.narrow(turn, feedback)
        unknown = self._unknown_names(turn, targets, before)
        if unknown is not None:
            return unknown
        if said or (turn.parsed.seen and targets):
            try:
                self.store.save(sender_id, turn.profile)
            except OSError:
                logger.exception("could not save a recommendation profile")
        return self._answer(turn)

    def _unknown_names(self, turn: _Turn, targets: list[str], before: dict) -> Optional[RecReply]:
        """A name that links to nothing: asked about when it was all the message said (with the
        closest titles as buttons), else noted (the message's filters still hold); an ambiguous
        surname is asked about when it was all the message said (its people as buttons), else
        noted."""
        parsed, text = turn.parsed, turn.text
        if parsed.unknown:
            unknown = parsed.unknown[0]
            # asked about only when it was all the message said: "a mystery like knives out but
            # older" is still a mystery, with a note that the title was left out
            if not (turn.seeds or parsed.likes or parsed.dislikes or targets or parsed.filters):
                buttons = [{"title": c, "payload": f"something like {c}"} for c in unknown.candidates[:3]]
                outcome = "unknown_film" if buttons else "unknown_film_none"
                return RecReply(
                    outcome, {"mention": _original(text, unknown.text)}, buttons, state=turn.state
                )
            title = _original(text, unknown.text)
            twins = [c for c in unknown.candidates if normalise(c) == normalise(title)]
            if len(twins) > 1:  # "moulin rouge": Moulin Rouge (1952) and Moulin Rouge! (2001)
                turn.notes.append(f"“{title}” could be {join_or(twins)}, so I left it out; tell me "
                                  "which one and I'll use it.")  # fmt: skip
            else:
                turn.notes.append(f"I couldn't find “{title}” in my film graph, so I left it out.")
        if parsed.ambiguous and not (
            turn.seeds or parsed.likes or parsed.dislikes or targets or parsed.filters
        ):
            # the surname is all the message said: which of them is asked, not a list without it
            m = parsed.ambiguous[0]
            buttons = [{"title": c, "payload": f"something with {c}"} for c in m.candidates[:4]]
            said = {"mention": _original(text, m.text), "candidates": join_or(m.candidates)}
            return RecReply("ambiguous_person", said, buttons, state=before)
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
        ranked, relaxed = listing.recommend(
            cat,
            state,
            turn.history,
            self.weights,
            self.name,
            surprise=parsed.surprise,
            focus=focus,
            used=used,
        )
        notes = turn.notes + relaxed
        if not ranked:
            description = constraints.describe(state["filters"]) or "films"
            return RecReply("nothing", {"description": description}, state=state)
        shown = [cat.titles[i] for i, _ in ranked]
        state["last"] = shown
        state["recommended"] = state["recommended"] + [t for t in shown if t not in state["recommended"]]
        lines = [f"{n}. {listing.film_label(cat.titles[i], cat.years[i])}: {reason}" for n, (i, reason) in
                 enumerate(ranked, start=1)]  # fmt: skip
        intro = turn.intro
        if not intro:
            cold = not (turn.history or state["likes"] or state["like_features"] or state["seeds"])
            intro = listing.intro(
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
        says: a person ("statham punching people, nothing deep"; a surname several people share),
        a film liked or to be like, or a theme (:func:`recommender.theme_films.themes`). Genres,
        languages and years alone are said by film questions as much, and so are tags that are no
        theme (:func:`recommender.theme_films.themes` without its last resort)."""
        parsed, _ = self._as_request(text)
        filters = theme_films.themes(self.catalog, parsed.filters, last_resort=False)
        named = parsed.likes or parsed.seeds or parsed.ambiguous
        return bool(filters.get("people") or filters.get("themes") or named)

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
        (:func:`recommender.theme_films.themes`); read once for the questions of one turn."""
        last = self._last_read
        if last is not None and last[0] == text:
            return last[1], last[2]
        parsed = dialogue.parse(text, self._linker())
        filters = self._themes(parsed)
        self._last_read = (text, parsed, filters)
        return parsed, filters

    def _themes(self, parsed: dialogue.Parsed) -> dict:
        """The filters of ``parsed`` with its themes (:func:`recommender.theme_films.themes`); a
        surname several people share ("bergman") is never a last-resort theme."""
        return theme_films.themes(self.catalog, parsed.filters, last_resort=not parsed.ambiguous)
