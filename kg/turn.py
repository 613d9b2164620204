"""What crosses between the film-question action and :class:`kg.qa.FilmQA` in one turn: the
:class:`Question` it is asked and the :class:`Reply` it gives.

They live apart from the service so that the modules it is built from (:mod:`kg.understanding`,
:mod:`kg.misspelt`, :mod:`kg.phrasing`) can read a question without importing the service. A
reply is an outcome, not a response: which of the domain's responses says it is the action's
choice (:func:`actions.knowledge.response_of`). :data:`UNSET` marks a conversation slot the reply
leaves as it was (``None`` clears it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

UNSET: Any = object()


@dataclass
class Question:
    text: str
    films: list[str] = field(default_factory=list)  # film mentions found by NLU (hints)
    people: list[str] = field(default_factory=list)  # person mentions found by NLU (hints)
    context_film: Optional[str] = None  # what the conversation was about
    context_person: Optional[str] = None
    last_query: Optional[dict[str, Any]] = None  # the previous question's parse (a follow-up)


@dataclass
class Reply:
    """What the film service says to one question: an ``outcome`` (``answer``, ``which_film``,
    ``ambiguous_film``, ``unknown_person_suggest``...) with its variables and buttons, and the
    conversation's new film, person and pending question. Which response a channel shows for an
    outcome is the action's business (:func:`actions.knowledge.response_of`)."""

    outcome: str
    variables: dict[str, Any] = field(default_factory=dict)
    buttons: list[dict[str, str]] = field(default_factory=list)
    film: Any = UNSET  # new value of the conversation's film, or UNSET
    person: Any = UNSET
    query: Any = UNSET  # the parse to remember for follow-ups, or UNSET
    path: Optional[str] = None  # which path answered (for logs and evaluation)
    # a list of films asked by a genre, tag, language or year that found none ("biopics about
    # someone real, 2005 or later"): a request for films to watch may say more
    found_nothing: bool = False
