"""The user store (encore/user_store.py) on SQLite files in tmp folders: no server."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any, Optional

import pytest

from encore.user_store import (
    LegacyFolder,
    UserStore,
    UserStoreError,
    configured_url,
    engine_url,
    open_user_store,
    sender_keys,
)
from recommender.profiles import ProfileStore
from support.store import SupportStore


def sha(sender: str) -> str:
    return hashlib.sha256(sender.encode()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "users.db"


@pytest.fixture
def store(db: Path) -> UserStore:
    return UserStore(f"sqlite:///{db}")


def rows(db: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute("SELECT sender_key, kind, record_id, data FROM user_records"))


def test_round_trip(store: UserStore) -> None:
    assert store.get("note", "ana") is None
    store.put("note", "ana", {"text": "Amélie, 2001", "n": [1, 2]})
    assert store.get("note", "ana") == {"text": "Amélie, 2001", "n": [1, 2]}
    store.put("note", "ana", {"text": "replaced"})
    assert store.get("note", "ana") == {"text": "replaced"}
    assert store.update("note", "ana", lambda d: {**(d or {}), "more": True}) == {
        "text": "replaced",
        "more": True,
    }
    assert store.get("note", "ana") == {"text": "replaced", "more": True}
    # records with ids, listed oldest first whatever the order of writing
    store.put("ticket", "ana", {"id": "b"}, record_id="T-b", created="2024-01-02T00:00:00Z")
    store.put("ticket", "ana", {"id": "a"}, record_id="T-a", created="2024-01-01T00:00:00Z")
    assert store.list_records("ticket", "ana") == [{"id": "a"}, {"id": "b"}]
    assert store.get("ticket", "ana", "T-b") == {"id": "b"}
    assert store.list_records("note", "ana") == [{"text": "replaced", "more": True}]


def test_a_new_store_on_the_same_database_reads_what_was_written(db: Path, store: UserStore) -> None:
    store.put("note", "ana", {"x": 1})
    store.close()
    assert UserStore(f"sqlite:///{db}").get("note", "ana") == {"x": 1}


def test_rows_carry_the_hash_of_the_sender_never_the_id(db: Path, store: UserStore) -> None:
    store.put("note", "telegram:4242", {"x": 1})
    [(key, kind, record_id, data)] = rows(db)
    assert (key, kind, record_id, json.loads(data)) == (sha("telegram:4242")[:32], "note", "", {"x": 1})
    assert sender_keys("telegram:4242") == (sha("telegram:4242")[:32], sha("telegram:4242")[:20])


def test_one_sender_never_sees_another_senders_data(store: UserStore) -> None:
    store.put("note", "ana", {"who": "ana"})
    store.put("ticket", "ana", {"who": "ana"}, record_id="T-1")
    store.put("note", "ben", {"who": "ben"})
    assert store.get("note", "ben") == {"who": "ben"}
    assert store.list_records("ticket", "ben") == []
    assert store.get("ticket", "ben", "T-1") is None
    assert store.get("note", "carla") is None
    assert store.delete_sender("ben") == {"note": 1}
    assert store.get("note", "ana") == {"who": "ana"}
    assert store.list_records("ticket", "ana") == [{"who": "ana"}]


def test_delete_sender_erases_every_kind_and_counts(db: Path, store: UserStore) -> None:
    store.put("taste_profile", "ana", {"ratings": {"Heat": 5}})
    store.put("support_profile", "ana", {"questions": 1})
    for n in range(3):
        store.put("handoff_ticket", "ana", {"n": n}, record_id=f"T-{n}")
    store.put("taste_profile", "ben", {"ratings": {}})
    assert store.delete_sender("ana") == {"taste_profile": 1, "support_profile": 1, "handoff_ticket": 3}
    assert [r[0] for r in rows(db)] == [sha("ben")[:32]]
    assert store.delete_sender("ana") == {}
    assert store.delete("taste_profile", "ben") == 1
    assert rows(db) == []


def test_erased_data_leaves_no_bytes_in_the_sqlite_file(db: Path, store: UserStore) -> None:
    secret = "my-unforgettable-secret-" * 20
    store.put("note", "ana", {"text": secret})
    store.put("note", "ben", {"text": "kept"})
    assert secret.encode() in db.read_bytes()
    store.delete_sender("ana")
    assert secret.encode() not in db.read_bytes()


# -- the database URL -----------------------------------------------------------------------------


def test_the_url_setting_then_the_tracker_store_then_a_file_in_the_state_folder(tmp_path: Path) -> None:
    both = {"USER_STORE_URL": "sqlite:////a/users.db", "TRACKER_STORE_URL": "postgresql://h/db"}
    assert configured_url(both, tmp_path) == ("USER_STORE_URL", "sqlite:////a/users.db")
    assert configured_url({"TRACKER_STORE_URL": "postgresql://h/db", "USER_STORE_URL": " "}, tmp_path) == (
        "TRACKER_STORE_URL",
        "postgresql://h/db",
    )
    assert configured_url({}, tmp_path) == ("default", f"sqlite:///{tmp_path.resolve()}/users.db")


def test_postgresql_urls_use_psycopg(tmp_path: Path) -> None:
    for scheme in ("postgresql", "postgres", "postgresql+psycopg2"):
        url = engine_url(f"{scheme}://encore:p%40ss@db.example:5433/encore")
        assert (url.drivername, url.username, url.password, url.host, url.port, url.database) == (
            "postgresql+psycopg",
            "encore",
            "p@ss",
            "db.example",
            5433,
            "encore",
        )
    assert engine_url(f"sqlite:///{tmp_path}/u.db").database == f"{tmp_path}/u.db"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://h/db", "USER_STORE_URL: unsupported scheme 'mysql' (use postgresql:// or sqlite:///)"),
        ("users.db", "USER_STORE_URL: unsupported scheme ''"),
        ("sqlite:///", "USER_STORE_URL: sqlite:/// needs a file path"),
        ("postgresql://host-only", "USER_STORE_URL: a PostgreSQL URL needs a host and a database name"),
        ("postgresql:///db", "USER_STORE_URL: a PostgreSQL URL needs a host and a database name"),
    ],
)
def test_a_bad_url_is_a_clear_error(url: str, message: str) -> None:
    with pytest.raises(UserStoreError) as error:
        UserStore(url)
    assert str(error.value).startswith(message)


def test_the_error_names_the_setting_the_url_came_from(tmp_path: Path) -> None:
    with pytest.raises(UserStoreError, match=r"^TRACKER_STORE_URL: unsupported scheme 'redis'"):
        open_user_store(tmp_path, env={"TRACKER_STORE_URL": "redis://localhost:6379/1"})


def test_open_user_store_shares_one_store_per_database(tmp_path: Path) -> None:
    env = {"USER_STORE_URL": f"sqlite:///{tmp_path}/shared.db"}
    first = open_user_store(tmp_path / "a", env=env)
    assert open_user_store(tmp_path / "b", env=env) is first
    default = open_user_store(tmp_path / "state", env={})
    assert default is not first
    assert default.url == f"sqlite:///{(tmp_path / 'state').resolve()}/users.db"
    default.put("note", "ana", {"x": 1})
    assert (tmp_path / "state" / "users.db").is_file()


# -- concurrency ----------------------------------------------------------------------------------


def test_concurrent_updates_from_threads_lose_nothing(db: Path) -> None:
    # Two stores on one file (as two processes would be) and four threads on each.
    stores = [UserStore(f"sqlite:///{db}"), UserStore(f"sqlite:///{db}")]
    errors: list[BaseException] = []
    rounds = 25

    def count(data: Optional[dict[str, Any]]) -> dict[str, Any]:
        return {"n": (data or {"n": 0})["n"] + 1}

    def work(store: UserStore, worker: int) -> None:
        try:
            for i in range(rounds):
                store.update("counter", "ana", count)
                store.put("ticket", "ana", {"worker": worker, "i": i}, record_id=f"T-{worker}-{i}")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(stores[w % 2], w)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stores[0].get("counter", "ana") == {"n": 8 * rounds}
    tickets = stores[1].list_records("ticket", "ana")
    assert sorted((t["worker"], t["i"]) for t in tickets) == [(w, i) for w in range(8) for i in range(rounds)]


# -- migration from the JSON files ----------------------------------------------------------------


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


def old_layout(state: Path) -> None:
    """The JSON files of the previous version for senders ana and ben (and a broken one)."""
    write_json(
        state / "recommend" / "profiles" / f"{sha('ana')[:32]}.json", {"ratings": {"Heat": 5}, "seen": []}
    )
    write_json(
        state / "support" / "profiles" / f"{sha('ana')[:20]}.json", {"questions": 2, "topics": ["billing"]}
    )
    write_json(state / "support" / "profiles" / f"{sha('ben')[:20]}.json", {"questions": 7, "topics": []})
    for ticket_id, created in [
        ("T-20240102-BBBBBB", "2024-01-02T10:00:00Z"),
        ("T-20240101-AAAAAA", "2024-01-01T10:00:00Z"),
    ]:
        ticket = {"ticket_id": ticket_id, "sender": "ana", "created": created, "transcript": []}
        write_json(state / "support" / "handoff" / f"{sha('ana')[:20]}-{ticket_id}.json", ticket)
    (state / "support" / "handoff" / "not-a-record.json").write_text("{broken")


def stores(state: Path, db: Path) -> tuple[ProfileStore, SupportStore]:
    user_store = UserStore(f"sqlite:///{db}")
    return ProfileStore(state / "recommend", user_store), SupportStore(state / "support", user_store)


def test_old_json_files_are_imported_once_and_found_by_sender_id(tmp_path: Path, db: Path) -> None:
    old_layout(tmp_path)
    taste, support = stores(tmp_path, db)
    assert taste.load("ana")["ratings"] == {"Heat": 5}
    assert support.profile("ana") == {"questions": 2, "topics": ["billing"]}
    assert support.profile("ben") == {"questions": 7, "topics": []}
    assert [t["ticket_id"] for t in support.tickets_of("ana")] == ["T-20240101-AAAAAA", "T-20240102-BBBBBB"]
    assert support.tickets_of("ben") == [] and taste.load("ben")["ratings"] == {}
    # The folders are renamed, the broken file kept there for a look.
    assert sorted(p.name for p in (tmp_path / "support").iterdir()) == [
        "handoff.migrated",
        "profiles.migrated",
    ]
    assert [p.name for p in (tmp_path / "recommend").iterdir()] == ["profiles.migrated"]
    assert (tmp_path / "support" / "handoff.migrated" / "not-a-record.json").is_file()
    assert len(rows(db)) == 5

    # A change after the migration is not undone by a second open, which imports nothing.
    support.update_profile("ben", "account", {"label": "neutral"})
    taste.save("ana", {**taste.load("ana"), "ratings": {"Heat": 1}})
    taste2, support2 = stores(tmp_path, db)
    assert taste2.store.migrate([LegacyFolder("taste_profile", tmp_path / "recommend" / "profiles")]) == 0
    assert taste2.load("ana")["ratings"] == {"Heat": 1}
    assert support2.profile("ben") == {
        "questions": 8,
        "topics": ["account"],
        "last_sentiment": {"label": "neutral"},
    }
    assert len(rows(db)) == 5


def test_a_write_re_keys_a_migrated_row_and_erasure_finds_every_key(tmp_path: Path, db: Path) -> None:
    old_layout(tmp_path)
    taste, support = stores(tmp_path, db)
    assert taste.load("ana")["ratings"] == {"Heat": 5}
    support.update_profile("ana", "playback", {"label": "negative"})
    keys = {(key, kind, record_id) for key, kind, record_id, _ in rows(db)}
    assert (sha("ana")[:32], "support_profile", "") in keys
    assert (sha("ana")[:20], "support_profile", "") not in keys
    assert support.profile("ana") == {
        "questions": 3,
        "topics": ["billing", "playback"],
        "last_sentiment": {"label": "negative"},
    }
    ticket = support.create_ticket("ana", [{"text": "help"}], [], {})
    assert [t["ticket_id"] for t in support.tickets_of("ana")][-1] == ticket["ticket_id"]
    # two migrated tickets (legacy key) and the new one; the support and the taste profile
    assert support.delete_sender("ana") == {"tickets": 3, "profiles": 2}
    assert taste.delete("ana") == 0 and support.tickets_of("ana") == [] and support.profile("ana") is None
    assert {key for key, *_ in rows(db)} == {sha("ben")[:20]}


def test_a_profile_store_without_a_store_opens_the_default_database_above_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER_STORE_URL", "")
    monkeypatch.setenv("TRACKER_STORE_URL", "")
    old_layout(tmp_path)
    taste = ProfileStore(tmp_path / "recommend")
    assert taste.load("ana")["ratings"] == {"Heat": 5}
    assert [r[0] for r in rows(tmp_path / "users.db")] == [sha("ana")[:32]]
    assert not (tmp_path / "recommend" / "profiles").exists()
    # The support folder was not the profile store's to migrate.
    assert (tmp_path / "support" / "profiles").is_dir()
