"""Compute the recommender's artifacts from the data files, into their folder under ``models/``.

:func:`recommender.catalog.build` decides *whether* to build (the fingerprint, one build at a time);
this module is *what* is built, from the WikiMovies triples (the same file the graph is imported
from) and the MovieLens ratings:

- the film catalogue: every WikiMovies film with its years, and a binary feature matrix of its
  graph neighbours (``director:``, ``writer:``, ``actor:``, ``genre:``, ``tag:``, ``language:``;
  MovieLens genres are added as ``genre:`` for the films linked to MovieLens);
- MiniLM sentence embeddings of every tag and genre name; a film's embedding is the normalised
  mean of its tags' and genres' embeddings (so similar tags count, not only identical ones);
- the collaborative model named by ``ENCORE_RECOMMENDER_CF`` (EASE by default) fitted on the
  MovieLens films linked to the graph that have at least ``MIN_CF_RATINGS`` ratings;
- the evidence for explanations: who liked what (rating >= 4) and each film's rating count and mean;
- each film's rating certificates (the WikiMovies tags ``r``, ``g``, ``nc-17`` ...): not content
  features (they say nothing about what a film is like), but what audience filters need.

:func:`recommender.catalog.load` reads them back.
"""

from __future__ import annotations

import json
import logging
import pickle
import shutil
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

import numpy as np
import scipy.sparse as sp

from encore.settings import setting

logger = logging.getLogger(__name__)

MIN_CF_RATINGS = 5
LIKED = 4.0  # a rating that counts as "liked"
# Tags that say nothing about a film (ratings, formats, stray tokens); see kg.mentions.
UNINFORMATIVE_TAGS = frozenset(
    {"r", "pg", "pg-13", "bd-r", "bd-video", "dvd-video", "own", "original", "unique", "special", "story",
     "1", "2", "3", "imdb top 250", "good", "bad", "awesome", "boring"}
)  # fmt: skip
# Rating certificates among the tags: kept per film, apart from the features.
CERTIFICATES = frozenset({"g", "pg", "pg-13", "r", "nc-17", "x", "nr", "unrated"})


def cf_name(env: Optional[Mapping[str, str]] = None) -> str:
    """The collaborative model fitted into the artifacts: ``ENCORE_RECOMMENDER_CF``."""
    return str(setting("ENCORE_RECOMMENDER_CF", env))


def _film_features(
    triples: Any, ml_genres: dict[str, set[str]]
) -> tuple[list[str], list[list[int]], dict, dict[str, set[str]]]:
    titles = sorted(triples.movies)
    years = [list(triples.movies[t]["years"]) for t in titles]
    feats: dict[str, set[str]] = defaultdict(set)
    certificates: dict[str, set[str]] = defaultdict(set)
    people: dict[str, set[str]] = defaultdict(set)
    prefix = {"directed_by": "director", "written_by": "writer", "starred_actors": "actor"}
    for relation, kind in prefix.items():
        for row in triples.links[relation]:
            feats[row["title"]].add(f"{kind}:{row['value']}")
            people[row["title"]].add(row["value"].lower())
    for row in triples.links["has_genre"]:
        feats[row["title"]].add(f"genre:{row['value']}")
    for row in triples.links["in_language"]:
        feats[row["title"]].add(f"language:{row['value']}")
    for row in triples.links["has_tags"]:
        tag = row["value"].strip().lower()
        title = row["title"]
        if tag in CERTIFICATES:
            certificates[title].add(tag)
        # Tags that repeat the title or a person's name are not about the film's content.
        if tag in UNINFORMATIVE_TAGS or tag == title.lower() or tag in people[title] or tag.isdigit():
            continue
        feats[title].add(f"tag:{tag}")
    for title, genres in ml_genres.items():
        feats[title] |= {f"genre:{g}" for g in genres}
    return titles, years, feats, certificates


def write_artifacts(
    out_root: Path, folder: Path, fp: str, kb: Path, movielens: Path, encode: Optional[Callable]
) -> Path:
    """Build the artifacts in a temporary folder beside ``folder``, move it into place (older
    artifacts are removed) and return ``folder``."""
    from kg.importer import read_triples
    from kg.ratings import link_movies, read_movielens
    from recommender import models

    started = time.perf_counter()
    logger.info("building the recommender artifacts (%s) ...", folder.name)
    triples = read_triples(kb)
    data = read_movielens(movielens)
    links = link_movies(data.movies, {t: m["years"] for t, m in triples.movies.items()})
    ml_genres: dict[str, set[str]] = defaultdict(set)
    for movie_id, title in links.items():
        ml_genres[title] |= set(data.genres.get(movie_id, []))
    titles, years, feats, certificates = _film_features(triples, ml_genres)
    index = {t: i for i, t in enumerate(titles)}
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for title, names in feats.items():
        for name in sorted(names):
            rows.append(index[title])
            cols.append(vocab.setdefault(name, len(vocab)))
    features = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(titles), len(vocab)))
    feature_names = sorted(vocab, key=vocab.__getitem__)
    logger.info("catalogue: %d films, %d graph features", len(titles), len(vocab))

    # Sentence embeddings of tag and genre names, averaged per film.
    if encode is None:
        from minilm.encoder import encode as encode_texts

        encode = encode_texts
    content_cols = [j for j, n in enumerate(feature_names) if n.startswith(("tag:", "genre:"))]
    texts = [feature_names[j].split(":", 1)[1] for j in content_cols]
    logger.info("embedding %d tag and genre names with MiniLM ...", len(texts))
    vectors = encode(texts) if texts else np.zeros((0, 384), np.float32)
    sub = features[:, content_cols]
    embeddings = np.asarray(sub @ vectors, dtype=np.float32)
    norms = np.linalg.norm(embeddings, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    embeddings /= norms

    # Ratings over the graph's films (several MovieLens ids may link to one merged title).
    users = sorted({u for u, _, _, _ in data.ratings})
    user_row = {u: i for i, u in enumerate(users)}
    best: dict[tuple[int, int], tuple[int, float]] = {}
    for user, movie, rating, ts in data.ratings:
        if movie in links:
            key = (user_row[user], index[links[movie]])
            if key not in best or ts >= best[key][0]:
                best[key] = (ts, rating)
    r_rows = np.array([k[0] for k in best], dtype=np.int64)
    r_cols = np.array([k[1] for k in best], dtype=np.int64)
    r_vals = np.array([v[1] for v in best.values()], dtype=np.float32)
    shape = (len(users), len(titles))
    rated = sp.csr_matrix((np.ones_like(r_vals), (r_rows, r_cols)), shape=shape)
    liked = r_vals >= LIKED
    likes = sp.csc_matrix((np.ones(liked.sum(), np.float32), (r_rows[liked], r_cols[liked])), shape=shape)
    rating_count = np.asarray(rated.sum(axis=0)).ravel().astype(np.int32)
    sums = np.bincount(r_cols, weights=r_vals, minlength=len(titles))
    rating_mean = np.divide(sums, np.maximum(rating_count, 1)).astype(np.float32)
    cf_items = np.flatnonzero(rating_count >= MIN_CF_RATINGS)
    name = cf_name()
    logger.info(
        "fitting %s on %d users x %d films (%d ratings) ...", name, len(users), len(cf_items), len(best)
    )
    cf_model = models.get(name).fit(sp.csr_matrix(rated[:, cf_items]), sp.csr_matrix(features[cf_items]))
    for attr, value in list(vars(cf_model).items()):
        if isinstance(value, np.ndarray) and value.dtype == np.float64 and value.ndim == 2:
            setattr(cf_model, attr, value.astype(np.float32))

    tmp = out_root / f".recommender-{fp}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / "catalog.json").write_text(
        json.dumps(
            {
                "titles": titles,
                "years": years,
                "feature_names": feature_names,
                "cf_name": name,
                "certificates": {t: sorted(c) for t, c in sorted(certificates.items())},
            }
        )
    )
    sp.save_npz(tmp / "features.npz", features)
    sp.save_npz(tmp / "likes.npz", likes.tocsr())
    np.savez(tmp / "arrays.npz", embeddings=embeddings, cf_items=cf_items, rating_count=rating_count,
             rating_mean=rating_mean)  # fmt: skip
    with open(tmp / "cf_model.pkl", "wb") as handle:
        pickle.dump(cf_model, handle, protocol=pickle.HIGHEST_PROTOCOL)
    summary = {
        "fingerprint": fp,
        "films": len(titles),
        "features": len(feature_names),
        "cf_model": name,
        "cf_films": int(len(cf_items)),
        "users": len(users),
        "linked_ratings": len(best),
        "seconds": round(time.perf_counter() - started, 1),
    }
    (tmp / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (tmp / "done").write_text("ok\n")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    for old in out_root.glob("recommender-*"):  # artifacts of older data are never used again
        if old != folder and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    logger.info("built in %.1f s: %s", summary["seconds"], json.dumps(summary))
    return folder
