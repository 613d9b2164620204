"""A terminal chat with the running assistant over Rasa's REST channel."""

from __future__ import annotations

import json
import uuid
from typing import Optional

import requests


def send(rasa_url: str, sender: str, message: str, timeout: float = 60.0) -> list[dict]:
    response = requests.post(
        f"{rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=timeout,
    )
    response.raise_for_status()
    return response.json()


def chat(rasa_url: str, sender: Optional[str] = None) -> int:
    sender = sender or f"shell-{uuid.uuid4().hex[:8]}"
    print("Chat with Encore (type 'help' for ideas, Ctrl-D or /quit to leave).")
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
