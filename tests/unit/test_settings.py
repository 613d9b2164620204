"""encore.settings: the table of variables, the docs' table, ``.env`` under the environment, and
the errors that name a bad variable. The Rasa server's tracker store is checked in the Rasa
environment (a subprocess), like tests/unit/test_tracker_store.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Callable

import pytest

import encore.settings as settings_module
from encore.settings import (
    BY_NAME,
    ROOT,
    VARIABLES,
    SettingsError,
    load_settings,
    read_dotenv,
    setting,
    setting_values,
)

WriteDotenv = Callable[..., Path]
PORT = "must be a whole number at least 1 and at most 65535"


@pytest.fixture
def dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WriteDotenv:
    """Write ``NAME=value`` lines into a ``.env`` that settings read instead of the repository's,
    with those names removed from the process environment."""
    path = tmp_path / ".env"
    monkeypatch.setattr(settings_module, "DOTENV", path)

    def write(**values: str) -> Path:
        for name in values:
            monkeypatch.delenv(name, raising=False)
        path.write_text("".join(f"{name}={value}\n" for name, value in values.items()))
        return path

    return write


def test_defaults_point_at_the_local_engine() -> None:
    s = load_settings({"NEO4J_PASSWORD": "secret123"})
    assert s.neo4j_uri == "bolt://127.0.0.1:7687" and not s.neo4j_external
    assert (s.rasa_host, s.actions_host, s.neo4j_host) == ("127.0.0.1",) * 3
    assert s.neo4j_user == "neo4j"


def test_neo4j_uri_means_an_external_server() -> None:
    s = load_settings({"NEO4J_URI": "neo4j+s://abc.databases.neo4j.io", "NEO4J_USER": "me"})
    assert s.neo4j_external and s.neo4j_uri == "neo4j+s://abc.databases.neo4j.io"
    assert s.neo4j_user == "me"


def test_dotenv_parsing(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("# comment\nA=1\nB = 'two words'\n\nC=\"x=y\"\nnot a line\n")
    assert read_dotenv(path) == {"A": "1", "B": "two words", "C": "x=y"}
    assert read_dotenv(tmp_path / "missing") == {}


# -- the table ------------------------------------------------------------------------------------


def docs_table_names() -> list[str]:
    """The variables named in the first column of the "Settings" table of docs/settings.md."""
    lines = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("| variable | default | meaning |")
    names = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        names += re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1])
    return names


def test_the_docs_table_names_exactly_the_variables_of_the_code() -> None:
    documented = docs_table_names()
    assert len(documented) == len(set(documented)), "a variable has two rows in docs/settings.md"
    assert sorted(set(documented) - set(BY_NAME)) == [], "documented, unknown to encore/settings.py"
    assert sorted(set(BY_NAME) - set(documented)) == [], "in encore/settings.py, not in docs/settings.md"
    assert len(BY_NAME) == len(VARIABLES), "a variable is declared twice"


def test_every_default_is_a_valid_value_of_its_own_variable() -> None:
    for var in VARIABLES:
        if var.default is None or var.kind is Path:
            continue
        text = str(int(var.default)) if var.kind is bool else str(var.default)
        assert setting(var.name, {var.name: text}) == var.default, var.name


def test_the_choices_are_the_registered_implementations() -> None:
    from creative.scoring import SCORERS
    from recommender.models import REGISTRY

    assert set(BY_NAME["ENCORE_RECOMMENDER"].choices) == set(REGISTRY)
    assert set(BY_NAME["ENCORE_RECOMMENDER_CF"].choices) < set(REGISTRY)
    assert set(BY_NAME["ENCORE_EMOTION_SCORER"].choices) == set(SCORERS)


def test_capability_defaults_in_code_match_the_table() -> None:
    from creative.config import GeneratorConfig, load_generator_config
    from recommender.ranking import Weights

    assert load_generator_config({}) == GeneratorConfig()
    assert Weights.from_env({}) == Weights()


def test_values_are_typed() -> None:
    raw = {"RASA_PORT": " 5100 ", "NEO4J_QUERY_TIMEOUT": "2.5", "ENCORE_PRELOAD": "no", "ENCORE_KB": "kb.txt"}
    v = setting_values(raw)
    assert (v["RASA_PORT"], v["NEO4J_QUERY_TIMEOUT"], v["ENCORE_PRELOAD"]) == (5100, 2.5, False)
    assert v["ENCORE_KB"] == ROOT / "kb.txt"  # relative paths are taken from the repository root
    assert v["ENCORE_GENERATOR_SEED"] is None and v["ENCORE_TRACKER_CACHE"] == 256
    assert setting("ENCORE_SESSION_MESSAGES", {"ENCORE_SESSION_MESSAGES": "   "}) == 20  # blank: unset


# -- .env under the environment ---------------------------------------------------------------


class _Linker:
    pass


def test_a_dotenv_value_reaches_the_recommender(dotenv: WriteDotenv, tmp_path: Path) -> None:
    from recommender.ranking import Weights
    from recommender.service import RecommenderService

    dotenv(
        ENCORE_RECOMMENDER="content",
        ENCORE_RECOMMENDER_W_CONTENT="0.5",
        ENCORE_RECOMMEND_DIR=str(tmp_path / "recommend"),
    )
    service = RecommenderService(_Linker)  # type: ignore[arg-type]
    assert service.name == "content"
    assert service.weights == Weights(content=0.5)
    assert service.store.root == tmp_path / "recommend"


def test_a_dotenv_value_reaches_the_encoder(dotenv: WriteDotenv, monkeypatch: pytest.MonkeyPatch) -> None:
    from minilm import encoder

    built: list[int] = []

    class FakeEncoder:
        def __init__(self, directory: Path, threads: int) -> None:
            built.append(threads)

    monkeypatch.setattr(encoder, "OnnxEncoder", FakeEncoder)
    monkeypatch.setattr(encoder, "_encoders", {})
    dotenv(ENCORE_ENCODER_THREADS="3")
    encoder.shared_encoder(Path("somewhere"))
    assert built == [3]


def test_dotenv_values_reach_the_other_capabilities(dotenv: WriteDotenv, tmp_path: Path) -> None:
    from actions.services import preload_enabled
    from creative.config import load_generator_config
    from encore.user_store import configured_url
    from support.config import load_config

    dotenv(
        ENCORE_PRELOAD="0",
        ENCORE_GENERATOR_WORKER="thread",
        ENCORE_GENERATOR_SEED="7",
        FAQ_RETRIEVER="bm25",
        SENTIMENT_MODEL="vader",
        ENCORE_SUPPORT_DIR=str(tmp_path / "support"),
        USER_STORE_URL="sqlite:////srv/users.db",
        ENCORE_TRACKER_CACHE="12",
        RASA_PORT="5123",
    )
    assert preload_enabled() is False
    assert (load_generator_config().worker, load_generator_config().seed) == ("thread", 7)
    support = load_config()
    assert (support.retriever, support.sentiment_model, support.data_dir) == (
        "bm25", "vader", tmp_path / "support",
    )  # fmt: skip
    assert configured_url() == ("USER_STORE_URL", "sqlite:////srv/users.db")
    s = load_settings()
    assert (s.tracker_cache, s.rasa_port, s.support_dir) == (12, 5123, tmp_path / "support")


def test_the_environment_wins_over_dotenv(dotenv: WriteDotenv, monkeypatch: pytest.MonkeyPatch) -> None:
    from recommender.service import RecommenderService

    dotenv(ENCORE_RECOMMENDER="content", ENCORE_TRACKER_CACHE="12")
    monkeypatch.setenv("ENCORE_RECOMMENDER", "popularity")
    assert RecommenderService(_Linker).name == "popularity"  # type: ignore[arg-type]
    assert load_settings().tracker_cache == 12  # the other one still comes from .env
    monkeypatch.setenv("ENCORE_TRACKER_CACHE", "5")
    assert load_settings().tracker_cache == 5


def test_an_edited_dotenv_is_read_again(dotenv: WriteDotenv) -> None:
    dotenv(ENCORE_RECOMMENDER="content")
    assert setting("ENCORE_RECOMMENDER") == "content"
    dotenv(ENCORE_RECOMMENDER="popularity")  # another size: a new file for the stat check
    assert setting("ENCORE_RECOMMENDER") == "popularity"


# -- errors that name the variable ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("RASA_PORT", "abc", f"RASA_PORT {PORT}, not 'abc'"),
        ("WEB_PORT", "70000", f"WEB_PORT {PORT}, not '70000'"),
        ("NEO4J_BOLT_PORT", "0", f"NEO4J_BOLT_PORT {PORT}, not '0'"),
        ("ENCORE_ENCODER_THREADS", "two",
         "ENCORE_ENCODER_THREADS must be a whole number at least 1, not 'two'"),
        ("ENCORE_TRACKER_CACHE", "-1", "ENCORE_TRACKER_CACHE must be a whole number at least 0, not '-1'"),
        ("ENCORE_GENERATOR_CANDIDATES", "-3",
         "ENCORE_GENERATOR_CANDIDATES must be a whole number at least 1, not '-3'"),
        ("NEO4J_QUERY_TIMEOUT", "soon", "NEO4J_QUERY_TIMEOUT must be a number above 0, not 'soon'"),
        ("ENCORE_GENERATOR_TIMEOUT", "0", "ENCORE_GENERATOR_TIMEOUT must be a number above 0, not '0'"),
        ("ENCORE_RECOMMENDER", "foo",
         "ENCORE_RECOMMENDER must be one of hybrid, ease, als, itemknn, content, popularity, not 'foo'"),
        ("ENCORE_GENERATOR_BACKEND", "foo",
         "ENCORE_GENERATOR_BACKEND must be one of auto, llama.cpp, transformers, not 'foo'"),
        ("FAQ_RETRIEVER", "tfidf",
         "FAQ_RETRIEVER must be one of classifier, hybrid, bm25, dense, rrf, not 'tfidf'"),
        ("SENTIMENT_MODEL", "bert",
         "SENTIMENT_MODEL must be minilm, vader or transformers:<model name>, not 'bert'"),
        ("NEO4J_HEAP", "lots", "NEO4J_HEAP must be a size such as 512m or 1g, not 'lots'"),
        ("ENCORE_PRELOAD", "maybe",
         "ENCORE_PRELOAD must be 1 or 0 (or true/false, yes/no, on/off), not 'maybe'"),
    ],
)  # fmt: skip
def test_a_bad_value_is_an_error_naming_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as one:
        setting(name, {name: value})
    assert str(one.value) == message
    with pytest.raises(SettingsError) as every:
        setting_values({name: value})
    assert str(every.value) == message


def test_every_bad_value_is_named_and_where_it_was_set(
    dotenv: WriteDotenv, monkeypatch: pytest.MonkeyPatch
) -> None:
    dotenv(ENCORE_RECOMMENDER="foo")
    monkeypatch.setenv("ACTIONS_PORT", "http")
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert str(info.value).splitlines() == [
        f"ACTIONS_PORT {PORT}, not 'http' (set in the environment)",
        "ENCORE_RECOMMENDER must be one of hybrid, ease, als, itemknn, content, popularity, not 'foo'"
        " (set in .env)",
    ]


def test_capability_modules_refuse_a_bad_value(dotenv: WriteDotenv) -> None:
    from creative.config import load_generator_config
    from recommender.service import RecommenderService

    with pytest.raises(SettingsError, match=r"^ENCORE_GENERATOR_WORKER must be one of process, thread"):
        load_generator_config({"ENCORE_GENERATOR_WORKER": "fork"})
    dotenv(ENCORE_RECOMMENDER="foo")
    expected = r"^ENCORE_RECOMMENDER must be one of .*, not 'foo' \(set in \.env\)$"
    with pytest.raises(SettingsError, match=expected):
        RecommenderService(_Linker)  # type: ignore[arg-type]


def test_the_command_line_stops_on_a_bad_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from encore import cli

    started: list[Any] = []
    monkeypatch.setattr(cli, "ensure_dotenv", lambda: None)
    monkeypatch.setattr(cli, "cmd_status", started.append)
    monkeypatch.setenv("RASA_PORT", "50o5")
    assert cli.main(["status"]) == 2
    assert started == []
    assert capsys.readouterr().err == f"error: RASA_PORT {PORT}, not '50o5' (set in the environment)\n"


def test_the_action_server_stops_on_a_bad_value(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ENCORE_GENERATOR_BACKEND": "onnx"}
    command = [sys.executable, "-c", "import actions"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "encore.settings.SettingsError: ENCORE_GENERATOR_BACKEND must be one of auto, llama.cpp,"
        " transformers, not 'onnx' (set in the environment)"
    )


# -- the Rasa server ------------------------------------------------------------------------------

TRACKER_STORE = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    import encore.settings
    from rasa.shared.core.domain import Domain
    from rasa_plugins.tracker_store import ErasingSQLTrackerStore

    encore.settings.DOTENV = Path(sys.argv[2])

    def store():
        return ErasingSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=sys.argv[1])

    def read():
        s = store()
        return s.session_messages, s.cached_conversations

    assert read() == (7, 12), read()  # both from .env
    os.environ["ENCORE_TRACKER_CACHE"] = "5"
    assert read() == (7, 5), read()  # the environment wins
    os.environ["ENCORE_TRACKER_CACHE"] = "-2"
    try:
        store()
    except encore.settings.SettingsError as exc:
        assert str(exc) == (
            "ENCORE_TRACKER_CACHE must be a whole number at least 0, not '-2' (set in the environment)"
        ), str(exc)
    else:
        raise AssertionError("a negative ENCORE_TRACKER_CACHE was taken")
    print("ok")
    """
)


def test_the_tracker_store_reads_dotenv_under_the_environment(tmp_path: Path) -> None:
    from tests.rasa_env import run_in_rasa

    dotenv = tmp_path / ".env"
    dotenv.write_text("ENCORE_SESSION_MESSAGES=7\nENCORE_TRACKER_CACHE=12\n")
    run_in_rasa(
        TRACKER_STORE, str(tmp_path / "tracker.db"), str(dotenv),
        unset=("ENCORE_SESSION_MESSAGES", "ENCORE_TRACKER_CACHE"),
    )  # fmt: skip
