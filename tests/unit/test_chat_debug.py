"""``bin/encore chat --debug``: what Rasa made of each message, read from its HTTP API.

No server: Rasa's answers are fakes shaped like Rasa 3.6's (a REST channel reply, and a tracker
with ``include_events=ALL`` as the running server returned it for these messages).
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

import pytest
import requests

from encore import chat as terminal

PARSE = {
    "intent": {"name": "ask_film", "confidence": 0.8912},
    "entities": [
        {"entity": "person", "value": "kismat", "start": 13, "end": 19, "confidence_entity": 0.871,
         "extractor": "DIETClassifier"},
        {"entity": "sentiment", "value": "positive", "confidence_entity": 0.52,
         "extractor": "SentimentTagger"},
        {"entity": "frustrated", "value": False, "extractor": "SentimentTagger"},
    ],
    "intent_ranking": [
        {"name": "ask_film", "confidence": 0.8912},
        {"name": "request_recommendation", "confidence": 0.0391},
    ],
    "text": "who directed kismat",
}  # fmt: skip


def action(name: str, policy: Optional[str], confidence: Optional[float]) -> dict[str, Any]:
    return {"event": "action", "name": name, "policy": policy, "confidence": confidence}


EARLIER_TURN = [
    action("action_session_start", None, 1.0),
    {"event": "session_started"},
    action("action_listen", None, None),
    {"event": "user", "text": "hello", "parse_data": {"intent": {"name": "greet", "confidence": 0.99}}},
    action("utter_greet", "policy_0_MemoizationPolicy", 1.0),
    action("action_listen", "policy_0_MemoizationPolicy", 1.0),
]
TRACKER = {
    "sender_id": "shell-1",
    "latest_message": PARSE,
    "events": [
        *EARLIER_TURN,
        {"event": "user", "text": "who directed kismat", "parse_data": PARSE},
        {"event": "slot", "name": "sentiment", "value": "positive"},
        {"event": "user_featurization", "use_text_for_featurization": False},
        action("action_answer_film_question", "RulePolicy", 1.0),
        {"event": "bot", "text": "I couldn't find a film called “kismat”. Did you mean one of these?"},
        action("action_listen", "policy_2_TEDPolicy", 0.9731),
    ],
}
EXPECTED = [
    "intent: ask_film 0.89 (next: request_recommendation 0.04)",
    "entities: person='kismat' (DIETClassifier 0.87), sentiment='positive' (SentimentTagger 0.52), "
    "frustrated=False (SentimentTagger)",
    "actions: action_answer_film_question (RulePolicy 1.00) -> action_listen (TEDPolicy 0.97)",
]


def test_a_turn_is_described_from_the_tracker() -> None:
    assert terminal.describe_turn(TRACKER) == EXPECTED


def test_a_turn_without_entities_or_actions() -> None:
    tracker = {"events": [{"event": "user", "parse_data": {"intent": {"name": "greet", "confidence": 1}}}]}
    assert terminal.describe_turn(tracker) == ["intent: greet 1.00", "entities: none", "actions: none"]


def test_an_erased_conversation_has_no_turn() -> None:
    assert terminal.describe_turn({"events": []}) == [
        "no message in this conversation's tracker (a deleted conversation keeps none)"
    ]


class FakeResponse:
    def __init__(self, body: Any, status: int = 200) -> None:
        self.body, self.status_code = body, status

    def json(self) -> Any:
        return self.body

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code}", response=self)  # type: ignore[arg-type]


class FakeRasa:
    """requests.post (the REST channel) and requests.get (the HTTP API), recorded."""

    def __init__(self, tracker_status: int = 200) -> None:
        self.posts: list[dict[str, Any]] = []
        self.gets: list[tuple[str, dict[str, Any]]] = []
        self.tracker_status = tracker_status

    def post(self, url: str, json: dict[str, Any], timeout: float) -> FakeResponse:
        assert url == "http://rasa:5005/webhooks/rest/webhook"
        self.posts.append(json)
        return FakeResponse(
            [{"recipient_id": json["sender"], "text": "I couldn't find a film called “kismat”."}]
        )

    def get(self, url: str, params: dict[str, Any], timeout: float) -> FakeResponse:
        self.gets.append((url, params))
        return FakeResponse(TRACKER, self.tracker_status)


def run_chat(monkeypatch: pytest.MonkeyPatch, fake: FakeRasa, lines: list[str], **options: Any) -> None:
    typed: Iterator[str] = iter(lines)

    def type_line(prompt: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", type_line)
    monkeypatch.setattr(terminal.requests, "post", fake.post)
    monkeypatch.setattr(terminal.requests, "get", fake.get)
    assert terminal.chat("http://rasa:5005", **options) == 0


def test_chat_debug_prints_each_turn(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeRasa()
    run_chat(monkeypatch, fake, ["who directed kismat"], sender="shell 1/x", debug=True, token="tok")
    out = capsys.readouterr().out
    assert fake.posts == [{"sender": "shell 1/x", "message": "who directed kismat"}]
    # the sender id is quoted into the path; the token and every event are asked for
    assert fake.gets == [
        ("http://rasa:5005/conversations/shell%201%2Fx/tracker", {"token": "tok", "include_events": "ALL"})
    ]
    answer = "Encore: I couldn't find a film called “kismat”.\n"
    assert answer + "".join(f"{terminal.DEBUG_PREFIX}{line}\n" for line in EXPECTED) in out


def test_chat_without_debug_reads_no_tracker(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeRasa()
    run_chat(monkeypatch, fake, ["who directed kismat"], sender="s")
    assert fake.gets == [] and "intent:" not in capsys.readouterr().out


def test_chat_debug_says_when_the_token_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run_chat(monkeypatch, FakeRasa(tracker_status=401), ["hi"], sender="s", debug=True, token="wrong")
    out = capsys.readouterr().out
    assert "Encore: I couldn't find" in out  # the answer is still shown
    assert "could not read the tracker: HTTP 401 (is RASA_TOKEN the Rasa server's token?)" in out


def test_the_command_line_has_the_flag() -> None:
    from encore.cli import build_parser

    args = build_parser().parse_args(["chat", "--debug", "--sender", "me"])
    assert args.debug is True and args.sender == "me"
    assert build_parser().parse_args(["chat"]).debug is False
