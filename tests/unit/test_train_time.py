"""bench/train_time.py reads each component's training time from Rasa's log."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from train_time import component_times  # noqa: E402

LOG = """\
2026-11-29 03:09:28 INFO     rasa.engine.training.hooks  - Starting to train component 'RegexFeaturizer'.
2026-11-29 03:09:28 INFO     rasa.engine.training.hooks  - Finished training component 'RegexFeaturizer'.
some warning line in between
2026-11-29 03:09:32 INFO     rasa.engine.training.hooks  - Starting to train component 'DIETClassifier'.
2026-11-29 03:27:20 INFO     rasa.engine.training.hooks  - Finished training component 'DIETClassifier'.
2026-11-29 03:27:21 INFO     rasa.engine.training.hooks  - Starting to train component 'TEDPolicy'.
"""


def test_component_times_pairs_start_and_finish_lines() -> None:
    assert component_times(LOG) == [
        {"component": "RegexFeaturizer", "seconds": 0.0},
        {"component": "DIETClassifier", "seconds": 1068.0},
    ]  # TEDPolicy never finished: left out


def test_component_times_of_a_log_without_hooks_is_empty() -> None:
    assert component_times("nothing here\n") == []
