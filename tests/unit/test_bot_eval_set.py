"""The whole-bot evaluation set (bench/data/bot_eval.tsv, run by bench/bot_eval.py) stays honest.

Why these checks: the set measures how the bot routes and answers messages it has never seen,
across every capability. That only holds while none of its messages is a training example
(data/nlu, the FAQ's own questions, the FAQ gate's validation split) or a copy of another
evaluation set's message, while its film questions come from the tuning splits of the QA set
(never from its test split), while its labels point at things that exist (FAQ entries, creative
tasks, intents, graph names) and while its dev/test split is a fixed function of the message.
The dev2 split (a second tuning split, written after dev was used up) is a fixed range of ids
per capability; its messages are new wordings, not near copies of any other message or training
example. No Neo4j and no Rasa needed.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from functools import cache
from typing import Any, Iterable, Optional

import pytest
import yaml

from creative.requests import TASKS
from encore.settings import ROOT
from tests.unit.test_nlu_heldout import load as load_nlu
from tests.unit.test_qa_set import read_tsv

sys.path.insert(0, str(ROOT / "bench"))

from bot_eval import Facts, violations  # noqa: E402

DATA = ROOT / "bench" / "data"
EVAL_SET = DATA / "bot_eval.tsv"
COLUMNS = ["id", "split", "capability", "message", "label", "constraints"]
KB = ROOT / "kg" / "data" / "wikimovies" / "kb.txt.gz"
FAQ = ROOT / "data" / "faq" / "kb.yml"

MINIMUM = {"support": 160, "recommend": 110, "creative": 55, "chitchat": 55, "film": 40, "out_of_scope": 10}
CHITCHAT_INTENTS = {"greet", "goodbye", "thank", "bot_challenge", "help", "affirm", "deny"}
CONSTRAINT_KEYS = {
    "genres_all", "genres_any", "year_min", "year_max", "language", "person", "suitability", "mood", "like",
}  # fmt: skip
# The split is a fixed function of the message: sha256("<salt>|<message>"), first 8 hex digits,
# mod 100 below DEV_PERCENT is dev. Adding a message never moves another one between splits.
SPLIT_SALT = "bot-eval-227"
DEV_PERCENT = 40


def split_of(message: str) -> str:
    digest = hashlib.sha256(f"{SPLIT_SALT}|{message}".encode()).hexdigest()
    return "dev" if int(digest[:8], 16) % 100 < DEV_PERCENT else "test"


def normalise(text: str) -> str:
    """Lower case, no accents, apostrophes dropped, other punctuation as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"['’`]", "", plain)
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


@cache
def rows() -> tuple[dict[str, str], ...]:
    return read_tsv(EVAL_SET, COLUMNS)


def of(capability: str) -> list[dict[str, str]]:
    return [row for row in rows() if row["capability"] == capability]


def constraints(row: dict[str, str]) -> dict[str, Any]:
    value = json.loads(row["constraints"])
    assert isinstance(value, dict), row["id"]
    return value


@cache
def faq_entries() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(FAQ.read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in data["entries"]}


def tsv_texts(path: Any, column: int) -> list[str]:
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) > column:
            texts.append(fields[column])
    return texts


def qa_rows(split: str) -> dict[str, dict[str, str]]:
    lines = (DATA / f"qa_{split}.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return {r["id"]: r for r in (dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip())}


@cache
def kb_index() -> tuple[dict[str, dict[str, set[str]]], dict[str, set[str]]]:
    """title -> relation -> values, and person -> titles, read straight from the KB file."""
    films: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    people: dict[str, set[str]] = defaultdict(set)
    with gzip.open(KB, "rt", encoding="utf-8") as handle:
        for line in handle:
            parts = [p.strip() for p in line.rstrip("\n").split("|")]
            if len(parts) != 3 or not all(parts):
                continue
            title, relation, value = parts
            films[title][relation].add(value)
            if relation in ("directed_by", "written_by", "starred_actors"):
                people[value].add(title)
    return films, people


# --- shape ---------------------------------------------------------------------------------


def test_the_set_is_large_enough_and_covers_every_capability() -> None:
    assert len(rows()) >= 400
    counts = Counter(row["capability"] for row in rows())
    assert set(counts) == set(MINIMUM), counts
    for capability, minimum in MINIMUM.items():
        assert counts[capability] >= minimum, (capability, counts[capability])


def test_ids_and_messages_are_unique() -> None:
    ids = [row["id"] for row in rows()]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    messages = Counter(normalise(row["message"]) for row in rows())
    assert all(messages.values()) and "" not in messages
    assert not [m for m, n in messages.items() if n > 1]


# Recommendation requests rec001..rec124 were read while the recommender was tuned, so none of
# them can be test data: they are all dev. rec201..rec280 were the test split once, run at one
# commit, then retired: they are dev too. The test split of recommendations is rec301..rec380,
# written afterwards (all hashing to test).
RETIRED_TO_DEV = re.compile(r"^rec(0\d\d|1[01]\d|12[0-4]|20[1-9]|2[1-7]\d|280)$")


# dev2, a second tuning split written after dev was used up: these ids of each capability
# (whatever their hash), none of them film questions.
# Tuning splits written after the one before was used up: (ids by prefix, rows by capability).
DEV_SPLITS: dict[str, tuple[dict[str, range], dict[str, int]]] = {
    # dev2: every capability but film questions
    "dev2": (
        {
            "sup": range(161, 296),
            "rec": range(381, 461),
            "cre": range(61, 81),
            "chat": range(57, 69),
            "oos": range(23, 31),
        },
        {"support": 135, "recommend": 80, "creative": 20, "chitchat": 12, "out_of_scope": 8},
    ),  # fmt: skip
    # dev3 to dev11: recommendation requests only (dev5 to dev11 written blind)
    "dev3": ({"rec": range(461, 561)}, {"recommend": 100}),
    "dev4": ({"rec": range(561, 661)}, {"recommend": 100}),
    "dev5": ({"rec": range(661, 761)}, {"recommend": 100}),
    "dev6": ({"rec": range(761, 821)}, {"recommend": 60}),
    "dev7": ({"rec": range(821, 921)}, {"recommend": 100}),
    "dev8": ({"rec": range(921, 981)}, {"recommend": 60}),
    "dev9": ({"rec": range(981, 1041)}, {"recommend": 60}),
    "dev10": ({"rec": range(1041, 1101)}, {"recommend": 60}),
    "dev11": ({"rec": range(1101, 1161)}, {"recommend": 60}),
    # dev12: support, small talk and out of scope, written blind
    "dev12": (
        {"sup": range(296, 336), "chat": range(69, 109), "oos": range(31, 51)},
        {"support": 40, "chitchat": 40, "out_of_scope": 20},
    ),
    # dev13: recommendation requests, written blind after dev11 and dev12 were used up
    "dev13": ({"rec": range(1161, 1221)}, {"recommend": 60}),
    # dev14: recommendation requests, written blind after dev13 was used up
    "dev14": ({"rec": range(1221, 1281)}, {"recommend": 60}),
}
ID = re.compile(r"^(?P<prefix>[a-z]+)(?P<number>\d+)$")


def tuning_split_of(row_id: str) -> Optional[str]:
    """The later tuning split (dev2 ...) a row belongs to by its id, if any."""
    match = ID.match(row_id)
    if match is None:
        return None
    number = int(match["number"])
    return next(
        (name for name, (ids, _) in DEV_SPLITS.items() if number in ids.get(match["prefix"], ())), None
    )


def expected_split(row: dict[str, str]) -> str:
    later = tuning_split_of(row["id"])
    if later is not None:
        return later
    return "dev" if RETIRED_TO_DEV.match(row["id"]) else split_of(row["message"])


def test_the_split_is_the_hash_of_the_message_and_balanced() -> None:
    wrong = [row["id"] for row in rows() if row["split"] != expected_split(row)]
    assert not wrong, wrong[:10]
    for capability in MINIMUM:
        group = [row for row in of(capability) if row["split"] not in DEV_SPLITS]
        share = sum(row["split"] == "dev" for row in group) / len(group)
        # Recommendations: 204 retired-or-tuning rows are dev, 80 are test, a dev share of about 0.72.
        low, high = (0.65, 0.8) if capability == "recommend" else (0.3, 0.5)
        assert low <= share <= high, (capability, share)
    tests = [row for row in of("recommend") if row["split"] == "test"]
    assert len(tests) >= 75 and all(not RETIRED_TO_DEV.match(row["id"]) for row in tests)


@pytest.mark.parametrize("split", sorted(DEV_SPLITS))
def test_each_later_tuning_split_has_its_rows(split: str) -> None:
    ids, expected = DEV_SPLITS[split]
    counts = Counter(row["capability"] for row in rows() if row["split"] == split)
    assert counts == expected, counts
    assert sum(len(r) for r in ids.values()) == sum(counts.values())


# --- labels --------------------------------------------------------------------------------


def test_support_labels_are_faq_entries_and_cover_every_entry_twice() -> None:
    entries = faq_entries()
    labels = Counter(row["label"] for row in of("support"))
    unknown = set(labels) - set(entries) - {"out_of_scope"}
    assert not unknown, unknown
    thin = {entry: labels[entry] for entry in entries if labels[entry] < 2}
    assert not thin, thin
    for dev2 in (False, True):  # dev/test, then dev2: each with its share of unanswerable questions
        group = [row for row in of("support") if (row["split"] == "dev2") == dev2]
        outside = sum(row["label"] == "out_of_scope" for row in group)
        assert 12 <= outside <= 25, (dev2, outside)
    dev2_labels = Counter(row["label"] for row in of("support") if row["split"] == "dev2")
    assert set(entries) <= set(dev2_labels), set(entries) - set(dev2_labels)  # every entry in dev2 too
    assert all(constraints(row) == {} for row in of("support"))


def test_creative_labels_are_tasks() -> None:
    labels = Counter(row["label"] for row in of("creative"))
    assert set(labels) == set(TASKS), labels
    assert min(labels.values()) >= 12, labels


def test_chitchat_labels_are_intents_of_the_domain() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    intents = {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
    labels = Counter(row["label"] for row in of("chitchat"))
    assert set(labels) <= CHITCHAT_INTENTS <= intents, labels
    assert {"greet", "goodbye", "thank", "bot_challenge", "help"} <= set(labels)
    assert all(row["label"] == "out_of_scope" for row in of("out_of_scope"))


def test_recommend_constraints_use_known_keys_and_types() -> None:
    empty = 0
    for row in of("recommend"):
        value = constraints(row)
        assert set(value) <= CONSTRAINT_KEYS, (row["id"], set(value) - CONSTRAINT_KEYS)
        empty += not value
        for key in ("genres_all", "genres_any"):
            if key in value:
                assert isinstance(value[key], list) and value[key], row["id"]
                assert all(isinstance(g, str) for g in value[key]), row["id"]
        for key in ("year_min", "year_max"):
            if key in value:
                assert isinstance(value[key], int) and 1900 <= value[key] <= 2030, row["id"]
        if "year_min" in value and "year_max" in value:
            assert value["year_min"] <= value["year_max"], row["id"]
        assert value.get("suitability", "kids") == "kids", row["id"]
        assert value.get("mood", "light") in ("light", "dark"), row["id"]
        assert row["label"] == "", row["id"]
    assert empty <= 15, empty


def test_recommend_constraints_name_what_the_graph_holds_and_can_be_met() -> None:
    """Each request's graph constraints (genres, years, language, person) are met by at least
    three films of the KB, judged by the benchmark's own rules (bench/bot_eval.py: violations)."""
    films, people = kb_index()
    genres = {g for f in films.values() for g in f.get("has_genre", ())}
    languages = {lang for f in films.values() for lang in f.get("in_language", ())}
    facts = [
        Facts(
            title,
            frozenset(f.get("has_genre", ())),
            frozenset(t.lower() for t in f.get("has_tags", ())),
            frozenset(f.get("in_language", ())),
            tuple(int(y) for y in f.get("release_year", ()) if y.isdigit()),
            frozenset(p for r in ("directed_by", "written_by", "starred_actors") for p in f.get(r, ())),
        )
        for title, f in films.items()
    ]
    graph_keys = ("genres_all", "genres_any", "year_min", "year_max", "language", "person")
    for row in of("recommend"):
        value = constraints(row)
        for genre in value.get("genres_all", []) + value.get("genres_any", []):
            assert genre in genres, (row["id"], genre)
        assert value.get("language", "English") in languages, row["id"]
        assert value.get("person", "Stanley Kubrick") in people, row["id"]
        assert value.get("like", "Heat") in films, row["id"]
        wanted = {k: v for k, v in value.items() if k in graph_keys}
        assert sum(1 for f in facts if not violations(f, wanted, None)) >= 3, (row["id"], row["message"])


def test_film_rows_come_from_the_tuning_splits_of_the_qa_set() -> None:
    tuning = {**qa_rows("validation"), **qa_rows("dev2")}
    held_out = {normalise(r["question"]) for r in qa_rows("test").values()}
    for row in of("film"):
        qa_id = constraints(row).get("qa_id")
        assert qa_id in tuning, (row["id"], qa_id)
        assert row["message"] == tuning[qa_id]["question"], row["id"]
        assert row["label"] == tuning[qa_id]["gold"], row["id"]
        assert normalise(row["message"]) not in held_out, row["id"]
        assert not qa_id.startswith("t"), row["id"]


# --- held out ------------------------------------------------------------------------------


def training_messages() -> dict[str, str]:
    """Normalised text -> where it comes from: every NLU example (markup removed), every FAQ
    question, the FAQ gate's validation split, and the other evaluation sets' messages."""
    seen: dict[str, str] = {}
    for example in load_nlu(ROOT / "data" / "nlu"):
        seen.setdefault(normalise(example.text), f"{example.file} ({example.kind} {example.name})")
    for nlu in load_nlu(ROOT / "tests" / "nlu"):
        seen.setdefault(normalise(nlu.text), f"{nlu.file} (held-out NLU set)")
    for entry in faq_entries().values():
        for question in entry["questions"]:
            seen.setdefault(normalise(question), f"data/faq/kb.yml ({entry['id']})")
    for text in tsv_texts(ROOT / "data" / "faq" / "validation.tsv", 1):
        seen.setdefault(normalise(text), "data/faq/validation.tsv")
    for text in tsv_texts(DATA / "faq_test.tsv", 1):
        seen.setdefault(normalise(text), "bench/data/faq_test.tsv")
    return seen


def test_no_message_is_a_training_or_other_evaluation_message() -> None:
    seen = training_messages()
    assert len(seen) >= 700  # the sources were read
    leaked = [
        f"{row['id']}: {row['message']!r} is in {seen[key]}"
        for row in rows()
        if (key := normalise(row["message"])) in seen
    ]
    assert not leaked, "\n".join(leaked)


NEAR = 0.85  # difflib similarity of two normalised messages from which one is a light edit


def near_copies(text: str, others: Iterable[str]) -> list[str]:
    """The other texts of which ``text`` is a light edit: nearly the same characters (all
    normalised). The cheap upper bounds of difflib's ratio go first."""
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(text)  # difflib caches what it knows of the second sequence
    out = []
    for other in others:
        if other == text or 2 * min(len(text), len(other)) < NEAR * (len(text) + len(other)):
            continue
        matcher.set_seq1(other)
        if matcher.quick_ratio() >= NEAR and matcher.ratio() >= NEAR:
            out.append(other)
    return out


def test_dev2_messages_are_new_wordings_not_light_edits() -> None:
    # Rows written before dev2 are only held to exact copies (the test above); dev2 rows must not
    # be a light edit (a typo, a word swapped) of a training example or of any other row either.
    others = dict(training_messages())
    others.update((normalise(row["message"]), f"bot_eval.tsv {row['id']}") for row in rows())
    dev2 = [(row["id"], normalise(row["message"])) for row in rows() if row["split"] in DEV_SPLITS]
    copies = [
        f"{row_id}: {text!r} ~ {other!r} ({others[other]})"
        for row_id, text in dev2
        for other in near_copies(text, others)
    ]
    assert not copies, "\n".join(copies)


def test_the_markup_is_gone_from_the_training_text() -> None:
    examples = load_nlu(ROOT / "data" / "nlu")
    assert len(examples) >= 500
    assert not [e.raw for e in examples if re.search(r"\]\(|\]\{", e.text)]


@pytest.mark.parametrize(
    "text, same",
    [("What's up?", "whats up"), ("  Hi   THERE!! ", "hi there"), ("Amélie, please", "amelie please")],
)
def test_normalise_ignores_case_punctuation_spacing_and_accents(text: str, same: str) -> None:
    assert normalise(text) == normalise(same)
