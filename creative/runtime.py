"""Runs generations off the event loop: a small executor (the concurrency limit), an admission
semaphore (a bounded queue), and a hard timeout that also stops the model mid-generation."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Optional

from creative.config import GeneratorConfig, load_generator_config
from creative.generator import LazyGenerator
from creative.requests import CreativeRequest
from creative.scoring import make_scorer
from creative.service import CreativeService, Suggestions

MARGIN = 1.0  # seconds kept after the model stops, for decoding, filtering and scoring (at most 20%)


class Busy(RuntimeError):
    """Too many generations are already queued."""


class Expired(asyncio.TimeoutError):
    """The request waited in the queue past its deadline and was never started."""


class GenerationRunner:
    def __init__(self, concurrency: int = 1, queue: int = 4) -> None:
        self.executor = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="encore-generate")
        self.admission = threading.BoundedSemaphore(concurrency + queue)

    async def run(self, service: CreativeService, request: CreativeRequest, timeout: float) -> Suggestions:
        """``service.suggest(request)`` in a worker thread; ``asyncio.TimeoutError`` after ``timeout``."""
        if not self.admission.acquire(blocking=False):
            raise Busy("too many generations queued")
        stop = time.monotonic() + timeout - min(MARGIN, 0.2 * timeout)

        def job() -> Suggestions:
            if time.monotonic() > stop:
                raise Expired("expired in the queue")
            return service.suggest(request, deadline=stop)

        try:
            future = self.executor.submit(job)
        except BaseException:
            self.admission.release()
            raise
        # Frees the place when the job ends, or when a timeout cancels it while still queued.
        future.add_done_callback(lambda _: self.admission.release())
        return await asyncio.wait_for(asyncio.wrap_future(future), timeout)


class CreativeRuntime:
    """Everything the creative actions share in one process, created on first use."""

    def __init__(self, config: Optional[GeneratorConfig] = None) -> None:
        self.config = config or load_generator_config()
        self.generator = LazyGenerator(self.config)
        self.service = CreativeService(self.generator, make_scorer(self.config.scorer), self.config)
        self.runner = GenerationRunner(self.config.concurrency)
        self._preloading: Optional[threading.Thread] = None

    def preload(self) -> None:
        if self._preloading is None and not self.generator.loaded:
            self._preloading = self.generator.preload()


_lock = threading.Lock()
_runtime: Optional[CreativeRuntime] = None


def runtime() -> CreativeRuntime:
    global _runtime
    if _runtime is None:
        with _lock:
            if _runtime is None:
                _runtime = CreativeRuntime()
    return _runtime
