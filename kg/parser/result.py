"""What the question parser returns: the best reading of a message (:class:`Parse`), its topic
(:class:`Topic`) and what the films it asks about must also be (:class:`Constraints`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from kg.paths import PATHS

# A second person of a question about a person's films: the words that say its role.
PERSON_ROLE_PHRASES = {"directed_by": "directed by", "written_by": "written by", "starred_actors": "with"}


@dataclass(frozen=True)
class Topic:
    kind: str  # film, person, tag, year, genre, language
    names: list[str]  # candidate graph names, best first (several: ambiguous)
    mention: str  # the words of the message (normalised), or "" for the context
    from_context: bool = False
    linked: bool = True  # False: words read as a name the graph does not have
    prior: Optional[float] = None  # how much this reading is believed before the wording is read


@dataclass
class Constraints:
    genre: Optional[str] = None
    language: Optional[str] = None
    year_from: Optional[int] = None
    year_to: Optional[int] = None
    year_label: str = ""
    person: Optional[str] = None  # a second person the films must also have ...
    person_role: Optional[str] = None  # ... in this role (a person relation), or in any role

    def params(self) -> dict[str, Any]:
        return {"genre": self.genre, "language": self.language, "year_from": self.year_from,
                "year_to": self.year_to, "person": self.person, "person_role": self.person_role}  # fmt: skip

    def __bool__(self) -> bool:
        return any(v is not None for v in self.params().values())

    def with_person(self) -> str:
        """``"with Meg Ryan"``, ``"directed by Nora Ephron"``; empty without a second person."""
        if not self.person:
            return ""
        return f"{PERSON_ROLE_PHRASES.get(self.person_role or '', 'with')} {self.person}"

    def describe(self) -> str:
        parts = [p for p in (self.language, self.genre.lower() if self.genre else None) if p]
        text = " ".join(parts)
        if self.person:
            text = f"{text or 'films'} {self.with_person()}"
        if self.year_label:
            text = f"{text} from {self.year_label}".strip()
        return text


@dataclass
class Parse:
    """The best reading of a message."""

    path: str
    topic: Optional[Topic]
    constraints: Constraints = field(default_factory=Constraints)
    confidence: float = 0.0  # the classifier's probability of the path for this reading
    alternatives: list[tuple[str, float]] = field(default_factory=list)  # next paths, same topic kind
    masked: str = ""  # the words the path was read from, names replaced by their kinds
    also_films: list[str] = field(default_factory=list)  # more films the same fact is asked of
    then: Optional[Parse] = None  # a second question asked in the same message, about the same topic

    @property
    def hops(self) -> int:
        return PATHS[self.path].hops
