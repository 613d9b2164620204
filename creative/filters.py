"""Candidate filtering: safety word list, prompt repetition, near-duplicates and cutting at a
sentence boundary. Pure functions over strings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

BLOCKLIST = Path(__file__).resolve().parent / "data" / "blocklist.txt"
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’)]+)?(?=\s|$)")
_WORD = re.compile(r"[a-z0-9']+")
_GARBLED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")


@lru_cache(maxsize=4)
def load_blocklist(path: Path = BLOCKLIST) -> re.Pattern[str]:
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if not line or line.startswith("#"):
            continue
        stem = re.escape(line.rstrip("*")).replace(r"\ ", r"\s+")
        terms.append(stem + (r"\w*" if line.endswith("*") else ""))
    return re.compile(r"\b(?:" + "|".join(terms) + r")\b", re.I)


_PREAMBLE = re.compile(
    r"^\s*(?:(?:here'?s|here is|here are|sure|certainly|of course|okay|ok)\b[^:\n]*[:!.,]|"
    r"(?:tag ?line|slogan|ad(?: copy)?|advert\w*|copy|title|option \d+|\d+[.)])\s*[:.)-])\s*",
    re.I,
)


def first_line(text: str) -> str:
    """A tagline or ad: the first non-empty line, without a chatty preamble or quotes."""
    text = text.strip()
    for _ in range(3):
        stripped = _PREAMBLE.sub("", text, count=1).strip()
        if stripped == text:
            break
        text = stripped
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line.strip('"“”*').strip()


def is_unsafe(text: str, blocklist: Optional[re.Pattern[str]] = None) -> bool:
    return bool((blocklist or load_blocklist()).search(text))


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def cut_at_sentence(text: str, max_sentences: int = 2, max_chars: int = 240) -> str:
    """Keep whole sentences (at most ``max_sentences``); drop a trailing unfinished one.

    A text with no sentence end at all is kept up to its last whole word, with an ellipsis.
    """
    text = text.strip().strip('"“”').strip()
    text = re.sub(r"[ \t]+", " ", text)
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    if ends:
        cut = text[: ends[min(max_sentences, len(ends)) - 1]]
        if len(cut) > max_chars:
            ends = [e for e in ends if e <= max_chars]
            cut = text[: ends[-1]] if ends else ""
        if cut:
            return _drop_stray_quote(cut.strip())
    clipped = text[:max_chars]
    if len(clipped) < len(text) and " " in clipped:
        clipped = clipped[: clipped.rfind(" ")]
    clipped = clipped.rstrip(" ,;:-")
    return f"{clipped}…" if clipped and len(clipped) < len(text) else clipped


def _drop_stray_quote(cut: str) -> str:
    """'"Memory lies." And more' is cut to 'Memory lies."' once its opening mark went with the
    outer quotes: a closing mark at the end with no opening one goes too."""
    if cut.count('"') + cut.count("”") + cut.count("“") == 1 and cut.endswith(('"', "”")):
        return cut[:-1]
    return cut


_SILENT = re.compile(r"[^:\n]{1,30}:")


def cut_dialogue(text: str, max_lines: int = 6) -> str:
    """A scene continuation: whole non-empty lines, the last unfinished one cut at a sentence."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    lines = [line for line in lines if not _SILENT.fullmatch(line)]  # "XIAO MING:" and nothing said
    while lines and _PREAMBLE.match(lines[0]) and not re.match(r"^[^:]{1,30}: ", lines[0][:32]):
        lines = lines[1:]  # "Here are six lines of dialogue:" and the like
    lines = lines[:max_lines]
    if lines and lines[-1].rstrip("\"'”’)")[-1:] not in (".", "!", "?", "…"):
        if len(lines) > 1:
            lines = lines[:-1]
        else:
            lines = [cut_at_sentence(lines[0], 3, 400)]
    return "\n".join(lines)


def repeats_prompt(candidate: str, prompt: str, threshold: float = 0.6, n: int = 4) -> bool:
    """True when most of the candidate's word n-grams are copied from the prompt."""
    cand = words(candidate)
    if len(cand) < n:
        return " ".join(cand) in " ".join(words(prompt)) if cand else False
    source = set(_ngrams(words(prompt), n))
    grams = _ngrams(cand, n)
    return sum(g in source for g in grams) / len(grams) >= threshold


COPIED_RUN = 5  # words in a row taken from the worked example's answer make a copy


def copies_example(candidate: str, answer: str, name: str = "", threshold: float = 0.5) -> bool:
    """True when the candidate copies a worked example: names its invented subject, half of its
    word 3-grams come from the example's answer ("The Harbour Lights: in this town, the police
    kept all the secrets"), or it takes five words in a row from it ("The Shining: in this
    night, the fog keeps every secret")."""
    if name and re.search(rf"\b{re.escape(name)}\b", candidate, re.I):
        return True
    if not answer:
        return False
    shown = set(_ngrams(words(answer), COPIED_RUN))
    return repeats_prompt(candidate, answer, threshold, n=3) or any(
        g in shown for g in _ngrams(words(candidate), COPIED_RUN)
    )


def _ngrams(tokens: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, " ".join(words(a)), " ".join(words(b))).ratio()


def is_near_duplicate(candidate: str, kept: Iterable[str], threshold: float = 0.8) -> bool:
    return any(similarity(candidate, other) >= threshold for other in kept)


LOOP_NGRAM, LOOP_TIMES = 3, 3  # a run of 3 words said 3 times is the model going round in circles
SPEAKER_LINE = re.compile(r"^[^\n:]{1,30}: \S", re.M)  # "NAME: words"


def is_disfluent(text: str, dialogue: bool = False) -> bool:
    """True for text no reader would take: the model going round in circles ("a Night of
    Unreliable, a Night of Unreliable, a Night of Unreliable"; any 3 words said 3 times), or, in
    one line of copy, a quotation left open ("The Jaws of Omaha); a scene that is not at least two
    lines of "NAME: words". Dialogue repeats its speakers' names, so only its words after the
    names count."""
    if dialogue and len(SPEAKER_LINE.findall(text)) < 2:
        return True  # a scene asked for as lines of dialogue came back as prose
    said = " ".join(line.partition(":")[2] for line in text.splitlines()) if dialogue else text
    grams = _ngrams(words(said), LOOP_NGRAM)
    if grams and max(grams.count(g) for g in set(grams)) >= LOOP_TIMES:
        return True
    return not dialogue and text.count('"') % 2 == 1


@dataclass
class FilterReport:
    kept: list[str] = field(default_factory=list)
    empty: int = 0
    unsafe: int = 0
    repeats: int = 0
    disfluent: int = 0
    duplicates: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "empty": self.empty,
            "unsafe": self.unsafe,
            "repeats": self.repeats,
            "disfluent": self.disfluent,
            "duplicates": self.duplicates,
        }


def filter_candidates(
    candidates: Iterable[str],
    prompt: str,
    dialogue: bool = False,
    min_words: int = 3,
    blocklist: Optional[re.Pattern[str]] = None,
    example: tuple[str, str] = ("", ""),
) -> FilterReport:
    """Cut each candidate, then drop empty, unsafe, prompt-repeating (or copying the prompt's
    worked ``example``: its answer and invented name), disfluent and near-duplicate ones."""
    report = FilterReport()
    for raw in candidates:
        raw = _GARBLED.sub("", raw)  # control characters and broken bytes of partial tokens
        text = cut_dialogue(raw) if dialogue else cut_at_sentence(first_line(raw))
        if len(words(text)) < min_words:
            report.empty += 1
        elif is_unsafe(text, blocklist):
            report.unsafe += 1
        elif repeats_prompt(text, prompt) or copies_example(text, *example):
            report.repeats += 1
        elif is_disfluent(text, dialogue):
            report.disfluent += 1
        elif is_near_duplicate(text, report.kept):
            report.duplicates += 1
        else:
            report.kept.append(text)
    return report
