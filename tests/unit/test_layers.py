"""The import direction of the layers (docs/architecture.md), read from the source with ``ast``.

base (``encore.settings``, ``encore.artifacts``, ``encore.user_store``, ``encore.user_database``,
``encore.lazy``, ``encore.session_ids``, ``encore.feedback``, ``minilm``)
<- capabilities
(``kg``, ``faq``, ``sentiment``, ``support``, ``recommender``, ``creative``) <- server plugins
(``actions`` on the action server, ``rasa_plugins`` in the Rasa server) <- operations (the rest of
``encore``: CLI, stack, web page).
A module imports only from layers below its own, plus the capabilities listed in
``CAPABILITY_DEPS`` (a graph without cycles). Only ``rasa_plugins`` imports ``rasa``; only
``actions`` imports ``rasa_sdk``.
"""

from __future__ import annotations

import ast
from typing import Iterator, Optional

import pytest

from encore.settings import ROOT

BASE = 0
CAPABILITY = 1
PLUGIN = 2
OPERATIONS = 3
# What each capability may import of the others (everything may import the base).
CAPABILITY_DEPS: dict[str, set[str]] = {
    "kg": set(),
    "faq": set(),
    "sentiment": {"faq"},  # the FAQ questions are neutral training examples
    "support": {"faq", "sentiment"},  # retrieval, and the tone of a reply
    "recommender": {"kg"},  # the catalogue and the ratings are in the graph
    "creative": {"kg", "sentiment"},  # grounding in a film's facts; scoring the emotion
}
PACKAGES = ["minilm", "encore", *CAPABILITY_DEPS, "actions", "rasa_plugins"]


BASE_MODULES = (
    "encore.settings",
    "encore.artifacts",
    "encore.user_store",
    "encore.user_database",
    "encore.lazy",
    "encore.session_ids",
    "encore.feedback",
)


def layer(module: str) -> Optional[int]:
    """The layer of a project module (dotted name), or None for anything else."""
    top = module.split(".")[0]
    if module in BASE_MODULES or top == "minilm":
        return BASE
    if top in CAPABILITY_DEPS:
        return CAPABILITY
    if top in ("actions", "rasa_plugins"):
        return PLUGIN
    if top == "encore":
        return OPERATIONS
    return None


def wrong_way(importer: str, imported: str) -> Optional[str]:
    """Why ``importer`` must not import ``imported``, or None when it may."""
    top, target = importer.split(".")[0], imported.split(".")[0]
    if (target == "rasa") and top != "rasa_plugins":
        return "only rasa_plugins imports rasa"
    if target == "rasa_sdk" and top != "actions":
        return "only actions imports rasa_sdk"
    mine, theirs = layer(importer), layer(imported)
    if mine is None or theirs is None or top == target:
        return None
    if theirs < mine or mine == theirs == BASE:
        return None
    if mine == theirs == CAPABILITY and target in CAPABILITY_DEPS[top]:
        return None
    return f"layer {mine} ({top}) imports layer {theirs} ({target})"


def project_imports() -> Iterator[tuple[str, str, int]]:
    """(importing module, imported module, line) for every absolute import in the packages."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    for alias in node.names:
                        yield module, alias.name, node.lineno
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    yield module, node.module, node.lineno


def test_no_import_goes_the_wrong_way() -> None:
    wrong = [
        f"{importer} line {line}: imports {imported} ({why})"
        for importer, imported, line in project_imports()
        if (why := wrong_way(importer, imported))
    ]
    assert wrong == []


def test_the_capability_graph_has_no_cycle() -> None:
    seen: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join((*path, name))
        if name in seen:
            return
        for dep in CAPABILITY_DEPS[name]:
            visit(dep, (*path, name))
        seen.add(name)

    for name in CAPABILITY_DEPS:
        visit(name, ())


@pytest.mark.parametrize(
    ("importer", "imported", "allowed"),
    [
        ("kg.qa", "encore.settings", True),
        ("kg.qa", "encore.stack", False),  # a capability reaching up into the CLI
        ("sentiment.data", "support.config", False),  # the old cycle sentiment <-> support
        ("support.service", "sentiment.models", True),
        ("recommender.service", "creative.runtime", False),
        ("creative.grounding", "kg.graph", True),
        ("minilm.encoder", "kg.graph", False),  # the base imports no capability
        ("minilm.encoder", "encore.settings", True),
        ("minilm.encoder", "encore.cli", False),
        ("support.store", "encore.user_store", True),  # the user store is base
        ("recommender.profiles", "encore.user_store", True),
        ("encore.user_store", "encore.settings", True),
        ("encore.user_store", "support.store", False),
        ("actions.knowledge", "kg.qa", True),
        ("actions.knowledge", "rasa_plugins.intent", False),
        ("kg.qa", "actions.understand", False),
        ("support.service", "rasa.core", False),
        ("rasa_plugins.sentiment", "rasa.engine.graph", True),
        ("rasa_plugins.sentiment", "sentiment.trail", True),
        ("kg.qa", "rasa_sdk", False),
        ("encore.stack", "kg.importer", True),
    ],
)
def test_the_rule_itself(importer: str, imported: str, allowed: bool) -> None:
    assert (wrong_way(importer, imported) is None) is allowed
