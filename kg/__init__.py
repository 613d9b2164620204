"""The film knowledge graph: schema, importer, query service and entity linker.

Nothing in this package imports Rasa; the action server uses it through
:class:`kg.graph.KnowledgeGraph` and :class:`kg.linker.EntityLinker`.
"""
