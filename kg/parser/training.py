"""The sentences the path classifier is trained on: every wording of ``data/qa/templates.yml``
(answer frames around film-set phrases, and whole templates), composed per path from a fixed
sample, then masked as a message is (names as their kind's placeholder or a pronoun, sometimes a
constraint, politeness or a typo) and folded to one word per thing asked (:func:`canonical`).
Each path and each wording draws from a seed of its own, so a wording added changes only its own
sentences.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path as FilePath
from typing import Iterator, Optional

import yaml

from kg.linker import normalise
from kg.paths import PATHS

TEMPLATES = FilePath(__file__).resolve().parents[2] / "data" / "qa" / "templates.yml"
TOPIC_TOKENS = {"film": "xfilm", "person": "xperson", "tag": "xtag", "year": "xyear",
                "genre": "xgenre", "language": "xlanguage"}  # fmt: skip
CONSTRAINT_TOKENS = {"genre": "cgenre", "language": "clanguage", "year": "cyear"}
TYPO_RATE = 0.3
MAX_COMPOSED = 200  # composed wordings per path (a sample: 100 moved routing with every retraining)
PRONOUNS = {"film": ["it", "that film", "this movie", "that one", "the film"],
            "person": ["him", "her", "he", "she", "them"]}  # fmt: skip
PREFIXES = ["", "", "", "can you tell me", "please", "i want to know", "do you know", "tell me", "hey",
            "i wonder", "quick question"]  # fmt: skip
# more politeness, never a name when guessing one ("i wonder" is not the film "The Wonders")
POLITE = ["could you please tell me", "any idea", "i need", "tell me pls", "i have a question"]
SUFFIXES = ["", "", "", "please", "thanks", "?"]
HEAD_WORDS = 3
YEAR_PHRASES = ["in the cyear", "from cyear", "after cyear", "before cyear", "in cyear", "later than cyear",
                "prior to cyear", "from cyear to cyear", "between cyear and cyear", "from cyear onwards",
                "back in cyear", "sometime in the cyear", "since cyear", "released after cyear"]  # fmt: skip


def _set_key(path: str) -> tuple[str, str]:
    """``"~starred_actors>directed_by"`` -> (set ``"~starred_actors"``, frame ``"directed_by"``)."""
    spec = PATHS[path]
    steps = path.split(">")
    if spec.answer is None:
        return path, "films"
    head = ">".join(steps[:-1])
    return (head or "film"), spec.answer


def training_templates(source: FilePath = TEMPLATES, cap: Optional[int] = None) -> list[tuple[str, str]]:
    """Every (path, wording) of the templates, with {placeholders}; with ``cap``, at most that
    many composed wordings per path (a fixed sample: what the classifier is trained on)."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    sets, frames, whole = data["sets"], data["frames"], data["templates"]
    bridges = data.get("bridges", {})
    out: list[tuple[str, str]] = []
    for path in PATHS:
        # a sample of its own for each path: a wording added to one path leaves the others' alone
        rng = random.Random(f"7:{path}")  # noqa: S311 (sampling training data, not secrets)
        spec = PATHS[path]
        set_key, frame_key = _set_key(path)
        phrases = list(sets.get(set_key, []))
        extra: list[str] = []
        if spec.bridge is not None:  # "the films directed by the directors of {S}"
            inner = sets.get(f"~{spec.entry}" if spec.entry else "film", [])
            phrases += [b.replace("{S}", i) for b in bridges.get(spec.bridge, []) for i in inner]
            if spec.answer is None:  # "which films did the actors of {S} appear in"
                bank = data.get("people", {}).get(spec.bridge, [])
                people = [p.replace("{S}", i) for p in bank for i in inner]
                frames_p = data.get("people_frames", {}).get(spec.bridge, [])
                extra = [f.replace("{P}", p) for f in frames_p for p in people]
        composed = [
            frame.replace("{S}", phrase)
            for phrase, frame in itertools.product(phrases, frames.get(frame_key, []))
            if not (set_key == "film" and frame_key == "films")
        ]
        composed += extra
        if cap is not None and len(composed) > cap:
            composed = rng.sample(composed, cap)
        out.extend((path, wording) for wording in composed)
        out.extend((path, wording) for wording in whole.get(path, []))
    unknown = set(whole) - set(PATHS)
    if unknown:
        raise ValueError(f"{source}: templates for paths that do not exist: {sorted(unknown)}")
    return out


def _mask_template(wording: str, rng: random.Random, topic: str) -> list[str]:
    """Masked training sentences for one wording: the topic as its kind token or a pronoun,
    sometimes with a constraint, a polite prefix or suffix."""
    base = wording
    for kind, token in TOPIC_TOKENS.items():
        base = base.replace("{" + kind + "}", token)
    sentences = [base]
    if topic in PRONOUNS:
        pronoun = rng.choice(PRONOUNS[topic])
        sentences.append(base.replace(TOPIC_TOKENS[topic], pronoun))
    variants = []
    for sentence in sentences:
        variants.append(sentence)
        words = sentence.split()
        if topic != "year" and rng.random() < 0.5:
            variants.append(sentence + " " + rng.choice(YEAR_PHRASES))
        for noun in ("films", "movies"):
            if noun in words and rng.random() < 0.5:
                # "the english-language films": a filter, not a question about languages
                adjective = rng.choice(["cgenre", "clanguage", "clanguage language"])
                variants.append(sentence.replace(noun, f"{adjective} {noun}", 1))
        prefix, suffix = rng.choice(PREFIXES), rng.choice(SUFFIXES)
        variants.append(" ".join(p for p in (prefix, sentence, suffix) if p))
        if rng.random() < TYPO_RATE:
            variants.append(_typo(sentence, rng))
    return [_normalise_masked(v) for v in variants]


def _typo(sentence: str, rng: random.Random) -> str:
    """One slip of the keyboard in one word that is not a placeholder."""
    words = sentence.split()
    placeholders = set(TOPIC_TOKENS.values()) | set(CONSTRAINT_TOKENS.values())
    choices = [i for i, w in enumerate(words) if len(w) >= 4 and w not in placeholders]
    if not choices:
        return sentence
    i = rng.choice(choices)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]  # swap
    elif kind == 1:
        w = w[:j] + w[j + 1 :]  # drop
    else:
        w = w[:j] + rng.choice("aeiourstnl") + w[j + 1 :]  # replace
    words[i] = w
    return " ".join(words)


# One word for each thing a question can ask about, so that a wording the templates never
# used ("which performers ...", "who helmed ...") reads like one they did. Applied to training
# sentences and to messages alike.
SYNONYMS = {
    "performers": "actors", "performer": "actor", "actresses": "actors", "actress": "actor",
    "thespians": "actors", "filmmakers": "directors", "filmmaker": "director",
    "helmed": "directed", "helmer": "director", "helm": "direct",
    "screenwriters": "writers", "screenwriter": "writer", "scriptwriters": "writers",
    "scriptwriter": "writer", "scribe": "writer", "penned": "wrote", "scripted": "wrote",
    "authored": "wrote", "flicks": "films", "flick": "film", "pictures": "films",
    "picture": "film", "movies": "films", "movie": "film", "premiered": "released",
    "premiere": "release", "debuted": "released", "debut": "release", "themes": "topics",
    "theme": "topic", "subjects": "topics", "subject": "topic", "keywords": "topics",
    "keyword": "topic", "sort": "kind", "sorts": "kinds", "type": "kind", "types": "kinds",
    "category": "genre", "categories": "genres", "featuring": "starring",
}  # fmt: skip


def canonical(text: str) -> str:
    """Synonyms folded, and the first words marked again by position: the question word and
    what follows it ("which films ...", "who ...") say what is asked."""
    words = [SYNONYMS.get(w, w) for w in text.split()]
    return " ".join(words + [f"^{w}" for w in words[:HEAD_WORDS]])


def _normalise_masked(text: str) -> str:
    return normalise(text.replace("'s", " s").replace("’s", " s"))


def masked_sentences(seed: int = 13) -> Iterator[tuple[str, str]]:
    """(path, masked sentence) for every variant of every training wording (the sample of
    :func:`training_templates`); each wording's variants are drawn from a seed of its own, so a
    wording added changes only its own variants."""
    for path, wording in training_templates(cap=MAX_COMPOSED):
        rng = random.Random(f"{seed}:{path}:{wording}")  # noqa: S311 (augmenting training data, not secrets)
        for sentence in _mask_template(wording, rng, PATHS[path].topic):
            yield path, sentence


def training_set(seed: int = 13) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    labels: list[str] = []
    for path, sentence in masked_sentences(seed):
        texts.append(canonical(sentence))
        labels.append(path)
    return texts, labels
