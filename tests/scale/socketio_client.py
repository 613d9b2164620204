"""A Socket.IO conversation as the web chat page holds one, for the scale-out test.

Run by the Rasa environment's Python, which has the python-socketio client (the actions
environment does not)::

    .venvs/rasa/bin/python tests/scale/socketio_client.py URL SESSION_ID MESSAGE...

It connects through ``URL`` with Engine.IO's long-polling transport: a session is a series of
HTTP requests that must all reach the Rasa server that opened it (the balancer's ``ip_hash``).
(No websocket: the Rasa environment's Engine.IO client needs a newer aiohttp for that.) It asks
for the session ``SESSION_ID`` as the page does with ``session_persistence`` (the channel
confirms it when the server issued it, else issues a new one: the conversation's sender id),
prints ``{"session": confirmed id}``, sends each message after the previous one's reply and
prints one JSON line per message: ``{"message": ..., "replies": [texts]}``. A message has one reply
(those the test sends do); after the last one it waits ``QUIET`` seconds and prints the replies
that came in that time (``{"extra": [texts]}``): a turn answered twice would show there.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import socketio

QUIET = 3.0
TURN_TIMEOUT = 150.0
# How long the connection may take: the handshake's requests, then the namespace's CONNECT
# answer. The client's defaults (5 s and 1 s) are shorter than a Rasa server busy with other
# conversations' turns may take to answer, as it is while the test's REST senders talk
# (the browser's Socket.IO client waits 20 s).
CONNECT_TIMEOUT = 30.0


async def converse(url: str, session_id: str, messages: list[str]) -> None:
    client = socketio.AsyncClient(reconnection=False, request_timeout=CONNECT_TIMEOUT)
    replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    confirmed = asyncio.Event()
    session: list[str] = []

    @client.on("session_confirm")
    async def on_confirm(data: Any) -> None:
        session.append(str(data))
        confirmed.set()

    @client.on("bot_uttered")
    async def on_reply(data: dict[str, Any]) -> None:
        await replies.put(data)

    await client.connect(
        url, socketio_path="/socket.io", transports=["polling"], wait_timeout=CONNECT_TIMEOUT
    )
    try:
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(confirmed.wait(), 30)
        print(json.dumps({"session": session[0]}), flush=True)
        for message in messages:
            await client.emit("user_uttered", {"message": message, "session_id": session[0]})
            reply = await asyncio.wait_for(replies.get(), TURN_TIMEOUT)
            print(json.dumps({"message": message, "replies": [reply.get("text", "")]}), flush=True)
        await asyncio.sleep(QUIET)
        extra = []
        while not replies.empty():
            extra.append(replies.get_nowait().get("text", ""))
        print(json.dumps({"extra": extra, "transport": client.transport()}), flush=True)
    finally:
        await client.disconnect()


if __name__ == "__main__":
    asyncio.run(converse(sys.argv[1], sys.argv[2], sys.argv[3:]))
