"""What the creative service added to sampling and reranking: prompts grounded in the graph with a
worked example, title openings and one-line copy, the filter against copying the example, and the
reranker's relevance, grounding and fluency terms. Fake generator, scorer and encoder."""

from typing import Any, Sequence

import numpy as np
import pytest

from creative.config import GeneratorConfig
from creative.filters import copies_example, filter_candidates
from creative.generator import Sampling
from creative.grounding import by_weight
from creative.llama_generator import LlamaCppGenerator
from creative.prompts import (
    TAGLINE_EXAMPLES,
    answer_openings,
    build_prompt,
    describe_facts,
    era,
    example_for,
    first_speaker,
    instruction,
    shown_example,
    themes,
)
from creative.ranking import (
    MIN_RELEVANCE,
    Scored,
    Weights,
    choose,
    combine,
    fluency,
    grounding_words,
    names_any,
    relevance,
    score_candidates,
)
from creative.requests import AD, SCENE, TAGLINE, CreativeRequest
from creative.service import CreativeService
from tests.creative_fakes import FakeGenerator, KeywordScorer

HEAT = {
    "genres": ["Crime"],
    "directors": ["Michael Mann", "Paul Morrissey"],
    "cast": ["Al Pacino", "Robert De Niro", "Val Kilmer"],
    "tags": ["bd-r", "police", "r", "crime", "1", "pacino", "national film registry", "heists"],
    "years": ["1995"],
}

# -- grounding in the graph -------------------------------------------------------------------------


def test_themes_leave_out_catalogue_labels_genres_own_people_and_numbers() -> None:
    assert themes(HEAT) == ["police", "heists"]
    assert themes(HEAT, limit=1) == ["police"]
    assert themes({"tags": ["bd-r", "r", "70mm"]}) == []


def test_era_is_the_decade_of_one_known_year() -> None:
    assert era(["1995"]) == "the 1990s"
    assert era(["1972", "1995"]) == ""  # two films under one title: which one is unknown
    assert era([]) == ""


def test_describe_facts_names_the_director_two_stars_the_era_and_the_themes() -> None:
    assert describe_facts(HEAT) == (
        "a crime film from the 1990s, directed by Michael Mann, starring Al Pacino and Robert De Niro, "
        "about police and heists"
    )
    assert describe_facts({}) == "a film"


def test_people_are_ordered_by_their_weight_in_the_graph() -> None:
    weight = {"Al Pacino": 40, "Robert De Niro": 44, "Andrea Feldman": 2}
    assert by_weight(["Andrea Feldman", "Al Pacino", "Robert De Niro"], weight) == [
        "Robert De Niro",
        "Al Pacino",
        "Andrea Feldman",
    ]
    assert by_weight(["B", "A"], {}) == ["B", "A"]  # unknown weights keep the graph's order


# -- prompts: the worked example ----------------------------------------------------------------------


def test_a_tagline_prompt_shows_an_example_of_the_same_mood_in_the_same_words() -> None:
    request = CreativeRequest(TAGLINE, "Heat", film="Heat", emotion="dark", facts=HEAT)
    prompt = build_prompt(request, chat=True)
    assert isinstance(prompt, list)
    assert [m["role"] for m in prompt] == ["system", "user", "assistant", "user"]
    example = TAGLINE_EXAMPLES["dark"]
    assert prompt[1]["content"] == instruction(example.request)
    assert prompt[2]["content"] == example.answer
    assert prompt[1]["content"].startswith("Write one short dark and ominous tagline for the film The Harb")
    assert prompt[3]["content"] == (
        "Write one short dark and ominous tagline for the film Heat, a crime film from the 1990s, directed "
        "by Michael Mann, starring Al Pacino and Robert De Niro, about police and heists. Name the film."
    )


def test_each_task_and_mood_has_its_own_invented_example() -> None:
    funny_ad = example_for(CreativeRequest(AD, "a quiz night", emotion="funny"))
    dark_ad = example_for(CreativeRequest(AD, "a quiz night", emotion="dark"))
    assert funny_ad.request.task == AD == dark_ad.request.task and funny_ad != dark_ad
    unknown_mood = CreativeRequest(TAGLINE, film="Heat", emotion="sarcastic")
    assert example_for(unknown_mood) == TAGLINE_EXAMPLES["neutral"]
    assert shown_example(CreativeRequest(AD, "a quiz night"), chat=False) is None  # plain prompts show none
    scene = build_prompt(CreativeRequest(SCENE, "Ann and Bob miss the last train."), chat=True)
    assert scene[-1]["content"].endswith("Scene: Ann and Bob miss the last train.")  # type: ignore[index]


def test_every_second_tagline_candidate_opens_with_the_title() -> None:
    tagline = CreativeRequest(TAGLINE, "Heat", film="Heat")
    assert answer_openings(tagline, 4) == ("Heat:", "", "Heat:", "")
    assert answer_openings(tagline, 4, chat=False) == ()  # a plain prompt already ends in a quotation
    assert answer_openings(CreativeRequest(AD, "a jazz night"), 4) == ()
    assert answer_openings(CreativeRequest(TAGLINE, "x"), 4) == ()  # no film named
    scene = CreativeRequest(SCENE, "a detective questions a nervous waiter")
    assert answer_openings(scene, 3) == ("DETECTIVE:", "", "DETECTIVE:")
    assert answer_openings(CreativeRequest(SCENE, "it rains all night"), 4) == ()  # nobody to name


@pytest.mark.parametrize(
    ("premise", "speaker"),
    [
        ("Xiao Ming and Xiao Hong walk in the park", "XIAO MING"),
        ("a detective questions a nervous waiter in an empty diner", "DETECTIVE"),
        ("a lighthouse keeper hears knocking on the door", "KEEPER"),
        ("two thieves realise the vault is already empty", "THIEF"),
        ("two old friends meet by chance at a train station", "FRIEND"),
        ("a cat and a dog have to share one sofa", "CAT"),
        ("it rains all night", ""),
        ("", ""),
    ],
)
def test_the_first_speaker_of_a_scene_comes_from_its_premise(premise: str, speaker: str) -> None:
    assert first_speaker(premise) == speaker


def test_the_service_asks_for_one_line_with_openings_and_a_scene_for_several() -> None:
    generator = FakeGenerator(["Heat: one city, no way out."])
    service = CreativeService(generator, KeywordScorer(), GeneratorConfig(candidates=4))
    service.suggest(CreativeRequest(TAGLINE, "Heat", film="Heat", facts=HEAT))
    service.suggest(CreativeRequest(SCENE, "Ann and Bob miss the last train."))
    (_, tagline), (_, scene) = generator.calls
    assert tagline.one_line and tagline.openings == ("Heat:", "", "Heat:", "")
    assert not scene.one_line and scene.openings == ("ANN:", "", "ANN:", "")


# -- the one-line constraint and openings in llama.cpp ---------------------------------------------------


class FakeLlama:
    """What LlamaCppGenerator uses of llama_cpp.Llama, recording each completion's prompt and stops."""

    metadata = {
        "tokenizer.chat_template": "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}"
        "<|im_end|>\n{% endfor %}{{ '<|im_start|>assistant\\n' }}"
    }

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.calls: list[tuple[str, list[str]]] = []

    def token_eos(self) -> int:
        return 2

    def token_bos(self) -> int:
        return 1

    def detokenize(self, tokens: list[int], special: bool = False) -> bytes:
        return b"<|im_end|>" if tokens == [2] else b"<|im_start|>"

    def create_completion(self, prompt: str, stop: list[str], **options: Any) -> dict[str, Any]:
        self.calls.append((prompt, stop))
        text = self.answer
        for s in stop:  # as llama.cpp does: the text ends before the first stop sequence
            text = text.split(s, 1)[0]
        return {"choices": [{"text": text}]}


def test_llama_cpp_stops_one_line_copy_at_the_newline_and_keeps_the_opening() -> None:
    llama = FakeLlama(" the city never sleeps.\nTagline 2: and more")
    generator = LlamaCppGenerator(llama)
    messages = [{"role": "user", "content": "Write a tagline for Heat."}]
    texts = generator.generate(messages, Sampling(n=2, openings=("Heat:", ""), one_line=True, seed=1))
    assert texts == ["Heat: the city never sleeps.", " the city never sleeps."]
    (first_prompt, first_stop), (second_prompt, _) = llama.calls
    assert first_prompt.endswith("<|im_start|>assistant\nHeat:")  # the answer is forced to open so
    assert second_prompt.endswith("<|im_start|>assistant\n")
    assert "\n" in first_stop

    llama = FakeLlama("ANN: Hi.\nBOB: Hello.")
    scene = LlamaCppGenerator(llama).generate(messages, Sampling(n=1, seed=1))
    assert scene == ["ANN: Hi.\nBOB: Hello."]  # a scene is not cut at its first line
    assert "\n" not in llama.calls[0][1]


# -- filtering copies of the example ----------------------------------------------------------------


def test_a_copy_of_the_worked_example_is_dropped() -> None:
    example = TAGLINE_EXAMPLES["dark"]
    assert copies_example("The Harbour Lights: in this town, the police keep every secret.", example.answer)
    assert copies_example("Heat: the harbour lights are out.", example.answer, example.name)
    assert not copies_example("Heat: in this city, nobody walks away clean.", example.answer, example.name)
    assert copies_example("The Shining: in this night, the fog keeps every secret.", example.answer)  # a run
    assert not copies_example("The Shining: the fog keeps its secrets.", example.answer)
    report = filter_candidates(
        ["In this town, the fog keeps every secret.", "Heat: one city, two men, no way out."],
        "Write a tagline for Heat.",
        example=(example.answer, example.name),
    )
    assert report.kept == ["Heat: one city, two men, no way out."] and report.repeats == 1


# -- the reranker's terms -----------------------------------------------------------------------------


def test_grounding_words_and_mentions() -> None:
    request = CreativeRequest(TAGLINE, "Heat", film="Heat", facts=HEAT)
    assert grounding_words(request) == ["Heat", "Mann", "Morrissey", "Pacino", "Niro", "Kilmer", "Crime",
                                        "police", "heists"]  # fmt: skip
    assert grounding_words(CreativeRequest(AD, "a jazz night")) == []
    assert names_any("Pacino against De Niro.", grounding_words(request))
    assert not names_any("A hot summer night.", grounding_words(request))
    assert names_any("Shining bright.", ["The Shining"])  # a leading "The" may go
    assert not names_any("Heated words.", ["Heat"])


def test_fluency_of_copy_and_scenes() -> None:
    tagline = CreativeRequest(TAGLINE, "Heat", film="Heat")
    assert fluency("Heat: one city, no way out.", tagline) == 1.0
    assert fluency("Heat: one city, and then the", tagline) == 0.5  # cut off mid-sentence
    assert fluency("Heat: " + "one more word " * 10 + "end.", tagline) == 0.7  # longer than a tagline
    eleven = "Heat: " + "one more word " * 3 + "end."
    assert fluency(eleven, tagline) == 1.0
    assert fluency(eleven, CreativeRequest(TAGLINE, "Heat", film="Heat", short=True)) == 0.7  # not short
    scene = CreativeRequest(SCENE, "Ann and Bob miss the last train.")
    assert fluency("ANN: It left.\nBOB: Then we walk.", scene, ["MARA", "JONES"]) == 1.0
    assert fluency("MARA: It left.\nBOB: Then we walk.", scene, ["MARA", "JONES"]) == 0.7  # borrowed name
    assert fluency("ANN: It left.\nBOB: Then we", scene) == 0.5


def test_relevance_is_the_cosine_with_the_subject() -> None:
    subject = np.array([1.0, 0.0])
    rows = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])
    assert relevance(subject, rows) == pytest.approx([1.0, 0.0, 0.6])
    assert relevance(subject, np.zeros((0, 2))) == []


def test_combine_weighs_every_term() -> None:
    [s] = combine([Scored("x", 0.0, emotion=0.5, relevance=0.4, grounded=True, fluency=0.5)],
                  Weights(emotion=1.0, relevance=2.0, grounded=0.5, fluency=0.2))  # fmt: skip
    assert s.score == pytest.approx(0.5 + 0.8 + 0.5 + 0.1)


class TopicEncoder:
    """A fake sentence encoder: one axis per topic word, unit length rows."""

    TOPICS = ("heat", "jazz", "train")

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        rows = np.array([[t.lower().count(w) for w in self.TOPICS] + [0.1] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_relevance_outranks_an_equal_mood_off_the_subject() -> None:
    request = CreativeRequest(AD, "a jazz night this Friday", emotion="dark")
    texts = ["A dark night for trains.", "A dark night of jazz."]
    plain = score_candidates(request, texts, [1.0, 1.0], None, "a jazz night this Friday")
    assert [s.relevance for s in plain] == [None, None]  # not measured
    scored = score_candidates(request, texts, [1.0, 1.0], TopicEncoder(), "a jazz night this Friday")
    on, off = scored[1].relevance, scored[0].relevance
    assert on is not None and off is not None and on > 0.9 > 0.1 > off
    assert [s.text for s in choose(scored, 2)] == ["A dark night of jazz.", "A dark night for trains."]


def test_choose_keeps_only_what_reaches_the_relevance_floor() -> None:
    scored = [Scored("a", 3.0, 1.0, relevance=0.1), Scored("b", 2.0, 1.0, relevance=0.5),
              Scored("c", 1.0, 1.0, relevance=0.4)]  # fmt: skip
    assert [s.text for s in choose(scored, 3)] == ["a", "b", "c"]
    assert [s.text for s in choose(scored, 3, floor=0.3)] == ["b", "c"]
    assert [s.text for s in choose(scored, 3, floor=0.9)] == ["a"]  # nothing relevant: the best one only
    unmeasured = [Scored("a", 3.0, 1.0), Scored("b", 2.0, 1.0)]
    assert [s.text for s in choose(unmeasured, 3, floor=0.3)] == ["a", "b"]  # no encoder: no floor
    assert 0 < MIN_RELEVANCE < 1


def test_a_failing_encoder_leaves_the_relevance_out() -> None:
    def broken(texts: Sequence[str]) -> np.ndarray:
        raise FileNotFoundError("no MiniLM export")

    config = GeneratorConfig(candidates=2, options=2)
    generator = FakeGenerator(["A dark road home.", "A dark night ahead."])
    service = CreativeService(generator, KeywordScorer(), config, encoder=broken)
    result = service.suggest(CreativeRequest(AD, "a jazz night", emotion="dark"))
    assert result.options == ["A dark road home.", "A dark night ahead."] and not result.fallback


def test_the_service_prefers_the_grounded_relevant_candidate() -> None:
    outputs = [
        "A dark night for trains.",  # off the subject
        "Heat: a dark night in the city.",  # names the film, on the subject
        "Dark, dark, dark heat.",
        "A dark and lonely road.",
    ]
    generator, config = FakeGenerator(outputs), GeneratorConfig(candidates=4, options=2)
    request = CreativeRequest(TAGLINE, "Heat", film="Heat", emotion="dark", facts=HEAT)
    mood_only = Weights(relevance=0.0, grounded=0.0, fluency=0.0)
    by_mood = CreativeService(generator, KeywordScorer(), config, weights=mood_only).suggest(request)
    assert by_mood.options == ["Dark, dark, dark heat.", "A dark night for trains."]
    service = CreativeService(generator, KeywordScorer(), config, encoder=TopicEncoder())
    result = service.suggest(request)
    assert result.options == ["Dark, dark, dark heat.", "Heat: a dark night in the city."]
    assert "A dark night for trains." not in result.options  # below the relevance floor
