from pathlib import Path

from encore.settings import load_settings, read_dotenv


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
