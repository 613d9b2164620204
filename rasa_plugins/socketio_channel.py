"""Rasa's Socket.IO channel with a fix for python-socketio 5.10 and newer.

Loaded by the **Rasa server** (``.venvs/rasa``) through ``credentials.yml``; nothing else
imports it. Rasa 3.6's ``session_request`` handler calls ``sio.enter_room(...)`` without
``await``. Since python-socketio 5.10 (Rasa's environment has 5.x) ``AsyncServer.enter_room``
is a coroutine, so the socket never joins the room named by the session id. With
``session_persistence: true`` every bot reply is sent to that room, so the browser receives
nothing. This subclass replaces that one handler; everything else is Rasa's channel.
"""

from __future__ import annotations

import inspect
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint


class SocketIOInput(RasaSocketIOInput):
    """Same name (``socketio``), URL and options as Rasa's channel."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by the parent's blueprint()

        async def session_request(sid: str, data: Optional[Dict]) -> None:
            data = dict(data or {})
            session_id = data.get("session_id")
            if not isinstance(session_id, str) or not session_id.strip():
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, data["session_id"], namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)

        # python-socketio keeps one handler per (namespace, event): this replaces Rasa's.
        sio.on("session_request", namespace=self.namespace)(session_request)
        return blueprint
