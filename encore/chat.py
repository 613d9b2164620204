"""A terminal chat with the running assistant over Rasa's REST channel.

With ``debug`` (``bin/encore chat --debug``), each answer is followed by what Rasa made of the
message: the intent and its confidence, the entities, and the actions predicted in the turn (with
the policy that chose each). They are read from Rasa's HTTP API (the conversation's tracker,
which needs ``RASA_TOKEN``) after the turn, so the chat itself goes through the channel unchanged.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, Optional
from urllib.parse import quote

import requests

DEBUG_PREFIX = "  | "


def send(rasa_url: str, sender: str, message: str, timeout: float = 60.0) -> list[dict]:
    response = requests.post(
        f"{rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=timeout,
    )
    response.raise_for_status()
    return response.json()


def fetch_tracker(rasa_url: str, sender: str, token: str, timeout: float = 30.0) -> dict[str, Any]:
    """The conversation's tracker from Rasa's HTTP API, every event included."""
    response = requests.get(
        f"{rasa_url}/conversations/{quote(sender, safe='')}/tracker",
        params={"token": token, "include_events": "ALL"},
        timeout=timeout,
    )
    response.raise_for_status()
    return response.json()


def _number(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else "?"


def _policy(name: Any) -> str:
    """Rasa names a policy ``policy_2_TEDPolicy`` in some versions: keep ``TEDPolicy``."""
    text = str(name or "")
    if text.startswith("policy_"):
        text = text.split("_", 2)[-1]
    return text


def describe_turn(tracker: dict[str, Any]) -> list[str]:
    """What Rasa made of the latest message, as lines: the intent and its confidence, the
    entities (with the component that found each), and the actions run after the message."""
    events = tracker.get("events") or []
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if not users:
        return ["no message in this conversation's tracker (a deleted conversation keeps none)"]
    start = users[-1]
    parse = events[start].get("parse_data") or tracker.get("latest_message") or {}
    intent = parse.get("intent") or {}
    line = f"intent: {intent.get('name') or '(none)'} {_number(intent.get('confidence'))}"
    ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != intent.get("name")]
    if ranking:
        line += f" (next: {ranking[0].get('name')} {_number(ranking[0].get('confidence'))})"
    lines = [line]

    entities = []
    for entity in parse.get("entities") or []:
        where = [str(entity.get("extractor") or "?")]
        if "confidence_entity" in entity:
            where.append(_number(entity.get("confidence_entity")))
        role = f"[{entity['role']}]" if entity.get("role") else ""
        entities.append(f"{entity.get('entity')}{role}={entity.get('value')!r} ({' '.join(where)})")
    lines.append("entities: " + (", ".join(entities) if entities else "none"))

    actions = []
    for event in events[start + 1 :]:
        if event.get("event") == "action":
            policy = _policy(event.get("policy"))
            chosen = f"{policy} {_number(event.get('confidence'))}" if policy else "no policy"
            actions.append(f"{event.get('name')} ({chosen})")
    lines.append("actions: " + (" -> ".join(actions) if actions else "none"))
    return lines


def show_debug(rasa_url: str, sender: str, token: str) -> None:
    try:
        lines = describe_turn(fetch_tracker(rasa_url, sender, token))
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        hint = " (is RASA_TOKEN the Rasa server's token?)" if status in (401, 403) else ""
        lines = [f"could not read the tracker: HTTP {status}{hint}"]
    except (requests.RequestException, ValueError) as exc:
        lines = [f"could not read the tracker: {exc.__class__.__name__}"]
    for line in lines:
        print(DEBUG_PREFIX + line)


def chat(rasa_url: str, sender: Optional[str] = None, debug: bool = False, token: str = "") -> int:
    sender = sender or f"shell-{uuid.uuid4().hex[:8]}"
    print("Chat with Encore (type 'help' for ideas, Ctrl-D or /quit to leave).")
    if debug:
        print(f"Debug: after each answer, what Rasa understood (conversation {sender}).")
    buttons: list[dict] = []
    while True:
        try:
            text = input("You: ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if text in ("/quit", "/exit"):
            return 0
        if text.isdigit() and buttons and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            replies = send(rasa_url, sender, text)
        except requests.RequestException as exc:
            print(f"(could not reach Encore at {rasa_url}: {exc.__class__.__name__})")
            continue
        buttons = []
        for reply in replies:
            if reply.get("text"):
                print(f"Encore: {reply['text']}")
            for button in reply.get("buttons") or []:
                buttons.append(button)
                print(f"   [{len(buttons)}] {button.get('title')}")
            if reply.get("custom"):
                print(f"Encore: {json.dumps(reply['custom'])}")
        if debug:
            show_debug(rasa_url, sender, token)
