"""Encore's custom actions, served by the rasa-sdk action server (``python -m rasa_sdk``).

Actions are thin: they read the tracker, call a plain service (``kg``...) and turn its result
into responses and events. They import ``rasa_sdk``, never ``rasa``.
"""
