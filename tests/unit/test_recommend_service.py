"""The recommendation service on a tiny synthetic catalogue built by the real build code:
artifacts and their fingerprint, the dialogue parser, feedback, exclusions, explanations, and the
ranking function it shares with the benchmark (pinned to the scores the service gave before)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from encore.user_store import UserStore
from kg.linker import EntityLinker
from recommender import catalog as catalog_mod
from recommender import dialogue, ranking
from recommender.conversation import new_state
from recommender.listing import recommend
from recommender.profiles import ProfileStore
from recommender.service import RecommenderService
from recommender.years import parse_years

# Eight films; Nolan's three share a director; the two comedies share a tag.
KB = """\
Memento|directed_by|Christopher Nolan
Memento|release_year|2000
Memento|has_tags|memory
Memento|has_tags|mystery
Memento|has_genre|Thriller
Insomnia|directed_by|Christopher Nolan
Insomnia|release_year|2002
Insomnia|has_genre|Thriller
Insomnia|has_tags|police
Following|directed_by|Christopher Nolan
Following|release_year|1998
Following|has_tags|mystery
Heat|directed_by|Michael Mann
Heat|release_year|1995
Heat|release_year|1972
Heat|starred_actors|Al Pacino
Heat|has_tags|heist
Heat|has_tags|crime
Heat|has_genre|Crime
Collateral|directed_by|Michael Mann
Collateral|release_year|2004
Collateral|has_tags|crime
Collateral|has_genre|Crime
Amélie|release_year|2001
Amélie|has_genre|Comedy
Amélie|in_language|French
Amélie|has_tags|paris
Le Dîner de Cons|release_year|1998
Le Dîner de Cons|has_genre|Comedy
Le Dîner de Cons|in_language|French
Le Dîner de Cons|has_tags|paris
The Shining|release_year|1980
The Shining|has_genre|Horror
The Shining|directed_by|Stanley Kubrick
"""
MOVIES = """movieId,title,genres
1,Memento (2000),Mystery|Thriller
2,Insomnia (2002),Thriller
3,Following (1998),Mystery
4,Heat (1995),Crime
5,Collateral (2004),Crime
6,Amelie (2001),Comedy
7,"Dinner Game, The (1998)",Comedy
8,"Shining, The (1980)",Horror
"""
# Users 1-6 like Heat and Collateral together; users 7-9 like Memento and Insomnia.
RATINGS = ["userId,movieId,rating,timestamp"]
for u in range(1, 7):
    RATINGS += [f"{u},4,5.0,{100 + u}", f"{u},5,4.5,{200 + u}", f"{u},6,3.0,{300 + u}"]
for u in range(7, 10):
    RATINGS += [f"{u},1,5.0,{100 + u}", f"{u},2,4.0,{200 + u}", f"{u},8,4.0,{300 + u}"]
for u in range(1, 10):
    RATINGS += [f"{u},8,3.0,{400 + u}"] if u < 7 else []


def profile_store(tmp_path: Path) -> ProfileStore:
    """Taste profiles in the test's own SQLite file, never the database the settings name."""
    return ProfileStore(tmp_path / "recommend", UserStore(f"sqlite:///{tmp_path / 'users.db'}"))


def fake_encode(texts: list[str]) -> np.ndarray:
    out = np.zeros((len(texts), 8), np.float32)
    for i, t in enumerate(texts):
        seed = int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)
        out[i] = np.random.default_rng(seed).normal(size=8)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("recdata")
    (root / "kb.txt").write_text(KB, encoding="utf-8")
    ml = root / "movielens"
    ml.mkdir()
    (ml / "movies.csv").write_text(MOVIES, encoding="utf-8")
    (ml / "ratings.csv").write_text("\n".join(RATINGS) + "\n", encoding="utf-8")
    (ml / "tags.csv").write_text("userId,movieId,tag,timestamp\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(data_dir: Path, tmp_path_factory):
    out = tmp_path_factory.mktemp("models")
    folder = catalog_mod.build(
        out, kb=data_dir / "kb.txt", movielens=data_dir / "movielens", encode=fake_encode
    )
    return out, folder


@pytest.fixture(scope="module")
def cat(built):
    return catalog_mod.load(built[1])


LINKER = EntityLinker(
    {
        "film": [(t, 5) for t in ["Memento", "Insomnia", "Following", "Heat", "Collateral", "Amélie",
                                  "Le Dîner de Cons", "The Shining"]],
        "person": [("Christopher Nolan", 9), ("Jonathan Nolan", 2), ("Michael Mann", 5), ("Al Pacino", 7),
                   ("Stanley Kubrick", 4)],
        "genre": [("Comedy", 2), ("Crime", 2), ("Thriller", 2), ("Horror", 1)],
        "language": [("French", 2), ("English", 1)],
    }
)  # fmt: skip


class FakeGraph:
    def __init__(self, ratings: dict[int, list[tuple[str, float]]]):
        self.ratings = ratings

    def user_ratings(self, user: int) -> list[tuple[str, float]]:
        return self.ratings.get(user, [])


MOVIELENS_RATINGS = {7: [("Memento", 5.0), ("Insomnia", 4.0)]}


@pytest.fixture
def service(cat, tmp_path: Path) -> RecommenderService:
    graph = FakeGraph(MOVIELENS_RATINGS)
    return RecommenderService(lambda: LINKER, graph, cat, profile_store(tmp_path), demo_identities=True)


def shown(reply) -> list[str]:
    return reply.shown


# -- artifacts -----------------------------------------------------------------------------------


def test_build_is_skipped_when_the_data_is_unchanged_and_redone_when_it_changes(data_dir, tmp_path):
    out, ml = tmp_path / "models", data_dir / "movielens"
    folder = catalog_mod.build(out, kb=data_dir / "kb.txt", movielens=ml, encode=fake_encode)
    stamp = (folder / "done").stat().st_mtime_ns
    again = catalog_mod.build(out, kb=data_dir / "kb.txt", movielens=ml, encode=fake_encode)
    assert again == folder and (folder / "done").stat().st_mtime_ns == stamp
    changed = tmp_path / "kb.txt"
    changed.write_text(KB + "Heat|has_tags|los angeles\n", encoding="utf-8")
    rebuilt = catalog_mod.build(out, kb=changed, movielens=ml, encode=fake_encode)
    assert rebuilt != folder and (rebuilt / "done").is_file()
    assert not folder.exists()  # the stale artifacts are removed
    loaded = catalog_mod.load(rebuilt)
    assert "tag:los angeles" in loaded.film_features(loaded.index["Heat"])


def test_catalog_links_ratings_and_features(cat):
    heat = cat.index["Heat"]
    assert cat.rating_count[heat] == 6 and cat.rating_mean[heat] == pytest.approx(5.0)
    assert "director:Michael Mann" in cat.film_features(heat)
    assert "actor:Al Pacino" in cat.film_features(heat)
    assert "tag:crime" in cat.film_features(heat)
    assert cat.rating_count[cat.index["Le Dîner de Cons"]] == 0  # "Dinner Game, The" does not link
    assert cat.cf_name == "ease" and len(cat.cf_items) == 4  # films with >= 5 ratings


# -- the parser ---------------------------------------------------------------------------------


def test_likes_and_dislikes_with_a_surname_and_genres():
    p = dialogue.parse("I like Nolan and sci-fi, I hate horror", LINKER)
    assert [(m.kind, m.name) for m in p.likes] == [("person", "Christopher Nolan"), ("genre", "Sci-Fi")]
    assert [(m.kind, m.name) for m in p.dislikes] == [("genre", "Horror")]


def test_loved_films_and_a_seed():
    p = dialogue.parse("I loved Heat and Collateral, what next?", LINKER)
    assert [m.name for m in p.likes] == ["Heat", "Collateral"]
    p = dialogue.parse("something like Memento", LINKER)
    assert [m.name for m in p.seeds] == ["Memento"] and not p.likes


def test_unknown_title_keeps_suggestions():
    p = dialogue.parse("something like Mementoz Qwxyz", LINKER)
    assert not p.seeds and p.unknown and p.unknown[0].text.lower() == "mementoz qwxyz"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("only after 2000", {"year_min": 2001}),
        ("a thriller from the 90s", {"year_min": 1990, "year_max": 1999}),
        ("only films before 1980", {"year_max": 1979}),
        ("something from 1995", {"year_min": 1995, "year_max": 1995}),
        ("since 2005", {"year_min": 2005}),
    ],
)
def test_years(text, expected):
    assert parse_years(text) == expected


def test_feedback_targets():
    last = ["Insomnia", "Heat", "Amélie"]
    p = dialogue.parse("more like the second one", LINKER, last)
    assert p.more_like and p.targets == [1]
    p = dialogue.parse("seen it", LINKER, last)
    assert p.seen and not p.targets
    p = dialogue.parse("I've seen Amélie", LINKER, last)
    assert p.target_titles == ["Amélie"]
    assert dialogue.parse("something lighter", LINKER, last).filters == {"mood": "light"}


# -- the service --------------------------------------------------------------------------------


def test_similar_films_come_with_their_evidence(service):
    reply = service.respond("u1", "something like Memento", "request")
    assert reply.outcome == "list"
    assert "Memento" not in reply.shown
    assert reply.shown[0] in ("Insomnia", "Following")
    assert "same director as Memento (Christopher Nolan)" in reply.variables["films"]


def test_never_recommends_seen_disliked_or_already_shown(service):
    state, banned = None, set()
    for text, kind in [
        ("recommend me a film", "request"),
        ("seen it", "feedback"),
        ("not the second one", "feedback"),
        ("recommend me a film", "request"),
    ]:
        reply = service.respond("u2", text, kind, state)
        state = reply.state
        if reply.outcome != "list":
            break
        assert not banned & set(reply.shown), (text, reply.shown)
        banned |= set(reply.shown)
    assert set(state["seen"]) and set(state["dislikes"])


def test_stated_tastes_are_used_at_once_and_remembered(service):
    reply = service.respond("u3", "I like Nolan, I hate horror", "taste")
    assert "Noted: you like Christopher Nolan; you don't like Horror" in reply.variables["intro"]
    assert "The Shining" not in reply.shown
    assert "directed by Christopher Nolan, whom you like" in reply.variables["films"]
    fresh = service.respond("u3", "recommend me a film", "request", None)
    assert "Welcome back! I remember you like Christopher Nolan" in fresh.variables["intro"]
    assert "The Shining" not in fresh.shown


def test_contradiction_is_said_and_left_out(service):
    reply = service.respond("u4", "I love horror but I hate horror", "taste")
    assert "both like and dislike Horror" in reply.variables["note"]
    assert "Horror" not in reply.state["like_features"] and "Horror" not in reply.state["dislike_features"]


def test_unknown_title_is_honest_with_buttons(service):
    reply = service.respond("u5", "something like Collaterals Damage", "request")
    assert reply.outcome == "unknown_film"
    assert reply.variables["mention"] == "Collaterals Damage"
    assert reply.buttons == [{"title": "Collateral", "payload": "something like Collateral"}]
    typo = service.respond("u5", "something like Mementoz", "request")
    assert typo.outcome == "list" and "Memento" in typo.variables["intro"]


def test_an_unknown_title_beside_what_else_was_asked_is_noted_and_the_rest_answered(service):
    # "a thriller like Collaterals Damage": still thrillers, with a note, not a question back
    reply = service.respond("u5b", "a thriller like Collaterals Damage", "request")
    assert reply.outcome == "list" and reply.shown
    assert all(t in {"Memento", "Insomnia"} for t in reply.shown)
    note = "I couldn't find “Collaterals Damage” in my film graph, so I left it out."
    assert note in reply.variables["note"]


def test_a_title_two_films_share_is_asked_about_not_called_unknown(cat, tmp_path):
    # "insomnia" is Insomnia or Insomnia! (names that differ only in punctuation, neither with
    # many times the facts of the other): the note says which two, not that there is none
    twins = EntityLinker({**{k: list(v.weight.items()) for k, v in LINKER.vocab.items()},
                          "film": [*LINKER.vocab["film"].weight.items(), ("Insomnia!", 3)]})  # fmt: skip
    service = RecommenderService(lambda: twins, None, cat, profile_store(tmp_path))
    reply = service.respond("u5c", "a thriller like insomnia", "request")
    assert reply.outcome == "list" and reply.shown
    note = "“insomnia” could be Insomnia or Insomnia!, so I left it out; tell me which one and I'll use it."
    assert note in reply.variables["note"]
    assert "couldn't find" not in reply.variables["note"]


def test_filter_with_nothing_left_offers_the_nearest(service):
    reply = service.respond("u6", "a french comedy from 1950", "request")
    assert reply.outcome == "list"
    assert "These are the nearest" in reply.variables["note"]
    assert set(reply.shown) <= {"Amélie", "Le Dîner de Cons"}


def test_returning_movielens_user_gets_their_ratings_used(service):
    reply = service.respond("movielens:7", "recommend me a film", "request")
    assert "From your 2 ratings (MovieLens user 7)" in reply.variables["intro"]
    assert not {"Memento", "Insomnia"} & set(reply.shown)


def test_movielens_user_without_ratings_is_told_so(service):
    reply = service.respond("movielens:4242", "recommend me a film", "request")
    assert "I have no ratings from MovieLens user 4242" in reply.variables["note"]
    assert reply.shown


@pytest.mark.parametrize("value", ["", "0", "off"])
def test_without_demo_identities_a_movielens_sender_is_nobody_in_particular(
    cat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
):
    monkeypatch.setenv("ENCORE_DEMO_IDENTITIES", value)  # blank: the default, off
    graph = FakeGraph(MOVIELENS_RATINGS)
    service = RecommenderService(lambda: LINKER, graph, cat, profile_store(tmp_path))
    assert service.demo_identities is False
    reply = service.respond("movielens:7", "recommend me a film", "request")
    assert "MovieLens" not in reply.variables.get("intro", "") + reply.variables.get("note", "")
    assert "Memento" in reply.shown or "Insomnia" in reply.shown  # the ratings were not excluded
    assert reply.variables["intro"].startswith("You haven't told me what you like yet")  # a cold start


def test_demo_identities_are_turned_on_by_the_setting(cat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ENCORE_DEMO_IDENTITIES", "1")
    graph = FakeGraph(MOVIELENS_RATINGS)
    service = RecommenderService(lambda: LINKER, graph, cat, profile_store(tmp_path))
    reply = service.respond("movielens:7", "recommend me a film", "request")
    assert "From your 2 ratings (MovieLens user 7)" in reply.variables["intro"]


def test_when_everything_was_shown_the_answer_says_so(service, cat):
    state, shown = None, []
    for _ in range(6):
        reply = service.respond("u7", "recommend me a film", "request", state)
        state = reply.state
        if reply.outcome == "nothing":
            break
        shown += reply.shown
    assert reply.outcome == "nothing"
    assert len(shown) == len(set(shown))  # each film once
    # cold start: every film with evidence for a new user (>= 3 ratings), none without
    assert set(shown) == {t for i, t in enumerate(cat.titles) if cat.rating_count[i] >= 3}


# -- the ranking (recommender.ranking.score) ----------------------------------------------------

# Recorded from RecommenderService._score before the ranking moved to recommender.ranking (same
# catalogue, same inputs): (mode, weights, history title -> weight, liked features, seeded,
# focus) -> the total score, then the personal evidence, per film in title order (Amélie,
# Collateral, Following, Heat, Insomnia, Le Dîner de Cons, Memento, The Shining).
# fmt: off
RANKING_BEFORE = [
    (('hybrid', None, {}, [], False, False),
     [0.520033333, 0.880033333, 3.3333e-05, 1.0001, 0.508587594, 3.3333e-05, 0.613872384, 0.697521036],
     [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
    (('hybrid', None, {'Memento': 1.0}, [], False, False),
     [0.15601, 0.319887268, 1.113604733, 0.462948478, 0.596518268, 1e-05, 1.684161715, 0.220841859],
     [0.0, 0.0, 0.728727125, 0.0, 0.431129808, 0.0, 1.0, 0.0]),
    (('hybrid', None, {'Heat': 1.0}, [], False, False),
     [3.600166667, 5.589960624, 0.039481261, 5.270499995, 2.542937972, 0.000166667, 3.098687246, 4.487418336],
     [1.0, 1.716268988, 0.0, 1.0, 0.0, 0.0, 0.0, 0.999813158]),
    (('hybrid', None, {'Heat': 1.0, 'Collateral': 2.0}, [], True, False),
     [1.026001667, 0.199619242, 0.028365205, 0.688532091, 0.02542938, 1.667e-06, 0.041083612, 1.034595739],
     [1.0, 1.0, 0.0, 1.395543842, 0.0, 0.0, 0.0, 0.999719687]),
    (('hybrid', None, {'Heat': 1.0, 'Memento': 1.0, 'The Shining': 1.0}, [], False, False),
     [2.300083333, 3.282555794, 0.098019018, 2.637092666, 1.32714279, 8.3333e-05, 1.679120466, 1.881510763],
     [1.0, 1.71626897, 0.728727125, 0.999999975, 0.431129808, 0.0, 1.0, 1.009714172]),
    (('hybrid', None, {}, ['director:Christopher Nolan'], False, True),
     [0.15601, 0.26401, 1.00001, 0.30003, 1.083306556, 1e-05, 0.912888941, 0.209256311],
     [0.0, 0.0, 1.0, 0.0, 0.930730278, 0.0, 0.728727226, 0.0]),
    (('hybrid', None, {}, ['genre:Comedy', 'tag:paris'], False, False),
     [1.15601, 0.26401, 1e-05, 0.30003, 0.152576278, 1.00001, 0.184161715, 0.209256311],
     [1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]),
    (('hybrid', None, {'Heat': 1.0}, ['genre:Comedy'], False, True),
     [0.859888133, 1.618420876, 0.218424411, 1.80002997, 0.152576278, 0.403888133, 0.347080193, 0.509200258],
     [1.403878133, 1.716268988, 0.0, 1.0, 0.0, 0.403878133, 0.0, 0.999813158]),
    (('hybrid', (0.7, 0.2, 0.1, 0.5), {'Heat': 1.0, 'Amélie': 1.0}, ['director:Michael Mann'], False, False),
     [1.396468713, 2.564903637, 0.095902902, 2.153615597, 0.77639608, 0.746468713, 0.793332052, 1.571639715],
     [0.775623439, 1.86881239, 0.0, 1.0, 0.0, 0.775623439, 0.0, 0.999626315]),
    (('popularity', None, {'Heat': 1.0}, [], False, False),
     [0.520033333, 0.880033333, 3.3333e-05, 1.0001, 0.508587594, 3.3333e-05, 0.613872384, 0.697521036],
     [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
    (('content', None, {'Heat': 1.0}, ['genre:Crime'], False, False),
     [0.520033333, 1.748845723, 3.3333e-05, 2.0001, 0.508587594, 3.3333e-05, 0.613872384, 0.697521036],
     [0.0, 0.86881239, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]),
    (('ease', None, {'Heat': 1.0, 'The Shining': 2.0}, [], False, False),
     [1.520033333, 1.880033333, 3.3333e-05, 1.49514763, 0.508587594, 3.3333e-05, 0.613872384, 0.697521036],
     [1.0, 1.0, 0.0, 0.49504763, 0.0, 0.0, 0.0, 0.0]),
    (('itemknn', None, {'Heat': 1.0}, [], False, False),
     [0.520033333, 0.880033333, 3.3333e-05, 1.0001, 0.508587594, 3.3333e-05, 0.613872384, 0.697521036],
     [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
]
# ... and the films _recommend showed, with their reasons: (likes, seeds, ratings, liked features).
RECOMMEND_BEFORE = [
    (([], [], {}, {}),
     [
         ('Heat', 'rated 5.0/5 on average by 6 MovieLens users'),
         ('Collateral', 'rated 4.5/5 on average by 6 MovieLens users'),
         ('The Shining', 'rated 3.3/5 on average by 9 MovieLens users'),
         ('Memento', 'rated 5.0/5 on average by 3 MovieLens users'),
     ]),
    ((['Heat'], [], {}, {}),
     [
         ('Collateral', 'same director as Heat (Michael Mann)'),
         ('The Shining', 'rated 3.3/5 on average by 9 MovieLens users'),
         ('Amélie', 'rated 3.0/5 on average by 6 MovieLens users'),
         ('Memento', 'rated 5.0/5 on average by 3 MovieLens users'),
     ]),
    (([], ['Memento'], {}, {}),
     [
         ('Following', 'same director as Memento (Christopher Nolan)'),
         ('Insomnia', 'same director as Memento (Christopher Nolan)'),
         ('Heat', 'rated 5.0/5 on average by 6 MovieLens users'),
         ('Collateral', 'rated 4.5/5 on average by 6 MovieLens users'),
     ]),
    (([], [], {'Memento': 5.0, 'Insomnia': 4.0}, {}),
     [
         ('Following', 'same director as Insomnia (Christopher Nolan)'),
         ('The Shining', '3 people who liked Insomnia also rated this highly'),
         ('Heat', 'rated 5.0/5 on average by 6 MovieLens users'),
         ('Amélie', 'rated 3.0/5 on average by 6 MovieLens users'),
     ]),
    (([], [], {}, {'Christopher Nolan': ['director:Christopher Nolan']}),
     [
         ('Insomnia', 'directed by Christopher Nolan, whom you like'),
         ('Following', 'directed by Christopher Nolan, whom you like'),
         ('Memento', 'directed by Christopher Nolan, whom you like'),
         ('Heat', 'rated 5.0/5 on average by 6 MovieLens users'),
     ]),
]
# fmt: on


def _by_index(cat, titles: dict[str, float]) -> dict[int, float]:
    return {cat.index[t]: w for t, w in titles.items()}


@pytest.mark.parametrize("case, total, personal", RANKING_BEFORE)
def test_ranking_scores_as_the_service_did_before(cat, case, total, personal):
    mode, w, history, feats, seeded, focus = case
    scores = ranking.score(
        ranking.Items.from_catalog(cat), _by_index(cat, history), feats,
        ranking.Weights(*w) if w else ranking.Weights(), mode, seeded=seeded, focus=focus,
    )  # fmt: skip
    # float32 embeddings: the last digits differ between CPUs (1.5e-8 seen); a change of the
    # ranking moves scores by far more than 1e-6
    assert scores.total.tolist() == pytest.approx(total, abs=1e-6)
    assert scores.personal.tolist() == pytest.approx(personal, abs=1e-6)
    assert scores.history == sorted(_by_index(cat, history))


@pytest.mark.parametrize("case, films", RECOMMEND_BEFORE)
def test_service_recommends_as_before(service, cat, case, films):
    likes, seeds, ratings, feats = case
    state = {**new_state(), "likes": likes, "seeds": seeds, "like_features": feats}
    ranked, _ = recommend(cat, state, ratings, service.weights, service.name)
    assert [(cat.titles[i], reason) for i, reason in ranked] == films


def test_ranking_items_from_matrices_are_the_catalogs(cat):
    """The benchmark builds the ranking's inputs from matrices (Items.build), the service from the
    catalogue: the same matrices give the same inputs and the same scores."""
    built = ranking.Items.build(cat.features, cat.feature_names, cat.embeddings, cat.cf_model, cat.cf_items,
                                cat.cf_name, cat.rating_count, cat.rating_mean)  # fmt: skip
    from_cat = ranking.Items.from_catalog(cat)
    assert abs(built.features_weighted - from_cat.features_weighted).max() < 1e-12
    assert built.idf.tolist() == pytest.approx(from_cat.idf.tolist())
    assert built.prior.tolist() == pytest.approx(from_cat.prior.tolist())
    assert built.cf_column.tolist() == from_cat.cf_column.tolist()
    assert built.has_embedding.tolist() == from_cat.has_embedding.tolist()
    history = _by_index(cat, {"Heat": 1.0, "Memento": 1.0})
    a = ranking.score(built, history, ["genre:Comedy"])
    b = ranking.score(from_cat, history, ["genre:Comedy"])
    assert a.total.tolist() == pytest.approx(b.total.tolist())


def test_history_weights_keep_good_ratings_likes_and_seeds():
    weights = ranking.history_weights({1: 5.0, 2: 2.5, 3: 3.0}, likes=[4], seeds=[1, 5])
    assert weights == {1: ranking.SEED_WEIGHT, 3: 1.0, 4: 1.0, 5: ranking.SEED_WEIGHT}


def test_a_shared_surname_said_as_a_maker_is_the_one_who_clearly_directed(cat):
    from recommender.constraints import film_maker

    assert film_maker(cat, ["Jonathan Nolan", "Christopher Nolan"]) == "Christopher Nolan"  # 3 films
    assert film_maker(cat, ["Michael Mann", "Al Pacino"]) is None  # 2 films: not clearly a director's name
    assert film_maker(cat, ["Al Pacino"]) is None


@pytest.mark.parametrize(
    "text, maker",
    [
        ("which bergman film would you suggest", True),
        ("bergman's movies for a beginner", True),
        ("something by bergman", True),
        ("something with bergman", False),  # an actor as much as a director
        ("bergman in something light", False),
    ],
)
def test_a_surname_said_as_a_films_maker(text, maker):
    assert dialogue.said_as_maker(text, "bergman") is maker
