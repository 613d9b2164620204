"""Pure FAQ ranking (fusion, gate) and tone / escalation rules, on tiny inputs."""

import numpy as np
import pytest

from faq import ranking
from faq.kb import FaqEntry, kb_hash
from faq.retrievers import BM25Retriever, ClassifierRetriever, HybridRetriever, build_retriever
from support import tone


def test_tokenize_drops_stopwords_and_suffixes() -> None:
    assert ranking.tokenize("How do I cancel my Subscriptions?") == ["cancel", "subscription"]
    assert ranking.tokenize("🎬🍿") == []


def test_max_per_entry_takes_each_entry_best_document() -> None:
    out = ranking.max_per_entry(np.array([0.1, 0.9, 0.4, 0.2]), np.array([0, 0, 1, 1]), 3)
    assert out[:2].tolist() == [0.9, 0.4] and out[2] == -np.inf


def test_pool_top_k_averages_each_entry_best_variants() -> None:
    owners = np.array([0, 0, 0, 1, 2, 2])
    groups = ranking.group_index(owners, 3)
    assert groups.tolist() == [[0, 1, 2], [3, -1, -1], [4, 5, -1]]
    scores = np.array([0.9, 0.1, 0.7, 0.6, 0.2, 0.4])
    assert ranking.pool_top_k(scores, groups, 1).tolist() == pytest.approx([0.9, 0.6, 0.4])
    # two best: entry 0 = (0.9 + 0.7) / 2; an entry with one variant keeps its one score
    assert ranking.pool_top_k(scores, groups, 2).tolist() == pytest.approx([0.8, 0.6, 0.3])
    assert ranking.pool_top_k(scores, groups, 3).tolist() == pytest.approx([1.7 / 3, 0.6, 0.3])


def test_confidence_adds_the_lead_over_the_runner_up() -> None:
    assert ranking.confidence([(3, 0.6), (1, 0.4)], 0.0) == pytest.approx(0.6)
    assert ranking.confidence([(3, 0.6), (1, 0.4)], 1.0) == pytest.approx(0.8)
    assert ranking.confidence([(3, 0.6)], 0.5) == pytest.approx(0.9)
    assert ranking.confidence([], 1.0) == 0.0


def test_gate_with_margin_answers_a_clear_winner_and_clarifies_a_tie() -> None:
    clear = [(3, 0.6), (1, 0.35)]
    tied = [(3, 0.6), (1, 0.59)]
    assert ranking.gate(clear, 0.7, 0.3, margin_weight=0.5) == ranking.Decision("answer", (3,))
    assert ranking.gate(tied, 0.7, 0.3, margin_weight=0.5) == ranking.Decision("clarify", (3, 1))
    assert ranking.gate(clear, 0.7, 0.3) == ranking.Decision("clarify", (3, 1))


def test_squash_is_bounded_and_monotonic() -> None:
    out = ranking.squash(np.array([-1.0, 0.0, 4.0, 100.0]), 4.0)
    assert out.tolist()[:3] == [0.0, 0.0, 0.5] and 0.96 < out[3] < 1.0


def test_linear_fusion_weights_dense_by_alpha() -> None:
    fused = ranking.fuse_linear(np.array([1.0, 0.0, -0.3]), np.array([0.0, 1.0, 0.5]), 0.75)
    assert fused.tolist() == pytest.approx([0.75, 0.25, 0.125])


def test_rrf_rewards_agreement() -> None:
    scores = ranking.rrf([[0, 1, 2], [1, 0, 2]], 3, k=1.0)
    assert scores.tolist() == pytest.approx([1 / 2 + 1 / 3, 1 / 3 + 1 / 2, 2 / 4])
    scaled = ranking.rrf_scores(np.array([0.9, 0.1]), np.array([5.0, 0.0]))
    assert scaled[0] == pytest.approx(1.0) and scaled[1] < 1.0


def test_rrf_scores_ignore_an_empty_bm25_ranking() -> None:
    scaled = ranking.rrf_scores(np.array([0.2, 0.9]), np.zeros(2))
    assert scaled.argmax() == 1 and scaled.max() == pytest.approx(0.5)


def test_top_k_orders_by_score_then_index() -> None:
    assert ranking.top_k(np.array([0.5, 0.9, 0.5, 0.1]), 3) == [(1, 0.9), (0, 0.5), (2, 0.5)]


@pytest.mark.parametrize(
    ("ranked", "expected"),
    [
        ([(3, 0.8), (1, 0.5)], ranking.Decision("answer", (3,))),
        ([(3, 0.5), (1, 0.45), (2, 0.42), (0, 0.2)], ranking.Decision("clarify", (3, 1, 2))),
        ([(3, 0.5), (1, 0.1)], ranking.Decision("clarify", (3, 1))),  # always two options at least
        ([(3, 0.2), (1, 0.1)], ranking.Decision("fallback", ())),
        ([], ranking.Decision("fallback", ())),
    ],
)
def test_gate(ranked, expected) -> None:
    assert ranking.gate(ranked, answer_threshold=0.7, clarify_threshold=0.3) == expected


ENTRIES = [
    FaqEntry("cancel", "Cancel", ("how do I cancel my subscription",), "Account > Plan > Cancel."),
    FaqEntry("sound", "No sound", ("there is no sound", "audio not working"), "Check the volume."),
]


def fake_encoder(texts):
    """Two-dimensional 'embeddings': cancel-ish vs sound-ish."""
    rows = [
        [1.0 if "cancel" in t or "quit" in t else 0.1, 1.0 if "sound" in t or "audio" in t else 0.1]
        for t in texts
    ]
    m = np.asarray(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_bm25_and_hybrid_retrievers_on_a_tiny_kb(tmp_path) -> None:
    assert BM25Retriever(ENTRIES).search("no sound at all", 1)[0][0] == 1
    hybrid = build_retriever("hybrid", ENTRIES, fake_encoder, tmp_path, alpha=0.7, rrf_weight=0.2)
    assert isinstance(hybrid, HybridRetriever)
    assert hybrid.search("I want to quit", 2)[0][0] == 0  # no shared word: the dense part decides
    assert (tmp_path / f"faq-index-{kb_hash(ENTRIES)}.npy").is_file()  # the index is cached
    with pytest.raises(ValueError):
        build_retriever("nope", ENTRIES, fake_encoder)


def test_classifier_retriever_scores_probabilities_and_caches_its_fit(tmp_path) -> None:
    classifier = build_retriever("classifier", ENTRIES, fake_encoder, tmp_path, classifier_c=16.0)
    assert isinstance(classifier, ClassifierRetriever)
    scores = classifier.scores("I want to quit")
    assert scores.sum() == pytest.approx(1.0)  # one probability per entry
    assert classifier.search("I want to quit", 2)[0][0] == 0
    assert classifier.search("the audio is gone", 2)[0][0] == 1
    cached = tmp_path / f"faq-classifier-{kb_hash(ENTRIES)}-c16.pkl"
    assert cached.is_file()
    again = build_retriever("classifier", ENTRIES, fake_encoder, tmp_path, classifier_c=16.0)
    assert again.scores("I want to quit").tolist() == pytest.approx(scores.tolist())
    cached.write_bytes(b"not a pickle")  # a broken cache is fitted again, not an error
    assert build_retriever("classifier", ENTRIES, fake_encoder, tmp_path).search("quit", 1)[0][0] == 0


def test_kb_hash_changes_with_the_questions() -> None:
    changed = [ENTRIES[0], FaqEntry("sound", "No sound", ("no audio",), "Check the volume.")]
    assert kb_hash(ENTRIES) != kb_hash(changed)


def test_tone_follows_the_sentiment() -> None:
    assert [tone.tone_for(x) for x in ("negative", "neutral", "positive", "??")] == [
        "empathetic",
        "brisk",
        "warm",
        "brisk",
    ]


def test_bm25_inverted_index_scores_like_rank_bm25() -> None:
    from faq.kb import FAQ_KB, load_kb

    entries = load_kb(FAQ_KB)
    retriever = BM25Retriever(entries, 8.0)
    for query in ("how do I cancel my subscription", "subtitles subtitles wrong language", "zzz", "the"):
        tokens = ranking.tokenize(query)
        expected = (
            ranking.max_per_entry(
                np.asarray(retriever.bm25.get_scores(tokens)), retriever.owners, len(entries)
            )
            if tokens
            else np.zeros(len(entries))
        )
        assert np.allclose(retriever.raw(query), expected)


def test_each_retriever_reads_its_own_calibrated_gate(tmp_path, monkeypatch) -> None:
    import json

    from support import config

    gate = {
        "retriever": "classifier",
        "classifier": {"classifier_c": 4.0, "answer_threshold": 0.3, "clarify_threshold": 0.1},
        "hybrid": {"alpha": 0.8, "bm25_k": 2.0, "answer_threshold": 0.7, "clarify_threshold": 0.35},
    }
    path = tmp_path / "gate.json"
    path.write_text(json.dumps(gate))
    monkeypatch.setattr(config, "GATE_FILE", path)
    default = config.load_config({})
    assert (default.retriever, default.classifier_c, default.answer_threshold) == ("classifier", 4.0, 0.3)
    hybrid = config.load_config({"FAQ_RETRIEVER": "hybrid"})
    assert (hybrid.alpha, hybrid.answer_threshold, hybrid.clarify_threshold) == (0.8, 0.7, 0.35)
    assert hybrid.classifier_c == 16.0  # not the classifier's: the code's default
    # an explicit setting wins over the file
    assert config.load_config({"FAQ_ANSWER_THRESHOLD": "0.5"}).answer_threshold == 0.5
