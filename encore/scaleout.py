"""The production layout of deploy/docker-compose.yml on one machine, without Docker.

Several Rasa servers and several action servers on loopback ports, behind one nginx
(:meth:`encore.stack.Stack.balancer`, the template of deploy/nginx.conf), all on one PostgreSQL
database (tracker store and user store) and one Redis (lock store). Every process is started by
the same :class:`~encore.stack.Stack` code as ``bin/encore up``, with the settings' tracker and
lock store URLs: the scale-out test (``tests/scale/``) and ``bench/scale_out.py`` use it. Neo4j,
the trained model and the other artifacts are the stack's own (started and built beforehand).
"""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from encore.procs import Service, ServiceError
from encore.settings import Settings
from encore.stack import Stack


def free_port() -> int:
    """A TCP port nothing listens on at the moment, on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ScaleOut:
    """``len(rasa_ports)`` Rasa servers and ``len(actions_ports)`` action servers behind nginx."""

    stack: Stack  # its settings: the shared stores; its actions port: the balancer's, for Rasa
    rasa_ports: list[int]
    actions_ports: list[int]
    port: int  # the balancer: chat page, REST and Socket.IO

    @classmethod
    def plan(
        cls,
        settings: Settings,
        state: Path,
        rasa: int,
        actions: int,
        tracker_store_url: str,
        lock_store_url: str,
    ) -> ScaleOut:
        """Free loopback ports for ``rasa`` Rasa servers, ``actions`` action servers and nginx;
        logs, pid files and the endpoints under ``state``. Profiles and tickets go to the tracker
        store's database (``USER_STORE_URL`` unset), as in the compose file."""
        shared = dataclasses.replace(
            settings,
            tracker_store_url=tracker_store_url,
            user_store_url="",
            lock_store_url=lock_store_url,
            actions_port=free_port(),  # the balancer's listener for the action servers
            web_port=free_port(),
        )
        return cls(
            stack=Stack(shared, state=state),
            rasa_ports=[free_port() for _ in range(rasa)],
            actions_ports=[free_port() for _ in range(actions)],
            port=shared.web_port,
        )

    @property
    def url(self) -> str:
        return f"http://{self.stack.settings.web_host}:{self.port}"

    def rasa_url(self, index: int) -> str:
        """One Rasa server directly, bypassing the balancer (its HTTP API needs the token)."""
        return f"http://{self.stack.settings.rasa_host}:{self.rasa_ports[index]}"

    def rasa_servers(self) -> list[Service]:
        return [self.stack.rasa(port, f"rasa-{i + 1}") for i, port in enumerate(self.rasa_ports)]

    def action_servers(self) -> list[Service]:
        return [self.stack.actions(port, f"actions-{i + 1}") for i, port in enumerate(self.actions_ports)]

    def balancer(self) -> Service:
        return self.stack.balancer(self.port, self.rasa_ports, self.actions_ports)

    def services(self) -> list[Service]:
        return [*self.action_servers(), *self.rasa_servers(), self.balancer()]

    def start(self, timeout_factor: float = 1.0) -> None:
        """Start every server at once (loading models is partly waiting) and wait for all; stop
        them all when one fails. ``timeout_factor`` lengthens the start-up limits (a busy machine)."""
        services = self.services()
        errors: list[BaseException] = []

        def start(service: Service) -> None:
            service.start_timeout *= timeout_factor
            try:
                service.start(quiet=True)
            except BaseException as exc:  # reported below, after every thread is done
                errors.append(exc)

        threads = [threading.Thread(target=start, args=(s,), daemon=True) for s in services]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            self.stop()
            raise ServiceError("; ".join(str(e) for e in errors))

    def stop(self) -> None:
        for service in reversed(self.services()):
            service.stop(quiet=True)

    def kill(self, service: Service) -> Optional[int]:
        """SIGKILL ``service``'s process group (no shutdown of any kind); its pid, or ``None`` if it
        was not running."""
        pid = service.pid()
        if pid is not None:
            os.killpg(pid, signal.SIGKILL)
        return pid
