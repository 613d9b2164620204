"""Evidence for a recommendation: co-raters (neighbours' ratings) and shared tags/genres."""

from __future__ import annotations

from typing import Optional

import numpy as np
import scipy.sparse as sp


def explain(
    item: int,
    history: np.ndarray,
    co_counts: np.ndarray,
    features: sp.csr_matrix,
    feature_names: list[str],
    min_co_raters: int = 3,
) -> Optional[dict]:
    """Best evidence linking ``item`` to the user's ``history`` (item indices), or None.

    ``co_counts[i, j]`` is how many users rated both i and j. Prefers neighbours' ratings (the
    history film with most co-raters), then the tags and genres ``item`` shares with a history film.
    """
    history = np.asarray(history, dtype=np.int64)
    if history.size == 0:
        return None
    co = co_counts[history, item]
    best = int(np.argmax(co))
    if co[best] >= min_co_raters:
        return {"kind": "co_rated", "because": int(history[best]), "users": int(co[best])}
    own = set(features[item].indices)
    for h in history:
        shared = own & set(features[int(h)].indices)
        if shared:
            names = sorted(feature_names[f].split(":", 1)[1] for f in shared)
            return {"kind": "shared_features", "because": int(h), "shared": names[:3]}
    return None
