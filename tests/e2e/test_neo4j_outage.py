"""Neo4j stops in the middle of a conversation: the bot apologises, then answers again once
Neo4j is back, without restarting the bot or the action server."""

import pytest

from tests.conftest import Conversation

pytestmark = [pytest.mark.e2e, pytest.mark.neo4j, pytest.mark.slow]


def test_neo4j_outage_and_recovery(bot: Conversation, neo4j_service, action_server, rasa_server) -> None:
    assert "William Dieterle" in bot.text("who directed Kismet?")
    actions_pid, rasa_pid = action_server.pid(), rasa_server.pid()
    neo4j_service.stop(quiet=True)
    try:
        assert not neo4j_service.running()
        assert "can't reach my film database" in bot.text("and who was in it?")
        assert "can't reach my film database" in bot.text("who directed Casablanca?")
    finally:
        neo4j_service.start(quiet=True)
    # the failed turns changed nothing: the conversation is still about Kismet
    assert bot.text("and who was in it?").startswith("Kismet stars")
    assert "Humphrey Bogart" in bot.text("who was in Casablanca?")
    assert (action_server.pid(), rasa_server.pid()) == (actions_pid, rasa_pid)
