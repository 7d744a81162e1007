"""`qa serve`: the editor's page and a JSON API on a warm server (issue 16).

`qa check` spends seconds loading models for a sub-second check; a server loads them once
(`CheckService.warm_up`) and then answers each article in about the time the check itself
takes. Starlette and uvicorn are imported only here, when `qa serve` runs.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import time

from qa.config import Config
from qa.errors import ConfigError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    """True for a loopback address or the name `localhost`; any other name may reach others."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """A bind others can reach needs a token: refuse before loading anything."""
    if token is not None and len(token) < 16:
        raise ConfigError(
            "--token: use at least 16 characters, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe())'`"
        )
    if not is_loopback(host) and token is None:
        raise ConfigError(
            f"--host {host}: not a loopback address; serving others requires --token (or QA_SERVE_TOKEN)"
        )


def serve(
    config: Config,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    warm: bool = True,
) -> None:
    """Load the models, then serve until interrupted (uvicorn handles SIGINT and SIGTERM)."""
    check_bind(host, token)
    import uvicorn

    from qa.serve.app import build_app
    from qa.serve.service import CheckService

    try:  # listen first: a port in use is found before the models load, not after
        listener = socket.create_server((host.strip("[]"), port), family=_family(host), reuse_port=False)
    except OSError as exc:
        raise ConfigError(f"--host {host} --port {port}: cannot listen: {exc.strerror or exc}") from None
    service = CheckService(config)
    started = time.perf_counter()
    if warm:
        print("qa serve: loading models ...", file=sys.stderr, flush=True)
        service.warm_up()
    shown = f"[{host}]" if ":" in host else host
    print(
        f"qa serve: ready in {time.perf_counter() - started:.1f} s at http://{shown}:{port}/"
        + (" (open /?token=<token> once in a browser)" if token else ""),
        file=sys.stderr,
        flush=True,
    )
    settings = uvicorn.Config(build_app(service, token), log_level="warning", access_log=False)
    try:
        uvicorn.Server(settings).run(sockets=[listener])
    finally:  # the app does not own the service: whoever made it closes it
        service.close()


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET
