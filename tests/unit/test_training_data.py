"""What Rasa trains on besides data/: the FAQ questions as ask_support examples."""

import yaml

from encore.settings import ROOT
from encore.training_data import FAQ_KB, FAQ_NLU_PER_ENTRY, FAQ_OWN_INTENTS, TRAINING_INPUTS, faq_nlu_yaml
from faq.kb import load_kb


def test_the_first_faq_questions_are_ask_support_examples_except_those_of_own_intents() -> None:
    nlu = yaml.safe_load(faq_nlu_yaml(ROOT / FAQ_KB))["nlu"]
    assert [block["intent"] for block in nlu] == ["ask_support"]
    examples = [line[2:] for line in nlu[0]["examples"].splitlines()]
    entries = load_kb(ROOT / FAQ_KB)
    expected = {
        q.lower() for e in entries if e.id not in FAQ_OWN_INTENTS for q in e.questions[:FAQ_NLU_PER_ENTRY]
    }
    assert {x.lower() for x in examples} == expected
    own = {q.lower() for e in entries if e.id in FAQ_OWN_INTENTS for q in e.questions}
    assert own and not own & {x.lower() for x in examples}


def test_no_example_carries_entity_markup(tmp_path) -> None:
    kb = tmp_path / "kb.yml"
    kb.write_text(
        "entries:\n  - id: x\n    topic: X\n    questions: ['why is [it] {so} (slow)']\n    answer: a\n"
    )
    assert faq_nlu_yaml(kb).splitlines()[-1] == "      - why is it so slow"


def test_a_change_of_the_faq_means_training_again() -> None:
    assert FAQ_KB in TRAINING_INPUTS
