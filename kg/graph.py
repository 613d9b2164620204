"""Read access to the film knowledge graph.

:class:`KnowledgeGraph` owns one Neo4j driver per process, created lazily on first use. Every
method runs one constant query from :mod:`kg.queries` with parameters, within a per-query
timeout and a short retry window, and returns plain Python data. When Neo4j cannot be reached
it raises :class:`GraphUnavailable`; the driver reconnects by itself once Neo4j is back.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Optional

import neo4j
from neo4j import GraphDatabase, Query
from neo4j.exceptions import (
    AuthError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from encore.settings import Settings, load_settings
from kg import queries
from kg.paths import NO_CONSTRAINTS, PATHS

logger = logging.getLogger(__name__)

FILM_FACT_KINDS = tuple(queries.FILM_FACTS)
PERSON_ROLES = tuple(queries.PERSON_FILMS)


class GraphUnavailable(RuntimeError):
    """Neo4j could not answer (down, unreachable, timed out or refused our credentials)."""


@dataclass(frozen=True)
class FilmFacts:
    title: str
    years: list[int]
    kind: str
    values: list[Any]


OVERVIEW_FIELDS = ("directors", "writers", "cast", "genres", "languages", "tags")


@dataclass(frozen=True)
class FilmOverview:
    title: str
    years: list[int]
    rating: Optional[Any]  # the KB's IMDb rating, when it has one
    directors: list[str]
    writers: list[str]
    cast: list[str]
    genres: list[str]
    languages: list[str]
    tags: list[str]


@dataclass(frozen=True)
class Film:
    title: str
    years: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Answer:
    name: str
    years: list[int] = field(default_factory=list)  # for films
    support: int = 1  # how many films on the path lead to it


@dataclass(frozen=True)
class PathResult:
    path: str
    answers: list[Answer]  # best supported first, at most the query's limit
    total: int  # how many answers there are in all
    films: int  # how many films the answers were read from
    via: list[str]  # what a bridge went through (the directors of the topic film, ...)


def _films(rows: list[dict[str, Any]]) -> list[Film]:
    return [Film(r["title"], list(r.get("years") or [])) for r in rows]


def make_driver(settings: Settings) -> neo4j.Driver:
    """A driver tuned for chat turns: fail in seconds, never wait half a minute."""
    return GraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        connection_timeout=3.0,
        connection_acquisition_timeout=5.0,
        max_transaction_retry_time=2.0,
        liveness_check_timeout=30.0,
        user_agent="encore",
        # Server notifications (deprecations, unknown property keys before the first import)
        # are for developers reading query plans, not for the logs of every chat turn.
        notifications_min_severity="OFF",
    )


class KnowledgeGraph:
    """Film questions answered from Neo4j. Thread-safe; share one per process."""

    def __init__(self, settings: Optional[Settings] = None, driver: Optional[neo4j.Driver] = None):
        self._settings = settings
        self._driver = driver
        self._lock = threading.Lock()
        self._merged_years: Optional[dict[str, list[int]]] = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    @property
    def driver(self) -> neo4j.Driver:
        if self._driver is None:
            with self._lock:
                if self._driver is None:
                    self._driver = make_driver(self.settings)
        return self._driver

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    # -- plumbing ---------------------------------------------------------------------------

    def read(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        """Run one read query and return its records as dicts."""
        query = Query(cypher, timeout=self.settings.neo4j_query_timeout)  # type: ignore[arg-type]
        try:
            # An auto-commit transaction: RUN and PULL in one round trip to the server, where a
            # managed one (driver.execute_query) adds BEGIN and a COMMIT round trip; 0.5 ms of a
            # 1.6 ms film-question query on the same machine (docs/benchmarks.md, "Cost of a
            # turn"). Reads only, so nothing is lost by not retrying inside a transaction function.
            with self.driver.session(
                database=self.settings.neo4j_database or None, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                return [record.data() for record in session.run(query, params)]
        except (ServiceUnavailable, SessionExpired, AuthError, TransientError) as exc:
            raise GraphUnavailable(str(exc)) from exc
        except Neo4jError as exc:
            # Timeouts and transient cluster errors are the graph being unavailable for this
            # turn; anything else is a bug in our Cypher and must surface as one.
            if exc.code and (exc.code.startswith("Neo.TransientError") or "Timeout" in exc.code):
                raise GraphUnavailable(str(exc)) from exc
            raise
        except (DriverError, OSError) as exc:
            raise GraphUnavailable(str(exc)) from exc

    def ping(self) -> bool:
        try:
            return self.read("RETURN 1 AS ok")[0]["ok"] == 1
        except GraphUnavailable:
            return False

    # -- vocabularies for the entity linker ---------------------------------------------------

    def names(self, kind: str) -> list[tuple[str, int]]:
        """All names of one kind (``film``, ``person``, ``genre``, ``language``, ``tag``) with a weight."""
        cypher = {
            "film": queries.ALL_MOVIE_TITLES,
            "person": queries.ALL_PERSON_NAMES,
            "genre": queries.ALL_GENRES,
            "language": queries.ALL_LANGUAGES,
            "tag": queries.ALL_TAGS,
        }[kind]
        return [(r["name"], int(r["weight"])) for r in self.read(cypher)]

    def fulltext(self, text: str, limit: int = 5) -> list[tuple[str, str, float]]:
        """Names matching ``text`` in the full-text index, as (name, label, score)."""
        terms = [t for t in _lucene_terms(text)]
        if not terms:
            return []
        lucene = " AND ".join(f"{t}~" for t in terms)
        rows = self.read(queries.FULLTEXT_NAMES, query=lucene, limit=limit)
        return [(r["name"], r["label"], float(r["score"])) for r in rows]

    # -- questions ------------------------------------------------------------------------------

    def film_facts(self, title: str, kind: str) -> Optional[FilmFacts]:
        """Facts of one kind about a film; ``None`` if the film is not in the graph."""
        rows = self.read(queries.FILM_FACTS[kind], title=title)
        if not rows:
            return None
        row = rows[0]
        return FilmFacts(row["title"], list(row["years"] or []), kind, list(row["values"]))

    def film_overview(self, title: str) -> Optional[FilmOverview]:
        """What the graph knows about one film; ``None`` if the film is not in the graph."""
        rows = self.read(queries.FILM_OVERVIEW, title=title)
        if not rows:
            return None
        r = rows[0]
        return FilmOverview(
            r["title"], list(r["years"] or []), r["rating"],
            **{k: sorted({str(v) for v in r[k] or []}) for k in OVERVIEW_FIELDS},
        )  # fmt: skip

    def person_roles(self, name: str) -> dict[str, int]:
        """How many films a person has in each role (``directed_by``, ``written_by``,
        ``starred_actors``); empty if the person is unknown."""
        rows = self.read(queries.PERSON_ROLE_COUNTS, name=name)
        return {k: int(v) for k, v in rows[0].items()} if rows else {}

    def person_films(self, name: str, role: str) -> Optional[list[Film]]:
        """Films a person acted in, directed or wrote; ``None`` if the person is unknown."""
        rows = self.read(queries.PERSON_FILMS[role], name=name)
        return _films(rows[0]["films"]) if rows else None

    def films_by_directors_of(self, title: str) -> Optional[dict[str, list[Film]]]:
        """The other films of each director of ``title``; ``None`` if the film is unknown."""
        rows = self.read(queries.FILMS_BY_DIRECTORS_OF, title=title)
        if not rows:
            return None
        return {d["director"]: _films(d["films"]) for d in rows[0]["directors"]}

    def costars(self, name: str, limit: int = 10) -> Optional[tuple[list[tuple[str, list[str]]], int]]:
        """People who acted with ``name``, most shared films first, and how many there are."""
        rows = self.read(queries.COSTARS, name=name, limit=limit)
        if not rows:
            return None
        row = rows[0]
        return [(c["name"], list(c["films"])) for c in row["costars"]], int(row["total"])

    def films_filtered(
        self,
        genre: Optional[str] = None,
        year: Optional[int] = None,
        language: Optional[str] = None,
        limit: int = 10,
    ) -> tuple[list[Film], int]:
        """Films matching every given filter, and how many match in all."""
        rows = self.read(queries.FILMS_FILTERED, genre=genre, year=year, language=language, limit=limit)
        return _films(rows[0]["films"]), int(rows[0]["total"])

    def follow_path(
        self, path: str, topic: Any, constraints: dict[str, Any], limit: int = 50
    ) -> Optional[PathResult]:
        """Answers at the end of a whitelisted relation path (:data:`kg.paths.PATHS`) from
        ``topic``; ``None`` if the topic is not in the graph."""
        rows = self.read(PATHS[path].cypher, topic=topic, limit=limit, **{**NO_CONSTRAINTS, **constraints})
        if not rows:
            return None
        row = rows[0]
        answers = [
            Answer(str(a["name"]), list(a.get("years") or []), int(a["support"])) for a in row["answers"]
        ]
        return PathResult(path, answers, int(row["total"]), int(row["films"]), [str(v) for v in row["via"]])

    def merged_years(self, title: str) -> list[int]:
        """The years of the same-titled films the KB merged under ``title`` (empty for a title
        of one film). The few merged titles are read once, so an answer needs no second query."""
        if self._merged_years is None:
            rows = self.read(queries.MERGED_TITLES)
            self._merged_years = {str(r["title"]): [int(y) for y in r["years"]] for r in rows}
        return self._merged_years.get(title, [])

    def audience_rating(self, title: str) -> Optional[tuple[int, float]]:
        """How many MovieLens users rated a film and their mean rating (out of 5); ``None``
        when none did or the film is unknown."""
        rows = self.read(queries.FILM_AUDIENCE, title=title)
        if not rows or not rows[0]["n"]:
            return None
        return int(rows[0]["n"]), float(rows[0]["mean"])

    def user_ratings(self, user_id: int) -> list[tuple[str, float]]:
        """A MovieLens user's ratings of the graph's films, newest first (empty if unknown)."""
        rows = self.read(queries.USER_RATINGS, user=int(user_id))
        return [(r["title"], float(r["rating"])) for r in rows]


def _lucene_terms(text: str) -> list[str]:
    """Lower-case alphanumeric words of ``text``: nothing Lucene could read as syntax."""
    word: list[str] = []
    terms: list[str] = []
    for ch in text.lower():
        if ch.isalnum():
            word.append(ch)
        elif word:
            terms.append("".join(word))
            word = []
    if word:
        terms.append("".join(word))
    return terms[:8]
