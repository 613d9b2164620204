"""A user's rating of a bot reply, appended to the conversation inside the Rasa server.

What is stored and why it is a ``slot`` event: :mod:`encore.feedback`. This module checks a rating
against the conversation and appends it, the way Rasa's own ``POST
/conversations/<id>/tracker/events`` appends events: under the conversation's lock (so it never
lands in the middle of a turn), on the tracker of the latest session, then saved to the tracker
store. Nothing is predicted or run, and no message is sent.

A rating is taken only for a ``bot`` event of this conversation with that timestamp, not sent by a
human agent, and not rated before. The latest session is searched first; a reply of an earlier
session (the widget shows those too) is looked up in every session of the conversation.

The Socket.IO channel calls :func:`record` for the conversation confirmed to the socket
(:mod:`rasa_plugins.socketio_channel`): a user can rate only the replies of their own conversation.
"""

from __future__ import annotations

from typing import Any, Iterable

from rasa.shared.core.events import BotUttered, Event, SlotSet

from encore.feedback import ALREADY_RATED, SLOT, STORED, UNKNOWN_REPLY, Rating, from_slot_value, reply_id

RATEABLE = "rateable"


def check(events: Iterable[Event], rating: Rating) -> str:
    """``RATEABLE`` when ``events`` hold the rated reply and no rating of it, ``ALREADY_RATED`` when
    they hold a rating of it, else ``UNKNOWN_REPLY``."""
    found = False
    for event in events:
        if isinstance(event, BotUttered) and reply_id(event.timestamp, event.metadata) == rating.reply:
            found = True
        elif isinstance(event, SlotSet) and event.key == SLOT:
            given = from_slot_value(event.value)
            if given is not None and given.reply == rating.reply:
                return ALREADY_RATED
    return RATEABLE if found else UNKNOWN_REPLY


async def record(agent: Any, sender_id: str, rating: Rating) -> str:
    """Append ``rating`` to the conversation ``sender_id`` of ``agent`` (Rasa's ``Agent``); the
    status, one of ``STORED``, ``ALREADY_RATED``, ``UNKNOWN_REPLY``."""
    async with agent.lock_store.lock(sender_id):
        tracker = await agent.processor.get_tracker(sender_id)  # the latest session, as a turn reads it
        status = check(tracker.events, rating)
        if status == UNKNOWN_REPLY:
            full = await agent.tracker_store.retrieve_full_tracker(sender_id)
            if full is not None:
                status = check(full.events, rating)
        if status != RATEABLE:
            return status
        tracker.update(SlotSet(SLOT, rating.slot_value()), agent.domain)
        await agent.tracker_store.save(tracker)
    return STORED
