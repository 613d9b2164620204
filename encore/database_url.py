"""The database URLs of the settings (``TRACKER_STORE_URL``, ``USER_STORE_URL``), read one way
for both their readers: Rasa's SQL tracker store configuration (:mod:`encore.channels`) and the
user store's SQLAlchemy engine (:mod:`encore.user_database`).

``postgresql://user:password@host:5432/database`` (also ``postgres://`` and the
``postgresql+psycopg[2]://`` spellings) or ``sqlite:///relative/path.db`` and
``sqlite:////absolute/path.db`` (SQLAlchemy's convention). Anything else is an error that names
the setting and says what it takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional
from urllib.parse import unquote, urlsplit

DIALECTS = {
    "sqlite": "sqlite",
    "postgres": "postgresql",
    "postgresql": "postgresql",
    "postgresql+psycopg": "postgresql",
    "postgresql+psycopg2": "postgresql",
}


class DatabaseURLError(ValueError):
    """A database URL a setting cannot take; the message names the setting."""


@dataclass(frozen=True)
class DatabaseURL:
    dialect: str  # "sqlite" or "postgresql"
    database: str  # SQLite: the file's path; PostgreSQL: the database's name
    host: Optional[str] = None
    port: Optional[int] = None
    username: Optional[str] = None
    password: Optional[str] = None


def read_database_url(url: str, setting: str) -> DatabaseURL:
    """``url`` read (percent-escapes undone); :class:`DatabaseURLError` naming ``setting``."""
    parts = urlsplit(url)
    dialect = DIALECTS.get(parts.scheme.lower())
    if dialect is None:
        raise DatabaseURLError(
            f"{setting}: unsupported scheme {parts.scheme!r} (use postgresql:// or sqlite:///)"
        )
    if dialect == "sqlite":
        database = unquote(parts.path)[1:]
        if not database or parts.netloc:
            raise DatabaseURLError(f"{setting}: sqlite:/// needs a file path (sqlite:////absolute/path.db)")
        return DatabaseURL("sqlite", database)
    database = unquote(parts.path.lstrip("/"))
    if not parts.hostname or not database:
        raise DatabaseURLError(f"{setting}: a PostgreSQL URL needs a host and a database name")
    return DatabaseURL(
        dialect,
        database,
        host=parts.hostname,
        port=parts.port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )
