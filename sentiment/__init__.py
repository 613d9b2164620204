"""Sentiment of a user message: negative / neutral / positive with a score, and the conversation's
sentiment trail. No Rasa imports, except in ``rasa_sentiment`` (the NLU component that tags
every message inside the Rasa server)."""
