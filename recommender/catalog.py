"""The recommender's artifacts: built once from the data files into ``models/``, loaded lazily.

``python -m recommender.build`` (run by ``bin/encore up`` and the test session) builds them with
:func:`build`; what they hold, and how it is computed, is :mod:`recommender.artifacts`.
:class:`Catalog` is what the recommender service reads: the artifacts loaded (:func:`load`), with
the indexes and weights derived from them once.

Everything lands in ``models/recommender-<fingerprint>/``. The fingerprint hashes the input files,
the build code and the build parameters, like the Rasa training fingerprint: any change means a
rebuild; an unchanged input means nothing to do.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

import numpy as np
import scipy.sparse as sp

from encore.settings import ROOT, models_dir, setting
from recommender.artifacts import MIN_CF_RATINGS, cf_name, write_artifacts
from recommender.ranking import idf_weighted

logger = logging.getLogger(__name__)

MOVIELENS_DIR = ROOT / "kg" / "data" / "movielens"
CODE = tuple(ROOT / "recommender" / name for name in ("catalog.py", "artifacts.py", "models.py"))
FORMAT = 2


def kb_path(env: Optional[Mapping[str, str]] = None) -> Path:
    """``ENCORE_KB`` (a relative path is taken from the repository root; default: WikiMovies' kb.txt.gz)."""
    return Path(setting("ENCORE_KB", env))


def fingerprint(kb: Optional[Path] = None, movielens: Path = MOVIELENS_DIR, cf: Optional[str] = None) -> str:
    digest = hashlib.sha256(f"format={FORMAT};cf={cf or cf_name()};min={MIN_CF_RATINGS}".encode())
    for path in (kb or kb_path(), *(movielens / n for n in ("movies.csv", "ratings.csv", "tags.csv")), *CODE):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class Catalog:
    """Everything the recommender service needs, over one item index (the graph's films)."""

    titles: list[str]
    years: list[list[int]]
    features: sp.csr_matrix  # items x features, binary
    feature_names: list[str]
    embeddings: np.ndarray  # items x 384, float32, unit length (zero rows: no tags/genres)
    cf_items: np.ndarray  # CF column -> item index
    cf_model: Any  # fitted recommender.models.Recommender over cf_items
    cf_name: str
    likes: sp.csc_matrix  # MovieLens users x items, 1 where rated >= 4
    rating_count: np.ndarray  # per item, MovieLens ratings linked to it
    rating_mean: np.ndarray
    fingerprint: str
    certificates: Optional[list[list[str]]] = None  # per item, e.g. ["r"]; [] when none is known

    def __post_init__(self) -> None:
        if self.certificates is None:
            self.certificates = [[] for _ in self.titles]
        self.index = {t: i for i, t in enumerate(self.titles)}
        self.feature_index = {f: j for j, f in enumerate(self.feature_names)}
        self.cf_column = np.full(len(self.titles), -1, dtype=np.int64)
        self.cf_column[self.cf_items] = np.arange(len(self.cf_items))
        self.min_year = np.array([min(y) if y else 0 for y in self.years])
        self.max_year = np.array([max(y) if y else 0 for y in self.years])
        self.features_csc = self.features.tocsc()
        # Feature weights: rarer neighbours say more (idf), so a shared director outweighs "Drama".
        self.features_weighted, self.idf = idf_weighted(self.features)
        self.degree = np.diff(self.features.indptr).astype(np.float64)
        self.has_embedding = np.linalg.norm(self.embeddings, axis=1) > 0
        # Who liked each film (MovieLens user rows), for "people who liked X also rated this highly".
        likes = self.likes.tocsc()
        self.likers = [
            frozenset(likes.indices[likes.indptr[i] : likes.indptr[i + 1]].tolist())
            for i in range(likes.shape[1])
        ]
        self._feature_sets: dict[int, frozenset[str]] = {}

    def feature_set(self, item: int) -> frozenset[str]:
        cached = self._feature_sets.get(item)
        if cached is None:
            f = self.features
            cached = frozenset(self.feature_names[j] for j in f.indices[f.indptr[item] : f.indptr[item + 1]])
            self._feature_sets[item] = cached
        return cached

    def film_features(self, item: int, prefix: str = "") -> list[str]:
        return sorted(f for f in self.feature_set(item) if f.startswith(prefix))


def build(
    out_root: Optional[Path] = None,
    kb: Optional[Path] = None,
    movielens: Path = MOVIELENS_DIR,
    encode: Optional[Callable[[list[str]], np.ndarray]] = None,
    force: bool = False,
) -> Path:
    """Build the artifacts unless the ones for this fingerprint exist; return their folder."""
    out_root = out_root or models_dir()
    kb = kb or kb_path()
    fp = fingerprint(kb, movielens)
    folder = out_root / f"recommender-{fp}"
    if (folder / "done").is_file() and not force:
        logger.info("artifacts up to date (%s)", folder.name)
        return folder
    out_root.mkdir(parents=True, exist_ok=True)
    with open(out_root / ".recommender.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time; a waiting one finds it done
        if (folder / "done").is_file() and not force:
            return folder
        return write_artifacts(out_root, folder, fp, kb, movielens, encode)


def load(folder: Path) -> Catalog:
    meta = json.loads((folder / "catalog.json").read_text(encoding="utf-8"))
    arrays = np.load(folder / "arrays.npz")
    with open(folder / "cf_model.pkl", "rb") as handle:
        cf_model = pickle.load(handle)  # noqa: S301 (our own artifact, written by build())
    return Catalog(
        titles=meta["titles"],
        years=meta["years"],
        features=sp.load_npz(folder / "features.npz").tocsr(),
        feature_names=meta["feature_names"],
        embeddings=arrays["embeddings"],
        cf_items=arrays["cf_items"],
        cf_model=cf_model,
        cf_name=meta["cf_name"],
        likes=sp.load_npz(folder / "likes.npz").tocsc(),
        rating_count=arrays["rating_count"],
        rating_mean=arrays["rating_mean"],
        fingerprint=folder.name.split("-", 1)[1],
        certificates=[sorted(meta.get("certificates", {}).get(t, [])) for t in meta["titles"]],
    )


def ensure(out_root: Optional[Path] = None) -> Catalog:
    """Load the artifacts of the current data, building them first if needed (logged)."""
    return load(build(out_root))
