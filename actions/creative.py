"""Creative suggestions: scene continuations, taglines and ad copy, reranked by target emotion.

The action is thin: it reads the request from the message (or the previous request from the
``creative_request`` slot for "another one", "make it funnier", "shorter"), grounds taglines in
the knowledge graph, and hands generation to :mod:`creative.runtime`, which runs it in a worker
process with a concurrency limit and a hard timeout.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from creative.grounding import film_facts
from creative.requests import AD, SCENE, TAGLINE, CreativeRequest, parse_request, refine, request_strength
from creative.runtime import Busy, CreativeRuntime, runtime
from creative.service import fallback, request_is_unsafe
from kg.graph import GraphUnavailable
from kg.qa import FilmQA

logger = logging.getLogger(__name__)

MAX_TEXT = 3000  # characters of a message read at all
REFINE_INTENT = "refine_creative"
SLOT = "creative_request"
# A creative request the NLU was not sure of, in which the request reader finds no task
# ("are you selling my data", "is there a student price"), is read by the second stage instead.
UNSURE_INTENT = 0.9
WEAK_REQUEST = 0.3


def not_a_request(message: dict[str, Any]) -> bool:
    intent = message.get("intent") or {}
    text = message.get("text") or ""
    return (
        intent.get("name") == "request_creative"
        and float(intent.get("confidence") or 0.0) < UNSURE_INTENT
        and not text.startswith("/")
        and request_strength(text) < WEAK_REQUEST
    )


def format_options(options: list[str]) -> str:
    if len(options) == 1:
        return options[0]
    return "\n".join(f"{i}. {option}" for i, option in enumerate(options, 1))


# Said instead of the intro when no sampled text passed the filters and the reply is the
# ready-made one: the user is told, and the end-to-end tests can tell generation from it.
READY_MADE_INTRO = "None of my drafts were good enough, so here is a ready-made one:"


def intro(request: CreativeRequest, count: int, ready_made: bool = False) -> str:
    if ready_made:
        return READY_MADE_INTRO
    mood = "" if request.emotion == "neutral" else f"{request.emotion} "
    noun = {SCENE: "a way the scene could go on", TAGLINE: "tagline", AD: "ad"}[request.task]
    if request.task == SCENE:
        return f"Here's {noun}:" if count == 1 else f"Here are {count} ways the scene could go on:"
    what = f"{mood}{noun}" + ("" if count == 1 else "s")
    target = f" for {request.film}" if request.task == TAGLINE and request.film else ""
    return f"Here's a {what}{target}:" if count == 1 else f"Here are {count} {what}{target}:"


class ActionCreativeSuggestion(Action):
    def __init__(
        self,
        creative: Optional[CreativeRuntime] = None,
        qa: Optional[FilmQA] = None,
        graph_timeout: float = 5.0,
    ) -> None:
        self._creative = creative
        self._qa = qa
        self.graph_timeout = graph_timeout
        if creative is None and runtime().config.load == "startup":
            runtime().preload()  # the action server builds its actions when it starts

    def name(self) -> str:
        return "action_creative_suggestion"

    @property
    def creative(self) -> CreativeRuntime:
        return self._creative or runtime()

    @property
    def qa(self) -> FilmQA:
        return self._qa or services.film_qa()

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text = (tracker.latest_message.get("text") or "")[:MAX_TEXT]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if not_a_request(tracker.latest_message or {}):
            from actions.understand import ActionSecondStage  # it hands clear requests back here

            return await ActionSecondStage(creative=self).run(dispatcher, tracker, domain)
        if intent == REFINE_INTENT:
            previous = CreativeRequest.from_slot(tracker.get_slot(SLOT))
            if previous is None:
                dispatcher.utter_message(response="utter_creative_nothing_to_refine")
                return []
            request = refine(previous, text)
        else:
            films = [str(v) for v in tracker.get_latest_entity_values("film") if v]
            request = parse_request(text, films)
        if request_is_unsafe(request, text):
            dispatcher.utter_message(response="utter_creative_refused")
            return [SlotSet(SLOT, None)]
        if not (request.film if request.task == TAGLINE else request.premise):
            dispatcher.utter_message(response=f"utter_creative_need_{request.task}")
            return []
        note = ""
        if request.task == TAGLINE and request.film and not request.facts and intent != REFINE_INTENT:
            request, note = await self.ground(request)
        try:
            result = await self.creative.suggest(request)
        except (asyncio.TimeoutError, Busy) as exc:
            logger.warning("creative: no suggestion in time (%s)", type(exc).__name__)
            dispatcher.utter_message(response="utter_creative_timeout", options=fallback(request))
            return [SlotSet(SLOT, request.to_slot())]
        except Exception:  # never let a stack trace reach the user
            logger.exception("creative: generation failed for %r", request)
            dispatcher.utter_message(response="utter_creative_error", options=fallback(request))
            return [SlotSet(SLOT, request.to_slot())]
        dispatcher.utter_message(
            response="utter_creative_suggestions",
            intro=intro(request, len(result.options), ready_made=result.fallback),
            options=format_options(result.options),
            note=f"\n{note}" if note else "",
        )
        return [SlotSet(SLOT, request.to_slot())]

    async def ground(self, request: CreativeRequest) -> tuple[CreativeRequest, str]:
        """The request with the film's graph facts, and a note when there are none."""
        mention = request.film or ""
        try:
            found = await services.run_blocking(film_facts, self.qa, mention, timeout=self.graph_timeout)
        except (GraphUnavailable, asyncio.TimeoutError) as exc:
            logger.warning("creative: knowledge graph unavailable: %s", exc)
            return request, "(I couldn't reach my film database, so these aren't based on its facts.)"
        except Exception:
            logger.exception("creative: grounding failed for %r", mention)
            return request, ""
        if found is None:
            return request, f"(I don't know a film called “{mention}”, so these come from the title alone.)"
        title, facts = found
        return replace(request, film=title, facts=facts), ""
