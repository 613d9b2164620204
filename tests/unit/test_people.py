"""Short names of people (kg.people): a surname, a rare first name or a nickname names a person
only when one person clearly has it."""

from kg.linker import EntityLinker
from kg.people import NICKNAMES, common_title_words, linker_names, short_names


def test_a_surname_names_its_best_connected_person_when_they_dominate() -> None:
    names = short_names(
        {"Orla Penhallow": 12, "Ian Penhallow": 3, "Tobias Burton": 9, "Rhea Burton": 8, "Ada Lint": 2}
    )
    assert names.unique["penhallow"] == "Orla Penhallow"  # 12 >= 3 x 3
    assert "burton" not in names.unique  # 9 vs 8: nobody clearly
    assert names.ambiguous["burton"] == ["Tobias Burton", "Rhea Burton"]
    assert "lint" not in names.unique and "lint" not in names.ambiguous  # too few links to be known by it


def test_a_rare_first_name_of_a_well_connected_person_names_them() -> None:
    names = short_names({"Keanu Reeves": 40, "Orla Penhallow": 5, "Keanu Smith": 2, "Tom Keanu": 1})
    assert "keanu" not in names.unique  # a surname too ("Tom Keanu"): a first name does not win it
    names = short_names({"Keanu Reeves": 40, "Keanu Smith": 2})
    assert names.unique["keanu"] == "Keanu Reeves"


def test_nicknames_name_the_people_the_graph_has() -> None:
    names = short_names({"Joel Coen": 10, "Ethan Coen": 30, "Alfred Hitchcock": 50})
    assert names.groups["coens"] == ("Joel Coen", "Ethan Coen")
    assert names.unique["hitch"] == "Alfred Hitchcock"
    assert "marty" not in names.groups  # Martin Scorsese is not in this graph
    assert set(NICKNAMES) >= set(names.groups)
    names = short_names({"Shah Rukh Khan": 10, "Salman Khan": 8, "Amitabh Bachchan": 14, "Elvis Presley": 25})
    assert names.unique["srk"] == "Shah Rukh Khan" and "khan" not in names.unique
    assert names.unique["big b"] == "Amitabh Bachchan" and names.unique["elvis"] == "Elvis Presley"


def test_words_of_many_titles_are_words() -> None:
    titles = ["King Kong", "The King of Comedy", "The Lion King", "The Kings Speech", "Kismet"]
    assert common_title_words(titles) == frozenset({"king", "the"})


def test_the_names_of_a_linker_are_worked_out_once() -> None:
    linker = EntityLinker(
        {
            "person": [("Stanley Kubrick", 9), ("Jack Nicholson", 5)],
            "film": [("The Shining", 3), ("The King", 1)],
        }
    )
    names = linker_names(linker)
    assert names.short.unique["kubrick"] == "Stanley Kubrick"
    assert names.title_words["the"] == 2
    assert linker_names(linker) is names
