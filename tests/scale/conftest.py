"""The scale-out layout for the tests of this folder: two Rasa servers and two action servers
behind nginx, on a PostgreSQL database and a Redis of their own (:class:`encore.scaleout.ScaleOut`).

Neo4j, the trained model and the built artifacts are the session's (tests/conftest.py); the
PostgreSQL and Redis servers are the session's too, with a database and a Redis database number
that no other test uses.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from encore.procs import ServiceError
from encore.scaleout import ScaleOut
from encore.settings import Settings
from encore.stack import Stack
from tests.conftest import TEST_STATE
from tests.databases import create_database

# Four servers load their models at once on a machine that may have two busy cores.
START_TIMEOUT_FACTOR = 3.0


@pytest.fixture(scope="module")
def scale_out(
    kg_loaded: Stack, trained_model: Any, settings: Settings, postgres_server_url: str, redis_port: int
) -> Iterator[ScaleOut]:
    kg_loaded.build_support_models()
    kg_loaded.build_recommender()
    kg_loaded.build_parser()
    cluster = ScaleOut.plan(
        settings,
        TEST_STATE / "scale",
        rasa=2,
        actions=2,
        tracker_store_url=create_database(postgres_server_url, "encore_scale"),
        lock_store_url=f"redis://127.0.0.1:{redis_port}/2",
    )
    try:
        cluster.start(timeout_factor=START_TIMEOUT_FACTOR)
    except ServiceError as exc:
        pytest.fail(f"the scale-out layout did not start: {exc}")
    try:
        yield cluster
    finally:
        cluster.stop()
