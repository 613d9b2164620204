"""The compose layout (deploy/): what can be checked without Docker.

No image is built and no container started here; these tests read the files: the compose file
parses, every build context, Dockerfile and COPY source exists, the images install the lock
files the way bin/encore does, no secret is written in a deploy file, every variable passed to a
container is a setting or a named third-party one, every service has a health check, and the
Rasa container's credentials come from deploy/channels.yml.
"""

from __future__ import annotations

import os
import platform
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml

from encore.channels import CHANNEL_TEMPLATES, load_yaml, placeholders
from encore.container import rasa_command, write_credentials
from encore.settings import BY_NAME, ROOT, load_settings

DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
ENV_EXAMPLE = DEPLOY / "env.example"
DOCKERFILES = {"rasa": DEPLOY / "Dockerfile.rasa", "actions": DEPLOY / "Dockerfile.actions"}
# Variables passed to containers that are not Encore's settings: what the images read.
THIRD_PARTY = {
    "POSTGRES_PASSWORD": "the postgres image; deploy/endpoints.yml's tracker store password",
    "POSTGRES_USER": "the postgres image",
    "POSTGRES_DB": "the postgres image",
    "NEO4J_AUTH": "the neo4j image",
    "SANIC_HOST": "the action server's address (actions/server.py reads it as rasa-sdk does)",
}
SECRET_NAME = re.compile(r"PASSWORD|TOKEN|SECRET|AUTH")
INTERPOLATION = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)")


def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict)
    return data


def services() -> dict[str, dict[str, Any]]:
    return compose()["services"]


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    lines: list[str] = []
    pending = ""
    for raw in dockerfile.read_text().splitlines():
        if raw.lstrip().startswith("#") or not raw.strip():
            continue
        pending += raw.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        lines.append(pending)
        pending = ""
    assert not pending, f"{dockerfile.name}: a continuation line ends the file"
    out = []
    for line in lines:
        keyword, _, rest = line.strip().partition(" ")
        out.append((keyword.upper(), rest.strip()))
    return out


def stages(dockerfile: Path) -> list[list[tuple[str, str]]]:
    out: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions(dockerfile):
        if keyword == "FROM":
            out.append([])
        assert out, f"{dockerfile.name}: {keyword} before FROM"
        out[-1].append((keyword, rest))
    return out


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    assert isinstance(env, dict), "environment as a mapping"
    return {k: str(v) for k, v in env.items() if k != "<<"}


def service_env(name: str) -> dict[str, str]:
    # YAML merge keys (<<: *anchor) are resolved by safe_load
    return environment(services()[name])


def test_compose_builds_the_project_images_from_paths_that_exist() -> None:
    built = {}
    for name, service in services().items():
        build = service.get("build")
        if build is None:
            assert "image" in service, f"{name}: neither build nor image"
            continue
        context = (DEPLOY / build["context"]).resolve()
        dockerfile = context / build["dockerfile"]
        assert context == ROOT and dockerfile.is_file(), name
        # each Dockerfile has its own ignore file: no .env, venvs or local models in a context
        ignore = dockerfile.with_name(dockerfile.name + ".dockerignore").read_text().split()
        assert {".env", "**/.env", ".venvs", "models", ".encore"} <= set(ignore), dockerfile.name
        assert service.get("pull_policy") == "build", f"{name}: the project's image, never a pulled one"
        built[name] = dockerfile.name
    assert built["rasa"] == "Dockerfile.rasa" and built["actions"] == "Dockerfile.actions"
    assert "rasa/rasa" not in COMPOSE.read_text()  # not the official image, without the lock


def test_every_copy_source_and_stage_exists() -> None:
    contexts = services()["rasa"]["build"].get("additional_contexts", {})
    for dockerfile in DOCKERFILES.values():
        named: set[str] = set()
        for stage in stages(dockerfile):
            image = stage[0][1].split()
            base = image[0]
            assert base in named or base in contexts or ":" in base, f"{dockerfile.name}: FROM {base}"
            if "AS" in (word.upper() for word in image):
                named.add(image[-1])
            for keyword, rest in stage:
                if keyword != "COPY":
                    continue
                words = shlex.split(rest)
                from_stage = [w.split("=", 1)[1] for w in words if w.startswith("--from=")]
                paths = [w for w in words if not w.startswith("--")]
                sources = paths[:-1]
                assert sources, f"{dockerfile.name}: COPY {rest}"
                if from_stage:
                    assert from_stage[0] in named, f"{dockerfile.name}: COPY --from={from_stage[0]}"
                    continue
                for source in sources:
                    assert source == "." or (ROOT / source).exists(), f"{dockerfile.name}: COPY {source}"
    # compose hands the Rasa build the action server's image under the name its FROM uses
    assert contexts == {"actions": "service:actions"}


@pytest.mark.parametrize("name", ["rasa", "actions"])
def test_images_install_their_lock_file_as_bin_encore_does(name: str) -> None:
    lock = f"requirements/{name}.lock.txt"
    assert (ROOT / lock).is_file()
    text = " ".join(rest for keyword, rest in instructions(DOCKERFILES[name]) if keyword in ("RUN", "COPY"))
    assert f"COPY {lock}" in " ".join(f"{k} {r}" for k, r in instructions(DOCKERFILES[name]))
    install = re.search(rf"pip install ([^&]*)-r {re.escape(lock)}", text)
    assert install, f"Dockerfile.{name} does not install {lock}"
    bin_encore = (ROOT / "bin" / "encore").read_text()
    for flag in ("--no-deps", "--no-compile"):
        assert flag in bin_encore and flag in install.group(1), (
            f"Dockerfile.{name}: pip install without {flag}"
        )
    # the venv where Stack looks for it (encore/stack.py), so the build steps are the stack's own
    assert re.search(rf"\bpython(3\.\d+)? -m venv \.venvs/{name} ", text), (
        f"Dockerfile.{name}: no .venvs/{name}"
    )


def bin_encore_pythons() -> dict[str, str]:
    """The Python version bin/encore builds each environment with (its python_version function)."""
    line = next(
        x for x in (ROOT / "bin" / "encore").read_text().splitlines() if x.startswith("python_version()")
    )
    return dict(re.findall(r"(\w+)\) echo (3\.\d+)", line))


def test_each_image_runs_its_environment_on_the_python_bin_encore_uses() -> None:
    """The Rasa server on 3.10 (Rasa 3.6 runs on nothing newer), the action server on 3.12 (its lock
    is built for it); every image on one Debian release, because the Rasa image's training stage
    runs a Python 3.10 copied into the action server's image, built against that release's libraries."""
    versions = bin_encore_pythons()
    assert versions == {"rasa": "3.10", "actions": "3.12"}
    releases = set()
    for name, dockerfile in DOCKERFILES.items():
        images = [stage[0][1].split()[0] for stage in stages(dockerfile)]
        python_images = [image for image in images if image.startswith("python:")]
        assert python_images, f"Dockerfile.{name}: no python image"
        for image in python_images:
            version, _, release = image.removeprefix("python:").partition("-slim-")
            assert version == versions[name] and release, f"Dockerfile.{name}: FROM {image}"
            releases.add(release)
    assert len(releases) == 1, releases


def test_the_training_stage_has_the_python_the_rasa_environment_was_made_with() -> None:
    rasa = stages(DOCKERFILES["rasa"])
    made = re.search(r"\b(python[\d.]*) -m venv \.venvs/rasa ", " ".join(r for k, r in rasa[0] if k == "RUN"))
    # by its versioned name: in the training stage, plain "python" is the action server's
    assert made and made.group(1) == "python3.10"
    copies = [shlex.split(r) for k, r in rasa[1] if k == "COPY"]
    for path in (
        "/usr/local/bin/python3.10",
        "/usr/local/lib/libpython3.10.so.1.0",
        "/usr/local/lib/python3.10/",
    ):
        assert ["--from=environment", path] in [words[:2] for words in copies], path


def test_artifacts_and_the_model_are_built_at_image_build_time() -> None:
    actions = [f"{k} {r}" for k, r in instructions(DOCKERFILES["actions"])]
    assert "RUN .venvs/actions/bin/python -m encore.container artifacts" in actions
    rasa = stages(DOCKERFILES["rasa"])
    training = [f"{k} {r}" for k, r in rasa[1]]
    assert training[0] == "FROM actions AS training"
    assert "RUN .venvs/actions/bin/python -m encore.container train" in training
    final = " ".join(r for k, r in rasa[-1] if k == "COPY")
    assert "--from=training /app/models/encore.tar.gz" in final
    assert "--from=training /app/models/minilm-onnx-int8/" in final  # config.yml: quantized: true


@pytest.mark.parametrize("name", ["rasa", "actions"])
def test_images_run_as_a_user_that_owns_what_it_writes(name: str) -> None:
    final = stages(DOCKERFILES[name])[-1]
    users = [rest for keyword, rest in final if keyword == "USER"]
    assert users and users[-1] not in ("root", "0"), f"Dockerfile.{name} runs as root"
    user = users[-1]
    useradd = f"useradd --system --uid 10001 --create-home --home-dir /home/{user} {user}"
    assert any(k == "RUN" and useradd in r for k, r in final)
    owned = [r for k, r in final if k == "RUN" and f"install -d -o {user} -g {user}" in r]
    written = {"rasa": {"run"}, "actions": {"models", ".encore"}}[name]
    assert owned and written <= set(owned[0].split()[6:]), f"Dockerfile.{name}: {written} not owned by {user}"
    assert any(k == "HEALTHCHECK" for k, _ in final), f"Dockerfile.{name} has no HEALTHCHECK"


def test_health_checks_and_start_order() -> None:
    checked = {}
    for name, service in services().items():
        check = service.get("healthcheck")
        if name == "setup":  # one-off: the others wait for it to complete
            assert check == {"disable": True}
            continue
        if check is None and "build" in service:  # the image's own HEALTHCHECK
            dockerfile = DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]
            check = {"test": dict(instructions(dockerfile)).get("HEALTHCHECK", "").partition(" CMD ")[2]}
        assert check and check.get("test"), f"{name} has no health check command"
        checked[name] = check["test"]
    # the action server is healthy once its services are loaded (/ready), not when it listens
    assert "5055/ready" in str(checked["actions"]) and "5005/" in str(checked["rasa"])
    for name, service in services().items():
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert dependency in services(), f"{name} depends on an unknown {dependency}"
            expected = "service_completed_successfully" if dependency == "setup" else "service_healthy"
            assert condition["condition"] == expected, f"{name} -> {dependency}"
    assert services()["actions"]["depends_on"]["setup"]["condition"] == "service_completed_successfully"


def test_the_setup_service_imports_the_graph_and_the_ratings() -> None:
    command = " ".join(services()["setup"]["command"])
    assert re.search(r"-m kg\.importer\b.*&&.*-m kg\.ratings\b", command), command
    assert {"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"} <= set(service_env("setup"))


def test_only_the_load_balancer_is_published() -> None:
    published = {name for name, service in services().items() if service.get("ports")}
    assert published == {"lb"}
    assert not any(service.get("network_mode") == "host" for service in services().values())


def test_no_secret_is_written_in_a_deploy_file() -> None:
    for name, service in services().items():
        for key, value in environment(service).items():
            if SECRET_NAME.search(key) or "@" in value:
                assert "${" in value, f"{name}: {key} is written in the compose file"
            credentials = re.search(r"://[^:/@]+:([^@]+)@", value)
            if credentials:
                assert credentials.group(1).startswith("${"), f"{name}: a password in {key}"
    for line in ENV_EXAMPLE.read_text().splitlines():
        key, _, value = line.partition("=")
        if SECRET_NAME.search(key) and not key.startswith("#"):
            assert not value.strip(), f"env.example holds a value for {key}"
    endpoints = yaml.safe_load((DEPLOY / "endpoints.yml").read_text())
    assert endpoints["tracker_store"]["password"] == "${POSTGRES_PASSWORD}"
    for path in DEPLOY.iterdir():
        text = path.read_text()
        assert not re.search(r"xox[abp]-\w|\d{6,}:[\w-]{30,}|BEGIN [A-Z ]*PRIVATE KEY", text), path.name


def test_every_variable_passed_is_a_setting_or_a_named_third_party_one() -> None:
    passed = {key for service in services().values() for key in environment(service)}
    unknown = passed - set(BY_NAME) - set(THIRD_PARTY)
    assert not unknown, f"not in encore.settings.VARIABLES nor THIRD_PARTY: {sorted(unknown)}"
    # every ${VARIABLE} compose reads from deploy/.env is named in env.example
    example = ENV_EXAMPLE.read_text()
    for variable in set(INTERPOLATION.findall(COMPOSE.read_text())):
        assert re.search(rf"^#? ?{variable}=", example, re.M), f"{variable} is not in env.example"


def test_the_rasa_container_passes_every_channel_variable() -> None:
    templates = load_yaml(CHANNEL_TEMPLATES)
    assert {"telegram", "slack"} <= set(templates)
    needed = placeholders(templates)
    rasa = service_env("rasa")
    assert needed <= set(rasa), f"not passed to Rasa: {sorted(needed - set(rasa))}"
    for variable in needed:  # optional: unset means the channel stays off
        assert rasa[variable] == f"${{{variable}:-}}"


def test_credentials_are_rendered_from_the_channel_templates(tmp_path: Path) -> None:
    env = {
        "TELEGRAM_TOKEN": "123:tg-value",
        "TELEGRAM_BOT_NAME": "encore_bot_value",
        "TELEGRAM_WEBHOOK_URL": "https://chat.example.org/webhooks/telegram/webhook",
        "SLACK_TOKEN": "xoxb-slack-value",
        "SLACK_SIGNING_SECRET": "signing-value",
    }
    path = write_credentials(env, tmp_path)
    config = yaml.safe_load(path.read_text())
    assert {"rest", "telegram", "slack"} <= set(config)
    assert config["telegram"]["access_token"] == "${TELEGRAM_TOKEN}"
    assert not any(value in path.read_text() for value in env.values())  # placeholders, not tokens
    assert (path.stat().st_mode & 0o077) == 0
    # no channel variable: REST and Socket.IO only
    plain = yaml.safe_load(write_credentials({}, tmp_path / "plain").read_text())
    assert "telegram" not in plain and "slack" not in plain and "rest" in plain


def test_the_rasa_container_runs_with_the_rendered_credentials_and_the_compose_endpoints(
    tmp_path: Path,
) -> None:
    settings = load_settings({"RASA_TOKEN": "-token", "RASA_HOST": "0.0.0.0"})  # noqa: S104
    cmd = rasa_command(tmp_path / "credentials.yml", settings)
    assert cmd[1] == "run" and cmd[0].endswith(".venvs/rasa/bin/rasa")
    assert cmd[cmd.index("--credentials") + 1] == str(tmp_path / "credentials.yml")
    assert cmd[cmd.index("--endpoints") + 1] == str(DEPLOY / "endpoints.yml")
    assert "--auth-token=-token" in cmd and cmd[cmd.index("--interface") + 1] == "0.0.0.0"  # noqa: S104
    assert cmd[cmd.index("--port") + 1] == "5005"
    with pytest.raises(SystemExit, match="RASA_TOKEN"):
        rasa_command(tmp_path / "credentials.yml", load_settings({}))
    final = stages(DOCKERFILES["rasa"])[-1]
    entrypoint = dict(final)["ENTRYPOINT"]
    assert yaml.safe_load(entrypoint) == [".venvs/rasa/bin/python", "-m", "encore.container", "rasa"]
    # the image listens where the compose network reaches it, on the port its health check asks
    env = " ".join(rest for keyword, rest in final if keyword == "ENV")
    assert "RASA_HOST=0.0.0.0" in env and "RASA_PORT=5005" in env
    assert "127.0.0.1:5005/" in dict(final)["HEALTHCHECK"]


def bin_encore_functions(*names: str) -> str:
    """The text of bin/encore's shell functions ``names``, to source in a test."""
    text = (ROOT / "bin" / "encore").read_text()
    return "\n".join(re.search(rf"^{name}\(\) {{\n.*?^}}$", text, re.S | re.M)[0] for name in names)  # type: ignore[index]


def test_llama_cpp_is_built_for_any_avx2_processor_in_the_image_and_by_bin_encore() -> None:
    """A native llama.cpp build (its default) crashed on the very Xeon it was built on; the image
    and bin/encore build it for every x86-64 processor with AVX2, with the same options, and an
    environment built with other options is not taken as current (its stamp differs)."""
    functions = bin_encore_functions("llama_cmake_args", "llama_requirement", "lock_stamp")

    def shell(command: str, cmake_args: Optional[str] = None) -> str:
        env = {"PATH": os.environ["PATH"], "ROOT": str(ROOT)}
        if cmake_args is not None:
            env["CMAKE_ARGS"] = cmake_args
        return subprocess.run(
            ["bash", "-c", f"{functions}\n{command}"], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()

    ours = shell("llama_cmake_args")
    if platform.machine() == "x86_64":
        assert "-DGGML_NATIVE=OFF" in ours.split() and "-DGGML_AVX2=ON" in ours.split()
        image = re.search(r'^ARG CMAKE_ARGS="([^"]+)"$', DOCKERFILES["actions"].read_text(), re.M)
        assert image is not None and image[1] == ours
    assert shell("llama_cmake_args", "-DGGML_CUDA=ON") == "-DGGML_CUDA=ON"
    stamp = shell("lock_stamp actions")
    assert re.fullmatch(r"[0-9a-f]{64}", stamp)
    assert shell("lock_stamp actions", "-DGGML_NATIVE=ON") != stamp
    assert shell("lock_stamp rasa", "-DGGML_NATIVE=ON") == shell("lock_stamp rasa")  # no llama.cpp there


FAKE_PYTHON = """#!/usr/bin/env bash
# A venv's python for install_llama: logs its pip commands; "pip wheel -w DIR" writes a wheel.
if [[ "$1" == -c ]]; then echo "(3, 12)"; exit 0; fi
echo "CMAKE_ARGS=${CMAKE_ARGS:-} $*" >> "$LOG"
if [[ "$3" == wheel ]]; then
  while [[ $# -gt 0 ]]; do
    [[ "$1" == -w ]] && touch "$2/llama_cpp_python-0.3.36-cp312-cp312-linux_x86_64.whl"
    shift
  done
fi
"""


def test_llama_cpp_is_built_once_per_option_set_and_then_taken_from_the_cache(tmp_path: Path) -> None:
    """bin/encore's install_llama builds the wheel with the options (not from pip's cache, which
    would give a wheel built with others), keeps it, installs the kept one the next time, and
    builds again when the options change."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    log = tmp_path / "pip.log"
    functions = bin_encore_functions("llama_cmake_args", "install_llama")
    script = f'say() {{ :; }}\ndie() {{ echo "$*" >&2; exit 1; }}\nensure_compiler() {{ :; }}\n{functions}\n'

    def install(cmake_args: str) -> list[str]:
        env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LOG": str(log), "CMAKE_ARGS": cmake_args}
        before = log.read_text().splitlines() if log.exists() else []
        subprocess.run(
            ["bash", "-c", script + f'install_llama "{venv}" llama_cpp_python==0.3.36'],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        return log.read_text().splitlines()[len(before) :]

    first = install("-DGGML_NATIVE=OFF")
    assert [line.split()[3] for line in first] == ["wheel", "install"]
    assert first[0].startswith("CMAKE_ARGS=-DGGML_NATIVE=OFF ") and "--no-cache-dir" in first[0].split()
    kept = list((tmp_path / ".cache" / "encore" / "wheels").glob("*/*.whl"))
    assert len(kept) == 1 and first[1].split()[-1] == str(kept[0])
    again = install("-DGGML_NATIVE=OFF")
    assert [line.split()[3] for line in again] == ["install"] and again[0].split()[-1] == str(kept[0])
    other = install("-DGGML_NATIVE=ON")
    assert [line.split()[3] for line in other] == ["wheel", "install"]
    assert len(list((tmp_path / ".cache" / "encore" / "wheels").glob("*/*.whl"))) == 2
