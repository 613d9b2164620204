"""The processes that make up Encore and how to build, start and stop them.

A :class:`Stack` is one set of ports and one state folder: ``./encore up`` uses the default
profile (``.encore/``), the test suite its own (``.encore/test/``, other ports), so tests never
touch a running assistant.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from encore.procs import Service, ServiceError
from encore.settings import ROOT, STATE_DIR, Settings

VENVS = ROOT / ".venvs"
RASA_VENV = VENVS / "rasa"
ACTIONS_VENV = VENVS / "actions"
NEO4J_SERVER = ROOT / "kg" / "server"
NEO4J_MAIN = "org.encore.kg.EmbeddedNeo4j"
MODEL_DIR = Path(os.environ.get("ENCORE_MODELS_DIR") or ROOT / "models")
MODEL_NAME = "encore"
# Rasa's training data (data/ also holds other capabilities' data, e.g. data/faq/).
RASA_DATA = ("data/nlu", "data/rules", "data/stories")
# What a trained model depends on; a change in any of these means training again.
TRAINING_INPUTS = ("config.yml", "domain.yml", *RASA_DATA)

QUIET_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    # Rasa's training cache; beside the models so that separate model folders never share it.
    "RASA_CACHE_DIRECTORY": str(MODEL_DIR / ".rasa-cache"),
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "PYTHONWARNINGS": "ignore",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
}


def run(cmd: list[str], **kwargs: object) -> None:
    """Run a build step; exit with its message if it fails."""
    result = subprocess.run(cmd, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise ServiceError(f"command failed ({result.returncode}): {' '.join(map(str, cmd))}")


def _http_ok(url: str, timeout: float = 2.0) -> bool:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback only)
        return 200 <= response.status < 300


def training_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


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
            env={"NEO4J_PASSWORD": s.neo4j_password}, cwd=ROOT, start_timeout=180,
        )  # fmt: skip

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

    # -- Rasa -------------------------------------------------------------------------------

    def train(self, force: bool = False) -> Path:
        """Train the Rasa model unless the trained one matches data, domain and config."""
        stamp = MODEL_DIR / f"{MODEL_NAME}.fingerprint"
        fingerprint = training_fingerprint()
        if (
            not force
            and self.model_path.is_file()
            and stamp.is_file()
            and stamp.read_text().strip() == fingerprint
        ):
            return self.model_path
        print("  rasa: training the model (a few minutes on a laptop CPU) ...", flush=True)
        MODEL_DIR.mkdir(exist_ok=True)
        run(
            [
                str(RASA_VENV / "bin" / "rasa"), "train", "--fixed-model-name", MODEL_NAME,
                "--out", str(MODEL_DIR), "--domain", "domain.yml", "--config", "config.yml",
                "--data", *RASA_DATA,
            ],
            cwd=ROOT, env={**os.environ, **QUIET_ENV},
        )  # fmt: skip
        stamp.write_text(fingerprint)
        return self.model_path

    def endpoints_file(self) -> Path:
        """endpoints.yml, or a copy that points at this stack's action server port."""
        if self.settings.actions_port == 5055 and self.settings.actions_host == "127.0.0.1":
            return ROOT / "endpoints.yml"
        path = self.state / "endpoints.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "action_endpoint:\n"
            f'  url: "http://{self.settings.actions_host}:{self.settings.actions_port}/webhook"\n'
            "  enable_selective_domain: true\n"
        )
        return path

    def rasa(self) -> Service:
        s = self.settings
        cmd = [
            str(RASA_VENV / "bin" / "rasa"), "run", "--model", str(self.model_path),
            "--endpoints", str(self.endpoints_file()), "--credentials", "credentials.yml",
            "--interface", s.rasa_host, "--port", str(s.rasa_port), "--enable-api",
            "--auth-token", s.rasa_token, "--cors", "*",
        ]  # fmt: skip

        def ready() -> bool:
            return _http_ok(f"{s.rasa_url}/status?token={s.rasa_token}")

        return Service(
            "rasa", cmd, self.logs / "rasa.log", self.run_dir / "rasa.pid", ready,
            env=QUIET_ENV, cwd=ROOT, start_timeout=240,
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
        return env

    def actions(self) -> Service:
        s = self.settings
        cmd = [
            str(ACTIONS_VENV / "bin" / "python"), "-m", "rasa_sdk", "--actions", "actions",
            "--port", str(s.actions_port),
        ]  # fmt: skip
        env = {**self.service_env(), "SANIC_HOST": s.actions_host, "ACTION_SERVER_SANIC_WORKERS": "1"}
        return Service(
            "actions", cmd, self.logs / "actions.log", self.run_dir / "actions.pid",
            lambda: _http_ok(f"{s.actions_url}/health"), env=env, cwd=ROOT, start_timeout=120,
        )  # fmt: skip

    # -- all together -----------------------------------------------------------------------------

    def services(self) -> list[Service]:
        out = [] if self.settings.neo4j_external else [self.neo4j()]
        return out + [self.actions(), self.rasa()]

    def up(self, import_kb: bool = True) -> None:
        if self.settings.neo4j_external:
            print(f"  neo4j: using {self.settings.neo4j_uri} (NEO4J_URI); nothing launched")
        else:
            self.neo4j().start()
        if import_kb:
            self.import_kb()
        self.train()
        self.actions().start()
        self.rasa().start()

    def down(self) -> None:
        for service in reversed(self.services()):
            service.stop()

    def status(self) -> dict[str, Optional[int]]:
        return {service.name: service.pid() for service in self.services()}


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
