"""The operators' console: review, numbers (encore/console/server.py)."""
