"""One instance per process, built on first use: the action server's services (the film
questions, recommendations, customer service, the creative runtime) are each a :class:`Lazy`.

Nothing is built at import (importing a module must stay cheap, and tests import everything);
the first caller builds the instance under a lock and every later one gets the same object
without taking the lock.
"""

from __future__ import annotations

import threading
from typing import Callable, Generic, Optional, TypeVar

T = TypeVar("T")


class Lazy(Generic[T]):
    """``Lazy(factory)()`` is ``factory()``, called once per process (thread-safe)."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._value: Optional[T] = None

    def __call__(self) -> T:
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._factory()
                value = self._value
        return value

    @classmethod
    def given(cls, value: Optional[T], factory: Callable[[], T]) -> Lazy[T]:
        """``value`` when one is given (a stand-in in a test, say), else ``factory()`` on first use."""
        lazy = cls(factory)
        lazy._value = value
        return lazy

    @property
    def loaded(self) -> bool:
        """Whether the instance is built (without building it)."""
        return self._value is not None
