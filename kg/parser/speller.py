"""Slips of the keyboard in a question's wording, mended before the path classifier reads it
(:class:`WordingSpeller`)."""

from __future__ import annotations

from collections import Counter, defaultdict


class WordingSpeller:
    """Mends a slip of the keyboard in the words a question is made of ("filmms", "dirceted",
    "includd"), so that the path classifier reads the word it was trained on. Names are masked
    before this runs, so only the wording is touched: a word the templates never use is
    replaced by the most frequent template word one edit away (an insertion, deletion,
    substitution or swap of neighbours); a word of four letters only by a swap ("flim"), and
    shorter words never. Lookups go through a table of one-deletion keys (as in SymSpell)."""

    MIN_LENGTH = 4

    def __init__(self, counts: Counter[str]):
        self.counts = counts
        self.index: dict[str, set[str]] = defaultdict(set)
        for word in counts:
            for key in _deletions(word):
                self.index[key].add(word)

    def correct_word(self, word: str) -> str:
        if word in self.counts or len(word) < self.MIN_LENGTH or not word.isalpha():
            return word
        candidates = set().union(*(self.index.get(key, ()) for key in _deletions(word)))
        near = [
            c for c in candidates if _one_edit(word, c) and (len(word) > self.MIN_LENGTH or _swapped(word, c))
        ]
        if not near:
            return word
        return max(near, key=lambda c: (self.counts[c], c))

    def correct(self, text: str) -> str:
        return " ".join(self.correct_word(w) for w in text.split())


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _swapped(a: str, b: str) -> bool:
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(a) != len(b) or len(diff) != 2 or diff[1] != diff[0] + 1:
        return False
    i, j = diff
    return a[i] == b[j] and a[j] == b[i]


def _one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance 1 (``a != b``)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1 or _swapped(a, b)
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
