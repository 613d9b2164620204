"""Customer service: FAQ retrieval, sentiment, tone, handoff tickets and personal-data deletion.

No Rasa imports: ``actions/support.py`` is the thin layer that talks to Rasa.
"""
