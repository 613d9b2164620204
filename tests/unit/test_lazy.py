"""encore.lazy.Lazy: built once, on first use, whoever asks first."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from encore.lazy import Lazy


def test_nothing_is_built_before_first_use_and_everyone_gets_the_same_instance() -> None:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        time.sleep(0.05)  # a slow build: the other threads arrive while it runs
        return object()

    lazy = Lazy(build)
    assert not lazy.loaded and calls == []
    start = threading.Barrier(8)

    def get() -> object:
        start.wait()
        return lazy()

    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda _: get(), range(8)))
    assert len(calls) == 1 and lazy.loaded
    assert all(g is got[0] for g in got)


def test_a_failed_build_is_tried_again() -> None:
    attempts: list[int] = []

    def build() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("the graph is down")
        return "ok"

    lazy = Lazy(build)
    with pytest.raises(RuntimeError):
        lazy()
    assert not lazy.loaded
    assert lazy() == "ok" and len(attempts) == 2


def test_a_given_value_is_used_and_nothing_is_built() -> None:
    def build() -> str:
        raise AssertionError("built although a value was given")

    given = Lazy.given("stand-in", build)
    assert given.loaded and given() == "stand-in"
    built = Lazy.given(None, lambda: "built")
    assert not built.loaded and built() == "built" and built.loaded
