"""The creative benchmarks' own logic: what counts as naming a film or a graph fact, the subject
on-topic is measured against, and the sample page drawn from a result file."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from creative_quality import fact_words, judge_topic, mentions, unfinished  # noqa: E402
from creative_samples import render, sample  # noqa: E402

from creative.requests import AD, SCENE, TAGLINE, CreativeRequest  # noqa: E402

FACTS = {"genres": ["Crime"], "directors": ["Michael Mann"], "cast": ["Al Pacino"],
         "tags": ["story", "heists"], "years": ["1995"]}  # fmt: skip


def test_fact_words_and_mentions() -> None:
    loose, strict = fact_words("Heat", FACTS), fact_words("Heat", FACTS, strict=True)
    assert loose == {"title": ["Heat"], "fact": ["Mann", "Pacino", "Crime", "story", "heists"]}
    assert strict["fact"] == ["Mann", "Pacino", "Crime", "heists"]  # "story" labels the catalogue
    assert mentions("A Pacino story.", loose["fact"]) and not mentions("Pacinos.", ["Pacino"])


def test_judge_topic_is_the_benchmarks_fixed_wording() -> None:
    tagline = CreativeRequest(TAGLINE, "Heat", film="Heat", facts=FACTS)
    assert judge_topic(tagline) == (
        "the film Heat, a crime film from 1995, directed by Michael Mann, starring Al Pacino, "
        "about story and heists"
    )
    assert judge_topic(CreativeRequest(AD, "")) == "a film night"
    assert judge_topic(CreativeRequest(SCENE, "Ann meets Bob.")) == "Ann meets Bob."


def test_unfinished_text() -> None:
    assert unfinished("One night. Two men and…", TAGLINE)
    assert unfinished("ANN: Hi.\nBOB: Then we", SCENE)
    assert not unfinished('She said "run."', TAGLINE)


RESULT = {
    "when": "2026-12-01 10:00:00", "git_commit": "abcdef0123", "model": "smollm2",
    "summary": {"draws": 1, "prompts": 3},
    "per_prompt": [
        {"prompt": "a tagline for Heat", "draw": 0, "task": "tagline",
         "options": ["Heat: one | two.", "Heat."]},
        {"prompt": "an ad for a jazz night", "draw": 0, "task": "ad", "options": ["Jazz tonight."]},
        {"prompt": "a scene: Ann meets Bob", "draw": 0, "task": "scene",
         "options": ["ANN: Hi.\nBOB: Hello."]},
    ],
}  # fmt: skip


def test_the_sample_page_is_drawn_per_task_and_reproducible() -> None:
    heat = "a tagline for Heat"
    assert sample(RESULT, "tagline") == [(heat, "Heat: one | two."), (heat, "Heat.")]  # in rank order
    assert sample(RESULT, "ad") == [("an ad for a jazz night", "Jazz tonight.")]
    page = render(RESULT, "bench/results/creative_quality.json")
    assert page == render(RESULT, "bench/results/creative_quality.json")
    assert "| 1 | a tagline for Heat | Heat: one \\| two. |" in page  # a table cell keeps its bar
    assert "| 1 | a scene: Ann meets Bob | ANN: Hi.<br>BOB: Hello. |" in page
    assert "commit abcdef0" in page
