"""Parse a film question into *(topic entity, relation path, constraints)*.

Two parts, each replaceable:

1. **Mentions** (:mod:`kg.mentions`): every graph name in the whole message, found by a spaCy
   ``PhraseMatcher`` over the graph's vocabulary, plus years and decades. The NLU's entities are
   not needed (they only help with typos, through the fuzzy linker).
2. **The path** (:class:`PathClassifier`): the message with its names masked by their kind
   ("who directed the films xperson starred in") is classified into one of the whitelisted
   paths of :mod:`kg.paths`. The classifier is a logistic regression over word and character
   n-grams, trained in a few seconds on sentences composed from ``data/qa/templates.yml`` (answer
   frames around film-set phrases), so a new relation or wording is a line of data.

A message can be read several ways (is "Heat" the film or the tag? Is the name the topic or is
the conversation's film?): each reading is masked and scored, and the most probable reading
wins. A second person named with the topic person ("films with Tom Hanks and Meg Ryan", "films
directed by X starring Y") is a constraint on the films, not a name left out.

The parser in parts, each a module of this package:

- :mod:`~kg.parser.result`: what it returns (:class:`Parse`: a :class:`Topic`, a path and
  :class:`Constraints`);
- :mod:`~kg.parser.training`: the training sentences composed from the templates, masked as
  messages are;
- :mod:`~kg.parser.classifier`: the path classifier (n-grams) and its semantic second opinion
  (MiniLM), trained once and cached by a fingerprint of their data and code;
- :mod:`~kg.parser.speller`: slips of the keyboard in the wording mended before classifying;
- :mod:`~kg.parser.masking`: a reading's masked words and its constraints;
- :mod:`~kg.parser.readings`: :class:`QuestionParser`, the readings of a message and the best one;
- :mod:`~kg.parser.priors`: how much a reading is believed before its wording is read, and how its
  constraints weigh the paths.

The parser has no Rasa or Neo4j imports; it is unit-tested on a small vocabulary.
"""

from kg.parser.classifier import PathClassifier
from kg.parser.readings import QuestionParser
from kg.parser.result import Constraints, Parse, Topic

__all__ = ["Constraints", "Parse", "PathClassifier", "QuestionParser", "Topic"]
