"""The sentiment model's data and parts: held-out sentences are absent from training (normalised
forms included), the lexical model scores as scikit-learn does, the combined model's weights
round-trip, and the Rasa component tags a message with them (in the Rasa environment)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pytest

from encore.settings import ROOT
from sentiment import data
from sentiment.lexical import LexicalModel, ngrams
from sentiment.models import MiniLMSentiment
from tests.rasa_env import run_in_rasa


def test_normalise_reads_case_punctuation_and_spacing_as_one_sentence() -> None:
    assert data.normalise("It's  GREAT!") == data.normalise("it s great") == "it s great"
    assert data.normalise("ﬁne") == "fine"  # the ligature's compatibility form
    assert data.normalise("great film") != data.normalise("great films")


def test_held_out_sentences_are_absent_from_training() -> None:
    splits = data.polarity_splits()
    rows, weights = data.training_set()
    trained = {data.normalise(t) for t, _ in rows}
    assert len(rows) == len(weights)
    assert splits.train and splits.validation and splits.test
    film_train, film_held = data.film_questions()
    for held in (splits.validation, splits.test, data.read_tsv(data.CHAT_TEST), [(q, "") for q in film_held]):
        leaked = [t for t, _ in held if data.normalise(t) in trained]
        assert leaked == []
    assert film_held and {data.normalise(q) for q in film_train} & trained  # the other half is trained on
    in_test = {data.normalise(t) for t, _ in splits.test}
    assert not in_test & {data.normalise(t) for t, _ in splits.validation}
    # the training split is all of training's polarity sentences, and it is used whole
    assert {data.normalise(t) for t, _ in splits.train} <= trained


def test_the_split_is_seeded_stratified_and_covers_every_sentence() -> None:
    splits = data.polarity_splits()
    assert splits == data.polarity_splits()
    everything = data.read_polarity()
    parts = splits.train + splits.validation + splits.test
    # every sentence is in a split (a repeat left out of one split is in another)
    assert {data.normalise(t) for t, _ in parts} == {data.normalise(t) for t, _ in everything}
    assert len(parts) >= len(everything) - 2  # 2 sentences are repeated in the files
    for part, fraction in ((splits.test, 0.2), (splits.validation, 0.1)):
        for label in ("negative", "positive"):
            of_label = sum(1 for _, g in everything if g == label)
            assert sum(1 for _, g in part if g == label) == pytest.approx(of_label * fraction, abs=2)


def test_a_sentence_repeated_in_another_form_stays_on_one_side(tmp_path: Path) -> None:
    # Each sentence twice, the second time in capitals with other punctuation: a split by raw
    # text would put some pairs on both sides.
    for name, word in (("rt-polarity.pos", "good"), ("rt-polarity.neg", "bad")):
        lines = [f"a {word} film number {i} ." for i in range(50)]
        lines += [f"A {word.upper()} film, number {i}!" for i in range(50)]
        (tmp_path / name).write_text("\n".join(lines) + "\n")
    splits = data.polarity_splits(tmp_path)
    train = {data.normalise(t) for t, _ in splits.train}
    validation = {data.normalise(t) for t, _ in splits.validation}
    test = {data.normalise(t) for t, _ in splits.test}
    assert test and validation and train
    assert not train & test and not train & validation and not validation & test


def test_film_questions_lose_their_entity_annotations(tmp_path: Path) -> None:
    nlu = "nlu:\n- intent: ask_film\n  examples: |\n    - who directed [Heat](film)?\n"
    nlu += '    - films by [Luis Buñuel]{"entity": "person"}\n    - what else\n    - what else\n'
    (tmp_path / "kg.yml").write_text(nlu)
    first, second = data.film_questions(tmp_path / "kg.yml")
    assert sorted(first + second) == ["films by Luis Buñuel", "what else", "who directed Heat?"]
    assert len(first) == 1


def test_ngrams_pad_each_word() -> None:
    assert ngrams("Ok") == [" o", "ok", "k ", " ok", "ok ", " ok "]
    assert ngrams("a") == [" a", "a ", " a "]
    assert ngrams("") == []


def tiny_rows() -> tuple[list[str], np.ndarray]:
    texts = [
        "great fun film",
        "a great cast",
        "dull and boring",
        "boring plot",
        "what time is it",
        "the time of day",
    ]
    return texts * 2, np.asarray([2, 2, 0, 0, 1, 1] * 2)


def test_lexical_model_scores_as_scikit_learn_does() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = tiny_rows()
    model = LexicalModel.fit(texts, labels, np.ones(len(texts)), c=4.0, seed=1)
    vectorizer = TfidfVectorizer(analyzer=ngrams, min_df=2, sublinear_tf=True)
    reference = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced", random_state=1)
    reference.fit(vectorizer.fit_transform(texts), labels)
    unseen = ["great great fun", "so boring", "zzz", "what a great time"]
    expected = reference.predict_proba(vectorizer.transform(unseen))
    assert model.probabilities(unseen) == pytest.approx(expected, abs=1e-5)
    assert (
        model.probabilities(["great fun"]).argmax() == 2 and model.probabilities(["dull plot"]).argmax() == 0
    )


def fake_encoder(texts: Sequence[str]) -> np.ndarray:
    # positive words push the first coordinate up, negative ones down
    return np.asarray([[t.count("great") - t.count("boring"), 1.0] for t in texts], dtype=np.float32)


def save(path: Path, weights: np.ndarray, bias: np.ndarray, lexical: LexicalModel) -> None:
    """Weights as sentiment.train writes them, with a lexical share of 0.5."""
    arrays: dict[str, Any] = {"weights": weights, "bias": bias, "classes": np.asarray(data.LABELS)}
    arrays.update(lexical_share=np.asarray(0.5), **lexical.arrays())
    np.savez(path, **arrays)


def test_combined_model_round_trips_and_mixes_by_its_share(tmp_path: Path) -> None:
    texts, labels = tiny_rows()
    lexical = LexicalModel.fit(texts, labels, np.ones(len(texts)), c=4.0, seed=1)
    weights = np.asarray([[-3.0, 0.0], [0.0, 0.0], [3.0, 0.0]], dtype=np.float32)
    bias = np.zeros(3, dtype=np.float32)
    path = tmp_path / "sentiment.npz"
    save(path, weights, bias, lexical)
    model = MiniLMSentiment.load(path, fake_encoder)
    assert model.lexical_share == 0.5 and model.lexical is not None
    message = ["a great cast"]
    vector_only = MiniLMSentiment(weights, bias, fake_encoder)
    vector_probs = vector_only.probabilities(fake_encoder(message), message)
    lexical_probs = lexical.probabilities(message)
    expected = np.sqrt(vector_probs * lexical_probs)
    assert model.probabilities(fake_encoder(message), message) == pytest.approx(
        expected / expected.sum(), abs=1e-6
    )
    assert model.predict(message)[0].label == "positive"
    # Weights without the lexical arrays (as written before) load as the vector model alone.
    np.savez(tmp_path / "old.npz", weights=weights, bias=bias, classes=np.asarray(data.LABELS))
    old = MiniLMSentiment.load(tmp_path / "old.npz", fake_encoder)
    assert old.lexical is None
    assert old.probabilities(fake_encoder(message), message) == pytest.approx(vector_probs)


TAGGER = textwrap.dedent(
    """
    import sys
    import numpy as np
    from rasa.shared.nlu.training_data.message import Message
    from minilm.encoder import MESSAGE_VECTOR
    from rasa_plugins.sentiment import SentimentTagger
    from sentiment.models import MiniLMSentiment

    def no_encoder(texts):
        raise AssertionError("the tagger encoded a message that carried its vector")

    model = MiniLMSentiment.load(sys.argv[1], no_encoder)
    tagger = SentimentTagger({}, None, None, model)
    messages = [Message(data={"text": t, MESSAGE_VECTOR: np.asarray([v, 1.0], dtype=np.float32)})
                for t, v in (("a great cast", 0.0), ("dull and boring", 0.0), ("/affirm", 0.0))]
    tagger.process(messages)
    got = [[(e["entity"], e["value"]) for e in m.get("entities") or []] for m in messages]
    assert got == [[("sentiment", "positive"), ("frustrated", False)],
                   [("sentiment", "negative"), ("frustrated", False)], []], got
    print("ok")
    """
)


def test_the_rasa_component_tags_with_the_combined_model(tmp_path: Path) -> None:
    texts, labels = tiny_rows()
    lexical = LexicalModel.fit(texts, labels, np.ones(len(texts)), c=4.0, seed=1)
    path = tmp_path / "sentiment.npz"
    # A vector model that knows nothing (all zero): the words decide.
    save(path, np.zeros((3, 2), dtype=np.float32), np.zeros(3, dtype=np.float32), lexical)
    run_in_rasa(TAGGER, str(path))


def test_the_rasa_model_is_trained_again_when_the_sentiment_data_changes() -> None:
    from encore.training_data import TRAINING_INPUTS

    def covered(path: Path) -> bool:
        relative = path.relative_to(ROOT)
        return any(relative == Path(name) or Path(name) in relative.parents for name in TRAINING_INPUTS)

    for path in (
        data.SENTIMENT_DATA / "rt-polarity.pos",
        data.SENTIMENT_DATA / "chat_train.tsv",
        data.CHAT_TEST,
    ):
        assert covered(path), path
    assert not covered(ROOT / "bench" / "data" / "qa_test.tsv")  # the check can tell
