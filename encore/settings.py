"""One place that reads and checks Encore's configuration, for every process.

The action server, the Rasa server's plugins (``rasa_plugins/``) and the command line all ask this
module for their settings, never ``os.environ``: a value is taken from the process environment
first, then from an optional ``.env`` file at the repository root (git-ignored; ``bin/encore``
generates one with random secrets on first run). So a value written in ``.env`` reaches every
process, and one exported in the shell overrides it.

:data:`VARIABLES` declares each variable once: its type, default, allowed values and meaning.
The "Settings" table of docs/settings.md lists the same names (a unit test compares them).
:func:`setting` gives one variable's typed value; :func:`setting_values` reads and checks them
all, which every process does when it starts (``bin/encore``, the action server's ``actions``
package, the Rasa server's tracker store), so a bad value stops it at once with a
:class:`SettingsError` that names the variable, its value and what it must be, instead of
failing (or being ignored) at the first message that needs it.

Plain dataclasses rather than pydantic-settings, because this module is imported both by the
Rasa server (Rasa 3.6 pins pydantic 1) and by the action server (pydantic 2), so it uses the
standard library only.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Optional

ROOT = Path(__file__).resolve().parent.parent
DOTENV = ROOT / ".env"
STATE_DIR = ROOT / ".encore"

SIZE = r"\d+[kKmMgG]?"  # a memory size as Java and neo4j.conf read it: 512m, 1g, plain bytes
TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


class SettingsError(ValueError):
    """Settings with bad values; the message has one line per variable, naming it."""


@dataclass(frozen=True)
class Var:
    """One variable: ``kind`` is str, int, float, bool or Path (relative paths are taken from the
    repository root); ``default`` is the value when it is unset or blank (``None``: unset, the
    module that reads it decides). A value outside ``choices``, ``pattern`` (described to the user
    as ``form``), ``minimum``/``maximum`` (inclusive) or, with ``positive``, not above 0 is an error."""

    name: str
    kind: type
    default: Any
    doc: str
    choices: tuple[str, ...] = ()
    pattern: str = ""
    form: str = ""
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    positive: bool = False


def _port(name: str, default: int, doc: str) -> Var:
    return Var(name, int, default, doc, minimum=1, maximum=65535)


VARIABLES: tuple[Var, ...] = (
    # Neo4j: an external server when NEO4J_URI is set, else the local engine (encore/stack.py).
    Var("NEO4J_URI", str, "", "a Neo4j 5 server to use instead of the local engine",
        pattern=r"(bolt|neo4j)(\+s|\+ssc)?://\S+", form="a bolt:// or neo4j:// URI (+s or +ssc with TLS)"),
    Var("NEO4J_USER", str, "neo4j", "user for Neo4j"),
    Var("NEO4J_PASSWORD", str, "", "password for Neo4j (generated into .env)"),
    Var("NEO4J_DATABASE", str, None, "database name on an external server (unset: its default)"),
    Var("NEO4J_HOST", str, "127.0.0.1", "where the local engine listens"),
    _port("NEO4J_BOLT_PORT", 7687, "Bolt port of the local engine"),
    Var("NEO4J_HOME", Path, STATE_DIR / "neo4j", "data folder of the local engine"),
    Var("NEO4J_HEAP", str, "1g", "Java heap of the local engine",
        pattern=SIZE, form="a size such as 512m or 1g"),
    Var("NEO4J_PAGECACHE", str, "256m", "page cache of the local engine",
        pattern=SIZE, form="a size such as 256m or 1g"),
    Var("NEO4J_TX_MEMORY", str, None, "cap on the local engine's transaction memory (unset: none)",
        pattern=SIZE, form="a size such as 512m or 1g"),
    Var("NEO4J_QUERY_TIMEOUT", float, 5.0, "seconds one Cypher query may take in a chat turn", positive=True),
    # The servers (each binds to 127.0.0.1 unless told otherwise).
    Var("RASA_HOST", str, "127.0.0.1", "Rasa server address"),
    _port("RASA_PORT", 5005, "Rasa server port"),
    Var("RASA_TOKEN", str, "", "token for Rasa's HTTP API (generated into .env)"),
    Var("ACTIONS_HOST", str, "127.0.0.1", "action server address"),
    _port("ACTIONS_PORT", 5055, "action server port"),
    Var("WEB_HOST", str, "127.0.0.1", "where the web chat page is served"),
    _port("WEB_PORT", 8080, "port of the web chat page"),
    Var("CONSOLE_HOST", str, "127.0.0.1", "where the operators' console listens"),
    _port("CONSOLE_PORT", 8082, "port of the operators' console"),
    Var("ENCORE_CONSOLE_TOKEN", str, "", "the operators' token for the console (generated into .env)"),
    Var("SOCKETIO_SESSION_SECRET", str, "", "signs the web chat's session ids (generated into .env; "
        "the same on every Rasa server)", pattern=r"\S{16,}", form="at least 16 characters, no spaces"),
    # Storage (encore/channels.py, encore/user_store.py, rasa_plugins/tracker_store.py).
    Var("TRACKER_STORE_URL", str, "", "conversations: postgresql:// or sqlite:/// (unset: tracker.db)"),
    Var("USER_STORE_URL", str, "", "profiles and tickets (unset: TRACKER_STORE_URL, else users.db)"),
    Var("LOCK_STORE_URL", str, "", "Redis lock store for several Rasa servers (unset: in memory)"),
    Var("ENCORE_SESSION_MESSAGES", int, 20, "user messages per conversation session (0: no limit)",
        minimum=0),
    Var("ENCORE_TRACKER_CACHE", int, 256, "trackers the Rasa server keeps in memory (0: none)", minimum=0),
    # Files and start-up.
    Var("ENCORE_KB", Path, ROOT / "kg" / "data" / "wikimovies" / "kb.txt.gz", "triple file for the importer"),
    Var("ENCORE_MODELS_DIR", Path, ROOT / "models", "where trained artifacts are kept"),
    Var("ENCORE_PRELOAD", bool, True, "load the question parser when the action server starts"),
    Var("ENCORE_PYTHON", str, None, "the Python 3.10 bin/encore builds the Rasa server's environment with"),
    Var("ENCORE_ACTIONS_PYTHON", str, None,
        "the Python 3.12 bin/encore builds the action server's environment with"),
    # Messaging channels (deploy/channels.yml): enabled when all of their variables are set.
    Var("TELEGRAM_TOKEN", str, "", "Telegram bot token"),
    Var("TELEGRAM_BOT_NAME", str, "", "Telegram bot name"),
    Var("TELEGRAM_WEBHOOK_URL", str, "", "public HTTPS address of the Telegram webhook"),
    Var("SLACK_TOKEN", str, "", "Slack bot token"),
    Var("SLACK_SIGNING_SECRET", str, "", "Slack signing secret"),
    # Creative suggestions (creative/config.py).
    Var("ENCORE_GENERATOR_MODEL", str, "smollm2", "smollm2, a Hugging Face name, a model folder or a .gguf"),
    Var("ENCORE_GENERATOR_BACKEND", str, "auto", "what runs the generator",
        choices=("auto", "llama.cpp", "transformers")),
    Var("ENCORE_GENERATOR_CACHE", Path, ROOT / "models" / "generator",
        "where the transformers backend keeps its SmolLM2 copy"),
    Var("ENCORE_GENERATOR_LOAD", str, "startup", "load the generator at start-up or first use",
        choices=("startup", "first_use")),
    Var("ENCORE_GENERATOR_CANDIDATES", int, 4, "candidates sampled per request", minimum=1),
    Var("ENCORE_GENERATOR_OPTIONS", int, 3, "suggestions returned at most", minimum=1),
    Var("ENCORE_GENERATOR_MAX_NEW_TOKENS", int, 40, "length of taglines and ads", minimum=1),
    Var("ENCORE_GENERATOR_SCENE_MAX_NEW_TOKENS", int, 60, "length of scenes", minimum=1),
    Var("ENCORE_GENERATOR_TEMPERATURE", float, 0.9, "sampling temperature", positive=True),
    Var("ENCORE_GENERATOR_TOP_K", int, 50, "sampling: the k most likely tokens (0: all)", minimum=0),
    Var("ENCORE_GENERATOR_TOP_P", float, 0.95, "sampling: nucleus probability", positive=True, maximum=1),
    Var("ENCORE_GENERATOR_SEED", int, None, "a fixed sampling seed (unset: different text every time)",
        minimum=0),
    Var("ENCORE_GENERATOR_TIMEOUT", float, 20.0, "seconds a user waits at most for a suggestion",
        positive=True),
    Var("ENCORE_GENERATOR_CONCURRENCY", int, 1, "generations at once per action server", minimum=1),
    Var("ENCORE_GENERATOR_THREADS", int, 1, "threads per generation", minimum=1),
    Var("ENCORE_GENERATOR_WORKER", str, "process", "where generation runs", choices=("process", "thread")),
    Var("ENCORE_GENERATOR_NICE", int, 10, "the worker process's lower CPU priority", minimum=0, maximum=19),
    Var("ENCORE_EMOTION_SCORER", str, "vader", "what reranks suggestions", choices=("vader", "sentiment")),
    # Customer service (support/config.py); unset: the calibrated values in data/faq/gate.json.
    Var("FAQ_RETRIEVER", str, None, "the FAQ retriever",
        choices=("classifier", "hybrid", "bm25", "dense", "rrf")),
    Var("FAQ_CLASSIFIER_C", float, None, "the classifier's inverse regularisation strength", positive=True),
    Var("FAQ_ALPHA", float, None, "the hybrid's weight of the dense score", minimum=0, maximum=1),
    Var("FAQ_BM25_K", float, None, "BM25 score squashing constant", positive=True),
    Var("FAQ_RRF_WEIGHT", float, None, "weight of reciprocal-rank fusion in the hybrid", minimum=0),
    Var("FAQ_DENSE_POOL", int, None, "an entry's dense score: the mean of its N best phrasings", minimum=1),
    Var("FAQ_MARGIN_WEIGHT", float, None, "the gate's weight of the best score's lead", minimum=0),
    Var("FAQ_ANSWER_THRESHOLD", float, None, "answer at or above this confidence"),
    Var("FAQ_CLARIFY_THRESHOLD", float, None, "ask with buttons above this confidence"),
    Var("SENTIMENT_MODEL", str, "minilm", "the sentiment model of the creative reranker",
        pattern=r"minilm|vader|transformers:\S+", form="minilm, vader or transformers:<model name>"),
    Var("ENCORE_ENCODER_THREADS", int, 1, "onnxruntime threads of the MiniLM encoder", minimum=1),
    Var("ENCORE_SUPPORT_DIR", Path, None, "the customer service's state folder (unset: .encore/support)"),
    # Recommendations (recommender/).
    Var("ENCORE_RECOMMENDER", str, "hybrid", "the ranking of recommendations",
        choices=("hybrid", "ease", "als", "itemknn", "content", "popularity")),
    Var("ENCORE_RECOMMENDER_CF", str, "ease", "the collaborative model fitted into the artifacts",
        choices=("ease", "als", "itemknn", "popularity")),
    Var("ENCORE_RECOMMENDER_W_CF", float, 1.0, "the hybrid's collaborative weight", minimum=0),
    Var("ENCORE_RECOMMENDER_W_CONTENT", float, 0.03, "the hybrid's content weight", minimum=0),
    Var("ENCORE_RECOMMENDER_W_EMBEDDING", float, 0.015, "the hybrid's embedding weight", minimum=0),
    Var("ENCORE_RECOMMENDER_W_POPULARITY", float, 1.0, "the hybrid's popularity weight", minimum=0),
    Var("ENCORE_RECOMMEND_DIR", Path, None, "the recommender's state folder (unset: .encore/recommend)"),
    Var("ENCORE_DEMO_IDENTITIES", bool, False, "a sender id movielens:<n> is MovieLens user n, with "
        "their ratings (a demo: any client may claim it)"),
)  # fmt: skip
BY_NAME: Mapping[str, Var] = MappingProxyType({var.name: var for var in VARIABLES})


def read_dotenv(path: Path = DOTENV) -> dict[str, str]:
    """Parse a simple ``KEY=value`` file (comments and blank lines ignored, optional quotes)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


_dotenv_read: dict[Path, tuple[tuple[int, int], dict[str, str]]] = {}


def _dotenv() -> dict[str, str]:
    """``.env`` (:data:`DOTENV`), read again only when the file changed."""
    try:
        stat = DOTENV.stat()
    except OSError:
        return {}
    stamp = (stat.st_mtime_ns, stat.st_size)
    known = _dotenv_read.get(DOTENV)
    if known is None or known[0] != stamp:
        known = (stamp, read_dotenv(DOTENV))
        _dotenv_read[DOTENV] = known
    return known[1]


def environment() -> dict[str, str]:
    """The process environment over ``.env``: what settings are read from when no ``env`` is given."""
    return {**_dotenv(), **os.environ}


def _raw(name: str, env: Optional[Mapping[str, str]]) -> str:
    if env is not None:
        return env.get(name, "").strip()
    value = os.environ.get(name)
    return (value if value is not None else _dotenv().get(name, "")).strip()


def _where(name: str, env: Optional[Mapping[str, str]]) -> str:
    if env is not None:
        return ""
    return " (set in the environment)" if name in os.environ else " (set in .env)"


def _bounds(var: Var) -> str:
    parts = []
    if var.positive:
        parts.append("above 0")
    if var.minimum is not None:
        parts.append(f"at least {var.minimum:g}")
    if var.maximum is not None:
        parts.append(f"at most {var.maximum:g}")
    return " " + " and ".join(parts) if parts else ""


def parse(var: Var, raw: str) -> Any:
    """``raw`` (stripped; blank: unset) as ``var``'s typed value; :class:`SettingsError` naming it."""
    if not raw:
        return var.default
    if var.kind is bool:
        if raw.lower() in TRUE + FALSE:
            return raw.lower() in TRUE
        raise SettingsError(f"{var.name} must be 1 or 0 (or true/false, yes/no, on/off), not {raw!r}")
    if var.kind is int or var.kind is float:
        what = "a whole number" if var.kind is int else "a number"
        try:
            number = var.kind(raw)
        except ValueError:
            number = None
        if (
            number is None
            or number != number  # nan
            or (var.positive and number <= 0)
            or (var.minimum is not None and number < var.minimum)
            or (var.maximum is not None and number > var.maximum)
        ):
            raise SettingsError(f"{var.name} must be {what}{_bounds(var)}, not {raw!r}")
        return number
    if var.kind is Path:
        path = Path(raw).expanduser()
        return path if path.is_absolute() else ROOT / path
    if var.choices and raw not in var.choices:
        raise SettingsError(f"{var.name} must be one of {', '.join(var.choices)}, not {raw!r}")
    if var.pattern and not re.fullmatch(var.pattern, raw):
        raise SettingsError(f"{var.name} must be {var.form}, not {raw!r}")
    return raw


def setting(name: str, env: Optional[Mapping[str, str]] = None) -> Any:
    """The typed value of the variable ``name`` (one of :data:`VARIABLES`) from ``env``, by
    default the process environment over ``.env``. A given ``env`` is the whole environment (tests)."""
    var = BY_NAME[name]
    raw = _raw(name, env)
    try:
        return parse(var, raw)
    except SettingsError as exc:
        raise SettingsError(f"{exc}{_where(name, env)}") from None


@functools.lru_cache(maxsize=16)
def _checked(raw: tuple[str, ...]) -> Mapping[str, Any]:
    values: dict[str, Any] = {}
    problems: list[str] = []
    for var, text in zip(VARIABLES, raw):
        try:
            values[var.name] = parse(var, text)
        except SettingsError as exc:
            problems.append(str(exc))
    if problems:
        raise SettingsError("\n".join(problems))
    return MappingProxyType(values)


def setting_values(env: Optional[Mapping[str, str]] = None) -> Mapping[str, Any]:
    """Every variable's typed value by name, from ``env`` (default: the process environment over
    ``.env``), checked together: :class:`SettingsError` with one line per bad variable."""
    raw = tuple(_raw(var.name, env) for var in VARIABLES)
    try:
        return _checked(raw)
    except SettingsError:
        problems = []
        for var, text in zip(VARIABLES, raw):
            try:
                parse(var, text)
            except SettingsError as exc:
                problems.append(f"{exc}{_where(var.name, env)}")
        raise SettingsError("\n".join(problems)) from None


def models_dir() -> Path:
    """Where trained artifacts live (Rasa model, FAQ index, parser, recommender): ENCORE_MODELS_DIR
    or models/."""
    return Path(setting("ENCORE_MODELS_DIR"))


@dataclass(frozen=True)
class Settings:
    # Neo4j: an external server when NEO4J_URI is set, else the local embedded engine.
    neo4j_uri: str
    neo4j_external: bool
    neo4j_user: str
    neo4j_password: str
    neo4j_database: Optional[str]
    neo4j_host: str
    neo4j_port: int
    neo4j_home: Path
    neo4j_heap: str
    neo4j_query_timeout: float
    # Rasa server and action server (both bind to 127.0.0.1 unless told otherwise).
    rasa_host: str
    rasa_port: int
    rasa_token: str
    actions_host: str
    actions_port: int
    # Where the WikiMovies triples are read from by the importer.
    kb_path: Path
    # Web chat page, conversation storage and lock store (see encore/channels.py).
    web_host: str = "127.0.0.1"
    web_port: int = 8080
    tracker_store_url: str = ""
    user_store_url: str = ""  # profiles and tickets (encore/user_store.py); unset: see Stack.user_store_url
    lock_store_url: str = ""
    # User messages per conversation session before the next one starts, slots carried over
    # (rasa_plugins/tracker_store.py); 0: sessions end only after Rasa's expiry time.
    session_messages: int = 20
    # Conversations whose trackers the Rasa server keeps in memory between messages, read back
    # only when the database changed (rasa_plugins/tracker_store.py); 0: read every message.
    tracker_cache: int = 256
    # Memory of the local engine besides its heap (read by its launcher from its environment).
    neo4j_pagecache: str = "256m"
    neo4j_tx_memory: Optional[str] = None
    # State folders of the customer service and the recommender; None: the stack's state folder.
    support_dir: Optional[Path] = None
    recommend_dir: Optional[Path] = None
    # The operators' console (encore/console/): loopback only unless told otherwise, and closed
    # without the token.
    console_host: str = "127.0.0.1"
    console_port: int = 8082
    console_token: str = ""

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.actions_host}:{self.actions_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.web_host}:{self.web_port}"

    @property
    def console_url(self) -> str:
        return f"http://{self.console_host}:{self.console_port}"


def load_settings(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Build :class:`Settings` from ``env`` (default: ``os.environ`` over ``.env``), every variable
    checked (:func:`setting_values`)."""
    v = setting_values(env)
    host, port, external_uri = v["NEO4J_HOST"], v["NEO4J_BOLT_PORT"], v["NEO4J_URI"]
    return Settings(
        neo4j_uri=external_uri or f"bolt://{host}:{port}",
        neo4j_external=bool(external_uri),
        neo4j_user=v["NEO4J_USER"],
        neo4j_password=v["NEO4J_PASSWORD"],
        neo4j_database=v["NEO4J_DATABASE"],
        neo4j_host=host,
        neo4j_port=port,
        neo4j_home=v["NEO4J_HOME"],
        neo4j_heap=v["NEO4J_HEAP"],
        neo4j_query_timeout=v["NEO4J_QUERY_TIMEOUT"],
        rasa_host=v["RASA_HOST"],
        rasa_port=v["RASA_PORT"],
        rasa_token=v["RASA_TOKEN"],
        actions_host=v["ACTIONS_HOST"],
        actions_port=v["ACTIONS_PORT"],
        kb_path=v["ENCORE_KB"],
        web_host=v["WEB_HOST"],
        web_port=v["WEB_PORT"],
        tracker_store_url=v["TRACKER_STORE_URL"],
        user_store_url=v["USER_STORE_URL"],
        lock_store_url=v["LOCK_STORE_URL"],
        session_messages=v["ENCORE_SESSION_MESSAGES"],
        tracker_cache=v["ENCORE_TRACKER_CACHE"],
        neo4j_pagecache=v["NEO4J_PAGECACHE"],
        neo4j_tx_memory=v["NEO4J_TX_MEMORY"],
        support_dir=v["ENCORE_SUPPORT_DIR"],
        recommend_dir=v["ENCORE_RECOMMEND_DIR"],
        console_host=v["CONSOLE_HOST"],
        console_port=v["CONSOLE_PORT"],
        console_token=v["ENCORE_CONSOLE_TOKEN"],
    )
