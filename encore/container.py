"""What the images of the compose layout run (``deploy/Dockerfile.actions``, ``deploy/Dockerfile.rasa``).

The images keep the repository at ``/app`` and the two environments where ``bin/encore`` keeps
them (``.venvs/actions``, ``.venvs/rasa``), so the build steps are the local stack's own
(:class:`encore.stack.Stack`), not a second copy of them:

- ``python -m encore.container artifacts`` (the action server's image, at build time): the MiniLM
  export, the FAQ index and sentiment model, the recommender's artifacts and the question parser.
  None of them reads the graph (the recommender reads the same triple file the graph is imported
  from), so no Neo4j is needed to build the image.
- ``python -m encore.container train`` (the Rasa image, at build time): the Rasa model.
- ``python -m encore.container rasa`` (the Rasa image's entry point): writes the credentials the
  server runs with, ``credentials.yml`` plus every channel of ``deploy/channels.yml`` whose
  variables are set (:mod:`encore.channels`: placeholders only, no token in the file), then
  becomes ``rasa run`` with the token from ``RASA_TOKEN``, on ``RASA_HOST`` and ``RASA_PORT``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Mapping, Optional, Sequence

from encore.settings import ROOT, Settings, environment, load_settings

# Where the Rasa container writes its credentials (owned by the image's user).
RUN_DIR = ROOT / "run"
DEPLOY_ENDPOINTS = ROOT / "deploy" / "endpoints.yml"


def rasa_command(credentials: Path, settings: Settings) -> list[str]:
    """``rasa run`` of a container: on ``RASA_HOST``:``RASA_PORT`` (the images set 0.0.0.0:5005,
    the compose network's side; nothing is published but the load balancer), with the compose
    endpoints, the rendered credentials and ``RASA_TOKEN``."""
    from encore.stack import MODEL_DIR, MODEL_NAME, RASA_VENV

    if not settings.rasa_token:
        raise SystemExit("RASA_TOKEN is not set: the Rasa server's HTTP API needs a token")
    return [
        str(RASA_VENV / "bin" / "rasa"), "run", "--model", str(MODEL_DIR / f"{MODEL_NAME}.tar.gz"),
        "--endpoints", str(DEPLOY_ENDPOINTS), "--credentials", str(credentials),
        "--interface", settings.rasa_host, "--port", str(settings.rasa_port), "--enable-api",
        # one argument: a token may start with "-" (encore.stack.Stack.rasa)
        f"--auth-token={settings.rasa_token}",
    ]  # fmt: skip


def write_credentials(env: Mapping[str, str], folder: Path = RUN_DIR) -> Path:
    """The credentials a Rasa container runs with, from ``env`` (its environment)."""
    from encore.channels import CHANNEL_TEMPLATES, CREDENTIALS, credentials_config, load_yaml, write_yaml

    config = credentials_config(load_yaml(CREDENTIALS), load_yaml(CHANNEL_TEMPLATES), env)
    return write_yaml(folder / "credentials.yml", config, "Input channels of the Rasa server.")


def build_artifacts() -> None:
    from encore.stack import Stack

    stack = Stack(load_settings())
    stack.export_encoder()
    stack.build_support_models()
    stack.build_recommender()
    stack.build_parser()


def train() -> None:
    from encore.stack import Stack

    Stack(load_settings()).train()


def run_rasa(env: Optional[Mapping[str, str]] = None) -> None:  # pragma: no cover (replaces the process)
    from encore.stack import QUIET_ENV

    env = dict(env if env is not None else environment())
    credentials = write_credentials(env)
    cmd = rasa_command(credentials, load_settings(env))
    # Rasa's training cache is not used by `rasa run`; pointed at the writable folder all the same.
    quiet = {**QUIET_ENV, "RASA_CACHE_DIRECTORY": str(RUN_DIR / "rasa-cache")}
    os.execve(cmd[0], cmd, {**os.environ, **quiet})  # noqa: S606 (the server replaces this process)


def main(argv: Sequence[str]) -> int:
    commands = {"artifacts": build_artifacts, "train": train, "rasa": run_rasa}
    if len(argv) != 1 or argv[0] not in commands:
        print(f"usage: python -m encore.container {{{','.join(commands)}}}", file=sys.stderr)
        return 2
    commands[argv[0]]()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
