import pytest

from kg.linker import AMBIGUOUS, EXACT, FUZZY, UNKNOWN, EntityLinker, normalise, without_nicknames

FILMS = [
    ("The Bride Wore Black", 12), ("Amélie", 10), ("Heat", 20), ("Memento", 18), ("It", 5),
    ("Kismet", 6), ("Solaris", 4), ("Solaris!", 2), ("The Thing", 9), ("Thing", 1), ("Up", 125), ("Up!", 4),
]  # fmt: skip


@pytest.fixture
def linker() -> EntityLinker:
    return EntityLinker({"film": FILMS, "person": [("Ronald Colman", 4), ("Ronald Coleman", 1)]})


@pytest.mark.parametrize(
    "text, key",
    [("Amélie!", "amelie"), ("  THE  Bride, Wore Black ", "the bride wore black"),
     ("Dr. Strangelove", "dr strangelove"), ("Tom & Jerry", "tom and jerry"), ("Bob's", "bobs")],
)  # fmt: skip
def test_normalise(text: str, key: str) -> None:
    assert normalise(text) == key


@pytest.mark.parametrize("mention", ["memento", "MEMENTO", "Memento?"])
def test_case_and_punctuation_are_ignored(linker: EntityLinker, mention: str) -> None:
    result = linker.link(mention, "film")
    assert (result.status, result.name) == (EXACT, "Memento")


def test_accents_are_ignored(linker: EntityLinker) -> None:
    assert linker.link("Amelie", "film").name == "Amélie"


def test_leading_article_may_be_left_out(linker: EntityLinker) -> None:
    assert linker.link("bride wore black", "film").name == "The Bride Wore Black"


def test_exact_title_wins_over_article_variant(linker: EntityLinker) -> None:
    assert linker.link("thing", "film").name == "Thing"
    assert linker.link("the thing", "film").name == "The Thing"


def test_small_typo_is_linked_fuzzily(linker: EntityLinker) -> None:
    result = linker.link("the brid wore black", "film")
    assert (result.status, result.name) == (FUZZY, "The Bride Wore Black")


def test_typo_in_short_name_is_offered_not_guessed(linker: EntityLinker) -> None:
    result = linker.link("kismat", "film")
    assert result.status == UNKNOWN and result.name is None
    assert result.candidates[0] == "Kismet"


def test_two_names_with_the_same_key_are_ambiguous(linker: EntityLinker) -> None:
    result = linker.link("solaris", "film")
    assert result.status == AMBIGUOUS and set(result.candidates) == {"Solaris", "Solaris!"}


@pytest.mark.parametrize("mention", ["up", "Up", "UP!"])
def test_a_name_with_many_times_the_facts_of_its_twin_is_meant(linker: EntityLinker, mention: str) -> None:
    result = linker.link(mention, "film")  # Up (the Pixar film), not Up! (a 1976 film)
    assert (result.status, result.name) == (EXACT, "Up")


def test_two_close_fuzzy_matches_are_ambiguous(linker: EntityLinker) -> None:
    person = linker.link("Ronald Colemann", "person")
    assert person.status == AMBIGUOUS and set(person.candidates) == {"Ronald Colman", "Ronald Coleman"}


def test_unknown_name_has_no_answer(linker: EntityLinker) -> None:
    result = linker.link("Zzyzx Qwerty", "film")
    assert result.status == UNKNOWN and not result.found and result.candidates == []


@pytest.mark.parametrize("mention", ["", "   ", "?!", "🎬🍿"])
def test_empty_mentions_are_unknown(linker: EntityLinker, mention: str) -> None:
    assert linker.link(mention, "film").status == UNKNOWN


def test_find_in_text_prefers_the_longest_name(linker: EntityLinker) -> None:
    assert linker.find_in_text("who directed the bride wore black?", "film") == ["The Bride Wore Black"]


def test_find_in_text_never_matches_a_pronoun(linker: EntityLinker) -> None:
    assert linker.find_in_text("and who was in it?", "film") == []


def test_find_in_text_bounds_huge_input(linker: EntityLinker) -> None:
    assert linker.find_in_text("memento " + "x " * 50_000, "film") == ["Memento"]


def test_a_title_cut_short_by_nlu_is_extended(linker: EntityLinker) -> None:
    linker = EntityLinker({"film": FILMS + [("Black", 3)]})
    result = linker.link_in_context("black", "who directed the brid wore black", "film")
    assert result.name == "The Bride Wore Black"
    assert linker.link_in_context("black", "who directed black?", "film").name == "Black"
    assert linker.link_in_context("heat", "who directed heat in 1995", "film").name == "Heat"


def test_context_never_drops_a_found_name(linker: EntityLinker) -> None:
    assert linker.link_in_context("Memento", "what is Memento about", "film").name == "Memento"
    assert linker.link_in_context("kismet", "unrelated text", "film").name == "Kismet"


@pytest.mark.parametrize(
    "text, mention",
    [
        ("who directed Kismat?", "Kismat"),
        ("what films did Qwxz Zyxwv star in?", "Qwxz Zyxwv"),
        ("who directed the brid wore black", "brid wore black"),
        ("and who was in it?", None),
        ("what about the cast?", None),
        ("who acted with him?", None),
        ("", None),
        ("🎬🍿", None),
    ],
)
def test_guess_mention(linker: EntityLinker, text: str, mention) -> None:
    assert linker.guess_mention(text) == mention


PEOPLE = {"dwayne johnson", "earvin johnson", "ronald colman"}


@pytest.mark.parametrize(
    "text, expected",
    [("dwayne 'the rock' johnson in something fun", "dwayne johnson in something fun"),
     ('films with Earvin "Magic" Johnson', "films with Earvin Johnson"),
     ("what did Ronald ‘The Voice’ Colman star in", "what did Ronald Colman star in"),
     # not a person's two words around the quotes: a quoted title stays
     ("is 'the rock' with sean connery any good", "is 'the rock' with sean connery any good"),
     ("i liked 'heat' and 'ronin'", "i liked 'heat' and 'ronin'"),
     ("Kubrick's 'The Shining' director", "Kubrick's 'The Shining' director")],
)  # fmt: skip
def test_a_quoted_nickname_inside_a_name_is_left_out(text: str, expected: str) -> None:
    assert without_nicknames(text, PEOPLE.__contains__) == expected
