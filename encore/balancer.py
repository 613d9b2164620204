"""The nginx load balancer in front of several Rasa servers (and, optionally, action servers).

One template serves both layouts: ``deploy/nginx.conf`` is this template rendered for the compose
file (one DNS name per service, which Docker resolves to every replica), and
:meth:`encore.stack.Stack.balancer` renders it for replicas on loopback ports (the scale-out
test, ``tests/scale/``, and ``bench/scale_out.py``). ``python -m encore.balancer`` prints the
compose rendering; a unit test checks that ``deploy/nginx.conf`` is it.

In compose the replicas come and go (``docker compose up --scale``, a restarted container gets a
new address), so that rendering names Docker's DNS server (``resolver``) and keeps each upstream
in shared memory (``zone``) with ``resolve`` on its server: nginx looks the service name up again
as the answer expires (``valid=10s``) and follows the replicas without a reload, and the
upstreams keep their balancing (``least_conn``, ``ip_hash``), which a variable in ``proxy_pass``
would lose. ``resolve`` in an open-source nginx ``upstream`` needs 1.27.3 or newer: the compose
file runs the official nginx image; Debian's nginx (1.22, the scale-out test's) gets the static
rendering, whose loopback ports never change.

Why two Rasa upstreams: a REST turn may go to any Rasa server (the trackers live in the shared
SQL tracker store, and the Redis lock store lets one server at a time handle a conversation), so
``least_conn`` spreads them; Socket.IO's polling requests and its websocket must reach the server
that opened the session, so that upstream is ``ip_hash``.

The action servers' upstream (only when action servers are given) is what the Rasa servers'
``action_endpoint`` points at. An action call that fails on the connection (a server that is
down, or dies during the call) is passed to the next action server, POST or not
(``non_idempotent``): the film, recommendation and support actions read, or write a user's record
as a whole, so running one again elsewhere gives the same result, while losing the call would lose
the turn's answer. A slow call is not passed on (no ``timeout``): it may still be running.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from encore.settings import ROOT

DEPLOY_CONF = ROOT / "deploy" / "nginx.conf"
# How long a Rasa server may take to answer a turn through the balancer. A turn that was in
# flight on a Rasa server that died holds its conversation's lock in Redis until the lock
# expires (Rasa's TICKET_LOCK_LIFETIME, 60 s by default): the retry of that turn on another
# server waits for it, then runs the turn.
RASA_READ_TIMEOUT = "150s"
# The DNS server Docker gives every container on a user-defined network (compose's).
DOCKER_DNS = "127.0.0.11"

SITE = """\
# The load balancer: the chat page, and Rasa's channels over several Rasa servers.
# Written by encore/balancer.py (python -m encore.balancer > deploy/nginx.conf); edit the template there.
# The HTTP API (/status, /conversations, ...) is not published here: operators reach a Rasa
# server directly, with RASA_TOKEN.
%(resolver)supstream rasa {
  least_conn;   # REST: any server can take any turn (shared tracker store, Redis lock store)
%(rasa_zone)s%(rasa_servers)s
}

upstream rasa_socketio {
  ip_hash;   # Socket.IO: a browser's polling requests and its websocket reach the same server
%(rasa_socketio_zone)s%(rasa_servers)s
}

server {
  listen %(listen)s;
  root %(web_root)s;
  add_header Content-Security-Policy "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; \
frame-ancestors 'none'" always;
  add_header X-Content-Type-Options nosniff always;

  location / { try_files $uri $uri/index.html =404; }

  location /socket.io/ {
    proxy_pass http://rasa_socketio;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_set_header Host $host;
    proxy_read_timeout %(rasa_timeout)s;
  }

  location /webhooks/ {
    proxy_pass http://rasa;
    proxy_set_header Host $host;
    # A server that refuses the connection is skipped; a turn already sent is never sent twice.
    proxy_read_timeout %(rasa_timeout)s;
  }
}
"""

ACTIONS = """
# The action servers, for the Rasa servers' action_endpoint (not for browsers).
upstream actions {
%(actions_servers)s
}

server {
  listen %(actions_listen)s;
  location / {
    proxy_pass http://actions;
    proxy_set_header Host $host;
    client_body_buffer_size 1m;   # a call carries the conversation: kept in memory, not in a file
    # Refused or broken connection: the next action server runs the call (see encore/balancer.py).
    proxy_next_upstream error non_idempotent;
    proxy_next_upstream_tries 2;
    proxy_read_timeout 300s;
  }
}
"""

# Around the site when nginx runs on its own (loopback replicas): every file in ``prefix``.
MAIN = """\
worker_processes 1;
daemon off;
pid %(prefix)s/nginx.pid;
error_log %(prefix)s/error.log warn;
events { worker_connections 1024; }
http {
  %(mime_types)s
  log_format upstreams '$remote_addr [$time_local] "$request" $status $request_time '
                       'upstream=$upstream_addr upstream_status=$upstream_status';
  access_log %(prefix)s/access.log upstreams;
  client_body_temp_path %(prefix)s/tmp/body;
  proxy_temp_path %(prefix)s/tmp/proxy;
  fastcgi_temp_path %(prefix)s/tmp/fastcgi;
  uwsgi_temp_path %(prefix)s/tmp/uwsgi;
  scgi_temp_path %(prefix)s/tmp/scgi;
%(site)s}
"""


# Looked up again by nginx when the answer is this old (replicas started or stopped).
RESOLVE_VALID = "10s"


def _servers(addresses: Sequence[str], resolve: bool = False) -> str:
    suffix = " resolve" if resolve else ""
    return "\n".join(f"  server {address}{suffix};" for address in addresses)


def _zone(name: str, resolver: str) -> str:
    return f"  zone {name} 64k;   # shared memory: the addresses resolved at run time\n" if resolver else ""


def render_site(
    rasa: Sequence[str],
    listen: str = "80",
    web_root: str = "/srv/web",
    actions: Sequence[str] = (),
    actions_listen: str = "",
    resolver: str = "",
) -> str:
    """The balancer's part of nginx's ``http`` block: ``rasa`` and ``actions`` are ``host:port``s.
    With ``resolver`` (a DNS server's address), the Rasa servers are names nginx resolves again
    at run time (``resolve``: nginx 1.27.3 or newer)."""
    if not rasa:
        raise ValueError("the balancer needs at least one Rasa server")
    text = SITE % {
        "resolver": f"resolver {resolver} valid={RESOLVE_VALID} ipv6=off;   # replicas looked up again\n\n"
        if resolver
        else "",
        "rasa_zone": _zone("rasa", resolver),
        "rasa_socketio_zone": _zone("rasa_socketio", resolver),
        "rasa_servers": _servers(rasa, resolve=bool(resolver)),
        "listen": listen,
        "web_root": web_root,
        "rasa_timeout": RASA_READ_TIMEOUT,
    }
    if actions:
        if not actions_listen:
            raise ValueError("the action servers' upstream needs an address to listen on")
        text += ACTIONS % {"actions_servers": _servers(actions), "actions_listen": actions_listen}
    return text


def render_main(site: str, prefix: Path) -> str:
    """A whole ``nginx.conf`` around ``site`` for an nginx whose files all live in ``prefix``."""
    mime = Path("/etc/nginx/mime.types")
    return MAIN % {
        "prefix": prefix,
        "mime_types": f"include {mime};" if mime.is_file() else "",
        "site": "\n".join(f"  {line}" if line else "" for line in site.splitlines()) + "\n",
    }


def compose_site() -> str:
    """``deploy/nginx.conf``: the compose services ``rasa`` (every replica, looked up again with
    Docker's DNS server) and the chat page."""
    return render_site(["rasa:5005"], resolver=DOCKER_DNS)


if __name__ == "__main__":  # pragma: no cover
    print(compose_site(), end="")
