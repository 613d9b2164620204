"""What the sentiment of every message costs per turn: one extra action call.

    .venvs/actions/bin/python bench/sentiment_turn_cost.py --rasa-url http://127.0.0.1:5005 \
        --actions-url http://127.0.0.1:5055 --token TOKEN [--calls 200]

Against a running stack (``bin/encore up``, or a test stack). Rasa's ``action_extract_slots``
calls ``action_validate_slot_mappings`` after every user message, with the conversation's
tracker as the body. This script:

1. holds a 10-turn conversation through the REST webhook and takes its tracker from the HTTP API;
2. posts that tracker to the action server's webhook as Rasa does, ``--calls`` times with a
   typed message (encode with MiniLM + classify + slots) and ``--calls`` times with a button
   payload (the action returns at once: HTTP, JSON and the rasa-sdk dispatch only);
3. times ``--calls`` greeting turns through the REST webhook (NLU, policies, the sentiment
   call and a fixed response: the floor turn of bench/turn_latency.py plus this call).

``--floor`` (run it with the action server stopped) times only the greeting turns and adds
them to the results as ``greeting_turn_action_server_stopped``: Rasa's call to the action
then fails at once (connection refused), is logged, and the turn goes on with the greeting.
That is the floor without the sentiment call, measured on the same stack.

Rasa's own side of a remote action call (serialising the tracker, the HTTP call, validating
the response) is not in (2); bench/turn_latency.py measured it at about 10 ms in an earlier run.
Results: bench/results/sentiment_turn_cost.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid

import requests
from common import RESULTS, summary_ms, write_result

CONVERSATION = [
    "hello",
    "who directed Kismet?",
    "and who was in it?",
    "how do I turn on subtitles?",
    "thanks",
    "the app keeps crashing",
    "what films did Ronald Colman star in?",
    "comedies from 1999",
    "my video keeps buffering, this is annoying",
    "ok",
]
GREETINGS = ["hello", "hi there", "good morning", "hey"]


def greetings(session: requests.Session, rest: str, calls: int) -> list[float]:
    """``calls`` greeting turns (a new conversation every 10), after 20 for warm-up."""
    out = []
    for i in range(calls + 20):
        if i % 10 == 0:
            sender = f"bench-{uuid.uuid4().hex[:8]}"
        t0 = time.perf_counter()
        reply = session.post(rest, json={"sender": sender, "message": GREETINGS[i % 4]}, timeout=60)
        reply.raise_for_status()
        assert reply.json(), "no reply to a greeting"
        if i >= 20:
            out.append(time.perf_counter() - t0)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rasa-url", required=True)
    parser.add_argument("--actions-url", required=True)
    parser.add_argument("--token", required=True, help="the Rasa server's auth token")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--floor", action="store_true", help="greeting turns only (action server stopped)")
    args = parser.parse_args()
    sys.argv = [a if a != args.token else "TOKEN" for a in sys.argv]  # never in the results file
    session = requests.Session()
    rest = f"{args.rasa_url}/webhooks/rest/webhook"
    if args.floor:
        path = RESULTS / "sentiment_turn_cost.json"
        previous = json.loads(path.read_text()) if path.is_file() else {}
        turns = greetings(session, rest, args.calls)
        result = {k: v for k, v in previous.items() if k not in ("benchmark", "when", "machine", "command")}
        result["greeting_turn_action_server_stopped"] = summary_ms(turns)
        print(result["greeting_turn_action_server_stopped"])
        write_result("sentiment_turn_cost", result)
        return 0
    sender = f"bench-{uuid.uuid4().hex[:8]}"
    for text in CONVERSATION:
        session.post(rest, json={"sender": sender, "message": text}, timeout=60).raise_for_status()
    tracker = session.get(
        f"{args.rasa_url}/conversations/{sender}/tracker", params={"token": args.token}, timeout=30
    ).json()
    hook = f"{args.actions_url}/webhook"

    def call(text: str) -> float:
        body_tracker = {**tracker, "latest_message": {**tracker["latest_message"], "text": text}}
        body = {
            "next_action": "action_validate_slot_mappings",
            "sender_id": sender,
            "tracker": body_tracker,
            "version": "3.6.21",
        }
        t0 = time.perf_counter()
        response = session.post(hook, json=body, timeout=60)
        elapsed = time.perf_counter() - t0
        response.raise_for_status()
        return elapsed

    body_kb = len(json.dumps(tracker)) / 1024
    for _ in range(20):  # warm-up
        call("warm up")
    typed = [call(f"the stream stops every few minutes ({i})") for i in range(args.calls)]
    payload = [call("/affirm") for _ in range(args.calls)]
    turns = greetings(session, rest, args.calls)
    result = {
        "tracker_body_kb": round(body_kb, 1),
        "action_call_typed_message": summary_ms(typed),
        "action_call_button_payload": summary_ms(payload),
        "greeting_turn_with_sentiment_call": summary_ms(turns),
    }
    for key, value in result.items():
        print(f"{key:36} {value}")
    write_result("sentiment_turn_cost", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
