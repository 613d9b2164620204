"""Bad input through the REST webhook gets a polite answer and changes nothing in the graph."""

import pytest

from kg import queries
from kg.graph import KnowledgeGraph
from tests.conftest import Conversation

pytestmark = [pytest.mark.e2e, pytest.mark.neo4j, pytest.mark.slow]

BAD_INPUTS = [
    "",
    "   \t  ",
    "who directed " + "Kismet " * 700,  # ~5,000 characters
    "x" * 5000,
    "🎬🍿😀🤖",
    "谁导演了卡萨布兰卡？",
    "Кто снял фильм Касабланка?",
    "من أخرج فيلم الدار البيضاء؟",
    "who directed Heat'}) MATCH (n) DETACH DELETE n //",
    'who was in "Heat"}) DETACH DELETE m; //',
    "what films did Robert'); DROP DATABASE neo4j; -- star in",
    "who directed {film} {title}",
    "MATCH (n) DETACH DELETE n",
    '/ask_film{"film": "Heat\'}) MATCH (n) DETACH DELETE n //"}',
    "\\u0000 \x00 null",
]
TRACE_MARKERS = ("Traceback", "Exception", "Error:", 'File "', "neo4j.exceptions", "Cypher")


def graph_size(graph: KnowledgeGraph) -> tuple[int, int]:
    return graph.read(queries.COUNT_NODES)[0]["n"], graph.read(queries.COUNT_RELATIONSHIPS)[0]["n"]


def test_bad_input_is_answered_politely_and_changes_nothing(bot: Conversation, graph: KnowledgeGraph) -> None:
    before = graph_size(graph)
    for message in BAD_INPUTS:
        replies = bot.say(message)
        texts = [r.get("text", "") for r in replies]
        assert any(t.strip() for t in texts), f"no reply to {message[:40]!r}"
        for text in texts:
            assert not any(marker in text for marker in TRACE_MARKERS), (message[:40], text)
            assert len(text) < 2000
    assert graph_size(graph) == before
    # ... and the conversation still works afterwards.
    assert "William Dieterle" in bot.text("who directed Kismet?")
