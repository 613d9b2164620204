"""Process-wide service instances, created lazily on first use (never at import)."""

from __future__ import annotations

import asyncio
import functools
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Callable, TypeVar

from encore.lazy import Lazy
from encore.settings import setting
from kg.qa import FilmQA

if TYPE_CHECKING:
    from recommender.service import RecommenderService

T = TypeVar("T")

# Blocking service calls (Neo4j, linking) run here, never on the action server's event loop.
_executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="encore-services")


def preload_enabled() -> bool:
    """Services load when the action server starts unless ENCORE_PRELOAD=0 (unit tests)."""
    return bool(setting("ENCORE_PRELOAD"))


# Set when the start-up preload has finished, loaded or not (actions/knowledge.py).
preloaded = threading.Event()


def ready() -> bool:
    """Whether the action server should be sent conversations: its services are loaded (or load
    on first use: ENCORE_PRELOAD=0). Its ``/ready`` says this; ``/health`` says only that it
    answers. A server sent a question while it still loads answers it late, after the action's
    timeout: "can't reach my film database"."""
    return not preload_enabled() or preloaded.is_set()


def _recommender() -> RecommenderService:
    from recommender.service import RecommenderService

    qa = film_qa()
    return RecommenderService(lambda: qa.linker, qa.graph)


film_qa: Lazy[FilmQA] = Lazy(FilmQA)
# The recommendation service; it shares the film QA service's graph and entity linker.
recommender: Lazy[RecommenderService] = Lazy(_recommender)


async def run_blocking(func: Callable[..., T], *args: object, timeout: float = 10.0) -> T:
    """Run ``func(*args)`` in the service thread pool; raise ``asyncio.TimeoutError`` after ``timeout``."""
    loop = asyncio.get_running_loop()
    return await asyncio.wait_for(loop.run_in_executor(_executor, functools.partial(func, *args)), timeout)
