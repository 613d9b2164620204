"""Recommenders on small synthetic matrices with known answers; MovieLens title linking."""

import numpy as np
import pytest
import scipy.sparse as sp

from kg.ratings import link_movies, split_title
from recommender import models

# users 0-3 all liked item 0 and item 1; user 4 liked only item 1; item 3 is liked by nobody.
X = sp.csr_matrix(
    np.array(
        [[1, 1, 0, 0, 1], [1, 1, 1, 0, 0], [1, 1, 0, 0, 0], [1, 1, 1, 0, 0], [0, 1, 0, 0, 0]],
        dtype=float,
    )
)
FEATURES = sp.csr_matrix(np.array([[1, 0], [1, 0], [0, 1], [0, 1], [1, 1]], dtype=float))


@pytest.mark.parametrize("name", ["popularity", "itemknn", "ease", "als", "hybrid"])
def test_item_liked_by_all_neighbours_ranks_first(name):
    model = models.get(name).fit(X, FEATURES)
    history = X[4].toarray().ravel()
    top = models.top_k(model.score(history), 3, exclude=history > 0)
    assert top[0] == 0
    assert 1 not in top


def test_excluded_items_never_appear():
    model = models.get("ease").fit(X)
    top = models.top_k(model.score(np.zeros(5)), 10, exclude=np.array([0, 2]))
    assert set(top) == {1, 3, 4}


def test_content_follows_shared_features():
    model = models.get("content").fit(X, FEATURES)
    history = np.array([0, 0, 1, 0, 0], dtype=float)
    assert models.top_k(model.score(history), 1, exclude=history > 0)[0] == 3


def test_unknown_model_name():
    with pytest.raises(ValueError, match="unknown recommender"):
        models.get("magic")


def test_split_title_and_linking():
    assert split_title("Matrix, The (1999)") == (["The Matrix"], 1999)
    wiki = {"The Matrix": [1999], "Heat": [1972, 1995], "Kim": [1950]}
    links = link_movies({1: "Matrix, The (1999)", 2: "Heat (1995)", 3: "Kim (2011)"}, wiki)
    assert links == {1: "The Matrix", 2: "Heat"}
