"""The shared cache of trained models: trained once, read back, trained again when the file is
broken or no longer fits."""

from __future__ import annotations

from pathlib import Path

from encore.artifacts import cached_pickle


def test_a_model_is_trained_once_then_read(tmp_path: Path) -> None:
    calls = []

    def train() -> dict:
        calls.append(1)
        return {"weights": [1, 2, 3]}

    path = tmp_path / "sub" / "model.pkl"
    assert cached_pickle(path, train, "a model") == {"weights": [1, 2, 3]}
    assert cached_pickle(path, train, "a model") == {"weights": [1, 2, 3]}
    assert len(calls) == 1 and path.is_file() and not path.with_suffix(".tmp").exists()


def test_a_broken_or_unusable_file_is_trained_again(tmp_path: Path) -> None:
    path = tmp_path / "model.pkl"
    path.write_bytes(b"not a pickle")
    assert cached_pickle(path, lambda: [1], "a model") == [1]
    assert cached_pickle(path, lambda: [2], "a model", usable=lambda m: m == [2]) == [2]
    assert cached_pickle(path, lambda: [3], "a model") == [2]  # the last one written


def test_no_path_trains_and_caches_nothing(tmp_path: Path) -> None:
    assert cached_pickle(None, lambda: "fresh", "a model") == "fresh"
    assert list(tmp_path.iterdir()) == []
