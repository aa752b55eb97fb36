"""An ASGI middleware that records every HTTP request the server answers (bounded)."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it: ``duration`` is in seconds, ``query`` is the raw query string."""

    method: str
    path: str
    query: str
    status: int
    duration: float
    at: float  # time.time() when the request arrived


class RecordingMiddleware:
    """Wraps an ASGI app; keeps the last ``limit`` requests (method, path, query, status, duration)."""

    def __init__(self, app: Any, limit: int = 1000) -> None:
        self.app = app
        self._log: deque[RecordedRequest] = deque(maxlen=limit)
        self._lock = threading.Lock()

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._log)

    def clear(self) -> None:
        with self._lock:
            self._log.clear()

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        at = time.time()
        started = time.perf_counter()
        status = 0

        async def record_send(message) -> None:  # noqa: ANN001
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_send)
        finally:
            entry = RecordedRequest(
                method=scope.get("method", ""),
                path=scope.get("path", ""),
                query=scope.get("query_string", b"").decode("latin-1"),
                status=status or 500,
                duration=time.perf_counter() - started,
                at=at,
            )
            with self._lock:
                self._log.append(entry)
