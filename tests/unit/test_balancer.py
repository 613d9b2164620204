"""The nginx template: deploy/nginx.conf is its compose rendering; loopback replicas get theirs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from encore.balancer import DEPLOY_CONF, compose_site, render_main, render_site


def upstream(text: str, name: str) -> list[str]:
    match = re.search(rf"^upstream {name} \{{\n(.*?)^\}}", text, re.M | re.S)
    assert match, f"no upstream {name}"
    return [line.strip() for line in match.group(1).splitlines() if line.strip()]


def test_the_deployed_configuration_is_the_template_rendered_for_compose() -> None:
    assert DEPLOY_CONF.read_text() == compose_site(), "run: python -m encore.balancer > deploy/nginx.conf"


def test_rest_turns_are_spread_and_socketio_sessions_stick_to_one_server() -> None:
    site = render_site(["127.0.0.1:6001", "127.0.0.1:6002"], listen="127.0.0.1:6000")
    servers = ["server 127.0.0.1:6001;", "server 127.0.0.1:6002;"]
    assert upstream(site, "rasa")[1:] == servers and upstream(site, "rasa")[0].startswith("least_conn;")
    assert upstream(site, "rasa_socketio")[1:] == servers and upstream(site, "rasa_socketio")[0].startswith(
        "ip_hash;"
    )
    assert "listen 127.0.0.1:6000;" in site
    assert re.search(r"location /socket.io/ \{\n\s+proxy_pass http://rasa_socketio;", site)
    assert re.search(r"location /webhooks/ \{\n\s+proxy_pass http://rasa;", site)
    assert "upstream actions" not in site  # compose: the action servers are reached by DNS


def test_action_servers_get_an_upstream_that_passes_a_failed_call_on() -> None:
    site = render_site(
        ["127.0.0.1:6001"], actions=["127.0.0.1:6101", "127.0.0.1:6102"], actions_listen="127.0.0.1:6100"
    )
    assert upstream(site, "actions") == ["server 127.0.0.1:6101;", "server 127.0.0.1:6102;"]
    block = site[site.index("listen 127.0.0.1:6100;") :]
    assert "proxy_pass http://actions;" in block
    # A POST that the dead server received is passed on too; a slow one is not.
    assert "proxy_next_upstream error non_idempotent;" in block


def test_the_template_refuses_what_nginx_would_refuse_later() -> None:
    with pytest.raises(ValueError):
        render_site([])
    with pytest.raises(ValueError):
        render_site(["127.0.0.1:6001"], actions=["127.0.0.1:6101"])


def test_a_standalone_nginx_keeps_every_file_in_its_prefix(tmp_path: Path) -> None:
    conf = render_main(render_site(["127.0.0.1:6001"]), tmp_path)
    paths = re.findall(r"^\s*(?:pid|error_log|access_log|\w+_temp_path) (\S+)", conf, re.M)
    assert len(paths) == 8 and all(p.rstrip(";").startswith(str(tmp_path)) for p in paths), paths
    assert "daemon off;" in conf and conf.count("{") == conf.count("}")


def test_compose_replicas_are_looked_up_again_and_loopback_ones_are_not() -> None:
    compose = compose_site()
    assert re.search(r"^resolver 127\.0\.0\.11 valid=10s ipv6=off;", compose, re.M)
    for name in ("rasa", "rasa_socketio"):
        lines = upstream(compose, name)
        assert f"zone {name} 64k;" in [line.split("#")[0].strip() for line in lines]
        assert lines[-1] == "server rasa:5005 resolve;"
    # the balancing survives: the upstreams are still used by name, not through a variable
    assert "proxy_pass http://rasa_socketio;" in compose and "proxy_pass http://rasa;" in compose
    # Debian's nginx (1.22, the scale-out test's) has no `resolve` in upstreams: not rendered there
    loopback = render_site(["127.0.0.1:6001"])
    assert "resolve" not in loopback and "zone" not in loopback
