"""A Rasa NLU intent classifier on MiniLM sentence vectors, fused with DIET's ranking.

DIET learns its features from Encore's ~1,800 training messages alone; MiniLM brings what it
learned from a billion sentence pairs, so wordings nobody wrote into ``data/nlu`` still land
near the right examples. On the whole-bot dev split and the held-out NLU set (bench/nlu_first_stage.py,
docs/benchmarks.md) a logistic regression over MiniLM vectors is right far more often than DIET,
and a little of DIET's ranking on top helps further.

In ``config.yml``, after ``DIETClassifier`` and before ``FallbackClassifier``::

    - name: rasa_plugins.intent.MiniLMIntentClassifier
      diet_weight: 0.2   # fused = diet_weight * DIET + (1 - diet_weight) * MiniLM

The message's ``intent`` and ``intent_ranking`` become the fused ones, so the fallback
threshold, the policies and the actions all see one decision. Training embeds every intent
example (a few seconds with onnxruntime) and fits the regression; the model stores plain arrays.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from minilm.encoder import MAX_MESSAGE_CHARS, MESSAGE_VECTOR, export_dir, shared_encoder
from minilm.fusion import fuse, softmax

logger = logging.getLogger(__name__)

MODEL_FILE = "minilm_intent.npz"
SOURCES = "intent_sources"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class MiniLMIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "diet_weight": 0.2,  # chosen on the whole-bot dev split (docs/benchmarks.md)
            "C": 4.0,  # inverse L2 strength of the logistic regression
            "ranking_length": 10,
            "encoder_dir": None,  # default: <models>/minilm-onnx, or its 8-bit copy with "quantized"
            "quantized": False,  # encode with <models>/minilm-onnx-int8 (minilm.encoder.export_quantized)
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        weights: Optional[np.ndarray] = None,
        bias: Optional[np.ndarray] = None,
        classes: Optional[List[str]] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.weights, self.bias, self.classes = weights, bias, classes or []

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MiniLMIntentClassifier:
        return cls(config, model_storage, resource, execution_context)

    def _encoder(self) -> Any:
        return shared_encoder(export_dir(self.config.get("encoder_dir"), self.config.get("quantized", False)))

    def _encode(self, texts: List[str]) -> np.ndarray:
        return self._encoder().encode([t[:MAX_MESSAGE_CHARS] for t in texts])

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        intents = sorted({m.get(INTENT) for m in examples})
        if len(intents) < 2:
            logger.warning("MiniLMIntentClassifier needs two intents or more; it will pass DIET's through")
            return self._resource
        logger.info("MiniLMIntentClassifier: encoding %d examples", len(examples))
        vectors = self._encode([m.get(TEXT) for m in examples])
        labels = [m.get(INTENT) for m in examples]
        model = LogisticRegression(
            C=float(self.config["C"]), class_weight="balanced", max_iter=3000, random_state=0
        )
        model.fit(vectors, labels)
        self.weights = model.coef_.astype(np.float32)
        self.bias = model.intercept_.astype(np.float32)
        self.classes = [str(c) for c in model.classes_]
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(
                directory / MODEL_FILE, weights=self.weights, bias=self.bias, classes=np.asarray(self.classes)
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> MiniLMIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                data = np.load(directory / MODEL_FILE, allow_pickle=False)
                weights, bias, classes = data["weights"], data["bias"], [str(c) for c in data["classes"]]
        except (ValueError, FileNotFoundError, KeyError):
            logger.warning("MiniLMIntentClassifier has no trained model; DIET's intents pass through")
            return cls(config, model_storage, resource, execution_context)
        classifier = cls(config, model_storage, resource, execution_context, weights, bias, classes)
        classifier._encoder()  # load the encoder with the model, not on the first user message
        return classifier

    def probabilities(self, texts: List[str]) -> np.ndarray:
        """One row of intent probabilities (in ``self.classes`` order) per text."""
        return self.probabilities_of(self._encode(texts))

    def probabilities_of(self, vectors: np.ndarray) -> np.ndarray:
        assert self.weights is not None, "MiniLMIntentClassifier has no trained model"
        logits = vectors @ self.weights.T + self.bias
        if logits.shape[1] == 1:  # two classes: scikit-learn keeps one row of weights
            logits = np.concatenate([-logits, logits], axis=1) / 2.0
        return softmax(logits)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.weights is None or not self.classes:
            return messages
        todo = [m for m in messages if (m.get(TEXT) or "").strip()]
        if not todo:
            return messages
        try:
            vectors = self._encode([m.get(TEXT) for m in todo])
            probabilities = self.probabilities_of(vectors)
        except Exception:  # the encoder failed: DIET's ranking stands, the user still gets a reply
            logger.exception("MiniLMIntentClassifier: encoding failed; DIET's intents pass through")
            return messages
        weight = float(self.config["diet_weight"])
        for message, vector, row in zip(todo, vectors, probabilities):
            message.set(MESSAGE_VECTOR, vector)  # for the components after this one, not output
            minilm = dict(zip(self.classes, row.tolist()))
            diet = {
                r[INTENT_NAME_KEY]: float(r.get("confidence") or 0.0)
                for r in message.get(INTENT_RANKING_KEY) or []
                if r.get(INTENT_NAME_KEY)
            }
            fused = fuse(minilm, diet, weight if diet else 0.0, int(self.config["ranking_length"]))
            ranking = [{INTENT_NAME_KEY: name, "confidence": score} for name, score in fused]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            # What each classifier said on its own, for anyone reading a parse (/model/parse).
            best = int(np.argmax(row))
            sources = {"minilm": {INTENT_NAME_KEY: self.classes[best], "confidence": float(row[best])}}
            if diet:
                name = max(diet, key=diet.__getitem__)
                sources["diet"] = {INTENT_NAME_KEY: name, "confidence": diet[name]}
            message.set(SOURCES, sources, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
