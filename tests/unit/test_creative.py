"""The creative-suggestion service: request parsing, prompts, filters, reranking, the service
and the runner (timeout, queue), with a fake generator and a fake scorer."""

import asyncio
import time

import pytest

from creative.config import GeneratorConfig, load_generator_config
from creative.filters import (
    cut_at_sentence,
    cut_dialogue,
    filter_candidates,
    first_line,
    is_disfluent,
    is_near_duplicate,
    is_unsafe,
    repeats_prompt,
)
from creative.prompts import build_prompt, describe_facts, max_new_tokens, prompt_text
from creative.ranking import Scored, top
from creative.requests import AD, MAX_PREMISE, SCENE, TAGLINE, CreativeRequest, parse_request, refine
from creative.runtime import Busy, GenerationRunner
from creative.scoring import VaderEmotionScorer, emotion_score, make_scorer, matches
from creative.service import CreativeService, Suggestions, fallback
from tests.creative_fakes import FakeGenerator, KeywordScorer

# -- requests -------------------------------------------------------------------------------------


def test_scene_premise_after_colon() -> None:
    r = parse_request("give me an idea for a scene: Xiao Ming and Xiao Hong walk in the park on a sunny day")
    assert (r.task, r.premise, r.emotion) == (
        SCENE,
        "Xiao Ming and Xiao Hong walk in the park on a sunny day",
        "neutral",
    )


@pytest.mark.parametrize(
    ("text", "task", "film", "emotion"),
    [
        ("write a tagline for Memento", TAGLINE, "Memento", "neutral"),
        ("a dark tagline for Heat", TAGLINE, "Heat", "dark"),
        ("a funny slogan for the movie Toy Story please", TAGLINE, "Toy Story", "funny"),
        ("an upbeat ad for a jazz night this Friday", AD, None, "upbeat"),
    ],
)
def test_task_target_and_emotion(text: str, task: str, film: str, emotion: str) -> None:
    r = parse_request(text)
    assert (r.task, r.film, r.emotion) == (task, film, emotion)


def test_ad_premise_and_nlu_film_wins() -> None:
    assert parse_request("an upbeat ad for a jazz night this Friday").premise == "a jazz night this Friday"
    assert parse_request("write a tagline for memnto", ["Memento"]).film == "Memento"


def test_empty_premise() -> None:
    assert parse_request("give me an idea for a scene:").premise == ""
    assert parse_request("write a scene").premise == ""
    assert parse_request("write a tagline").film is None


def test_long_premise_is_clipped_at_a_word() -> None:
    r = parse_request("idea for a scene: " + "the rain falls on the city " * 120)
    assert 0 < len(r.premise) <= MAX_PREMISE
    assert r.premise.endswith(("the", "rain", "falls", "on", "city"))


def test_refinements() -> None:
    first = parse_request("a dark tagline for Heat")
    funnier = refine(first, "make it funnier")
    assert (funnier.emotion, funnier.film, funnier.attempt) == ("funny", "Heat", 1)
    shorter = refine(funnier, "shorter please")
    assert (shorter.emotion, shorter.short, shorter.attempt) == ("funny", True, 2)
    again = refine(shorter, "another one")
    assert (again.emotion, again.short, again.attempt) == ("funny", True, 3)


def test_slot_round_trip_and_bad_slot() -> None:
    r = CreativeRequest(TAGLINE, "Heat", film="Heat", facts={"genres": ["Crime"]})
    assert CreativeRequest.from_slot(r.to_slot()) == r
    assert CreativeRequest.from_slot({"task": "poem"}) is None
    assert CreativeRequest.from_slot("garbage") is None


# -- prompts --------------------------------------------------------------------------------------


def test_grounded_chat_prompt() -> None:
    facts = {"genres": ["Crime"], "directors": ["Michael Mann"], "cast": ["Al Pacino", "Robert De Niro"]}
    r = CreativeRequest(TAGLINE, "Heat", film="Heat", emotion="dark", facts=facts)
    prompt = build_prompt(r, chat=True)
    assert isinstance(prompt, list)
    assert [m["role"] for m in prompt] == ["system", "user", "assistant", "user"]  # a worked example first
    user = prompt[-1]["content"]
    assert "dark and ominous tagline" in user
    assert "Heat, a crime film, directed by Michael Mann, starring Al Pacino and Robert De Niro." in user


def test_plain_prompt_for_gpt2_style_models() -> None:
    assert build_prompt(CreativeRequest(TAGLINE, "Heat", film="Heat"), chat=False) == (
        'The tagline for the film Heat is: "'
    )
    scene = build_prompt(CreativeRequest(SCENE, "Ann meets Bob.", emotion="funny"), chat=False)
    assert scene == "INT. SCENE (funny and witty)\nAnn meets Bob.\n\n"
    assert (
        build_prompt(CreativeRequest(AD, "a jazz night"), chat=False)
        == 'An advertisement for a jazz night:\n"'
    )
    dark_ad = build_prompt(CreativeRequest(AD, "a jazz night", emotion="dark"), chat=False)
    assert isinstance(dark_ad, str)
    assert dark_ad.startswith("A dark and ominous advertisement for a jazz night")


def test_describe_facts_and_lengths() -> None:
    assert describe_facts({}) == "a film"
    facts = {"years": ["1944"], "tags": ["bd-r", "desert"]}
    assert describe_facts(facts) == "a film from the 1940s, about desert"
    assert max_new_tokens(CreativeRequest(SCENE, "x"), 40, 60) == 60
    assert max_new_tokens(CreativeRequest(TAGLINE, "x", short=True), 40, 60) == 20


# -- filters --------------------------------------------------------------------------------------


def test_cut_at_sentence() -> None:
    assert cut_at_sentence("One night. Two lives. Three bullets and then the") == "One night. Two lives."
    assert cut_at_sentence('"Memory lies." And more') == "Memory lies."  # no stray closing mark
    assert cut_at_sentence('She said "run." Then more. And more') == 'She said "run." Then more.'
    kept = filter_candidates(['"Some memories lie." And more'], "Write a tagline for Memento.").kept
    assert kept == ["Some memories lie."]  # kept, not dropped as an open quotation
    assert cut_at_sentence("no end at all but a long tail of words", max_chars=20) == "no end at all but a…"
    assert cut_at_sentence("Short and done") == "Short and done"


def test_first_line_drops_preambles() -> None:
    assert first_line('Here\'s a suggestion: "Fantasy meets darkness."') == "Fantasy meets darkness."
    assert first_line("Tagline: Memory lies.\n\nExplanation: ...") == "Memory lies."


def test_cut_dialogue_keeps_whole_lines() -> None:
    text = "ANN: Hello there.\nBOB: Hi! How are\n"
    assert cut_dialogue(text) == "ANN: Hello there."
    assert cut_dialogue("A: one.\nB: two.\nC: three.", max_lines=2) == "A: one.\nB: two."
    assert cut_dialogue("Here are the six short lines of dialogue.\nANN: Hi.") == "ANN: Hi."
    assert cut_dialogue("ANN:\nBOB: Hi.\nANN: Hello.") == "BOB: Hi.\nANN: Hello."  # a name with nothing said


def test_unsafe_repeats_and_duplicates() -> None:
    assert is_unsafe("What the FUCKING hell")
    assert is_unsafe("write a hateful ad")
    assert not is_unsafe("A hat full of secrets")  # whole words only
    prompt = "Write a short tagline for the film Heat, a crime film directed by Michael Mann."
    assert repeats_prompt("a crime film directed by Michael Mann.", prompt)
    assert not repeats_prompt("Two men. One city. No way out.", prompt)
    assert is_near_duplicate("One city, no way out!", ["One city. No way out."])
    assert not is_near_duplicate("Love hurts.", ["One city. No way out."])


def test_filter_candidates_counts_each_reason() -> None:
    prompt = "Write a tagline for the film Heat, a crime film directed by Michael Mann."
    raw = [
        "One city. No way out.",
        "one city, no way out!",  # near-duplicate
        "Heat, a crime film directed by Michael Mann.",  # repeats the prompt
        "Shit happens in this city.",  # unsafe
        "  ",  # empty
        "The heat is on. Nobody walks away clean.",
    ]
    report = filter_candidates(raw, prompt)
    assert report.kept == ["One city. No way out.", "The heat is on. Nobody walks away clean."]
    assert report.counts() == {"empty": 1, "unsafe": 1, "repeats": 1, "disfluent": 0, "duplicates": 1}


# -- scoring and reranking ------------------------------------------------------------------------


def test_rerank_is_stable_and_bounded() -> None:
    scored = [Scored(text, score, 0.0) for text, score in zip("abcd", [0.1, 0.9, 0.1, 0.5])]
    assert [(s.text, s.score) for s in top(scored, 3)] == [("b", 0.9), ("d", 0.5), ("a", 0.1)]
    assert top([], 3) == []


def test_emotion_score_directions() -> None:
    assert emotion_score(-0.8, "blood in the night", "dark") > emotion_score(0.8, "a sunny day", "dark")
    assert emotion_score(0.8, "a sunny day", "upbeat") > emotion_score(-0.8, "blood", "upbeat")
    assert emotion_score(0.0, "a calm day", "neutral") > emotion_score(0.9, "best day ever", "neutral")
    assert matches(0.2) and not matches(0.0)


def test_vader_scorer_ranks_by_emotion() -> None:
    scorer = make_scorer("vader")
    assert isinstance(scorer, VaderEmotionScorer)
    dark, happy = "Death waits in the shadows. Nobody survives.", "A joyful night of music, fun and smiles!"
    assert scorer.score([dark, happy], "dark")[0] > scorer.score([dark, happy], "dark")[1]
    assert scorer.score([dark, happy], "upbeat")[1] > scorer.score([dark, happy], "upbeat")[0]
    with pytest.raises(ValueError, match="unknown emotion scorer"):
        make_scorer("nope")


# -- service --------------------------------------------------------------------------------------


def test_service_reranks_by_target_emotion() -> None:
    outputs = [
        "A bright day. Nothing else.",
        "A dark night. Dark deeds.",
        "A dark road.",
        "Plain words here.",
    ]
    generator, scorer = FakeGenerator(outputs), KeywordScorer()
    service = CreativeService(generator, scorer, GeneratorConfig(candidates=4, options=2))
    result = service.suggest(CreativeRequest(TAGLINE, "Heat", film="Heat", emotion="dark"))
    assert result.options == ["A dark night. Dark deeds.", "A dark road."]
    assert result.scores == [2.5, 1.5] and result.sampled == 4 and not result.fallback  # + fluency 0.5
    prompt, sampling = generator.calls[0]
    assert isinstance(prompt, list) and sampling.n == 4 and sampling.max_new_tokens == 40
    unranked = service.suggest(CreativeRequest(TAGLINE, "Heat", film="Heat", emotion="dark"), rerank_=False)
    assert unranked.options == ["A bright day. Nothing else.", "A dark night. Dark deeds."]


def test_service_falls_back_when_everything_is_filtered() -> None:
    service = CreativeService(
        FakeGenerator(["fuck this city forever", "", "ok"]), KeywordScorer(), GeneratorConfig(candidates=3)
    )
    request = CreativeRequest(TAGLINE, "Heat", film="Heat", emotion="dark")
    result = service.suggest(request)
    assert result.fallback and result.options == [fallback(request)] == [
        "Heat: some secrets never stay buried."
    ]
    assert result.filtered["unsafe"] == 1 and result.filtered["empty"] == 2


def test_fallbacks_per_task() -> None:
    assert fallback(CreativeRequest(AD, "a jazz night", emotion="upbeat")).startswith("A jazz night!")
    assert ":" in fallback(CreativeRequest(SCENE, "x"))


# -- runner ---------------------------------------------------------------------------------------


def test_runner_times_out_without_blocking_the_loop() -> None:
    service = CreativeService(FakeGenerator(["A dark road."], delay=1.5), KeywordScorer(), GeneratorConfig())
    runner = GenerationRunner(concurrency=1)

    async def scenario() -> tuple[bool, int]:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        task = asyncio.create_task(ticker())
        try:
            await runner.run(service, CreativeRequest(TAGLINE, "Heat", film="Heat"), timeout=0.3)
        except asyncio.TimeoutError:
            timed_out = True
        else:
            timed_out = False
        task.cancel()
        return timed_out, ticks

    timed_out, ticks = asyncio.run(scenario())
    assert timed_out
    assert ticks >= 5  # the event loop kept running while the generation was in its thread


def test_runner_rejects_when_the_queue_is_full_and_expires_queued_jobs() -> None:
    slow = CreativeService(FakeGenerator(["A dark road."], delay=0.5), KeywordScorer(), GeneratorConfig())
    runner = GenerationRunner(concurrency=1, queue=1)
    request = CreativeRequest(TAGLINE, "Heat", film="Heat")

    async def scenario() -> list[Suggestions | BaseException]:
        jobs = [runner.run(slow, request, timeout=5.0), runner.run(slow, request, timeout=0.2)]
        results = await asyncio.gather(*jobs, return_exceptions=True)
        with pytest.raises(Busy):
            await asyncio.gather(*(runner.run(slow, request, timeout=5.0) for _ in range(3)))
        return results

    first, second = asyncio.run(scenario())
    assert isinstance(first, Suggestions)
    assert first.options == ["A dark road."]
    assert isinstance(second, asyncio.TimeoutError)
    free = False
    for _ in range(100):  # the accepted jobs finish in their thread and free their places
        got = [runner.admission.acquire(blocking=False) for _ in range(2)]
        free = all(got)
        for _ in range(sum(got)):
            runner.admission.release()
        if free:
            break
        time.sleep(0.1)
    assert free


def test_config_from_environment() -> None:
    config = load_generator_config(
        {
            "ENCORE_GENERATOR_MODEL": "gpt2",
            "ENCORE_GENERATOR_CANDIDATES": "6",
            "ENCORE_GENERATOR_TIMEOUT": "7.5",
            "ENCORE_GENERATOR_LOAD": "first_use",
        }
    )
    assert (config.model, config.candidates, config.timeout, config.load) == ("gpt2", 6, 7.5, "first_use")
    assert load_generator_config({}).model == "smollm2"


@pytest.mark.parametrize(
    "text, dialogue, disfluent",
    [
        ("The Night of the Unreliable: a Night of Unreliable, a Night of Unreliable, a Night of Unreliable.",
         False, True),  # going round in circles
        ('The Big One: "The Jaws of Omaha', False, True),  # a quotation left open
        ('"Some secrets never stay buried." Heat, in cinemas now.', False, False),
        ("A city of thieves, a city of cops, and one last job.", False, False),  # twice is style
        ("ANNA: Did you hear that?\nBEN: Hear what?\nANNA: Exactly.\nBEN: Stop it.", True, False),
        ("ANNA: we go now we go now we go now\nBEN: fine", True, True),
        ("They walk on in silence. Nobody says a word.", True, True),  # a scene that is no dialogue
        ("ANNA: Nobody says a word.", True, True),  # one line is no exchange
    ],
)  # fmt: skip
def test_the_fluency_filter(text: str, dialogue: bool, disfluent: bool) -> None:
    assert is_disfluent(text, dialogue) is disfluent


def test_disfluent_candidates_are_dropped_and_counted() -> None:
    report = filter_candidates(
        ["a night of fear, a night of fear, a night of fear", "One last job. One last chance."], "prompt"
    )
    assert report.kept == ["One last job. One last chance."] and report.counts()["disfluent"] == 1


def test_a_scene_prompt_shows_the_format_once() -> None:
    prompt = build_prompt(CreativeRequest(SCENE, "Ann and Bob miss the last train."), chat=True)
    assert isinstance(prompt, list)
    assert [m["role"] for m in prompt] == ["system", "user", "assistant", "user"]
    assert "MARA: It was full an hour ago." in prompt[2]["content"]
    assert prompt[-1]["content"].endswith("Scene: Ann and Bob miss the last train.")
    assert prompt_text(prompt) == prompt[-1]["content"]  # the repetition filter reads the request only
