"""Film recommenders over a user x item rating matrix. No Rasa imports.

``models.get(name)`` returns a :class:`models.Recommender` by name (popularity, itemknn, ease,
als, content, hybrid). Scoring functions are pure functions of numpy/scipy arrays.
"""
