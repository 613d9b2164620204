"""Prompts per task: chat messages for instruction-tuned models, plain continuation text for
GPT-2-style ones. Pure functions."""

from __future__ import annotations

from creative.generator import PromptInput
from creative.requests import SCENE, TAGLINE, CreativeRequest

STYLE_WORDS = {
    "dark": "dark and ominous",
    "upbeat": "upbeat and cheerful",
    "romantic": "romantic and tender",
    "funny": "funny and witty",
    "neutral": "",
}
SYSTEM = "You are a creative copywriter for films and events. Answer with the text only."


def describe_facts(facts: dict[str, list[str]]) -> str:
    """One phrase of graph facts, e.g. "a crime film from 1995, directed by Michael Mann, starring ..."."""
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
    return ", ".join(parts)


def article(phrase: str) -> str:
    return f"an {phrase}" if phrase[:1].lower() in "aeiou" else f"a {phrase}"


def subject(request: CreativeRequest) -> str:
    if request.task == TAGLINE:
        title = request.film or request.premise or "a new film"
        grounded = describe_facts(request.facts) if request.facts else ""
        return f"the film {title}, {grounded}" if grounded else f"the film {title}"
    return request.premise or "a film night"


def instruction(request: CreativeRequest) -> str:
    mood = STYLE_WORDS.get(request.emotion, "")
    mood = f"{mood} " if mood else ""
    if request.task == SCENE:
        length = "four" if request.short else "six"
        return (
            f"Continue this film scene with {length} short lines of {mood}dialogue. "
            f"Write each line as NAME: words.\nScene: {request.premise}"
        )
    if request.task == TAGLINE:
        size = "very short (under 8 words)" if request.short else "short"
        return f"Write one {size} {mood}tagline for {subject(request)}."
    size = "one short sentence" if request.short else "two short sentences"
    return f"Write {mood}advertising copy in {size} for {subject(request)}."


def plain_prompt(request: CreativeRequest) -> str:
    """A text the model continues (GPT-2 has no instructions: it completes documents)."""
    mood = STYLE_WORDS.get(request.emotion, "")
    mood_adj = f"{mood} " if mood else ""
    if request.task == SCENE:
        return f"INT. SCENE ({mood or 'drama'})\n{request.premise}\n\n"
    if request.task == TAGLINE:
        return f'The {mood_adj}tagline for {subject(request)} is: "'
    return f'{article(mood_adj + "advertisement").capitalize()} for {subject(request)}:\n"'


# One worked example before a scene request: a 135M model follows a shown format far better
# than a described one (without it, most scenes came back as prose).
SCENE_EXAMPLE = [
    {"role": "user", "content": "Continue this film scene with four short lines of dialogue. Write "
                                "each line as NAME: words.\n"
                                "Scene: Detectives Mara and Jones stand over an empty safe."},
    {"role": "assistant", "content": "MARA: It was full an hour ago.\nJONES: Then somebody here is lying.\n"
                                     "MARA: Everybody here is lying.\nJONES: Then we start with the butler."},
]  # fmt: skip


def build_prompt(request: CreativeRequest, chat: bool) -> PromptInput:
    if chat:
        example = SCENE_EXAMPLE if request.task == SCENE else []
        return [
            {"role": "system", "content": SYSTEM},
            *example,
            {"role": "user", "content": instruction(request)},
        ]
    return plain_prompt(request)


def prompt_text(prompt: PromptInput) -> str:
    """The words of a prompt, for the repetition filter (the request, not a worked example)."""
    if isinstance(prompt, str):
        return prompt
    return [m["content"] for m in prompt if m["role"] == "user"][-1]


def max_new_tokens(request: CreativeRequest, default: int, scene: int) -> int:
    base = scene if request.task == SCENE else default
    return max(8, base // 2) if request.short else base
