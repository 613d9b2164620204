"""The whole bot, end to end: does each message reach the right capability, and is the answer right?

    .venvs/actions/bin/python bench/bot_eval.py [--split test|dev|dev2|...|dev14|all] [--limit N]
        [--url http://127.0.0.1:5005/webhooks/rest/webhook] [--concurrency 1] [--start-stack]

Why: every capability has its own benchmark (FAQ retrieval, film questions, recommendations,
creative writing), but a user's message first has to reach it. This sends the messages of
``bench/data/bot_eval.tsv`` (unseen everyday wordings: support questions, recommendation
requests, creative requests, small talk, out-of-scope requests and film questions from the QA
set's tuning splits) through the real REST webhook, one fresh sender id per message and run,
then reads the conversation's tracker to see which actions ran after the message and with which
responses (bot events carry ``metadata.utter_action``; replies without it are matched against the
domain's response texts). Tune on ``--split dev``; report ``test``. dev2: a second tuning split
written after dev was used up (support, recommendation, creative, small-talk and out-of-scope
messages; no film questions); dev3: a third, of recommendation requests only, written after dev2
was used up; dev4: a fourth, of recommendation requests only, written after dev3 was used up;
dev5: a fifth, of recommendation requests only, written blind after dev4 was used up; dev6: a
sixth, of 60 recommendation requests, written blind after dev5 was used up; dev7: a seventh,
of 100 recommendation requests, written blind after dev6 was used up (after its first run, nine
requests worded as film questions, "films with cate blanchett", which the film-question answer
listed rightly, were reworded as requests: "in the mood for something with cate blanchett"); dev8: an eighth,
of 60 recommendation requests, written blind while dev7 was in use; dev9: a ninth, of 60
recommendation requests, written blind after dev8 was used up. dev10: a tenth, of 60
recommendation requests, written blind while dev9 was in use. dev11: an eleventh, of 60
recommendation requests, written blind after dev10 was used up (after its first run, rec1140, a
near copy of dev7's rec863, was reworded with the same constraints). dev12: a twelfth, written
blind: 40 support questions, 40 small-talk messages and 20 out-of-scope requests (before its
first run, 22 short messages that the set test found in the NLU's training or held-out data, or
near copies of them, were reworded). dev13: a thirteenth, of 60 recommendation requests, written
blind after dev11 and dev12 were used up. dev14: a fourteenth, of 60 recommendation requests,
written blind after dev13 was used up (every request with at least four films in the graph that
meet it).

Each turn gets a route: ``film`` (action_answer_film_question, or the second stage answering
with an utter_kg_* response), ``support`` (action_answer_support or a second-stage FAQ answer),
``recommend``, ``creative``, ``chitchat`` (greet, goodbye, thanks, help, bot challenge, ok),
``out_of_scope`` (utter_out_of_scope), ``fallback`` (utter_default, the default fallback
actions), ``delete`` (the delete-my-data confirmation: a destructive misroute) and ``handoff``
(a human agent offered when nobody asked for one). Then, per capability:

* support: answered right (the reply holds the labelled entry's answer), clarified right (a
  clarification button carries the labelled ``faq_id``), right-or-clarified; for questions no
  entry answers, handled = no FAQ answer given;
* recommend: the films listed (``1. Title (year): reason`` lines) and whether every film meets
  every constraint of the request, checked in Neo4j with the rules below; when the film-question
  answer took the request instead ("cary grant comedies" answered with Cary Grant's comedies),
  whether the films its list names meet them is reported beside
  (``all_constraints_met_any_answer``), and such a row still fails;
* creative: the task (scene, tagline, ad) from the ``creative_request`` slot after the turn;
* chitchat and out of scope: the intent of the message (the tracker's latest_message); small
  talk whose reply is the one response of its label's rule (CHITCHAT_RESPONSES: a greeting
  answered with utter_greet) is right too, as the second stage answers small talk the NLU fell
  back on (not yes and no, which share their response);
* film: a gold answer in the reply (bench/qa_eval.py's matching).

Results: bench/results/bot_eval.json for the test split, bot_eval_<split>.json otherwise
(routing accuracy, fallback and clarification rates per capability, the capability metrics
above, destructive misroutes, unasked handoffs, p50/p95 latency of the webhook call, up to 80
failures). ``--start-stack`` starts a throw-away stack under .encore/bench like qa_eval.py.

Caveats: genres are the graph's (WikiMovies) plus those of the MovieLens films the graph links
(see MOVIELENS_GENRES); tags are WikiMovies's only, and the kids and mood rules below read
genres and tags, so they are approximations; "like X" only asks for shared graph facts, a weak
notion of similarity; MovieLens's Children genre counts as Family (GENRE_EQUIVALENTS). A reply
that names the right FAQ entry's answer among other text counts as right.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

import requests
import yaml
from common import ROOT, load_average, summary_ms, write_result
from qa_eval import (
    Question,
    add_stack_options,
    answers_in,
    bench_stack,
    explain_unreachable,
    normalise,
    reachable,
    start_bench_stack,
    stop_services,
    telling_answers,
)

from encore.settings import Settings, load_settings
from encore.stack import Stack

DATA_FILE = ROOT / "bench" / "data" / "bot_eval.tsv"
FAQ_FILE = ROOT / "data" / "faq" / "kb.yml"
DOMAIN_FILE = ROOT / "domain.yml"
WEBHOOK = "/webhooks/rest/webhook"
TIMEOUT_S = 90
MAX_FAILURES = 80
PROGRESS_EVERY = 25

# --- Constraint rules for recommendations (checked against the graph) ----------------------
# genres_all / genres_any: a film has a genre when it links to that Genre node, or carries a tag
# naming the genre (its name in lower case, or one of GENRE_TAGS): the KB files some genres,
# Sci-Fi above all, as tags, and the recommender reads both. With MOVIELENS_GENRES, the genres
# of the MovieLens films the graph links to the film (Movie.movielens_ids; genres from
# kg/data/movielens/movies.csv) count too: WikiMovies gives most films a single genre ("The
# Godfather" is Crime, not Drama), MovieLens several, and the recommender reads both.
MOVIELENS_GENRES = True
MOVIELENS_MOVIES = ROOT / "kg" / "data" / "movielens" / "movies.csv"
# A MovieLens genre that is a graph genre under another name: MovieLens files family films as
# "Children" and has no "Family" (Toy Story is Adventure|Animation|Children|Comedy|Fantasy there,
# and has no genre of its own in WikiMovies), so "a family comedy" is met by Children too.
GENRE_EQUIVALENTS = {"Family": {"Children"}}
GENRE_TAGS = {
    "Sci-Fi": {"science fiction", "sci-fi", "scifi"},
    "Romance": {"romantic", "romantic comedy"},
    "Animation": {"animated", "computer animation"},
    "Biography": {"biopic"},
    "Sport": {"sports"},
}
# suitability "kids": a film is suitable when it has none of the KIDS_UNSUITABLE_TAGS (the "r"
# rating marker, adult-only or graphic content) and none of the KIDS_UNSUITABLE_GENRES, AND at
# least one family-friendly signal: a genre in KIDS_GENRES or a tag in KIDS_TAGS.
KIDS_UNSUITABLE_TAGS = frozenset({
    "r", "nc-17", "x", "sex", "erotic", "erotica", "nudity", "male nudity", "unsimulated sex", "explicit sex",
    "porn", "pornography", "gore", "slasher", "serial killer", "violence", "violent", "drugs",
})  # fmt: skip
KIDS_UNSUITABLE_GENRES = frozenset({"Horror"})
KIDS_GENRES = frozenset({"Family", "Animation", "Children"})  # Children: a MovieLens genre
KIDS_TAGS = frozenset({
    "family", "disney", "walt disney", "pixar", "pixar animation", "children", "children's", "kids",
    "animated", "animation", "computer animation", "g", "dreamworks", "dreamworks animation", "fairy tale",
    "cartoon", "talking animals", "studio ghibli",
})  # fmt: skip
# mood "light": at least one light signal (LIGHT_GENRES / LIGHT_TAGS) and no dark one;
# mood "dark": at least one dark signal (DARK_GENRES / DARK_TAGS).
LIGHT_GENRES = frozenset({"Comedy", "Family", "Animation", "Musical", "Romance", "Children"})
LIGHT_TAGS = frozenset({
    "comedy", "feel-good", "feel good", "family", "romantic comedy", "funny", "light", "disney", "pixar",
    "heartwarming", "animated", "animation",
})  # fmt: skip
DARK_GENRES = frozenset({"Horror", "Thriller", "Crime", "War", "Mystery", "Film-Noir"})
DARK_TAGS = frozenset({
    "dark", "dark comedy", "black comedy", "noir", "film noir", "murder", "serial killer", "violence",
    "violent", "disturbing", "psychological", "revenge", "horror", "thriller", "crime", "war", "dystopia",
    "slasher",
})  # fmt: skip
# like X: a film other than X that shares with X a genre, a person (director, writer or actor)
# or a descriptive tag (rating, format and bookkeeping tags ignored). Co-ratings are not used:
# in MovieLens the fans of any film also rate the popular films highly, so they prove nothing.
LIKE_IGNORED_TAGS = frozenset({
    "r", "g", "pg", "pg-13", "bd-r", "bd-video", "dvd", "dvd-video", "own", "original", "unique", "special",
    "story", "want", "long", "short",
})  # fmt: skip

# --- Routes --------------------------------------------------------------------------------
FALLBACK_ACTIONS = {
    "action_default_fallback",
    "action_default_ask_affirmation",
    "action_default_ask_rephrase",
}
FALLBACK_UTTERS = {"utter_default", "utter_default_empathetic", "utter_ask_rephrase"}
CHITCHAT_UTTERS = {
    "utter_greet", "utter_goodbye", "utter_goodbye_sorry", "utter_you_are_welcome", "utter_help",
    "utter_iamabot", "utter_ok",
}  # fmt: skip
# The response only the label's rule gives (data/rules/chitchat.yml, support.yml).
CHITCHAT_RESPONSES = {
    "greet": {"utter_greet"},
    "goodbye": {"utter_goodbye", "utter_goodbye_sorry"},
    "thank": {"utter_you_are_welcome"},
    "help": {"utter_help"},
    "bot_challenge": {"utter_iamabot"},
}
CLARIFY_UTTERS = (
    "utter_support_clarify_", "utter_kg_ambiguous_", "utter_kg_which_", "utter_kg_unknown_film_suggest",
    "utter_kg_unknown_person_suggest", "utter_recommend_unknown_film", "utter_creative_need_",
)  # fmt: skip
IGNORED_ACTIONS = {"action_listen", "action_session_start", "action_extract_slots"}
EXPECTED_ROUTES = {
    "support": {"support"},
    "recommend": {"recommend"},
    "creative": {"creative"},
    "chitchat": {"chitchat"},
    "out_of_scope": {"out_of_scope"},
    "film": {"film"},
}
SUPPORT_OOS_ROUTES = {"support", "out_of_scope"}  # a support question no entry answers
HANDLED_ROUTES = {"out_of_scope", "fallback"}  # declining is fine for what Encore does not do
CAPABILITIES = ("support", "recommend", "creative", "chitchat", "out_of_scope", "film")

FILM_LINE = re.compile(r"^\s*\d+\.\s+(?P<rest>.+?)\s*$")
TITLE_YEARS = re.compile(r"^(?P<title>.+?)\s+\((?P<years>\d{4}(?:/\d{4})*)\):\s")
# A film answer's list: "Hal Ashby directed 10 films: Harold and Maude (1971), Being There
# (1979), ... and Lookin' to Get Out (1982)." or "... Topper (1937) and 19 more."
LIST_SEPARATOR = re.compile(r"(, | and )")
LIST_END = re.compile(r"(?: and \d+ more)?\.?$")
ANSWER_YEAR = re.compile(r"^(?P<title>.+?) \(\d{4}\)$")
FAQ_PAYLOAD = re.compile(r'"faq_id"\s*:\s*"(?P<id>[^"]+)"')

FACTS_QUERY = """
UNWIND $titles AS title
MATCH (m:Movie {title: title})
RETURN m.title AS title,
       [(m)-[:HAS_GENRE]->(g:Genre) | g.name] AS genres,
       [(m)-[:HAS_TAG]->(t:Tag) | t.name] AS tags,
       [(m)-[:IN_LANGUAGE]->(l:Language) | l.name] AS languages,
       [(m)-[:RELEASED_IN]->(y:Year) | y.value] AS years,
       [(p:Person)-[:DIRECTED|WROTE|ACTED_IN]->(m) | p.name] AS people,
       coalesce(m.movielens_ids, []) AS movielens_ids
"""


# --- data ----------------------------------------------------------------------------------


@dataclass
class Row:
    id: str
    split: str
    capability: str
    message: str
    label: str
    constraints: dict[str, Any]

    @property
    def gold(self) -> list[str]:
        return [g for g in self.label.split("|") if g]


def load_rows(split: str) -> list[Row]:
    lines = DATA_FILE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    out = []
    for line in lines[1:]:
        if not line.strip():
            continue
        raw = dict(zip(header, line.split("\t")))
        row = Row(
            raw["id"], raw["split"], raw["capability"], raw["message"], raw["label"],
            json.loads(raw["constraints"] or "{}"),
        )  # fmt: skip
        if split == "all" or row.split == split:
            out.append(row)
    return out


def interleaved(rows: list[Row]) -> list[Row]:
    """Capabilities taken in turn, each in a fixed pseudo-random order: the first N rows of the
    result (``--limit N``) sample every capability."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: hashlib.sha256(r.id.encode()).hexdigest()):
        groups[row.capability].append(row)
    order = [c for c in CAPABILITIES if c in groups] + sorted(set(groups) - set(CAPABILITIES))
    out: list[Row] = []
    while any(groups[c] for c in order):
        for capability in order:
            if groups[capability]:
                out.append(groups[capability].pop(0))
    return out


def faq_answers() -> dict[str, str]:
    data = yaml.safe_load(FAQ_FILE.read_text(encoding="utf-8"))
    return {entry["id"]: normalise(entry["answer"]) for entry in data["entries"]}


class TemplateMatcher:
    """Names the response template of a reply text, for bot events without ``utter_action``."""

    def __init__(self) -> None:
        domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
        self.patterns: list[tuple[str, re.Pattern[str]]] = []
        for name, variants in (domain.get("responses") or {}).items():
            for variant in variants or []:
                text = str(variant.get("text") or "")
                if not text:
                    continue
                parts = re.split(r"\{\w+\}", text.strip())
                pattern = "(?s)" + "(.*)".join(re.escape(p) for p in parts)
                self.patterns.append((name, re.compile(pattern)))
        # The most literal templates first, so that "{answer}" does not swallow everything.
        self.patterns.sort(key=lambda p: -len(p[1].pattern))

    def name(self, text: str) -> str:
        for name, pattern in self.patterns:
            if pattern.fullmatch(text.strip()):
                return name
        return ""


# --- the graph -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    title: str
    genres: frozenset[str]
    tags: frozenset[str]
    languages: frozenset[str]
    years: tuple[int, ...]
    people: frozenset[str]


def movielens_genres() -> dict[int, frozenset[str]]:
    """MovieLens film id -> its genres (movies.csv); empty when the file is missing."""
    if not MOVIELENS_GENRES or not MOVIELENS_MOVIES.is_file():
        return {}
    with MOVIELENS_MOVIES.open(encoding="utf-8", newline="") as handle:
        return {
            int(row["movieId"]): frozenset(
                g for g in row["genres"].split("|") if g and g != "(no genres listed)"
            )
            for row in csv.DictReader(handle)
        }


class Graph:
    """Film facts from Neo4j (parameterised Cypher only), cached per title. Thread-safe."""

    def __init__(self, settings: Settings) -> None:
        from neo4j import GraphDatabase

        self.movielens = movielens_genres()
        self.driver = GraphDatabase.driver(
            settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password), connection_timeout=5.0
        )
        self.database = settings.neo4j_database
        self.cache: dict[str, Optional[Facts]] = {}
        self.lock = threading.Lock()

    def close(self) -> None:
        self.driver.close()

    def facts(self, titles: Iterable[str]) -> dict[str, Optional[Facts]]:
        wanted = [t for t in dict.fromkeys(titles) if t]
        with self.lock:
            missing = [t for t in wanted if t not in self.cache]
        if missing:
            records, _, _ = self.driver.execute_query(
                FACTS_QUERY, parameters_={"titles": missing}, database_=self.database
            )
            found = {}
            for record in records:
                extra = [g for i in record["movielens_ids"] for g in self.movielens.get(int(i), ())]
                found[record["title"]] = Facts(
                    record["title"],
                    frozenset(record["genres"]) | frozenset(extra),
                    frozenset(t.lower() for t in record["tags"]),
                    frozenset(record["languages"]),
                    tuple(sorted(int(y) for y in record["years"])),
                    frozenset(record["people"]),
                )
            with self.lock:
                for title in missing:
                    self.cache[title] = found.get(title)
        with self.lock:
            return {t: self.cache.get(t) for t in wanted}


def has_genre(facts: Facts, genre: str) -> bool:
    return bool(({genre} | GENRE_EQUIVALENTS.get(genre, set())) & facts.genres) or bool(
        ({genre.lower()} | GENRE_TAGS.get(genre, set())) & facts.tags
    )


def suitable_for_kids(facts: Facts) -> bool:
    if facts.tags & KIDS_UNSUITABLE_TAGS or facts.genres & KIDS_UNSUITABLE_GENRES:
        return False
    return bool(facts.genres & KIDS_GENRES or facts.tags & KIDS_TAGS)


def light(facts: Facts) -> bool:
    return bool(facts.genres & LIGHT_GENRES or facts.tags & LIGHT_TAGS) and not dark(facts)


def dark(facts: Facts) -> bool:
    return bool(facts.genres & DARK_GENRES or facts.tags & DARK_TAGS)


def alike(facts: Facts, seed: Facts) -> bool:
    if facts.title == seed.title:
        return False
    tags = (facts.tags & seed.tags) - LIKE_IGNORED_TAGS
    return bool(
        facts.genres & seed.genres or facts.people & seed.people or {t for t in tags if not t.isdigit()}
    )


def violations(facts: Optional[Facts], constraints: dict[str, Any], seed: Optional[Facts]) -> list[str]:
    """The constraint keys a listed film breaks (``not_in_graph`` when the title is unknown)."""
    if facts is None:
        return ["not_in_graph"]
    broken = []
    if not all(has_genre(facts, g) for g in constraints.get("genres_all", [])):
        broken.append("genres_all")
    if constraints.get("genres_any") and not any(has_genre(facts, g) for g in constraints["genres_any"]):
        broken.append("genres_any")
    if "year_min" in constraints and not any(y >= constraints["year_min"] for y in facts.years):
        broken.append("year_min")
    if "year_max" in constraints and not any(y <= constraints["year_max"] for y in facts.years):
        broken.append("year_max")
    if "language" in constraints and constraints["language"] not in facts.languages:
        broken.append("language")
    if "person" in constraints and constraints["person"] not in facts.people:
        broken.append("person")
    if constraints.get("suitability") == "kids" and not suitable_for_kids(facts):
        broken.append("suitability")
    mood = constraints.get("mood")
    if (mood == "light" and not light(facts)) or (mood == "dark" and not dark(facts)):
        broken.append("mood")
    if "like" in constraints and (seed is None or not alike(facts, seed)):
        broken.append("like")
    return broken


# --- one turn ------------------------------------------------------------------------------


@dataclass
class Outcome:
    row: Row
    seconds: float = 0.0
    error: str = ""
    texts: list[str] = field(default_factory=list)
    buttons: list[dict[str, str]] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    utters: list[str] = field(default_factory=list)
    intent: str = ""
    slots: dict[str, Any] = field(default_factory=dict)
    route: str = ""
    # capability details, filled by score()
    ok: bool = False
    clarified: bool = False
    human_offered: bool = False
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def reply(self) -> str:
        return "\n".join(self.texts + [b.get("title", "") for b in self.buttons if b.get("title")])


def route_of(actions: list[str], utters: list[str], has_reply: bool) -> str:
    """The capability that answered: read from the responses uttered first (an action may hand a
    message it was sent by mistake to the second stage, which answers with another capability's
    response), then from the actions that ran. Deletion and handover count only when the bot
    asked for the confirmation (or deleted), not when their action declined and handed on."""
    names = set(actions)
    if "utter_confirm_delete_data" in utters or "action_delete_data" in names:
        return "delete"
    if any(u.startswith("utter_kg_") for u in utters):
        return "film"
    if any(u.startswith("utter_support_") for u in utters):
        return "support"
    if any(u.startswith("utter_recommend") for u in utters):
        return "recommend"
    if any(u.startswith("utter_creative_") for u in utters):
        return "creative"
    if "utter_offer_human" in utters or "action_create_handoff_ticket" in names:
        return "handoff"
    if "utter_out_of_scope" in utters:
        return "out_of_scope"
    if any(u in CHITCHAT_UTTERS for u in utters):
        return "chitchat"
    if names & FALLBACK_ACTIONS or any(u in FALLBACK_UTTERS for u in utters):
        return "fallback"
    for action, route in (
        ("action_answer_film_question", "film"),
        ("action_answer_support", "support"),
        ("action_recommend", "recommend"),
        ("action_creative_suggestion", "creative"),
    ):
        if action in names:
            return route
    if "action_second_stage" in names:
        return "fallback"
    return "other" if has_reply else "none"


class Client:
    """One HTTP session per worker thread; one fresh sender id per message and run."""

    def __init__(self, url: str, token: str, run_id: str, matcher: TemplateMatcher) -> None:
        self.url = url
        self.base = url.split(WEBHOOK)[0]
        self.token = token
        self.run_id = run_id
        self.matcher = matcher
        self.local = threading.local()

    def session(self) -> requests.Session:
        session = getattr(self.local, "session", None)
        if session is None:
            session = self.local.session = requests.Session()
        return session

    def ask(self, row: Row) -> Outcome:
        outcome = Outcome(row)
        sender = f"bot-eval-{self.run_id}-{row.id}"
        session = self.session()
        started = time.perf_counter()
        try:
            response = session.post(
                self.url, json={"sender": sender, "message": row.message}, timeout=TIMEOUT_S
            )
            outcome.seconds = time.perf_counter() - started
            if response.status_code != 200:
                outcome.error = f"http {response.status_code}"
            else:
                for message in response.json():
                    if message.get("text"):
                        outcome.texts.append(str(message["text"]))
                    for button in message.get("buttons") or []:
                        outcome.buttons.append(
                            {"title": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
                        )
        except (requests.RequestException, ValueError) as exc:
            outcome.seconds = time.perf_counter() - started
            outcome.error = type(exc).__name__
        try:
            self.read_tracker(session, sender, outcome)
        except (requests.RequestException, ValueError) as exc:
            outcome.error = outcome.error or f"tracker {type(exc).__name__}"
        if not outcome.utters:  # no tracker: name the templates from the texts
            outcome.utters = [n for n in (self.matcher.name(t) for t in outcome.texts) if n]
        outcome.route = route_of(outcome.actions, outcome.utters, bool(outcome.texts))
        return outcome

    def read_tracker(self, session: requests.Session, sender: str, outcome: Outcome) -> None:
        params = {"token": self.token} if self.token else {}
        response = session.get(
            f"{self.base}/conversations/{sender}/tracker", params=params, timeout=TIMEOUT_S
        )
        if response.status_code != 200:
            outcome.error = outcome.error or f"tracker http {response.status_code}"
            return
        tracker = response.json()
        events = tracker.get("events") or []
        last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
        for event in events[last_user + 1 :]:
            kind = event.get("event")
            if kind == "action" and event.get("name") not in IGNORED_ACTIONS:
                outcome.actions.append(str(event.get("name")))
            elif kind == "bot":
                metadata = event.get("metadata") or {}
                name = metadata.get("utter_action") or metadata.get("template") or ""
                outcome.utters.append(str(name) or self.matcher.name(str(event.get("text") or "")))
        outcome.intent = str(((tracker.get("latest_message") or {}).get("intent") or {}).get("name") or "")
        outcome.slots = tracker.get("slots") or {}


# --- scoring -------------------------------------------------------------------------------


def film_titles(text: str, graph: Graph) -> list[str]:
    """The titles of the numbered lines ``1. Title (1999/2003): reason``; without years, the
    longest prefix before a ": " that the graph knows."""
    titles: list[str] = []
    for line in text.splitlines():
        match = FILM_LINE.match(line)
        if not match:
            continue
        rest = match.group("rest")
        dated = TITLE_YEARS.match(rest)
        if dated:
            titles.append(dated.group("title").strip())
            continue
        cuts = [m.start() for m in re.finditer(r": ", rest)]
        candidates = [rest[:c].strip() for c in cuts] or [rest.strip()]
        known = graph.facts(candidates)
        titles.append(next((c for c in reversed(candidates) if known.get(c)), candidates[0]))
    return titles


def answer_titles(text: str, graph: Graph) -> list[str]:
    """The films a film answer lists after its first ": " (the first line only): items split at
    ", " and " and ", joined again where the graph knows the longer title ("Harold and Maude",
    "Crouching Tiger, Hidden Dragon"), a "(1999)" after a title taken off; [] for an answer that
    lists nothing."""
    _, colon, rest = text.split("\n")[0].partition(": ")
    if not colon:
        return []
    pieces = LIST_SEPARATOR.split(LIST_END.sub("", rest.strip()))
    items, separators = pieces[0::2], pieces[1::2]

    def title(i: int, j: int) -> str:
        joined = items[i] + "".join(sep + item for sep, item in zip(separators[i : j - 1], items[i + 1 : j]))
        dated = ANSWER_YEAR.match(joined)
        return dated.group("title") if dated else joined

    spans = [(i, j) for i in range(len(items)) for j in range(i + 2, min(len(items), i + 4) + 1)]
    known = graph.facts([title(i, j) for i, j in spans])
    titles, i = [], 0
    while i < len(items):
        j = next((j for j in range(min(len(items), i + 4), i + 1, -1) if known.get(title(i, j))), i + 1)
        titles.append(title(i, j))
        i = j
    return [t for t in titles if t]


def score(outcome: Outcome, answers: dict[str, str], graph: Optional[Graph]) -> None:
    row, route = outcome.row, outcome.route
    outcome.clarified = any(u.startswith(CLARIFY_UTTERS) for u in outcome.utters)
    outcome.human_offered = "utter_offer_human" in outcome.utters
    reply = normalise(" ".join(outcome.texts))
    if row.capability == "support":
        given = [entry for entry, answer in answers.items() if answer.strip() and answer in reply]
        offered = [m.group("id") for b in outcome.buttons if (m := FAQ_PAYLOAD.search(b.get("payload", "")))]
        no_match = any(u.startswith("utter_support_no_match_") for u in outcome.utters)
        outcome.detail = {"answered": given, "clarify_options": offered, "no_match": no_match}
        if row.label == "out_of_scope":
            outcome.ok = not given and route not in ("delete", "handoff")
        else:
            outcome.detail["right"] = row.label in given
            outcome.detail["clarified_right"] = outcome.clarified and row.label in offered
            outcome.ok = outcome.detail["right"] or outcome.detail["clarified_right"]
    elif row.capability == "recommend":
        titles = film_titles("\n".join(outcome.texts), graph) if route == "recommend" and graph else []
        seed = None
        if graph and titles and "like" in row.constraints:
            seed = graph.facts([row.constraints["like"]]).get(row.constraints["like"])
        facts = graph.facts(titles) if graph and titles else {}
        broken = {t: violations(facts.get(t), row.constraints, seed) for t in titles}
        outcome.detail = {"films": titles, "violations": {t: v for t, v in broken.items() if v}}
        outcome.ok = bool(titles) and not any(broken.values())
        # the films the film-question answer listed instead ("cary grant comedies" answered with
        # Cary Grant's comedies): reported beside, not counted in success
        listed = answer_titles("\n".join(outcome.texts), graph) if route == "film" and graph else []
        if listed and "like" not in row.constraints:
            listed_facts = graph.facts(listed) if graph else {}
            outcome.detail["answer_films"] = listed
            outcome.detail["answer_violations"] = {
                t: v for t in listed if (v := violations(listed_facts.get(t), row.constraints, None))
            }
        outcome.detail["met_in_any_answer"] = outcome.ok or bool(
            outcome.detail.get("answer_films") and not outcome.detail["answer_violations"]
        )
    elif row.capability == "creative":
        slot = outcome.slots.get("creative_request")
        task = slot.get("task") if isinstance(slot, dict) and route == "creative" else None
        if task is None:
            need = [u for u in outcome.utters if u.startswith("utter_creative_need_")]
            task = need[0].removeprefix("utter_creative_need_") if need else None
        outcome.detail = {"task": task}
        outcome.ok = route == "creative" and task == row.label
    elif row.capability in ("chitchat", "out_of_scope"):
        outcome.detail = {"intent": outcome.intent}
        if row.capability == "chitchat":
            answered = bool(CHITCHAT_RESPONSES.get(row.label, set()) & set(outcome.utters))
            outcome.ok = route == "chitchat" and (outcome.intent == row.label or answered)
        else:
            no_match = any(u.startswith("utter_support_no_match_") for u in outcome.utters)
            outcome.ok = route in HANDLED_ROUTES or (route == "support" and no_match)
    elif row.capability == "film":
        question = Question(row.id, "", 0, "", row.message, "", "", row.gold)
        found = answers_in(outcome.reply, row.gold)
        outcome.detail = {"found": found[:5]}
        outcome.ok = any(answer in found for answer in telling_answers(question))


def in_scope_row(row: Row) -> bool:
    """Something the bot should do (not a request for what Encore does not do)."""
    return row.capability != "out_of_scope" and not (
        row.capability == "support" and row.label == "out_of_scope"
    )


def expected_routes(row: Row) -> set[str]:
    if row.capability == "support" and row.label == "out_of_scope":
        return SUPPORT_OOS_ROUTES
    return EXPECTED_ROUTES.get(row.capability, {row.capability})


def rate(values: list[bool]) -> Optional[float]:
    return round(sum(values) / len(values), 4) if values else None


def capability_summary(capability: str, outcomes: list[Outcome]) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "n": len(outcomes),
        "routing_accuracy": rate([o.route in expected_routes(o.row) for o in outcomes]),
        "fallback_rate": rate([o.route == "fallback" for o in outcomes]),
        "clarification_rate": rate([o.clarified for o in outcomes]),
        "success_rate": rate([o.ok for o in outcomes]),
        "routes": dict(Counter(o.route for o in outcomes).most_common()),
    }
    if capability == "support":
        inside = [o for o in outcomes if o.row.label != "out_of_scope"]
        outside = [o for o in outcomes if o.row.label == "out_of_scope"]
        summary.update(
            in_scope_n=len(inside),
            answered_right=rate([o.detail["right"] for o in inside]),
            answered_wrong=rate([bool(o.detail["answered"]) and not o.detail["right"] for o in inside]),
            clarified_right=rate([o.detail["clarified_right"] for o in inside]),
            right_or_clarified=rate([o.ok for o in inside]),
            no_match=rate([o.detail["no_match"] for o in inside]),
            out_of_scope_n=len(outside),
            out_of_scope_handled=rate([o.ok for o in outside]),
        )
    elif capability == "recommend":
        constrained = [o for o in outcomes if o.row.constraints]
        per_key: dict[str, list[bool]] = defaultdict(list)
        for o in outcomes:
            for title in o.detail["films"]:
                broken = o.detail["violations"].get(title, [])
                for key in o.row.constraints:
                    per_key[key].append(key not in broken and "not_in_graph" not in broken)
        listed = [len(o.detail["films"]) for o in outcomes]
        summary.update(
            listed_rate=rate([n > 0 for n in listed]),
            films_per_answer=round(sum(listed) / max(1, sum(n > 0 for n in listed)), 2),
            constrained_n=len(constrained),
            all_constraints_met=rate([o.ok for o in constrained]),
            # the same, counting a film answer's list when the film-question answer took the request
            all_constraints_met_any_answer=rate([o.detail["met_in_any_answer"] for o in constrained]),
            films_meeting_each_constraint={
                k: {"films": len(v), "rate": rate(v)} for k, v in sorted(per_key.items())
            },
        )
    elif capability == "creative":
        summary.update(
            task_accuracy=rate([o.detail["task"] == o.row.label for o in outcomes]),
            tasks={
                label: dict(Counter(str(o.detail["task"]) for o in outcomes if o.row.label == label))
                for label in sorted({o.row.label for o in outcomes})
            },
        )
    elif capability in ("chitchat", "out_of_scope"):
        summary.update(
            intent_accuracy=rate([o.intent == o.row.label for o in outcomes]),
            intents={
                label: dict(Counter(o.intent for o in outcomes if o.row.label == label))
                for label in sorted({o.row.label for o in outcomes})
            },
        )
        if capability == "out_of_scope":
            summary["handled"] = summary["success_rate"]
    elif capability == "film":
        summary["accuracy"] = summary["success_rate"]
    return summary


def expected_text(row: Row) -> str:
    if row.capability == "recommend":
        return json.dumps(row.constraints, ensure_ascii=False)
    if row.capability == "film":
        gold = row.gold
        return "|".join(gold[:5]) + (f" (+{len(gold) - 5})" if len(gold) > 5 else "")
    return row.label


def got_text(outcome: Outcome) -> str:
    detail = {k: v for k, v in outcome.detail.items() if v not in (None, [], {}, False)}
    parts = [f"route={outcome.route}", f"intent={outcome.intent}"]
    if detail:
        parts.append(json.dumps(detail, ensure_ascii=False)[:300])
    return " ".join(parts)


def summarise(outcomes: list[Outcome]) -> dict[str, Any]:
    by_capability: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_capability[outcome.row.capability].append(outcome)
    in_scope = [o for o in outcomes if in_scope_row(o.row)]
    destructive = [o for o in outcomes if o.route == "delete"]
    unasked = [o for o in outcomes if o.human_offered]
    failures = [o for o in outcomes if not o.ok]
    confusions = Counter(
        f"{o.row.capability} -> {o.route}" for o in outcomes if o.route not in expected_routes(o.row)
    )
    return {
        "overall": {
            "n": len(outcomes),
            "success_rate": rate([o.ok for o in outcomes]),
            "routing_accuracy": rate([o.route in expected_routes(o.row) for o in outcomes]),
            "in_scope_n": len(in_scope),
            "in_scope_fallback_rate": rate([o.route == "fallback" for o in in_scope]),
            "clarification_rate": rate([o.clarified for o in outcomes]),
            "destructive_misroutes": len(destructive),
            "unasked_handoffs": len(unasked),
            "errors": sum(bool(o.error) for o in outcomes),
        },
        "by_capability": {
            c: capability_summary(c, by_capability[c]) for c in CAPABILITIES if by_capability[c]
        },
        "route_confusions": dict(confusions.most_common()),
        "latency": summary_ms([o.seconds for o in outcomes]),
        "destructive": [
            {"id": o.row.id, "message": o.row.message, "actions": o.actions} for o in destructive
        ],
        "unasked_handoffs": [
            {"id": o.row.id, "message": o.row.message, "route": o.route, "actions": o.actions}
            for o in unasked
        ],
        "failures": [
            {
                "id": o.row.id,
                "capability": o.row.capability,
                "message": o.row.message,
                "expected": expected_text(o.row),
                "got": got_text(o),
                "actions": o.actions,
                "reply_head": (o.error + ": " if o.error else "") + o.reply[:300],
            }
            for o in failures[:MAX_FAILURES]
        ],
    }


def capability_line(name: str, row: dict[str, Any]) -> str:
    extra = {
        "support": lambda r: (
            f"right {r['answered_right']}  right/clar {r['right_or_clarified']}"
            f"  wrong {r['answered_wrong']}  oos ok {r['out_of_scope_handled']}"
        ),
        "recommend": lambda r: (
            f"listed {r['listed_rate']}  all constraints {r['all_constraints_met']} (n={r['constrained_n']};"
            f" any answer {r['all_constraints_met_any_answer']})"
        ),
        "creative": lambda r: f"task {r['task_accuracy']}",
        "chitchat": lambda r: f"intent {r['intent_accuracy']}",
        "out_of_scope": lambda r: f"intent {r['intent_accuracy']}  handled {r['handled']}",
        "film": lambda r: f"correct {r['accuracy']}",
    }.get(name, lambda r: "")(row)

    def fmt(value: Optional[float]) -> str:
        return "  -  " if value is None else f"{value:.3f}"

    return (
        f"{name:<13}{row['n']:>5}  {fmt(row['routing_accuracy'])}  {fmt(row['fallback_rate'])}"
        f"  {fmt(row['clarification_rate'])}  {fmt(row['success_rate'])}  {extra}"
    )


def print_table(summary: dict[str, Any]) -> None:
    print(f"{'capability':<13}{'n':>5}  route  fallbk  clarif  success  detail")
    for name, row in summary["by_capability"].items():
        print(capability_line(name, row))
    overall = summary["overall"]
    print(
        f"{'all':<13}{overall['n']:>5}  {overall['routing_accuracy']}  in-scope fallback "
        f"{overall['in_scope_fallback_rate']}  success {overall['success_rate']}  destructive "
        f"{overall['destructive_misroutes']}  unasked handoffs {overall['unasked_handoffs']}"
        f"  errors {overall['errors']}"
    )
    print(f"latency p50 {summary['latency']['p50_ms']} ms  p95 {summary['latency']['p95_ms']} ms")
    confusions = list(summary["route_confusions"].items())[:8]
    if confusions:
        print("top misroutes: " + ", ".join(f"{k} ({v})" for k, v in confusions))


# --- running -------------------------------------------------------------------------------


def run(
    client: Client, rows: list[Row], concurrency: int, answers: dict[str, str], graph: Optional[Graph]
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    began = time.perf_counter()

    def finish(outcome: Outcome) -> None:
        try:
            score(outcome, answers, graph)
        except Exception as exc:  # a graph hiccup must not lose the run
            outcome.error = outcome.error or f"scoring {type(exc).__name__}: {exc}"
        outcomes.append(outcome)
        if len(outcomes) % PROGRESS_EVERY == 0 or len(outcomes) == len(rows):
            ok = sum(o.ok for o in outcomes)
            print(
                f"[{len(outcomes)}/{len(rows)}] success {ok / len(outcomes):.3f}"
                f"  {time.perf_counter() - began:.0f} s",
                file=sys.stderr,
                flush=True,
            )

    if concurrency <= 1:
        for row in rows:
            finish(client.ask(row))
    else:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            for future in as_completed([pool.submit(client.ask, row) for row in rows]):
                finish(future.result())
        order = {row.id: i for i, row in enumerate(rows)}
        outcomes.sort(key=lambda o: order[o.row.id])
    return outcomes


def main(argv: Optional[list[str]] = None) -> int:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument(
        "--split",
        choices=("test", "dev", *(f"dev{n}" for n in range(2, 15)), "all"),
        default="test",
    )
    parser.add_argument("--limit", type=int, help="only the first N messages (capabilities taken in turn)")
    parser.add_argument("--url", help=f"REST webhook; default: the settings' Rasa URL + {WEBHOOK}")
    parser.add_argument("--concurrency", type=int, default=1, help="messages in flight at once")
    add_stack_options(parser)
    args = parser.parse_args(argv)

    rows = interleaved(load_rows(args.split))
    if args.limit:
        rows = rows[: args.limit]
    started: list[Any] = []
    stack: Optional[Stack] = None
    if args.start_stack:
        stack, settings = bench_stack(args)
    else:
        settings = load_settings()
    url = args.url or settings.rasa_url + WEBHOOK
    answers = faq_answers()
    graph: Optional[Graph] = None
    loadavg_before = load_average()
    try:
        if stack is not None:
            started = start_bench_stack(stack)
        if not reachable(url):
            explain_unreachable(url)
            return 2
        graph = Graph(settings)
        run_id = uuid.uuid4().hex[:8]
        print(f"{len(rows)} {args.split} messages -> {url} (run {run_id}, concurrency {args.concurrency})")
        began = time.perf_counter()
        outcomes = run(
            Client(url, settings.rasa_token, run_id, TemplateMatcher()),
            rows,
            args.concurrency,
            answers,
            graph,
        )
        wall = time.perf_counter() - began
    finally:
        if graph is not None:
            graph.close()
        stop_services(started)

    summary = summarise(outcomes)
    print_table(summary)
    write_result(
        "bot_eval" if args.split == "test" else f"bot_eval_{args.split}",
        {
            "split": args.split,
            "url": url,
            "data": {
                "file": str(DATA_FILE.relative_to(ROOT)),
                "sha256": hashlib.sha256(DATA_FILE.read_bytes()).hexdigest(),
            },
            "n": len(outcomes),
            "limit": args.limit,
            "concurrency": args.concurrency,
            "wall_s": round(wall, 1),
            "loadavg_before": loadavg_before,
            "success_rate": summary["overall"]["success_rate"],
            "routing_accuracy": summary["overall"]["routing_accuracy"],
            "in_scope_fallback_rate": summary["overall"]["in_scope_fallback_rate"],
            "destructive_misroutes": summary["overall"]["destructive_misroutes"],
            "p50_ms": summary["latency"]["p50_ms"],
            "p95_ms": summary["latency"]["p95_ms"],
            "scoring": {
                "route": "from the actions and response templates (metadata.utter_action) after the message",
                "support": "right: the labelled entry's answer in the reply; clarified right: a button "
                "payload carries its faq_id; out of scope handled: no FAQ answer given",
                "recommend": "every listed film meets every constraint in Neo4j, genres also from the linked "
                "MovieLens films (rules: MOVIELENS_GENRES, GENRE_EQUIVALENTS, GENRE_TAGS, KIDS_*, "
                "LIGHT_*/DARK_*, LIKE_IGNORED_TAGS in bench/bot_eval.py)",
                "creative": "task of the creative_request slot after the turn (or the need_<task> prompt)",
                "chitchat": "the intent of the message and a chitchat response",
                "out_of_scope": "utter_out_of_scope, a fallback or a support no-match",
                "film": "a gold answer in the reply (bench/qa_eval.py matching)",
                "latency": "the webhook call only (the tracker read is not timed)",
            },
            **summary,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
