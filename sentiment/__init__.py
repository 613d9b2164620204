"""Sentiment of a user message: negative / neutral / positive with a score, and the conversation's
sentiment trail. No Rasa imports: the NLU component that tags every message inside the Rasa
server with the model and the trail of this package is ``rasa_plugins/sentiment.py``."""
