"""A new conversation session keeps a human agent's hold, and does not copy the ratings.

Rasa starts a new session when a user writes after ``session_expiration_time`` (60 minutes in
``domain.yml``) of silence: its ``action_session_start`` returns ``SessionStarted``, a copy of
every ``SlotSet`` of the session before, and ``action_listen``. ``SessionStarted`` resets the
tracker, and with it the ``pause`` an agent's claim appended (:mod:`encore.console.handoff`): the
bot would answer the user again while the agent still holds the ticket. :func:`install` makes the
action add ``pause`` (Rasa's ``ConversationPaused``) after the carried slots when the session
that ends was paused, so the user's next message is stored for the agent and the bot stays
silent until the agent hands the conversation back (``resume``).

It also leaves out the copies of the ``feedback`` slot's events (:mod:`encore.feedback`): a
rating is something the user said about one reply of the session before, not a state of the
conversation, and Rasa would copy every one of them into every later session.

Installed when the Rasa server imports this package, like :mod:`rasa_plugins.action_response`.
The store's own session start after ``ENCORE_SESSION_MESSAGES`` does the same
(:func:`rasa_plugins.tracker_store.next_session`).
"""

from __future__ import annotations

from typing import Any, Callable, List

from rasa.core.actions.action import ActionSessionStart
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, ConversationPaused, Event, SlotSet

from encore.feedback import SLOT

_RASA_RUN: Callable[..., Any] = ActionSessionStart.run


def carried_over(events: List[Event], paused: bool) -> List[Event]:
    """The events of a session start without the ratings' slot events, with ``pause`` before the
    final ``action_listen`` when the session before was ``paused``."""
    kept = [event for event in events if not (isinstance(event, SlotSet) and event.key == SLOT)]
    if paused:
        last = kept[-1] if kept else None
        listens = isinstance(last, ActionExecuted) and last.action_name == ACTION_LISTEN_NAME
        kept.insert(len(kept) - 1 if listens else len(kept), ConversationPaused())
    return kept


async def _run(
    self: ActionSessionStart, output_channel: Any, nlg: Any, tracker: Any, domain: Any
) -> List[Event]:
    events = await _RASA_RUN(self, output_channel, nlg, tracker, domain)
    return carried_over(list(events), tracker.is_paused())


def install() -> None:
    """Make Rasa's ``action_session_start`` carry a pause over and leave the ratings out."""
    ActionSessionStart.run = _run  # type: ignore[method-assign]
