"""The held-out question set for knowledge-graph answering (bench/data/qa_*.tsv) stays honest.

Why these checks: an evaluation set is only worth something while its wordings and names are
kept out of what the parser learns from, its splits stay apart (a setting chosen on validation,
on dev2, the second tuning split, on dev3, the third, written as users type to a chat bot, or on
dev4, the fourth, written blind in wordings nobody tuned on, must never have seen a test wording
or name, and dev2, dev3 and dev4 must not repeat the splits made before them; dev3 and dev4
alone may ask about the genres validation and dev2 ask about, since the KB has no other genre
left), and its gold answers are right. The gold answers are
recomputed here from the KB by a separate, deliberately different implementation (it
enumerates path instances one by one instead of walking sets), so a bug in
bench/make_qa_set.py does not confirm itself. No Neo4j needed.
"""

from __future__ import annotations

import gzip
import random
import re
from collections import Counter, defaultdict
from functools import cache, lru_cache
from itertools import combinations
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from encore.settings import ROOT

DATA = ROOT / "bench" / "data"
SPLITS = ("validation", "test", "dev2", "dev3", "dev4")
TUNING_EXTRA = ("dev2", "dev3", "dev4")
# Topic kinds a split may share with the other tuning splits (never with test).
SHARED_TOPIC_KINDS = {"dev3": {"genre"}, "dev4": {"genre"}}
COLUMNS = ["id", "split", "path", "hops", "style", "template", "question", "topic", "constraint", "gold"]
STYLES = {"question", "command", "name_first", "name_last", "no_qmark", "lowercase", "typo", "paraphrase"}
KB = ROOT / "kg" / "data" / "wikimovies" / "kb.txt.gz"
QA_TEMPLATES = ROOT / "data" / "qa" / "templates.yml"
PERSON_STEPS = {"~directed_by", "~written_by", "~starred_actors"}
# Tags that are rating or format markers, never an answer to "what is it about".
MARKER_TAGS = {
    "r",
    "pg",
    "pg-13",
    "bd-r",
    "bd-video",
    "dvd-video",
    "own",
    "original",
    "unique",
    "special",
    "story",
}


def read_tsv(path: Path, columns: list[str]) -> tuple[dict[str, str], ...]:
    """The rows of a tab-separated file whose header is ``columns``; every row has them all."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == columns
    out = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        assert len(fields) == len(columns), f"{path.name} line {number}: {len(fields)} fields"
        out.append(dict(zip(columns, fields)))
    return tuple(out)


@cache
def rows_of(split: str) -> tuple[dict[str, str], ...]:
    return read_tsv(DATA / f"qa_{split}.tsv", COLUMNS)


def all_rows() -> list[dict[str, str]]:
    return [row for split in SPLITS for row in rows_of(split)]


def topic_kind(path: str) -> str:
    first = path.split(">")[0]
    if not first.startswith("~"):
        return "film"
    if first in PERSON_STEPS:
        return "person"
    kinds = {"~has_tags": "tag", "~release_year": "year", "~in_language": "language", "~has_genre": "genre"}
    return kinds[first]


def normalised(template: str) -> str:
    """Lower case, every placeholder as its kind, punctuation and spacing collapsed."""
    kinds = ("film", "person", "tag", "year", "genre", "language", "decade")

    def kind(match: re.Match[str]) -> str:
        name = match.group(1)
        found = next((k for k in kinds if name.startswith(k)), name)
        return " slot" + ("year" if found == "decade" else found) + " "

    text = re.sub(r"\{(\w+)\}", kind, template.lower())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


# --- shape ---------------------------------------------------------------------------------


def test_files_parse_and_are_large_enough() -> None:
    for split in SPLITS:
        assert all(row["split"] == split for row in rows_of(split))
        assert all(row["id"].startswith(split[0]) for row in rows_of(split)), split
    main = len(rows_of("validation")) + len(rows_of("test"))
    assert main >= 900
    share = len(rows_of("validation")) / main
    assert 0.25 <= share <= 0.35, share
    for split in TUNING_EXTRA:
        assert 300 <= len(rows_of(split)) <= 500, (split, len(rows_of(split)))


def test_every_row_is_complete() -> None:
    for row in all_rows():
        assert row["gold"] and all(row["gold"].split("|")), row["id"]
        assert row["question"].strip() and row["template"].strip() and row["topic"].strip(), row["id"]
        assert row["style"] in STYLES, row
        assert int(row["hops"]) == len(row["path"].split(">")), row["id"]
        assert row["topic"] not in row["gold"].split("|"), f"{row['id']}: the topic is an answer"


def test_ids_are_unique() -> None:
    ids = [row["id"] for row in all_rows()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("split", SPLITS)
def test_hops_and_styles_are_spread(split: str) -> None:
    rows = rows_of(split)
    hops = Counter(row["hops"] for row in rows)
    assert 0.35 <= hops["1"] / len(rows) <= 0.45, hops
    assert 0.30 <= hops["2"] / len(rows) <= 0.40, hops
    assert 0.20 <= hops["3"] / len(rows) <= 0.30, hops
    assert sum(1 for row in rows if row["constraint"]) >= 0.1 * len(rows)
    styles = Counter(row["style"] for row in rows)
    assert set(styles) == STYLES, styles
    assert min(styles.values()) >= 15, (split, styles)


def paths_of(split: str) -> set[str]:
    return {row["path"] for row in rows_of(split)}


@pytest.mark.parametrize("split", TUNING_EXTRA)
def test_later_tuning_splits_ask_every_path_of_validation(split: str) -> None:
    assert paths_of("validation") <= paths_of(split), sorted(paths_of("validation") - paths_of(split))


@pytest.mark.parametrize("split, before", [("dev3", "dev2"), ("dev4", "dev3")])
def test_later_split_asks_every_path_of_the_one_before_in_several_wordings(split: str, before: str) -> None:
    assert paths_of(before) <= paths_of(split), sorted(paths_of(before) - paths_of(split))
    templates: dict[str, set[str]] = defaultdict(set)
    for row in rows_of(split):
        templates[row["path"]].add(normalised(row["template"]))
    thin = {path: sorted(t) for path, t in templates.items() if len(t) < 3}
    assert not thin, thin


@pytest.mark.parametrize("split", ["dev3", "dev4"])
def test_short_decades_are_unambiguous(split: str) -> None:
    """ "the 10s" reads as the 2010s: dev3 and dev4 never say a 1900s or 1910s decade that way."""
    for row in rows_of(split):
        if "{decade_short}" in row["template"]:
            found = re.search(r"year>=(\d{4})", row["constraint"])
            assert found is not None, (row["id"], row["constraint"])
            low = int(found.group(1))
            assert low >= 1920, (row["id"], row["question"], row["constraint"])


def test_each_path_is_asked_in_several_wordings() -> None:
    templates: dict[str, set[str]] = defaultdict(set)
    for row in all_rows():
        templates[row["path"]].add(normalised(row["template"]))
    thin = {path: len(t) for path, t in templates.items() if len(t) < 6 and path != "has_imdb_rating"}
    assert not thin, thin


# --- held out ------------------------------------------------------------------------------


def shared_kinds(first: str, second: str) -> set[str]:
    """Topic kinds two splits may share: test shares none, dev3 and dev4 genres with the tuning
    splits."""
    if "test" in (first, second):
        return set()
    return SHARED_TOPIC_KINDS.get(first, set()) | SHARED_TOPIC_KINDS.get(second, set())


@pytest.mark.parametrize("first, second", list(combinations(SPLITS, 2)))
@pytest.mark.parametrize("column", ["question", "template", "topic"])
def test_splits_share_no_question_template_or_topic(column: str, first: str, second: str) -> None:
    allowed = shared_kinds(first, second) if column == "topic" else set()

    def values(split: str) -> set[str]:
        get = (lambda r: normalised(r[column])) if column == "template" else (lambda r: r[column].lower())
        return {get(row) for row in rows_of(split) if topic_kind(row["path"]) not in allowed}

    shared = values(first) & values(second)
    assert not shared, sorted(shared)[:10]


@pytest.mark.parametrize("split", ["dev3", "dev4"])
def test_late_genres_are_tuning_genres(split: str) -> None:
    """The one overlap dev3 and dev4 are allowed: genres that validation or dev2 ask about,
    never test."""

    def genres(split: str) -> set[str]:
        return {row["topic"] for row in rows_of(split) if topic_kind(row["path"]) == "genre"}

    assert genres(split), f"{split} asks no genre-topic question"
    assert genres(split) <= genres("validation") | genres("dev2"), sorted(genres(split))
    assert not genres(split) & genres("test"), sorted(genres(split) & genres("test"))


def test_dev4_typos_leave_the_name_alone() -> None:
    """dev4 misspells words of the wording, never the name asked about."""
    for row in rows_of("dev4"):
        if row["style"] == "typo" and topic_kind(row["path"]) in ("film", "person", "tag"):
            assert row["topic"] in row["question"], (row["id"], row["question"])


def training_example_lines() -> list[str]:
    lines = []
    for folder in (ROOT / "data" / "nlu", ROOT / "tests" / "nlu"):
        for path in sorted(folder.rglob("*.yml")):
            for line in path.read_text(encoding="utf-8").lower().splitlines():
                lines.append(line)
                lines.append(re.sub(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})", r"\1", line))  # no markup
    return lines


def test_no_topic_name_occurs_in_the_nlu_data() -> None:
    lines = training_example_lines()
    names = {row["topic"] for row in all_rows() if topic_kind(row["path"]) in ("film", "person", "tag")}
    leaked = sorted(name for name in names if any(name.lower() in line for line in lines))
    assert not leaked, f"topic names in data/nlu or tests/nlu (rerun bench/make_qa_set.py): {leaked[:20]}"


def training_templates() -> Iterator[str]:
    from kg.parser.training import training_templates as parser_templates

    # What the parser composes (bridges included), and, to be safe, every frame with every set.
    yield from (wording for _, wording in parser_templates())
    data = yaml.safe_load(QA_TEMPLATES.read_text(encoding="utf-8")) or {}
    for wordings in (data.get("templates") or {}).values():
        yield from (str(w) for w in wordings or [])
    # The parser also trains on answer frames around film-set phrases: every pairing counts.
    phrases = [str(p) for group in (data.get("sets") or {}).values() for p in group or []]
    for frames in (data.get("frames") or {}).values():
        for frame in frames or []:
            yield from (str(frame).replace("{S}", phrase) for phrase in phrases)


@cache
def trained_templates() -> frozenset[str]:
    return frozenset(normalised(t) for t in training_templates())


@pytest.mark.parametrize("split", SPLITS)
def test_no_eval_template_is_a_training_template(split: str) -> None:
    if not QA_TEMPLATES.is_file():
        pytest.skip(f"{QA_TEMPLATES.relative_to(ROOT)} does not exist yet: nothing to compare with")
    trained = trained_templates()
    clashes = sorted({row["template"] for row in rows_of(split) if normalised(row["template"]) in trained})
    assert not clashes, f"eval wordings the parser is trained on (rerun bench/make_qa_set.py): {clashes[:20]}"


# --- gold answers, recomputed --------------------------------------------------------------


@lru_cache(maxsize=1)
def kb_facts() -> tuple[dict[tuple[str, str], set[str]], dict[tuple[str, str], set[str]]]:
    """(relation, subject) -> objects and (relation, object) -> subjects, read straight from the file."""
    forward: dict[tuple[str, str], set[str]] = defaultdict(set)
    backward: dict[tuple[str, str], set[str]] = defaultdict(set)
    with gzip.open(KB, "rt", encoding="utf-8") as handle:
        for line in handle:
            parts = [p.strip() for p in line.rstrip("\n").split("|")]
            if len(parts) != 3 or not all(parts):
                continue
            title, relation, value = parts
            if relation == "release_year" and not value.isdigit():
                continue
            forward[(relation, title)].add(value)
            backward[(relation, value)].add(title)
    return forward, backward


def constraint_part(part: str) -> tuple[str, str, str]:
    """``year>=1990`` -> ("year", ">=", "1990")."""
    found = re.fullmatch(r"(\w+)(>=|<=|=)(.+)", part)
    assert found is not None, part
    name, op, value = found.groups()
    return name, op, value


def film_meets(title: str, constraint: str) -> bool:
    forward, _ = kb_facts()
    tests = [constraint_part(part) for part in constraint.split(";") if part]
    years = [int(y) for y in forward.get(("release_year", title), ())]

    def year_ok(year: int) -> bool:
        for name, op, value in tests:
            bound = int(value) if name == "year" else 0
            if name == "year" and not {">=": year >= bound, "<=": year <= bound, "=": year == bound}[op]:
                return False
        return True

    if any(name == "year" for name, _, _ in tests) and not any(year_ok(y) for y in years):
        return False
    for name, _, value in tests:
        relation = {"genre": "has_genre", "language": "in_language"}.get(name)
        if relation and value not in forward.get((relation, title), ()):
            return False
    return True


def recompute_gold(path: str, topic: str, constraint: str) -> set[str]:
    forward, backward = kb_facts()
    steps = path.split(">")
    # Node i is a film when step i-1 goes backwards (value -> film), or for i == 0 when the
    # first step goes forwards; the constraint applies at the last film node.
    film_nodes = [i for i in range(len(steps) + 1) if (i == 0 and not steps[0].startswith("~"))
                  or (i > 0 and steps[i - 1].startswith("~"))]  # fmt: skip
    checkpoint = film_nodes[-1] if constraint else -1
    answers: set[str] = set()

    def follow(node: str, depth: int) -> None:
        if depth == checkpoint and not film_meets(node, constraint):
            return
        if depth == len(steps):
            answers.add(node)
            return
        step = steps[depth]
        table = backward if step.startswith("~") else forward
        for following in table.get((step.lstrip("~"), node), ()):
            follow(following, depth + 1)

    follow(topic, 0)
    answers.discard(topic)
    if steps[-1] == "has_tags":
        answers = {t for t in answers if t.lower() not in MARKER_TAGS and not t.isdigit()}
    return answers


@pytest.mark.parametrize(
    "splits, count", [(("validation", "test"), 30), (("dev2",), 15), (("dev3",), 15), (("dev4",), 15)]
)
def test_gold_answers_match_the_kb(splits: tuple[str, ...], count: int) -> None:
    rows = random.Random(20).sample([row for split in splits for row in rows_of(split)], count)
    for row in rows:
        expected = recompute_gold(row["path"], row["topic"], row["constraint"])
        assert set(row["gold"].split("|")) == expected, (row["id"], row["question"])


def test_recomputation_knows_the_semantics() -> None:
    """The checker itself: topic excluded, union over instances, constraint on the last films."""
    forward, _ = kb_facts()
    title = next(t for (rel, t), v in forward.items() if rel == "directed_by" and len(v) == 1)
    director = next(iter(forward[("directed_by", title)]))
    others = recompute_gold("directed_by>~directed_by", title, "")
    assert title not in others
    assert all(director in forward[("directed_by", t)] for t in others)
    years = {y for t in others for y in forward.get(("release_year", t), ())}
    if years:
        year = min(years)
        kept = recompute_gold("directed_by>~directed_by", title, f"year={year}")
        assert kept and all(year in forward[("release_year", t)] for t in kept)
