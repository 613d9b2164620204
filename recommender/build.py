"""Build the recommender's artifacts into ``models/`` if the data changed: ``python -m recommender.build``.

Run by ``bin/encore up`` and the test session before the action server starts. The action server
builds them lazily too (logged) when they are missing.
"""

from __future__ import annotations

import argparse
import logging
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
os.environ.setdefault("OMP_NUM_THREADS", "2")

from recommender.catalog import build, models_dir  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if the fingerprint matches")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="  recommender: %(message)s")
    build(models_dir(), force=args.force)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
