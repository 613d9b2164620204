"""Fixtures shared by the unit tests of the actions: the dispatcher and the domain as a dict."""

from typing import Any

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from encore.settings import ROOT


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture(scope="module")
def intent_names(domain: dict[str, Any]) -> set[str]:
    """The domain's intents by name (an intent with properties is a one-key mapping)."""
    return {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
