"""Rasa's Socket.IO channel, with session ids that only the server issues, ratings of the bot's
replies, and a fix for python-socketio 5.10 and newer.

Loaded by the **Rasa server** (``.venvs/rasa``) through ``credentials.yml``; nothing else
imports it. Everything but the handlers named below is Rasa 3.6's channel.

- **Session ids.** Rasa confirms whatever ``session_id`` the client sends in
  ``session_request`` and takes the ``session_id`` of every ``user_uttered`` as the sender id,
  so a client could pick any conversation (someone else's, or ``movielens:<n>``). Here the
  server confirms an id only if it issued it (:mod:`encore.session_ids`: a random nonce signed
  with ``SOCKETIO_SESSION_SECRET``), else it issues a new one; a socket's messages go to the
  conversation confirmed to that socket, whatever id they carry, and a message from a socket
  that has no confirmed session is ignored (with ``session_persistence: true``; without it,
  Rasa's channel uses the socket's own id, which the server makes). A browser that keeps its
  id resumes its conversation. Three handlers of Rasa's are wrapped or replaced: session_request,
  the user's message (Rasa's, with this channel's output) and disconnect.
- **Ratings.** Each text reply of the bot goes out with ``encore_reply``, the timestamp of its
  ``bot`` event (on the last part, when Rasa splits a text at blank lines; not on a human agent's
  messages), and the widget can send back ``encore_feedback`` ``{"rating": "up"|"down", "reply":
  <that timestamp>}``. The rating is stored in the conversation confirmed to that socket, never in
  one the client names (:mod:`rasa_plugins.feedback`, :mod:`encore.feedback`); the acknowledgement
  says ``{"status": ...}``.
- **The fix.** Rasa's ``session_request`` handler calls ``sio.enter_room(...)`` without
  ``await``. Since python-socketio 5.10 (Rasa's environment has 5.x) ``AsyncServer.enter_room``
  is a coroutine, so the socket never joins the room named by the session id. With
  ``session_persistence: true`` every bot reply is sent to that room, so the browser would
  receive nothing.

Rasa's optional token authentication (``jwt_key``, ``jwt_method``) is unchanged: see
docs/channels.md.
"""

from __future__ import annotations

import inspect
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput as RasaSocketIOOutput
from sanic import Blueprint

from encore.feedback import FAILED, INVALID, NO_SESSION, REPLY_KEY, SOCKET_EVENT, from_request, reply_id
from encore.session_ids import confirm, signing_key
from rasa_plugins.feedback import record

logger = logging.getLogger(__name__)


class SocketIOOutput(RasaSocketIOOutput):
    """Rasa's output, with the reply's id (``encore_reply``) on the last part of a text reply."""

    @staticmethod
    def _parts(text: str, reply: Optional[float]) -> List[Dict[str, Any]]:
        parts: List[Dict[str, Any]] = [{"text": part} for part in text.strip().split("\n\n")]
        if reply is not None:
            parts[-1][REPLY_KEY] = reply
        return parts

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in self._parts(text, reply_id(kwargs.get("timestamp"), kwargs)):
            await self._send_message(recipient_id, part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        parts = self._parts(text, reply_id(kwargs.get("timestamp"), kwargs))
        for part in parts:
            part["quick_replies"] = []
        parts[-1]["quick_replies"] = [
            {"content_type": "text", "title": button["title"], "payload": button["payload"]}
            for button in buttons
        ]
        for part in parts:
            await self._send_message(recipient_id, part)


class SocketIOInput(RasaSocketIOInput):
    """Same name (``socketio``), URL and options as Rasa's channel."""

    def __init__(self, *args: Any, key: Optional[bytes] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signing_key = key if key is not None else signing_key()
        self.confirmed: Dict[str, str] = {}  # socket id -> the session id confirmed to it
        self.agent: Any = None  # Rasa's Agent; found on the Sanic app when not given (tests give one)
        self._blueprint: Optional[Blueprint] = None

    def get_output_channel(self) -> Optional[OutputChannel]:
        """The output for events appended through the HTTP API (``output_channel=latest``)."""
        if self.sio is None:
            return super().get_output_channel()  # Rasa's warning, and None
        return SocketIOOutput(self.sio, self.bot_message_evt)

    def _agent(self) -> Any:
        if self.agent is None and self._blueprint is not None and self._blueprint.registered:
            return next(iter(self._blueprint.apps)).ctx.agent
        return self.agent

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        self._blueprint = blueprint
        sio = self.sio
        assert sio is not None  # set by the parent's blueprint()
        namespace = self.namespace or "/"
        rasa_disconnect = sio.handlers[namespace]["disconnect"]

        async def session_request(sid: str, data: Optional[Dict]) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = confirm(requested, self.signing_key)
            if requested and requested != session_id:
                logger.debug(f"Socket {sid} asked for a session id the server did not issue: a new one.")
            self.confirmed[sid] = session_id
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        def sender_of(sid: str) -> Optional[str]:
            """The conversation of a socket: the session confirmed to it (Rasa's channel without
            session persistence: the socket's own id, which the server makes)."""
            return self.confirmed.get(sid) if self.session_persistence else sid

        async def handle_message(sid: str, data: Dict) -> None:
            """Rasa's handler, with this channel's output and the socket's own conversation."""
            sender_id = sender_of(sid)
            if sender_id is None:
                logger.warning(f"Socket {sid} sent a message before a session was confirmed: ignored.")
                return
            data = data if isinstance(data, dict) else {}
            metadata = data.get(self.metadata_key, {})
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            message = UserMessage(
                data.get("message", ""),
                SocketIOOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata=metadata,
            )
            await on_new_message(message)

        async def rate(sid: str, data: Any) -> Dict[str, str]:
            """A rating of a reply in the socket's own conversation; the acknowledgement's status."""
            sender_id = sender_of(sid)
            rating = from_request(data)
            if sender_id is None:
                return {"status": NO_SESSION}
            if rating is None:
                return {"status": INVALID}
            agent = self._agent()
            if agent is None or agent.processor is None:
                return {"status": FAILED}
            try:
                return {"status": await record(agent, sender_id, rating)}
            except Exception:  # the widget says it failed; the log says why
                logger.exception("A rating could not be stored.")
                return {"status": FAILED}

        async def disconnect(sid: str, *reason: Any) -> None:  # python-socketio >= 5.12 adds a reason
            self.confirmed.pop(sid, None)
            await rasa_disconnect(sid)

        # python-socketio keeps one handler per (namespace, event): these replace Rasa's.
        sio.on("session_request", namespace=self.namespace)(session_request)
        sio.on(self.user_message_evt, namespace=self.namespace)(handle_message)
        sio.on("disconnect", namespace=self.namespace)(disconnect)
        sio.on(SOCKET_EVENT, namespace=self.namespace)(rate)
        return blueprint
