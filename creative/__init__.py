"""Creative suggestions: scene continuations, taglines and ad copy from a small causal language
model, filtered for safety and reranked by a target emotion. No Rasa imports."""
