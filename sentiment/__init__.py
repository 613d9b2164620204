"""Sentiment of a user message: negative / neutral / positive with a score. No Rasa imports."""
