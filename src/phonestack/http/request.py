"""What every endpoint reads of an ASGI scope."""

from __future__ import annotations


def header_map(scope) -> dict[str, str]:  # noqa: ANN001
    """The request headers, names lower-cased (the last of repeated headers wins)."""
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def base_url(scope, headers: dict[str, str]) -> str:  # noqa: ANN001
    """scheme://host as the client addressed this server (Host header, else the socket)."""
    host = headers.get("host")
    if not host:
        server = scope.get("server") or ("localhost", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"
