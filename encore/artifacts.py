"""Models the project trains itself, cached as pickles under ``models/`` (base layer: the
capabilities share it, it imports nothing of theirs)."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path
from typing import Any, Callable, Optional

logger = logging.getLogger(__name__)


def cached_pickle(
    path: Optional[Path],
    train: Callable[[], Any],
    what: str,
    usable: Callable[[Any], bool] = lambda model: True,
) -> Any:
    """The object pickled at ``path`` when it is there, readable and ``usable``; otherwise
    ``train()``'s, written to ``path`` atomically (a temporary file, then a rename) for next
    time. ``path`` None: train, cache nothing. ``what`` names the model in the log."""
    if path is not None and path.is_file():
        try:
            with open(path, "rb") as handle:
                model = pickle.load(handle)  # noqa: S301 (our own file in models/)
            if usable(model):
                return model
            logger.warning("%s does not fit the current data; training %s again", path, what)
        except Exception:  # a stale or truncated file: train again
            logger.warning("could not read %s; training %s again", path, what)
    logger.info("training %s ...", what)
    model = train()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as handle:
            pickle.dump(model, handle)
        tmp.replace(path)
    return model
