"""One place that reads Encore's configuration from the environment.

Values come from the process environment first, then from an optional ``.env`` file at the
repository root (git-ignored; ``./encore`` generates one with random secrets on first run).
Every variable is documented in the "Settings" table of docs/settings.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

ROOT = Path(__file__).resolve().parent.parent
DOTENV = ROOT / ".env"
STATE_DIR = ROOT / ".encore"


def models_dir() -> Path:
    """Where trained artifacts live (Rasa model, FAQ index, parser, recommender): ENCORE_MODELS_DIR
    or models/."""
    return Path(os.environ.get("ENCORE_MODELS_DIR") or ROOT / "models")


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
    """Build :class:`Settings` from ``env`` (default: ``os.environ`` over ``.env``)."""
    if env is None:
        merged = read_dotenv()
        merged.update(os.environ)
        env = merged

    def get(name: str, default: str) -> str:
        value = env.get(name, "")
        return value if value.strip() else default

    host = get("NEO4J_HOST", "127.0.0.1")
    port = int(get("NEO4J_BOLT_PORT", "7687"))
    external_uri = env.get("NEO4J_URI", "").strip()
    return Settings(
        neo4j_uri=external_uri or f"bolt://{host}:{port}",
        neo4j_external=bool(external_uri),
        neo4j_user=get("NEO4J_USER", "neo4j"),
        neo4j_password=env.get("NEO4J_PASSWORD", ""),
        neo4j_database=env.get("NEO4J_DATABASE") or None,
        neo4j_host=host,
        neo4j_port=port,
        neo4j_home=Path(get("NEO4J_HOME", str(STATE_DIR / "neo4j"))),
        neo4j_heap=get("NEO4J_HEAP", "1g"),
        neo4j_query_timeout=float(get("NEO4J_QUERY_TIMEOUT", "5")),
        rasa_host=get("RASA_HOST", "127.0.0.1"),
        rasa_port=int(get("RASA_PORT", "5005")),
        rasa_token=env.get("RASA_TOKEN", ""),
        actions_host=get("ACTIONS_HOST", "127.0.0.1"),
        actions_port=int(get("ACTIONS_PORT", "5055")),
        kb_path=Path(get("ENCORE_KB", str(ROOT / "kg" / "data" / "wikimovies" / "kb.txt.gz"))),
        web_host=get("WEB_HOST", "127.0.0.1"),
        web_port=int(get("WEB_PORT", "8080")),
        tracker_store_url=env.get("TRACKER_STORE_URL", "").strip(),
        user_store_url=env.get("USER_STORE_URL", "").strip(),
        lock_store_url=env.get("LOCK_STORE_URL", "").strip(),
        session_messages=int(get("ENCORE_SESSION_MESSAGES", "20")),
        tracker_cache=int(get("ENCORE_TRACKER_CACHE", "256")),
        console_host=get("CONSOLE_HOST", "127.0.0.1"),
        console_port=int(get("CONSOLE_PORT", "8082")),
        console_token=env.get("ENCORE_CONSOLE_TOKEN", "").strip(),
    )
