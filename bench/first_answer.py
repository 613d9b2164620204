"""Time from a fresh clone to the first answer, once the packages are downloaded.

    .venvs/actions/bin/python bench/first_answer.py [--keep]

Clones the checked-out commit into a temporary folder, runs ``bin/encore up --no-chat`` there on
ports of its own (Neo4j 7690, actions 5058, Rasa 5009, web 8083, console 8084) and with fresh
secrets, then asks "who directed Kismet?" through the REST webhook. The clock starts before
``git clone`` and stops at the answer. What is not timed is the download of packages: pip's cache and
Maven's local repository on this machine already hold them (as on any machine where the
packages were fetched once; a first install also waits for the network). Everything else is
in: both virtual environments installed from those caches, the Neo4j server built, the KB
imported, MiniLM exported, the FAQ index, the sentiment, recommender and question-parser
models, and Rasa trained.

The timeline (seconds since the start at which ``bin/encore up`` printed each step) shows
where the time goes. The clone is stopped (``bin/encore down``) and deleted at the end unless
``--keep``. Results: bench/results/first_answer.json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests
from common import ROOT, git_commit, write_result

PORTS = {
    "NEO4J_BOLT_PORT": "7690",
    "ACTIONS_PORT": "5058",
    "RASA_PORT": "5009",
    "WEB_PORT": "8083",
    "CONSOLE_PORT": "8084",
}
QUESTION, ANSWER = "who directed Kismet?", "Kismet"
# Lines of `bin/encore up` worth a place in the timeline (their first occurrence).
MILESTONES = (
    "Creating the rasa environment", "Creating the actions environment", "Installing the rasa",
    "Installing the actions", "The rasa environment is installed", "neo4j: starting", "Importing",
    "already exported", "exported", "rasa: training the model", "support:", "recommender:",
    "film questions:", "rasa: waiting for the training", "rasa: model trained", "actions: starting",
    "rasa: starting", "Encore is running",
)  # fmt: skip


def main() -> int:
    raw_help = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw_help)
    parser.add_argument("--keep", action="store_true", help="keep the clone (and leave it running)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="encore-first-answer-")) / "encore"
    # The clone generates its own secrets into its own .env: none of this checkout's.
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_PASSWORD", "RASA_TOKEN", "PYTHONPATH")}
    env.update(PORTS)
    env.pop("NEO4J_URI", None)
    timeline: dict[str, float] = {}
    started = time.monotonic()
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    subprocess.run(["git", "checkout", "--quiet", git_commit()], cwd=folder, check=True)
    timeline["cloned"] = round(time.monotonic() - started, 1)
    answered_at = None
    try:
        up = subprocess.Popen(
            ["bin/encore", "up", "--no-chat"], cwd=folder, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        assert up.stdout is not None
        with open(folder.parent / "up.log", "w", encoding="utf-8") as log:
            for line in up.stdout:
                log.write(line)
                for milestone in MILESTONES:
                    if milestone in line and milestone not in timeline:
                        timeline[milestone] = round(time.monotonic() - started, 1)
                        print(f"{timeline[milestone]:7.1f} s  {line.rstrip()[:100]}", flush=True)
        if up.wait() != 0:
            raise SystemExit(f"bin/encore up failed; see {folder.parent / 'up.log'}")
        url = f"http://127.0.0.1:{PORTS['RASA_PORT']}/webhooks/rest/webhook"
        reply = ""
        while time.monotonic() - started < 3600:
            try:
                response = requests.post(url, json={"sender": "first", "message": QUESTION}, timeout=60)
                reply = " ".join(r.get("text", "") for r in response.json())
            except (requests.RequestException, ValueError):
                reply = ""
            if ANSWER in reply and "directed" in reply:
                answered_at = round(time.monotonic() - started, 1)
                break
            time.sleep(1)
        print(f"{answered_at} s: {reply[:120]}")
    finally:
        if not args.keep:
            subprocess.run(["bin/encore", "down"], cwd=folder, env=env, check=False, capture_output=True)
            shutil.rmtree(folder.parent, ignore_errors=True)
    write_result(
        "first_answer",
        {
            "question": QUESTION,
            "seconds_to_first_answer": answered_at,
            "minutes_to_first_answer": round(answered_at / 60, 1) if answered_at else None,
            "target_minutes": 10,
            "not_timed": "package downloads (pip cache, Maven local repository already filled)",
            "timeline_s": timeline,
        },
    )
    return 0 if answered_at else 1


if __name__ == "__main__":
    raise SystemExit(main())
