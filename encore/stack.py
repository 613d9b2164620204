"""The processes that make up Encore and how to build, start and stop them.

A :class:`Stack` is one set of ports and one state folder: ``./encore up`` uses the default
profile (``.encore/``), the test suite its own (``.encore/test/``, other ports), so tests never
touch a running assistant.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from encore.procs import Service, ServiceError
from encore.settings import ROOT, STATE_DIR, Settings, environment
from encore.training_data import MODEL_DIR, rasa_data, training_fingerprint

VENVS = ROOT / ".venvs"
RASA_VENV = VENVS / "rasa"
ACTIONS_VENV = VENVS / "actions"
NEO4J_SERVER = ROOT / "kg" / "server"
NEO4J_MAIN = "org.encore.kg.EmbeddedNeo4j"
MODEL_NAME = "encore"

QUIET_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    # Rasa's training cache; beside the models so that separate model folders never share it.
    "RASA_CACHE_DIRECTORY": str(MODEL_DIR / ".rasa-cache"),
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "PYTHONWARNINGS": "ignore",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    # config.yml names a component of this repository (rasa_plugins.intent), the endpoints its
    # tracker store: every Rasa process imports from the repository root.
    "PYTHONPATH": str(ROOT),
    # ... and finds the MiniLM export where training put it.
    "ENCORE_MODELS_DIR": str(MODEL_DIR),
}


def nginx_program() -> str:
    """Debian's nginx: in /usr/sbin, which is not on every user's PATH."""
    return shutil.which("nginx") or "/usr/sbin/nginx"


def run(cmd: list[str], **kwargs: object) -> None:
    """Run a build step; exit with its message if it fails."""
    result = subprocess.run(cmd, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise ServiceError(f"command failed ({result.returncode}): {' '.join(map(str, cmd))}")


def _http_ok(url: str, timeout: float = 2.0) -> bool:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback only)
        return 200 <= response.status < 300


def _listening(host: str, port: int) -> bool:
    with socket.create_connection((host, port), timeout=2.0):
        return True


@dataclass
class Stack:
    settings: Settings
    state: Path = STATE_DIR

    # -- paths ------------------------------------------------------------------------------

    @property
    def logs(self) -> Path:
        return self.state / "logs"

    @property
    def run_dir(self) -> Path:
        return self.state / "run"

    @property
    def model_path(self) -> Path:
        return MODEL_DIR / f"{MODEL_NAME}.tar.gz"

    # -- Neo4j ------------------------------------------------------------------------------

    def build_neo4j(self) -> list[str]:
        """Compile the launcher and resolve Neo4j's jars with Maven (once); return the classpath."""
        target = NEO4J_SERVER / "target"
        cp_file = target / "classpath.txt"
        sources = [NEO4J_SERVER / "pom.xml", *sorted((NEO4J_SERVER / "src").rglob("*.java"))]
        built = cp_file.is_file() and all(cp_file.stat().st_mtime >= s.stat().st_mtime for s in sources)
        if not built:
            print("  neo4j: resolving Neo4j from Maven Central and compiling the launcher ...", flush=True)
            run(
                [
                    "mvn",
                    "-B",
                    "-q",
                    "-f",
                    str(NEO4J_SERVER / "pom.xml"),
                    "package",
                    "dependency:build-classpath",
                    f"-Dmdep.outputFile={cp_file}",
                ]
            )
        return [str(target / "classes"), cp_file.read_text().strip()]

    def neo4j(self) -> Service:
        s = self.settings
        log = self.logs / "neo4j.log"

        def cmd() -> list[str]:
            return [
                "java", f"-Xmx{s.neo4j_heap}", f"-Xms{s.neo4j_heap}", "-XX:+UseG1GC",
                # Neo4j's own launcher opens these; without them it falls back to slower I/O.
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp", os.pathsep.join(self.build_neo4j()),
                NEO4J_MAIN, "--home", str(s.neo4j_home), "--host", s.neo4j_host, "--port", str(s.neo4j_port),
            ]  # fmt: skip

        def ready() -> bool:
            return _log_has(log, "ENCORE_NEO4J_READY", since=self._start_marker(log))

        return Service(
            "neo4j", cmd, log, self.run_dir / "neo4j.pid", ready,
            env=self.neo4j_env(), cwd=ROOT, start_timeout=180,
        )  # fmt: skip

    def neo4j_env(self) -> dict[str, str]:
        """What the local engine's launcher reads from its environment (EmbeddedNeo4j.java)."""
        s = self.settings
        env = {"NEO4J_PASSWORD": s.neo4j_password, "NEO4J_PAGECACHE": s.neo4j_pagecache}
        if s.neo4j_tx_memory:
            env["NEO4J_TX_MEMORY"] = s.neo4j_tx_memory
        return env

    def _start_marker(self, log: Path) -> int:
        """Offset of the last start in ``log``: readiness lines before it are stale."""
        try:
            data = log.read_bytes()
        except OSError:
            return 0
        return max(data.rfind(b"\n--- "), 0)

    def import_kb(self, force: bool = False) -> None:
        cmd = [str(ACTIONS_VENV / "bin" / "python"), "-m", "kg.importer"]
        if force:
            cmd.append("--force")
        run(cmd, cwd=ROOT, env={**os.environ, **self.service_env()})
        # MovieLens ratings, linked to the WikiMovies films (kg/ratings.py); skipped when loaded.
        run(cmd[:2] + ["kg.ratings"] + cmd[3:], cwd=ROOT, env={**os.environ, **self.service_env()})

    # -- Rasa -------------------------------------------------------------------------------

    def export_encoder(self) -> None:
        """Export MiniLM to ONNX once (seconds): the NLU pipeline, FAQ retrieval, sentiment, the
        recommender and the question parser all encode with it."""
        export = [str(ACTIONS_VENV / "bin" / "python"), "-m", "minilm.encoder"]
        run(export, cwd=ROOT, env={**os.environ, **QUIET_ENV})

    def model_current(self) -> bool:
        """Whether the trained Rasa model matches data, domain and config (its fingerprint)."""
        stamp = MODEL_DIR / f"{MODEL_NAME}.fingerprint"
        return (
            self.model_path.is_file()
            and stamp.is_file()
            and stamp.read_text().strip() == training_fingerprint()
        )

    def _train_command(self) -> list[str]:
        return [
            str(RASA_VENV / "bin" / "rasa"), "train", "--fixed-model-name", MODEL_NAME,
            "--out", str(MODEL_DIR), "--domain", "domain.yml", "--config", "config.yml",
            "--data", *rasa_data(),
        ]  # fmt: skip

    def _trained(self, fingerprint: str) -> Path:
        (MODEL_DIR / f"{MODEL_NAME}.fingerprint").write_text(fingerprint)
        return self.model_path

    def train(self, force: bool = False) -> Path:
        """Train the Rasa model unless the trained one matches data, domain and config."""
        if not force and self.model_current():
            return self.model_path
        MODEL_DIR.mkdir(exist_ok=True)
        fingerprint = training_fingerprint()
        self.export_encoder()
        print("  rasa: training the model (a few minutes on a laptop CPU) ...", flush=True)
        run(self._train_command(), cwd=ROOT, env={**os.environ, **QUIET_ENV})
        return self._trained(fingerprint)

    def start_training(self) -> Optional[Training]:
        """Start training the Rasa model in the background unless it is current (then None);
        its output goes to ``logs/train.log``. :meth:`Training.finish` waits for it."""
        if self.model_current():
            return None
        MODEL_DIR.mkdir(exist_ok=True)
        fingerprint = training_fingerprint()
        self.export_encoder()
        log = self.logs / "train.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        print(f"  rasa: training the model in the background (a few minutes; log {log})", flush=True)
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                self._train_command(), cwd=ROOT, env={**os.environ, **QUIET_ENV},
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        return Training(proc, log, lambda: self._trained(fingerprint))

    def endpoints_file(self) -> Path:
        """This stack's endpoints (action server, tracker store, lock store), in its state folder."""
        from encore.channels import endpoints_config, write_yaml

        config = endpoints_config(self.settings, self.state)
        return write_yaml(self.state / "endpoints.yml", config, "Endpoints of the Rasa server.")

    def credentials_file(self) -> Path:
        """credentials.yml plus the messaging channels whose variables are set (no secrets)."""
        from encore.channels import CHANNEL_TEMPLATES, CREDENTIALS, credentials_config, load_yaml, write_yaml

        config = credentials_config(load_yaml(CREDENTIALS), load_yaml(CHANNEL_TEMPLATES), environment())
        return write_yaml(self.state / "credentials.yml", config, "Input channels of the Rasa server.")

    def channel_env(self) -> dict[str, str]:
        """Tokens of the enabled messaging channels (from the environment or .env) for Rasa."""
        from encore.channels import CHANNEL_TEMPLATES, channel_env, load_yaml

        return channel_env(load_yaml(CHANNEL_TEMPLATES), environment())

    def rasa(self, port: Optional[int] = None, name: str = "rasa") -> Service:
        """The Rasa server on the settings' port, or on ``port`` under ``name`` (its log and pid
        file): one of several replicas on one tracker store (:class:`encore.scaleout.ScaleOut`)."""
        s = self.settings
        port = port or s.rasa_port

        def cmd() -> list[str]:
            # Built at start: the effective endpoints/credentials are written only then.
            return [
                str(RASA_VENV / "bin" / "rasa"), "run", "--model", str(self.model_path),
                "--endpoints", str(self.endpoints_file()), "--credentials", str(self.credentials_file()),
                "--interface", s.rasa_host, "--port", str(port), "--enable-api",
                # One argument: a generated token may start with "-", which argparse would
                # otherwise read as an option.
                f"--auth-token={s.rasa_token}", "--cors", "*",
            ]  # fmt: skip

        def ready() -> bool:
            return _http_ok(f"http://{s.rasa_host}:{port}/status?token={s.rasa_token}")

        return Service(
            name, cmd, self.logs / f"{name}.log", self.run_dir / f"{name}.pid", ready,
            env={**QUIET_ENV, **self.channel_env()}, cwd=ROOT, start_timeout=240,
        )  # fmt: skip

    # -- action server ------------------------------------------------------------------------

    def service_env(self) -> dict[str, str]:
        """Environment of the action server and tools: where Neo4j is, with what password."""
        s = self.settings
        env = {
            "NEO4J_URI": s.neo4j_uri,
            "NEO4J_USER": s.neo4j_user,
            "NEO4J_PASSWORD": s.neo4j_password,
            "PYTHONPATH": str(ROOT),
            **QUIET_ENV,
        }
        if s.neo4j_database:
            env["NEO4J_DATABASE"] = s.neo4j_database
        # Profiles and tickets: one SQL database (encore/user_store.py), named here so a test stack
        # never writes to a database named in .env.
        env["USER_STORE_URL"] = self.user_store_url()
        # Customer service: the folder of the FAQ and of the JSON files migrated from.
        env["ENCORE_SUPPORT_DIR"] = str(s.support_dir or self.state / "support")
        # Recommendations: what users said about their taste (recommender/profiles.py).
        env["ENCORE_RECOMMEND_DIR"] = str(s.recommend_dir or self.state / "recommend")
        return env

    def user_store_url(self) -> str:
        """Where users' profiles and tickets are kept: ``USER_STORE_URL``, else the tracker store's
        database (conversations and user data erased together), else ``users.db`` in the state folder."""
        s = self.settings
        return s.user_store_url or s.tracker_store_url or f"sqlite:///{(self.state / 'users.db').resolve()}"

    def build_support_models(self) -> None:
        """Build the FAQ index and train the sentiment model if missing (seeded, under 2 minutes)."""
        run([str(ACTIONS_VENV / "bin" / "python"), "-m", "support.build"], cwd=ROOT,
            env={**os.environ, **self.service_env()})  # fmt: skip

    def build_parser(self) -> None:
        """Train the film-question parser into models/ unless its templates and code are unchanged."""
        from kg.parser import PathClassifier

        print("  film questions: checking the question parser (retrained when templates change; its MiniLM"
              " second opinion takes about a minute)", flush=True)  # fmt: skip
        PathClassifier.load_or_train(MODEL_DIR)

    def build_recommender(self, force: bool = False) -> None:
        """Build the recommender's artifacts into models/ unless they match the data (fingerprint)."""
        print("  recommender: checking the recommendation models (rebuilt when the data changed)", flush=True)
        cmd = [str(ACTIONS_VENV / "bin" / "python"), "-m", "recommender.build"]
        cmd += ["--force"] if force else []
        run(cmd, cwd=ROOT, env={**os.environ, **self.service_env()})

    def actions(self, port: Optional[int] = None, name: str = "actions") -> Service:
        """The action server on the settings' port, or on ``port`` under ``name`` (one of several)."""
        s = self.settings
        port = port or s.actions_port
        # rasa-sdk's app in one process (actions/server.py says why not python -m rasa_sdk)
        cmd = [str(ACTIONS_VENV / "bin" / "python"), "-m", "actions.server", "--port", str(port)]
        env = {**self.service_env(), "SANIC_HOST": s.actions_host, "ENCORE_PRELOAD": "1"}
        return Service(
            name, cmd, self.logs / f"{name}.log", self.run_dir / f"{name}.pid",
            # ready, not only listening: its services loaded (actions/server.py, /ready)
            lambda: _http_ok(f"http://{s.actions_host}:{port}/ready"), env=env, cwd=ROOT, start_timeout=180,
        )  # fmt: skip

    # -- load balancer -------------------------------------------------------------------------

    def balancer(
        self, port: int, rasa_ports: Sequence[int], actions_ports: Sequence[int] = (), name: str = "nginx"
    ) -> Service:
        """nginx (Debian's package) on ``port`` in front of the Rasa servers on ``rasa_ports``, with
        the chat page; with ``actions_ports``, also in front of those action servers on the
        settings' actions port, where this stack's endpoints send the Rasa servers' action calls.
        The configuration is the template of deploy/nginx.conf (:mod:`encore.balancer`)."""
        from encore.balancer import render_main, render_site

        s = self.settings
        prefix = (self.state / name).resolve()

        def cmd() -> list[str]:
            site = render_site(
                [f"{s.rasa_host}:{p}" for p in rasa_ports], listen=f"{s.web_host}:{port}",
                web_root=str(ROOT / "web"), actions=[f"{s.actions_host}:{p}" for p in actions_ports],
                actions_listen=f"{s.actions_host}:{s.actions_port}",
            )  # fmt: skip
            (prefix / "tmp").mkdir(parents=True, exist_ok=True)
            (prefix / "access.log").unlink(missing_ok=True)  # one start's requests (upstreams, retries)
            conf = prefix / "nginx.conf"
            conf.write_text(render_main(site, prefix))
            return [nginx_program(), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]

        return Service(
            name, cmd, self.logs / f"{name}.log", self.run_dir / f"{name}.pid",
            # Listening is enough: the chat page may be unreadable to nginx's workers (run as root,
            # nginx serves files as an unprivileged user), and the tests use the proxied paths only.
            lambda: _listening(s.web_host, port), cwd=ROOT, start_timeout=30,
        )  # fmt: skip

    # -- web chat page -----------------------------------------------------------------------

    def web(self) -> Service:
        """The static server of the chat page (web/); the page talks to Rasa's Socket.IO."""
        s = self.settings
        cmd = [
            str(ACTIONS_VENV / "bin" / "python"), "-m", "encore.web", "--host", s.web_host,
            "--port", str(s.web_port), "--rasa-url", s.rasa_url,
        ]  # fmt: skip
        return Service(
            "web", cmd, self.logs / "web.log", self.run_dir / "web.pid",
            lambda: _http_ok(f"{s.web_url}/health"), env={"PYTHONPATH": str(ROOT)}, cwd=ROOT,
            start_timeout=30,
        )  # fmt: skip

    # -- operators' console ---------------------------------------------------------------------

    def tracker_store_url(self) -> str:
        """The tracker store's database as a URL: ``TRACKER_STORE_URL`` or the state folder's file."""
        return self.settings.tracker_store_url or f"sqlite:///{(self.state / 'tracker.db').resolve()}"

    def console(self) -> Service:
        """The operators' console (encore/console/): reads the tracker store, behind the token."""
        s = self.settings
        cmd = [
            str(ACTIONS_VENV / "bin" / "python"), "-m", "encore.console", "--host", s.console_host,
            "--port", str(s.console_port), "--rasa-url", s.rasa_url,
        ]  # fmt: skip
        # Tokens and database URLs (which may hold a password) go in the environment, never on a
        # command line that `ps` shows.
        env = {
            "PYTHONPATH": str(ROOT), "ENCORE_CONSOLE_TOKEN": s.console_token, "RASA_TOKEN": s.rasa_token,
            "TRACKER_STORE_URL": self.tracker_store_url(), "USER_STORE_URL": self.user_store_url(),
        }  # fmt: skip
        return Service(
            "console", cmd, self.logs / "console.log", self.run_dir / "console.pid",
            lambda: _http_ok(f"{s.console_url}/health"), env=env, cwd=ROOT, start_timeout=30,
        )  # fmt: skip

    # -- all together -----------------------------------------------------------------------------

    def services(self) -> list[Service]:
        out = [] if self.settings.neo4j_external else [self.neo4j()]
        return out + [self.actions(), self.rasa(), self.web(), self.console()]

    def up(self, import_kb: bool = True) -> None:
        if self.settings.neo4j_external:
            print(f"  neo4j: using {self.settings.neo4j_uri} (NEO4J_URI); nothing launched")
        else:
            self.neo4j().start()
        if import_kb:
            self.import_kb()
        # The Rasa server encodes with the ONNX export and cannot make it (no torch there): make
        # sure it exists even when the model needs no training (a no-op when it does).
        self.export_encoder()
        # `rasa train` keeps about one of two cores busy (101 % CPU over a training on this
        # machine: TensorFlow on batches this small), so the action server's models are built on
        # the other meanwhile: the FAQ index and the sentiment model (which the Rasa model's
        # sentiment component then finds trained), the recommender and the question parser
        # (docs/benchmarks.md, "Cost of a turn": a fresh clone to a first answer).
        training = self.start_training()
        try:
            self.build_support_models()
            self.build_recommender()
            self.build_parser()
        except BaseException:
            if training is not None:
                training.stop()
            raise
        rasa = self.rasa()
        if training is not None:
            training.finish()
            if rasa.running():
                print("  rasa: the model was trained again; restarting the server to load it")
                rasa.stop()
        # The Rasa server loads its model (about 50 s, one core) while the action server loads
        # its services on the other; it needs the action server only when a message comes.
        rasa_pid = rasa.start(wait=False)
        self.actions().start()
        rasa.wait_ready(rasa_pid)
        self.web().start()
        if self.settings.console_token:
            self.console().start()
        else:
            print("  console: ENCORE_CONSOLE_TOKEN is empty; the operators' console is not started")

    def down(self) -> None:
        for service in reversed(self.services()):
            service.stop()

    def status(self) -> dict[str, Optional[int]]:
        return {service.name: service.pid() for service in self.services()}


@dataclass
class Training:
    """A ``rasa train`` running in the background (:meth:`Stack.start_training`)."""

    proc: subprocess.Popen
    log: Path
    done: Callable[[], Path]
    started: float = field(default_factory=time.monotonic)

    def finish(self) -> Path:
        """Wait for the training; the model's path, or ServiceError with the end of its log."""
        if self.proc.poll() is None:
            print("  rasa: waiting for the training to finish ...", flush=True)
        code = self.proc.wait()
        if code != 0:
            tail = "\n".join(self.log.read_text(errors="replace").splitlines()[-25:])
            raise ServiceError(f"rasa train failed ({code}); the end of {self.log}:\n{tail}")
        print(f"  rasa: model trained in {time.monotonic() - self.started:.0f} s", flush=True)
        return self.done()

    def stop(self) -> None:
        """Stop the training (a build beside it failed, or Ctrl-C)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _log_has(log: Path, needle: str, since: int = 0) -> bool:
    try:
        with open(log, "rb") as handle:
            handle.seek(since)
            return needle.encode() in handle.read()
    except OSError:
        return False


def dump(obj: object) -> str:
    return json.dumps(obj, indent=2, default=str)


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use ./encore")
