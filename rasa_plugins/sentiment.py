"""A Rasa NLU component that tags every typed message with its sentiment, inside the Rasa server.

In ``config.yml``, after ``rasa_plugins.intent.MiniLMIntentClassifier``::

    - name: rasa_plugins.sentiment.SentimentTagger

It applies the project's sentiment model (a softmax regression on MiniLM vectors combined with
one on the message's character n-grams, trained by ``python -m sentiment.train`` from
``data/sentiment`` and the FAQ) to the vector the intent classifier already computed for the
message and to its text, so tagging costs no second encoding. Rasa passes NLU components the
conversation's tracker, so the component also reads the sentiment of the earlier user messages
and decides whether the conversation is frustrated
(:func:`sentiment.trail.frustrated`). Both go out as entities (``sentiment``, ``frustrated``),
which fill the slots of the same names through ``from_entity`` mappings before the policies
predict: one user message makes at most one call to the action server, the answer.

The model's weights are copied into the Rasa model when it is trained; ``fingerprint_addon``
adds the sentiment model's key (a hash of its data and parameters), so a change to either
retrains this component. If the weights are missing or encoding fails, the message goes on
without sentiment entities (the slots keep their values) and the turn is unaffected.
"""

from __future__ import annotations

import logging
import shutil
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from minilm.encoder import MAX_MESSAGE_CHARS, MESSAGE_VECTOR, export_dir, shared_encoder
from sentiment import trail as trails
from sentiment.models import MiniLMSentiment

logger = logging.getLogger(__name__)

WEIGHTS_FILE = "sentiment.npz"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class SentimentTagger(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # the intent classifier's export (its vector is the one tagged; these encode only without it)
        return {"encoder_dir": None, "quantized": False}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        from sentiment.train import model_key

        return model_key()

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[MiniLMSentiment] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentimentTagger:
        return cls(config, model_storage, resource)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        directory = export_dir(self.config.get("encoder_dir"), self.config.get("quantized", False))
        return shared_encoder(directory).encode(texts)

    def train(self, training_data: TrainingData) -> Resource:
        from sentiment.train import ensure_model

        weights = ensure_model()  # trains the model first when its data changed (2 to 3 minutes)
        with self._model_storage.write_to(self._resource) as directory:
            shutil.copyfile(weights, directory / WEIGHTS_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentimentTagger:
        tagger = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                tagger.model = MiniLMSentiment.load(directory / WEIGHTS_FILE, tagger._encode)
        except (ValueError, FileNotFoundError, KeyError, OSError):
            logger.warning("SentimentTagger has no trained weights; messages get no sentiment")
        return tagger

    @staticmethod
    def earlier_trail(tracker: Optional[DialogueStateTracker]) -> List[Dict[str, Any]]:
        """The sentiments of the conversation's earlier user messages that frustration reads."""
        if tracker is None:
            return []
        parses = (e.parse_data for e in reversed(tracker.events) if isinstance(e, UserUttered))
        return trails.trail_of(parses, limit=trails.FRUSTRATION_MEMORY)

    def process(
        self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None
    ) -> List[Message]:
        if self.model is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or text.startswith("/"):  # empty, or a button payload: no words
                continue
            try:
                words = text[:MAX_MESSAGE_CHARS]  # as encoded: a long message costs no more
                vector = message.get(MESSAGE_VECTOR)
                if vector is None:
                    vector = self._encode([words])[0]
                entry = self.model.predict_vectors(np.asarray(vector)[None, :], [words])[0].as_dict()
                trail = trails.extend_trail(self.earlier_trail(tracker), entry)
            except Exception:  # never break the turn: the message goes on without sentiment
                logger.exception("SentimentTagger: scoring failed; no sentiment for this message")
                continue
            tagged = list(message.get(ENTITIES) or []) + trails.entities(entry, trail, text)
            message.set(ENTITIES, tagged, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
