"""Session ids of the web chat that only the server can make.

Rasa's Socket.IO channel takes the ``session_id`` a browser sends in ``session_request`` as the
conversation's sender id. A client could therefore name any conversation: someone else's, if it
learnt the id, or one with a meaning of its own (``movielens:414``). The channel
(:mod:`rasa_plugins.socketio_channel`) asks this module instead: an id the server issued is a
random nonce and an HMAC of it, ``<32 hex>.<32 hex>``, so the server recognises its own ids
without storing them (every Rasa server of a deployment shares the key, ``SOCKETIO_SESSION_SECRET``)
and nobody without the key can make one. A returning browser sends back the id it was given and
resumes its conversation; anything else gets a new id.

Part of the shared base (the Rasa server imports it): the standard library and the settings only.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from typing import Mapping, Optional

from encore.settings import setting

logger = logging.getLogger(__name__)

SESSION_ID = re.compile(r"([0-9a-f]{32})\.([0-9a-f]{32})")
# What the HMAC signs besides the nonce: a key used for something else one day signs other things.
PURPOSE = b"encore socket.io session id\x00"


def _signature(key: bytes, nonce: str) -> str:
    return hmac.new(key, PURPOSE + nonce.encode("ascii"), hashlib.sha256).hexdigest()[:32]


def issue(key: bytes) -> str:
    """A new session id: 128 random bits and their signature under ``key``."""
    nonce = secrets.token_hex(16)
    return f"{nonce}.{_signature(key, nonce)}"


def is_issued(session_id: object, key: bytes) -> bool:
    """Whether ``session_id`` is one that :func:`issue` made with ``key``."""
    if not isinstance(session_id, str):
        return False
    match = SESSION_ID.fullmatch(session_id)
    return match is not None and hmac.compare_digest(match.group(2), _signature(key, match.group(1)))


def confirm(requested: object, key: bytes) -> str:
    """The session id to confirm to a client that asked for ``requested``: the same when the
    server issued it (the conversation resumes), else a new one."""
    return requested if isinstance(requested, str) and is_issued(requested, key) else issue(key)


def signing_key(env: Optional[Mapping[str, str]] = None) -> bytes:
    """``SOCKETIO_SESSION_SECRET`` as a key; unset, a random key for this process only (with a
    warning): conversations then resume only until the Rasa server restarts, and only on it."""
    secret = str(setting("SOCKETIO_SESSION_SECRET", env))
    if secret:
        return secret.encode("utf-8")
    logger.warning(
        "SOCKETIO_SESSION_SECRET is not set: web chat session ids are signed with a random key of this "
        "process, so a browser's conversation is not resumed after a restart or on another Rasa server"
    )
    return secrets.token_bytes(32)
