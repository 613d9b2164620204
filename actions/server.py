"""The action server: rasa-sdk's web app for this package, served in one process.

    python -m actions.server --port 5055      # takes the arguments of ``python -m rasa_sdk``

rasa-sdk 3.21 serves its app with Sanic 25's worker manager: ``python -m rasa_sdk`` builds the
actions in a manager process that answers no request, then starts a worker process with
multiprocessing's "spawn" that receives them pickled, constructors not run again. Encore's actions
start work when they are built (``ENCORE_PRELOAD``: the question parser, the FAQ retriever and the
recommender in a thread; the creative generator's worker process). Under the manager that work
is done where nothing uses it, the worker loads everything at its first message, and the memory is
taken twice. Before that, the server does not start at all: the generator's process, started while
the actions are built, fixes multiprocessing's start method, and the manager then stops with
"Start method 'spawn' was requested, but 'fork' was already set". rasa-sdk 3.6 (Sanic 21) served
in one process; this module does the same with rasa-sdk's own app
(:func:`rasa_sdk.endpoint.create_app_for_serve`: its ``/health``, ``/webhook`` and ``/actions``,
tracing from ``--endpoints``) in Sanic's single-process mode, plus ``/ready``: 200 once the
services are loaded, 503 before (what a start-up wait, a readiness probe or a balancer asks).
More capacity is more action servers behind the balancer (docs/deploy.md), as before.

Its executor keeps rasa-sdk 3.6's contract for the domain (:class:`SelectiveDomainExecutor`).

It listens on ``SANIC_HOST`` (the variable ``python -m rasa_sdk`` reads), 127.0.0.1 when unset.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any, Optional, Sequence

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app_for_serve, create_argument_parser, create_ssl_config
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions import services

WORKERS = "ACTION_SERVER_SANIC_WORKERS"  # rasa-sdk's; one process here, replicas for more


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = create_argument_parser()
    parser.prog = "python -m actions.server"
    parser.set_defaults(actions="actions")
    args = parser.parse_args(argv)
    if args.grpc:
        parser.error("--grpc: Encore's action server speaks HTTP to Rasa 3.6")
    if os.environ.get(WORKERS, "1").strip() not in ("", "1"):
        parser.error(f"{WORKERS}={os.environ[WORKERS]}: the action server is one process; run more of them")
    return args


def host() -> str:
    return os.environ.get("SANIC_HOST") or "127.0.0.1"


class SelectiveDomainExecutor(ActionExecutor):
    """rasa-sdk's executor, with rasa-sdk 3.6's contract for the domain: the call's, or an empty one.

    Rasa 3.6 sends the domain only to the actions that ask for it (``enable_selective_domain`` in
    the endpoints, encore/channels.py: it is the largest part of a call). rasa-sdk 3.21 answers a
    call without a domain, or without the digest of one it keeps, with 449, "send it again with
    the domain": a protocol of later Rasa versions that Rasa 3.6 does not speak, so every action
    call would fail. rasa-sdk 3.6 ran the action with ``{}``, and so does this; Encore's actions
    read no domain (they name their responses)."""

    def update_and_return_domain(self, payload: dict[str, Any], action_name: str) -> dict[str, Any]:
        domain = payload.get("domain")
        return domain if isinstance(domain, dict) else {}


async def readiness(request: Request) -> HTTPResponse:
    """``GET /ready``: 200 when the server's services are loaded (:func:`actions.services.ready`),
    503 while they load. ``/health`` answers as soon as the server listens."""
    if services.ready():
        return response.json({"status": "ready"})
    return response.json({"status": "loading"}, status=503)


def add_readiness(app: Sanic) -> None:
    app.add_route(readiness, "/ready", methods=["GET"], name="ready")


def build_executor(package: str) -> ActionExecutor:
    """Every action of ``package``, built here: in the process that will serve them."""
    executor = SelectiveDomainExecutor()
    executor.register_package(package)
    return executor


def main(argv: Optional[Sequence[str]] = None) -> None:  # pragma: no cover (serves until stopped)
    args = parse_args(argv)
    # The logging of python -m rasa_sdk (rasa_sdk.__main__.main_from_args).
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME),
        args.log_file,
        args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()
    executor = build_executor(args.actions_module or args.actions)
    app = create_app_for_serve(
        executor, cors_origins=args.cors, auto_reload=args.auto_reload, endpoints=args.endpoints
    )
    add_readiness(app)
    ssl = create_ssl_config(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    app.run(host=host(), port=args.port, ssl=ssl, single_process=True)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
