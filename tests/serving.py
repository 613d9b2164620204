"""An HTTP server of the project's (the page server, the console) served from a thread for one test."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from typing import Iterator


@contextmanager
def served(server: ThreadingHTTPServer) -> Iterator[str]:
    """Serve ``server`` (bound to a loopback port) in a thread; yields its URL, shuts it down after."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
