"""The film knowledge graph: schema, importer, query service and entity linker, and the
film-question service over them.

Nothing in this package imports Rasa; the action server uses it through :class:`kg.qa.FilmQA`
(built from :mod:`kg.understanding`, :mod:`kg.misspelt` and :mod:`kg.phrasing`; a question
and its reply are :mod:`kg.turn`'s), :class:`kg.graph.KnowledgeGraph` and
:class:`kg.linker.EntityLinker`.
"""
