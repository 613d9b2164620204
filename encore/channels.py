"""The Rasa server's effective ``credentials.yml`` and ``endpoints.yml`` for one stack.

Rasa interpolates ``${VAR}`` in both files and fails when a variable is unset, so the
committed files name no secret. ``bin/encore`` writes the files it actually runs with into
the stack's state folder:

- credentials: ``credentials.yml`` plus every messaging channel of ``deploy/channels.yml``
  whose environment variables are all set. The channel entries keep their ``${VAR}``
  placeholders: Rasa reads the tokens from its environment, and they never reach a file.
- endpoints: the action server of this stack, a SQL tracker store (a SQLite file in the
  state folder, or ``TRACKER_STORE_URL``; Rasa's ``SQLTrackerStore`` with erasure after
  "delete my data", :mod:`rasa_plugins.tracker_store`) and, with ``LOCK_STORE_URL``, a Redis lock
  store.

Every function here is pure except :func:`write_yaml`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping, Optional
from urllib.parse import unquote, urlsplit

import yaml

from encore.database_url import DatabaseURLError, read_database_url
from encore.procs import ServiceError
from encore.settings import ROOT, Settings

CREDENTIALS = ROOT / "credentials.yml"
CHANNEL_TEMPLATES = ROOT / "deploy" / "channels.yml"
PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Rasa's SQLTrackerStore plus erasure after "delete my data" (loaded by the Rasa server).
TRACKER_STORE_TYPE = "rasa_plugins.tracker_store.ErasingSQLTrackerStore"


class ConfigError(ServiceError):
    """A setting cannot be turned into a Rasa configuration (the message says which)."""


def placeholders(value: Any) -> set[str]:
    """The ``${VAR}`` names used anywhere in a YAML value."""
    if isinstance(value, str):
        return set(PLACEHOLDER.findall(value))
    if isinstance(value, Mapping):
        return set().union(*(placeholders(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(placeholders(v) for v in value)) if value else set()
    return set()


def enabled_channels(templates: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    """The channel entries of ``templates`` whose ``${VAR}``s are all set (non-empty) in ``env``."""
    return {
        name: config
        for name, config in templates.items()
        if all(env.get(var, "").strip() for var in placeholders(config))
    }


def credentials_config(
    base: Mapping[str, Any], templates: Mapping[str, Any], env: Mapping[str, str]
) -> dict[str, Any]:
    """``base`` (the committed credentials) plus the channels that can be enabled."""
    out = dict(base)
    for name, config in enabled_channels(templates, env).items():
        out.setdefault(name, config)
    return out


def channel_env(templates: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, str]:
    """The variables the enabled channels read, for the Rasa server's environment."""
    names = set().union(*(placeholders(c) for c in enabled_channels(templates, env).values()), set())
    return {name: env[name] for name in sorted(names)}


def tracker_store_config(url: str, sqlite_path: Path) -> dict[str, Any]:
    """Rasa's SQL tracker store: ``url`` (``postgresql://user:pass@host:5432/db`` or
    ``sqlite:///path``), or the SQLite file ``sqlite_path`` when ``url`` is empty."""
    if not url:
        return {"type": TRACKER_STORE_TYPE, "dialect": "sqlite", "db": str(sqlite_path)}
    try:
        read = read_database_url(url, "TRACKER_STORE_URL")
    except DatabaseURLError as exc:
        raise ConfigError(str(exc)) from None
    if read.dialect == "sqlite":
        return {"type": TRACKER_STORE_TYPE, "dialect": "sqlite", "db": read.database}
    config: dict[str, Any] = {
        "type": TRACKER_STORE_TYPE,
        "dialect": read.dialect,
        "url": read.host,
        "port": read.port or 5432,
        "db": read.database,
    }
    if read.username:
        config["username"] = read.username
    if read.password:
        config["password"] = read.password
    return config


def lock_store_config(url: str) -> Optional[dict[str, Any]]:
    """Rasa's Redis lock store for ``redis://[:password@]host[:port][/db]``; ``None`` if unset."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ConfigError("LOCK_STORE_URL: use redis://[:password@]host[:port][/db]")
    db = parts.path.lstrip("/") or "1"
    if not db.isdigit():
        raise ConfigError(f"LOCK_STORE_URL: the database must be a number, not {db!r}")
    config: dict[str, Any] = {
        "type": "redis",
        "url": parts.hostname,
        "port": parts.port or 6379,
        "db": int(db),
        "key_prefix": "encore",
    }
    if parts.password:
        config["password"] = unquote(parts.password)
    if parts.scheme == "rediss":
        config["use_ssl"] = True
    return config


def endpoints_config(settings: Settings, state: Path) -> dict[str, Any]:
    """The endpoints of one stack: its action server, tracker store and lock store."""
    config: dict[str, Any] = {
        "action_endpoint": {
            "url": f"http://{settings.actions_host}:{settings.actions_port}/webhook",
            # Send the domain only to actions that ask for it: it is the largest part of a call.
            "enable_selective_domain": True,
        },
        "tracker_store": {
            **tracker_store_config(settings.tracker_store_url, state / "tracker.db"),
            "session_messages": settings.session_messages,
            "cached_conversations": settings.tracker_cache,
        },
    }
    lock_store = lock_store_config(settings.lock_store_url)
    if lock_store:
        config["lock_store"] = lock_store
    return config


def load_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def write_yaml(path: Path, data: Mapping[str, Any], header: str) -> Path:
    """Write ``data`` to ``path`` (owner-only: it may hold a database password)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"# {header}\n# Written by bin/encore from the settings; edits are overwritten.\n"
    # Rasa reads ``key:`` with no value as "no options"; yaml writes ``key: null`` the same way.
    text += yaml.safe_dump(dict(data), sort_keys=False)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(text, encoding="utf-8")
    return path
