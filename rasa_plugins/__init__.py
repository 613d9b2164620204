"""Code that runs inside the Rasa server (``.venvs/rasa``), loaded by Rasa by its dotted name.

- ``intent.MiniLMIntentClassifier``: NLU component, ``config.yml`` (intent from MiniLM vectors,
  fused with DIET's ranking);
- ``sentiment.SentimentTagger``: NLU component, ``config.yml`` (every message's sentiment and
  whether the conversation is frustrated, as entities that fill slots);
- ``tracker_store.ErasingSQLTrackerStore``: the tracker store of the endpoints ``bin/encore``
  writes (real deletion, sessions of bounded length);
- ``socketio_channel``: the web chat's socket.io channel, ``credentials.yml`` (session ids that
  only the server issues, ``encore.session_ids``; ratings of the bot's replies, ``feedback``);
- ``action_response``: the action server's responses checked with a validator built once, and
  ``session_start``: a new session keeps a human agent's pause and does not copy the ratings
  (both installed here, so whenever the Rasa server loads any of the above).

These modules import ``rasa``; nothing else in the project does. They import the shared base
(``encore.settings``, ``encore.session_ids``, ``encore.feedback``, ``minilm``) and pure modules of
the capabilities (``sentiment.trail``, ``sentiment.models``); the action server never imports them.
"""

from rasa_plugins import action_response, session_start

action_response.install()
session_start.install()
