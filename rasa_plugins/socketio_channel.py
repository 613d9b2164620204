"""Rasa's Socket.IO channel, with session ids that only the server issues and a fix for
python-socketio 5.10 and newer.

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
  the user's message and disconnect.
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
import logging
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

from encore.session_ids import confirm, signing_key

logger = logging.getLogger(__name__)


class SocketIOInput(RasaSocketIOInput):
    """Same name (``socketio``), URL and options as Rasa's channel."""

    def __init__(self, *args: Any, key: Optional[bytes] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signing_key = key if key is not None else signing_key()
        self.confirmed: Dict[str, str] = {}  # socket id -> the session id confirmed to it

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by the parent's blueprint()
        namespace = self.namespace or "/"
        rasa_message = sio.handlers[namespace][self.user_message_evt]
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

        async def handle_message(sid: str, data: Dict) -> None:
            if not self.session_persistence:  # Rasa's channel: the socket's own id is the sender
                await rasa_message(sid, data)
                return
            session_id = self.confirmed.get(sid)
            if session_id is None:
                logger.warning(f"Socket {sid} sent a message before a session was confirmed: ignored.")
                return
            await rasa_message(sid, {**(data if isinstance(data, dict) else {}), "session_id": session_id})

        async def disconnect(sid: str, *reason: Any) -> None:  # python-socketio >= 5.12 adds a reason
            self.confirmed.pop(sid, None)
            await rasa_disconnect(sid)

        # python-socketio keeps one handler per (namespace, event): these replace Rasa's.
        sio.on("session_request", namespace=self.namespace)(session_request)
        sio.on(self.user_message_evt, namespace=self.namespace)(handle_message)
        sio.on("disconnect", namespace=self.namespace)(disconnect)
        return blueprint
