"""The operators' console (encore/console/): turns and filters, the NLU export, the numbers and
their SVG charts, and the server's token, read-only store and routes (in-process, no browser)."""

from __future__ import annotations

import sqlite3
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests
import yaml

from encore.console import numbers, review
from encore.console.base_handler import COOKIE
from encore.console.server import domain_intents, make_server
from encore.console.store import EventStore
from encore.settings import load_settings
from tests.console_fakes import JS_LINK_TEXT, XSS_TEXT, message_id, sample_events, user, write_tracker_db
from tests.serving import served

TOKEN = "operators-secret"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def found() -> list[review.Conversation]:
    return review.conversations(sample_events(now=1_800_000_000.0))


def by_sender(found: list[review.Conversation]) -> dict[str, review.Conversation]:
    return {c.sender_id: c for c in found}


def test_turns_carry_intent_confidence_entities_actions_and_replies(found: list[review.Conversation]) -> None:
    assert [c.sender_id for c in found] == ["angry-user", "confused-user", "happy-user"]  # latest first
    happy = by_sender(found)["happy-user"].turns
    assert [t.text for t in happy] == ["hello", "who directed Kismet?"]
    question = happy[1]
    assert (question.intent, question.confidence, question.top_intent) == ("ask_film", 0.95, "ask_film")
    assert question.entities == [
        {"entity": "film", "value": "Kismet", "start": 13, "end": 19, "extractor": "DIETClassifier"}
    ]  # the sentiment entities are kept apart
    assert (happy[0].sentiment, happy[0].sentiment_score, happy[0].frustrated) == ("positive", 0.4, False)
    assert question.actions == [
        {"name": "action_answer_film_question", "policy": "RulePolicy", "confidence": 1.0}
    ]
    assert question.replies == ["Kismet was directed by William Dieterle."]
    assert not question.fallback


def test_a_fallback_shows_the_nlus_first_guess(found: list[review.Conversation]) -> None:
    first = by_sender(found)["confused-user"].turns[0]
    assert (first.intent, first.confidence) == ("nlu_fallback", 0.5)
    assert (first.top_intent, first.top_confidence) == ("greet", 0.31)
    assert first.fallback


def test_fallback_flag_from_the_default_fallback_action_alone() -> None:
    rows = [("s", user("hm", "greet", 0.9, 1.0)), ("s", review_action("action_default_fallback"))]
    (conversation,) = review.conversations(rows)
    assert conversation.turns[0].fallback


def review_action(name: str) -> dict[str, Any]:
    return {"event": "action", "timestamp": 2.0, "name": name}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": ["fallback"]}, {"confused-user": 2}),
        ({"kind": ["frustrated"]}, {"angry-user": 2}),
        ({"kind": ["low_confidence"], "below": ["0.7"]}, {"confused-user": 3}),
        ({"kind": ["low_confidence"], "below": ["0.9"]}, {"confused-user": 3, "angry-user": 1}),
        ({"kind": ["all"], "text": ["KISMET"]}, {"happy-user": 1}),
        ({"kind": ["all"], "intent": ["greet"]}, {"happy-user": 1, "confused-user": 1}),
        ({}, {"angry-user": 2, "confused-user": 3, "happy-user": 2}),
    ],
)
def test_filters(
    found: list[review.Conversation], query: dict[str, list[str]], expected: dict[str, int]
) -> None:
    shown = review.review(found, review.Filter.from_query(query))
    assert {c["sender_id"]: c["matches"] for c in shown} == expected


def test_filtered_conversations_keep_every_turn_marked(found: list[review.Conversation]) -> None:
    (shown,) = review.review(found, review.Filter(kind="frustrated"))
    assert [t["match"] for t in shown["turns"]] == [True, True]
    (shown,) = review.review(found, review.Filter(kind="all", text="yes"))
    assert [t["match"] for t in shown["turns"]] == [False, True]


@pytest.mark.parametrize("query", [{"kind": ["everything"]}, {"below": ["1.5"]}])
def test_bad_filters_are_refused(query: dict[str, list[str]]) -> None:
    with pytest.raises(ValueError):
        review.Filter.from_query(query)


def test_nlu_yaml_annotates_entities_and_neutralises_brackets() -> None:
    kismet = [{"entity": "film", "start": 13, "end": 19}]
    text = review.nlu_yaml(
        [
            ("ask_film", "who directed Kismet?", kismet),
            ("ask_film", "who directed Kismet?", kismet),  # written once
            ("out_of_scope", JS_LINK_TEXT, []),
            ("out_of_scope", XSS_TEXT + "\x00\nsecond line", []),
        ]
    )
    assert text == (
        'version: "3.1"\n'
        "nlu:\n"
        "  - intent: ask_film\n"
        "    examples: |\n"
        "      - who directed [Kismet](film)?\n"
        "  - intent: out_of_scope\n"
        "    examples: |\n"
        "      - click me (javascript:alert(2)) please\n"
        "      - <img src=x onerror=alert(1)> second line\n"
    )
    parsed = yaml.safe_load(text)
    assert parsed["nlu"][1]["examples"].splitlines() == [
        "- click me (javascript:alert(2)) please",
        "- <img src=x onerror=alert(1)> second line",
    ]


def test_nlu_yaml_refuses_a_bad_intent_name() -> None:
    with pytest.raises(ValueError):
        review.nlu_yaml([("greet\n  - intent: x", "hi", [])])


def test_numbers_per_day_and_per_intent(found: list[review.Conversation]) -> None:
    data = numbers.numbers(found)
    assert [d["day"] for d in data["days"]] == ["2027-01-14", "2027-01-15"]
    yesterday, today = data["days"]
    assert (yesterday["messages"], yesterday["fallbacks"], yesterday["handoffs"]) == (2, 0, 0)
    assert (today["messages"], today["fallbacks"], today["fallback_rate"], today["handoffs"]) == (
        5,
        2,
        0.4,
        1,
    )
    assert today["sentiment"] == -0.18  # (0 + 0 + 0 - 0.9 + 0) / 5
    assert [(i["intent"], i["turns"]) for i in data["intents"]] == [
        ("ask_support", 2),
        ("nlu_fallback", 2),
        ("affirm", 1),
        ("ask_film", 1),
        ("greet", 1),
    ]  # most turns first, then by name
    assert (data["total_messages"], data["total_fallbacks"], data["total_handoffs"]) == (7, 2, 1)


def test_charts_are_svg_with_the_numbers_and_escaped_labels(found: list[review.Conversation]) -> None:
    data = numbers.numbers(found)
    data["intents"].append({"intent": "<script>alert(1)</script>", "turns": 1})
    for name in numbers.CHARTS:
        ET.fromstring(numbers.chart(name, data))  # noqa: S314 (our own output) well-formed XML
    root = ET.fromstring(numbers.chart("messages", data))  # noqa: S314
    assert [bar.get("data-value") for bar in root.iter(f"{SVG}rect") if bar.get("class") == "bar"] == [
        "2",
        "5",
    ]
    intents = numbers.chart("intents", data)
    assert "<script>" not in intents and "&lt;script&gt;" in intents
    root = ET.fromstring(numbers.chart("sentiment", data))  # noqa: S314
    assert [p.get("data-value") for p in root.iter(f"{SVG}circle")] == ["0.2", "-0.18"]
    with pytest.raises(KeyError):
        numbers.chart("nothing", data)


def test_console_settings() -> None:
    s = load_settings({})
    assert (s.console_host, s.console_port, s.console_token) == ("127.0.0.1", 8082, "")
    s = load_settings({"CONSOLE_PORT": "9001", "ENCORE_CONSOLE_TOKEN": " tok "})
    assert (s.console_url, s.console_token) == ("http://127.0.0.1:9001", "tok")


# -- the store and the server ----------------------------------------------------------------------


@pytest.fixture
def tracker_db(tmp_path: Path) -> Path:
    return write_tracker_db(tmp_path / "tracker.db", sample_events())


def test_the_store_reads_read_only(tracker_db: Path) -> None:
    store = EventStore.for_sqlite(tracker_db)
    rows = list(store.rows())
    assert len(rows) == len(sample_events())
    assert list(store.rows(days=0.5))[0][0] == "confused-user"  # yesterday's conversation left out
    with store.engine.connect() as conn, pytest.raises(Exception, match="readonly"):
        conn.exec_driver_sql("DELETE FROM events")
    store.close()
    with sqlite3.connect(tracker_db) as db:
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] == len(rows)


def test_the_store_without_a_database_yet(tmp_path: Path) -> None:
    assert list(EventStore.for_sqlite(tmp_path / "none.db").rows()) == []
    assert not (tmp_path / "none.db").exists()


@pytest.fixture
def console(tracker_db: Path) -> Iterator[str]:
    with served(make_server("127.0.0.1", 0, TOKEN, EventStore.for_sqlite(tracker_db))) as url:
        yield url


AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize(
    "path", ["/", "/static/console.js", "/api/conversations", "/api/numbers", "/charts/messages.svg"]
)
def test_without_the_token_everything_answers_401(console: str, path: str) -> None:
    assert requests.get(console + path, timeout=30).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token"}
    assert requests.get(console + path, headers=wrong, timeout=30).status_code == 401
    assert requests.get(console + path, cookies={COOKIE: "nope"}, timeout=30).status_code == 401
    assert requests.get(console + path, headers=AUTH, timeout=30).status_code == 200


def test_export_needs_the_token_too(console: str) -> None:
    body: dict[str, Any] = {
        "items": [{"sender_id": "happy-user", "message_id": message_id("hello"), "intent": "greet"}]
    }
    assert requests.post(console + "/api/export", json=body, timeout=30).status_code == 401
    response = requests.post(console + "/api/export", json=body, headers=AUTH, timeout=30)
    assert response.status_code == 200
    assert response.text == 'version: "3.1"\nnlu:\n  - intent: greet\n    examples: |\n      - hello\n'


def test_export_refuses_intents_outside_the_domain_and_unknown_messages(console: str) -> None:
    bad_intent: dict[str, Any] = {
        "items": [{"sender_id": "happy-user", "message_id": message_id("hello"), "intent": "no_such_intent"}]
    }
    response = requests.post(console + "/api/export", json=bad_intent, headers=AUTH, timeout=30)
    assert response.status_code == 400 and "no_such_intent" in response.json()["error"]
    gone: dict[str, Any] = {"items": [{"sender_id": "happy-user", "message_id": "m-gone", "intent": "greet"}]}
    assert requests.post(console + "/api/export", json=gone, headers=AUTH, timeout=30).status_code == 404
    as_json = {**AUTH, "Content-Type": "application/json"}
    assert requests.post(console + "/api/export", data=b"[", headers=as_json, timeout=30).status_code == 400
    # a form (what another site's page can post without asking) is refused
    form = requests.post(console + "/api/export", data={"items": "x"}, headers=AUTH, timeout=30)
    assert form.status_code == 415


def test_sign_in_sets_a_strict_http_only_cookie(console: str) -> None:
    session = requests.Session()
    page = session.get(console + "/", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 401 and 'action="/login"' in page.text
    refused = session.post(console + "/login", data={"token": "guess"}, allow_redirects=False, timeout=30)
    assert refused.status_code == 401 and COOKIE not in session.cookies
    signed = session.post(console + "/login", data={"token": TOKEN}, allow_redirects=False, timeout=30)
    assert signed.status_code == 303 and signed.headers["Location"] == "/"
    cookie = signed.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert session.get(console + "/api/intents", timeout=30).json()["intents"] == domain_intents()


def test_conversations_api_and_headers(console: str) -> None:
    response = requests.get(console + "/api/conversations?kind=fallback", headers=AUTH, timeout=30)
    assert [c["sender_id"] for c in response.json()["conversations"]] == ["confused-user"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    bad = requests.get(console + "/api/conversations?kind=nonsense", headers=AUTH, timeout=30)
    assert bad.status_code == 400
    chart = requests.get(console + "/charts/handoffs.svg", headers=AUTH, timeout=30)
    assert chart.headers["Content-Type"].startswith("image/svg+xml")
    assert requests.get(console + "/charts/../secret.svg", headers=AUTH, timeout=30).status_code == 404


def test_the_server_refuses_to_run_without_a_token(tracker_db: Path) -> None:
    with pytest.raises(ValueError, match="ENCORE_CONSOLE_TOKEN"):
        make_server("127.0.0.1", 0, "", EventStore.for_sqlite(tracker_db))


def test_the_page_never_inserts_html() -> None:
    from encore.console.server import STATIC

    source = (STATIC / "console.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source


def test_export_finds_a_message_by_its_id_whatever_the_period_shown(tmp_path: Path) -> None:
    now = time.time()
    rows = [
        ("s", user("an old question", "greet", 0.9, now - 40 * 86_400)),
        ("s", user("hi", "greet", 0.9, now)),
    ]
    store = EventStore.for_sqlite(write_tracker_db(tmp_path / "t.db", rows))
    with served(make_server("127.0.0.1", 0, TOKEN, store)) as url:
        shown = requests.get(url + "/api/conversations?days=30", headers=AUTH, timeout=30).json()
        (turn,) = shown["conversations"][0]["turns"]  # the last 30 days: the new message alone
        body = {"items": [{"sender_id": "s", "message_id": turn["message_id"], "intent": "greet"}]}
        exported = requests.post(url + "/api/export", json=body, headers=AUTH, timeout=30).text
        assert exported.endswith("    examples: |\n      - hi\n")
