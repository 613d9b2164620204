"""Runs generations off the event loop: a worker process by default (a thread on request), a
concurrency limit, an admission semaphore (a bounded queue), and a hard timeout that also stops
the model mid-generation.

Why a process: sampling runs a Python loop per token. In a thread of the action server it holds
the interpreter lock for much of the time, and every other conversation's turn (knowledge-graph
questions, FAQ answers) waits for it. A worker process has its own interpreter and lock, so the
action server's event loop keeps its latency while a suggestion is written.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Optional, Sequence

import numpy as np

from creative.config import GeneratorConfig, load_generator_config
from creative.generator import LazyGenerator
from creative.ranking import Encoder
from creative.requests import CreativeRequest
from creative.scoring import make_scorer
from creative.service import CreativeService, Suggestions
from encore.lazy import Lazy

logger = logging.getLogger(__name__)

MARGIN = 1.0  # seconds kept after the model stops, for decoding, filtering and scoring (at most 20%)


def relevance_encoder() -> Encoder:
    """The MiniLM encoder of the reranker's relevance term, built on first use in the process
    that ranks (the worker, in process mode): the 8-bit copy of the project's ONNX export
    (:func:`minilm.encoder.export_quantized`, written once if missing): about 65 MB in that
    process where the full model takes about 145 MB, and a third of its time
    (docs/benchmarks.md, "Speed and memory")."""

    def encode(texts: Sequence[str]) -> np.ndarray:
        from minilm.encoder import export_quantized, is_exported, quantized_dir, shared_encoder

        directory = quantized_dir()
        if not is_exported(directory):
            export_quantized(directory)
        return shared_encoder(directory).encode(list(texts))

    return encode


class Busy(RuntimeError):
    """Too many generations are already queued."""


class Expired(asyncio.TimeoutError):
    """The request waited in the queue past its deadline and was never started."""


def _deadline(timeout: float) -> float:
    return time.monotonic() + timeout - min(MARGIN, 0.2 * timeout)


class _Admission:
    """At most ``concurrency`` running and ``queue`` waiting; the rest are turned away (``Busy``)."""

    def __init__(self, concurrency: int, queue: int) -> None:
        self.admission = threading.BoundedSemaphore(concurrency + queue)

    async def _run(self, submit: Callable[[], Future], timeout: float) -> Suggestions:
        if not self.admission.acquire(blocking=False):
            raise Busy("too many generations queued")
        try:
            future = submit()
        except BaseException:
            self.admission.release()
            raise
        # Frees the place when the job ends, or when a timeout cancels it while still queued.
        future.add_done_callback(lambda _: self.admission.release())
        return await asyncio.wait_for(asyncio.wrap_future(future), timeout)


class GenerationRunner(_Admission):
    """``service.suggest(request)`` in a thread of this process (tests, benchmarks, ``worker=thread``)."""

    def __init__(self, concurrency: int = 1, queue: int = 4) -> None:
        super().__init__(concurrency, queue)
        self.executor = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="encore-generate")

    async def run(self, service: CreativeService, request: CreativeRequest, timeout: float) -> Suggestions:
        """``asyncio.TimeoutError`` after ``timeout``; the model itself stops a little before."""
        stop = _deadline(timeout)

        def job() -> Suggestions:
            if time.monotonic() > stop:
                raise Expired("expired in the queue")
            return service.suggest(request, deadline=stop)

        return await self._run(lambda: self.executor.submit(job), timeout)


# -- worker process ---------------------------------------------------------------------------------

_worker_service: Optional[CreativeService] = None


def _init_worker(config: GeneratorConfig) -> None:
    """Runs once in each worker process: the service, with its model loaded on first use."""
    global _worker_service
    if config.nice > 0:
        # Below the servers' priority: when the cores are busy, a waiting conversation's turn
        # gets the CPU before the next generated token does.
        os.nice(config.nice)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s generator worker: %(message)s")
    _worker_service = CreativeService(
        LazyGenerator(config), make_scorer(config.scorer), config, encoder=relevance_encoder()
    )


def _warm_worker() -> bool:
    assert _worker_service is not None
    _worker_service.generator.get()  # type: ignore[attr-defined]
    if _worker_service.encoder is not None:
        _worker_service.encoder(["warm"])
    return True


def _suggest_in_worker(request: CreativeRequest, stop: float) -> Suggestions:
    # time.monotonic() is one system-wide clock on Linux and macOS: the parent's deadline holds here.
    if time.monotonic() > stop:
        raise Expired("expired in the queue")
    assert _worker_service is not None
    return _worker_service.suggest(request, deadline=stop)


class ProcessGenerationRunner(_Admission):
    """Generation in ``concurrency`` worker processes, each loading the model once."""

    def __init__(self, config: GeneratorConfig, queue: int = 4) -> None:
        super().__init__(config.concurrency, queue)
        self.config = config
        self._lock = threading.Lock()
        self._executor: Optional[Executor] = None

    @property
    def executor(self) -> Executor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.config.concurrency,
                    mp_context=multiprocessing.get_context("spawn"),  # no forked copy of the server
                    initializer=_init_worker,
                    initargs=(self.config,),
                )
            return self._executor

    def _reset(self, broken: Executor) -> None:
        with self._lock:
            if self._executor is broken:
                self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def preload(self) -> Future:
        """Start the worker and load the model in it, without waiting."""
        return self.executor.submit(_warm_worker)

    async def run(self, request: CreativeRequest, timeout: float) -> Suggestions:
        executor = self.executor
        stop = _deadline(timeout)
        try:
            return await self._run(lambda: executor.submit(_suggest_in_worker, request, stop), timeout)
        except BrokenProcessPool:
            # The worker died (killed, out of memory): start a new one for the next request.
            logger.error("creative: the generator worker process died; starting a new one")
            self._reset(executor)
            raise

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)


class CreativeRuntime:
    """Everything the creative actions share in one process, created on first use."""

    def __init__(self, config: Optional[GeneratorConfig] = None) -> None:
        self.config = config or load_generator_config()
        # In "process" mode the model lives in the worker; this in-process copy stays unloaded
        # unless someone calls service.suggest directly (benchmarks do).
        self.generator = LazyGenerator(self.config)
        self.service = CreativeService(
            self.generator, make_scorer(self.config.scorer), self.config, encoder=relevance_encoder()
        )
        self.runner = GenerationRunner(self.config.concurrency)
        self.process_runner = (
            ProcessGenerationRunner(self.config) if self.config.worker == "process" else None
        )
        self._preloading: Optional[object] = None

    def preload(self) -> None:
        if self._preloading is not None:
            return
        if self.process_runner is not None:
            self._preloading = self.process_runner.preload()
        elif not self.generator.loaded:
            self._preloading = self.generator.preload()

    async def suggest(self, request: CreativeRequest) -> Suggestions:
        """Suggestions for ``request``; ``asyncio.TimeoutError`` or ``Busy`` when there is no time."""
        if self.process_runner is not None:
            return await self.process_runner.run(request, self.config.timeout)
        return await self.runner.run(self.service, request, self.config.timeout)


# The process-wide runtime, built on first use.
runtime: Lazy[CreativeRuntime] = Lazy(CreativeRuntime)
