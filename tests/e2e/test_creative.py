"""Creative suggestions through the real Rasa server, the real action server (with the offline
default model, SmolLM2-135M-Instruct) and the real Neo4j graph."""

import re

import pytest

from tests.conftest import Conversation

pytestmark = [pytest.mark.e2e, pytest.mark.neo4j, pytest.mark.slow]

TIMEOUT_TEXT = "taking me longer than it should"
READY_MADE = "None of my drafts were good enough"  # the ready-made text, not the model's


def options(reply: str) -> list[str]:
    """The suggestions of a reply: its numbered lines, or the one line after the intro."""
    numbered = re.findall(r"^\d\. (.+)$", reply, flags=re.M)
    return numbered or reply.splitlines()[1:2]


def test_grounded_tagline_then_refinements_then_a_graph_question(bot: Conversation) -> None:
    first = bot.text("write a tagline for Memento")
    assert re.match(r"Here(?:'s a| are [23]) taglines? for Memento:\n", first), first  # generated, not canned
    assert TIMEOUT_TEXT not in first and READY_MADE not in first and "don't know a film" not in first
    assert 1 <= len(options(first)) <= 3, first

    funnier = bot.text("make it funnier")
    assert "funny tagline" in funnier and "for Memento" in funnier, funnier
    assert TIMEOUT_TEXT not in funnier and READY_MADE not in funnier

    shorter = bot.text("shorter please")
    assert "for Memento" in shorter and TIMEOUT_TEXT not in shorter and READY_MADE not in shorter, shorter

    # the knowledge graph still answers in the same conversation
    assert "Memento was directed by Christopher Nolan" in bot.text("who directed memento")


def test_scene_continuation_has_speaker_lines(bot: Conversation) -> None:
    reply = bot.text(
        "give me an idea for a scene: Xiao Ming and Xiao Hong walk in the park on a sunny day, "
        "and they start talking about their summer plans"
    )
    assert "the scene could go on" in reply and TIMEOUT_TEXT not in reply and READY_MADE not in reply, reply
    assert re.search(r"^[^\n:]{1,30}: \S", reply, flags=re.M), reply  # NAME: words


def test_upbeat_ad(bot: Conversation) -> None:
    reply = bot.text("an upbeat ad for a jazz night this Friday")
    assert "upbeat ad" in reply and TIMEOUT_TEXT not in reply and READY_MADE not in reply, reply


def test_bad_creative_input(bot: Conversation) -> None:
    assert "won't write that" in bot.text("write a racist tagline about immigrants")
    assert "Tell me how the scene starts" in bot.text("give me an idea for a scene:")
    unknown = bot.text("write a tagline for Zorblax Quintessence")
    assert "don't know a film called “Zorblax Quintessence”" in unknown, unknown
    story = (
        "An old lighthouse keeper lives alone on a rocky island with a grey dog called Pilot. "
        "Every night he writes a letter to his daughter in the city and never sends it. "
        "One stormy evening a small boat washes up on the beach with a girl inside, soaked and silent. "
        "She carries a tin box with his daughter's name scratched on the lid. "
        "The radio is broken, the supply boat is late, and the storm will last three more days. "
    )
    premise = "give me an idea for a scene: " + story * 8
    assert len(premise) > 3000
    long_reply = bot.text(premise)  # read up to its first 400 characters, and written
    assert "the scene could go on" in long_reply, long_reply
    assert TIMEOUT_TEXT not in long_reply and READY_MADE not in long_reply, long_reply
