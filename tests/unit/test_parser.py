"""The film-question parser on a small vocabulary: topic spans and kinds, relation paths,
constraints, follow-ups. The classifier is the real one (trained from data/qa/templates.yml,
cached in models/)."""

from __future__ import annotations

from typing import Optional

import pytest

from encore.stack import MODEL_DIR
from kg.linker import surface_tokens
from kg.mentions import MentionFinder
from kg.parser import PathClassifier, QuestionParser
from kg.parser.training import training_templates
from kg.paths import PATHS
from kg.people import short_names
from kg.years import find_years

FILMS = ["Kismet", "Random Harvest", "The Bride Wore Black", "Black", "Heat", "Amélie", "About Time",
         "2001: A Space Odyssey", "Monsters, Inc."]  # fmt: skip
PEOPLE = ["Ronald Colman", "Audrey Tautou", "Edward Knoblock", "William Dieterle", "Michael Mann"]
TAGS = ["paris", "heat", "time travel", "heist", "michael mann", "r", "bd-r"]


@pytest.fixture(scope="module")
def finder() -> MentionFinder:
    return MentionFinder(
        {
            "film": [(f, 5) for f in FILMS],
            "person": [(p, 5) for p in PEOPLE],
            "tag": [(t, 3) for t in TAGS],
            "genre": [("Comedy", 10), ("Drama", 10), ("War", 5)],
            "language": [("French", 5), ("English", 9)],
        }
    )


@pytest.fixture(scope="module")
def parser(finder: MentionFinder) -> QuestionParser:
    return QuestionParser(finder, PathClassifier.load_or_train(MODEL_DIR))


@pytest.mark.parametrize(
    "text, path, kind, name",
    [
        ("who directed Kismet?", "directed_by", "film", "Kismet"),
        ("which person directed random harvest", "directed_by", "film", "Random Harvest"),
        ("Ronald Colman was the director of which films", "~directed_by", "person", "Ronald Colman"),
        ("what does Audrey Tautou act in", "~starred_actors", "person", "Audrey Tautou"),
        ("which movie was William Dieterle the director for", "~directed_by", "person", "William Dieterle"),
        ("what did edward knoblock write", "~written_by", "person", "Edward Knoblock"),
        ("who directed the films Ronald Colman starred in", "~starred_actors>directed_by", "person",
         "Ronald Colman"),
        ("which genres does the writer of Kismet work in", "written_by>~written_by>has_genre", "film",
         "Kismet"),
        ("what languages are the films written by Edward Knoblock in", "~written_by>in_language", "person",
         "Edward Knoblock"),
        ("when were the films starring Audrey Tautou released", "~starred_actors>release_year", "person",
         "Audrey Tautou"),
        ("what else did the director of Kismet make", "directed_by>~directed_by", "film", "Kismet"),
        ("who has Ronald Colman acted with", "~starred_actors>starred_actors", "person", "Ronald Colman"),
        ("which films are about time travel", "~has_tags", "tag", "time travel"),
        ("films tagged heist", "~has_tags", "tag", "heist"),
        ("what films came out in 1944", "~release_year", "year", "1944"),
        ("what words describe Amelie", "has_tags", "film", "Amélie"),
        ("what is heat about", "has_tags", "film", "Heat"),
        ("who directed the bride wore black", "directed_by", "film", "The Bride Wore Black"),
        ("who directed 2001 a space odyssey", "directed_by", "film", "2001: A Space Odyssey"),
        ("cast of monsters inc", "starred_actors", "film", "Monsters, Inc."),
        ("WHEN WAS KISMET RELEASED", "release_year", "film", "Kismet"),
    ],
)  # fmt: skip
def test_paths_and_topics(parser: QuestionParser, text: str, path: str, kind: str, name: str) -> None:
    parse = parser.parse(text)
    assert parse is not None and parse.topic is not None
    assert (parse.path, parse.topic.kind, parse.topic.names[0]) == (path, kind, name)
    assert parse.topic.from_context is False


@pytest.mark.parametrize(
    "text, genre, language, years",
    [
        ("which comedies did Audrey Tautou star in", "Comedy", None, (None, None)),
        ("french films Ronald Colman starred in", None, "French", (None, None)),
        ("films Ronald Colman starred in during the 1940s", None, None, (1940, 1949)),
        ("what did Ronald Colman act in after 1940", None, None, (1941, None)),
        ("movies with Audrey Tautou before 2005", None, None, (None, 2004)),
        ("who directed the drama films Ronald Colman starred in in the 30s", "Drama", None, (1930, 1939)),
    ],
)
def test_constraints(
    parser: QuestionParser, text: str, genre: Optional[str], language: Optional[str], years: tuple
) -> None:
    parse = parser.parse(text)
    assert parse is not None and parse.topic is not None and parse.topic.kind == "person"
    c = parse.constraints
    assert (c.genre, c.language, (c.year_from, c.year_to)) == (genre, language, years)


def test_genre_topic_with_a_year_constraint(parser: QuestionParser) -> None:
    # the French comedies: the genre as the topic and the language as a filter, or the other way
    # round, ask for the same films; what is checked is that every filter is there, once
    parse = parser.parse("french comedies from the 90s")
    assert parse is not None and parse.topic is not None
    kind = parse.topic.kind
    assert parse.path == {"genre": "~has_genre", "language": "~in_language"}[kind]
    c = parse.constraints
    assert getattr(c, kind) is None  # the topic is not also a filter
    filters = {"genre": c.genre, "language": c.language, kind: parse.topic.names[0]}
    assert filters == {"genre": "Comedy", "language": "French"}
    assert (c.year_from, c.year_to) == (1990, 1999)


def test_follow_up_uses_the_conversation(parser: QuestionParser) -> None:
    parse = parser.parse("and who wrote it?", {"film": "Kismet", "person": None})
    assert parse is not None and parse.topic is not None
    assert (parse.path, parse.topic.names, parse.topic.from_context) == ("written_by", ["Kismet"], True)
    parse = parser.parse("what else did he direct?", {"film": "Kismet", "person": "William Dieterle"})
    assert parse is not None and parse.topic is not None
    assert (parse.path, parse.topic.names[0]) == ("~directed_by", "William Dieterle")


def test_no_topic_without_context(parser: QuestionParser) -> None:
    # nothing to answer about, but what was asked is known (for a "which film?" follow-up)
    parse = parser.parse("who directed it?")
    assert parse is not None and (parse.path, parse.topic) == ("directed_by", None)


def test_same_span_film_and_tag_reads_as_the_film_for_a_film_question(parser: QuestionParser) -> None:
    parse = parser.parse("who directed heat")
    assert parse is not None and parse.topic is not None
    assert (parse.topic.kind, parse.path) == ("film", "directed_by")


def test_question_words_do_not_start_a_name(finder: MentionFinder) -> None:
    tokens = finder.tokens("which films are about time travel")
    assert [m.text for m in finder.find(tokens)] == ["time travel"]


def test_uninformative_tags_are_never_names(finder: MentionFinder) -> None:
    tokens = finder.tokens("r movies with bd-r")
    assert finder.find(tokens) == []


def test_injection_text_is_just_words(parser: QuestionParser) -> None:
    parse = parser.parse("who directed Kismet'}) MATCH (n) DETACH DELETE n //")
    assert parse is not None and parse.topic is not None
    assert (parse.path, parse.topic.names[0]) == ("directed_by", "Kismet")


def test_huge_and_empty_messages(parser: QuestionParser) -> None:
    assert parser.parse("") is None
    assert parser.parse("   ?!  ") is None
    parse = parser.parse("who directed Kismet " + "blah " * 2000)
    assert parse is not None and parse.topic is not None and parse.topic.names[0] == "Kismet"


@pytest.mark.parametrize(
    "text, expected",
    [("in 1987", [(1987, 1987)]), ("the 90s", [(1990, 1999)]), ("the 1960s", [(1960, 1969)]),
     ("after 2000", [(2001, None)]), ("before 1950", [(None, 1949)]), ("since 2010", [(2010, None)]),
     ("the 2000s", [(2000, 2009)]), ("no year here 123", []), ("prior to 1920", [(None, 1919)]),
     ("later than 2005", [(2006, None)]), ("from 1925 onwards", [(1925, None)]),
     ("films from 1987", [(1987, 1987)]),
     ("from 1955 to 1975", [(1955, 1975)]), ("between 1990 and 1995", [(1990, 1995)]),
     ("1990 or later", [(1990, None)]), ("up to 1960", [(None, 1960)]),
     ("pre-1975 films", [(None, 1974)]), ("post-1990", [(1991, None)]), ("from 2010-2015", [(2010, 2015)]),
     ("1950–1970 westerns", [(1950, 1970)]), ("1999 2001", [(1999, 2001)]),
     ("2001 1999", [(2001, 2001), (1999, 1999)]), ("after year 2005", [(2006, None)]),
     ("before the year 1950", [(None, 1949)]), ("from the year 1946", [(1946, 1946)]),
     ("from year 1990 onwards", [(1990, None)]), ("during 1950s", [(1950, 1959)]),
     ("in 10s", [(2010, 2019)]), ("made in the sixties", [(1960, 1969)]),
     ("the early seventies", [(1970, 1979)]), ("actors in their forties", [])],
)  # fmt: skip
def test_years(text: str, expected: list) -> None:
    from kg.linker import normalise

    assert [(y.year_from, y.year_to) for y in find_years(normalise(text).split())] == expected


def test_every_path_has_training_wordings() -> None:
    covered = {path for path, _ in training_templates()}
    assert covered == set(PATHS)


def test_a_year_range_is_one_constraint(parser: QuestionParser) -> None:
    parse = parser.parse("what did Ronald Colman act in from 1930 to 1945")
    assert parse is not None and parse.topic is not None
    c = parse.constraints
    assert (parse.path, c.year_from, c.year_to, c.year_label) == ("~starred_actors", 1930, 1945, "1930-1945")


def test_possessive_names(parser: QuestionParser) -> None:
    parse = parser.parse("who directed Kismet's cast members in other films")
    assert parse is not None and parse.topic is not None and parse.topic.names == ["Kismet"]
    parse = parser.parse("Ronald Colman's films")
    assert parse is not None and parse.topic is not None and parse.topic.names == ["Ronald Colman"]


def test_pronouns_pick_the_conversations_film_or_person(parser: QuestionParser) -> None:
    context: dict[str, Optional[str]] = {"film": "Kismet", "person": "Ronald Colman"}
    parse = parser.parse("when was it released", context)
    assert parse is not None and parse.topic is not None and parse.topic.names == ["Kismet"]
    parse = parser.parse("what else has he been in", context)
    assert parse is not None and parse.topic is not None and parse.topic.names == ["Ronald Colman"]


@pytest.mark.parametrize(
    "word, mended",
    [
        ("filmms", "films"),  # a letter doubled
        ("dirceted", "directed"),  # two letters swapped
        ("includd", "include"),  # a letter dropped (the most frequent template word one edit away)
        ("flim", "film"),  # four letters: a swap is mended ...
        ("fiml", "film"),
        ("firm", "firm"),  # ... a substitution is not (a word of its own)
        ("xfilm", "xfilm"),  # placeholders and known words stay
        ("directed", "directed"),
        ("zzzzzz", "zzzzzz"),  # nothing near
        ("2001", "2001"),
    ],
)
def test_wording_speller(word, mended) -> None:
    from collections import Counter

    from kg.parser.speller import WordingSpeller

    counts = Counter({"films": 9, "film": 9, "directed": 5, "include": 2, "included": 1, "xfilm": 1})
    speller = WordingSpeller(counts)
    assert speller.correct_word(word) == mended


def test_a_misspelt_wording_word_reads_as_the_right_path(parser: QuestionParser) -> None:
    parse = parser.parse("give me the filmms directed by Michael Mann")
    assert parse is not None and parse.topic is not None
    assert (parse.path, parse.topic.names[0]) == ("~directed_by", "Michael Mann")


class _Votes:
    """A stand-in second opinion that is sure of one path (and counts how often it is asked)."""

    def __init__(self, path: str):
        self.path, self.asked = path, 0

    def probabilities(self, texts: list[str]) -> list[dict[str, float]]:
        self.asked += 1
        return [{p: (0.97 if p == self.path else 0.03 / (len(PATHS) - 1)) for p in PATHS} for _ in texts]


def test_the_second_opinion_is_asked_only_when_no_reading_is_clear() -> None:
    from kg.parser.classifier import SECOND_OPINION_BELOW

    classifier = PathClassifier.load_or_train(MODEL_DIR, semantic=False)
    votes = _Votes("~directed_by")
    classifier.semantic = votes  # type: ignore[assignment]
    clear = classifier.probabilities(["who directed xfilm"])[0]
    assert votes.asked == 0 and max(clear.values()) >= SECOND_OPINION_BELOW
    assert max(clear, key=clear.__getitem__) == "directed_by"
    # an unclear wording: the mix leans to the second opinion's path, and stays a distribution
    unclear = "xperson what"  # the n-grams lean to ~starred_actors, unsure
    alone = PathClassifier.load_or_train(MODEL_DIR, semantic=False).probabilities([unclear])[0]
    assert max(alone.values()) < SECOND_OPINION_BELOW
    mixed = classifier.probabilities([unclear])[0]
    assert votes.asked == 1
    assert mixed["~directed_by"] > alone["~directed_by"]
    assert max(mixed, key=mixed.__getitem__) == "~directed_by"
    assert sum(mixed.values()) == pytest.approx(1.0)


def test_the_semantic_model_reads_placeholders_as_words() -> None:
    from kg.parser.classifier import SemanticPathModel

    assert SemanticPathModel.natural("who directed xperson s cgenre films") == (
        "who directed that person s comedy films"
    )


def test_a_decade_that_is_also_a_tag_is_the_constraint_of_a_follow_up() -> None:
    finder = MentionFinder({"person": [("Michael Mann", 5)], "tag": [("90s", 3)], "genre": [("Drama", 5)]})
    parser = QuestionParser(finder, PathClassifier.load_or_train(MODEL_DIR))
    parse = parser.parse("what about the 90s ones?", context={"person": "Michael Mann"})
    assert parse is not None and parse.topic is not None
    assert (parse.topic.kind, parse.topic.from_context) == ("person", True)
    assert (parse.constraints.year_from, parse.constraints.year_to) == (1990, 1999)
    tagged = parser.parse("films tagged 90s")  # said as a tag, it is one
    assert tagged is not None and tagged.topic is not None
    assert (tagged.path, tagged.topic.names) == ("~has_tags", ["90s"])


def test_a_genre_s_plural_is_the_genre_not_a_film_s_possessive() -> None:
    # "westerns" is the genre Western, not "Western's" (a film of that title)
    finder = MentionFinder({"film": [("Western", 2), ("Memento", 4)], "genre": [("Western", 5)]})
    found = finder.find(finder.tokens("got any good westerns?"))
    assert [(m.text, m.kinds) for m in found] == [("westerns", ["genre"])]
    found = finder.find(finder.tokens("who was in mementos cast"))  # a possessive still finds the film
    assert [(m.text, m.kinds) for m in found] == [("mementos", ["film"])]


def test_a_title_with_many_times_the_facts_of_its_twin_is_the_film_meant() -> None:
    # "up" is the Pixar film Up (many facts), not Up! (a few); Solaris and Solaris! stay both
    finder = MentionFinder({"film": [("Up", 125), ("Up!", 4), ("Solaris", 4), ("Solaris!", 2)]})
    found = finder.find(finder.tokens("who directed up"))
    assert [(m.text, m.names) for m in found] == [("up", {"film": ["Up"]})]
    found = finder.find(finder.tokens("who directed solaris"))
    assert [(m.text, m.names) for m in found] == [("solaris", {"film": ["Solaris", "Solaris!"]})]


def test_a_language_and_a_film_word_is_the_language_not_a_tag() -> None:
    # the tag "french film" (a few films) is not what "french films from 2001" asks for
    finder = MentionFinder(
        {
            "tag": [("french film", 3), ("heist film", 4)],
            "language": [("French", 50)],
            "film": [("French Film", 2)],
        }
    )
    found = finder.find(finder.tokens("french films from 2001"))  # nor the title "French Film" in the plural
    assert [(m.text, m.kinds) for m in found] == [("french", ["language"])]
    found = finder.find(finder.tokens("who directed french film"))  # the title said as it is
    assert [(m.text, m.kinds) for m in found] == [("french film", ["film"])]
    found = finder.find(finder.tokens("any heist films"))  # no language: the tag stays
    assert [(m.text, m.kinds) for m in found] == [("heist films", ["tag"])]


@pytest.fixture(scope="module")
def everyday_parser() -> QuestionParser:
    # made-up names, and a film and a tag that are everyday words of questions
    finder = MentionFinder(
        {
            "film": [("Kismet", 5), ("Saw", 6)],
            "person": [("Orla Penhallow", 5), ("Tobias Wrenfield", 5), ("Marguerite Ashdown", 5)],
            "tag": [("theater", 3), ("paris", 3)],
            "genre": [("Drama", 10)],
            "language": [("Kurdish", 3), ("English", 9), ("Basque", 2)],
        }
    )
    return QuestionParser(finder, PathClassifier.load_or_train(MODEL_DIR))


@pytest.mark.parametrize(
    "text, path, name, language",
    [
        # words of another relation ("cast", "credits", "screenplays") do not add a hop
        ("which pictures has Orla Penhallow been in the cast of", "~starred_actors", "Orla Penhallow", None),
        ("Orla Penhallow acting credits", "~starred_actors", "Orla Penhallow", None),
        ("Orla Penhallow filmography", "~starred_actors", "Orla Penhallow", None),
        ("the directing credits of Tobias Wrenfield", "~directed_by", "Tobias Wrenfield", None),
        ("Tobias Wrenfield directing credits", "~directed_by", "Tobias Wrenfield", None),
        ("what screenplays did Marguerite Ashdown write", "~written_by", "Marguerite Ashdown", None),
        ("screenwriting credits of Marguerite Ashdown", "~written_by", "Marguerite Ashdown", None),
        # an "X-language" adjective is a filter, not a question about languages
        ("which English-language films did Orla Penhallow appear in", "~starred_actors", "Orla Penhallow",
         "English"),
        ("the basque-language movies Tobias Wrenfield directed", "~directed_by", "Tobias Wrenfield",
         "Basque"),
        # films of a language, however asked
        ("what movies do you have in kurdish", "~in_language", "Kurdish", None),
        ("any basque-language films?", "~in_language", "Basque", None),
        # release wordings made of everyday words that are also names ("Saw", "theater")
        ("which films hit theaters in 1987", "~release_year", "1987", None),
        ("1987 saw which movies come out", "~release_year", "1987", None),
        ("what came out in 1987", "~release_year", "1987", None),
        # terse keyword queries about a film
        ("Kismet cast", "starred_actors", "Kismet", None),
        ("Kismet screenplay", "written_by", "Kismet", None),
    ],
)  # fmt: skip
def test_one_hop_wordings_with_words_of_other_relations(
    everyday_parser: QuestionParser, text: str, path: str, name: str, language: Optional[str]
) -> None:
    parse = everyday_parser.parse(text)
    assert parse is not None and parse.topic is not None
    assert (parse.path, parse.topic.names[0], parse.constraints.language) == (path, name, language)


def test_a_one_word_name_inside_a_longer_capitalised_name_is_not_taken() -> None:
    # "Milos" is the possessive of the person Milo; "Milos Forman" is someone the graph lacks
    finder = MentionFinder({"person": [("Milo", 3), ("Ronald Colman", 5)], "film": [("Black", 4)]})

    def found(text: str) -> list[str]:
        return [m.text for m in finder.find(finder.tokens(text), surface_tokens(text))]

    assert found("Milos Forman was the director of which films") == []
    assert found("who directed Black Swan") == []
    assert found("who directed Black") == ["black"]
    assert found("Black Who directed it") == ["black"]  # a question word is no part of a name
    assert found("what did Milos Films make") == ["milos"]  # nor a word questions are made of
    assert found("milos forman was the director of which films") == ["milos"]  # no capitals: no signal
    assert found("Ronald Colman Black") == ["ronald colman", "black"]  # two names found side by side
    assert found("who directed Black, Swan?") == ["black"]  # punctuation ends a name
    assert found("who directed Black SWAN") == ["black"]  # a word in capitals is no part of a name


def test_a_decade_is_no_film_s_possessive_and_a_decade_tag_stays_a_decade(parser: QuestionParser) -> None:
    finder = MentionFinder({"film": [("10", 2)], "tag": [("1950s", 3)], "genre": [("Drama", 5)]})
    assert finder.find(finder.tokens("comedies in 10s")) == []
    parse = QuestionParser(finder, parser.classifier).parse("do you know some drama films during 1950s?")
    assert parse is not None and parse.topic is not None
    assert (parse.topic.kind, parse.constraints.year_from, parse.constraints.year_to) == ("genre", 1950, 1959)


class _FixedPaths:
    """A path classifier that reads every wording the same way."""

    def __init__(self, probs: dict[str, float]):
        self.probs = probs

    def probabilities(self, wordings: list[str]) -> list[dict[str, float]]:
        return [dict(self.probs) for _ in wordings]


@pytest.mark.parametrize(
    "text, path",
    [
        ("Heat director comedies", "directed_by>~directed_by"),  # the director's comedies
        ("Heat director", "directed_by"),  # no genre or language: the film's own director
        ("Heat director 1995", "directed_by"),  # a year may say which Heat
        ("Heat director, 1990 onwards", "directed_by>~directed_by"),  # a span of years: other films
    ],
)
def test_a_genre_or_language_is_believed_to_filter_other_films(
    finder: MentionFinder, text: str, path: str
) -> None:
    fixed = _FixedPaths({"directed_by": 0.55, "directed_by>~directed_by": 0.45})
    parse = QuestionParser(finder, fixed).parse(text)  # type: ignore[arg-type]
    assert parse is not None and parse.path == path


def test_a_wording_added_to_one_path_leaves_the_others_training_sample_alone(tmp_path) -> None:
    from kg.parser.training import TEMPLATES

    data = TEMPLATES.read_text(encoding="utf-8")
    anchor = "  ~starred_actors>starred_actors:\n"
    assert anchor in data
    added = tmp_path / "templates.yml"
    wording = "who did {person} ever share a set with"
    added.write_text(data.replace(anchor, f"{anchor}  - {wording}\n"), encoding="utf-8")
    before = training_templates(cap=100)
    after = training_templates(added, cap=100)
    assert ("~starred_actors>starred_actors", wording) in after
    others = {p for p, _ in before} - {"~starred_actors>starred_actors"}
    assert [pw for pw in before if pw[0] in others] == [pw for pw in after if pw[0] in others]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("something directed by michael mann", "person"),
        ("films tagged michael mann", "tag"),
        ("what movies are about michael mann", "tag"),
    ],
)
def test_a_tag_that_is_a_person_s_name_is_the_person_unless_called_a_tag(
    parser: QuestionParser, text: str, kind: str
) -> None:
    parse = parser.parse(text)
    assert parse is not None and parse.topic is not None and parse.topic.kind == kind


@pytest.mark.parametrize(
    "text, role",
    [
        ("films with Ronald Colman and Audrey Tautou", None),
        ("name a movie Audrey Tautou and Ronald Colman were both in", None),
        ("films where Ronald Colman plays alongside Audrey Tautou", "starred_actors"),
        ("Ronald Colman films written by Edward Knoblock", "written_by"),
    ],
)
def test_a_second_person_is_a_constraint_on_the_films(parser: QuestionParser, text: str, role) -> None:
    parse = parser.parse(text)
    assert parse is not None and parse.topic is not None and parse.topic.kind == "person"
    named = {parse.topic.names[0], parse.constraints.person}
    assert len(named) == 2 and named <= {"Ronald Colman", "Audrey Tautou", "Edward Knoblock"}
    assert parse.constraints.person_role == role
    # the second name and its role words are not read as the question's wording
    assert parse.masked.count("xperson") == 1 and "written" not in parse.masked.split()


@pytest.mark.parametrize(
    "text",
    [
        "Ronald Colman or Audrey Tautou films",  # either, not both
        "films with Ronald Colman but not Audrey Tautou",
        "films with Ronald Colman, Audrey Tautou and Edward Knoblock",  # only one second person
        "did Ronald Colman star in Kismet",  # a film question: the person is no constraint
    ],
)
def test_no_second_person_constraint(parser: QuestionParser, text: str) -> None:
    parse = parser.parse(text)
    assert parse is not None and parse.constraints.person is None


def test_a_person_s_possessive_is_the_person_even_when_a_tag_has_their_name(parser: QuestionParser) -> None:
    # the tag "michael mann" said in the plural is also "michael manns": the possessive is meant
    parse = parser.parse("Michael Mann's films")
    assert parse is not None and parse.topic is not None
    assert (parse.topic.kind, parse.topic.names) == ("person", ["Michael Mann"])


@pytest.fixture(scope="module")
def surname_parser() -> QuestionParser:
    # made-up people; "Penhallow" is also a tag, "Ashdown" a film, "Reed" an everyday word
    people = {"Orla Penhallow": 12, "Tobias Wrenfield": 9, "Marguerite Ashdown": 8, "Carol Reed": 7}
    finder = MentionFinder(
        {
            "film": [("Kismet", 5), ("Ashdown", 3)],
            "person": list(people.items()),
            "tag": [("penhallow", 3), ("paris", 3)],
            "genre": [("Drama", 10)],
        },
        short_names=short_names(people).unique,
        plain_words=frozenset({"reed"}),
    )
    return QuestionParser(finder, PathClassifier.load_or_train(MODEL_DIR))


@pytest.mark.parametrize(
    "text, path, kind, name",
    [
        ("what did Wrenfield direct", "~directed_by", "person", "Tobias Wrenfield"),
        ("what did wrenfield direct", "~directed_by", "person", "Tobias Wrenfield"),
        ("which films did Penhallow star in", "~starred_actors", "person", "Orla Penhallow"),
        ("films tagged penhallow", "~has_tags", "tag", "penhallow"),  # said as a tag, the tag
        ("what did Reed direct", "~directed_by", "person", "Carol Reed"),  # written as a name
        ("who directed Ashdown", "directed_by", "film", "Ashdown"),  # the wording says the film
        ("Ashdown", None, "film", "Ashdown"),  # alone: the film
    ],
)
def test_a_surname_alone_names_the_person_it_clearly_names(
    surname_parser: QuestionParser, text: str, path: Optional[str], kind: str, name: str
) -> None:
    parse = surname_parser.parse(text)
    assert parse is not None and parse.topic is not None, text
    assert (parse.topic.kind, parse.topic.names[0]) == (kind, name), (text, parse)
    if path is not None:
        assert parse.path == path, (text, parse.path)


def test_an_everyday_surname_is_a_name_only_when_written_as_one(surname_parser: QuestionParser) -> None:
    found = surname_parser.finder.find(surname_parser.finder.tokens("what did reed direct"))
    assert [(m.text, m.names.get("person")) for m in found] == [("reed", ["Carol Reed"])]
    plain = surname_parser.finder.short_plain
    assert "reed" in plain and "wrenfield" not in plain
    for text in ("what did reed direct", "Reed what did they direct"):  # lower case, or first word
        parse = surname_parser.parse(text)
        assert parse is None or parse.topic is None or parse.topic.kind != "person", (text, parse)


def test_other_films_of_one_word_need_a_capital(parser: QuestionParser) -> None:
    parse = parser.parse("who directed both Kismet and Heat")
    assert parse is not None and parse.topic is not None
    assert {parse.topic.names[0], *parse.also_films} == {"Kismet", "Heat"}
    parse = parser.parse("i watched kismet, what is the heat of it")  # "heat": a word in lower case
    assert parse is not None and parse.also_films == []


@pytest.mark.parametrize(
    "text", ["comedy films in French language please", "war films in French language please"]
)
def test_a_constraint_does_not_ask_for_what_it_fixes(parser: QuestionParser, text: str) -> None:
    """Not "the languages of comedies, among the French ones" (French): the French comedies."""
    parse = parser.parse(text)
    assert parse is not None
    assert PATHS[parse.path].answer_kind == "film"


@pytest.mark.parametrize(
    "text, path",
    [
        # the relation said once, no others asked for: the person's films
        ("a movie directed by michael mann", "~directed_by"),
        ("a film written by edward knoblock", "~written_by"),
        # others asked for, or the relation said twice: their co-workers
        ("who directed films together with michael mann", "~directed_by>directed_by"),
        ("who starred alongside ronald colman", "~starred_actors>starred_actors"),
        ("audrey tautou co-stars", "~starred_actors>starred_actors"),
        ("the directors of the films directed by michael mann", "~directed_by>directed_by"),
    ],
)
def test_co_workers_are_read_only_when_asked_for(parser: QuestionParser, text: str, path: str) -> None:
    parse = parser.parse(text)
    assert parse is not None and parse.topic is not None
    assert (parse.path, parse.topic.kind) == (path, "person")
