"""Handing a conversation to a human and back, with Rasa's own HTTP API and events.

- **Claim**: the ticket (:mod:`support.store`'s ``handoff_ticket`` records in the user store)
  becomes ``claimed`` by the agent, and the console appends two events to the conversation
  through ``POST /conversations/<id>/tracker/events``: ``pause`` (Rasa's ``ConversationPaused``)
  and a ``bot`` event saying who joined. While a tracker is paused, Rasa's message processor
  stores each user message (with its NLU parse) and predicts no action: the bot stays silent,
  and the console shows the user's messages to the agent.
- **Reply**: a ``bot`` event with the agent's text (``metadata.agent`` names the agent).
- **Hand back**: a ``bot`` event saying the bot is back, then ``resume``
  (``ConversationResumed``); the ticket becomes ``closed``.

Every append asks for ``execute_side_effects=true&output_channel=latest``: Rasa sends the
``bot`` events to the channel of the user's latest message (``socketio``: an emit of
``bot_uttered`` to the room named by the session id, so the open widget shows it at once;
Telegram, Slack: their send APIs). The REST channel has no way to push: a REST client sees the
agent's messages in the tracker. The appends take the conversation's lock in Rasa, like a user
message does, so an agent's event never interleaves with a turn.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Optional

from encore.user_store import UserStore

TICKET = "handoff_ticket"  # the kind support/store.py writes
OPEN, CLAIMED, CLOSED = "open", "claimed", "closed"
MAX_REPLY = 2000
AGENT_JOINED = "You're now talking with {agent}, a member of the Encore team."
BOT_BACK = "{agent} has handed you back to Encore, the film bot. Ask me anything about films."


class HandoffError(ValueError):
    """A request the desk refuses (the message says why); ``status`` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


class RasaAPI:
    """The few calls of Rasa's HTTP API the desk makes (``--enable-api`` with a token)."""

    def __init__(self, url: str, token: str, timeout: float = 60.0) -> None:
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"the Rasa server's URL must be http(s)://, not {url!r}")
        self.url, self.token, self.timeout = url.rstrip("/"), token, timeout

    def _call(self, path: str, query: dict[str, str], body: Optional[Any] = None) -> Any:
        params = urllib.parse.urlencode({**query, "token": self.token})
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 (http(s) only: __init__)
            f"{self.url}{path}?{params}",
            data=data,
            method="GET" if body is None else "POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise HandoffError(f"the Rasa server answered {error.code}", status=502) from error
        except OSError as error:
            raise HandoffError(f"the Rasa server cannot be reached ({error})", status=502) from error

    def append(self, sender_id: str, events: list[dict[str, Any]]) -> Any:
        """Append ``events``; their ``bot`` messages go out on the user's latest channel."""
        path = f"/conversations/{urllib.parse.quote(sender_id, safe='')}/tracker/events"
        return self._call(path, {"execute_side_effects": "true", "output_channel": "latest"}, events)


def bot_event(text: str, agent: str) -> dict[str, Any]:
    return {"event": "bot", "text": text, "timestamp": time.time(), "metadata": {"agent": agent}}


def clean_agent(agent: Any) -> str:
    name = " ".join(str(agent or "").split())[:60]
    if not name:
        raise HandoffError("say who you are (the agent's name)", status=400)
    return name


class HandoffDesk:
    """The handoff tickets and what agents do with them."""

    def __init__(self, store: UserStore, rasa: RasaAPI) -> None:
        self.store, self.rasa = store, rasa

    def tickets(self) -> list[dict[str, Any]]:
        """Tickets not closed yet, oldest first."""
        return [t for t in self.store.all_records(TICKET) if t.get("status", OPEN) != CLOSED]

    def _ticket(self, ticket_id: str) -> dict[str, Any]:
        for ticket in self.store.all_records(TICKET):
            if ticket.get("ticket_id") == ticket_id:
                return ticket
        raise HandoffError("no such ticket", status=404)

    def _change(
        self, ticket: dict[str, Any], expected: str, holder: Optional[str], **changes: Any
    ) -> dict[str, Any]:
        """Apply ``changes`` if the ticket is still ``expected`` (and, if ``holder`` is given, held
        by that agent), in one transaction: two agents cannot both claim a ticket."""

        def change(current: Optional[dict[str, Any]]) -> dict[str, Any]:
            if current is None:
                raise HandoffError("no such ticket", status=404)
            if current.get("status", OPEN) != expected:
                raise HandoffError(f"the ticket is {current.get('status')}, not {expected}")
            if holder is not None and current.get("agent") != holder:
                raise HandoffError(f"the ticket is held by {current.get('agent')}")
            return {**current, **changes}

        return self.store.update(TICKET, ticket["sender"], change, record_id=ticket["ticket_id"])

    def claim(self, ticket_id: str, agent: Any) -> dict[str, Any]:
        name = clean_agent(agent)
        ticket = self._change(
            self._ticket(ticket_id), OPEN, None, status=CLAIMED, agent=name, claimed=time.time()
        )
        try:
            self.rasa.append(
                ticket["sender"], [{"event": "pause"}, bot_event(AGENT_JOINED.format(agent=name), name)]
            )
        except HandoffError:
            self._change(ticket, CLAIMED, name, status=OPEN, agent=None, claimed=None)  # nobody holds it
            raise
        return ticket

    def reply(self, ticket_id: str, agent: Any, text: Any) -> dict[str, Any]:
        name, said = clean_agent(agent), str(text or "").strip()
        if not said or len(said) > MAX_REPLY:
            raise HandoffError(f"a reply has 1 to {MAX_REPLY} characters", status=400)
        ticket = self._ticket(ticket_id)
        if ticket.get("status") != CLAIMED or ticket.get("agent") != name:
            raise HandoffError("claim the ticket before replying")
        self.rasa.append(ticket["sender"], [bot_event(said, name)])
        return ticket

    def hand_back(self, ticket_id: str, agent: Any) -> dict[str, Any]:
        name = clean_agent(agent)
        ticket = self._change(self._ticket(ticket_id), CLAIMED, name, status=CLOSED, closed=time.time())
        self.rasa.append(
            ticket["sender"], [bot_event(BOT_BACK.format(agent=name), name), {"event": "resume"}]
        )
        return ticket


def live_messages(rows: Any) -> list[dict[str, Any]]:
    """User and bot messages, and pauses and resumptions, of ``(sender, event)`` rows."""
    out: list[dict[str, Any]] = []
    for _, event in rows:
        kind, at = event.get("event"), event.get("timestamp")
        if kind == "user":
            parse = event.get("parse_data") or {}
            sentiment: dict[str, Any] = next(
                (e for e in parse.get("entities") or [] if e.get("entity") == "sentiment"), {}
            )
            out.append(
                {
                    "from": "user",
                    "text": str(event.get("text") or ""),
                    "time": at,
                    "intent": (parse.get("intent") or {}).get("name"),
                    "sentiment": sentiment.get("value"),
                }
            )
        elif kind == "bot":
            agent = (event.get("metadata") or {}).get("agent")
            out.append(
                {
                    "from": "agent" if agent else "bot",
                    "agent": agent,
                    "text": str(event.get("text") or ""),
                    "time": at,
                }
            )
        elif kind in ("pause", "resume"):
            out.append(
                {"from": "system", "text": "bot paused" if kind == "pause" else "bot resumed", "time": at}
            )
    return out
