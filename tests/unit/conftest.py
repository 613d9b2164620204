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
