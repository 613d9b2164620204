"""Encore's custom actions, served by rasa-sdk's action server app (``python -m actions.server``).

Actions are thin: they read the tracker, call a plain service (``kg``...) and turn its result
into responses and events. They import ``rasa_sdk``, never ``rasa``.

The action server imports this package when it starts, so every setting is checked here: a bad
value in the environment or ``.env`` stops it at once with an error naming the variable, rather
than at the first message that needs it.
"""

from encore.settings import setting_values

setting_values()
