"""FAQ retrieval: a knowledge base of support answers, BM25 + dense retrievers, fusion, a gate."""
