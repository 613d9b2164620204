"""FilmQA on the in-memory graph of tests/fakes.py: what the answers say, names the parser
cannot see exactly, ambiguity, follow-ups, and the graph being down."""

import json
from typing import cast

import pytest

from encore.stack import MODEL_DIR
from kg.graph import GraphUnavailable, KnowledgeGraph
from kg.parser import Parse, PathClassifier, Topic
from kg.qa import NOT_A_RATING, UNSET, FilmQA, Question, join_names, merged_note, superlative
from kg.understanding import about_a_constraint
from tests.fakes import FakeGraph


@pytest.fixture(scope="module")
def classifier() -> PathClassifier:
    return PathClassifier.load_or_train(MODEL_DIR)


@pytest.fixture
def qa(classifier: PathClassifier) -> FilmQA:
    return FilmQA(cast(KnowledgeGraph, FakeGraph()), classifier_loader=lambda: classifier)


def answer(qa: FilmQA, text: str, **context: object) -> str:
    reply = qa.answer(Question(text, **context))  # type: ignore[arg-type]
    assert reply.outcome == "answer", (reply.outcome, reply.variables)
    return str(reply.variables["answer"])


def test_join_names() -> None:
    assert join_names([]) == ""
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B", "C"]) == "A, B and C"
    assert join_names([str(i) for i in range(12)], limit=3) == "0, 1, 2 and 9 more"
    assert join_names(["A", "B"], limit=10, total=40) == "A, B and 38 more"
    assert join_names(["A", "B", "C"], limit=2) == "A, B and C"  # not "A, B and 1 more"
    assert join_names(["A", "B", "C"], limit=2, total=4) == "A, B and 2 more"


def test_director_question(qa: FilmQA) -> None:
    reply = qa.answer(Question("who directed Kismet?"))
    assert reply.outcome == "answer"
    assert reply.variables == {"answer": "Kismet was directed by William Dieterle."}
    assert reply.film == "Kismet" and reply.path == "directed_by"
    assert reply.person == "William Dieterle"  # the one answer is what "he" means next
    assert reply.query["path"] == "directed_by" and reply.query["topic"] == "Kismet"


def test_follow_up_uses_the_conversation_film(qa: FilmQA) -> None:
    assert (
        answer(qa, "and who was in it?", context_film="Kismet")
        == "Kismet stars James Craig and Ronald Colman."
    )


def test_a_new_title_in_the_text_beats_the_context(qa: FilmQA) -> None:
    assert answer(qa, "who was in heat", context_film="Kismet").startswith("Heat stars Al Pacino")


def test_a_title_inside_a_misspelt_longer_one_is_not_taken(qa: FilmQA) -> None:
    # The message holds "Black", itself a film, at the end of a misspelt title.
    assert (
        answer(qa, "who directed the brid wore black")
        == "The Bride Wore Black was directed by François Truffaut."
    )
    assert answer(qa, "who directed black") == "Black was directed by Sanjay Leela Bhansali."


def test_merged_titles_are_answered_honestly(qa: FilmQA) -> None:
    text = answer(qa, "who directed Heat")
    assert text.startswith("Heat was directed by Michael Mann and Paul Morrissey.")
    assert "more than one film (1972 and 1995)" in text
    assert merged_note("X", [2000]) == ""


def test_missing_fact_says_what_is_missing(qa: FilmQA) -> None:
    assert (
        answer(qa, "who directed Amelie")
        == "I don't know: my knowledge graph has no director listed for Amélie."
    )


def test_uninformative_tags_are_dropped_and_people_tags_named(qa: FilmQA) -> None:
    text = answer(qa, "what is Amelie about")
    assert text == "Amélie is tagged paris. Tags that name people: audrey tautou."


def test_unknown_title_offers_the_closest_as_buttons(qa: FilmQA) -> None:
    reply = qa.answer(Question("who directed kismat", films=["kismat"]))
    assert reply.outcome == "unknown_film_suggest"
    assert reply.variables == {"mention": "kismat"}
    assert reply.buttons[0]["title"] == "Kismet"
    intent, _, entities = reply.buttons[0]["payload"][1:].partition("{")
    assert intent == "ask_film" and json.loads("{" + entities) == {"film": "Kismet"}
    assert reply.film is None


def test_unknown_title_without_suggestions(qa: FilmQA) -> None:
    reply = qa.answer(Question("who directed Zzyzx Qwerty", films=["Zzyzx Qwerty"]))
    assert (reply.outcome, reply.buttons) == ("unknown_film", [])


def test_no_film_at_all_asks_which(qa: FilmQA) -> None:
    assert qa.answer(Question("who was in it")).outcome == "which_film"


def test_films_of_a_person(qa: FilmQA) -> None:
    reply = qa.answer(Question("what films did ronald colman star in"))
    assert (
        reply.variables["answer"]
        == "Ronald Colman starred in 2 films: Kismet (1944) and Random Harvest (1942)."
    )
    assert reply.person == "Ronald Colman" and reply.film is UNSET


def test_a_quoted_nickname_inside_a_name_is_no_title(qa: FilmQA) -> None:
    # "Kismet" is a film, but quoted between a first name and a surname it is a nickname
    reply = qa.answer(Question("what films did ronald 'kismet' colman star in"))
    assert reply.person == "Ronald Colman"
    assert reply.variables["answer"].startswith("Ronald Colman starred in 2 films")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("who is Ronald Colman", "Ronald Colman starred in 2 films: Kismet (1944) and Random Harvest (1942)."),
     ("tell me about William Dieterle", "William Dieterle directed 1 film: Kismet (1944).")],
)  # fmt: skip
def test_who_a_person_is_is_their_films_in_their_main_role(qa: FilmQA, text: str, expected: str) -> None:
    reply = qa.answer(Question(text))
    assert reply.variables["answer"] == expected
    assert reply.person == expected.split(" starred")[0].split(" directed")[0]


def test_person_known_in_another_role(qa: FilmQA) -> None:
    text = answer(qa, "which films did Ronald Colman direct")
    assert text == "I know Ronald Colman, but not as a director in any film of my knowledge graph."


def test_a_longer_question_from_a_role_the_person_lacks_follows_their_other_role(qa: FilmQA) -> None:
    # Ronald Colman directed nothing: "the films he directed" in a longer question is read as
    # the films he acted in, and the answer says so
    text = answer(qa, "who wrote the films directed by Ronald Colman")
    assert text.startswith("Ronald Colman starred in 2 films; they were written by ")


def test_second_readings_swap_the_role_only_in_longer_questions() -> None:
    from kg.parser import Parse, Topic

    person = Topic("person", ["Ronald Colman"], "ronald colman")
    close = [("~directed_by>has_genre", 0.06), ("~written_by>written_by", 0.02)]
    two = Parse("~directed_by>written_by", person, confidence=0.9, alternatives=close)
    # the close second reading first, then the other roles, the likelier first
    assert FilmQA._second_readings(two) == [
        ("~directed_by>has_genre", 0.06),
        ("~written_by>written_by", 0.02),
        ("~starred_actors>written_by", 0.0),
    ]
    one = Parse("~directed_by", person, confidence=0.9, alternatives=[("~starred_actors", 0.001)],
                masked="films directed by xperson")  # fmt: skip
    assert FilmQA._second_readings(one) == []  # "films directed by X" is not about acting
    # "X films" names no role: every role may be what was meant
    roleless = Parse("~starred_actors", person, confidence=0.9, masked="xperson films")
    assert [p for p, _ in FilmQA._second_readings(roleless)] == ["~directed_by", "~written_by"]


def test_a_question_naming_no_role_answers_from_the_role_with_most_films(qa: FilmQA) -> None:
    assert answer(qa, "William Dieterle films") == "William Dieterle directed 1 film: Kismet (1944)."
    # ... but a role it names is kept
    assert answer(qa, "films starring William Dieterle") == (
        "I know William Dieterle, but not as an actor in any film of my knowledge graph."
    )


@pytest.mark.parametrize(
    "text",
    [
        "films with Ronald Colman and James Craig",
        "which films did James Craig and Ronald Colman act in together",
        "movies starring both Ronald Colman and James Craig",
    ],
)
def test_two_people_named_together_are_the_films_they_share(qa: FilmQA, text: str) -> None:
    reply = qa.answer(Question(text))
    # either may be the topic (the answer is the same): the other is the films' constraint
    topic, other = reply.query["topic"], reply.query["constraints"]["person"]
    assert {topic, other} == {"Ronald Colman", "James Craig"}
    # not Random Harvest: Ronald Colman's film without James Craig
    assert reply.variables["answer"] == f"{topic} starred in 1 film with {other}: Kismet (1944)."


def test_a_second_person_in_a_named_role(qa: FilmQA) -> None:
    reply = qa.answer(Question("films directed by William Dieterle starring Ronald Colman"))
    assert reply.variables["answer"] == "William Dieterle directed 1 film with Ronald Colman: Kismet (1944)."
    assert reply.query["constraints"]["person_role"] == "starred_actors"
    reply = qa.answer(Question("films directed by Mervyn LeRoy starring James Craig"))
    assert reply.variables["answer"] == (
        "I know Mervyn LeRoy and James Craig, but no film of my knowledge graph has both."
    )


def test_two_people_who_share_no_film_say_so(qa: FilmQA) -> None:
    reply = qa.answer(Question("films with Audrey Tautou and Ronald Colman"))
    topic, other = reply.query["topic"], reply.query["constraints"]["person"]
    assert {topic, other} == {"Audrey Tautou", "Ronald Colman"}
    assert (
        reply.variables["answer"]
        == f"I know {topic} and {other}, but no film of my knowledge graph has both."
    )


@pytest.mark.parametrize(
    "text",
    ["tell me about Kismet", "Kismet", "what do you know about kismet?", "info on the movie Kismet please"],
)
def test_a_film_named_with_no_question_gets_an_overview(qa: FilmQA, text: str) -> None:
    reply = qa.answer(Question(text))
    assert reply.variables == {
        "answer": "Kismet (1944) is in English. Directed by William Dieterle; written by Edward Knoblock;"
        " starring James Craig and Ronald Colman."  # its one tag, "bd-r", says nothing
    }
    assert reply.film == "Kismet" and reply.path == "overview"


def test_an_overview_leaves_out_tags_that_name_people_or_its_genres(qa: FilmQA) -> None:
    assert answer(qa, "tell me about Amelie") == (
        "Amélie (2001) is listed under Comedy, in French. Starring Audrey Tautou. Tagged paris."
    )


@pytest.mark.parametrize(
    "text, path", [("who directed Kismet", "directed_by"), ("what is kismet about", "has_tags")]
)
def test_a_question_about_a_film_is_no_overview(qa: FilmQA, text: str, path: str) -> None:
    assert qa.answer(Question(text)).path == path


@pytest.mark.parametrize(
    "masked, order",
    [
        ("what was xperson s first film", "first"),
        ("the most recent xperson movie", "latest"),
        ("xperson s debut", "first"),
        ("who starred in xperson s last film", "latest"),
        ("xperson s latest films", None),  # a list
        ("the first time xperson won", None),
        ("first of all who directed xfilm", None),
        ("xperson s first and latest film", None),  # both: neither is the one asked for
        ("films with xperson", None),
    ],
)
def test_superlative(masked: str, order) -> None:
    assert superlative(masked) == order


def test_the_first_or_latest_of_a_set_of_films(qa: FilmQA) -> None:
    reply = qa.answer(Question("what was Ronald Colman's first film"))
    assert reply.variables == {
        "answer": "Ronald Colman starred in 2 films; the first is Random Harvest (1942)."
    }
    assert reply.film == "Random Harvest"
    assert answer(qa, "who directed Ronald Colman's latest movie") == (
        "Ronald Colman starred in 2 films; the latest is Kismet (1944)."
        " Kismet was directed by William Dieterle."
    )
    assert answer(qa, "Ronald Colman's latest films").startswith("Ronald Colman starred in 2 films: ")


def test_a_question_naming_no_role_is_about_the_role_with_most_films(qa: FilmQA) -> None:
    from kg.parser import Parse, Topic

    person = Topic("person", ["William Dieterle"], "william dieterle")
    roleless = Parse(
        "~starred_actors>release_year", person, confidence=0.9, masked="when were xperson s films out"
    )
    assert qa._main_role(roleless).path == "~directed_by>release_year"
    named = Parse("~starred_actors", person, confidence=0.9, masked="films starring xperson")
    assert qa._main_role(named).path == "~starred_actors"


@pytest.mark.parametrize(
    ("path", "masked", "chosen"),
    [
        ("~directed_by", "what did xperson direct", ["Ingmar Bergman"]),  # clearly the director
        ("~starred_actors>starred_actors", "who did xperson act with", ["Ingrid Bergman"]),
        # no role named: neither has three times the other's films in all
        ("~starred_actors", "xperson films", ["Ingmar Bergman", "Ingrid Bergman", "Andrew Bergman"]),
        # a role where none of them clearly leads
        ("~written_by", "what did xperson write", ["Ingmar Bergman", "Ingrid Bergman", "Andrew Bergman"]),
    ],
)
def test_a_surname_several_people_share_is_the_one_the_role_names(
    path: str, masked: str, chosen: list[str]
) -> None:
    from kg.parser import Parse, Topic
    from kg.roles import one_of_them

    roles = {
        "Ingmar Bergman": {"directed_by": 36, "written_by": 30, "starred_actors": 2},
        "Ingrid Bergman": {"starred_actors": 23},
        "Andrew Bergman": {"directed_by": 5, "written_by": 15},
    }
    names = ["Ingmar Bergman", "Ingrid Bergman", "Andrew Bergman"]
    parse = Parse(path, Topic("person", names, "bergman"), confidence=0.9, masked=masked)
    resolved = one_of_them(parse, lambda name: roles[name])
    assert resolved.topic is not None and resolved.topic.names == chosen
    assert resolved.path == path


def test_a_shared_surname_is_one_mention_of_its_people() -> None:
    from kg.mentions import MentionFinder

    people = [("Ingmar Bergman", 60), ("Ingrid Bergman", 25), ("Andrew Bergman", 15), ("Tom Hanks", 40),
              ("John Hancock", 9), ("Herbie Hancock", 8)]  # fmt: skip
    finder = MentionFinder(
        {"person": people, "film": [("Persona", 5), ("Hancock", 7)]},
        short_names={"hanks": "Tom Hanks"},
        shared_names={
            "bergman": ["Ingmar Bergman", "Ingrid Bergman", "Andrew Bergman"],
            "ghost": ["Nobody Ghost"],
            "hancock": ["John Hancock", "Herbie Hancock"],  # a title first
        },
    )
    said = finder.find(finder.tokens("bergman or hanks or ghost or hancock"))
    assert [m.kinds for m in said if m.text == "hancock"] == [["film"]]
    found = {m.text: m.names["person"] for m in said if "person" in m.kinds}
    assert found == {
        "bergman": ["Ingmar Bergman", "Ingrid Bergman", "Andrew Bergman"],
        "hanks": ["Tom Hanks"],
    }


def test_one_fact_of_several_films_is_answered_for_each(qa: FilmQA) -> None:
    said = answer(qa, "who directed Kismet and Random Harvest")
    sentences = sorted(part.strip() for part in said.split(".") if part.strip())
    assert sentences == [
        "Kismet was directed by William Dieterle",
        "Random Harvest was directed by Mervyn LeRoy",
    ]


def test_two_questions_in_one_message_are_both_answered(qa: FilmQA) -> None:
    reply = qa.answer(Question("who plays in Amelie and what year is it from"))
    assert reply.variables == {"answer": "Amélie stars Audrey Tautou. Amélie was released in 2001."}
    assert reply.film == "Amélie" and reply.path == "release_year"
    # a merged title's note is said once
    said = answer(qa, "who directed Heat and when was it released")
    assert said.count("Note: in my data “Heat” names more than one film") == 1
    assert said.endswith("Heat was released in 1972 and 1995.")
    # a second part that reads as no question of its own: the message is read whole
    said = answer(qa, "who directed Kismet and what else did he direct")
    assert said.startswith("I found no films that way: Kismet was directed by William Dieterle, who also")


def test_two_hop_answer_says_the_path(qa: FilmQA) -> None:
    text = answer(qa, "who directed the films Ronald Colman starred in")
    assert (
        text == "Ronald Colman starred in 2 films; they were directed by Mervyn LeRoy and William Dieterle."
    )


def test_a_fact_only_some_of_the_films_have_is_said_to_be_theirs_only(qa: FilmQA) -> None:
    # Kismet is in English; Random Harvest has no language listed
    text = answer(qa, "what languages are the films Ronald Colman starred in")
    assert text == (
        "Ronald Colman starred in 2 films; my knowledge graph has the language of only some of them: English."
    )


def test_a_wider_second_reading_is_not_taken_for_a_fact_the_film_lacks(qa: FilmQA) -> None:
    # Kismet has no genre listed; its actors' other film (Random Harvest) has one, which is
    # not what was asked
    reply = qa.answer(Question("what genre would you call Kismet"))
    assert reply.variables["answer"] == "I don't know: my knowledge graph has no genre listed for Kismet."


def test_the_role_words_of_the_second_person_leave_the_first_ones_role_open(qa: FilmQA) -> None:
    # "star" is Ronald Colman's role; William Dieterle directed the film
    text = answer(qa, "which William Dieterle films star Ronald Colman")
    assert text == "William Dieterle directed 1 film with Ronald Colman: Kismet (1944)."


def test_a_bridge_the_film_lacks_says_what_is_missing(qa: FilmQA) -> None:
    # Amélie has no director listed: no "directed by nobody I know, who also directed 0 films"
    text = answer(qa, "who starred in the other films of the director of Amélie")
    assert text == "I don't know: my knowledge graph has no director listed for Amélie."


def test_three_hop_answer(qa: FilmQA) -> None:
    text = answer(qa, "which genres are the films starring the actors of Random Harvest")
    # Random Harvest is on the way, so its own genre counts; Kismet has none listed
    assert (
        text
        == "Random Harvest stars Ronald Colman, who also appear in 1 other film; they are listed under Drama."
    )


def test_costars(qa: FilmQA) -> None:
    text = answer(qa, "who has Ronald Colman acted with")
    assert text == "Ronald Colman starred in 2 films; their casts include James Craig."


def test_constraints_filter_the_last_films(qa: FilmQA) -> None:
    assert answer(qa, "which dramas did Ronald Colman star in") == (
        "Ronald Colman starred in 1 drama film: Random Harvest (1942)."
    )
    assert answer(qa, "what films did Ronald Colman star in before 1943") == (
        "Ronald Colman starred in 1 film from 1942 or earlier: Random Harvest (1942)."
    )


def test_constraints_that_leave_nothing_say_so(qa: FilmQA) -> None:
    text = answer(qa, "which comedies did Ronald Colman star in")
    assert text == "I know Ronald Colman, but no comedy films of theirs as an actor."


def test_films_of_a_tag_and_of_a_year(qa: FilmQA) -> None:
    assert answer(qa, "which films are about paris") == "1 film tagged “paris”: Amélie (2001)."
    assert (
        answer(qa, "what films came out in 1968") == "1 film came out in 1968: The Bride Wore Black (1968)."
    )


def test_follow_up_with_a_new_constraint_reuses_the_last_question(qa: FilmQA) -> None:
    first = qa.answer(Question("what films did Ronald Colman star in"))
    text = answer(qa, "what about the 40s ones?", context_person="Ronald Colman", last_query=first.query)
    assert text == "Ronald Colman starred in 2 films from the 1940s: Kismet (1944) and Random Harvest (1942)."
    text = answer(qa, "and the dramas?", context_person="Ronald Colman", last_query=first.query)
    assert text == "Ronald Colman starred in 1 drama film: Random Harvest (1942)."


def test_graph_down_raises(classifier: PathClassifier) -> None:
    down = FilmQA(cast(KnowledgeGraph, FakeGraph(down=True)), classifier_loader=lambda: classifier)
    with pytest.raises(GraphUnavailable):
        down.answer(Question("who directed Kismet"))


def test_a_name_nlu_missed_is_still_answered_honestly(qa: FilmQA) -> None:
    reply = qa.answer(Question("who directed Kismat?", context_film="Heat"))
    assert reply.outcome == "unknown_film_suggest"
    assert reply.variables == {"mention": "Kismat"}
    assert answer(qa, "who directed kismet please") == "Kismet was directed by William Dieterle."


def test_a_suggestion_button_answers_the_pending_question(qa: FilmQA) -> None:
    reply = qa.answer(Question("who wrote Kismat?"))
    assert reply.outcome == "unknown_film_suggest"
    payload = reply.buttons[0]["payload"]
    assert payload == '/ask_film{"film": "Kismet"}'
    text = answer(qa, payload, films=["Kismet"], last_query=reply.query)
    assert text == "Kismet was written by Edward Knoblock."


def test_a_button_without_a_pending_question_has_a_default(qa: FilmQA) -> None:
    assert answer(qa, '/ask_film{"person": "Ronald Colman"}', people=["Ronald Colman"]).startswith(
        "Ronald Colman starred in 2 films"
    )


@pytest.mark.parametrize(
    "text, path, shared",
    [
        ("Breakfast on Pluto same director?", "directed_by", "directed_by>~directed_by"),
        ("Bottle Rocket director other movies", "directed_by", "directed_by>~directed_by"),
        ("what else came out the year First Blood did", "release_year", "release_year>~release_year"),
        ("Other movies from Foxcatcher's year", "directed_by>~directed_by", "release_year>~release_year"),
        ("what else the Evita cast was in", "starred_actors", "starred_actors>~starred_actors"),
        ("movies with the same writer as Click", "has_tags>~has_tags", "written_by>~written_by"),
        # the fact itself, and longer questions, stay as read
        ("who else starred in Evita", "starred_actors", "starred_actors"),
        ("who directed Zodiac", "directed_by", "directed_by"),
        ("genres of films by the same director as Heat", "directed_by>~directed_by>has_genre",
         "directed_by>~directed_by>has_genre"),
    ],
)  # fmt: skip
def test_other_films_that_share_a_fact_are_the_bridge(text, path, shared) -> None:
    from kg.linker import normalise
    from kg.parser import Parse, Topic
    from kg.qa import sharing

    parse = Parse(path, Topic("film", ["X"], "x"), confidence=0.99)
    assert sharing(parse, normalise(text)).path == shared
    person = Parse("~directed_by", Topic("person", ["X"], "x"), confidence=0.99)
    assert sharing(person, normalise("other movies by the same director")).path == "~directed_by"


@pytest.mark.parametrize("text", ["who directed Staet of Play", "what language is staet of play in"])
def test_a_misspelt_title_with_a_question_word_inside_is_found(qa: FilmQA, text: str) -> None:
    # the guess stops at "of" ("Staet"); the words around it complete the title
    assert answer(qa, text).startswith("State of Play ")


def test_a_widened_guess_must_keep_the_title_s_own_words(qa: FilmQA) -> None:
    # "forgot" widened to "it forgot" shares words with "Go for It", but is not that title
    reply = qa.answer(Question("it forgot where i was in the movie"))
    assert "Go for It" not in str(reply.variables)


def test_a_longer_capitalised_name_is_not_found_not_a_shorter_film_inside_it(qa: FilmQA) -> None:
    reply = qa.answer(Question("who directed Black Swan"))
    assert (reply.outcome, reply.variables) == ("unknown_film_suggest", {"mention": "Black Swan"})
    assert [b["title"] for b in reply.buttons] == ["Black"]
    # written in lower case there is no sign of a longer name: the film Black is meant
    assert answer(qa, "who directed black swan") == "Black was directed by Sanjay Leela Bhansali."


def test_a_name_the_nlu_found_is_not_replaced_by_another_word_of_the_message(qa: FilmQA) -> None:
    # "kismett" is close to the film Kismet, but the name asked about is the unknown "Qwerty"
    assert qa._fuzzy_parts("qwerty kismett")[0].names == ["Kismet"]
    assert qa._fuzzy_parts("qwerty kismett", {"qwerty"}) == []
    assert qa._fuzzy_parts("Qwerty kismett") == []  # the capitalised word is the name
    reply = qa.answer(Question("what genre is Qwerty kismett", films=["Qwerty"]))
    assert (reply.outcome, reply.variables) == ("unknown_film", {"mention": "Qwerty"})


@pytest.mark.parametrize(
    "text, rating",
    [
        ("is Heat any good", True),
        ("how good is Heat", True),
        ("Heat, good or not?", True),
        ("heat! any good heist films", False),  # "good" is said of other films
        ("good heat only, nothing cold", False),  # "good" is said of the word
    ],
)
def test_good_said_of_other_films_asks_no_rating(qa: FilmQA, text: str, rating: bool) -> None:
    parse, _ = qa.understand(Question(text))
    assert parse is not None and parse.path == "has_imdb_rating", (text, parse)
    if rating:
        assert parse.confidence > NOT_A_RATING, text
    else:
        assert parse.confidence == NOT_A_RATING, text


def test_words_of_a_longer_title_are_no_misspelling_of_it() -> None:
    from kg.qa import _part_of

    assert _part_of(["world", "war"], "World War Z")  # "the first world war" is not the film
    assert not _part_of(["the", "brid", "wore", "black"], "The Bride Wore Black")  # a misspelling
    assert not _part_of(["bride", "wore", "black"], "The Bride Wore Black")  # all but the article


def test_a_rating_the_graph_lacks_is_what_movielens_users_gave(qa: FilmQA) -> None:
    assert answer(qa, "what is the rating of Amelie") == (
        "My knowledge graph has no IMDb rating listed for Amélie, but 120 MovieLens users rated it"
        " 4.2/5 on average."
    )
    assert answer(qa, "what is the rating of Kismet") == (
        "I don't know: my knowledge graph has no IMDb rating listed for Kismet."
    )


@pytest.mark.parametrize(
    ("text", "fact", "name"),
    [
        ("who produced Kismet", "producers", "Kismet"),
        ("how long is Random Harvest", "running times", "Random Harvest"),
        ("who wrote the soundtrack for Heat", "composers or music", "Heat"),
        ("where was Amelie filmed", "filming locations", "Amélie"),
        ("how old is Ronald Colman", "birthdays, ages or birthplaces", "Ronald Colman"),
        ("what awards did Audrey Tautou win", "awards", "Audrey Tautou"),
    ],
)
def test_a_fact_the_graph_lacks_is_said_to_be_missing(qa: FilmQA, text: str, fact: str, name: str) -> None:
    reply = qa.answer(Question(text))
    assert (reply.outcome, reply.variables) == ("missing_fact", {"fact": fact, "name": name})


@pytest.mark.parametrize(
    "text",
    [
        "who directed Kismet",  # a fact the graph holds
        "who wrote Kismet",  # "wrote", not "wrote the soundtrack"
        "films with Ronald Colman",
    ],
)
def test_a_fact_the_graph_holds_is_not_missing(qa: FilmQA, text: str) -> None:
    assert qa.answer(Question(text)).outcome == "answer"


def test_the_few_films_without_the_fact_asked_are_named(qa: FilmQA) -> None:
    assert answer(qa, "what genres are the films William Dieterle directed") == (
        "William Dieterle directed 1 film, but my knowledge graph has no genre listed for them."
        " That film is Kismet (1944)."
    )


@pytest.mark.parametrize(
    ("guess", "a_word"),
    [
        ("joke", True),
        ("sing", True),
        ("Joke", False),
        ("kubrik", False),
        ("dinosuars", False),
        ("a joke", False),
    ],
)
def test_an_everyday_word_is_no_misspelt_name(guess: str, a_word: bool) -> None:
    from kg.misspelt import _a_word

    assert _a_word(guess) is a_word


def test_what_films_share_is_what_each_of_them_has(qa: FilmQA) -> None:
    assert answer(qa, "which actors appeared in both Kismet and Random Harvest") == (
        "Kismet and Random Harvest have Ronald Colman in common (cast)."
    )
    assert answer(qa, "what genres do Kismet and Random Harvest have in common") == (
        "Kismet and Random Harvest have no genre in common in my knowledge graph."
    )
    # without "both" or "in common", each film's own answer
    assert answer(qa, "who starred in Kismet and Random Harvest") == (
        "Random Harvest stars Ronald Colman. Kismet stars James Craig and Ronald Colman."
    )


def test_two_roles_asked_at_once_are_both_answered(qa: FilmQA) -> None:
    assert answer(qa, "who wrote and directed Kismet") == (
        "Kismet was written by Edward Knoblock. Kismet was directed by William Dieterle."
    )
    assert answer(qa, "who directed and starred in Random Harvest") == (
        "Random Harvest was directed by Mervyn LeRoy. Random Harvest stars Ronald Colman."
    )


def test_filmed_in_a_language_is_the_language(qa: FilmQA) -> None:
    assert answer(qa, "Amelie was filmed in which language?") == "Amélie is in French."  # not a location
    assert qa.answer(Question("where did they shoot Amelie")).variables == {
        "fact": "filming locations", "name": "Amélie"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("path", "masked", "expected"),
    [
        ("~has_genre>has_tags", "a xgenre about cgenre", "~has_genre"),  # "a documentary about war"
        ("~has_genre>has_tags", "what are cgenre xgenre about", "~has_genre>has_tags"),  # their tags
        ("has_tags", "what is xfilm about", "has_tags"),
    ],
)
def test_about_a_constraint_asks_for_the_films_not_their_tags(path: str, masked: str, expected: str) -> None:
    parse = Parse(path, Topic("genre", ["Documentary"], "documentary"), masked=masked)
    assert about_a_constraint(parse).path == expected


def test_a_name_read_already_with_a_joiner_is_no_misspelt_title() -> None:
    """ "what would you suggest in spanish": the language, not the film The Spanish Main."""
    from kg.linker import EntityLinker
    from kg.misspelt import MisspeltNames

    linker = EntityLinker({"film": [("The Spanish Main", 3)], "person": [("Ann Spain", 1)]})
    names = MisspeltNames(lambda: linker, lambda: frozenset({"what", "would", "you"}))
    assert [t.names for t in names.parts("suggest in spanish")] == [["The Spanish Main"]]
    assert names.parts("suggest in spanish", named={"spanish"}) == []
